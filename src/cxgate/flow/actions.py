"""The Archy actions cxgate knows: their outputs, how they end, whether they wait.

Sources: the action table in GRAMMAR.md §6 (observed in 76 public flows), the Architect
Scripting SDK classes it cites (``ArchActionCallData`` has success/failure/timeout,
``ArchActionCollectInput`` success/failure, transfers a failure output), and the Resource
Center pages on failure paths. An output listed here but omitted from a file is kept as an
*implicit* transition: it falls through to the next action (GRAMMAR.md §6, "sequencing").
Action types not listed are still read — as opaque nodes with whatever outputs they carry.
"""

from __future__ import annotations

from dataclasses import dataclass

from cxgate.flow.graph import Ending

__all__ = [
    "CHOICE_TYPES",
    "INPUT_ACTIONS",
    "MENU_CHOICE_TRANSFERS",
    "ActionSpec",
    "spec_for",
]


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """What an action type does to control flow."""

    outputs: tuple[str, ...] = ()  # outputs that exist even when the YAML omits them
    ending: Ending = Ending.CONTINUES
    waits: bool = False  # waits for the caller, or for time to pass
    known: bool = True


_TRANSFER = ActionSpec(outputs=("failure",), ending=Ending.TRANSFER)
_END = ActionSpec(ending=Ending.DISCONNECT)
_PLAIN = ActionSpec()

_SPECS: dict[str, ActionSpec] = {
    # branching
    "decision": ActionSpec(outputs=("yes", "no")),
    "switch": _PLAIN,  # cases come from `evaluate:`; see archy's switch reader
    "callData": ActionSpec(outputs=("success", "failure", "timeout")),
    "collectInput": ActionSpec(outputs=("success", "failure"), waits=True),
    "evaluateSchedule": ActionSpec(outputs=("active", "inactive")),
    "evaluateScheduleGroup": ActionSpec(outputs=("open", "closed", "holiday", "emergency")),
    "dataTableLookup": ActionSpec(outputs=("found", "notFound", "failure")),
    "findQueue": ActionSpec(outputs=("found", "notFound")),
    "findQueueById": ActionSpec(outputs=("found", "notFound")),
    "findUser": ActionSpec(outputs=("found", "notFound")),
    "findUserById": ActionSpec(outputs=("found", "notFound")),
    "findGroup": ActionSpec(outputs=("found", "notFound")),
    "findSkill": ActionSpec(outputs=("found", "notFound")),
    "findSystemPrompt": ActionSpec(outputs=("found", "notFound")),
    "findUserPrompt": ActionSpec(outputs=("found", "notFound")),
    "getExternalContact": ActionSpec(outputs=("found", "notFound")),
    "getConversationData": ActionSpec(outputs=("found", "notFound")),
    "setConversationData": ActionSpec(outputs=("success", "failure")),
    "loop": ActionSpec(outputs=("loop",)),
    # waiting for the caller or for time
    "askForIntent": ActionSpec(waits=True),
    "askForSlot": ActionSpec(waits=True),
    "askForBoolean": ActionSpec(outputs=("yes", "no"), waits=True),
    "digitalMenu": ActionSpec(waits=True),
    "loopAnythingElse": ActionSpec(waits=True),
    "holdMusic": ActionSpec(waits=True),
    "wait": ActionSpec(waits=True),
    # transfers: success leaves the flow, failure continues
    "transferToAcd": _TRANSFER,
    "transferToFlow": _TRANSFER,
    "transferToFlowSecure": _TRANSFER,
    "transferToVoicemail": _TRANSFER,
    "transferToUser": _TRANSFER,
    "transferToNumber": _TRANSFER,
    "transferToGroup": _TRANSFER,
    "transferToBot": _TRANSFER,
    # ends
    "disconnect": _END,
    "endWorkflow": _END,
    "endFlow": _END,
    "exitBotFlow": _END,
    "exitWorkitemFlow": _END,
    "abortSurveyInvite": _END,
    "completeSurveyInvite": _END,
    "endTask": ActionSpec(ending=Ending.RETURN),
    # control transfer inside the flow (targets read by archy)
    "jumpToMenu": _PLAIN,
    "jumpToTask": _PLAIN,
    "changeState": _PLAIN,
    "callTask": _PLAIN,
    "loopNext": _PLAIN,
    "loopExit": _PLAIN,
    # straight-line actions
    **dict.fromkeys(
        (
            "playAudio",
            "playEstimatedWaitTime",
            "updateData",
            "setParticipantData",
            "getParticipantData",
            "setScreenPop",
            "setWrapupCode",
            "setExternalTag",
            "setLanguage",
            "setUUIData",
            "sendResponse",
            "sendAutoReply",
            "communicate",
            "callBotFlow",
            "callCommonModule",
            "callDigitalBotFlow",
            "disconnectWorkitem",
            "updateWorkitem",
            "createCallback",
            "dialByExtension",
            "detectSilence",
            "playAudioOnSilence",
            "setFlowOutcome",
            "initializeFlowOutcome",
            "callBridge",
        ),
        _PLAIN,
    ),
}

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
# Actions that consume a caller input in a trace.
INPUT_ACTIONS = frozenset({"collectInput"})


def spec_for(action_type: str) -> ActionSpec:
    """The spec of an action type; unknown types get an opaque, straight-line spec."""
    return _SPECS.get(action_type, ActionSpec(known=False))
