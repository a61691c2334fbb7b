"""Dependency order: what a step waits for, and what may run side by side."""

from __future__ import annotations

from graphlib import TopologicalSorter

import pytest

from cxgate.apply.order import AFTER, dependency_graph
from cxgate.apply.steps import Step
from cxgate.errors import PlanError
from cxgate.plan.change import Action, Change
from cxgate.resource.registry import KINDS


def _step(index: int, action: Action, kind: str, name: str, desired: dict | None = None) -> Step:
    body = (
        desired
        if desired is not None
        else ({"name": name} if action is not Action.DELETE else None)
    )
    return Step(
        index,
        Change(
            action, kind, name, None if action is Action.CREATE else f"id-{index}", desired=body
        ),
    )


def _waves(steps: list[Step]) -> list[set[int]]:
    """The steps that become ready together, wave after wave."""
    sorter = TopologicalSorter(dependency_graph(steps))
    sorter.prepare()
    waves: list[set[int]] = []
    while sorter.is_active():
        ready = sorter.get_ready()
        ints = {n for n in ready if isinstance(n, int)}
        if ints:
            waves.append(ints)
        sorter.done(*ready)
    return waves


def test_every_declared_dependency_is_respected() -> None:
    """AFTER holds every kind's depends_on (the registry's declarations)."""
    for kind in KINDS.values():
        assert set(kind.depends_on) <= AFTER[kind.name] | {"organization"}


def test_skills_and_codes_before_queues_before_flows_deletes_last_in_reverse() -> None:
    """Upserts by kind order; deletes after all of them, queues before the skills they used."""
    steps = [
        _step(0, Action.DELETE, "skill", "Old skill"),
        _step(1, Action.UPDATE, "queue", "Sales"),
        _step(2, Action.CREATE, "skill", "New skill"),
        _step(3, Action.CREATE, "wrapup_code", "Sale"),
        _step(4, Action.DELETE, "queue", "Old queue"),
        _step(5, Action.UPDATE, "flow", "Main IVR", {"name": "Main IVR", "type": "inboundCall"}),
        _step(6, Action.UPDATE, "organization", "organization"),
    ]
    order = [i for wave in _waves(steps) for i in sorted(wave)]
    position = {index: order.index(index) for index in order}
    assert position[6] < position[2] < position[1] < position[5]
    assert position[3] < position[1]
    assert max(position[i] for i in (1, 2, 3, 5, 6)) < position[4] < position[0]


def test_independent_changes_share_a_wave() -> None:
    """Many queue updates are all ready at once (the pool runs them side by side)."""
    steps = [_step(i, Action.UPDATE, "queue", f"Q{i}") for i in range(50)]
    assert _waves(steps) == [set(range(50))]


def test_a_queue_waits_for_the_new_queue_it_overflows_to() -> None:
    """Conditional group routing naming a queue of the same plan orders the two."""
    rule = {"rules": [{"queue": "Overflow", "metric": "ServiceLevel", "operator": "LessThan"}]}
    steps = [
        _step(
            0, Action.CREATE, "queue", "Front", {"name": "Front", "conditionalGroupRouting": rule}
        ),
        _step(1, Action.CREATE, "queue", "Overflow"),
    ]
    assert _waves(steps) == [{1}, {0}]


def test_queues_naming_each_other_in_a_cycle_are_refused() -> None:
    """Two new queues overflowing to each other cannot be created in any order."""

    def overflow(to: str) -> dict:
        return {"rules": [{"queue": to, "metric": "ServiceLevel", "operator": "LessThan"}]}

    steps = [
        _step(
            0, Action.CREATE, "queue", "A", {"name": "A", "conditionalGroupRouting": overflow("B")}
        ),
        _step(
            1, Action.CREATE, "queue", "B", {"name": "B", "conditionalGroupRouting": overflow("A")}
        ),
    ]
    with pytest.raises(PlanError, match="cycle"):
        dependency_graph(steps)
