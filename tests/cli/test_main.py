"""The root command: version, help, and error handling."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from cxgate.bundle.load import CONFIG_FILE
from cxgate.cli import flow_inputs
from cxgate.cli.common import run_app
from cxgate.cli.lazy import Command, Group, Table, load
from cxgate.cli.main import COMMANDS
from cxgate.errors import ConfigError, Problem, ValidationError
from cxgate.testing.flows import synthetic_flow


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


def _modules_after(*args: str) -> set[str]:
    """The modules a fresh ``cxgate ARGS`` process had imported when it exited."""
    probe = (
        "import sys, atexit\n"
        "atexit.register(lambda: print('\\n'.join(sorted(sys.modules)), file=sys.stderr))\n"
        "from cxgate.cli.main import main\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, *args], capture_output=True, text=True, check=False
    )
    return set(result.stderr.split())


HEAVY = ("httpx", "pydantic", "yaml", "cxgate.client.client", "cxgate.bundle", "cxgate.pipeline")


def test_help_imports_no_command() -> None:
    """``cxgate --help`` lists every command from the table, loading none of their modules."""
    loaded = _modules_after("--help")
    assert "cxgate.cli.main" in loaded  # the probe works
    heavy = sorted(m for m in loaded if m.startswith(HEAVY))
    assert heavy == []
    commands = sorted(m for m in loaded if m.startswith("cxgate.cli.") and m != "cxgate.cli.main")
    assert not set(commands) & {f"cxgate.cli.{n}" for n in ("bundle", "plan", "flow", "apply")}


def test_flow_check_loads_no_client(tmp_path: Path) -> None:
    """``flow check`` reads files only: no HTTP client, org reader, pipeline or state store."""
    flow = tmp_path / "f.yaml"
    flow.write_text(synthetic_flow(20), encoding="utf-8")
    loaded = _modules_after("flow", "check", str(flow))
    assert "cxgate.flow.check.run" in loaded
    network = ("httpx", "cxgate.client.client", "cxgate.client.transport", "cxgate.org")
    assert sorted(m for m in loaded if m.startswith(network)) == []
    assert sorted(m for m in loaded if m.startswith(("cxgate.pipeline", "cxgate.state"))) == []


def test_flow_check_loads_no_tracer(tmp_path: Path) -> None:
    """Checking flows never loads the tracer or the drawing code (trace and graph need them)."""
    flow = tmp_path / "f.yaml"
    flow.write_text(synthetic_flow(20), encoding="utf-8")
    loaded = _modules_after("flow", "check", str(flow))
    assert (
        sorted(m for m in loaded if m.startswith(("cxgate.flow.trace", "cxgate.flow.draw"))) == []
    )


def test_validate_offline_loads_no_http(tmp_path: Path) -> None:
    """``validate --offline`` (the pre-commit hook) never loads httpx or the Genesys client."""
    bundle = Path(__file__).parents[2] / "examples" / "bundle"
    loaded = _modules_after("validate", str(bundle), "--offline", "--state-dir", str(tmp_path))
    assert "cxgate.pipeline.checking" in loaded
    client = ("httpx", "httpcore", "cxgate.client.client", "cxgate.client.transport")
    assert sorted(m for m in loaded if m.startswith(client)) == []


def _leaves(table: Table, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Command]]:
    found: list[tuple[tuple[str, ...], Command]] = []
    for name, entry in table.items():
        if isinstance(entry, Group):
            found += _leaves(entry.commands, (*prefix, name))
        else:
            found.append(((*prefix, name), entry))
    return found


LEAVES = [pytest.param(words, entry, id=" ".join(words)) for words, entry in _leaves(COMMANDS)]


@pytest.mark.parametrize(("words", "entry"), LEAVES)
def test_table_entry_is_the_command(words: tuple[str, ...], entry: Command) -> None:
    """Each table entry loads, and its summary is how the command's own help begins."""
    command = load(words[-1], entry)
    assert command.name == words[-1]
    own = " ".join((command.help or "").split())
    assert own.startswith(" ".join(entry.help.split())), own


# Commands that print no result of their own (a script, a server, a schema, a drawing).
NO_RESULT = {("completion",), ("emulator", "serve"), ("schema",), ("flow", "graph")}


@pytest.mark.parametrize(("words", "entry"), LEAVES)
def test_every_result_takes_output(words: tuple[str, ...], entry: Command) -> None:
    """``-o/--output`` is on every command that prints a result, with the same choices."""
    if words in NO_RESULT:
        pytest.skip("prints no result")
    params = {p.name: p for p in load(words[-1], entry).params}
    assert "output" in params
    assert params["output"].opts == ["--output", "-o"]
    choices = {member.value for member in params["output"].type_descriptor.annotation}
    assert {"text", "json", "markdown"} <= choices


def test_state_dir_profile_and_quiet_are_the_same_everywhere() -> None:
    """A shared option has one spelling wherever it appears."""
    spellings: dict[str, set[tuple[str, ...]]] = {}
    for words, entry in _leaves(COMMANDS):
        for param in load(words[-1], entry).params:
            if param.name in {"state_dir", "profile", "quiet", "env"}:
                spellings.setdefault(param.name, set()).add(tuple(param.opts))
    assert spellings == {
        "state_dir": {("--state", "--state-dir")},
        "profile": {("--profile",)},
        "quiet": {("--quiet", "-q")},
        "env": {("--env",)},
    }


def test_unknown_group_command_is_a_usage_error() -> None:
    """A wrong command inside a lazy group is click's usage error too."""
    result = _run("flow", "no-such")
    assert result.returncode == 2
    assert "No such command" in result.stderr


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_script(shell: str) -> None:
    """``cxgate completion SHELL`` prints a script that calls cxgate back to complete."""
    result = _run("completion", shell)
    assert result.returncode == 0, result.stderr
    assert "_CXGATE_COMPLETE=complete_" + shell in result.stdout


@pytest.mark.parametrize(
    ("words", "expected"),
    [("cxgate fl", {"flow"}), ("cxgate flow ch", {"check"}), ("cxgate va", {"validate"})],
)
def test_completion_answers(words: str, expected: set[str]) -> None:
    """What the bash script asks (COMP_WORDS, COMP_CWORD) is answered with the names."""
    env = {
        **os.environ,
        "_CXGATE_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    result = subprocess.run(
        [Path(sys.executable).parent / "cxgate"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert set(result.stdout.split()) == expected


def test_flow_inputs_knows_the_bundle_file_name() -> None:
    """``flow check`` looks for the same cxgate.yaml the bundle loader reads."""
    assert flow_inputs.CONFIG_FILE == CONFIG_FILE
