"""In which order a deployment's steps may run, and which may run side by side.

Creates and updates go in the kinds' dependency order — features and skills, languages and
wrap-up codes before the queues that use them, queues before the flows that transfer to
them — and a queue that names another queue of the plan waits for it. Deletes come after
every create and update, in reverse: a queue goes before the skills it used. Steps with no
path between them are independent and may run in parallel. Barrier nodes (one per kind and
phase) keep the graph linear in the number of steps.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from graphlib import CycleError, TopologicalSorter

from cxgate.apply.steps import Step
from cxgate.errors import PlanError
from cxgate.plan.change import Action
from cxgate.resource.registry import KINDS

__all__ = ["AFTER", "Node", "dependency_graph"]

Node = Hashable  # a step index (int) or a barrier (a tuple)

# Kind → the kinds whose creates and updates must be done before its own.
AFTER: Mapping[str, frozenset[str]] = {
    "organization": frozenset(),
    "feature": frozenset({"organization"}),
    "skill": frozenset({"feature"}),
    "language": frozenset({"feature"}),
    "wrapup_code": frozenset({"feature"}),
    "queue": frozenset({"feature", "skill", "language", "wrapup_code"}),
    "flow": frozenset({"feature", "skill", "language", "wrapup_code", "queue"}),
}
_ALL_UPSERTS = ("upserts", "*")


def dependency_graph(steps: Sequence[Step]) -> dict[Node, set[Node]]:
    """Node → the nodes it waits for (graphlib's form); PlanError on a cycle."""
    graph: dict[Node, set[Node]] = {_ALL_UPSERTS: set()}
    upserted = _upserted_names(steps)
    for step in steps:
        kind = step.change.kind
        if step.change.action is Action.DELETE:
            graph[step.index] = {_ALL_UPSERTS, *_deletes_before(kind)}
            graph.setdefault(("deletes", kind), set()).add(step.index)
            continue
        waits: set[Node] = {("upserts", k) for k in AFTER.get(kind, ())}
        graph[step.index] = waits | _references(step, upserted)
        graph.setdefault(("upserts", kind), set()).add(step.index)
        graph[_ALL_UPSERTS].add(("upserts", kind))
    for kind in AFTER:  # barriers of kinds without steps exist too, empty
        graph.setdefault(("upserts", kind), set())
        graph.setdefault(("deletes", kind), set())
    _check_acyclic(graph)
    return graph


def _deletes_before(kind: str) -> list[Node]:
    """Deletes run in reverse: those of the kinds that depend on ``kind`` go first."""
    return [("deletes", k) for k, before in AFTER.items() if kind in before]


def _upserted_names(steps: Sequence[Step]) -> dict[tuple[str, str], int]:
    return {
        (s.change.kind, s.change.name): s.index
        for s in steps
        if s.change.action is not Action.DELETE
    }


def _references(step: Step, upserted: Mapping[tuple[str, str], int]) -> set[Node]:
    """Steps of the same kind this one names (a queue's overflow to a new queue)."""
    kind = KINDS.get(step.change.kind)
    if kind is None or step.change.desired is None:
        return set()
    found: set[Node] = set()
    for ref in kind.references(step.change.desired):
        other = upserted.get((ref.kind, ref.name))
        if ref.kind == kind.name and other is not None and other != step.index:
            found.add(other)
    return found


def _check_acyclic(graph: Mapping[Node, set[Node]]) -> None:
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as exc:
        cycle = " → ".join(str(n) for n in exc.args[1] if isinstance(n, int))
        raise PlanError(
            f"steps {cycle} name each other in a cycle; create one of them first without "
            "the reference, then add it in a second apply"
        ) from None
