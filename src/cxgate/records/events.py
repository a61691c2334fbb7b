"""What cxgate records and announces: audit events and webhook payloads, as plain dicts.

An audit event says who (OS user, OAuth client id), where (org, env), which deployment, which
object, the change (old and new values), the outcome, the latency and the Genesys correlation
id. A webhook payload wraps an event for receivers: ``schema`` (``cxgate.webhook/v1``, the JSON
Schema in ``schemas/webhook-v1.schema.json``), an ``id`` that is the idempotency key, ``type``,
``at`` and ``data``.
"""

from __future__ import annotations

import getpass
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from cxgate.records.chain import iso

__all__ = [
    "WEBHOOK_SCHEMA",
    "Actor",
    "load_schema",
    "payload",
]

WEBHOOK_SCHEMA = "cxgate.webhook/v1"


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts: the OS user and the OAuth client id (never its secret)."""

    user: str
    client_id: str = ""

    @classmethod
    def current(cls, client_id: str = "") -> Actor:
        try:
            user = getpass.getuser()
        except (KeyError, OSError):  # no passwd entry (some containers)
            user = "unknown"
        return cls(user, client_id)

    def to_dict(self) -> dict[str, str]:
        return {"user": self.user, "clientId": self.client_id}


def payload(
    event: str,
    data: Mapping[str, Any],
    *,
    at: float,
    org: str | None = None,
    env: str | None = None,
    deployment: str | None = None,
    event_id: str | None = None,
) -> dict[str, Any]:
    """One webhook payload (schema ``cxgate.webhook/v1``)."""
    return {
        "schema": WEBHOOK_SCHEMA,
        "id": event_id or str(uuid.uuid4()),
        "type": event,
        "at": iso(at),
        "org": org,
        "env": env,
        "deployment": deployment,
        "data": dict(data),
    }


def load_schema(name: str) -> dict[str, Any]:
    """A JSON Schema shipped with cxgate (``webhook-v1``, ``wfm-export-v1``)."""
    text = resources.files("cxgate.records").joinpath(f"schemas/{name}.schema.json").read_text()
    loaded: dict[str, Any] = json.loads(text)
    return loaded
