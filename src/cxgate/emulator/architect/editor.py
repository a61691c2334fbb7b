"""A colleague in the Architect UI: opens a flow (taking its lock) and saves a draft.

For tests and demos of lock handling: ``lock_flow(emulator.store, "Acme Main IVR",
by="ana@example.com", now=clock.time())`` leaves the flow locked by that user with a saved
draft, exactly what cxgate must refuse to overwrite without ``--force-unlock``.
"""

from __future__ import annotations

from typing import Any

from cxgate.emulator.architect import locks
from cxgate.emulator.architect.model import new_version, user_actor, versions_of
from cxgate.emulator.architect.operations import finished_operation
from cxgate.emulator.store import Store

__all__ = ["find_flow", "lock_flow", "published_content"]

Entity = dict[str, Any]


def find_flow(store: Store, name: str) -> Entity:
    """The stored flow with this name (KeyError when there is none)."""
    found = store.find_by_name("flows", name)
    if found is None:
        raise KeyError(f"no flow named {name!r} in the emulator")
    return found


def lock_flow(
    store: Store,
    name: str,
    *,
    by: str = "ana.lopez@acme-demo.example",
    now: float,
    draft: str | None = None,
) -> Entity:
    """Check the flow out as user ``by`` and save a draft (the newest file, or ``draft``)."""
    with store.lock:
        flow = find_flow(store, name)
        actor = user_actor(by)
        locks.take(flow, actor)
        records = versions_of(store, flow["id"])
        text = draft if draft is not None else (records[-1]["yaml"] if records else "")
        saved = new_version(store, flow, text, actor, now, kind="SAVE")
        flow["savedVersion"] = {"id": saved["version"]["id"]}
        flow["currentOperation"] = finished_operation("SAVE", actor)
        return flow


def published_content(store: Store, name: str) -> str | None:
    """The first version whose file is the one published now: "2.0" when v4.0 was published
    as a copy of 2.0 (``flow rollback``), the published id itself when it is the original.
    None when nothing is published."""
    with store.lock:
        flow = find_flow(store, name)
        published = (flow.get("publishedVersion") or {}).get("id")
        records = versions_of(store, flow["id"])
        live = next((r for r in records if r["version"]["id"] == published), None)
        if live is None:
            return None
        return str(next(r["version"]["id"] for r in records if r["yaml"] == live["yaml"]))
