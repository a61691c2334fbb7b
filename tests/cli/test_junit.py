"""``flow trace --junit FILE``: each journey a JUnit test case, as CI test reporters read it."""

from __future__ import annotations

from pathlib import Path

from junitparser import Failure, JUnitXml, TestSuite
from typer.testing import CliRunner

from cxgate.cli.main import app

FLOWS = Path(__file__).resolve().parents[2] / "examples" / "bundle" / "flows"
MAIN = str(FLOWS / "main-ivr.yaml")
QUEUE = str(FLOWS / "in-queue.yaml")

runner = CliRunner()


def _suites(path: Path) -> list[TestSuite]:
    return list(JUnitXml.fromfile(str(path)))


def test_every_journey_is_a_passing_case(tmp_path: Path) -> None:
    """Two flows, their scenario files: one suite per flow, one passing case per journey."""
    out = tmp_path / "junit.xml"
    result = runner.invoke(
        app,
        ["flow", "trace", MAIN, QUEUE, "-s", str(FLOWS / "scenarios" / "main-ivr.scenarios.yaml"),
         "-s", str(FLOWS / "scenarios" / "in-queue.scenarios.yaml"), "--junit", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    suites = _suites(out)
    assert len(suites) == 2
    main = suites[0]
    assert main.name == "Acme Main IVR"
    assert main.tests == 10
    assert main.failures == 0
    names = [case.name for case in main]
    assert "Sales caller during opening hours" in names
    assert all(case.is_passed for suite in suites for case in suite)
    assert all(case.classname == "Acme Main IVR" for case in main)
    coverage = {p.name: float(p.value) for p in main.properties()}
    assert 0 < coverage["node_coverage"] <= 1


def test_a_missed_expectation_is_a_failure_with_its_diff(tmp_path: Path) -> None:
    """A failing journey is a failed case whose text shows expected and actual; exit 1."""
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        f"flow: {MAIN}\njourneys:\n"
        "  - name: right\n    schedule: open\n    inputs: [1]\n"
        "    expect: {transfer_to: Sales - New Business}\n"
        "  - name: wrong <&>\n    schedule: open\n    inputs: [1]\n"
        "    expect: {transfer_to: Billing}\n",
        encoding="utf-8",
    )
    out = tmp_path / "junit.xml"
    result = runner.invoke(app, ["flow", "trace", MAIN, "-s", str(scenario), "--junit", str(out)])
    assert result.exit_code == 1
    (suite,) = _suites(out)
    assert (suite.tests, suite.failures) == (2, 1)
    cases = {case.name: case for case in suite}
    assert cases["right"].is_passed
    (failure,) = cases["wrong <&>"].result
    assert isinstance(failure, Failure)
    assert "- Billing" in (failure.text or "")
    assert "+ transfer to queue:Sales - New Business" in (failure.text or "")
    assert "transfer" in (failure.message or "")


def test_junit_into_a_missing_folder_is_refused_first(tmp_path: Path) -> None:
    """The file's folder is checked before any flow is traced: one line, exit 1."""
    out = tmp_path / "no" / "junit.xml"
    result = runner.invoke(app, ["flow", "trace", MAIN, "--explore", "--junit", str(out)])
    assert result.exit_code == 1
    assert "--junit" in result.output
