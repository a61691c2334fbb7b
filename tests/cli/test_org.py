"""`cxgate org show|queues` and `open_client`, against the in-process emulator."""

from __future__ import annotations

import json

import httpx
import pytest
from typer.testing import CliRunner

from cxgate.cli import connect, org
from cxgate.cli.main import app
from cxgate.client import GenesysClient
from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.errors import ConfigError
from cxgate.settings import Settings

runner = CliRunner()


@pytest.fixture
def emulator(monkeypatch: pytest.MonkeyPatch) -> Emulator:
    """Route every client the org commands open to one in-process emulator."""
    clock = FakeClock()
    emu = Emulator(seed="demo", clock=clock)

    def fake_open(profile: str | None = None) -> GenesysClient:
        settings = Settings.for_url("https://api.emulator.test", "cli-test", "cli-secret")
        return GenesysClient(settings, transport=httpx.MockTransport(emu), clock=clock)

    monkeypatch.setattr(org, "open_client", fake_open)
    return emu


def test_queues_json_lists_every_queue_in_one_call(emulator: Emulator) -> None:
    """All demo queues come back, paged at the largest size: one listing call."""
    result = runner.invoke(app, ["org", "queues", "--output", "json"])
    assert result.exit_code == 0, result.output
    names = [q["name"] for q in json.loads(result.output)]
    assert len(names) == len(emulator.store.table("queues"))
    assert emulator.count("GET", "/api/v2/routing/queues") == 1


def test_queues_text_shows_targets_and_call_count(emulator: Emulator) -> None:
    """The table shows each queue's call service-level target and the calls used."""
    result = runner.invoke(app, ["org", "queues"])
    assert result.exit_code == 0, result.output
    assert "80% in 20s" in result.output
    assert "queues in 1 API call(s)." in result.output


@pytest.mark.parametrize("output", ["text", "json"])
def test_show_prints_name_version_and_features(emulator: Emulator, output: str) -> None:
    """`org show` reports the org's version (the PUT concurrency token) and its features."""
    result = runner.invoke(app, ["org", "show", "--output", output])
    assert result.exit_code == 0, result.output
    if output == "json":
        shown = json.loads(result.output)
        assert isinstance(shown["version"], int)
        assert shown["features"]["contactCenter"] is True
    else:
        assert "version" in result.output
        assert "features on:" in result.output


def test_open_client_without_settings_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """No credentials in the environment: a ConfigError naming the variable, no client."""
    for var in ("GENESYSCLOUD_OAUTHCLIENT_ID", "GENESYSCLOUD_OAUTHCLIENT_SECRET", "CXGATE_PROFILE"):
        monkeypatch.delenv(var, raising=False)
    with pytest.raises(ConfigError, match="GENESYSCLOUD_OAUTHCLIENT_ID"):
        connect.open_client()


def test_names_from_the_org_are_not_markup(emulator: Emulator) -> None:
    """An org or queue named like rich markup is shown as named."""
    emulator.store.organization["name"] = "[bold]Acme[/bold] [/x]"
    queue = next(iter(emulator.store.table("queues").values()))
    queue["name"] = "[red]Sales"
    shown = runner.invoke(app, ["org", "show"])
    assert shown.exit_code == 0, shown.output
    assert "[bold]Acme[/bold] [/x]" in shown.output
    listed = runner.invoke(app, ["org", "queues"])
    assert listed.exit_code == 0, listed.output
    assert "[red]Sales" in listed.output
