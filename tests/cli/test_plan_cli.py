"""`cxgate validate`, `schema` and `plan` end to end (plan against another bundle)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cxgate.cli.main import app
from cxgate.errors import ConfigError, ValidationError

EXAMPLE = Path(__file__).parents[2] / "examples" / "bundle"
runner = CliRunner()


@pytest.fixture
def bundles(tmp_path: Path) -> tuple[Path, Path]:
    """An edited copy of the example (desired) and the example itself (live)."""
    desired, live = tmp_path / "desired", tmp_path / "live"
    shutil.copytree(EXAMPLE, desired)
    shutil.copytree(EXAMPLE, live)
    sales = desired / "queues" / "sales.yaml"
    sales.write_text(
        sales.read_text().replace("skillEvaluationMethod: BEST", "skillEvaluationMethod: ALL")
    )
    return desired, live


def test_validate_example_is_clean(tmp_path: Path) -> None:
    """Exit 0 and a one-line verdict."""
    result = runner.invoke(app, ["validate", str(EXAMPLE), "--state-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Bundle valid: 0 error(s)" in result.output


def test_validate_reports_every_problem_as_json(tmp_path: Path) -> None:
    """Bad files: exit 1, each problem with file, line, fix."""
    root = tmp_path / "b"
    (root / "queues").mkdir(parents=True)
    (root / "cxgate.yaml").write_text("version: 1\n")
    (root / "queues" / "q.yaml").write_text(
        "name: Q\nskilEvaluationMethod: BEST\nscoringMethod: X\n"
    )
    result = runner.invoke(app, ["validate", str(root), "-o", "json", "--state-dir", str(tmp_path)])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["errors"] == 2
    assert {p["line"] for p in data["problems"]} == {2, 3}


def test_plan_exit_codes_and_plan_file(bundles: tuple[Path, Path], tmp_path: Path) -> None:
    """2 with changes (plan file written), 0 without."""
    desired, live = bundles
    out = tmp_path / "plan.json"
    result = runner.invoke(
        app,
        [
            "plan",
            str(desired),
            "--against",
            str(live),
            "--out",
            str(out),
            "--state-dir",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 2, result.output
    assert "skillEvaluationMethod" in result.output
    assert json.loads(out.read_text())["summary"]["risk"] == "HIGH"
    same = runner.invoke(
        app, ["plan", str(live), "--against", str(live), "-o", "json", "--state-dir", str(tmp_path)]
    )
    assert same.exit_code == 0
    assert json.loads(same.output)["changes"] == []


def test_plan_refuses_an_invalid_bundle(bundles: tuple[Path, Path], tmp_path: Path) -> None:
    """Errors stop the plan with every problem (exit 1 through run_app)."""
    desired, live = bundles
    (desired / "skills.yaml").write_text("skills: Billing\n")
    result = runner.invoke(
        app, ["plan", str(desired), "--against", str(live), "--state-dir", str(tmp_path)]
    )
    assert isinstance(result.exception, ValidationError)


def test_plan_without_a_live_side_says_how(bundles: tuple[Path, Path], tmp_path: Path) -> None:
    """Until the API client lands, plan needs --against."""
    result = runner.invoke(app, ["plan", str(bundles[0]), "--state-dir", str(tmp_path)])
    assert isinstance(result.exception, ConfigError)
    assert "--against" in str(result.exception)


def test_schema_writes_one_file_per_type(tmp_path: Path) -> None:
    """`cxgate schema --out DIR` writes the editor schemas."""
    result = runner.invoke(app, ["schema", "--out", str(tmp_path)])
    assert result.exit_code == 0
    assert (tmp_path / "queue.schema.json").is_file()
    assert json.loads(runner.invoke(app, ["schema"]).output)["skills.yaml"]["$id"]
