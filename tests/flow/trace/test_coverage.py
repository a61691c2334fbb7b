"""Coverage fractions, the coverage file, and finding a flow's entry in it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cxgate.errors import BundleError
from cxgate.flow.read.archy import read_flow
from cxgate.flow.trace.coverage import coverage_of, dump_coverage, load_coverage, matching_coverage
from cxgate.flow.trace.scenario import Journey
from cxgate.flow.trace.walk import run_journey

from ..helpers import BROKEN


def test_fractions_count_distinct_nodes_and_transitions() -> None:
    """Repeated visits count once; unknown ids are ignored."""
    graph = read_flow(BROKEN)
    hang_up = run_journey(graph, Journey.model_validate({"name": "bye", "inputs": [9]}))
    coverage = coverage_of(graph, [hang_up, hang_up])
    assert len(coverage.covered_transitions) == len(hang_up.transitions)
    assert coverage.transition_fraction == pytest.approx(
        len(hang_up.transitions) / len(graph.transitions)
    )
    assert coverage.node_fraction == pytest.approx(len(set(hang_up.nodes)) / len(graph.nodes))
    assert coverage.uncovered_transitions() == [
        t.id for t in graph.transitions if t.id not in hang_up.transitions
    ]


def test_file_round_trip_and_matching(tmp_path: Path) -> None:
    """A written coverage file reads back and matches the flow by file, or by flow name."""
    graph = read_flow(BROKEN)
    trace = run_journey(graph, Journey.model_validate({"name": "bye", "inputs": [9]}))
    path = tmp_path / "cov.json"
    dump_coverage([coverage_of(graph, [trace])], path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data["flows"][0]) >= {"node_coverage", "transition_coverage", "covered_transitions"}
    entries = load_coverage(path)
    assert matching_coverage(graph, entries) == frozenset(trace.transitions)
    renamed = [{**entries[0], "file": "elsewhere/x.yaml"}]
    assert matching_coverage(graph, renamed) == frozenset(trace.transitions)
    with pytest.raises(BundleError, match="no entry for this flow"):
        matching_coverage(graph, [{"file": "other.yaml", "flow": "Other"}])


@pytest.mark.parametrize("content", ["not json", "{}", '{"flows": 3}'])
def test_bad_coverage_files_are_reported(tmp_path: Path, content: str) -> None:
    """Anything but a coverage file is refused with the fix."""
    path = tmp_path / "cov.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BundleError, match="not a cxgate coverage file"):
        load_coverage(path)
