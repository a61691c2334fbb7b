"""What crosses the emulator's edge: an incoming call, a reply, and Genesys-shaped errors.

Both transports (``httpx.MockTransport`` in-process and the ASGI adapter on a socket) turn
their request into a ``Call`` and write back a ``Reply``, so the handler never sees either.
Error replies use the real ``ErrorBody`` shape (WHL ``models/error_body.py``): ``message``,
``code``, ``status``, ``contextId``, ``details``, ``errors``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from cxgate.emulator.codes import CODES
from cxgate.emulator.codes import message as code_message

__all__ = [
    "CORRELATION_HEADER",
    "Call",
    "Reply",
    "ReplyError",
    "bad_query",
    "bad_request",
    "clone",
    "error_body",
    "iso_from_ms",
    "iso_ms",
    "ms_from_iso",
    "not_found",
]

# Genesys echoes the correlation id both as this header and as the body's ``contextId``
# (genesys-api.md §2/§3).
CORRELATION_HEADER = "ININ-Correlation-Id"


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)


def clone(value: Any) -> Any:
    """A deep copy of JSON-shaped data (several times faster than ``copy.deepcopy``)."""
    return json.loads(json.dumps(value))


def iso_ms(epoch_seconds: float) -> str:
    """A timestamp the way Genesys writes them: ISO 8601, UTC, milliseconds, ``Z``."""
    return iso_from_ms(int(epoch_seconds * 1000))


def iso_from_ms(epoch_ms: int) -> str:
    """``iso_ms`` from whole milliseconds (exact, no float rounding)."""
    stamp = _EPOCH + epoch_ms * _MS
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"


def ms_from_iso(text: str) -> int:
    """Whole milliseconds since the epoch of an ISO 8601 timestamp (``Z`` or offset)."""
    return (datetime.fromisoformat(text) - _EPOCH) // _MS


@dataclass(frozen=True, slots=True)
class Call:
    """One incoming HTTP request, transport-neutral. Header names are lower-case."""

    method: str
    path: str
    query: tuple[tuple[str, str], ...] = ()
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    def header(self, name: str) -> str:
        """The header's value, or ``""`` when absent."""
        return self.headers.get(name.lower(), "")


@dataclass(frozen=True, slots=True)
class Reply:
    """An HTTP response: status, a JSON-able body (or None for no content) and headers.

    Handlers may return live store objects as the body; ``frozen()`` (called while the
    store is locked) encodes them once, so no later write can change what is sent and no
    copy of a 500-entity page is ever made.
    """

    status: int
    body: Any = None
    headers: tuple[tuple[str, str], ...] = ()
    encoded: bytes | None = None

    def content(self) -> bytes:
        """The body as JSON bytes (compact, like the real API), or empty."""
        if self.encoded is not None:
            return self.encoded
        if self.body is None:
            return b""
        return json.dumps(self.body, separators=(",", ":")).encode()

    def frozen(self) -> Reply:
        """This reply with its body encoded now; later changes to the body do not show."""
        return Reply(self.status, None, self.headers, self.content())

    def with_headers(self, extra: Sequence[tuple[str, str]]) -> Reply:
        """A copy with more headers appended."""
        return Reply(self.status, self.body, (*self.headers, *extra), self.encoded)


def error_body(
    status: int,
    code: str,
    message: str,
    context_id: str,
    details: Sequence[Mapping[str, str]] = (),
) -> dict[str, Any]:
    """The Genesys ErrorBody for one failure."""
    return {
        "message": message,
        "code": code,
        "status": status,
        "contextId": context_id,
        "details": [dict(d) for d in details],
        "errors": [],
    }


class ReplyError(Exception):
    """Raised by handlers to answer with a Genesys error body instead of a result."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        details: Sequence[Mapping[str, str]] = (),
        headers: Sequence[tuple[str, str]] = (),
    ) -> None:
        if code not in CODES:  # one table of codes, each marked confirmed or not (codes.py)
            raise ValueError(f"error code {code!r} is not in emulator/codes.py")
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.details = tuple(details)
        self.headers = tuple(headers)

    def reply(self, context_id: str) -> Reply:
        """The HTTP reply carrying this error and the correlation id."""
        body = error_body(self.status, self.code, self.message, context_id, self.details)
        return Reply(self.status, body, self.headers)


def bad_request(message: str, field_name: str = "", code: str = "bad.request") -> ReplyError:
    """400 for a body or parameter the API would refuse, naming the field when known."""
    details = [{"errorCode": code, "fieldName": field_name}] if field_name else []
    return ReplyError(400, code, message, details=details)


def bad_query(value: str, name: str, allowed: Sequence[str]) -> ReplyError:
    """400 ``invalid.query.param.value`` for a query parameter outside its enum, in the
    swagger's words."""
    text = code_message("invalid.query.param.value", value, name, ", ".join(allowed))
    return bad_request(text, name, code="invalid.query.param.value")


def not_found(message: str) -> ReplyError:
    """404 with the code Genesys uses for a missing object or route."""
    return ReplyError(404, "not.found", message)
