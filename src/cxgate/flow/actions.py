"""The Archy actions cxgate knows: their outputs, how they end, whether they wait.

Sources: the action table in GRAMMAR.md §6 (observed in 76 public flows) and the Architect
Scripting SDK (purecloud-flow-scripting-api-sdk-javascript, ``docs/types.d.ts``): one
``ArchAction<Name>`` class per action, whose YAML key is ``<name>`` in lower camel case
(``ArchActionCallData`` → ``callData``), and whose ``output<Name>`` members are its outputs
(``outputSuccess``, ``outputMaxNoInputs``…). Three kinds of outputs follow from the SDK:

- **exhaustive** outputs (decision yes/no, callData success/failure/timeout): one of them is
  always taken; one the YAML omits is kept as an *implicit* transition that falls through to
  the next action (GRAMMAR.md §6, "sequencing");
- **optional** outputs of ``ArchBaseActionAsk``/``…WithOutputsFakeSuccess…`` actions (askForSlot
  maxNoInputs, digitalMenu paths, setExternalTag failure): the action *succeeds into the next
  action* (``continues``) and each enabled output adds a branch;
- a transfer's success leaves the flow; its failure output continues.

Action types not listed are still read — as opaque nodes with whatever outputs they carry.
"""

from __future__ import annotations

from dataclasses import dataclass

from cxgate.flow.graph import Ending

__all__ = [
    "ACTIONS",
    "CHOICE_TYPES",
    "MENU_CHOICE_TRANSFERS",
    "ActionSpec",
    "spec_for",
]


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """What an action type does to control flow."""

    outputs: tuple[str, ...] = ()  # exhaustive outputs: omitted ones fall through
    ending: Ending = Ending.CONTINUES
    waits: bool = False  # waits for the caller, or for time to pass
    paced: bool = False  # takes real time (plays audio) without waiting for input
    continues: bool = False  # succeeds into the next action; its outputs are optional paths
    known: bool = True


_PLAIN = ActionSpec()
_ASK = ActionSpec(waits=True, continues=True)  # ArchBaseActionAsk: optional no-input/no-match
_PLAYS = ActionSpec(paced=True)
_OPTIONAL = ActionSpec(continues=True)  # "fake success" or bot calls: failure is optional
_TRANSFER = ActionSpec(outputs=("failure",), ending=Ending.TRANSFER)
_SUCCESS_FAILURE = ActionSpec(outputs=("success", "failure"))
_FOUND = ActionSpec(outputs=("found", "notFound"))
_FOUND_FAILURE = ActionSpec(outputs=("found", "notFound", "failure"))

