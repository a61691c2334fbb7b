"""`cxgate apply`, `history`, `rollback` and `resume` as a user runs them (in process)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import Result

from cxgate.emulator import Emulator, FaultPlan
from tests.cli.emulated import cxgate, use_emulator

EXAMPLE = Path(__file__).parents[2] / "examples" / "bundle"


@pytest.fixture
def emulator(monkeypatch: pytest.MonkeyPatch) -> Emulator:
    """One demo org behind every client the commands open."""
    emu = Emulator(seed="demo", rate_limit=0)
    use_emulator(monkeypatch, emu)
    return emu


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """The example bundle, outside any freeze window (no environment chosen)."""
    root = tmp_path / "bundle"
    shutil.copytree(EXAMPLE, root)
    return root


def _apply(bundle: Path, state: Path, *more: str) -> Result:
    return cxgate("apply", bundle, "--profile", "test", *more, state=state)


def _history(state: Path) -> list[dict[str, object]]:
    result = cxgate("history", "-o", "json", state=state)
    assert result.exit_code == 0, result.output
    return list(json.loads(result.output))


def test_without_yes_and_without_a_terminal_it_only_plans(
    emulator: Emulator, bundle: Path, tmp_path: Path
) -> None:
    """octoDNS's dry-run default: the plan, exit 2, nothing written, no deployment."""
    before = emulator.find("queue", "Billing")
    result = _apply(bundle, tmp_path / "s", "--force")
    assert result.exit_code == 2, result.output
    assert "Not applied: re-run with --yes" in result.output
    assert emulator.find("queue", "Sales") is None
    assert emulator.find("queue", "Billing") == before
    assert _history(tmp_path / "s") == []


def test_yes_applies_and_history_tells_who_and_how_it_went(
    emulator: Emulator, bundle: Path, tmp_path: Path
) -> None:
    """Applied with a summary line; history has the deployment; a second apply: no changes."""
    result = _apply(bundle, tmp_path / "s", "--yes", "--force")
    assert result.exit_code == 0, result.output
    assert "succeeded — 7 applied" in result.output
    assert emulator.find("queue", "Sales") is not None
    [entry] = _history(tmp_path / "s")
    assert (entry["status"], entry["kind"], entry["clientId"]) == ("succeeded", "apply", "cli-test")
    again = _apply(bundle, tmp_path / "s", "--yes")
    assert again.exit_code == 0, again.output
    assert "No changes" in again.output
    text = cxgate("history", state=tmp_path / "s")
    assert entry["id"] in text.output
    assert "7 applied" in text.output


def _message(result: Result) -> str:
    """What the user sees for an error (``main`` prints the exception as one line)."""
    return f"{result.output}{result.exception or ''}"


FROZEN = (
    '    - name: year-end\n      start: "2000-01-01T00:00:00"\n      end: "2100-01-01T00:00:00"\n'
)


def test_unsafe_plan_is_refused_with_every_reason(
    emulator: Emulator, bundle: Path, tmp_path: Path
) -> None:
    """A freeze in force: refused, naming it; an override with a reason lets it through."""
    config = bundle / "cxgate.yaml"
    config.write_text(config.read_text().replace("  freeze:\n", "  freeze:\n" + FROZEN))
    result = _apply(bundle, tmp_path / "s", "--yes")
    assert result.exit_code == 1
    message = _message(result)
    assert "the plan is unsafe" in message
    assert "change freeze 'year-end' is in force" in message
    assert emulator.find("queue", "Sales") is None
    forced = _apply(bundle, tmp_path / "s", "--yes", "--override-freeze", "INC-1")
    assert forced.exit_code == 0, _message(forced)


