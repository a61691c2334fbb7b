"""`cxgate flow deploy|versions|switch|rollback` against an in-process emulator."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from cxgate.cli import flow_org
from cxgate.cli.main import app
from cxgate.client import GenesysClient
from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.emulator.architect.editor import find_flow, lock_flow, published_content
from cxgate.errors import LockedError, MissingError, PolicyError, ValidationError
from cxgate.flow.read.source import FlowFileError
from cxgate.settings import Settings

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "bundle" / "flows"
MAIN, HOLD = (str(EXAMPLES / f) for f in ("main-ivr.yaml", "in-queue.yaml"))
BROKEN = str(EXAMPLES.parents[1] / "broken-flows" / "after-hours.yaml")


@pytest.fixture
def clock() -> FakeClock:
    """Shared by the emulator and every client the commands open."""
    return FakeClock()


@pytest.fixture
def emulator(monkeypatch: pytest.MonkeyPatch, clock: FakeClock) -> Emulator:
    """Route the flow commands' clients to one demo org; retries never sleep."""
    emu = Emulator(seed="demo", clock=clock, rate_limit=0)

    def fake_open(profile: str | None = None) -> GenesysClient:
        settings = Settings.for_url("https://api.emulator.test", "cli-flows", "secret")
        return GenesysClient(settings, transport=httpx.MockTransport(emu), clock=clock)

    monkeypatch.setattr(flow_org, "open_client", fake_open)
    return emu


def _published(emulator: Emulator, name: str = "Acme Main IVR") -> str:
    return str(find_flow(emulator.store, name)["publishedVersion"]["id"])


def test_deploy_text_says_what_is_published_now(emulator: Emulator) -> None:
    """--force: both demo flows get a new version; the output names old and new versions."""
    result = runner.invoke(app, ["flow", "deploy", MAIN, HOLD, "--force"])
    assert result.exit_code == 0, result.output
    assert "Acme Main IVR (inboundcall): published v3.0 (before: v2.0)" in result.output
    assert "2 flow(s) deployed." in result.output


def test_deploy_of_unchanged_files_skips_them(emulator: Emulator) -> None:
    """The org publishes these files already: nothing is imported, and the output says so."""
    result = runner.invoke(app, ["flow", "deploy", MAIN, HOLD])
    assert result.exit_code == 0, result.output
    assert (
        "Acme Main IVR (inboundcall): unchanged, v2.0 is published with the content of "
        f"{MAIN}; skipped (--force publishes a new version anyway)"
    ) in result.output
    assert "0 flow(s) deployed, 2 unchanged." in result.output
    assert emulator.count("POST", "/api/v2/flows/jobs") == 0
    assert emulator.count("POST", "/api/v2/flows/export/jobs") == 2
    assert _published(emulator) == "2.0"
    again = runner.invoke(app, ["flow", "deploy", MAIN, "--output", "json"])
    assert json.loads(again.output)[0]["skipped"] is True


def test_deploy_json_lists_deployments(emulator: Emulator) -> None:
    """--output json gives each deployment with its previous version for rollback."""
    result = runner.invoke(app, ["flow", "deploy", MAIN, "--output", "json", "--force"])
    assert result.exit_code == 0, result.output
    [deployed] = json.loads(result.output)
    assert (deployed["version"], deployed["previous"], deployed["created"]) == ("3.0", "2.0", False)


def test_deploy_markdown_is_a_table(emulator: Emulator) -> None:
    """Markdown output is a table for a pull-request comment."""
    result = runner.invoke(app, ["flow", "deploy", HOLD, "--output", "markdown"])
    assert "| Acme Hold | inqueuecall |" in result.output


def test_deploy_of_a_flow_with_errors_exits_one_and_sends_nothing(emulator: Emulator) -> None:
    """The deliberate finding of the after-hours flow stops the deploy."""
    result = runner.invoke(app, ["flow", "deploy", BROKEN, "--bundle", str(EXAMPLES.parent)])
    assert result.exit_code == 1
    assert isinstance(result.exception, ValidationError)
    assert emulator.requests == []


def test_deploy_refuses_a_locked_flow_until_forced(emulator: Emulator, clock: FakeClock) -> None:
    """Exit 1 naming the holder; --force-unlock breaks the lock and deploys."""
    lock_flow(emulator.store, "Acme Main IVR", by="ana@example.com", now=clock.time())
    refused = runner.invoke(app, ["flow", "deploy", MAIN, "--force"])
    assert refused.exit_code == 1
    assert isinstance(refused.exception, LockedError)
    forced = runner.invoke(app, ["flow", "deploy", MAIN, "--force-unlock", "--force"])
    assert forced.exit_code == 0, forced.output
    assert "broke the lock held by user ana@example.com" in forced.output


