"""What a write sends and what its answer must show: request bodies and verification. Pure.

An update is applied to the object *as read just before writing*: our field changes go onto
the fresh YAML form (so a rebase keeps the other editor's fields), the result is turned into
API form with the kind's ``to_api`` and merged over the fresh API entity, so fields cxgate
does not model survive a whole-object ``PUT`` (genesys-api.md §6: omitted fields may be
cleared).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from cxgate.plan.change import FieldChange, Op
from cxgate.plan.diff import apply_fields, diff_fields, same_value, value_at
from cxgate.resource.base import Body
from cxgate.resource.live import yaml_form
from cxgate.resource.refs import Refs
from cxgate.resource.registry import KINDS

__all__ = [
    "SUB_COLLECTIONS",
    "create_request",
    "merge",
    "mismatches",
    "target_of",
    "update_request",
]

# YAML fields written through a sub-collection, not the object's own PUT.
SUB_COLLECTIONS = {"queue": "wrapupCodes"}


def target_of(fresh: Mapping[str, Any], fields: Iterable[FieldChange]) -> Body:
    """The YAML form the object must have after the write: ``fresh`` plus our changes."""
    return apply_fields(fresh, fields)


def create_request(kind: str, desired: Mapping[str, Any], refs: Refs) -> Body:
    """The POST body for a new object (ids resolved from names)."""
    resource = KINDS[kind]
    return resource.to_api(resource.managed(desired), refs)


def update_request(
    kind: str,
    fresh_entity: Mapping[str, Any],
    target: Mapping[str, Any],
    fields: Iterable[FieldChange],
    refs: Refs,
) -> Body:
    """The body of the update: the fresh entity with our fields set (see the docstring)."""
    resource = KINDS[kind]
    managed = resource.to_api(target, refs)
    if kind == "feature":
        return {"enabled": bool(target.get("enabled"))}
    if kind == "skill":
        return {"divisionId": managed.get("divisionId")}  # UpdateSkillDivisionRequest
    base = {k: v for k, v in fresh_entity.items() if k != SUB_COLLECTIONS.get(kind)}
    request: Body = merge(base, managed)
    for field in fields:
        if field.op is Op.REMOVE and field.path[0] != SUB_COLLECTIONS.get(kind):
            _clear(request, field)
    if kind == "organization":
        request["version"] = fresh_entity.get("version")
    return request


def merge(base: Any, over: Any) -> Any:
    """``over`` onto ``base``: mappings key by key (a reference ``{id}`` replaces whole),
    lists of mappings of one length item by item, anything else replaced."""
    if isinstance(base, dict) and isinstance(over, dict) and "id" not in over:
        out = dict(base)
        for key, value in over.items():
            out[key] = merge(base.get(key), value)
        return out
    if (
        isinstance(base, list)
        and isinstance(over, list)
        and len(base) == len(over)
        and all(
            isinstance(b, dict) and isinstance(o, dict) for b, o in zip(base, over, strict=True)
        )
    ):
        return [merge(b, o) for b, o in zip(base, over, strict=True)]
    return copy.deepcopy(over)


def _clear(request: Body, field: FieldChange) -> None:
    """Take a field the bundle clears out of the request (or set it empty)."""
    *parents, last = field.path
    target: Any = request
    for part in parents:
        target = value_at(target, (part,))
        if target is None:
            return
    if isinstance(target, dict):
        if field.new == []:
            target[last] = []
        else:
            target.pop(last, None)


def mismatches(
    kind: str,
    answer: Mapping[str, Any],
    target: Mapping[str, Any],
    fields: Iterable[FieldChange],
    refs: Refs,
) -> list[str]:
    """The fields whose value in the API's answer is not the one written (empty: verified).

    Compared as the diff compares: a mapping we wrote need only hold the keys we set (the
    API fills in the others). Fields written through a sub-collection are verified apart.
    """
    shown = yaml_form(KINDS[kind], answer, refs)
    sub = SUB_COLLECTIONS.get(kind)
    return [
        f"{field.path_text}: wrote {value_at(target, field.path)!r}, "
        f"the API answered {value_at(shown, field.path)!r}"
        for field in fields
        if field.path[0] != sub
        and not _holds(value_at(shown, field.path), value_at(target, field.path))
    ]


def _holds(shown: Any, written: Any) -> bool:
    if isinstance(written, dict) and isinstance(shown, dict):
        return not diff_fields(shown, written)
    return same_value(shown, written)
