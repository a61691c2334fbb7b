"""Wire values: timestamps, replies, error bodies."""

from __future__ import annotations

import pytest

from cxgate.emulator.wire import Call, Reply, ReplyError, iso_from_ms, iso_ms, ms_from_iso


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0.0, "1970-01-01T00:00:00.000Z"), (1_736_154_000.123, "2025-01-06T09:00:00.123Z")],
)
def test_timestamps_have_milliseconds_and_z(seconds: float, text: str) -> None:
    """Timestamps read like Genesys': UTC, milliseconds, Z."""
    assert iso_ms(seconds) == text


def test_milliseconds_round_trip_exactly() -> None:
    """ms_from_iso inverts iso_from_ms without float drift."""
    for ms in (0, 1, 1_736_154_000_123, 1_736_154_000_999):
        assert ms_from_iso(iso_from_ms(ms)) == ms


def test_reply_content_is_compact_json_or_empty() -> None:
    """A body becomes compact JSON; no body is no bytes."""
    assert Reply(200, {"a": [1, 2]}).content() == b'{"a":[1,2]}'
    assert Reply(204).content() == b""


def test_error_reply_builds_the_error_body() -> None:
    """ReplyError becomes an ErrorBody with the context id and its headers."""
    error = ReplyError(
        409, "general.conflict", "busy", details=[{"fieldName": "x"}], headers=[("A", "1")]
    )
    reply = error.reply("ctx")
    assert reply.status == 409
    assert reply.body == {
        "message": "busy",
        "code": "general.conflict",
        "status": 409,
        "contextId": "ctx",
        "details": [{"fieldName": "x"}],
        "errors": [],
    }
    assert reply.headers == (("A", "1"),)


def test_call_headers_are_case_insensitive_by_lowering() -> None:
    """Call.header looks names up in lower case and defaults to empty."""
    call = Call("GET", "/", headers={"authorization": "Bearer t"})
    assert call.header("Authorization") == "Bearer t"
    assert call.header("X-Missing") == ""
