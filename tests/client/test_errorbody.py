"""Parsing Genesys error bodies into the right ApiError, with the correlation id."""

from __future__ import annotations

import httpx
import pytest

from cxgate.client.errorbody import error_from_response, is_version_mismatch
from cxgate.errors import (
    ApiError,
    AuthError,
    BadRequestError,
    ConflictError,
    RateLimitedError,
    TransientApiError,
)

BODY_429 = {
    "message": "Rate limit exceeded the maximum. Retry the request in [42] seconds",
    "code": "too.many.requests.retry.after",
    "status": 429,
    "contextId": "body-ctx",
    "details": [],
    "errors": [],
}


def parse(response: httpx.Response) -> ApiError:
    return error_from_response(response, method="PUT", path="/api/v2/x")


def test_normalised_429_body() -> None:
    """The documented 429 body: class, code, message and contextId all come through."""
    error = parse(httpx.Response(429, json=BODY_429, headers={"ININ-Correlation-Id": "hdr"}))
    assert isinstance(error, RateLimitedError)
    assert (error.status, error.code, error.correlation_id) == (429, BODY_429["code"], "body-ctx")
    assert error.message.startswith("Rate limit exceeded")
    assert error.body["details"] == []
    assert str(error) == (
        f"PUT /api/v2/x: 429 {BODY_429['code']}: {BODY_429['message']} (correlation-id body-ctx)"
    )


def test_correlation_id_from_header_when_body_has_none() -> None:
    """Without contextId in the body, the ININ-Correlation-Id header is used."""
    error = parse(httpx.Response(502, text="Bad Gateway", headers={"ININ-Correlation-Id": "h-1"}))
    assert isinstance(error, TransientApiError)
    assert error.correlation_id == "h-1"
    assert error.message == "Bad Gateway"
    assert error.body == {}


def test_nested_errors_and_field_details() -> None:
    """Nested errors and detail field names are added to the message."""
    body = {
        "message": "Invalid queue",
        "code": "bad.request",
        "errors": [{"message": "name is required"}, {"code": "no-message"}, "junk"],
        "details": [{"fieldName": "name"}, {"fieldName": "mediaSettings.call"}, {}],
    }
    error = parse(httpx.Response(400, json=body))
    assert isinstance(error, BadRequestError)
    assert error.message == "Invalid queue (name is required; fields: name, mediaSettings.call)"


def test_oauth_style_error() -> None:
    """The token endpoint's OAuth errors (error / description) are understood."""
    error = parse(httpx.Response(401, json={"error": "invalid_client", "description": "bad"}))
    assert isinstance(error, AuthError)
    assert (error.code, error.message) == ("invalid_client", "bad")


@pytest.mark.parametrize(
    ("status", "message", "expected"),
    [
        (400, "Version 3 does not match the current version 4", True),
        (400, "VERSION DOES NOT MATCH THE CURRENT VERSION", True),
        (409, "does not match the current version", False),
        (400, "name is required", False),
    ],
)
def test_version_mismatch(status: int, message: str, expected: bool) -> None:
    """Only a 400 with the stale-version text is a version mismatch (409 is one anyway)."""
    assert is_version_mismatch(status, message) is expected
    if expected:
        assert isinstance(parse(httpx.Response(status, json={"message": message})), ConflictError)


@pytest.mark.parametrize("content", [b"", b"[1,2]", b"\xff\xfe not json", b"null"])
def test_bodies_that_are_not_error_bodies(content: bytes) -> None:
    """Empty, non-object or non-JSON bodies still give a useful error."""
    error = parse(httpx.Response(418, content=content))
    assert type(error) is ApiError
    assert error.status == 418
    assert error.message == "I'm a teapot"
