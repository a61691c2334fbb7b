"""Text, Markdown and JSON shapes of check and trace results."""

from __future__ import annotations

from cxgate.flow.check.finding import Finding
from cxgate.flow.check.run import check
from cxgate.flow.read.archy import read_flow
from cxgate.flow.report import check_markdown, check_text, trace_data, trace_markdown, trace_text
from cxgate.flow.suite import run_flow
from cxgate.flow.trace.scenario import load_scenario

from .helpers import BROKEN, EXAMPLES


def test_check_text_and_markdown() -> None:
    """Text has one line per finding and a count; Markdown is a table, or a clean bill."""
    findings = check(read_flow(BROKEN))
    text = check_text(findings, 1)
    assert text[-1] == "0 error(s), 2 warning(s) in 1 flow(s)"
    markdown = check_markdown(findings, 1)
    assert markdown[2] == "| severity | rule | where | finding | fix |"
    assert any("`transfer-no-failure-path`" in line for line in markdown)
    assert check_markdown([], 2) == ["✅ `cxgate flow check`: no findings in 2 flow(s)."]


def test_summary_counts_notes_only_when_there_are_some() -> None:
    """Notes (severity info) are counted after the warnings."""
    note = Finding("loop-no-exit", "info", "f.yaml", 1, "loops", "exit")
    assert check_text([note], 1)[-1] == "0 error(s), 0 warning(s), 1 note(s) in 1 flow(s)"


def test_markdown_cells_escape_pipes() -> None:
    """A pipe in a message cannot break the table."""
    finding = Finding("dead-end", "error", "f.yaml", 1, "a | b", "c")
    assert "a \\| b" in check_markdown([finding], 1)[-1]


def _run(explore: bool = False):  # type: ignore[no-untyped-def]
    graph = read_flow(EXAMPLES / "main-ivr.yaml")
    journeys = load_scenario(EXAMPLES / "scenarios" / "main-ivr.scenarios.yaml").journeys
    return run_flow(graph, journeys, explore_paths=explore)


def test_trace_text_lists_journeys_and_coverage() -> None:
    """Each journey shows PASS and its path; coverage and the total close the report."""
    lines = trace_text([_run(explore=True)])
    assert sum(line.startswith("  PASS") for line in lines) == 10
    assert any("explored" in line for line in lines)
    header = next(i for i, line in enumerate(lines) if line.startswith("flow "))
    row = lines[header + 1].split()
    assert row[0].endswith("main-ivr.yaml")
    assert row[1:] == ["22", "37/37", "100.0%", "49/49", "100.0%"]
    assert lines[-1] == "10/10 journey(s) passed"


def test_trace_json_has_fractions_and_mismatches() -> None:
    """The JSON document carries node and transition coverage as fractions at both levels."""
    data = trace_data([_run()])
    assert data["passed"] is True
    assert 0 < data["node_coverage"] < 1
    assert 0 < data["transition_coverage"] < 1
    flow = data["flows"][0]
    assert flow["transition_coverage"] == data["transition_coverage"]
    journey = flow["journeys"][0]
    assert set(journey) == {"name", "passed", "outcome", "path", "notes", "mismatches"}
    assert journey["outcome"] == {
        "kind": "transfer",
        "node": "/inboundCall/tasks/task[Sales Task_30]/actions/0",
        "detail": "queue:Sales - New Business",
    }


def test_trace_markdown_tables() -> None:
    """Markdown has a journey table and a coverage table."""
    lines = trace_markdown([_run()])
    assert lines[2] == "| flow | journey | result | ended |"
    assert sum("✅" in line for line in lines) == 10
    assert any(line.startswith("| flow | nodes | transitions |") for line in lines)
