"""Diff the live org against the bundle, object by object and field by field.

Field semantics, chosen so a partial file means "manage these fields only":

- a key absent from the bundle is not managed (apply keeps the org's value);
- ``null`` or ``[]`` in the bundle clears the field; missing, ``null`` and empty are the same;
- nested mappings compare key by key with the same rules;
- lists compare whole; lists of mappings of the same length compare item by item, so a
  change deep in a bullseye ring shows its own path.

Objects are matched by natural key with dict lookups: linear in the size of the org.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from cxgate.bundle.desired import DesiredState
from cxgate.bundle.yamlsrc import Path
from cxgate.plan.change import Action, Change, FieldChange, Op
from cxgate.plan.ownership import Ownership
from cxgate.resource.base import Body, ResourceKind
from cxgate.resource.live import LiveObject, LiveState
from cxgate.resource.registry import KINDS

__all__ = ["MISSING", "apply_fields", "diff_fields", "diff_states", "same_value", "value_at"]


def _empty(value: Any) -> bool:
    return value is None or value == []


def _same(old: Any, new: Any) -> bool:
    """Equal values of compatible types: True is not 1, but 300 is 300.0."""
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    if isinstance(old, int | float) and isinstance(new, int | float):
        return old == new
    return type(old) is type(new) and bool(old == new)


MISSING: Any = None  # what ``value_at`` gives for a path the body does not hold


def value_at(body: Any, path: Path) -> Any:
    """The value at ``path`` in a YAML-form body (None when any step is missing)."""
    for part in path:
        in_dict = isinstance(body, dict) and part in body
        in_list = isinstance(body, list) and isinstance(part, int) and 0 <= part < len(body)
        if not (in_dict or in_list):
            return MISSING
        body = body[part]
    return body


def same_value(old: Any, new: Any) -> bool:
    """True when two values mean the same to the diff: missing, null, [] and {} are one
    value, mappings compare key by key and lists item by item."""
    if _empty(old) or old == {}:
        return _empty(new) or new == {}
    if isinstance(old, dict) and isinstance(new, dict):
        keys = {k for k, v in old.items() if not _empty(v)} | {
            k for k, v in new.items() if not _empty(v)
        }
        return all(same_value(old.get(k), new.get(k)) for k in keys)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(map(same_value, old, new))
    return _same(old, new)


def diff_fields(
    old: Mapping[str, Any], new: Mapping[str, Any], path: Path = ()
) -> list[FieldChange]:
    """Field changes turning ``old`` into ``new`` for the fields ``new`` manages."""
    out: list[FieldChange] = []
    _diff_dict(old, new, path, out, partial=True)
    return out


def _diff_dict(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    path: Path,
    out: list[FieldChange],
    partial: bool,
) -> None:
    for key, wanted in new.items():
        current = old.get(key)
        where = (*path, key)
        if _empty(wanted) or wanted == {}:
            if _empty(wanted) and not _empty(current):
                out.append(FieldChange(where, Op.REMOVE, current, None))
            continue
        if _empty(current):
            out.append(FieldChange(where, Op.ADD, None, wanted))
        else:
            _diff_value(current, wanted, where, out)
    if not partial:
        for key in old.keys() - new.keys():
            if not _empty(old[key]):
                out.append(FieldChange((*path, key), Op.REMOVE, old[key], None))


def _diff_value(old: Any, new: Any, path: Path, out: list[FieldChange]) -> None:
    if isinstance(old, dict) and isinstance(new, dict):
        _diff_dict(old, new, path, out, partial=True)
    elif isinstance(old, list) and isinstance(new, list):
        if old == new and all(map(_same, old, new)):
            return
        pairs = list(zip(old, new, strict=False))
        if len(old) == len(new) and all(
            isinstance(a, dict) and isinstance(b, dict) for a, b in pairs
        ):
            for index, (a, b) in enumerate(pairs):
                _diff_dict(a, b, (*path, index), out, partial=False)
        else:
            out.append(FieldChange(path, Op.MODIFY, old, new))
    elif not _same(old, new):
        out.append(FieldChange(path, Op.MODIFY, old, new))


def apply_fields(body: Mapping[str, Any], fields: Iterable[FieldChange]) -> Body:
    """A copy of ``body`` with the field changes applied (what apply writes, in YAML form)."""
    result: Body = copy.deepcopy(dict(body))
    for change in fields:
        *parents, last = change.path
        target: Any = result
        for part in parents:
            target = target.setdefault(part, {}) if isinstance(target, dict) else target[part]
        if change.op is Op.REMOVE:
            if isinstance(target, dict):
                target.pop(last, None)
        else:
            target[last] = copy.deepcopy(change.new)
    return result


def diff_states(live: LiveState, desired: DesiredState, ownership: Ownership) -> list[Change]:
    """Every change, in dependency order of kinds; within a kind creates, updates, deletes."""
    changes: list[Change] = []
    for kind in KINDS.values():
        want = desired.objects.get(kind.name, {})
        have = live.objects.get(kind.name, {})
        found = list(_upserts(kind, want, have))
        renamed = {c.renamed_from for c in found if c.renamed_from}
        found += _deletes(kind, want, have, renamed, ownership)
        order = {Action.CREATE: 0, Action.UPDATE: 1, Action.DELETE: 2}
        changes += sorted(found, key=lambda c: (order[c.action], c.name))
    return changes


def _upserts(
    kind: ResourceKind, want: Mapping[str, Any], have: Mapping[str, LiveObject]
) -> Iterator[Change]:
    for name, obj in want.items():
        current, old_name = have.get(name), None
        if current is None and obj.renamed_from in have:
            old_name = obj.renamed_from
            current = have[old_name]
        managed = kind.managed(obj.body)
        if current is None:
            if kind.creatable:
                yield Change(Action.CREATE, kind.name, name, desired=obj.body)
            continue
        if managed == current.body:
            continue  # the common case of an unchanged object, without walking it
        fields = diff_fields(current.body, managed)
        if fields:
            yield Change(
                Action.UPDATE,
                kind.name,
                name,
                current.id,
                tuple(fields),
                obj.body,
                current.token,
                old_name,
            )


def _deletes(
    kind: ResourceKind,
    want: Mapping[str, Any],
    have: Mapping[str, LiveObject],
    renamed: set[str],
    ownership: Ownership,
) -> list[Change]:
    if not kind.deletable:
        return []
    return [
        Change(Action.DELETE, kind.name, name, current.id, token=current.token, before=current.body)
        for name, current in have.items()
        if name not in want
        and name not in renamed
        and ownership.why_deletable(kind.name, name, current.id)
    ]