def test_json_output_is_one_document(emulator: Emulator, bundle: Path, tmp_path: Path) -> None:
    """-o json: the deployment, its status, the summary and each step."""
    result = _apply(bundle, tmp_path / "s", "--yes", "--force", "-o", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["status"] == "succeeded"
    assert document["summary"]["applied"] == len(document["steps"]) == 7
    assert {s["outcome"] for s in document["steps"]} == {"applied"}


def test_reviewed_plan_file_is_applied_only_while_it_still_matches(
    emulator: Emulator, bundle: Path, tmp_path: Path
) -> None:
    """--plan FILE: refused naming what moved when the org changed since; else applied."""
    plan_file = tmp_path / "plan.json"
    planned = cxgate("plan", bundle, "--profile", "test", "--out", plan_file, state=tmp_path / "s")
    assert planned.exit_code == 2, planned.output
    code = emulator.find("wrapup_code", "No Sale")
    emulator.edit("wrapup_code", code["id"], description="edited after review")
    refused = _apply(bundle, tmp_path / "s", "--plan", str(plan_file), "--yes", "--force")
    assert refused.exit_code == 1, refused.output
    assert "no longer matches what the files and the org give now" in _message(refused)
    assert "update wrapup_code 'No Sale'" in _message(refused)
    assert emulator.find("queue", "Sales") is None
    cxgate("plan", bundle, "--profile", "test", "--out", plan_file, state=tmp_path / "s")
    applied = _apply(bundle, tmp_path / "s", "--plan", str(plan_file), "--yes", "--force")
    assert applied.exit_code == 0, applied.output


def test_an_edited_plan_file_is_refused(emulator: Emulator, bundle: Path, tmp_path: Path) -> None:
    """A plan file changed by hand after review does not pass its own checksum."""
    plan_file = tmp_path / "plan.json"
    cxgate("plan", bundle, "--profile", "test", "--out", plan_file, state=tmp_path / "s")
    data = json.loads(plan_file.read_text())
    data["changes"][0]["name"] = "Something else"
    plan_file.write_text(json.dumps(data))
    result = _apply(bundle, tmp_path / "s", "--plan", str(plan_file), "--yes")
    assert result.exit_code == 1
    assert "checksum mismatch" in _message(result)


def test_failed_deployment_is_rolled_back_and_exits_1(
    emulator: Emulator, bundle: Path, tmp_path: Path
) -> None:
    """A write that keeps failing: the summary says rolled back, the org is as before."""
    emulator.faults = FaultPlan().with_rule(
        "500", 1.0, method="POST", path="/api/v2/routing/queues"
    )
    result = _apply(bundle, tmp_path / "s", "--yes", "--force")
    assert result.exit_code == 1, result.output
    assert "Rolled back:" in result.output
    assert "rolled_back" in result.output
    assert emulator.find("skill", "Technical Support") is None


def test_rollback_command_restores_a_past_deployment(
    emulator: Emulator, bundle: Path, tmp_path: Path
) -> None:
    """rollback D --yes: its own plan shown, applied, recorded; the org is as before."""
    assert _apply(bundle, tmp_path / "s", "--yes", "--force").exit_code == 0
    [deployed] = _history(tmp_path / "s")
    result = cxgate(
        "rollback",
        str(deployed["id"]),
        "--profile",
        "test",
        "--yes",
        "--force",
        state=tmp_path / "s",
    )
    assert result.exit_code == 0, result.output
    assert "Plan:" in result.output
    assert emulator.find("queue", "Sales") is None
    newest, oldest = _history(tmp_path / "s")
    assert (newest["kind"], newest["rollsBack"]) == ("rollback", deployed["id"])
    assert oldest["status"] == "rolled_back"


def test_resume_with_nothing_unfinished(emulator: Emulator, tmp_path: Path) -> None:
    """Says so and exits 0."""
    result = cxgate("resume", "--profile", "test", state=tmp_path / "s")
    assert result.exit_code == 0, result.output
    assert "Nothing to resume" in result.output


def test_bad_wait_lock_duration_is_one_clear_error(
    emulator: Emulator, bundle: Path, tmp_path: Path
) -> None:
    """--wait-lock takes durations like 10m."""
    result = _apply(bundle, tmp_path / "s", "--yes", "--wait-lock", "soon")
    assert result.exit_code == 1
    assert "--wait-lock" in _message(result)
