"""What differs between a reviewed plan file and the plan the files and the org give now.

``apply --plan plan.json`` applies exactly what was reviewed: when the checksums differ, the
refusal names every difference — changes added or gone, fields whose planned values moved,
objects whose concurrency token moved (someone changed them in the org since the review),
another org or environment. Pure.
"""

from __future__ import annotations

from typing import Any

from cxgate.plan.change import Change
from cxgate.plan.plan import Plan

__all__ = ["plan_differences"]

Key = tuple[str, str, str]


def _key(change: Change) -> Key:
    return change.kind, change.name, change.action.value


def plan_differences(reviewed: Plan, now: Plan) -> list[str]:
    """Every difference that moves the checksum, one line each (empty: the same plan)."""
    found = [
        f"{what}: reviewed {a!r}, now {b!r}"
        for what, a, b in (("org", reviewed.org_id, now.org_id), ("env", reviewed.env, now.env))
        if a != b
    ]
    before = {_key(c): c for c in reviewed.changes}
    after = {_key(c): c for c in now.changes}
    for key in sorted(before.keys() - after.keys()):
        found.append(f"{_label(before[key])}: in the reviewed plan, not any more")
    for key in sorted(after.keys() - before.keys()):
        found.append(f"{_label(after[key])}: new since the review")
    for key in sorted(before.keys() & after.keys()):
        found += _change_differences(before[key], after[key])
    return found


def _label(change: Change) -> str:
    return f"{change.action.value} {change.label}"


def _change_differences(old: Change, new: Change) -> list[str]:
    if old.reviewed_dict() == new.reviewed_dict():
        return []
    found: list[str] = []
    if old.token != new.token:
        found.append(f"{_label(old)}: changed in the org since the review (token moved)")
    fields_then = {f.path_text: f for f in old.fields}
    fields_now = {f.path_text: f for f in new.fields}
    for path in sorted(fields_then.keys() | fields_now.keys()):
        a, b = fields_then.get(path), fields_now.get(path)
        if a is None or b is None or (a.old, a.new) != (b.old, b.new):
            found.append(f"{_label(old)}: {path} {_values(a)} → now {_values(b)}")
    if not found:
        found.append(f"{_label(old)}: its desired body or id differs")
    return found


def _values(field: Any) -> str:
    if field is None:
        return "not changed"
    return f"{field.old!r} → {field.new!r}"
