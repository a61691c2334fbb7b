"""Every error code the emulator answers with, each marked confirmed or not, with its source.

A code is *confirmed* when a public Genesys source shows it: the swagger's
``x-inin-error-codes`` lists embedded in the official ``gc`` CLI's generated command files
(``MyPureCloud/platform-client-sdk-cli``, e.g. the commands for
``/api/v2/routing/queues/{queueId}/members`` and ``/api/v2/flows/{flowId}``), the normalised
429 announcement (genesys-api.md §2), or the SDK's own handling. The others are the
emulator's best guess for a situation the sources do not settle; they may be what Genesys
sends, or not. cxgate's logic never decides by an unconfirmed code (tests/contract/
test_codes.py checks that): it decides by status classes, the lock fields of a fresh GET,
job and Operation states, and the confirmed codes.

``wire.ReplyError`` refuses a code missing here, so the table is complete by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CODES", "Code", "confirmed", "message"]

_GC_CLI = "gc CLI x-inin-error-codes (platform-client-sdk-cli build/gc/cmd)"


@dataclass(frozen=True, slots=True)
class Code:
    """One error code: the status it comes with, its message template, and its standing."""

    status: int
    template: str
    confirmed: bool
    source: str


CODES: dict[str, Code] = {
    # -- confirmed --------------------------------------------------------------------------
    "too.many.requests.retry.after": Code(
        429,
        "Rate limit exceeded the maximum. Retry the request in [%s] seconds",
        True,
        "developer forum 'Normalized Platform API 429 responses' (genesys-api.md §2)",
    ),
    "bad.request": Code(
        400,
        "The request could not be understood by the server due to malformed syntax.",
        True,
        _GC_CLI,
    ),
    "invalid.property": Code(
        400, "Value [%s] is not a valid property for object [%s]", True, _GC_CLI
    ),
    "invalid.value": Code(
        400, "Value [%s] is not valid for field type [%s]. Allowable values are: %s", True, _GC_CLI
    ),
    "invalid.query.param.value": Code(
        400,
        "Value [%s] is not valid for parameter [%s]. Allowable values are: %s",
        True,
        _GC_CLI,
    ),
    "constraint.validation": Code(400, "%s", True, _GC_CLI),
    "not.found": Code(404, "The requested resource(s) is not available/found", True, _GC_CLI),
    "bad.credentials": Code(
        401, "Invalid login credentials.", True, "gc CLI / SDK token refresh on 401 (issue 13)"
    ),
    "authentication.required": Code(
        401,
        "No authentication bearer token specified in authorization header.",
        True,
        "gc CLI / SDK token refresh on 401 (issue 13)",
    ),
    "request.timeout": Code(
        504, "The request timed out.", True, "gc CLI x-inin-error-codes for 504 (issue 13)"
    ),
    # Presigned storage URLs answer as S3 does (AWS S3 REST error codes).
    "SignatureDoesNotMatch": Code(403, "%s", True, "AWS S3 error codes"),
    "NoSuchKey": Code(404, "%s", True, "AWS S3 error codes"),
    "ConflictingOperation": Code(409, "%s", True, "AWS S3 error codes"),
    # -- unconfirmed: the emulator's guesses ------------------------------------------------
    "flow.locked": Code(
        409, "%s", False, "guess; TF retries 409 on flows, Archy says 'locked by another entity'"
    ),
    "flow.operation.in.progress": Code(409, "%s", False, "guess"),
    "flow.not.checked.out": Code(400, "%s", False, "guess"),
    "general.conflict": Code(409, "%s", False, "seen in TF user code, not for these routes"),
    "flow.republish.in.place.refused": Code(
        400, "%s", False, "the in-place-publish=off setting: a possible real answer"
    ),
    "flow.operation.failed": Code(
        200, "%s", False, "guess for Operation.errorCode; cxgate reads actionStatus FAILURE"
    ),
    "internal.server.error": Code(500, "%s", False, "guess for injected 500s"),
    "bad.gateway": Code(502, "%s", False, "guess for injected 502s"),
    "service.unavailable": Code(503, "%s", False, "guess for injected 503s"),
}


def confirmed() -> frozenset[str]:
    """The codes a public source shows."""
    return frozenset(name for name, code in CODES.items() if code.confirmed)


def message(code: str, *values: object) -> str:
    """The code's message with ``values`` in its ``%s`` slots."""
    return CODES[code].template % values
