"""YAML files with a line number for every path, so each problem can point at its line.

PyYAML's composer keeps a start mark on each node; we build plain Python data from the node
tree ourselves and record ``path → line`` on the way. Duplicate keys, which PyYAML would
silently collapse, are reported. Dates stay strings: the API wants strings and so do we.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from cxgate.errors import Problem

__all__ = ["Path", "YamlDoc", "load_yaml_text", "path_text"]

Path = tuple[str | int, ...]
_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def path_text(path: Path) -> str:
    """``("a", 0, "b")`` → ``a[0].b``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass(frozen=True, slots=True)
class YamlDoc:
    """One parsed file: its data and the 1-based line of every path in it."""

    file: str
    data: Any
    lines: Mapping[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int | None:
        """The line of ``path``, or of its nearest parent that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None

    def problem(self, path: Path, message: str, fix: str = "", **kw: Any) -> Problem:
        """A Problem located at ``path`` in this file."""
        return Problem(self.file, path_text(path), message, fix, self.line_of(path), **kw)


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[Path, int] = {}
        self.problems: list[Problem] = []
        self.scalars = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        value = self.scalars.construct_object(node, deep=True)
        return node.value if isinstance(value, dt.date | dt.datetime) else value

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        self.scalars.flatten_mapping(node)  # resolves ``<<: *anchor`` merge keys
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.scalars.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool) or key is None:
                self._report(key_node, path, "a key must be a plain word or number")
                continue
            key = str(key)
            if key in out:
                self._report(key_node, (*path, key), f"key '{key}' appears twice in one mapping")
            self.lines[(*path, key)] = key_node.start_mark.line + 1
            out[key] = self.build(value_node, (*path, key))
        return out

    def _report(self, node: yaml.Node, path: Path, message: str) -> None:
        fix = "keep one of them" if "twice" in message else "quote the key or rename it"
        self.problems.append(
            Problem(self.file, path_text(path), message, fix, node.start_mark.line + 1, rule="yaml")
        )


def load_yaml_text(text: str, file: str) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse one YAML document; syntax errors become one Problem with the line, not a trace."""
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        fix = "check indentation, colons and quotes on that line"
        return None, [Problem(file, "", f"not valid YAML: {reason}", fix, line, rule="yaml")]
    if len(nodes) > 1:
        fix = "keep one document per file (remove the extra '---')"
        return None, [Problem(file, "", "the file holds several YAML documents", fix, rule="yaml")]
    builder = _Builder(file)
    data = builder.build(nodes[0], ()) if nodes else None
    return YamlDoc(file, data, builder.lines), builder.problems
