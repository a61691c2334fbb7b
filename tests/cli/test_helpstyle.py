"""Help screens in words: no Python type placeholders, no swallowed or cut-off examples."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from cxgate.cli.main import app

COMMANDS = [
    [], ["validate"], ["schema"], ["plan"], ["export"], ["org", "show"], ["org", "queues"],
    ["emulator", "serve"], ["flow", "deploy"], ["flow", "versions"], ["flow", "switch"],
    ["flow", "rollback"], ["flow", "check"], ["flow", "trace"], ["flow", "graph"], ["staffing"],
]  # fmt: skip


def _help(words: list[str], monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("COLUMNS", "80")
    result = CliRunner().invoke(app, [*words, "--help"])
    assert result.exit_code == 0, result.output
    return " ".join(result.output.replace("│", " ").split())


@pytest.mark.parametrize("words", COMMANDS, ids=lambda w: " ".join(w) or "cxgate")
def test_no_type_placeholders(words: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """``<bool>``, ``<int>``, ``<list[Path]>``… never show; flags have no type at all."""
    text = _help(words, monkeypatch)
    assert not re.search(r"<(bool|int|str|float|path|file|list\[)", text), text
    assert "--help Show this message and exit." in text


def test_options_read_like_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """Numbers, text, paths and choices in click's words; an option's metavar wins."""
    serve = _help(["emulator", "serve"], monkeypatch)
    assert "--port INTEGER" in serve
    assert "--host TEXT" in serve
    assert "--state PATH" in serve
    check = _help(["flow", "check"], monkeypatch)
    assert "files... PATH..." in check
    assert "--output -o text|json|markdown" in check
    assert "--calls NUMBER" in _help(["staffing"], monkeypatch)
    assert "--verbose -v -v: retries" in _help([], monkeypatch)


def test_examples_are_shown_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """The --names shape keeps its [names]; the --faults example fits in 80 columns."""
    assert "YAML {kind: [names]} of org objects" in _help(["flow", "check"], monkeypatch)
    assert '"5xx=0.1,drop=0.02,seed=7"' in _help(["emulator", "serve"], monkeypatch)
