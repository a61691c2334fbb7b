"""Node and transition coverage of a flow by a set of traces, and the coverage file format.

The file (``cxgate flow trace --coverage-out cov.json``) is JSON:
``{"flows": [{"file", "flow", "node_coverage", "transition_coverage", "nodes": {...},
"transitions": {...}, "covered_nodes": [...], "covered_transitions": [...],
"uncovered_transitions": [...]}]}``; ``flow graph --coverage`` reads it back to colour a
drawing. Ids are the node paths and ``source::label`` transition ids of the FlowGraph.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cxgate.errors import BundleError
from cxgate.flow.graph import FlowGraph
from cxgate.flow.trace.walk import Trace

__all__ = ["Coverage", "coverage_of", "dump_coverage", "load_coverage", "matching_coverage"]


@dataclass(frozen=True, slots=True)
class Coverage:
    """What a set of traces touched in one flow."""

    file: str
    flow: str
    nodes: tuple[str, ...]
    transitions: tuple[str, ...]
    covered_nodes: frozenset[str]
    covered_transitions: frozenset[str]

    @property
    def node_fraction(self) -> float:
        """Covered nodes / all nodes (1.0 for an empty flow)."""
        return len(self.covered_nodes) / len(self.nodes) if self.nodes else 1.0

    @property
    def transition_fraction(self) -> float:
        """Covered transitions / all transitions (1.0 when there are none)."""
        return len(self.covered_transitions) / len(self.transitions) if self.transitions else 1.0

    def uncovered_transitions(self) -> list[str]:
        """Transition ids no trace took, in file order."""
        return [t for t in self.transitions if t not in self.covered_transitions]

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of one flow in a coverage file."""
        return {
            "file": self.file,
            "flow": self.flow,
            "node_coverage": round(self.node_fraction, 6),
            "transition_coverage": round(self.transition_fraction, 6),
            "nodes": {"covered": len(self.covered_nodes), "total": len(self.nodes)},
            "transitions": {
                "covered": len(self.covered_transitions),
                "total": len(self.transitions),
            },
            "covered_nodes": [n for n in self.nodes if n in self.covered_nodes],
            "covered_transitions": [t for t in self.transitions if t in self.covered_transitions],
            "uncovered_transitions": self.uncovered_transitions(),
        }


def coverage_of(graph: FlowGraph, traces: Iterable[Trace]) -> Coverage:
    """Coverage of ``graph`` by ``traces``."""
    nodes: set[str] = set()
    transitions: set[str] = set()
    for trace in traces:
        nodes.update(trace.nodes)
        transitions.update(trace.transitions)
    return Coverage(
        file=graph.file,
        flow=graph.name,
        nodes=tuple(graph.nodes),
        transitions=tuple(t.id for t in graph.transitions),
        covered_nodes=frozenset(nodes & graph.nodes.keys()),
        covered_transitions=frozenset(transitions & {t.id for t in graph.transitions}),
    )


def dump_coverage(coverages: Sequence[Coverage], path: Path) -> None:
    """Write a coverage file."""
    data = {"flows": [c.as_dict() for c in coverages]}
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def load_coverage(path: Path) -> list[dict[str, Any]]:
    """Read a coverage file's flow entries."""
    try:
        flows = json.loads(path.read_text(encoding="utf-8"))["flows"]
        if not isinstance(flows, list):
            raise TypeError("'flows' is not a list")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BundleError(
            f"{path}: not a cxgate coverage file ({exc}) "
            "(fix: write one with `cxgate flow trace ... --coverage-out FILE`)"
        ) from exc
    return flows


def matching_coverage(graph: FlowGraph, entries: list[dict[str, Any]]) -> frozenset[str]:
    """Covered transition ids recorded for this flow (same file, else same flow name)."""
    for key, value in (("file", graph.file), ("flow", graph.name)):
        for entry in entries:
            same = entry.get(key) == value or (
                key == "file" and Path(str(entry.get(key, ""))).name == Path(value).name
            )
            if same:
                return frozenset(entry.get("covered_transitions", []))
    raise BundleError(
        f"{graph.file}: the coverage file has no entry for this flow "
        "(fix: trace this flow with --coverage-out, or pass the matching coverage file)"
    )
