""" "Another editor": changes made behind our back, the way a colleague in the UI makes them.

Tests use this to put a change between two of our calls: ``edit`` changes an object like a
real edit does (``dateModified``, ``modifiedBy``, the org's ``version``), and ``Hooks`` run a
callback just before the next call that matches a method and path.
"""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cxgate.emulator.store import Store, touch

__all__ = ["Hooks", "delete_entity", "edit_entity", "table_for"]

Entity = dict[str, Any]

_TABLES = {
    "queue": "queues",
    "skill": "skills",
    "language": "languages",
    "wrapupcode": "wrapupcodes",
    "wrapup_code": "wrapupcodes",
    "division": "divisions",
    "product": "products",
}
_ORGANIZATION = ("organization", "org")


def table_for(kind: str) -> str:
    """The store table of a kind, singular or plural (``queue``/``queues``)."""
    if kind in _TABLES.values():
        return kind
    if kind in _TABLES:
        return _TABLES[kind]
    known = ", ".join(sorted({*_TABLES, *_ORGANIZATION}))
    raise KeyError(f"unknown kind {kind!r}: use one of {known}")


def edit_entity(
    store: Store, kind: str, entity_id: str | None, changes: Entity, *, by: str, now: float
) -> Entity:
    """Apply ``changes`` (JSON field names) as another user would; return the new state."""
    with store.lock:
        if kind in _ORGANIZATION:
            store.organization.update(copy.deepcopy(changes))
            store.organization["version"] += 1
            return copy.deepcopy(store.organization)
        entity = _existing(store, kind, entity_id)
        entity.update(copy.deepcopy(changes))
        if isinstance(entity.get("version"), str) and entity["version"].isdigit():
            entity["version"] = str(int(entity["version"]) + 1)
        touch(entity, by, now)
        return copy.deepcopy(entity)


def delete_entity(store: Store, kind: str, entity_id: str) -> None:
    """Delete an object behind our back."""
    with store.lock:
        _existing(store, kind, entity_id)
        del store.table(table_for(kind))[entity_id]


def _existing(store: Store, kind: str, entity_id: str | None) -> Entity:
    table = store.table(table_for(kind))
    if entity_id is None or entity_id not in table:
        raise KeyError(f"no {kind} with id {entity_id!r} in the emulator")
    return table[entity_id]


@dataclass(frozen=True, slots=True)
class _Hook:
    method: str
    pattern: re.Pattern[str]
    callback: Callable[[], object]


def _path_pattern(path: str) -> re.Pattern[str]:
    """``{anything}`` matches one path segment, ``*`` matches any run of characters."""
    parts = re.split(r"(\{[^}]*\}|\*)", path)
    regex = "".join(
        "[^/]+" if p.startswith("{") else ".*" if p == "*" else re.escape(p) for p in parts
    )
    return re.compile(f"^{regex}$")


class Hooks:
    """One-shot callbacks, each run just before the next call matching its method and path."""

    def __init__(self) -> None:
        self._hooks: list[_Hook] = []
        self._lock = threading.Lock()

    def add(self, method: str, path: str, callback: Callable[[], object]) -> None:
        """Run ``callback`` before the next ``method path`` call (method ``*`` for any)."""
        with self._lock:
            self._hooks.append(_Hook(method.upper(), _path_pattern(path), callback))

    def run(self, method: str, path: str) -> None:
        """Run (and forget) every hook that matches this call, in the order added."""
        with self._lock:
            due = [h for h in self._hooks if _matches(h, method, path)]
            self._hooks = [h for h in self._hooks if h not in due]
        for hook in due:
            hook.callback()

    def __len__(self) -> int:
        with self._lock:
            return len(self._hooks)


def _matches(hook: _Hook, method: str, path: str) -> bool:
    return hook.method in ("*", method) and hook.pattern.match(path) is not None
