"""Flows and flow versions as the API returns them, and who did what (user or OAuth client).

Field names and order follow the SDK models (WHL ``models/flow.py``, ``flow_version.py``,
``operation.py``). A flow has no concurrency token: the lock (``lockedUser`` for a person in
the Architect UI, ``lockedClient`` for an OAuth client such as cxgate) and the version ids are
all a client can compare (genesys-api.md §5, §10).

Versions are kept in the ``flow_versions`` table as ``{"flowId", "version": FlowVersion,
"yaml": <the Archy file it was made from>}`` under the key ``<flowId>:<versionId>``.
"""

from __future__ import annotations

from typing import Any

from cxgate.emulator.model import entity_id
from cxgate.emulator.store import Store
from cxgate.emulator.wire import iso_ms, not_found

__all__ = [
    "Actor",
    "client_actor",
    "flow_entity",
    "flow_uri",
    "new_version",
    "user_actor",
    "version_key",
    "version_number",
    "versions_of",
]

Entity = dict[str, Any]

_FLOW_KEYS = (
    "id", "name", "division", "description", "type", "lockedUser", "lockedClient", "active",
    "system", "deleted", "publishedVersion", "savedVersion", "checkedInVersion", "debugVersion",
    "publishedBy", "currentOperation", "supportedLanguages", "selfUri",
)  # fmt: skip


class Actor:
    """Who acts: a person (a User) or an OAuth client (a DomainEntityRef)."""

    __slots__ = ("is_user", "ref")

    def __init__(self, ref: Entity, *, is_user: bool) -> None:
        self.ref = ref
        self.is_user = is_user

    @property
    def label(self) -> str:
        """How messages name the actor: ``user ana@example.com`` or ``OAuth client x``."""
        name = self.ref.get("email") or self.ref.get("name") or self.ref["id"]
        return f"user {name}" if self.is_user else f"OAuth client {name}"

    def lock_fields(self) -> Entity:
        """What ``Flow`` shows while this actor holds the lock."""
        return {"lockedUser": self.ref} if self.is_user else {"lockedClient": self.ref}


def user_actor(email: str, name: str | None = None) -> Actor:
    """A person, as the API shows a User (id, name, email, selfUri)."""
    user_id = entity_id("user", email)
    ref = {
        "id": user_id,
        "name": name or email.split("@", maxsplit=1)[0].replace(".", " ").title(),
        "email": email,
        "selfUri": f"/api/v2/users/{user_id}",
    }
    return Actor(ref, is_user=True)


def client_actor(client_id: str) -> Actor:
    """An OAuth client (client credentials), as ``lockedClient``/``createdByClient`` show it."""
    ref = {"id": client_id, "name": client_id, "selfUri": f"/api/v2/oauth/clients/{client_id}"}
    return Actor(ref, is_user=False)


def flow_uri(flow_id: str) -> str:
    """The flow's ``selfUri``."""
    return f"/api/v2/flows/{flow_id}"


def flow_entity(
    flow_id: str, name: str, api_type: str, division: Entity, description: str = ""
) -> Entity:
    """A new flow with no version yet (``active`` once a version is published)."""
    flow: Entity = {
        "id": flow_id,
        "name": name,
        "division": {k: division[k] for k in ("id", "name", "selfUri")},
        "description": description,
        "type": api_type,
        "active": False,
        "system": False,
        "deleted": False,
        "selfUri": flow_uri(flow_id),
    }
    if not description:
        del flow["description"]
    return flow


def ordered(flow: Entity) -> Entity:
    """The flow with its keys in the SDK's order (after a change added some at the end)."""
    return {key: flow[key] for key in _FLOW_KEYS if key in flow}


def version_key(flow_id: str, version_id: str) -> str:
    """The ``flow_versions`` key of one version."""
    return f"{flow_id}:{version_id}"


def version_number(version_id: str) -> float:
    """Versions sort by number (``"10.0"`` after ``"9.0"``); unknown shapes sort first."""
    try:
        return float(version_id)
    except ValueError:
        return -1.0


def versions_of(store: Store, flow_id: str) -> list[Entity]:
    """The version records of a flow, oldest first."""
    rows = [r for r in store.table("flow_versions").values() if r["flowId"] == flow_id]
    return sorted(rows, key=lambda r: version_number(r["version"]["id"]))


def version_record(store: Store, flow_id: str, version_id: str) -> Entity:
    """One version record, or a 404 naming the flow and version."""
    record = store.table("flow_versions").get(version_key(flow_id, version_id))
    if record is None:
        raise not_found(f"Unable to find version {version_id} of flow {flow_id}")
    return record


def new_version(
    store: Store, flow: Entity, yaml_text: str, actor: Actor, now: float, *, kind: str
) -> Entity:
    """Store the next version of ``flow`` (``kind`` CHECKIN, PUBLISH or SAVE); its record."""
    existing = versions_of(store, flow["id"])
    number = int(version_number(existing[-1]["version"]["id"])) + 1 if existing else 1
    version_id = f"{number}.0"
    uri = f"{flow_uri(flow['id'])}/versions/{version_id}"
    stamp = int(now * 1000)
    version: Entity = {
        "id": version_id,
        "name": flow["name"],
        "commitVersion": version_id,
        "configurationVersion": version_id,
        "type": kind,
        "secure": False,
        "debug": False,
        ("createdBy" if actor.is_user else "createdByClient"): actor.ref,
        "configurationUri": f"{uri}/configuration",
        "dateCreated": stamp,
        "dateCheckedIn": stamp,
        "generationId": entity_id("generation", f"{flow['id']}:{version_id}"),
        "selfUri": uri,
    }
    if kind == "SAVE":
        del version["dateCheckedIn"]
        version["dateSaved"] = stamp
    record = {"flowId": flow["id"], "version": version, "yaml": yaml_text}
    store.table("flow_versions")[version_key(flow["id"], version_id)] = record
    return record


def stamp_published(version: Entity, now: float) -> None:
    """Mark a version published from now on."""
    version["datePublished"] = iso_ms(now)
    version.pop("datePublishedEnd", None)


def stamp_unpublished(version: Entity, now: float) -> None:
    """Mark a version's publication as ended now (a later version replaced it)."""
    version["datePublishedEnd"] = iso_ms(now)
