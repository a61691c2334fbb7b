"""The action catalogue: every action of every flow type is known and read without a warning.

The lists per flow type follow the Architect toolbox as the Resource Center documents it for
each flow type, with the YAML keys of the Architect Scripting SDK's ``ArchAction*`` classes
(lower camel case: ``ArchActionClearSlot`` → ``clearSlot``).
"""

from __future__ import annotations

import pytest

from cxgate.flow.actions import ACTIONS, spec_for
from cxgate.flow.check.run import check
from cxgate.flow.graph import Ending

from .helpers import flow

_DATA = (
    "decision", "switch", "updateData", "callData", "dataTableLookup", "callDecisionTable",
    "loop", "loopUntil", "findQueue", "findQueueById", "findUser", "findUserById",
    "findUsersById", "findGroup", "findSkill", "findLanguageSkill", "findSchedule",
    "findScheduleGroup", "findEmergencyGroup", "findSystemPrompt", "findUserPrompt",
    "getExternalContact", "getExternalOrganization", "searchExternalContacts",
    "getJourneySession", "getJourneyOutcome", "getJourneySegment", "callCommonModule",
    "setFlowOutcome", "initializeFlowOutcome", "addFlowMilestone", "evaluateSchedule",
    "evaluateScheduleGroup", "getConversationData", "setConversationData",
)  # fmt: skip
_TASKS = ("callTask", "endTask")
_CALL = (
    "playAudio", "collectInput", "disconnect", "transferToAcd", "transferToFlow",
    "transferToFlowSecure", "transferToUser", "transferToGroup", "transferToNumber",
    "transferToVoicemail", "dialByExtension", "jumpToMenu", "jumpToTask", "setParticipantData",
    "getParticipantData", "setScreenPop", "setLanguage", "setWrapupCode", "setExternalTag",
    "setUUIData", "getSIPHeaders", "getRawSIPHeaders", "callBotFlow", "callLexBot",
    "callLexV2Bot", "callDialogflowBot", "callDialogflowCxBot", "callNuanceMixBot",
    "callBotConnector", "callAudioConnector", "detectSilence", "playAudioOnSilence",
    "enableParticipantRecord", "createCallback", "setWhisperAudio", "flushAudio", "callBridge",
    "setPostFlow", "clearPostFlow", "transcription", "audioMonitoring", "callGuide",
    "setPriority", "setSkills", "setUtilizationLabel", "clearUtilizationLabel",
)  # fmt: skip
_SECURE = (
    "setSecuredData", "getSecuredData", "extractSecureData", "returnToAgent", "callDataSecure",
    "encryptData", "decryptData",
)  # fmt: skip
_IN_QUEUE_CALL = (
    "playAudio", "holdMusic", "playEstimatedWaitTime", "playPositionInQueue", "collectInput",
    "disconnect", "transferToAcd", "transferToFlow", "transferToNumber", "transferToUser",
    "transferToGroup", "transferToVoicemail", "setParticipantData", "getParticipantData",
    "createCallback", "setPriority", "setSkills", "sendNotification", "setWhisperAudio",
)  # fmt: skip
_MESSAGE = (
    "sendResponse", "disconnect", "transferToAcd", "transferToFlow", "transferToUser",
    "callBotFlow", "callDigitalBotFlow", "changeState", "endState", "wait", "getResponse",
    "sendRichLink", "sendDigitalCarousel", "sendDigitalContent", "sendInteractiveApplication",
    "askForAuthentication", "askForPayment", "setParticipantData", "getParticipantData",
    "setScreenPop", "setLanguage", "setWrapupCode", "setExternalTag", "setPriority",
    "setSkills", "associateExternalContact", "promoteExternalContact", "callGuide",
)  # fmt: skip
_EMAIL = ("sendAutoReply",)
_BOT = (
    "askForIntent", "askForSlot", "askForBoolean", "communicate", "clearSlot",
    "clearActiveIntent", "setIntent", "detectIntent", "exitBotFlow", "loopAnythingElse",
    "waitForInput", "showKnowledgeArticle", "sendKnowledgeFeedback",
    "getAssignedCustomerIntents", "changeState", "callGuide", "setLanguage",
)  # fmt: skip
_DIGITAL_BOT = ("digitalMenu", "transferToAcd", "disconnect", "sendRichLink")
_WORKFLOW = ("endWorkflow", "changeState", "callDigitalBotFlow", "sendNotification", "wait")
_WORKITEM = (
    "endFlow", "exitWorkitemFlow", "updateWorkitem", "disconnectWorkitem", "terminateWorkitem",
    "transferToAcd", "changeState", "setPriority", "setSkills", "setUtilizationLabel",
)  # fmt: skip
_SURVEY = ("abortSurveyInvite", "completeSurveyInvite", "changeState")
_VOICEMAIL = ("processVoicemailInput", "playUserGreeting", "playUserName", "clearVoicemailSnippet")

