"""Hostile files through the real command line, each in its own interpreter.

A segmentation fault cannot be caught in-process, so these run ``cxgate`` as a subprocess
and check it ends with exit 1 and one clear line, not a signal, a traceback or a hang.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BRACKETS = "[" * 100_000 + "]" * 100_000 + "\n"


def _laughs() -> str:
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 10)]
    return "\n".join(lines) + "\n"


def _cxgate(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GENESYSCLOUD_", "CXGATE_"))}
    return subprocess.run(
        [sys.executable, "-c", "from cxgate.cli.main import main; main()", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env=env,
    )


def _bundle(tmp_path: Path, file: str, text: str) -> Path:
    root = tmp_path / "bundle"
    (root / Path(file).parent).mkdir(parents=True, exist_ok=True)
    (root / "cxgate.yaml").write_text("version: 1\n", encoding="utf-8")
    (root / file).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("file", "text", "message"),
    [
        ("queues/deep.yaml", BRACKETS, "nested deeper than 100 levels"),
        ("flows/deep.yaml", BRACKETS, "nested deeper than 100 levels"),
        ("skills.yaml", _laughs(), "aliases expand to more than 10,000 values"),
        ("flows/laughs.yaml", _laughs(), "aliases expand to more than 10,000 values"),
    ],
    ids=["bundle-brackets", "flow-brackets", "bundle-laughs", "flow-laughs"],
)
def test_validate_refuses_without_crashing(
    tmp_path: Path, file: str, text: str, message: str
) -> None:
    """100,000 brackets and alias bombs: exit 1 naming the file, no segfault, no traceback."""
    result = _cxgate("validate", _bundle(tmp_path, file, text), "--offline")
    assert result.returncode == 1, result.stderr
    assert f"{file}:1" in result.stdout or f"{file}:" in result.stdout
    assert message in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [["flow", "check"], ["flow", "deploy"]])
def test_flow_commands_refuse_without_crashing(tmp_path: Path, command: list[str]) -> None:
    """flow check and flow deploy stop at the limit before anything recursive runs."""
    path = tmp_path / "deep.yaml"
    path.write_text(BRACKETS, encoding="utf-8")
    result = _cxgate(*command, path)
    assert result.returncode == 1, result.stderr
    assert "nested deeper than 100 levels" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
