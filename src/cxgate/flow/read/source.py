"""Archy file text before YAML: decoding, line endings and ``{{...}}`` substitutions.

Archy substitutes ``{{key}}`` textually before it parses the file (Archy lesson 7; the
Terraform provider's ``substituteValues()`` does a plain string replace), so real flows put
unquoted ``{{tokens}}`` where YAML cannot take them, even as mapping keys (GRAMMAR.md §9.1).
We do the same: replace the tokens we have values for, and mask the rest with a token YAML
accepts, so a template still parses and every line keeps its number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cxgate.errors import BundleError
from cxgate.yamlguard import size_problem

__all__ = [
    "SUBSTITUTION",
    "FlowFileError",
    "PreparedText",
    "prepare_text",
    "read_flow_text",
    "unmask",
]

SUBSTITUTION = re.compile(r"\{\{\s*([A-Za-z0-9_.\-]+)\s*\}\}")
_MASKED = re.compile(r"«([A-Za-z0-9_.\-]+)»")


class FlowFileError(BundleError):
    """A flow or scenario file cannot be read at all; says where, what, and the fix."""

    def __init__(self, file: str, line: int, message: str, fix: str) -> None:
        self.file = file
        self.line = line
        self.problem = message
        self.fix = fix
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message} (fix: {fix})")


@dataclass(frozen=True, slots=True)
class PreparedText:
    """YAML-ready text, and the substitution tokens left unset (key → first line)."""

    text: str
    unset: dict[str, int]
    substituted: frozenset[str]


def read_flow_text(path: Path) -> str:
    """The file as text: UTF-8 (with or without BOM), line endings normalised to ``\\n``."""
    try:
        too_big = size_problem(path.stat().st_size)
        if too_big:
            raise FlowFileError(str(path), 0, too_big, "split the flow into smaller flows")
        raw = path.read_bytes()
    except OSError as exc:
        raise FlowFileError(
            str(path), 0, f"cannot read the file ({exc.strerror})", "check the path"
        ) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FlowFileError(
            str(path), 0, f"not UTF-8 text at byte {exc.start}", "save the file as UTF-8"
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def prepare_text(text: str, values: dict[str, str], file: str) -> PreparedText:
    """Substitute ``{{key}}`` from ``values``; mask the others as ``«key»`` (same line)."""
    unset: dict[str, int] = {}
    used: set[str] = set()
    out_lines: list[str] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if "{{" in line:
            out_lines.append(SUBSTITUTION.sub(_replacer(values, unset, used, number, file), line))
        else:
            out_lines.append(line)
    return PreparedText("\n".join(out_lines), unset, frozenset(used))


def _replacer(
    values: dict[str, str], unset: dict[str, int], used: set[str], line: int, file: str
) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        if key in values:
            value = values[key]
            if "\n" in value:
                raise FlowFileError(
                    file,
                    line,
                    f"substitution value for '{key}' spans lines",
                    "give a one-line value; cxgate keeps the file's line numbers",
                )
            used.add(key)
            return value
        unset.setdefault(key, line)
        return f"«{key}»"

    return replace


def unmask(value: str) -> str:
    """Turn masked tokens back into the ``{{key}}`` the author wrote."""
    if "«" not in value:
        return value
    return _MASKED.sub(lambda m: "{{" + m.group(1) + "}}", value)
