"""Exploration: full coverage on the demo flows, journeys that replay exactly, and bounds."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings

from cxgate.flow.analysis import reachable
from cxgate.flow.read.archy import parse_flow, read_flow
from cxgate.flow.trace.explore import explore
from cxgate.flow.trace.scenario import Scenario, dump_scenario
from cxgate.flow.trace.walk import run_journey
from cxgate.testing.flows import synthetic_flow

from ..helpers import EXAMPLES, corpus_params
from ..strategies import flows

DEMO_FLOWS = ["main-ivr.yaml", "in-queue.yaml"]


@pytest.mark.parametrize("name", DEMO_FLOWS)
def test_demo_flows_reach_full_coverage(name: str) -> None:
    """--explore takes every transition and visits every node of the demo flows."""
    result = explore(read_flow(EXAMPLES / name))
    assert result.coverage.transition_fraction == 1.0
    assert result.coverage.node_fraction == 1.0
    assert not result.truncated


@pytest.mark.parametrize(
    "path", [pytest.param(EXAMPLES / n, id=n) for n in DEMO_FLOWS] + corpus_params()
)
def test_explored_journeys_replay_exactly(path: Path) -> None:
    """Each explored journey, run through the tracer, takes the same transitions and ends alike."""
    graph = read_flow(path)
    result = explore(graph)
    for trace, journey in zip(result.traces, result.journeys(), strict=True):
        replay = run_journey(graph, journey)
        assert replay.transitions == trace.transitions
        assert replay.outcome == trace.outcome


def test_explored_journeys_survive_a_scenario_file_round_trip(tmp_path: Path) -> None:
    """Saved journeys load back as the same journeys."""
    from cxgate.flow.trace.scenario import load_scenario

    result = explore(read_flow(EXAMPLES / "main-ivr.yaml"))
    scenario = Scenario(flow="../main-ivr.yaml", journeys=result.journeys())
    path = tmp_path / "explored.yaml"
    path.write_text(dump_scenario(scenario), encoding="utf-8")
    assert load_scenario(path) == scenario


def test_journey_bound_truncates() -> None:
    """A bound on journeys stops early and says so."""
    result = explore(read_flow(EXAMPLES / "main-ivr.yaml"), max_journeys=2)
    assert len(result.traces) == 2
    assert result.truncated
    assert result.coverage.transition_fraction < 1.0


def test_synthetic_flow_full_coverage() -> None:
    """The benchmark's generated flow (small here) is fully covered."""
    graph = parse_flow(synthetic_flow(600), "synthetic.yaml")
    result = explore(graph)
    assert result.coverage.transition_fraction == 1.0


@settings(max_examples=150)
@given(flows())
def test_explore_takes_every_transition_a_caller_can_reach(text: str) -> None:
    """Without reusable tasks, every transition leaving a reachable node gets taken."""
    graph = parse_flow(text, "generated.yaml")
    result = explore(graph)
    live = reachable(graph)
    expected = {t.id for t in graph.transitions if t.source in live}
    assert set(result.coverage.covered_transitions) == expected
    assert set(result.coverage.covered_nodes) == live
