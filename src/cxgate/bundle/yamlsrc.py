"""YAML files with a line number for every path, so each problem can point at its line.

The node tree comes from ``cxgate.yamlguard``, the reader every cxgate YAML file goes through
(nesting depth and alias expansion bounded, duplicate keys and NUL characters reported, the
same rules as flow files); each node keeps its start mark, and we build plain Python data from
the tree ourselves, recording ``path → line`` on the way. Dates stay strings: the API wants
strings and so do we.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from cxgate.errors import Problem
from cxgate.yamlguard import YamlLimitError, compose_guarded

__all__ = ["Path", "YamlDoc", "load_yaml_text", "path_text"]

Path = tuple[str | int, ...]
_RESOLVER = yaml.resolver.Resolver()  # YAML 1.1 implicit types, as yaml.safe_load gives


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
    """Parse one YAML document; syntax errors and passed limits become one Problem with the
    line (never the file's text beyond the offending token), not a trace."""
    try:
        composed = compose_guarded(text, _RESOLVER.resolve)
    except yaml.YAMLError as exc:
        return None, [_syntax_problem(exc, file)]
    except YamlLimitError as exc:
        return None, [Problem(file, "", exc.message, exc.fix, exc.line, rule="yaml")]
    if len(composed.documents) > 1:
        fix = "keep one document per file (remove the extra '---')"
        return None, [Problem(file, "", "the file holds several YAML documents", fix, rule="yaml")]
    builder = _Builder(file)
    try:
        data = builder.build(composed.documents[0], ()) if composed.documents else None
    except yaml.YAMLError as exc:  # a tag the safe constructor refuses, e.g. !!python/object
        return None, [_syntax_problem(exc, file)]
    found = {(p.line, p.message) for p in builder.problems}  # these carry their YAML path
    notes = [n for n in composed.notes if (n.line, n.message) not in found]
    problems = [Problem(file, "", n.message, n.fix, n.line, rule="yaml") for n in notes]
    return YamlDoc(file, data, builder.lines), problems + builder.problems


def _syntax_problem(exc: yaml.YAMLError, file: str) -> Problem:
    """The reason and line only: PyYAML's full message quotes the file's lines."""
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    reason = getattr(exc, "problem", None) or type(exc).__name__
    fix = "check indentation, colons and quotes on that line"
    return Problem(file, "", f"not valid YAML: {reason}", fix, line, rule="yaml")
