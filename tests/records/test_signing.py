"""Webhook signatures: the README's verification snippet accepts a fresh delivery and refuses
a tampered body, a wrong secret and a replayed (old) timestamp."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cxgate.records.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, signed_headers, verify

README = Path(__file__).resolve().parents[2] / "README.md"
SECRET = "whsec_Xk2m9Qp4Lr7Tz1Vb"
BODY = b'{"id":"e-1","type":"ping"}'


@pytest.fixture(scope="module")
def snippet() -> Callable[..., bool]:
    """``verify_cxgate`` exactly as the README shows it."""
    text = README.read_text(encoding="utf-8")
    code = re.search(r"```python\n(import hashlib, hmac, time\n.*?)```", text, re.DOTALL)
    assert code is not None, "the README's verification snippet is missing"
    scope: dict[str, Any] = {}
    exec(compile(code.group(1), "README.md", "exec"), scope)
    found: Callable[..., bool] = scope["verify_cxgate"]
    return found


def _delivery(at: float) -> dict[str, str]:
    return signed_headers(SECRET, int(at), BODY, event_id="e-1", event="ping")


def test_a_fresh_delivery_verifies(snippet: Callable[..., bool]) -> None:
    headers = _delivery(time.time())
    assert snippet(SECRET, headers, BODY)
    assert verify(SECRET, headers, BODY, now=time.time())
    assert headers[SIGNATURE_HEADER].startswith("v1=")


def test_tampering_and_wrong_secrets_are_refused(snippet: Callable[..., bool]) -> None:
    headers = _delivery(time.time())
    assert not snippet(SECRET, headers, BODY.replace(b"ping", b"pong"))
    assert not snippet("another-secret", headers, BODY)
    assert not snippet(SECRET, {**headers, SIGNATURE_HEADER: "v1=00"}, BODY)
    assert not verify(SECRET, {**headers, TIMESTAMP_HEADER: "soon"}, BODY, now=time.time())


def test_a_replayed_timestamp_is_refused(snippet: Callable[..., bool]) -> None:
    """A captured delivery sent again ten minutes later: the signature is right, the
    timestamp is too old."""
    old = _delivery(time.time() - 600)
    assert not snippet(SECRET, old, BODY)
    assert not verify(SECRET, old, BODY, now=time.time())
    assert verify(SECRET, old, BODY, now=time.time() - 600)  # it was valid when sent
