"""The org's own audit trail: an ``AuditLogMessage`` for every write the emulator takes.

Genesys records who changed what (user or OAuth client, service, entity, action, property
changes with old and new values) and serves it through ``/api/v2/audits/query``
(routes/audits.py). Here each successful write to an audited entity — the routing catalogues,
queues (and their wrap-up codes), the org and its features, flows and their actions — appends
one message to the ``audits`` table, shaped as WHL ``models/audit_log_message.py``. Service
and entity type names follow genesys-api.md §8 (``Routing``/``Queue`` is modelled: which
service owns queue audits is unconfirmed). An edit "by a colleague" (``Emulator.edit``) is
recorded as that user's, through the UI client.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from cxgate.emulator.store import Store
from cxgate.emulator.wire import Call, Reply, clone, iso_ms

__all__ = ["UI_CLIENT", "AuditRecorder", "Pending"]

UI_CLIENT = "genesys-cloud-ui"
_WRITES = ("POST", "PUT", "PATCH", "DELETE")
_UNTRACKED = frozenset({"dateModified", "modifiedBy", "version", "selfUri", "dateCreated"})
Entity = dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Audited:
    service: str
    entity_type: str
    table: str | None  # None: the org singleton
    param: str | None  # the path parameter holding the entity id
    property: str | None = None  # a sub-collection: the one property it changes


# Route template → what it writes. Flow actions name the flow in ``?flow=``.
_ROUTES: dict[str, _Audited] = {
    "/api/v2/routing/queues": _Audited("Routing", "Queue", "queues", None),
    "/api/v2/routing/queues/{queueId}": _Audited("Routing", "Queue", "queues", "queueId"),
    "/api/v2/routing/queues/{queueId}/wrapupcodes": _Audited(
        "Routing", "Queue", "queues", "queueId", "wrapupCodes"
    ),
    "/api/v2/routing/queues/{queueId}/wrapupcodes/{codeId}": _Audited(
        "Routing", "Queue", "queues", "queueId", "wrapupCodes"
    ),
    "/api/v2/routing/skills": _Audited("Routing", "RoutingSkill", "skills", None),
    "/api/v2/routing/skills/{skillId}": _Audited("Routing", "RoutingSkill", "skills", "skillId"),
    "/api/v2/routing/languages": _Audited("Routing", "RoutingLanguage", "languages", None),
    "/api/v2/routing/languages/{languageId}": _Audited(
        "Routing", "RoutingLanguage", "languages", "languageId"
    ),
    "/api/v2/routing/wrapupcodes": _Audited("Routing", "WrapupCode", "wrapupcodes", None),
    "/api/v2/routing/wrapupcodes/{codeId}": _Audited(
        "Routing", "WrapupCode", "wrapupcodes", "codeId"
    ),
    "/api/v2/organizations/me": _Audited("Directory", "Organization", None, None),
    "/api/v2/organizations/features/{featureName}": _Audited(
        "Directory", "OrganizationFeature", None, "featureName", "enabled"
    ),
    "/api/v2/flows": _Audited("Architect", "Flow", "flows", None),
    "/api/v2/flows/{flowId}": _Audited("Architect", "Flow", "flows", "flowId"),
}
_FLOW_ACTIONS = "/api/v2/flows/actions/"
_ACTIONS = {"POST": "Create", "PUT": "Update", "PATCH": "Update", "DELETE": "Delete"}


@dataclass(frozen=True, slots=True)
class Pending:
    """A write about to be handled: what it touches and the entity as it was."""

    audited: _Audited
    action: str
    entity_id: str | None
    before: Entity | None


class AuditRecorder:
    """Appends audit messages to ``store``'s ``audits`` table (hold ``store.lock``)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def before(self, call: Call, template: str, params: dict[str, str]) -> Pending | None:
        """What ``call`` would change, read before it runs (None: not an audited write)."""
        if call.method not in _WRITES:
            return None
        if template.startswith(_FLOW_ACTIONS):
            flow = dict(call.query).get("flow")
            action = template.removeprefix(_FLOW_ACTIONS).capitalize()
            audited = _ROUTES["/api/v2/flows/{flowId}"]
            return Pending(audited, action, flow, self._read(audited, flow))
        found = _ROUTES.get(template)
        if found is None:
            return None
        entity_id = params.get(found.param) if found.param else None
        action = "Update" if found.property else _ACTIONS[call.method]
        return Pending(found, action, entity_id, self._read(found, entity_id))

    def after(self, pending: Pending | None, reply: Reply, client: str, now: float) -> None:
        """Record the write if it succeeded."""
        if pending is None or reply.status >= 400:
            return
        entity_id = pending.entity_id
        if entity_id is None and isinstance(reply.body, dict):
            entity_id = reply.body.get("id")
        after = self._read(pending.audited, entity_id)
        self.append(
            pending.audited.service,
            pending.audited.entity_type,
            pending.action,
            entity_id,
            _changes(pending.before, after, pending.audited.property),
            client=client,
            user=None,
            now=now,
            name=str((after or pending.before or {}).get("name") or "") or None,
        )

    def edited(
        self,
        kind_table: str | None,
        entity_id: str | None,
        before: Entity | None,
        after: Entity | None,
        *,
        by: str,
        now: float,
    ) -> None:
        """An edit made "by a colleague" in the UI (``Emulator.edit``/``delete``)."""
        audited = next(
            (a for a in _ROUTES.values() if a.table == kind_table and a.param and not a.property),
            _ROUTES["/api/v2/organizations/me"],
        )
        action = "Delete" if after is None else "Update"
        self.append(
            audited.service,
            audited.entity_type,
            action,
            entity_id or str((after or {}).get("id") or ""),
            _changes(before, after, None),
            client=UI_CLIENT,
            user=by,
            now=now,
            name=str((after or before or {}).get("name") or "") or None,
        )

    def append(
        self,
        service: str,
        entity_type: str,
        action: str,
        entity_id: str | None,
        changes: list[dict[str, Any]],
        *,
        client: str,
        user: str | None,
        now: float,
        name: str | None = None,
    ) -> Entity:
        message: Entity = {
            "id": str(uuid.uuid4()),
            "userHomeOrgId": self.store.organization.get("id"),
            "user": {"id": user, "name": user} if user else None,
            "client": {"id": client},
            "remoteIp": ["127.0.0.1"],
            "serviceName": service,
            "level": "USER",
            "eventDate": iso_ms(now),
            "action": action,
            "entity": {"id": entity_id, "name": name},
            "entityType": entity_type,
            "status": "SUCCESS",
            "application": "",
            "transactionInitiator": True,
            "propertyChanges": changes,
            "context": {},
            "entityChanges": [],
        }
        self.store.table("audits")[message["id"]] = message
        return message

    def _read(self, audited: _Audited, entity_id: str | None) -> Entity | None:
        if audited.table is None:
            org = clone(self.store.organization)
            if audited.property == "enabled" and entity_id:
                return {"enabled": bool((org.get("features") or {}).get(entity_id))}
            return dict(org)
        if entity_id is None:
            return None
        if audited.property == "wrapupCodes":
            row = self.store.table("queue_wrapupcodes").get(entity_id) or {}
            return {"wrapupCodes": sorted(row.get("codeIds", []))}
        found = self.store.table(audited.table).get(entity_id)
        return dict(clone(found)) if found is not None else None


def _changes(before: Entity | None, after: Entity | None, only: str | None) -> list[dict[str, Any]]:
    """``propertyChanges``: each top-level property whose value differs, as JSON strings."""
    old, new = before or {}, after or {}
    names = [only] if only else sorted(set(old) | set(new))
    found = []
    for name in names:
        if name in _UNTRACKED or old.get(name) == new.get(name):
            continue
        found.append(
            {
                "property": name,
                "oldValues": [] if old.get(name) is None else [_text(old[name])],
                "newValues": [] if new.get(name) is None else [_text(new[name])],
            }
        )
    return found


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)
