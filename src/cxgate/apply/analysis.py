"""Before each write: has someone else changed the object since it was planned?

Pure. The org's object is read fresh just before writing and compared, in YAML form, with
what the change was planned against (genesys-api.md §10: the org has a ``version``, queues
and wrap-up codes only ``dateModified``, so cxgate compares values itself):

- every field we change already holds our value → ``ALREADY`` (a resumed run, a lost answer);
- the token is what the plan pinned → ``CLEAN``;
- the token moved, but every field we change still holds the planned old value → ``REBASE``:
  the other editor changed other fields; we write our fields onto their body and say so;
- a field we change holds a third value → ``CONFLICT``: stop, naming both sides. Never
  overwrite.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cxgate.bundle.yamlsrc import path_text
from cxgate.plan.change import Action, Change, FieldChange
from cxgate.plan.diff import diff_fields, same_value, value_at
from cxgate.resource.base import Token

__all__ = ["Analysis", "FieldConflict", "Verdict", "analyse", "their_changes"]


class Verdict(enum.StrEnum):
    """What to do with a change given the object as it is now."""

    CLEAN = "clean"
    REBASE = "rebase"
    ALREADY = "already"
    CONFLICT = "conflict"


@dataclass(frozen=True, slots=True)
class FieldConflict:
    """One field both sides changed: the planned old and new values, and the org's now."""

    field: FieldChange
    theirs: Any

    def __str__(self) -> str:
        f = self.field
        return (
            f"{f.path_text}: planned {_short(f.old)} → {_short(f.new)}, "
            f"but someone else set it to {_short(self.theirs)}"
        )


@dataclass(frozen=True, slots=True)
class Analysis:
    """The verdict, the fields the other editor changed (for a rebase report), the fields in
    conflict, and a sentence for the others."""

    verdict: Verdict
    theirs: tuple[str, ...] = ()
    conflicts: tuple[FieldConflict, ...] = ()
    reason: str = ""


def analyse(
    change: Change,
    fresh: Mapping[str, Any] | None,
    fresh_token: Token | None,
    base: Mapping[str, Any] | None = None,
) -> Analysis:
    """Compare ``change`` with the object as read now (``fresh``, YAML form; None when it
    does not exist). ``base`` is the body the change was planned against, when known."""
    if change.action is Action.CREATE:
        return _create(change, fresh)
    if change.action is Action.DELETE:
        return _delete(change, fresh, fresh_token, base)
    return _update(change, fresh, fresh_token, base)


def _update(
    change: Change,
    fresh: Mapping[str, Any] | None,
    fresh_token: Token | None,
    base: Mapping[str, Any] | None,
) -> Analysis:
    if fresh is None:
        return Analysis(Verdict.CONFLICT, reason="deleted by someone else since the plan")
    now = [(f, value_at(fresh, f.path)) for f in change.fields]
    if all(same_value(value, f.new) for f, value in now):
        return Analysis(Verdict.ALREADY, reason="already as planned")
    conflicts = tuple(
        FieldConflict(f, value)
        for f, value in now
        if not same_value(value, f.new) and not same_value(value, f.old)
    )
    if conflicts:
        return Analysis(Verdict.CONFLICT, conflicts=conflicts, reason="changed by someone else")
    if change.token is None or fresh_token == change.token:
        return Analysis(Verdict.CLEAN)
    theirs = their_changes(base, fresh, change.fields) if base is not None else ("other fields",)
    return Analysis(Verdict.REBASE, theirs, reason="someone else changed other fields")


def _create(change: Change, fresh: Mapping[str, Any] | None) -> Analysis:
    if fresh is None:
        return Analysis(Verdict.CLEAN)
    if not diff_fields(fresh, change.desired or {}):
        return Analysis(Verdict.ALREADY, reason="exists already, as planned")
    return Analysis(Verdict.CONFLICT, reason="created by someone else since the plan")


def _delete(
    change: Change,
    fresh: Mapping[str, Any] | None,
    fresh_token: Token | None,
    base: Mapping[str, Any] | None,
) -> Analysis:
    if fresh is None:
        return Analysis(Verdict.ALREADY, reason="already gone")
    if change.token is None or fresh_token == change.token:
        return Analysis(Verdict.CLEAN)
    theirs = their_changes(base, fresh, ()) if base is not None else ("other fields",)
    return Analysis(
        Verdict.CONFLICT, theirs, reason="changed by someone else since the plan; not deleted"
    )


def their_changes(
    base: Mapping[str, Any], fresh: Mapping[str, Any], ours: tuple[FieldChange, ...]
) -> tuple[str, ...]:
    """The paths the other editor changed between ``base`` and ``fresh``, except ours."""
    mine = {f.path for f in ours}
    found = {f.path for f in (*diff_fields(base, fresh), *diff_fields(fresh, base))}
    return tuple(sorted(path_text(p) for p in found - mine))


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
