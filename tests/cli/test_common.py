"""Files the commands write, and OSErrors: one line and exit 1, never a traceback."""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cxgate.cli.common import run_app
from cxgate.cli.main import app
from tests.flow.helpers import EXAMPLES

FLOW = EXAMPLES / "main-ivr.yaml"
BUNDLE = EXAMPLES.parent


@pytest.fixture
def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., tuple[int, str]]:
    """The real entry point with ``args``: (exit code, stdout + stderr)."""
    for var in ("GENESYSCLOUD_API_URL", "GENESYSCLOUD_REGION", "CXGATE_PROFILE"):
        monkeypatch.delenv(var, raising=False)

    def invoke(*args: str | Path) -> tuple[int, str]:
        monkeypatch.setattr(sys, "argv", ["cxgate", *map(str, args)])
        with pytest.raises(SystemExit) as ended:
            run_app(app)
        captured = capsys.readouterr()
        return int(ended.value.code or 0), captured.out + captured.err

    return invoke


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["flow", "graph", FLOW, "--out"], "--out"),
        (["flow", "trace", FLOW, "--explore", "--coverage-out"], "--coverage-out"),
        (["flow", "trace", FLOW, "--explore", "--save-journeys"], "--save-journeys"),
        (["plan", BUNDLE, "--against", BUNDLE, "--out"], "--out"),
        (["emulator", "serve", "--port", "0", "--ready-file"], "--ready-file"),
    ],
    ids=["graph", "coverage", "journeys", "plan", "ready-file"],
)
def test_an_output_file_in_a_missing_folder_is_one_line(
    run: Callable[..., tuple[int, str]], tmp_path: Path, args: list[str | Path], option: str
) -> None:
    """Checked before any work: exit 1, the option and the folder named, no traceback."""
    code, output = run(*args, tmp_path / "missing" / "out.txt")
    assert code == 1
    assert f"error {option} {tmp_path / 'missing' / 'out.txt'}: the folder" in output
    assert "does not exist" in output
    assert "Traceback" not in output


def test_an_output_file_that_is_a_folder_is_one_line(
    run: Callable[..., tuple[int, str]], tmp_path: Path
) -> None:
    """Writing onto a folder is refused with its own reason."""
    code, output = run("flow", "graph", FLOW, "--out", tmp_path)
    assert code == 1
    assert "is a folder; give a file name" in output


def test_a_refused_write_is_one_line(
    run: Callable[..., tuple[int, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder exists but the write fails (a full disk): exit 1 naming the file."""

    def full(self: Path, *args: object, **kwargs: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full)
    code, output = run("flow", "graph", FLOW, "--out", tmp_path / "g.md")
    assert code == 1
    assert f"--out {tmp_path / 'g.md'}: cannot write it (No space left on device)" in output


def test_export_onto_an_existing_file_is_one_line(
    run: Callable[..., tuple[int, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checked before connecting: the file is named and left alone."""
    target = tmp_path / "notes.txt"
    target.write_text("mine\n")
    monkeypatch.setenv("GENESYSCLOUD_API_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("GENESYSCLOUD_OAUTHCLIENT_ID", "id")
    monkeypatch.setenv("GENESYSCLOUD_OAUTHCLIENT_SECRET", "secret")
    code, output = run("export", target, "-q")
    assert code == 1
    assert f"{target} is a file, not a folder" in output
    assert target.read_text() == "mine\n"


def test_emulator_serve_on_a_port_in_use_is_one_line(run: Callable[..., tuple[int, str]]) -> None:
    """Another process holds the port: exit 1 with the fix, no traceback."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        code, output = run("emulator", "serve", "--port", str(port), "--seed", "empty")
    assert code == 1
    assert f"cannot listen on 127.0.0.1:{port} (Address already in use)" in output
    assert "--port 0" in output


def test_other_os_errors_are_one_line(
    run: Callable[..., tuple[int, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An OSError no command handled still ends as one line naming the file."""
    import cxgate.cli.flow_check as flow_cli

    def refuse(*args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", "/somewhere/state.db")

    monkeypatch.setattr(flow_cli, "check_paths", refuse)
    code, output = run("flow", "check", FLOW)
    assert code == 1
    assert output.strip() == "error /somewhere/state.db: Permission denied"