def test_deploy_with_vars(emulator: Emulator, tmp_path: Path) -> None:
    """--vars fills {{key}} before upload; a missing key exits 1 before any call."""
    template = tmp_path / "ivr.yaml"
    template.write_text(Path(MAIN).read_text().replace("name: Billing\n", "name: '{{q}}'\n"))
    missing = runner.invoke(app, ["flow", "deploy", str(template)])
    assert isinstance(missing.exception, FlowFileError)
    assert emulator.requests == []
    values = tmp_path / "vars.yaml"
    values.write_text("q: Billing\n")
    assert (
        runner.invoke(app, ["flow", "deploy", str(template), "--vars", str(values)]).exit_code == 0
    )


@pytest.mark.parametrize("output", ["text", "json", "markdown"])
def test_versions(emulator: Emulator, output: str) -> None:
    """Versions newest first with their authors; JSON marks the live one."""
    result = runner.invoke(app, ["flow", "versions", "Acme Main IVR", "--output", output])
    assert result.exit_code == 0, result.output
    if output == "json":
        data = json.loads(result.output)
        assert [(v["id"], v["live"]) for v in data["versions"]] == [("2.0", True), ("1.0", False)]
        assert data["flow"]["lock"] is None
    else:
        assert "ana.lopez@acme-demo.example" in result.output
        assert "LIVE since" in result.output


def test_versions_of_an_unknown_flow_exits_one(emulator: Emulator) -> None:
    """A name the org lacks is one clear error."""
    result = runner.invoke(app, ["flow", "versions", "Nope", "--type", "inboundcall"])
    assert isinstance(result.exception, MissingError)


def test_switch_and_back(emulator: Emulator) -> None:
    """switch --to 1.0 --check publishes a copy of 1.0 as 3.0; rollback publishes a copy of
    2.0; --in-place republishes the old version itself."""
    switched = runner.invoke(
        app, ["flow", "switch", "Acme Main IVR", "--to", "1.0", "--check", "--reason", "test"]
    )
    assert switched.exit_code == 0, switched.output
    assert (
        "published v3.0, a copy of v1.0 (was v2.0, 1 version(s) back); it passed flow check"
        in switched.output
    )
    back = runner.invoke(app, ["flow", "rollback", "Acme Main IVR", "--output", "json"])
    assert back.exit_code == 0, back.output
    answer = json.loads(back.output)
    assert (answer["to_version"], answer["published"], answer["in_place"]) == ("2.0", "4.0", False)
    assert published_content(emulator.store, "Acme Main IVR") == "2.0"
    in_place = runner.invoke(app, ["flow", "switch", "Acme Main IVR", "--to", "1.0", "--in-place"])
    assert in_place.exit_code == 0, in_place.output
    assert "published v1.0 again in place" in in_place.output
    assert _published(emulator) == "1.0"


def _bundle(tmp_path: Path, flows: str) -> Path:
    (tmp_path / "cxgate.yaml").write_text(f"version: 1\npolicy:\n  flows: {flows}\n")
    return tmp_path


def test_switch_follows_the_bundle_policy(emulator: Emulator, tmp_path: Path) -> None:
    """policy.flows in --bundle: no reason or too far back exits 1; nothing is published."""
    bundle = _bundle(tmp_path, "{requireReason: true, maxVersionsBack: 0}")
    args = ["flow", "switch", "Acme Main IVR", "--to", "1.0", "--bundle", str(bundle)]
    no_reason = runner.invoke(app, args)
    too_far = runner.invoke(app, [*args, "--reason", "why not"])
    assert isinstance(no_reason.exception, PolicyError)
    assert "needs a reason" in str(no_reason.exception)
    assert "maxVersionsBack" in str(too_far.exception)
    assert _published(emulator) == "2.0"


def test_policy_is_read_from_the_current_directory(
    emulator: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --bundle, ./cxgate.yaml supplies the policy when there is one."""
    monkeypatch.chdir(_bundle(tmp_path, "{requireReason: true}"))
    result = runner.invoke(app, ["flow", "rollback", "Acme Main IVR"])
    assert isinstance(result.exception, PolicyError)
    assert _published(emulator) == "2.0"


def test_a_bad_policy_file_exits_one(emulator: Emulator, tmp_path: Path) -> None:
    """A policy.flows the schema refuses is reported, not a traceback."""
    bundle = _bundle(tmp_path, "{maxVersionsBack: -2}")
    result = runner.invoke(
        app, ["flow", "switch", "Acme Main IVR", "--to", "1.0", "--bundle", str(bundle)]
    )
    assert isinstance(result.exception, ValidationError)
    assert "maxVersionsBack" in str(result.exception)


def test_a_broken_file_is_refused_before_any_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """No credentials are needed to learn that a file will not be deployed."""

    def no_client(profile: str | None = None) -> GenesysClient:
        raise AssertionError("deploy connected before checking the files")

    monkeypatch.setattr(flow_org, "open_client", no_client)
    result = runner.invoke(app, ["flow", "deploy", BROKEN, "--bundle", str(EXAMPLES.parent)])
    assert isinstance(result.exception, ValidationError)
