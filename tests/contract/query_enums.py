"""Enum values the API documents for query parameters cxgate sends, with their source.

The SDK's Python code does not carry query enums (booleans aside, which wire.py takes from
the declared types); its docs and the ``gc`` CLI's docs, both generated from the swagger,
list them as "Values" / "Valid values". Keyed by ``(METHOD normalized-path, name)``. A list
may be a documented subset (``objectType``): checking membership in it is still sound.
"""

from __future__ import annotations

__all__ = ["QUERY_ENUMS"]

# PYDOC ArchitectApi.md get_flows ``type`` (genesys-api.md §5).
_FLOW_TYPES = (
    "bot", "commonmodule", "digitalbot", "emailsend", "inboundcall", "inboundchat",
    "inboundemail", "inboundshortmessage", "outboundcall", "inqueuecall", "inqueueemail",
    "inqueueshortmessage", "speech", "securecall", "surveyinvite", "voice", "voicemail",
    "voicesurvey", "workflow", "workitem",
)  # fmt: skip
# gc CLI docs, ``gc architect dependencytracking consumingresources list --objectType``
# (the part of the list that names the kinds cxgate manages and the flow types).
_DEPENDENCY_TYPES = (
    "ACDLANGUAGE", "ACDSKILL", "ACDWRAPUPCODE", "BOTFLOW", "COMMONMODULEFLOW",
    "DIGITALBOTFLOW", "INBOUNDCALLFLOW", "INBOUNDCHATFLOW", "INBOUNDEMAILFLOW",
    "INBOUNDSHORTMESSAGEFLOW", "INQUEUECALLFLOW", "INQUEUEEMAILFLOW", "INQUEUESHORTMESSAGEFLOW",
    "LANGUAGE", "OUTBOUNDCALLFLOW", "QUEUE", "SCHEDULE",
)  # fmt: skip
_CONSUMING = "GET /api/v2/architect/dependencytracking/consumingresources"

QUERY_ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("GET /api/v2/flows", "type"): _FLOW_TYPES,
    # gc CLI docs, ``gc flows list --secure``.
    ("GET /api/v2/flows", "secure"): ("any", "checkedin", "published"),
    # gc CLI docs, ``--flowFilter``: "Show only checkedIn or published flows".
    (_CONSUMING, "flowFilter"): ("checkedIn", "published"),
    (_CONSUMING, "objectType"): _DEPENDENCY_TYPES,
    # genesys-api.md §4/§6 (PYDOC RoutingApi.md): queues sort asc|desc, the others
    # ascending|descending.
    ("GET /api/v2/routing/queues", "sortOrder"): ("asc", "desc"),
    ("GET /api/v2/routing/wrapupcodes", "sortOrder"): ("ascending", "descending"),
    ("GET /api/v2/routing/languages", "sortOrder"): ("ascending", "descending"),
    # genesys-api.md §5: ``GET /api/v2/flows/jobs/{jobId}?expand=messages`` (and export jobs).
    ("GET /api/v2/flows/jobs/{}", "expand"): ("messages",),
    ("GET /api/v2/flows/export/jobs/{}", "expand"): ("messages",),
}
