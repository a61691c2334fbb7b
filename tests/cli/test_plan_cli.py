"""`cxgate validate`, `schema` and `plan` end to end: offline, against a bundle, against the org."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.emulator.observations import set_queue_observation
from cxgate.errors import ConfigError, ValidationError
from tests.cli.emulated import cxgate, use_emulator

EXAMPLE = Path(__file__).parents[2] / "examples" / "bundle"


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


@pytest.fixture
def no_org(monkeypatch: pytest.MonkeyPatch) -> None:
    """No GENESYSCLOUD_* settings in the environment."""
    use_emulator(monkeypatch, None)


def test_validate_example_offline_is_clean(tmp_path: Path, no_org: None) -> None:
    """Exit 0 and a one-line verdict; --offline says nothing about the org."""
    result = cxgate("validate", EXAMPLE, "--offline", state=tmp_path)
    assert result.exit_code == 0, result.output
    assert "Bundle valid: 0 error(s), 0 warning(s)" in result.output


def test_validate_without_org_settings_warns_that_online_checks_were_skipped(
    tmp_path: Path, no_org: None
) -> None:
    """No settings and no --offline: still valid, with one warning saying how to check more."""
    result = cxgate("validate", EXAMPLE, state=tmp_path)
    assert result.exit_code == 0, result.output
    assert "online checks skipped" in result.output


def test_validate_reports_every_problem_as_json(tmp_path: Path, no_org: None) -> None:
    """Bad files: exit 1, each problem with file, line, fix."""
    root = tmp_path / "b"
    (root / "queues").mkdir(parents=True)
    (root / "cxgate.yaml").write_text("version: 1\n")
    (root / "queues" / "q.yaml").write_text(
        "name: Q\nskilEvaluationMethod: BEST\nscoringMethod: X\n"
    )
    result = cxgate("validate", root, "-o", "json", "--offline", state=tmp_path)
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["errors"] == 2
    assert {p["line"] for p in data["problems"]} == {2, 3}


def test_plan_against_a_bundle_exit_codes_and_plan_file(
    bundles: tuple[Path, Path], tmp_path: Path
) -> None:
    """2 with changes (plan file written), 0 without."""
    desired, live = bundles
    out = tmp_path / "plan.json"
    result = cxgate("plan", desired, "--against", live, "--out", out, state=tmp_path)
    assert result.exit_code == 2, result.output
    assert "skillEvaluationMethod" in result.output
    assert json.loads(out.read_text())["summary"]["risk"] == "HIGH"
    same = cxgate("plan", live, "--against", live, "-o", "json", state=tmp_path)
    assert same.exit_code == 0
    assert json.loads(same.output)["changes"] == []


def test_plan_refuses_an_invalid_bundle(bundles: tuple[Path, Path], tmp_path: Path) -> None:
    """Errors stop the plan with every problem (exit 1)."""
    desired, live = bundles
    (desired / "skills.yaml").write_text("skills: Billing\n")
    result = cxgate("plan", desired, "--against", live, state=tmp_path)
    assert result.exit_code == 1
    assert isinstance(result.exception, ValidationError)


def test_plan_without_any_org_says_how(
    bundles: tuple[Path, Path], tmp_path: Path, no_org: None
) -> None:
    """No settings, no --against: one error naming both ways."""
    result = cxgate("plan", bundles[0], state=tmp_path)
    assert isinstance(result.exception, ConfigError)
    assert "GENESYSCLOUD_*" in str(result.exception)
    assert "--against" in str(result.exception)


def test_schema_writes_one_file_per_type(tmp_path: Path) -> None:
    """`cxgate schema --out DIR` writes the editor schemas."""
    result = cxgate("schema", "--out", tmp_path)
    assert result.exit_code == 0
    assert (tmp_path / "queue.schema.json").is_file()
    assert json.loads(cxgate("schema").output)["skills.yaml"]["$id"]


# -- against the org (the in-process demo emulator) ----------------------------------------


@pytest.fixture
def org(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> tuple[Emulator, Path]:
    """The demo org, and its export in tmp_path/org to edit."""
    emulator = Emulator(seed="demo", clock=FakeClock(), rate_limit=0)
    use_emulator(monkeypatch, emulator)
    assert cxgate("export", tmp_path / "org", "--profile", "test").exit_code == 0
    return emulator, tmp_path / "org"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new))


def _validate(root: Path, state: Path) -> dict[str, object]:
    result = cxgate("validate", root, "--profile", "test", "-o", "json", state=state)
    assert result.exit_code in (0, 1), result.output
    data: dict[str, object] = json.loads(result.output)
    return data


def _rules(data: dict[str, object]) -> list[tuple[str, str]]:
    problems = data["problems"]
    assert isinstance(problems, list)
    return sorted((p["rule"], p["severity"]) for p in problems)


def test_validate_the_export_online_is_clean(org: tuple[Emulator, Path], tmp_path: Path) -> None:
    """Names, divisions, limits, features: all fine for the org's own export."""
    assert _rules(_validate(org[1], tmp_path)) == []


