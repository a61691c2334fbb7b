"""Run flow checks and traces over several files: what ``cxgate flow …`` does, minus printing.

Scenario files say which flow they exercise (``flow:``, relative to the scenario file); a
scenario without it applies when exactly one flow is traced. The ``--vars`` and ``--names``
files are read by ``cxgate.flow.inputs``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cxgate.flow.graph import FlowGraph
from cxgate.flow.read.source import FlowFileError
from cxgate.flow.trace.coverage import Coverage, coverage_of
from cxgate.flow.trace.expect import JourneyResult, evaluate_journey
from cxgate.flow.trace.explore import MAX_JOURNEYS, Exploration, explore
from cxgate.flow.trace.scenario import Journey, load_scenario
from cxgate.flow.trace.walk import run_journey

__all__ = ["FlowRun", "journeys_by_flow", "run_flow"]


@dataclass(frozen=True, slots=True)
class FlowRun:
    """Everything traced on one flow: scenario results, exploration, coverage."""

    graph: FlowGraph
    results: tuple[JourneyResult, ...]
    exploration: Exploration | None
    coverage: Coverage

    @property
    def passed(self) -> bool:
        """True when every scenario journey met its expectations."""
        return all(r.passed for r in self.results)


def run_flow(
    graph: FlowGraph,
    journeys: Sequence[Journey],
    *,
    explore_paths: bool = False,
    max_journeys: int = MAX_JOURNEYS,
) -> FlowRun:
    """Trace the journeys, explore if asked, and measure coverage over all of it."""
    results = tuple(evaluate_journey(graph, j, run_journey(graph, j)) for j in journeys)
    exploration = explore(graph, max_journeys) if explore_paths else None
    traces = [r.trace for r in results] + list(exploration.traces if exploration else ())
    return FlowRun(graph, results, exploration, coverage_of(graph, traces))


def journeys_by_flow(flows: Sequence[Path], scenarios: Sequence[Path]) -> dict[Path, list[Journey]]:
    """Assign each scenario's journeys to the flow it names (or to the only flow)."""
    resolved = {flow.resolve(): flow for flow in flows}
    out: dict[Path, list[Journey]] = {flow: [] for flow in flows}
    for path in scenarios:
        scenario = load_scenario(path)
        if scenario.flow is None:
            if len(flows) != 1:
                raise FlowFileError(
                    str(path), 1, "the scenario does not say which flow it traces",
                    "add `flow: <path of the flow file, relative to this file>`",
                )  # fmt: skip
            out[flows[0]].extend(scenario.journeys)
            continue
        target = (path.parent / scenario.flow).resolve()
        if target not in resolved:
            raise FlowFileError(
                str(path), 1, f"the scenario traces {scenario.flow}, which is not being traced",
                f"add {scenario.flow} to the flow files on the command line",
            )  # fmt: skip
        out[resolved[target]].extend(scenario.journeys)
    return out
