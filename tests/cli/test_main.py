"""The root command: version, help, and error handling."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer

from cxgate.cli.common import run_app
from cxgate.errors import ConfigError, Problem, ValidationError


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from cxgate.cli.main import main; main()", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_version() -> None:
    """``cxgate --version`` prints the version and exits 0."""
    result = _run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("cxgate ")


def test_unknown_command_is_a_usage_error() -> None:
    """A wrong command gives click's usage error and exit 2, no traceback."""
    result = _run("no-such-command")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def _app_raising(exc: Exception) -> typer.Typer:
    app = typer.Typer()

    @app.command()
    def boom() -> None:
        raise exc

    @app.command()
    def ok() -> None:
        """Succeeds."""

    return app


def test_cxgate_error_becomes_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CxgateError is printed as a message on stderr with exit code 1."""
    app = _app_raising(ConfigError("no region: set GENESYSCLOUD_REGION"))
    monkeypatch.setattr(sys, "argv", ["cxgate", "boom"])
    with pytest.raises(SystemExit) as info:
        run_app(app)
    assert info.value.code == 1
    assert "no region: set GENESYSCLOUD_REGION" in capsys.readouterr().err


def test_validation_error_lists_problems(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every problem of a ValidationError is printed, then the count."""
    app = _app_raising(
        ValidationError([Problem("a.yaml", "x", "bad"), Problem("b.yaml", "y", "worse")])
    )
    monkeypatch.setattr(sys, "argv", ["cxgate", "boom"])
    with pytest.raises(SystemExit):
        run_app(app)
    err = capsys.readouterr().err
    assert "a.yaml at x: bad" in err
    assert "b.yaml at y: worse" in err
    assert "2 problem(s)." in err


def test_success_exits_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    """A command that returns normally exits 0."""
    app = _app_raising(RuntimeError("unused"))
    monkeypatch.setattr(sys, "argv", ["cxgate", "ok"])
    with pytest.raises(SystemExit) as info:
        run_app(app)
    assert info.value.code == 0