_BRANCHING: dict[str, ActionSpec] = {
    "decision": ActionSpec(outputs=("yes", "no")),
    "switch": _PLAIN,  # cases come from `evaluate:`; see the sequence reader
    "callData": ActionSpec(outputs=("success", "failure", "timeout")),
    "callDataSecure": ActionSpec(outputs=("success", "failure", "timeout")),
    "callGuide": ActionSpec(outputs=("success", "failure", "timeout")),
    "collectInput": ActionSpec(outputs=("success", "failure"), waits=True),
    # Ask for Yes/No: yes and no paths, plus the optional no-input/no-match ones of every ask
    "askForBoolean": ActionSpec(outputs=("yes", "no"), waits=True),
    "evaluateSchedule": ActionSpec(outputs=("active", "inactive")),
    "evaluateScheduleGroup": ActionSpec(outputs=("open", "closed", "holiday", "emergency")),
    "dataTableLookup": _FOUND_FAILURE,
    "getAssignedCustomerIntents": _FOUND_FAILURE,
    "findUsersById": ActionSpec(outputs=("found", "notFound", "partiallyFound")),
    "searchExternalContacts": ActionSpec(outputs=("matchExact", "matchMultiple", "notFound")),
    "detectSilence": ActionSpec(outputs=("success", "timeout"), paced=True),
    "playAudioOnSilence": ActionSpec(outputs=("success", "timeout"), paced=True),
    "processVoicemailInput": ActionSpec(outputs=("voicemail", "noInput", "failure"), waits=True),
    "loop": ActionSpec(outputs=("loop",)),
    "loopUntil": ActionSpec(outputs=("loop",)),
}
_FINDS = (
    "findEmergencyGroup", "findGrammar", "findGrammarById", "findGroup",
    "findKnowledgeBaseDocumentById", "findLanguageSkill", "findQueue", "findQueueById",
    "findSchedule", "findScheduleGroup", "findSkill", "findSystemPrompt", "findUser",
    "findUserById", "findUserPrompt", "findUtilizationLabel", "getConversationData",
    "getExternalContact", "getExternalOrganization", "getJourneyOutcome",
    "getJourneyOutcomeScoresBySession", "getJourneySegment", "getJourneySession",
    "getJourneySessionsByExternalContact", "getJourneySessionsByCustomer",
    "getJourneySessionDetails",
)  # fmt: skip
_SUCCESS_OR_FAILURE = (
    "callAudioConnector", "callDecisionTable", "callDialogflowCxBot", "clearUtilizationLabel",
    "decryptData", "disconnectWorkitem", "encryptData", "getRawSIPHeaders", "getResponse",
    "getSIPHeaders", "getSecuredData", "promoteExternalContact", "sendAutoReply",
    "sendInteractiveApplication", "sendKnowledgeFeedback", "sendNotification", "sendResponse",
    "sendRichLink", "sendDigitalCarousel", "sendDigitalContent", "setConversationData",
    "setPriority", "setSecuredData", "setSkills", "setUtilizationLabel", "setWhisperAudio",
    "setWrapupCode", "terminateWorkitem", "updateWorkitem", "associateExternalContact",
)  # fmt: skip
_FAILURE_ONLY = (
    "callBotConnector", "callDialogflowBot", "callDialogEngineBot", "callLexBot", "callLexV2Bot",
    "callNuanceMixBot", "askForAuthentication",
)  # fmt: skip
_ASKING = (
    "askForIntent", "askForSlot", "askForPayment", "askSurveyQuestion",
    "digitalMenu", "loopAnythingElse", "waitForInput",
)  # fmt: skip
_ENDINGS: dict[str, Ending] = {
    "disconnect": Ending.DISCONNECT,
    "endWorkflow": Ending.END,
    "endFlow": Ending.END,  # workitem flows (GRAMMAR.md §1)
    "endState": Ending.END,
    "exitWorkitemFlow": Ending.END,
    "abortSurveyInvite": Ending.END,
    "completeSurveyInvite": Ending.END,
    "exitBotFlow": Ending.EXIT,
    "endTask": Ending.RETURN,
}
_TRANSFERS = (
    "transferToAcd", "transferToFlow", "transferToFlowSecure", "transferToVoicemail",
    "transferToUser", "transferToNumber", "transferToGroup", "transferToBot",
)  # fmt: skip
_PLAYING = (
    "playAudio", "playEstimatedWaitTime", "playPositionInQueue", "playUserGreeting", "playUserName",
)  # fmt: skip
_STRAIGHT = (
    # control transfer inside the flow (targets read by the sequence reader)
    "jumpToMenu", "jumpToTask", "changeState", "callTask", "loopNext", "loopExit",
    # data, participant and conversation
    "updateData", "setParticipantData", "getParticipantData", "setScreenPop", "setLanguage",
    "setUUIData", "setFlowOutcome", "initializeFlowOutcome", "addFlowMilestone", "setPostFlow",
    "clearPostFlow", "enableParticipantRecord", "audioMonitoring", "transcription", "flushAudio",
    "extractSecureData", "createCallback", "clearVoicemailSnippet", "callBridge",
    # bots and digital messaging
    "communicate", "clearSlot", "clearActiveIntent", "setIntent", "detectIntent",
    "showKnowledgeArticle", "callBotFlow", "callDigitalBotFlow", "callVoiceFlow",
    "callCommonModule",
)  # fmt: skip

ACTIONS: dict[str, ActionSpec] = {
    **_BRANCHING,
    **dict.fromkeys(_FINDS, _FOUND),
    **dict.fromkeys(_SUCCESS_OR_FAILURE, _SUCCESS_FAILURE),
    **dict.fromkeys(_FAILURE_ONLY, _OPTIONAL),
    **dict.fromkeys(_ASKING, _ASK),
    **{name: ActionSpec(ending=ending) for name, ending in _ENDINGS.items()},
    **dict.fromkeys(_TRANSFERS, _TRANSFER),
    "returnToAgent": ActionSpec(ending=Ending.TRANSFER),  # secure flows hand the call back
    "deflect": ActionSpec(ending=Ending.TRANSFER),
    **dict.fromkeys(_PLAYING, _PLAYS),
    "holdMusic": ActionSpec(waits=True, paced=True),
    "wait": ActionSpec(waits=True, paced=True),
    "setExternalTag": _OPTIONAL,
    # dialByExtension: success leaves the flow like a transfer ([SDK] …FakeSuccessFailureTimeout)
    "dialByExtension": ActionSpec(outputs=("failure", "timeout"), ending=Ending.TRANSFER),
    **dict.fromkeys(_STRAIGHT, _PLAIN),
}
"""Every action type cxgate knows, by its YAML key."""


# Menu choices (GRAMMAR.md §5: seen, plus the [JAVA]/[SDK] names by analogy).
CHOICE_TYPES = frozenset(
    {
        "menuDisconnect",
        "menuTask",
        "menuJumpToTask",
        "menuJumpToMenu",
        "menuSubMenu",
        "menuTransferToAcd",
        "menuTransferToFlow",
        "menuTransferToFlowSecure",
        "menuTransferToNumber",
        "menuTransferToUser",
        "menuTransferToGroup",
        "menuTransferToVoicemail",
        "menuRepeatMenu",
        "menuPreviousMenu",
        "menuDialByExtension",
    }
)
MENU_CHOICE_TRANSFERS = frozenset(c for c in CHOICE_TYPES if c.startswith("menuTransferTo"))


def spec_for(action_type: str) -> ActionSpec:
    """The spec of an action type; unknown types get an opaque, straight-line spec."""
    return ACTIONS.get(action_type, ActionSpec(known=False))
