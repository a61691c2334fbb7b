"""Type checks on an Archy file's YAML that the graph reader would otherwise read past.

The reader is lenient by design (an unknown shape reads as nothing, so a half-written flow
still draws), which turned a typo into a wrong finding: ``actions: disconnect`` (text where
a list belongs) read as an empty list and was reported as a dead end, and a flow without a
name deployed nameless. These are the bundle loader's rules for the same mistakes: a list
key must hold a list, and the flow must have a name.
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from cxgate.flow.graph import ParseNote
from cxgate.flow.read.yamltree import child, items, line_of, scalar

__all__ = ["LIST_KEYS", "shape_notes"]

LIST_KEYS = frozenset(
    {"actions", "menus", "tasks", "states", "bots", "choices", "cases", "startUpTaskActions"}
)
"""Archy keys whose value is always a list (GRAMMAR.md §2-§6)."""

_FOUND = {yaml.ScalarNode: "text", yaml.MappingNode: "a mapping"}


def shape_notes(flow: yaml.Node, kind: str, file: str) -> list[ParseNote]:
    """Errors for a missing or empty flow name and for non-lists under list keys."""
    notes: list[ParseNote] = []
    name = child(flow, "name")
    if not (scalar(name) or "").strip():
        notes.append(
            ParseNote(
                "flow-name",
                "error",
                file,
                line_of(name, line_of(flow)),
                f"the {kind} flow has no name",
                "add `name: ...` under the flow kind (Architect names every flow)",
            )
        )
    for key, value in _list_keys(flow):
        found = _FOUND.get(type(value), "something else")
        notes.append(
            ParseNote(
                "not-a-list",
                "error",
                file,
                line_of(value),
                f"'{key}' must be a list, found {found}",
                f"write each item of '{key}' on its own line starting with '- '",
            )
        )
    return notes


def _list_keys(root: yaml.Node) -> Iterator[tuple[str, yaml.Node]]:
    """(key, value) for every list key whose value is neither a list nor empty."""
    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:  # an alias: the same node again
            continue
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        for key, value in items(node):
            if key in LIST_KEYS and not _list_or_empty(value):
                yield key, value
            stack.append(value)


def _list_or_empty(node: yaml.Node) -> bool:
    if isinstance(node, yaml.SequenceNode):
        return True
    empty = ("", "~", "null")
    return isinstance(node, yaml.ScalarNode) and not node.style and node.value.lower() in empty