ONLINE_CASES = [
    (  # a skill the org does not have, with a did-you-mean
        "queues/sales-new-business.yaml",
        "      - VIP\n",
        "      - VIPs\n",
        [("reference", "error")],
    ),
    (  # a division that does not exist
        "queues/billing.yaml",
        "division: Home",
        "division: Nowhere",
        [("reference", "error")],
    ),
    (  # a new queue passes the org's limit (policy.limits.queue: 32)
        "cxgate.yaml",
        "version: 1\n",
        "version: 1\npolicy: {limits: {queue: 32}}\n",
        [("limits", "error")],
    ),
    (  # transcription needs a product the org lacks (per policy)
        "cxgate.yaml",
        "version: 1\n",
        "version: 1\npolicy:\n  requirements:\n"
        "  - {kind: queue, field: enableTranscription, product: transcriptionPlus}\n",
        [("requirements", "error")],
    ),
    (  # turning contactCenter off while creating a queue
        "org.yaml",
        "contactCenter: true",
        "contactCenter: false",
        [("requirements", "error")],
    ),
]


@pytest.mark.parametrize(
    "case", ONLINE_CASES, ids=["skill", "division", "limit", "product", "feature"]
)
def test_online_rules_each_fail_on_their_example(
    org: tuple[Emulator, Path], tmp_path: Path, case: tuple[str, str, str, object]
) -> None:
    """Each online rule reports its problem with file and line (a new queue triggers some)."""
    file, old, new, expected = case
    root = org[1]
    (root / "queues" / "new.yaml").write_text("name: New Queue\nenableTranscription: true\n")
    _edit(root / file, old, new)
    data = _validate(root, tmp_path)
    assert _rules(data) == expected
    problems = data["problems"]
    assert isinstance(problems, list)
    assert all(p["line"] for p in problems)


def test_offline_skips_the_org(org: tuple[Emulator, Path], tmp_path: Path) -> None:
    """--offline does not call the org and does not see org-only problems."""
    emulator, root = org
    _edit(root / "queues" / "billing.yaml", "division: Home", "division: Nowhere")
    before = len(emulator.requests)
    result = cxgate("validate", root, "--offline", "--profile", "test", state=tmp_path)
    assert result.exit_code == 0, result.output
    assert len(emulator.requests) == before


def test_staffing_gate_fails_with_the_numbers(org: tuple[Emulator, Path], tmp_path: Path) -> None:
    """A forecast Billing's 12 agents cannot serve at 80/20: error with SL and agents needed."""
    root = org[1]
    forecast = "forecast: {calls: 200, per: 1h, aht: 180s, agents: 12}\n"
    (root / "queues" / "billing.yaml").write_text(
        (root / "queues" / "billing.yaml").read_text() + forecast
    )
    data = _validate(root, tmp_path)
    assert _rules(data) == [("staffing", "error")]
    problems = data["problems"]
    assert isinstance(problems, list)
    assert "projected service level 64.0%" in problems[0]["message"]
    assert "needs 14 agents" in problems[0]["message"]


def test_plan_against_the_org(org: tuple[Emulator, Path], tmp_path: Path) -> None:
    """An edited export: exit 2, tokens pinned, consuming flows and staffing in the plan."""
    emulator, root = org
    billing = root / "queues" / "billing.yaml"
    _edit(billing, "skillEvaluationMethod: ALL", "skillEvaluationMethod: BEST")
    _edit(billing, "percentage: 0.8", "percentage: 0.9")
    billing.write_text(
        billing.read_text() + "forecast: {calls: 200, per: 1h, aht: 180s, agents: 14}\n"
    )
    out = tmp_path / "plan.json"
    result = cxgate("plan", root, "--profile", "test", "--out", out, state=tmp_path)
    assert result.exit_code == 2, result.output
    assert "published flows route to it: Acme After Hours, Acme Main IVR" in result.output
    assert (
        "after:  target 90% in 20s, projected 88.8%: misses it (needs 15 agents)" in result.output
    )
    plan = json.loads(out.read_text())
    (change,) = plan["changes"]
    queue = emulator.find("queue", "Billing")
    assert queue is not None
    assert change["token"]["value"].startswith(queue["dateModified"] + "|sha256:")
    assert plan["staffing"][0]["before"]["ok"] is True
    path = "/api/v2/architect/dependencytracking/consumingresources"
    assert emulator.count("GET", path) == 1  # one lookup: the one queue that changes


