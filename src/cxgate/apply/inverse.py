"""The way back: for each step that may have written, the change that undoes it.

Built from the step's change, what the journal kept after the write (ids, tokens, flow
versions) and the snapshot taken before the first write. An update is undone field by field
— only the fields we changed go back to their snapshot values, so a colleague's later edit
to other fields stays — and pinned to the token our write left, so a colleague's edit to
*our* fields since is a conflict, not something to overwrite. A create is undone by a delete,
a delete by a create from the snapshot (a new id), a flow deploy by publishing the version
that was live before, or deleting a flow the deploy created.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cxgate.apply.flowsteps import published_change
from cxgate.apply.steps import Step, token_from_detail
from cxgate.plan.change import Action, Change, FieldChange, Op
from cxgate.plan.diff import apply_fields, value_at

__all__ = ["inverse_step"]


def inverse_step(
    step: Step,
    detail: Mapping[str, Any],
    snapshot: Mapping[str, Any] | None,
    snapshot_version: str | None = None,
) -> Step | None:
    """The step that undoes ``step`` (same index), or None when there is nothing to undo.

    ``detail`` is the journal's record of the write (empty when its answer was lost);
    ``snapshot`` the object's YAML form before it; ``snapshot_version`` a flow's published
    version before it.
    """
    change = step.change
    token = token_from_detail(detail)
    object_id = detail.get("id") or change.id
    if change.kind == "flow":
        return _flow(step, detail, object_id, snapshot_version)
    if change.action is Action.CREATE:
        undo = Change(Action.DELETE, change.kind, change.name, object_id, token=token)
        return Step(step.index, undo, change.desired)
    if change.action is Action.DELETE:
        if snapshot is None:
            return None
        old_id = object_id  # kept so the report can say the id changed
        undo = Change(Action.CREATE, change.kind, change.name, old_id, desired=dict(snapshot))
        return Step(step.index, undo, None)
    if snapshot is None:
        return None
    fields = tuple(_back(f, snapshot) for f in change.fields)
    written = apply_fields(snapshot, change.fields)
    undo = Change(Action.UPDATE, change.kind, change.name, object_id, fields, snapshot, token)
    return Step(step.index, undo, written)


def _back(field: FieldChange, snapshot: Mapping[str, Any]) -> FieldChange:
    """The field change from what we wrote back to the snapshot's value."""
    before = value_at(snapshot, field.path)
    op = Op.REMOVE if before in (None, []) else Op.ADD if field.new in (None, []) else Op.MODIFY
    return FieldChange(field.path, op, field.new, before)


def _flow(
    step: Step, detail: Mapping[str, Any], object_id: str | None, before: str | None
) -> Step | None:
    change = step.change
    token = token_from_detail(detail)
    created = detail.get("created", change.action is Action.CREATE)
    if created:
        undo = Change(
            Action.DELETE, "flow", change.name, object_id, desired=change.desired, token=token
        )
        return Step(step.index, undo)
    previous = detail.get("previous") or before
    if not previous or not object_id:
        return None
    undo = published_change(str(object_id), change.name, detail.get("version"), previous, token)
    return Step(step.index, undo)
