"""``--output sarif`` of ``validate`` and ``flow check``: SARIF 2.1.0 a code-scanning view reads."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cxgate.bundle.rules import BUNDLE_RULES
from cxgate.cli.main import app
from cxgate.flow.check.finding import RULES as FLOW_RULES
from tests.cli.emulated import use_emulator
from tests.cli.sarif_check import checked_records

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "bundle"
BROKEN_FLOW = ROOT / "examples" / "broken-flows" / "after-hours.yaml"

runner = CliRunner()


def test_flow_check_sarif(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each finding is a result on its file and line, with its rule's help in the run."""
    monkeypatch.chdir(ROOT)
    flow = BROKEN_FLOW.relative_to(ROOT)
    result = runner.invoke(
        app, ["flow", "check", str(flow), "--bundle", str(EXAMPLE), "-o", "sarif"]
    )
    assert result.exit_code == 1  # the bundle's policy makes one finding an error
    log, records = checked_records(result.output, tmp_path)
    assert sorted((r["Code"], r["Severity"], r["Location"], r["Line"]) for r in records) == [
        ("menu-no-default", "warning", flow.as_posix(), 13),
        ("transfer-no-failure-path", "error", flow.as_posix(), 59),
    ]
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "cxgate"
    rules = driver["rules"]
    for found in log["runs"][0]["results"]:
        rule = rules[found["ruleIndex"]]
        assert rule["id"] == found["ruleId"]
        assert rule["help"]["text"] == FLOW_RULES[found["ruleId"]][1]


def test_flow_check_sarif_without_findings(tmp_path: Path) -> None:
    """A clean flow is a valid log with no results, exit 0."""
    result = runner.invoke(
        app, ["flow", "check", str(EXAMPLE / "flows" / "main-ivr.yaml"), "-o", "sarif"]
    )
    assert result.exit_code == 0, result.output
    log, records = checked_records(result.output, tmp_path)
    assert records == []
    assert log["runs"][0]["results"] == []


@pytest.fixture
def broken_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example bundle under ``infra/bundle`` of a working directory, with two mistakes:
    a queue renamed onto another queue's name, and a section skills.yaml does not have."""
    use_emulator(monkeypatch, None)
    bundle = tmp_path / "repo" / "infra" / "bundle"
    shutil.copytree(EXAMPLE, bundle)
    sales = bundle / "queues" / "sales.yaml"
    sales.write_text(sales.read_text().replace('"{{ prefix }}Sales"', "Support", 1))
    skills = bundle / "skills.yaml"
    skills.write_text(skills.read_text() + "bogus: 1\n")
    monkeypatch.chdir(tmp_path / "repo")
    return bundle


def test_validate_sarif(broken_bundle: Path, tmp_path: Path) -> None:
    """Problems land on their files, relative to the working directory (the repository root in
    CI), with line, level and the field path in the message; exit 1 on errors."""
    result = runner.invoke(
        app,
        ["validate", "infra/bundle", "--offline", "-o", "sarif", "--state-dir", str(tmp_path)],
    )
    assert result.exit_code == 1
    log, records = checked_records(result.output, tmp_path)
    found = {(r["Code"], r["Severity"], r["Location"]) for r in records}
    assert ("schema", "error", "infra/bundle/skills.yaml") in found
    assert any(code == "duplicate-name" and level == "error" for code, level, _ in found)
    results = log["runs"][0]["results"]
    bogus = next(r for r in results if r["ruleId"] == "schema")
    assert "unknown section 'bogus'" in bogus["message"]["text"]
    assert "Fix: " in bogus["message"]["text"]
    line = bogus["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert (broken_bundle / "skills.yaml").read_text().splitlines()[line - 1] == "bogus: 1"
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    assert {rule["id"] for rule in rules} == set(BUNDLE_RULES) | set(FLOW_RULES)


def _rule_names_in_source() -> set[str]:
    """Every ``rule="..."`` a problem is made with, anywhere in the package."""
    names: set[str] = set()
    for path in (ROOT / "src" / "cxgate").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                names |= {
                    k.value.value
                    for k in node.keywords
                    if k.arg == "rule" and isinstance(k.value, ast.Constant)
                }
    return names


def test_every_rule_has_help() -> None:
    """A rule a problem names has help text; the bundle and flow rules never share an id."""
    in_source = _rule_names_in_source()
    assert in_source - set(BUNDLE_RULES) - set(FLOW_RULES) == set()
    assert set(BUNDLE_RULES) <= in_source  # no help for a rule nothing reports
    assert set(BUNDLE_RULES).isdisjoint(FLOW_RULES)
    assert all(text.strip() for text in BUNDLE_RULES.values())