ACTIONS_BY_KIND: dict[str, tuple[str, ...]] = {
    "inboundCall": _DATA + _TASKS + _CALL,
    "outboundCall": _DATA + _TASKS + _CALL,
    "secureCall": _DATA + _TASKS + _CALL + _SECURE,
    "voicemail": _DATA + _TASKS + _CALL + _VOICEMAIL,
    "inqueueCall": _DATA + _IN_QUEUE_CALL,
    "inboundShortMessage": _DATA + _TASKS + _MESSAGE,
    "inboundChat": _DATA + _TASKS + _MESSAGE,
    "inboundEmail": _DATA + _TASKS + _MESSAGE + _EMAIL,
    "inqueueShortMessage": _DATA + _TASKS + _MESSAGE,
    "inqueueEmail": _DATA + _TASKS + _MESSAGE + _EMAIL,
    "botFlow": _DATA + _TASKS + _BOT,
    "digitalBot": _DATA + _TASKS + _BOT + _DIGITAL_BOT,
    "workflow": _DATA + _TASKS + _WORKFLOW,
    "workitem": _DATA + _TASKS + _WORKITEM,
    "commonModule": (*_DATA, "endTask"),
    "surveyInvite": _DATA + _TASKS + _SURVEY,
    "voiceSurvey": _DATA + _TASKS + ("playAudio", "askSurveyQuestion", "disconnect"),
}
_START = {"inqueueCall", "commonModule"}
_CONTAINER = {
    "inboundCall": "tasks", "outboundCall": "tasks", "secureCall": "tasks", "voicemail": "tasks",
    "botFlow": "bots", "digitalBot": "bots",
}  # fmt: skip


def _steps(actions: tuple[str, ...], indent: int) -> str:
    return "".join(f"{' ' * indent}- {a}: {{name: {a} step}}\n" for a in actions)


def _flow_with(kind: str, actions: tuple[str, ...]) -> str:
    if kind in _START:
        return f"{kind}:\n  name: All\n  startUpTaskActions:\n" + _steps(actions, 4)
    body = _steps(actions, 10)
    list_key = _CONTAINER.get(kind, "states")
    item = list_key[:-1]
    return (
        f"{kind}:\n  name: All\n  startUpRef: /{kind}/{list_key}/{item}[a]\n"
        f"  {list_key}:\n    - {item}:\n        name: All actions\n        refId: a\n"
        f"        actions:\n{body}"
    )


@pytest.mark.parametrize("kind", sorted(ACTIONS_BY_KIND))
def test_every_action_of_each_flow_type_is_known(kind: str) -> None:
    """Each documented action of the type is in the catalogue and reads without
    action-unknown (clearSlot in a bot flow was once reported unknown)."""
    actions = ACTIONS_BY_KIND[kind]
    assert [a for a in actions if not spec_for(a).known] == []
    findings = check(flow(_flow_with(kind, actions)))
    assert [f.message for f in findings if f.rule == "action-unknown"] == []


def test_clear_slot_in_a_bot_flow_is_a_plain_step() -> None:
    """clearSlot reads as a known straight-line step between two others."""
    graph = flow(_flow_with("botFlow", ("askForSlot", "clearSlot", "exitBotFlow")))
    (clear,) = graph.find("clearSlot step")
    assert clear.known
    assert [t.label for t in graph.outgoing(clear.id)] == ["next"]
    assert check(graph) == []


def test_the_catalogue_is_consistent() -> None:
    """Continuing actions carry no exhaustive outputs; endings have no outputs; every spec
    is known."""
    for name, spec in ACTIONS.items():
        assert spec.known, name
        assert not (spec.continues and spec.outputs), name
        if spec.ending not in (Ending.CONTINUES, Ending.TRANSFER):
            assert spec.outputs == (), name


def test_an_unknown_action_is_still_read_as_an_opaque_step() -> None:
    """A type outside the catalogue is a warning, kept with its outputs."""
    graph = flow(_flow_with("botFlow", ("teleport", "exitBotFlow")))
    assert [f.rule for f in check(graph)] == ["action-unknown"]
