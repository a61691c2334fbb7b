"""Before each write: clean, rebase, already done, or conflict — never an overwrite."""

from __future__ import annotations

import pytest

from cxgate.apply.analysis import Verdict, analyse, their_changes
from cxgate.plan.change import Action, Change, FieldChange, Op
from cxgate.resource.base import Token

PINNED = Token("modified", "t1")
MOVED = Token("modified", "t2")
BASE = {"name": "Sales", "description": "old", "skillEvaluationMethod": "ALL"}
UPDATE = Change(
    Action.UPDATE,
    "queue",
    "Sales",
    "q1",
    (FieldChange(("skillEvaluationMethod",), Op.MODIFY, "ALL", "BEST"),),
    {"name": "Sales", "skillEvaluationMethod": "BEST"},
    PINNED,
)


def test_unchanged_object_is_clean() -> None:
    """The token pinned at plan time still holds: write."""
    assert analyse(UPDATE, BASE, PINNED, BASE).verdict is Verdict.CLEAN


def test_disjoint_edit_is_rebased_and_named() -> None:
    """Someone changed another field: write ours onto theirs, and say which field."""
    fresh = {**BASE, "description": "theirs"}
    found = analyse(UPDATE, fresh, MOVED, BASE)
    assert found.verdict is Verdict.REBASE
    assert found.theirs == ("description",)


def test_overlapping_edit_is_a_conflict_naming_both_sides() -> None:
    """Someone set our field to a third value: stop, with planned and current values."""
    fresh = {**BASE, "skillEvaluationMethod": "NONE"}
    found = analyse(UPDATE, fresh, MOVED, BASE)
    assert found.verdict is Verdict.CONFLICT
    assert "planned 'ALL' → 'BEST', but someone else set it to 'NONE'" in str(found.conflicts[0])


@pytest.mark.parametrize("token", [PINNED, MOVED])
def test_already_as_planned_is_skipped(token: Token) -> None:
    """Our value is there (a resumed run, a lost answer, or the same edit): nothing to do."""
    fresh = {**BASE, "skillEvaluationMethod": "BEST"}
    assert analyse(UPDATE, fresh, token, BASE).verdict is Verdict.ALREADY


def test_update_of_a_deleted_object_is_a_conflict() -> None:
    """Gone since the plan: never re-created by an update."""
    found = analyse(UPDATE, None, None, BASE)
    assert (found.verdict, found.reason) == (
        Verdict.CONFLICT,
        "deleted by someone else since the plan",
    )


def test_unknown_base_still_rebases() -> None:
    """Without the planned body the report says 'other fields'."""
    fresh = {**BASE, "description": "theirs"}
    assert analyse(UPDATE, fresh, MOVED).theirs == ("other fields",)


def test_create_verdicts() -> None:
    """A create is clean when the name is free, done when it exists as planned, else a
    conflict (someone else created it)."""
    wanted = {"name": "Loyalty", "division": "Home"}
    create = Change(Action.CREATE, "skill", "Loyalty", desired=wanted)
    assert analyse(create, None, None).verdict is Verdict.CLEAN
    assert analyse(create, {**wanted, "extra": 1}, None).verdict is Verdict.ALREADY
    other = {"name": "Loyalty", "division": "Elsewhere"}
    assert analyse(create, other, None).verdict is Verdict.CONFLICT


def test_delete_verdicts() -> None:
    """A delete is done when gone, clean when untouched, a conflict when edited since."""
    delete = Change(Action.DELETE, "queue", "Old", "q9", token=PINNED)
    assert analyse(delete, None, None).verdict is Verdict.ALREADY
    assert analyse(delete, BASE, PINNED).verdict is Verdict.CLEAN
    edited = analyse(delete, {**BASE, "description": "new"}, MOVED, BASE)
    assert (edited.verdict, edited.theirs) == (Verdict.CONFLICT, ("description",))


def test_nested_disjoint_fields() -> None:
    """A sibling field inside the same mapping is not ours: rebase, not conflict."""
    ours = FieldChange(("mediaSettings", "call", "serviceLevel", "percentage"), Op.MODIFY, 0.8, 0.9)
    change = Change(Action.UPDATE, "queue", "Q", "q", (ours,), {}, PINNED)
    base = {
        "mediaSettings": {
            "call": {"serviceLevel": {"percentage": 0.8}, "alertingTimeoutSeconds": 8}
        }
    }
    fresh = {
        "mediaSettings": {
            "call": {"serviceLevel": {"percentage": 0.8}, "alertingTimeoutSeconds": 20}
        }
    }
    found = analyse(change, fresh, MOVED, base)
    assert found.verdict is Verdict.REBASE
    assert found.theirs == ("mediaSettings.call.alertingTimeoutSeconds",)


def test_their_changes_sees_removed_fields() -> None:
    """A field the other editor cleared counts as theirs."""
    assert their_changes({"a": 1, "b": 2}, {"a": 1}, ()) == ("b",)