def test_plan_markdown_and_blocked_delete(org: tuple[Emulator, Path], tmp_path: Path) -> None:
    """Deleting a queue published flows use is HIGH and blocked; markdown for the PR."""
    root = org[1]
    (root / "queues" / "after-hours.yaml").unlink()
    _edit(root / "cxgate.yaml", "version: 1\n", "version: 1\ndelete: {queue: [After Hours]}\n")
    result = cxgate("plan", root, "--profile", "test", "-o", "markdown", state=tmp_path)
    assert result.exit_code == 2, result.output
    assert "| - | queue | queue 'After Hours' | HIGH |" in result.output
    assert "Unsafe: apply will refuse this plan without `--force`" in result.output
    assert "published flows use it: Acme After Hours" in result.output


def test_plan_with_a_broken_reference_exits_1(org: tuple[Emulator, Path], tmp_path: Path) -> None:
    """A name neither the bundle nor the org has stops the plan."""
    _edit(org[1] / "queues" / "billing.yaml", "division: Home", "division: Nowhere")
    result = cxgate("plan", org[1], "--profile", "test", state=tmp_path)
    assert result.exit_code == 1
    assert isinstance(result.exception, ValidationError)
    assert "division 'Nowhere'" in str(result.exception)


def test_the_demo_edit_script(org: tuple[Emulator, Path], tmp_path: Path) -> None:
    """examples/edit-demo-export.sh: validate catches the staffing miss; fixed, plan shows all."""
    root = org[1]
    script = EXAMPLE.parent / "edit-demo-export.sh"
    subprocess.run(["bash", str(script), str(root)], check=True, capture_output=True)
    data = _validate(root, tmp_path)
    assert _rules(data) == [("staffing", "error")]
    _edit(root / "queues" / "billing.yaml", "agents: 14}", "agents: 15}")
    assert _rules(_validate(root, tmp_path)) == []
    result = cxgate("plan", root, "--profile", "test", state=tmp_path)
    assert result.exit_code == 2, result.output
    assert "Plan: 1 to create, 2 to update, 0 to delete. Overall risk: HIGH." in result.output
    assert "queue 'Loyalty' with 14 agents" in result.output


def test_live_agents_are_read_for_the_gate_and_the_plan(
    org: tuple[Emulator, Path], tmp_path: Path
) -> None:
    """agents: live reads Billing's on-queue agents (one observation query): 12 miss 80/20,
    16 meet it; the plan projects with the same count."""
    emulator, root = org
    billing = emulator.find("queue", "Billing")
    assert billing is not None
    set_queue_observation(emulator.store, billing["id"], on_queue={"IDLE": 4, "INTERACTING": 8})
    path = root / "queues" / "billing.yaml"
    path.write_text(path.read_text() + "forecast: {calls: 200, per: 1h, aht: 180s}\n")
    data = _validate(root, tmp_path)
    assert _rules(data) == [("staffing", "error")]
    assert emulator.count("POST", "/api/v2/analytics/queues/observations/query") == 1
    set_queue_observation(emulator.store, billing["id"], on_queue={"IDLE": 6, "INTERACTING": 10})
    assert _rules(_validate(root, tmp_path)) == []
    _edit(path, "skillEvaluationMethod: ALL", "skillEvaluationMethod: BEST")
    result = cxgate("plan", root, "--profile", "test", state=tmp_path)
    assert "queue 'Billing' with 16 agents" in result.output


def test_live_agents_offline_are_only_a_warning(tmp_path: Path, no_org: None) -> None:
    """Without the org, agents: live cannot be checked: validate warns and passes."""
    root = tmp_path / "b"
    shutil.copytree(EXAMPLE, root)
    _edit(root / "queues" / "sales.yaml", "agents: 30", "agents: live")
    result = cxgate("validate", root, "--offline", state=tmp_path)
    assert result.exit_code == 0, result.output
    assert "needs the org's on-queue agents" in result.output


def test_validate_prints_bundle_text_as_text(tmp_path: Path, no_org: None) -> None:
    """A key like ``[/x]`` is printed as written: never read as markup (which crashed)."""
    root = tmp_path / "b"
    (root / "queues").mkdir(parents=True)
    (root / "cxgate.yaml").write_text("version: 1\n")
    (root / "queues" / "q.yaml").write_text('name: Q\n"[/x]": 1\n"[bold]y": 2\n')
    result = cxgate("validate", root, "--offline", state=tmp_path)
    assert result.exit_code == 1, result.output
    assert "unknown key '[/x]'" in result.output
    assert "unknown key '[bold]y'" in result.output
