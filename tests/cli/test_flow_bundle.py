"""Flows in `cxgate validate` and `cxgate plan`: checks, names, YAML diff, graph summary."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from cxgate.cli import connect
from cxgate.cli.main import app
from cxgate.client import GenesysClient
from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.errors import ValidationError
from cxgate.settings import Settings

runner = CliRunner()
REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "bundle"
BROKEN = REPO / "examples" / "broken-flows" / "after-hours.yaml"


@pytest.fixture
def emulator(monkeypatch: pytest.MonkeyPatch) -> Emulator:
    """Every client the commands open reaches one demo org; waits never sleep."""
    clock = FakeClock()
    emu = Emulator(seed="demo", clock=clock, rate_limit=0)

    def fake_open(profile: str | None = None) -> GenesysClient:
        settings = Settings.for_url("https://api.emulator.test", "flows-cli", "secret")
        return GenesysClient(settings, transport=httpx.MockTransport(emu), clock=clock)

    for var in ("GENESYSCLOUD_OAUTHCLIENT_ID", "GENESYSCLOUD_API_URL", "GENESYSCLOUD_REGION"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(connect, "open_client", fake_open)
    return emu


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """A copy of the demo bundle to edit."""
    root = tmp_path / "bundle"
    shutil.copytree(EXAMPLE, root)
    return root


def _run(*args: str | Path) -> tuple[int, str, BaseException | None]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.output, result.exception


def test_validate_runs_flow_check_on_bundle_flows(bundle: Path, tmp_path: Path) -> None:
    """The broken after-hours file in the bundle is an error with its file and line."""
    shutil.copy(BROKEN, bundle / "flows" / "after-hours.yaml")
    code, output, _ = _run("validate", bundle, "--offline", "-o", "json", "--state-dir", tmp_path)
    assert code == 1
    problems = json.loads(output)["problems"]
    found = {(p["file"], p["line"], p["rule"]) for p in problems}
    assert ("flows/after-hours.yaml", 59, "transfer-no-failure-path") in found


def test_validate_online_resolves_flow_names(
    emulator: Emulator, bundle: Path, tmp_path: Path
) -> None:
    """A queue neither the bundle nor the org has is external-unresolved; the demo is clean."""
    clean = _run("validate", bundle, "--profile", "t", "-o", "json", "--state-dir", tmp_path)
    assert [p["rule"] for p in json.loads(clean[1])["problems"]] == ["delete"]
    hold = bundle / "flows" / "in-queue.yaml"
    hold.write_text(hold.read_text().replace("Support - Tier 1", "Support - Tier 9"))
    code, output, _ = _run(
        "validate", bundle, "--profile", "t", "-o", "json", "--state-dir", tmp_path
    )
    assert code == 1
    rules = [(p["rule"], p["message"]) for p in json.loads(output)["problems"]]
    assert ("external-unresolved", "queue 'Support - Tier 9' is not in the bundle or the org") in [
        (r, m.split(" (")[0]) for r, m in rules
    ]


def test_plan_shows_the_changed_flow_as_a_diff_and_graph(
    emulator: Emulator, bundle: Path, tmp_path: Path
) -> None:
    """The fixed after-hours file against the broken published one: HIGH, diff and summary;
    the two flows the org already publishes as they are make no change."""
    code, output, _ = _run("plan", bundle, "--profile", "t", "-q", "--state-dir", tmp_path)
    assert code == 2, output
    assert "~ flow 'Acme After Hours'  [HIGH]" in output
    assert "graph: +3 -0 ~0 nodes, +4 -1 transitions" in output
    assert "+++ Acme After Hours (bundle)" in output
    assert "flow 'Acme Main IVR'" not in output
    assert emulator.count("POST", "/api/v2/flows/export/jobs") == 1


def test_plan_json_carries_both_files(emulator: Emulator, bundle: Path, tmp_path: Path) -> None:
    """The plan file holds the org's and the bundle's definitions for the reviewer."""
    code, output, _ = _run(
        "plan", bundle, "--profile", "t", "-q", "-o", "json", "--state-dir", tmp_path
    )
    assert code == 2
    [flow] = [c for c in json.loads(output)["changes"] if c["kind"] == "flow"]
    assert flow["token"]["value"].startswith("published=1.0;")
    [field] = flow["fields"]
    assert field["path"] == ["definition"]
    assert "Billing desk closed" in field["new"]
    assert "Billing desk closed" not in field["old"]


def test_plan_refuses_a_bundle_whose_flow_has_errors(
    emulator: Emulator, bundle: Path, tmp_path: Path
) -> None:
    """Errors in a flow stop the plan like any other bundle error."""
    shutil.copy(BROKEN, bundle / "flows" / "after-hours.yaml")
    code, _, exception = _run("plan", bundle, "--profile", "t", "-q", "--state-dir", tmp_path)
    assert code == 1
    assert isinstance(exception, ValidationError)
    assert "transfer-no-failure-path" in {p.rule for p in exception.problems}


def test_plan_against_another_bundle_compares_flow_files(bundle: Path, tmp_path: Path) -> None:
    """--against DIR: a new flow there is a create here; names are not checked."""
    other = tmp_path / "other"
    shutil.copytree(EXAMPLE, other)
    (other / "flows" / "after-hours.yaml").unlink()
    code, output, _ = _run("plan", bundle, "--against", other, "--state-dir", tmp_path)
    assert code == 2, output
    assert "+ flow 'Acme After Hours'  [LOW]" in output
    assert "graph: new flow, 12 nodes, 14 transitions" in output
