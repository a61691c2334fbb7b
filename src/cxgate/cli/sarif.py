"""SARIF 2.1.0 of ``validate`` and ``flow check``: each problem an annotated result.

GitHub code scanning (and other SARIF viewers) put each result on its file and line in a pull
request; the run's rules carry the help text shown beside it. Paths are written relative to
the working directory (the repository root in CI), with ``/`` separators, as viewers expect.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from cxgate import __version__

__all__ = ["SARIF_SCHEMA", "Reported", "sarif_log"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


class Reported(Protocol):
    """What a bundle problem and a flow finding both carry."""

    @property
    def rule(self) -> str:
        """The rule's id (``BUNDLE_RULES``, ``flow.check.finding.RULES``)."""

    @property
    def severity(self) -> str:
        """error, warning or info."""

    @property
    def file(self) -> str:
        """The file, relative to the run's base."""

    @property
    def line(self) -> int | None:
        """1-based line, when known."""

    @property
    def message(self) -> str:
        """What is wrong."""

    @property
    def fix(self) -> str:
        """How to fix it (may be empty)."""


def sarif_log(
    reported: Iterable[Reported],
    rules: Mapping[str, str],
    *,
    base: Path = Path("."),
    where: Mapping[int, str] | None = None,
) -> dict[str, Any]:
    """One SARIF log with one run: every rule of ``rules`` (id → help) and a result for each
    of ``reported``; a file name is taken relative to ``base`` (a bundle's directory).

    ``where`` adds, by position in ``reported``, the field path to a result's message.
    """
    index = {rule: i for i, rule in enumerate(rules)}
    results = [_result(item, index, base, (where or {}).get(n)) for n, item in enumerate(reported)]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "cxgate",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/cxgate/",
                        "rules": [_rule(rule, text) for rule, text in rules.items()],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def _rule(rule: str, text: str) -> dict[str, Any]:
    return {
        "id": rule,
        "name": "".join(part.title() for part in rule.split("-")),
        "shortDescription": {"text": text},
        "help": {"text": text, "markdown": f"**{rule}**: {text}"},
    }


def _result(
    item: Reported, index: Mapping[str, int], base: Path, path: str | None
) -> dict[str, Any]:
    at = f" (at {path})" if path else ""
    fix = f" Fix: {item.fix.rstrip('.')}." if item.fix else ""
    result: dict[str, Any] = {
        "ruleId": item.rule or "cxgate",
        "level": _LEVELS.get(item.severity, "warning"),
        "message": {"text": f"{item.message.rstrip('.')}{at}.{fix}"},
        "locations": [{"physicalLocation": _location(item, base)}],
    }
    if item.rule in index:
        result["ruleIndex"] = index[item.rule]
    return result


def _location(item: Reported, base: Path) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": _uri(base / item.file)}}
    if item.line is not None and item.line >= 1:
        location["region"] = {"startLine": item.line}
    return location


def _uri(path: Path) -> str:
    """Relative to the working directory when the file is under it; else an absolute URI."""
    relative = os.path.relpath(path.absolute(), Path.cwd())
    if relative.startswith(".."):
        return path.absolute().as_uri()
    return quote(Path(relative).as_posix())
