"""The flow lock: who holds it, and the 409 for anyone else.

A flow is locked by whoever checked it out: a person in the Architect UI (``lockedUser``) or
an OAuth client (``lockedClient``) (WHL ``models/flow.py``). Saving a draft keeps the lock;
check-in, revert and unlock release it (Resource Center ?p=2620, "unlock-call-flow").

The status and code the real API answers for a flow locked by someone else are not
documented (genesys-api.md §5: "UNCONFIRMED, 409 is the norm in TF retry code"); the emulator
answers 409 ``flow.locked`` naming the holder, which is what a client must show a person.
"""

from __future__ import annotations

from typing import Any

from cxgate.emulator.architect.model import Actor
from cxgate.emulator.wire import ReplyError

__all__ = ["holder", "locked_by_other", "refuse_if_locked", "release", "take"]

Entity = dict[str, Any]


def holder(flow: Entity) -> Actor | None:
    """Who holds the flow's lock, if anyone."""
    if flow.get("lockedUser"):
        return Actor(flow["lockedUser"], is_user=True)
    if flow.get("lockedClient"):
        return Actor(flow["lockedClient"], is_user=False)
    return None


def locked_by_other(flow: Entity, actor: Actor) -> bool:
    """True when someone other than ``actor`` holds the lock."""
    current = holder(flow)
    return current is not None and (
        current.is_user != actor.is_user or current.ref["id"] != actor.ref["id"]
    )


def refuse_if_locked(flow: Entity, actor: Actor, doing: str) -> None:
    """409 when another user or client holds the lock."""
    current = holder(flow)
    if current is not None and locked_by_other(flow, actor):
        raise ReplyError(
            409,
            "flow.locked",
            f"Cannot {doing} flow '{flow['name']}': it is locked by {current.label}. "
            "They must check it in, or an Architect admin can unlock it.",
            details=[{"errorCode": "flow.locked", "entityId": flow["id"]}],
        )


def take(flow: Entity, actor: Actor) -> None:
    """``actor`` holds the lock from now on."""
    release(flow)
    flow.update(actor.lock_fields())


def release(flow: Entity) -> None:
    """Nobody holds the lock."""
    flow.pop("lockedUser", None)
    flow.pop("lockedClient", None)
