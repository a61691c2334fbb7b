"""What the org's own audit trail says about a deployment (``cxgate audit remote``).

For each object the deployment wrote, Genesys' audit trail is asked — ``POST
/api/v2/audits/query`` (one transaction per service and entity type, filtered by
``EntityType``), polled at ``GET /api/v2/audits/query/{transactionId}`` until ``Succeeded``,
then paged at ``…/results`` with its ``cursor`` (SDK models AuditQueryRequest,
AuditQueryExecutionStatusResponse, AuditQueryExecutionResultsResponse). Each object gets a
verdict: ``confirmed`` (Genesys recorded our client changing the properties we changed),
``differs`` (it recorded our write but not those properties), ``not_seen`` (no record of our
write yet: audits can lag), plus every change to it by anyone else in the window.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from cxgate.client import GenesysClient
from cxgate.errors import ConfigError
from cxgate.plan.plan import Plan
from cxgate.records.chain import iso
from cxgate.state.records import DeploymentRecord, Phase
from cxgate.state.store import StateStore

__all__ = [
    "AUDIT_QUERY",
    "ENTITY_TYPES",
    "ObjectAudit",
    "OtherChange",
    "RemoteAudit",
    "remote_audit",
]

AUDIT_QUERY = "/api/v2/audits/query"
# cxgate kind → (serviceName, entityType), genesys-api.md §8 (Routing for queues: modelled).
ENTITY_TYPES: Mapping[str, tuple[str, str]] = {
    "queue": ("Routing", "Queue"),
    "skill": ("Routing", "RoutingSkill"),
    "language": ("Routing", "RoutingLanguage"),
    "wrapup_code": ("Routing", "WrapupCode"),
    "organization": ("Directory", "Organization"),
    "feature": ("Directory", "OrganizationFeature"),
    "flow": ("Architect", "Flow"),
}
_LANDED = (Phase.DONE, Phase.UNDONE)
_PAGE = 500


@dataclass(frozen=True, slots=True)
class OtherChange:
    """A change to one of our objects by someone else (another client or a person)."""

    at: str
    who: str
    client: str
    action: str
    properties: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ObjectAudit:
    """One object: what we changed, what Genesys recorded of our writes, and others' changes."""

    kind: str
    name: str
    id: str
    action: str
    ours: tuple[str, ...]
    seen: tuple[str, ...]
    verdict: str  # confirmed | differs | not_seen
    others: tuple[OtherChange, ...] = ()

    @property
    def missing(self) -> tuple[str, ...]:
        seen = {_norm(p) for p in self.seen}
        return tuple(p for p in self.ours if _norm(p) not in seen)


@dataclass(frozen=True, slots=True)
class RemoteAudit:
    """The whole answer: the deployment, the interval asked, each object."""

    deployment: str
    interval: str
    client_id: str
    objects: tuple[ObjectAudit, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return all(o.verdict == "confirmed" and not o.others for o in self.objects)

    def to_dict(self) -> dict[str, Any]:
        return {
            "deployment": self.deployment,
            "interval": self.interval,
            "clientId": self.client_id,
            "ok": self.ok,
            "objects": [
                {**asdict(o), "missing": list(o.missing), "others": [asdict(c) for c in o.others]}
                for o in self.objects
            ],
        }


def remote_audit(
    client: GenesysClient,
    store: StateStore,
    deployment: str,
    *,
    until: float | None = None,
    deadline_s: float = 120.0,
) -> RemoteAudit:
    """Ask the org's audit trail about ``deployment``'s objects (see the module docstring);
    the window runs from a minute before it started to ``until`` (default: now)."""
    record = store.deployment(deployment)
    if record is None:
        raise ConfigError(f"no deployment {deployment} in {store.location}; see `cxgate history`")
    touched = _touched(store, record)
    start = record.started_at - 60
    now = until if until is not None else client.clock.time()
    end = max(now, record.finished_at or record.started_at) + 60
    interval = f"{iso(start)}/{iso(end)}"
    messages: dict[str, list[Mapping[str, Any]]] = {}
    for service, entity_type in sorted({ENTITY_TYPES[k] for k, _, _, _, _ in touched}):
        for message in _query(client, interval, service, entity_type, deadline_s):
            entity = message.get("entity") or {}
            messages.setdefault(str(entity.get("id")), []).append(message)
    objects = tuple(_judge(t, messages.get(t[2], []), record.client_id) for t in touched)
    return RemoteAudit(deployment, interval, record.client_id, objects)


def _touched(
    store: StateStore, record: DeploymentRecord
) -> list[tuple[str, str, str, str, tuple[str, ...]]]:
    """(kind, name, id, action, properties we changed) of each object the deployment wrote."""
    changes = Plan.from_dict(record.plan).changes if record.plan else ()
    found: dict[tuple[str, str], tuple[str, str, str, str, tuple[str, ...]]] = {}
    for entry in store.journal(record.id):
        if entry.phase not in _LANDED or not entry.object_id or entry.kind not in ENTITY_TYPES:
            continue
        change = changes[entry.step] if entry.step < len(changes) else None
        paths = (
            tuple(dict.fromkeys(str(f.path[0]) for f in change.fields if f.path)) if change else ()
        )
        found[(entry.kind, entry.object_id)] = (
            entry.kind,
            entry.name,
            entry.object_id,
            entry.action,
            paths,
        )
    return list(found.values())


def _query(
    client: GenesysClient, interval: str, service: str, entity_type: str, deadline_s: float
) -> Iterable[Mapping[str, Any]]:
    body = {
        "interval": interval,
        "serviceName": service,
        "filters": [{"property": "EntityType", "value": entity_type}],
        "sort": [{"name": "Timestamp", "sortOrder": "ascending"}],
    }
    started = client.post(AUDIT_QUERY, body, idempotent=True)
    transaction = str(started["id"])
    client.wait_job(f"{AUDIT_QUERY}/{transaction}", deadline_s=deadline_s)
    return client.paginate(f"{AUDIT_QUERY}/{transaction}/results", page_size=_PAGE)


def _judge(
    touched: tuple[str, str, str, str, tuple[str, ...]],
    messages: Sequence[Mapping[str, Any]],
    client_id: str,
) -> ObjectAudit:
    kind, name, object_id, action, ours = touched
    mine = [m for m in messages if _client(m) == client_id and not _user(m)]
    seen = tuple(dict.fromkeys(p for m in mine for p in _properties(m)))
    if not mine:
        verdict = "not_seen"
    elif {_norm(p) for p in ours} <= {_norm(p) for p in seen}:
        verdict = "confirmed"
    else:
        verdict = "differs"
    others = tuple(
        OtherChange(
            str(m.get("eventDate", "")),
            _user(m) or "",
            _client(m),
            str(m.get("action", "")),
            _properties(m),
        )
        for m in messages
        if m not in mine
    )
    return ObjectAudit(kind, name, object_id, action, ours, seen, verdict, others)


def _client(message: Mapping[str, Any]) -> str:
    return str((message.get("client") or {}).get("id") or "")


def _user(message: Mapping[str, Any]) -> str:
    user = message.get("user") or {}
    return str(user.get("name") or user.get("id") or "")


def _properties(message: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(str(p.get("property")) for p in message.get("propertyChanges") or [])


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())
