"""Flow kinds: the Archy top-level key, the API's ``Flow.type`` and its dependency type.

Archy files name their kind in lower camel case (``inboundCall``, GRAMMAR.md §1); the API
spells the same kind ``INBOUNDCALL`` in ``Flow.type`` (WHL ``models/flow.py`` allowed_values),
lower case in the ``type`` filter of ``GET /api/v2/flows`` (PYDOC ArchitectApi.md get_flows),
and ``INBOUNDCALLFLOW`` in Architect dependency tracking (WHL ``models/dependency.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from cxgate.errors import BundleError

__all__ = [
    "FLOW_KINDS_BY_ARCHY",
    "FLOW_KINDS_BY_TYPE",
    "FlowKind",
    "dependency_type",
    "kind_for_archy",
    "kind_for_type",
    "participant",
]


@dataclass(frozen=True, slots=True)
class FlowKind:
    """One kind of flow under its three spellings."""

    archy: str  # inboundCall
    api_type: str  # INBOUNDCALL
    dependency_type: str  # INBOUNDCALLFLOW

    @property
    def type_filter(self) -> str:
        """The value of ``GET /api/v2/flows?type=``."""
        return self.api_type.lower()


_KINDS = (
    FlowKind("inboundCall", "INBOUNDCALL", "INBOUNDCALLFLOW"),
    FlowKind("inqueueCall", "INQUEUECALL", "INQUEUECALLFLOW"),
    FlowKind("outboundCall", "OUTBOUNDCALL", "OUTBOUNDCALLFLOW"),
    FlowKind("secureCall", "SECURECALL", "SECURECALLFLOW"),
    FlowKind("inboundShortMessage", "INBOUNDSHORTMESSAGE", "INBOUNDSHORTMESSAGEFLOW"),
    FlowKind("inboundChat", "INBOUNDCHAT", "INBOUNDCHATFLOW"),
    FlowKind("inboundEmail", "INBOUNDEMAIL", "INBOUNDEMAILFLOW"),
    FlowKind("inqueueEmail", "INQUEUEEMAIL", "INQUEUEEMAILFLOW"),
    FlowKind("inqueueShortMessage", "INQUEUESHORTMESSAGE", "INQUEUESHORTMESSAGEFLOW"),
    FlowKind("workflow", "WORKFLOW", "WORKFLOW"),
    FlowKind("workitem", "WORKITEM", "WORKITEMFLOW"),
    FlowKind("commonModule", "COMMONMODULE", "COMMONMODULEFLOW"),
    FlowKind("botFlow", "BOT", "BOTFLOW"),
    FlowKind("digitalBot", "DIGITALBOT", "DIGITALBOTFLOW"),
    FlowKind("surveyInvite", "SURVEYINVITE", "SURVEYINVITEFLOW"),
    FlowKind("voiceSurvey", "VOICESURVEY", "VOICESURVEYFLOW"),
    FlowKind("voicemail", "VOICEMAIL", "VOICEMAILFLOW"),
)

FLOW_KINDS_BY_ARCHY = {kind.archy: kind for kind in _KINDS}
FLOW_KINDS_BY_TYPE = {kind.api_type: kind for kind in _KINDS}


def kind_for_archy(archy: str) -> FlowKind:
    """The kind of an Archy top-level key; BundleError lists the known keys otherwise."""
    try:
        return FLOW_KINDS_BY_ARCHY[archy]
    except KeyError:
        known = ", ".join(sorted(FLOW_KINDS_BY_ARCHY))
        raise BundleError(f"'{archy}' is not an Archy flow kind (known: {known})") from None


def kind_for_type(api_type: str) -> FlowKind:
    """The kind of an API ``Flow.type`` (any case); BundleError lists the known types."""
    try:
        return FLOW_KINDS_BY_TYPE[api_type.upper()]
    except KeyError:
        known = ", ".join(sorted(FLOW_KINDS_BY_TYPE))
        raise BundleError(
            f"'{api_type}' is not a flow type cxgate knows (known: {known})"
        ) from None


# ExternalRef.kind → Architect dependency-tracking type (WHL ``models/dependency.py``).
# Prompts and flows depend on the name (system prompt) or on the flow found.
_REF_TYPES = {
    "queue": "QUEUE",
    "skill": "ACDSKILL",
    "language": "ACDLANGUAGE",
    "wrapupCode": "ACDWRAPUPCODE",
    "schedule": "SCHEDULE",
    "scheduleGroup": "SCHEDULEGROUP",
    "emergencyGroup": "EMERGENCYGROUP",
    "dataAction": "DATAACTION",
    "dataTable": "DATATABLE",
    "user": "USER",
    "group": "GROUP",
    "contactList": "CONTACTLIST",
    "worktype": "WORKTYPE",
}


def dependency_type(ref_kind: str, name: str) -> str | None:
    """The dependency-tracking type of an external reference, or None when it has none
    (an integration is a category, not a tracked object; flows need their own kind)."""
    if ref_kind == "prompt":
        return "SYSTEMPROMPT" if name.startswith("PromptSystem.") else "USERPROMPT"
    return _REF_TYPES.get(ref_kind)


_CALLERS = frozenset(
    {"inboundCall", "outboundCall", "secureCall", "inqueueCall", "voicemail", "voiceSurvey"}
)
_UNATTENDED = frozenset({"workflow", "workitem", "commonModule", "surveyInvite"})


def participant(archy: str) -> str:
    """Who moves through a flow of this kind, for findings: a workflow has no caller."""
    if archy in _CALLERS:
        return "the caller"
    if archy in _UNATTENDED:
        return "the flow"
    return "the customer"
