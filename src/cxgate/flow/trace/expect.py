"""Check a trace against its journey's expectations and explain each miss as a small diff."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cxgate.flow.graph import FlowGraph, Node, NodeKind
from cxgate.flow.trace.machine import OutcomeKind
from cxgate.flow.trace.scenario import Expectation, Journey
from cxgate.flow.trace.walk import Trace

__all__ = ["JourneyResult", "Mismatch", "evaluate_journey", "matches", "milestones"]


@dataclass(frozen=True, slots=True)
class Mismatch:
    """One expectation not met: what was expected and what happened."""

    field: str
    expected: str
    actual: str

    def diff(self) -> list[str]:
        """``- expected`` / ``+ actual`` lines, as in a unified diff."""
        return [f"{self.field}:", f"  - {self.expected}", f"  + {self.actual}"]


@dataclass(frozen=True, slots=True)
class JourneyResult:
    """A journey, the trace it produced, and the expectations it missed."""

    journey: Journey
    trace: Trace
    mismatches: tuple[Mismatch, ...]

    @property
    def passed(self) -> bool:
        """True when every expectation held."""
        return not self.mismatches


def matches(node: Node, selector: str) -> bool:
    """A scenario names a node by id, refId or name."""
    return selector in (node.id, node.ref_id, node.name)


def evaluate_journey(graph: FlowGraph, journey: Journey, trace: Trace) -> JourneyResult:
    """Compare ``trace`` with what ``journey`` expects."""
    expect = journey.expect
    found = [
        *_unknown_names(graph, expect),
        *_visits(graph, expect.visits, trace),
        *_avoids(graph, expect.avoids, trace),
        *_ending(expect, trace),
        *_hears(expect.hears, trace),
    ]
    return JourneyResult(journey, trace, tuple(found))


def milestones(graph: FlowGraph, trace: Trace) -> list[str]:
    """The named places of a path (menus, tasks, named actions), for short messages."""
    out: list[str] = []
    for node_id in trace.nodes:
        node = graph.nodes[node_id]
        if node.kind is not NodeKind.ENTRY and node.name and (not out or out[-1] != node.name):
            out.append(node.name)
    return out


def _unknown_names(graph: FlowGraph, expect: Expectation) -> list[Mismatch]:
    names = {n for node in graph.nodes.values() for n in (node.id, node.ref_id, node.name)}
    return [
        Mismatch(field, f"a node named '{s}'", "no node has that id, refId or name")
        for field, selectors in (("visits", expect.visits), ("avoids", expect.avoids))
        for s in selectors
        if s not in names
    ]


def _visits(graph: FlowGraph, wanted: Sequence[str], trace: Trace) -> list[Mismatch]:
    position = 0
    for node_id in trace.nodes:
        if position < len(wanted) and matches(graph.nodes[node_id], wanted[position]):
            position += 1
    if position == len(wanted):
        return []
    reached = " → ".join(wanted[:position]) or "(none)"
    return [
        Mismatch(
            "visits (in order)",
            " → ".join(wanted),
            f"reached {reached}, then not '{wanted[position]}'; path: "
            + " → ".join(milestones(graph, trace)),
        )
    ]


def _avoids(graph: FlowGraph, avoided: Sequence[str], trace: Trace) -> list[Mismatch]:
    out = []
    for selector in avoided:
        hit = next((n for n in trace.nodes if matches(graph.nodes[n], selector)), None)
        if hit is not None:
            line = graph.nodes[hit].line
            out.append(Mismatch("avoids", f"never '{selector}'", f"passed it (line {line})"))
    return out


def _ending(expect: Expectation, trace: Trace) -> list[Mismatch]:
    outcome = trace.outcome
    out = []
    if expect.ends is not None and outcome.kind is not expect.ends:
        out.append(Mismatch("ends", expect.ends.value, outcome.describe()))
    if expect.transfer_to is not None:
        detail = outcome.detail if outcome.kind is OutcomeKind.TRANSFER else ""
        names = {detail, detail.split(":", 1)[-1]} if detail else set()
        if expect.transfer_to not in names:
            out.append(Mismatch("transfer_to", expect.transfer_to, outcome.describe()))
    return out


def _hears(wanted: Sequence[str], trace: Trace) -> list[Mismatch]:
    heard = [h.lower() for h in trace.heard]
    missing = [w for w in wanted if not any(w.lower() in h for h in heard)]
    if not missing:
        return []
    said = "; ".join(f'"{h}"' for h in trace.heard) or "(nothing)"
    return [Mismatch("hears", ", ".join(f'"{m}"' for m in missing), f"heard {said}")]
