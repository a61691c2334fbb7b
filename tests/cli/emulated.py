"""Commands against an in-process emulator: every `open_client` reaches one Emulator.

``use_emulator(monkeypatch, emulator)`` routes the clients that ``cxgate.cli.connect``
opens (validate, plan, export) to ``emulator``, and clears the GENESYSCLOUD_* variables so a
developer's real settings can never leak into a test. Pass ``--profile test`` to commands.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from click.testing import Result
from typer.testing import CliRunner

from cxgate.cli import connect
from cxgate.cli.main import app
from cxgate.client import GenesysClient
from cxgate.emulator import Emulator
from cxgate.settings import Settings

__all__ = ["cxgate", "use_emulator"]

_VARS = ("GENESYSCLOUD_OAUTHCLIENT_ID", "GENESYSCLOUD_API_URL", "GENESYSCLOUD_REGION")
runner = CliRunner()


def use_emulator(monkeypatch: pytest.MonkeyPatch, emulator: Emulator | None) -> None:
    """Route `open_client` to ``emulator`` (None: no org configured at all)."""
    for var in (*_VARS, "CXGATE_PROFILE", "GENESYSCLOUD_OAUTHCLIENT_SECRET"):
        monkeypatch.delenv(var, raising=False)
    if emulator is None:
        return

    def fake_open(profile: str | None = None) -> GenesysClient:
        settings = Settings.for_url("https://api.emulator.test", "cli-test", "cli-secret")
        return GenesysClient(settings, transport=httpx.MockTransport(emulator))

    monkeypatch.setattr(connect, "open_client", fake_open)


def cxgate(*args: str | Path, state: Path | None = None) -> Result:
    """Run one command in-process (with ``--state-dir`` when given)."""
    words = [str(a) for a in args]
    if state is not None:
        words += ["--state-dir", str(state)]
    return runner.invoke(app, words)
