"""What publish, check-in, revert, unlock and deactivate do to a flow and its versions.

These run when an operation completes (publish and check-in are asynchronous in the real
API: they answer an ``Operation`` and the flow changes later, genesys-api.md §5) or at once
for the synchronous actions and for import jobs. Each returns an error message instead of
raising when the work itself fails, because an asynchronous failure is reported in the
operation (``actionStatus: FAILURE``), not as an HTTP error.
"""

from __future__ import annotations

from typing import Any

from cxgate.emulator.architect import locks
from cxgate.emulator.architect.dependencies import mark_published
from cxgate.emulator.architect.model import (
    Actor,
    ordered,
    stamp_published,
    stamp_unpublished,
    version_key,
)
from cxgate.emulator.store import Store

__all__ = ["checkin_now", "deactivate_now", "present", "publish_now", "revert_now", "unlock_now"]

Entity = dict[str, Any]

# Stored kinds a published version may consume, by dependency type: if one was deleted
# since the version was made, publishing it fails (the flow would not run).
_CONSUMED_TABLES = {
    "QUEUE": "queues",
    "ACDSKILL": "skills",
    "ACDLANGUAGE": "languages",
    "ACDWRAPUPCODE": "wrapupcodes",
}
_VERSION_SLOTS = ("publishedVersion", "savedVersion", "checkedInVersion")


def present(store: Store, flow: Entity) -> Entity:
    """The flow as the API answers it: version slots filled with the full FlowVersion."""
    shown = dict(flow)
    for slot in _VERSION_SLOTS:
        ref = flow.get(slot)
        if ref:
            record = store.table("flow_versions").get(version_key(flow["id"], ref["id"]))
            if record is not None:
                shown[slot] = record["version"]
    return ordered(shown)


def publish_now(store: Store, flow: Entity, version_id: str, actor: Actor, now: float) -> str:
    """Make ``version_id`` the published version; an error message, or "" on success."""
    record = store.table("flow_versions").get(version_key(flow["id"], version_id))
    if record is None or record["version"]["type"] == "SAVE":
        return f"Flow '{flow['name']}' has no checked-in version {version_id} to publish."
    gone = _missing_resources(store, flow["id"], version_id)
    if gone:
        return (
            f"Unable to publish flow '{flow['name']}' version {version_id}: "
            f"{'; '.join(gone)} no longer exist(s). Fix the flow and publish a new version."
        )
    previous = flow.get("publishedVersion")
    if previous and previous["id"] != version_id:
        old = store.table("flow_versions").get(version_key(flow["id"], previous["id"]))
        if old is not None:
            stamp_unpublished(old["version"], now)
    stamp_published(record["version"], now)
    flow["publishedVersion"] = {"id": version_id}
    flow["active"] = True
    if actor.is_user:
        flow["publishedBy"] = actor.ref
    else:
        flow.pop("publishedBy", None)
    mark_published(store, flow["id"], version_id)
    return ""


def _missing_resources(store: Store, flow_id: str, version_id: str) -> list[str]:
    row = store.table("flow_dependencies").get(f"{flow_id}:{version_id}")
    missing: list[str] = []
    for item in row["consumed"] if row else []:
        table = _CONSUMED_TABLES.get(item["type"])
        if table is not None and item["id"] not in store.table(table):
            missing.append(f"{item['type'].lower()} '{item['name']}'")
    return missing


def checkin_now(store: Store, flow: Entity, actor: Actor, now: float) -> str:
    """The saved draft becomes a checked-in version and the lock is released."""
    saved = flow.get("savedVersion")
    record = (
        store.table("flow_versions").get(version_key(flow["id"], saved["id"])) if saved else None
    )
    if record is None:
        return (
            f"Flow '{flow['name']}' has no saved configuration to check in; "
            "use unlock to release the lock."
        )
    version = record["version"]
    version["type"] = "CHECKIN"
    version["dateCheckedIn"] = int(now * 1000)
    flow["checkedInVersion"] = {"id": version["id"]}
    flow.pop("savedVersion", None)
    locks.release(flow)
    return ""


def revert_now(store: Store, flow: Entity) -> None:
    """Discard the saved draft, back to the last checked-in version; the lock is released."""
    saved = flow.pop("savedVersion", None)
    if saved:
        store.table("flow_versions").pop(version_key(flow["id"], saved["id"]), None)
    locks.release(flow)


def unlock_now(store: Store, flow: Entity, actor: Actor, now: float) -> None:
    """Release the lock; a saved draft is checked in as a new version first, as unlocking
    in the Architect UI does (Resource Center "unlock-call-flow")."""
    if flow.get("savedVersion"):
        checkin_now(store, flow, actor, now)
    locks.release(flow)


def deactivate_now(store: Store, flow: Entity, now: float) -> None:
    """Take the flow out of service: nothing is published any more."""
    previous = flow.pop("publishedVersion", None)
    if previous:
        old = store.table("flow_versions").get(version_key(flow["id"], previous["id"]))
        if old is not None:
            stamp_unpublished(old["version"], now)
    flow["active"] = False
    flow.pop("publishedBy", None)
    mark_published(store, flow["id"], None)
