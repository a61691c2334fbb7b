"""Stale tokens: which planned changes no longer match the org they were planned against.

Each update and delete carries the concurrency token pinned at plan time (genesys-api.md
§10): the org's ``version``, or for queues and wrap-up codes (no server version)
``dateModified`` plus a hash of the body. Before writing, apply re-reads the objects and calls
``stale_tokens``: any object another editor changed or deleted since the plan stops the run,
and the message says what moved. Pure: the caller reads the fresh ``LiveState``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cxgate.plan.change import Action, Change
from cxgate.resource.base import Token
from cxgate.resource.live import LiveObject, LiveState

__all__ = ["StaleToken", "stale_tokens"]


@dataclass(frozen=True, slots=True)
class StaleToken:
    """A planned change whose object moved on: what was pinned, what is there now."""

    change: Change
    current: Token | None  # None: the object is gone

    def __str__(self) -> str:
        pinned = self.change.token
        if self.current is None:
            return f"{self.change.label} was deleted since the plan; re-run plan"
        if pinned is not None and pinned.scheme == "version":
            moved = f"version {pinned.value} changed to {self.current.value}"
        else:
            moved = "changed (dateModified and content)"
        return f"{self.change.label}: {moved} by another editor since the plan; re-run plan"


def _current(live: LiveState, change: Change) -> LiveObject | None:
    by_name = live.objects.get(change.kind, {})
    if change.id is None:
        return by_name.get(change.renamed_from or change.name)
    return next((obj for obj in by_name.values() if obj.id == change.id), None)


def stale_tokens(changes: Iterable[Change], live: LiveState) -> list[StaleToken]:
    """Every update or delete whose pinned token differs from the org's now."""
    found: list[StaleToken] = []
    for change in changes:
        if change.action is Action.CREATE or change.token is None:
            continue
        current = _current(live, change)
        if current is None:
            found.append(StaleToken(change, None))
        elif current.token != change.token:
            found.append(StaleToken(change, current.token))
    return found
