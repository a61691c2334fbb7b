"""Ownership: what cxgate may delete."""

from __future__ import annotations

from cxgate.plan.ownership import Ownership


def test_only_created_or_listed_objects_are_deletable() -> None:
    """Created-by-cxgate and listed objects have a reason; others are left alone."""
    owned = Ownership.of(created=[("queue", "q1")], listed={"queue": ["Old"]})
    assert (
        owned.why_deletable("queue", "Any", "q1") == "created by cxgate and no longer in the bundle"
    )
    assert owned.why_deletable("queue", "Old", None) == "listed under delete: in cxgate.yaml"
    assert owned.why_deletable("queue", "Theirs", "q2") is None
    assert owned.why_deletable("skill", "Old", "q1") is None
