"""Webhook signatures: HMAC-SHA256 over ``timestamp + "." + body``, timestamp in its own header.

A receiver recomputes the HMAC with the shared secret, compares in constant time, and refuses a
timestamp outside its window (``TOLERANCE_S``) so a captured request cannot be replayed later.
The README's verification snippet does exactly what ``verify`` does (a test runs it).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

__all__ = [
    "EVENT_HEADER",
    "ID_HEADER",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "TOLERANCE_S",
    "sign",
    "signed_headers",
    "verify",
]

SIGNATURE_HEADER = "X-Cxgate-Signature"
TIMESTAMP_HEADER = "X-Cxgate-Timestamp"
ID_HEADER = "X-Cxgate-Event-Id"
EVENT_HEADER = "X-Cxgate-Event"
TOLERANCE_S = 300
_SCHEME = "v1="


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value: ``v1=<hex HMAC-SHA256(secret, "<ts>." + body)>``."""
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256)
    return _SCHEME + mac.hexdigest()


def signed_headers(
    secret: str, timestamp: int, body: bytes, *, event_id: str, event: str
) -> dict[str, str]:
    """Every header a delivery carries (same id on every attempt; a fresh timestamp each)."""
    return {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: sign(secret, timestamp, body),
        TIMESTAMP_HEADER: str(timestamp),
        ID_HEADER: event_id,
        EVENT_HEADER: event,
    }


def verify(
    secret: str,
    headers: Mapping[str, str],
    body: bytes,
    *,
    now: float,
    tolerance_s: int = TOLERANCE_S,
) -> bool:
    """True when ``body`` was signed with ``secret`` within ``tolerance_s`` of ``now``."""
    lowered = {k.lower(): v for k, v in headers.items()}
    stamp = lowered.get(TIMESTAMP_HEADER.lower(), "")
    given = lowered.get(SIGNATURE_HEADER.lower(), "")
    if not stamp.isdigit() or abs(now - int(stamp)) > tolerance_s:
        return False
    return hmac.compare_digest(sign(secret, int(stamp), body), given)
