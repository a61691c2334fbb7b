"""`cxgate emulator serve` as a user runs it: a separate process, a ready line, Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import httpx
import pytest
import typer

from cxgate.cli.emulator import parse_credentials, parse_rate_limit


def _serve(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from cxgate.cli.main import main; main()",
            "emulator",
            "serve",
            *args,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _until_ready(process: subprocess.Popen[str]) -> list[str]:
    """Read stdout lines up to the ready line (blocking reads, no sleeps)."""
    assert process.stdout is not None
    lines: list[str] = []
    for line in process.stdout:
        lines.append(line.rstrip("\n"))
        if line.strip() == "ready":
            return lines
    raise AssertionError(
        f"server exited before ready: {lines} {process.stderr and process.stderr.read()}"
    )


def test_serve_prints_url_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    """The server announces its URL and env line, serves, saves state, and exits 0 on SIGINT."""
    ready_file, state = tmp_path / "url", tmp_path / "org.json"
    process = _serve(
        "--port", "0", "--seed", "empty", "--credentials", "me:pw", "--rate-limit", "60/min",
        "--state", str(state), "--ready-file", str(ready_file),
    )  # fmt: skip
    try:
        lines = _until_ready(process)
        url = ready_file.read_text().strip()
        assert f"GENESYSCLOUD_API_URL={url}" in lines
        assert "pw" not in "\n".join(lines)
        token = httpx.post(
            f"{url}/oauth/token", data={"grant_type": "client_credentials"}, auth=("me", "pw")
        )
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        created = httpx.post(
            f"{url}/api/v2/routing/skills", json={"name": "Saved"}, headers=headers
        )
        assert created.headers["inin-ratelimit-allowed"] == "60"
    finally:
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=30)
    assert process.returncode == 0
    assert "stopped" in out
    assert '"Saved"' in state.read_text()


def test_bad_fault_spec_is_one_line_and_exit_1() -> None:
    """A wrong --faults value is reported without a traceback."""
    process = _serve("--port", "0", "--faults", "5xx=often")
    _, err = process.communicate(timeout=30)
    assert process.returncode == 1
    assert "probability" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(("value", "budget"), [("300/min", 300), ("45", 45), ("0", 0)])
def test_rate_limit_values(value: str, budget: int) -> None:
    """Rate limits are requests per minute, with or without /min."""
    assert parse_rate_limit(value) == budget


@pytest.mark.parametrize("value", ["fast", "10/s", "-3"])
def test_bad_rate_limits(value: str) -> None:
    """Anything else is a usage error that shows the expected form."""
    with pytest.raises(typer.BadParameter, match="300/min"):
        parse_rate_limit(value)


@pytest.mark.parametrize(("value", "pair"), [(None, None), ("id:se:cret", ("id", "se:cret"))])
def test_credentials(value: str | None, pair: tuple[str, str] | None) -> None:
    """ID:SECRET splits on the first colon; no value accepts anyone."""
    assert parse_credentials(value) == pair


@pytest.mark.parametrize("value", ["nocolon", ":secret", "id:"])
def test_bad_credentials(value: str) -> None:
    """Both parts are required."""
    with pytest.raises(typer.BadParameter):
        parse_credentials(value)


class _FakeServer:
    """Stands in for the uvicorn server: announces a URL, then 'Ctrl-C'."""

    made: ClassVar[list[_FakeServer]] = []

    def __init__(self, emulator: object, *, host: str, port: int, on_ready: object) -> None:
        self.emulator, self.host, self.port, self.on_ready = emulator, host, port, on_ready
        _FakeServer.made.append(self)

    def serve_forever(self) -> None:
        self.on_ready(f"http://{self.host}:54321")  # type: ignore[operator]
        raise KeyboardInterrupt


def test_serve_wires_options_into_the_emulator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In-process: the options reach the Emulator, the ready file is written, Ctrl-C is clean."""
    from typer.testing import CliRunner

    from cxgate.cli.main import app
    from cxgate.emulator import serve as serve_module

    monkeypatch.setattr(serve_module, "EmulatorServer", _FakeServer)
    ready = tmp_path / "url"
    result = CliRunner().invoke(
        app,
        ["emulator", "serve", "--port", "0", "--seed", "empty", "--rate-limit", "120/min",
         "--credentials", "me:pw", "--faults", "5xx=0.5,seed=3", "--ready-file", str(ready)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    server = _FakeServer.made[-1]
    assert (server.host, server.port) == ("127.0.0.1", 0)
    assert ready.read_text() == "http://127.0.0.1:54321\n"
    lines = result.output.splitlines()
    assert lines[0].startswith("cxgate emulator: empty org on http://127.0.0.1:54321")
    assert "rate limit 120/min per token; client id me; faults 5xx=0.5,seed=3" in lines[0]
    assert lines[1:] == ["GENESYSCLOUD_API_URL=http://127.0.0.1:54321", "ready",
                         "cxgate emulator: stopped"]  # fmt: skip
    assert "pw" not in result.output


def test_serve_takes_behaviour_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """--behaviour reaches the Emulator; a wrong one is a usage error naming the option."""
    from typer.testing import CliRunner

    from cxgate.cli.main import app
    from cxgate.emulator import Emulator
    from cxgate.emulator import serve as serve_module

    monkeypatch.setattr(serve_module, "EmulatorServer", _FakeServer)
    args = ["emulator", "serve", "--port", "0", "--seed", "empty"]
    result = CliRunner().invoke(app, [*args, "--behaviour", "in-place-publish=off"])
    assert result.exit_code == 0, result.output
    emulator = _FakeServer.made[-1].emulator
    assert isinstance(emulator, Emulator)
    assert not emulator.behaviour.republishes_in_place
    assert "behaviour in-place-publish=off" in result.output
    wrong = CliRunner().invoke(app, [*args, "--behaviour", "in-place-publish=maybe"])
    assert wrong.exit_code == 2
    assert "--behaviour" in wrong.output
