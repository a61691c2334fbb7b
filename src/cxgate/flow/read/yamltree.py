"""YAML as a tree of nodes that remember their line, read without YAML 1.1 surprises.

We compose (not construct), through ``cxgate.yamlguard`` (the limits every cxgate YAML file
is read under): every node keeps its source mark, and scalars stay the text the author wrote.
That sidesteps the YAML 1.1 trap where ``yes:``/``no:`` output keys and speech terms become
booleans (GRAMMAR.md §9.2); ``plain()`` applies YAML 1.2 core rules.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import yaml

from cxgate.flow.read.source import FlowFileError, unmask
from cxgate.yamlguard import YamlLimitError, compose_guarded

__all__ = [
    "child",
    "compose",
    "gc_paused",
    "items",
    "line_of",
    "plain",
    "scalar",
    "sequence",
    "single_key",
]

_TAGS = {
    yaml.ScalarNode: "tag:yaml.org,2002:str",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
    yaml.MappingNode: "tag:yaml.org,2002:map",
}


def _as_text(kind: type[yaml.Node], value: Any, implicit: Any) -> str:
    """No YAML 1.1 implicit typing: every scalar stays text (``plain`` types it later), which
    is both the trap fix and a third less time on large flows."""
    return _TAGS[kind]


_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")


def compose(text: str, file: str, *, masked: bool = False) -> yaml.Node:
    """Parse one YAML document into nodes within cxgate's YAML limits (``cxgate.yamlguard``:
    depth, aliases, duplicate keys, NUL); any problem names the file, line and fix."""
    try:
        with gc_paused():
            composed = compose_guarded(text, _as_text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = exc.problem or exc.context or "syntax error"
        raise FlowFileError(file, line, f"invalid YAML: {problem}", _hint(text, mark)) from exc
    except YamlLimitError as exc:
        raise FlowFileError(file, exc.line, exc.message, exc.fix) from None
    if composed.notes:
        note = composed.notes[0]
        raise FlowFileError(file, note.line, note.message, note.fix)
    if not composed.documents:
        raise FlowFileError(file, 0, "the file is empty", "write the flow or remove the file")
    if len(composed.documents) > 1:
        second = line_of(composed.documents[1])
        raise FlowFileError(
            file, second, "invalid YAML: the file holds several documents", "keep one per file"
        )
    root = composed.documents[0]
    if masked:
        for node in _walk(root):
            if isinstance(node, yaml.ScalarNode):
                node.value = unmask(node.value)
    return root


@contextmanager
def gc_paused() -> Iterator[None]:
    """Building a large tree allocates in a burst; cyclic GC passes over it add nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _hint(text: str, mark: Any) -> str:
    if mark is None:
        return "check the YAML syntax"
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    if "\t" in line[: len(line) - len(line.lstrip())]:
        return "indent with spaces, not tabs"
    return "check indentation and quoting on this line or the one before"


def _walk(root: yaml.Node) -> Iterator[yaml.Node]:
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def line_of(node: yaml.Node | None, default: int = 0) -> int:
    """1-based line where the node starts (``default`` for an absent node)."""
    if node is None:
        return default
    return int(node.start_mark.line) + 1


def items(node: yaml.Node | None) -> list[tuple[str, yaml.Node]]:
    """A mapping's (key text, value node) pairs, in file order; [] for anything else."""
    if not isinstance(node, yaml.MappingNode):
        return []
    return [(str(k.value), v) for k, v in node.value if isinstance(k, yaml.ScalarNode)]


def child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """The value under ``key`` in a mapping (first one wins), or None."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                found: yaml.Node = v
                return found
    return None


def scalar(node: yaml.Node | None) -> str | None:
    """A scalar's text as written, or None for mappings, sequences and absent nodes."""
    if isinstance(node, yaml.ScalarNode):
        return str(node.value)
    return None


def sequence(node: yaml.Node | None) -> list[yaml.Node]:
    """A sequence's items, or [] for anything else."""
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def single_key(node: yaml.Node) -> tuple[str, yaml.Node] | None:
    """A ``- key: body`` list item as (key, body); None if it is not a one-key mapping."""
    pairs = items(node)
    if len(pairs) != 1:
        return None
    return pairs[0]


def plain(node: yaml.Node | None) -> Any:
    """Convert to Python with YAML 1.2 core scalars: only true/false are booleans."""
    if isinstance(node, yaml.MappingNode):
        return {k: plain(v) for k, v in items(node)}
    if isinstance(node, yaml.SequenceNode):
        return [plain(v) for v in node.value]
    if not isinstance(node, yaml.ScalarNode):
        return None
    text = str(node.value)
    if node.style:  # quoted or block scalar: always a string
        return text
    return _plain_scalar(text)


def _plain_scalar(text: str) -> Any:
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered in ("", "~", "null"):
        return None
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    return text
