"""Turn check findings and trace runs into text, Markdown and JSON-ready data (no printing)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cxgate.flow.check.finding import Finding
from cxgate.flow.graph import FlowGraph, NodeKind

if TYPE_CHECKING:  # the shapes of trace results; checking flows never loads the tracer
    from cxgate.flow.suite import FlowRun
    from cxgate.flow.trace.expect import JourneyResult
    from cxgate.flow.trace.walk import Trace

__all__ = [
    "check_markdown",
    "check_summary",
    "check_text",
    "coverage_table",
    "trace_data",
    "trace_markdown",
    "trace_text",
]


def check_summary(findings: Sequence[Finding], flows: int) -> str:
    """``2 error(s), 1 warning(s) in 3 flow(s)`` (and the notes, when there are any)."""
    counts = Counter(f.severity for f in findings)
    notes = f", {counts['info']} note(s)" if counts["info"] else ""
    return f"{counts['error']} error(s), {counts['warning']} warning(s){notes} in {flows} flow(s)"


def check_text(findings: Sequence[Finding], flows: int) -> list[str]:
    """One line per finding, then the summary."""
    return [str(f) for f in findings] + [check_summary(findings, flows)]


def check_markdown(findings: Sequence[Finding], flows: int) -> list[str]:
    """A Markdown table for a pull-request comment."""
    if not findings:
        return [f"✅ `cxgate flow check`: no findings in {flows} flow(s)."]
    lines = [
        f"### `cxgate flow check`: {check_summary(findings, flows)}",
        "",
        "| severity | rule | where | finding | fix |",
        "|---|---|---|---|---|",
    ]
    icons = {"error": "❌", "warning": "⚠️", "info": "ℹ️"}
    for f in findings:
        lines.append(
            f"| {icons.get(f.severity, '')} {f.severity} | `{f.rule}` | `{f.file}:{f.line}` | "
            f"{_cell(f.message)} | {_cell(f.fix)} |"
        )
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _path_summary(graph: FlowGraph, trace: Trace, limit: int = 12) -> str:
    """The named stops of a journey, with what the caller did at each."""
    stops: list[str] = []
    for step in trace.steps:
        node = graph.nodes[step.node]
        if node.kind is NodeKind.ENTRY:
            continue
        shown = node.kind in (NodeKind.MENU, NodeKind.TASK) or bool(step.note)
        if shown:
            stops.append(f"{node.label} [{step.note}]" if step.note else node.label)
    if len(stops) > limit:
        stops = [*stops[: limit // 2], "…", *stops[-limit // 2 :]]
    return " → ".join([*stops, trace.outcome.describe()])


def _steps(graph: FlowGraph, trace: Trace) -> list[str]:
    lines = []
    for number, step in enumerate(trace.steps, start=1):
        node = graph.nodes[step.node]
        note = f"  [{step.note}]" if step.note else ""
        lines.append(f"      {number:3d}. {node.type} '{node.label}' (line {node.line}){note}")
    return lines


def coverage_table(runs: Sequence[FlowRun]) -> list[str]:
    """Node and transition coverage per flow, one row each."""
    width = max([len("flow"), *(len(run.graph.file) for run in runs)])
    lines = [f"{'flow':<{width}}  {'journeys':>8}  {'nodes':>16}  {'transitions':>16}"]
    for run in runs:
        c = run.coverage
        journeys = len(run.results) + (len(run.exploration.traces) if run.exploration else 0)
        nodes = f"{len(c.covered_nodes)}/{len(c.nodes)} {c.node_fraction:6.1%}"
        transitions = (
            f"{len(c.covered_transitions)}/{len(c.transitions)} {c.transition_fraction:6.1%}"
        )
        lines.append(f"{run.graph.file:<{width}}  {journeys:>8}  {nodes:>16}  {transitions:>16}")
    return lines


def trace_text(runs: Sequence[FlowRun], *, show_steps: bool = False) -> list[str]:
    """Per flow: each journey with PASS/FAIL, its path, the diff of any miss; coverage."""
    lines: list[str] = []
    for run in runs:
        g = run.graph
        lines.append(f"{g.file} — {g.name or '(no name)'} ({g.kind})")
        for result in run.results:
            lines.extend(_result_lines(g, result, show_steps))
        if run.exploration is not None:
            bound = " (stopped at a bound)" if run.exploration.truncated else ""
            lines.append(f"  explored {len(run.exploration.traces)} journey(s){bound}")
            if show_steps:
                for trace in run.exploration.traces:
                    lines.append(f"    {trace.journey}: {_path_summary(g, trace)}")
    lines.extend(coverage_table(runs))
    failed = sum(not r.passed for run in runs for r in run.results)
    total = sum(len(run.results) for run in runs)
    if total:
        lines.append(f"{total - failed}/{total} journey(s) passed")
    return lines


def _result_lines(graph: FlowGraph, result: JourneyResult, show_steps: bool) -> list[str]:
    status = "PASS" if result.passed else "FAIL"
    lines = [f"  {status}  {result.journey.name}: {_path_summary(graph, result.trace)}"]
    if show_steps or not result.passed:
        lines.extend(_steps(graph, result.trace))
    for note in result.trace.notes:
        lines.append(f"        note: {note}")
    for mismatch in result.mismatches:
        lines.extend(f"        {line}" for line in mismatch.diff())
    return lines


def trace_data(runs: Sequence[FlowRun]) -> dict[str, Any]:
    """The ``--output json`` document of ``flow trace``."""
    flows = [_run_data(run) for run in runs]
    nodes = sum(len(r.coverage.nodes) for r in runs)
    transitions = sum(len(r.coverage.transitions) for r in runs)
    return {
        "passed": all(run.passed for run in runs),
        "node_coverage": _fraction(sum(len(r.coverage.covered_nodes) for r in runs), nodes),
        "transition_coverage": _fraction(
            sum(len(r.coverage.covered_transitions) for r in runs), transitions
        ),
        "flows": flows,
    }


def _fraction(part: int, whole: int) -> float:
    return round(part / whole, 6) if whole else 1.0


def _run_data(run: FlowRun) -> dict[str, Any]:
    return {
        "file": run.graph.file,
        "flow": run.graph.name,
        "passed": run.passed,
        "node_coverage": round(run.coverage.node_fraction, 6),
        "transition_coverage": round(run.coverage.transition_fraction, 6),
        "explored": len(run.exploration.traces) if run.exploration else 0,
        "journeys": [_journey_data(r) for r in run.results],
        "uncovered_transitions": run.coverage.uncovered_transitions(),
    }


def _journey_data(result: JourneyResult) -> dict[str, Any]:
    outcome = result.trace.outcome
    return {
        "name": result.journey.name,
        "passed": result.passed,
        "outcome": {"kind": outcome.kind.value, "node": outcome.node, "detail": outcome.detail},
        "path": result.trace.nodes,
        "notes": list(result.trace.notes),
        "mismatches": [
            {"field": m.field, "expected": m.expected, "actual": m.actual}
            for m in result.mismatches
        ],
    }


def trace_markdown(runs: Sequence[FlowRun]) -> list[str]:
    """A Markdown summary: one table of journeys and one of coverage."""
    lines = [
        "### `cxgate flow trace`",
        "",
        "| flow | journey | result | ended |",
        "|---|---|---|---|",
    ]
    for run in runs:
        for r in run.results:
            mark = "✅" if r.passed else "❌"
            lines.append(
                f"| `{run.graph.file}` | {_cell(r.journey.name)} | {mark} | "
                f"{_cell(r.trace.outcome.describe())} |"
            )
    lines += ["", "| flow | nodes | transitions |", "|---|---|---|"]
    for run in runs:
        c = run.coverage
        lines.append(
            f"| `{run.graph.file}` | {c.node_fraction:.1%} | {c.transition_fraction:.1%} |"
        )
    return lines
