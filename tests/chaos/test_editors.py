"""Another editor between plan and apply, just before cxgate's re-read, and at the write,
for each writable kind: disjoint edits are rebased and reported, overlapping ones stop the
run naming both values, a name created by someone else is never created twice, and their
value is never overwritten where the API lets cxgate know (the one unguarded window, a
queue or wrap-up code PUT racing a UI edit after cxgate's re-read, is counted apart)."""

from __future__ import annotations

import pytest

from cxgate.testing.chaos.editors import EDITS, TIMINGS, Edit, run_editor_case


@pytest.mark.parametrize("timing", TIMINGS)
@pytest.mark.parametrize("edit", EDITS, ids=[e.label for e in EDITS])
def test_another_editor_is_never_overwritten(edit: Edit, timing: str) -> None:
    case = run_editor_case(edit, timing)
    assert case.overwrites == 0, case.as_dict()
    assert case.copies == 1, case.as_dict()
    assert case.ok, case.as_dict()


def test_the_unguarded_window_is_where_the_api_has_no_version() -> None:
    """Races are lost only on kinds without a version (queue, wrap-up code); before the
    re-read the same edit is rebased."""
    queue = next(e for e in EDITS if e.label == "queue/disjoint")
    assert run_editor_case(queue, "at-the-write").race == 1
    assert run_editor_case(queue, "before-the-re-read").outcome == "rebased"
    org = next(e for e in EDITS if e.label == "organization/overlapping")
    guarded = run_editor_case(org, "at-the-write")
    assert (guarded.race, guarded.outcome, guarded.theirs_kept) == (0, "conflicted", True)
