"""Turn a Genesys error response into the matching ``cxgate.errors.ApiError``.

The body is an ``ErrorBody`` (SDK ``models/error_body.py``): ``message``, ``code``, ``status``,
``contextId`` (= the ``ININ-Correlation-Id`` header), ``details`` [{errorCode, fieldName,
entityId, entityName}], ``errors`` (nested ErrorBody). The OAuth token endpoint answers in
OAuth style instead (``error``, ``description`` / ``error_description``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import httpx

from cxgate.errors import ApiError, ConflictError, api_error_for

__all__ = ["CORRELATION_HEADER", "error_from_response", "is_version_mismatch"]

CORRELATION_HEADER = "ININ-Correlation-Id"

# A stale `version` on PUT comes back as 400 with this text; the Genesys Terraform provider
# treats it as a conflict (terraform-provider-genesyscloud genesyscloud/util/util_retries.go,
# IsVersionMismatch). genesys-api.md §3.
_VERSION_MISMATCH = "does not match the current version"


def error_from_response(response: httpx.Response, *, method: str, path: str) -> ApiError:
    """The ApiError for an error response: class by status, Genesys code, correlation id."""
    body = _json_object(response)
    message = _message(body, response)
    status = response.status_code
    kind = api_error_for(status)
    if is_version_mismatch(status, message):
        kind = ConflictError
    return kind(
        message,
        status=status,
        code=str(body.get("code") or body.get("error") or ""),
        correlation_id=str(body.get("contextId") or response.headers.get(CORRELATION_HEADER, "")),
        method=method,
        path=path,
        body=body,
    )


def is_version_mismatch(status: int, message: str) -> bool:
    """True for the 400 that really means "someone else changed it" (a stale version)."""
    return status == 400 and _VERSION_MISMATCH in message.lower()


def _json_object(response: httpx.Response) -> dict[str, Any]:
    try:
        data = json.loads(response.content or b"null")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _message(body: Mapping[str, Any], response: httpx.Response) -> str:
    """The top message, then what the nested errors and field details add to it."""
    text = (
        body.get("message")
        or body.get("error_description")
        or body.get("description")
        or response.reason_phrase
        or "error"
    )
    extra = [str(e["message"]) for e in _dicts(body.get("errors")) if e.get("message")]
    fields = [str(d["fieldName"]) for d in _dicts(body.get("details")) if d.get("fieldName")]
    if fields:
        extra.append(f"fields: {', '.join(fields)}")
    return f"{text} ({'; '.join(extra)})" if extra else str(text)


def _dicts(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []
