"""`cxgate flow check|trace|graph`: exit codes, output formats, files written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from cxgate.cli.main import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "bundle" / "flows"
MAIN = str(EXAMPLES / "main-ivr.yaml")
QUEUE = str(EXAMPLES / "in-queue.yaml")
BROKEN = str(EXAMPLES.parent.parent / "broken-flows" / "after-hours.yaml")
SCENARIO = str(EXAMPLES / "scenarios" / "main-ivr.scenarios.yaml")

runner = CliRunner()


def test_check_clean_flows_exit_zero() -> None:
    """Flows without errors exit 0 and say so."""
    result = runner.invoke(app, ["flow", "check", MAIN, QUEUE])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("0 error(s), 0 warning(s) in 2 flow(s)")


def test_check_error_exits_one_with_json_findings() -> None:
    """An error finding (the bundle's policy raises it) exits 1; --output json lists
    {rule, severity, file, line, message}."""
    bundle = str(EXAMPLES.parent)
    result = runner.invoke(app, ["flow", "check", BROKEN, "--bundle", bundle, "--output", "json"])
    assert result.exit_code == 1
    findings = json.loads(result.output)
    assert {(f["rule"], f["severity"]) for f in findings} == {
        ("transfer-no-failure-path", "error"),
        ("menu-no-default", "warning"),
    }
    assert all({"rule", "severity", "file", "line", "message"} <= set(f) for f in findings)


def test_check_warnings_alone_exit_zero() -> None:
    """Without a policy the failed-transfer finding is a warning: exit 0."""
    result = runner.invoke(app, ["flow", "check", BROKEN])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("0 error(s), 2 warning(s) in 1 flow(s)")


def test_check_markdown_and_names(tmp_path: Path) -> None:
    """Markdown renders a table; a names file turns unknown queues into errors."""
    names = tmp_path / "names.yaml"
    names.write_text("queue: [Sales, Support]\n", encoding="utf-8")
    result = runner.invoke(
        app, ["flow", "check", MAIN, "--names", str(names), "--output", "markdown"]
    )
    assert result.exit_code == 1
    assert "`external-unresolved`" in result.output
    assert "queue 'Billing'" in result.output


def test_check_reports_unreadable_files_as_findings(tmp_path: Path) -> None:
    """A file that is not a flow becomes a file-invalid finding; the others are still checked."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("hello: [\n", encoding="utf-8")
    result = runner.invoke(app, ["flow", "check", str(bad), MAIN, "--output", "json"])
    assert result.exit_code == 1
    assert [f["rule"] for f in json.loads(result.output)] == ["file-invalid"]


def test_trace_scenarios_pass_and_write_coverage(tmp_path: Path) -> None:
    """Passing journeys exit 0; the coverage file is written."""
    coverage = tmp_path / "cov.json"
    result = runner.invoke(
        app, ["flow", "trace", MAIN, "-s", SCENARIO, "--coverage-out", str(coverage)]
    )
    assert result.exit_code == 0, result.output
    assert "10/10 journey(s) passed" in result.output
    assert json.loads(coverage.read_text(encoding="utf-8"))["flows"][0]["flow"] == "Acme Main IVR"


def test_trace_missed_expectation_exits_one_with_a_diff(tmp_path: Path) -> None:
    """A journey that ends elsewhere than expected fails with expected and actual lines."""
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        f"flow: {MAIN}\njourneys:\n  - name: wrong\n    schedule: open\n    inputs: [1]\n"
        "    expect: {transfer_to: Billing}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["flow", "trace", MAIN, "-s", str(scenario)])
    assert result.exit_code == 1
    assert "FAIL  wrong" in result.output
    assert "- Billing" in result.output
    assert "+ transfer to queue:Sales - New Business" in result.output


def test_trace_explore_json_reaches_full_coverage(tmp_path: Path) -> None:
    """--explore --output json reports fractions of 1.0 for the demo flows."""
    saved = tmp_path / "explored.yaml"
    result = runner.invoke(
        app,
        ["flow", "trace", MAIN, "--explore", "--output", "json", "--save-journeys", str(saved)],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["node_coverage"], data["transition_coverage"]) == (1.0, 1.0)
    replay = runner.invoke(app, ["flow", "trace", MAIN, "-s", str(saved), "--output", "json"])
    assert json.loads(replay.output)["transition_coverage"] == 1.0


def test_graph_formats(tmp_path: Path) -> None:
    """mermaid to stdout; dot and html to files, html coloured from a coverage file."""
    mermaid = runner.invoke(app, ["flow", "graph", MAIN])
    assert mermaid.exit_code == 0
    assert mermaid.output.startswith("flowchart TD")
    coverage = tmp_path / "cov.json"
    runner.invoke(app, ["flow", "trace", MAIN, "--explore", "--coverage-out", str(coverage)])
    page = tmp_path / "flow.html"
    result = runner.invoke(
        app,
        [
            "flow",
            "graph",
            MAIN,
            "--format",
            "html",
            "--coverage",
            str(coverage),
            "--out",
            str(page),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "transition coverage 49/49 (100%)" in page.read_text(encoding="utf-8")
    dot = runner.invoke(app, ["flow", "graph", MAIN, "--format", "dot"])
    assert dot.output.startswith('digraph "Acme Main IVR"')


def test_nothing_to_trace_is_one_clear_error() -> None:
    """Without scenarios or --explore the command says what to add, exit 1, no traceback."""
    result = subprocess.run(
        [sys.executable, "-c", "from cxgate.cli.main import main; main()", "flow", "trace", MAIN],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "nothing to trace" in result.stderr
    assert "--explore" in result.stderr
    assert "Traceback" not in result.stderr
