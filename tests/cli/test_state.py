"""`cxgate state migrate`, and `--state` / `state:` choosing the store (directory or URL)."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from cxgate.errors import ConfigError
from cxgate.state.copy import open_tables
from cxgate.state.records import JournalEntry, Phase
from cxgate.state.sqlite import DB_NAME
from tests.cli.emulated import cxgate, use_emulator

EXAMPLE = Path(__file__).parents[2] / "examples" / "bundle"


@pytest.fixture
def bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example bundle; no org configured, and the work dir elsewhere."""
    use_emulator(monkeypatch, None)
    for var in ("CXGATE_STATE_URL", "CXGATE_STATE_DIR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)
    shutil.copytree(EXAMPLE, tmp_path / "bundle")
    return tmp_path / "bundle"


def _state_line(bundle: Path, value: str) -> None:
    config = bundle / "cxgate.yaml"
    config.write_text(config.read_text() + f"state: {value}\n")


def test_migrate_copies_and_prints_counts(tmp_path: Path, pg_url: str) -> None:
    """A local store lands in PostgreSQL; a second run is refused, --force replaces."""
    with open_tables(str(tmp_path / "local")) as local:
        local.record_change("o", "queue", "Q")
        local.append_journal(JournalEntry("d1", 0, Phase.STARTED, "queue", "Q", "create"))
    result = cxgate("state", "migrate", "--from", tmp_path / "local", "--to", pg_url)
    assert result.exit_code == 0, result.output
    assert "journal" in result.output
    assert "Copied 2 rows" in result.output
    assert urlsplit(pg_url).password not in result.output
    again = cxgate("state", "migrate", "--from", tmp_path / "local", "--to", pg_url)
    assert isinstance(again.exception, ConfigError)
    assert "--force" in str(again.exception)
    forced = cxgate(
        "state", "migrate", "--from", tmp_path / "local", "--to", pg_url, "--force", "-o", "json"
    )
    assert forced.exit_code == 0, forced.output
    assert json.loads(forced.output)["rows"]["journal"] == 1


def test_state_option_takes_a_url(bundle: Path, pg_url: str, tmp_path: Path) -> None:
    """--state postgresql://… opens the shared store and writes nothing locally."""
    result = cxgate("validate", bundle, "--offline", "--state", pg_url)
    assert result.exit_code == 0, result.output
    assert not (tmp_path / ".cxgate").exists()


def test_config_state_url_is_used(bundle: Path) -> None:
    """state: in cxgate.yaml picks the store (here an unreachable one, named in the error)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    _state_line(bundle, f"postgresql://cxgate@127.0.0.1:{port}/team")
    result = cxgate("validate", bundle, "--offline")
    assert isinstance(result.exception, ConfigError)
    assert f"port {port}, database team" in str(result.exception)
    overridden = cxgate("validate", bundle, "--offline", "--state-dir", bundle / "here")
    assert overridden.exit_code == 0, overridden.output
    assert (bundle / "here" / DB_NAME).is_file()


def test_config_state_directory_is_relative_to_the_bundle(bundle: Path, tmp_path: Path) -> None:
    """state: DIR is found beside cxgate.yaml, wherever cxgate runs from."""
    _state_line(bundle, ".team-state")
    result = cxgate("validate", bundle, "--offline")
    assert result.exit_code == 0, result.output
    assert (bundle / ".team-state" / DB_NAME).is_file()
    assert not (tmp_path / ".cxgate").exists()


def test_config_state_url_must_not_hold_a_password(bundle: Path) -> None:
    """A password in a committed file is a bundle error, and is not repeated back."""
    _state_line(bundle, "postgresql://cxgate:hunter2-secret@db/team")
    result = cxgate("validate", bundle, "--offline")
    assert result.exit_code == 1
    assert "must not hold a password" in result.output
    assert "hunter2-secret" not in result.output
