"""What changed between two versions of a flow: a YAML diff and a graph-level summary.

A text diff shows every line; reviewers also need the shape: which menus, choices, tasks and
actions appeared or went away, which transitions (a key press, an output, a jump) were added
or removed, and which steps now do something else (another queue, another condition). Nodes
are keyed by what a person calls them, not by position: ``menu:Main Menu/choice:Sales``,
``task:Support Task/action:Look up customer tier/success/action:Gold customer?``. An action
without a name falls back to its type and its rank among unnamed siblings of that type, so
inserting a named step does not make every later step look new.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from cxgate.flow.graph import FlowGraph, Node, NodeKind

__all__ = ["GraphDelta", "NodeChange", "graph_delta", "stable_keys", "yaml_diff"]

_STRUCTURAL = {"outputs", "actions", "choices", "menus", "tasks", "states", "bots"}


@dataclass(frozen=True, slots=True)
class NodeChange:
    """A step that exists in both versions but does something else now."""

    key: str
    field: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.key}: {self.field} {self.old or '-'} → {self.new or '-'}"


@dataclass(frozen=True, slots=True)
class GraphDelta:
    """Nodes and transitions added and removed, and steps changed, by stable key."""

    nodes_added: tuple[str, ...] = ()
    nodes_removed: tuple[str, ...] = ()
    nodes_changed: tuple[NodeChange, ...] = ()
    transitions_added: tuple[str, ...] = ()
    transitions_removed: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """True when the call graph is the same (the text may still differ: prompts, layout)."""
        return not (
            self.nodes_added
            or self.nodes_removed
            or self.nodes_changed
            or self.transitions_added
            or self.transitions_removed
        )

    def counts(self) -> str:
        """``+2 -1 ~1 nodes, +3 -1 transitions``."""
        return (
            f"+{len(self.nodes_added)} -{len(self.nodes_removed)} ~{len(self.nodes_changed)} "
            f"nodes, +{len(self.transitions_added)} -{len(self.transitions_removed)} transitions"
        )

    def lines(self) -> list[str]:
        """One line per change, ``+``/``-``/``~`` first, for plans and pull requests."""
        return [
            *(f"+ node {k}" for k in self.nodes_added),
            *(f"- node {k}" for k in self.nodes_removed),
            *(f"~ {c}" for c in self.nodes_changed),
            *(f"+ transition {k}" for k in self.transitions_added),
            *(f"- transition {k}" for k in self.transitions_removed),
        ]

    def as_dict(self) -> dict[str, list[str]]:
        """The JSON shape (plan files)."""
        return {
            "nodesAdded": list(self.nodes_added),
            "nodesRemoved": list(self.nodes_removed),
            "nodesChanged": [str(c) for c in self.nodes_changed],
            "transitionsAdded": list(self.transitions_added),
            "transitionsRemoved": list(self.transitions_removed),
        }


def yaml_diff(old: str, new: str, name: str, context: int = 3) -> list[str]:
    """A unified diff of two flow files (``--- name (org)`` / ``+++ name (bundle)``)."""
    return [
        line.rstrip("\n")
        for line in difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"{name} (org)",
            tofile=f"{name} (bundle)",
            n=context,
        )
    ]


def graph_delta(old: FlowGraph, new: FlowGraph) -> GraphDelta:
    """What changed from ``old`` to ``new``, keyed stably (see the module docstring)."""
    old_keys, new_keys = stable_keys(old), stable_keys(new)
    old_nodes = {old_keys[n.id]: n for n in old.nodes.values()}
    new_nodes = {new_keys[n.id]: n for n in new.nodes.values()}
    old_edges, new_edges = _edges(old, old_keys), _edges(new, new_keys)
    both = [k for k in new_nodes if k in old_nodes]
    return GraphDelta(
        nodes_added=_ordered(new_nodes, old_nodes),
        nodes_removed=_ordered(old_nodes, new_nodes),
        nodes_changed=tuple(c for k in both for c in _changes(k, old_nodes[k], new_nodes[k])),
        transitions_added=_ordered(new_edges, old_edges),
        transitions_removed=_ordered(old_edges, new_edges),
    )


def _ordered(these: Iterable[str], others: Iterable[str]) -> tuple[str, ...]:
    gone = set(others)
    return tuple(k for k in these if k not in gone)


def _changes(key: str, old: Node, new: Node) -> list[NodeChange]:
    fields = (
        ("type", old.type, new.type),
        ("target", old.target, new.target),
        ("condition", old.condition, new.condition),
        ("audio", " | ".join(old.audio), " | ".join(new.audio)),
        ("ending", old.ending.value, new.ending.value),
    )
    return [NodeChange(key, name, a, b) for name, a, b in fields if a != b]


def _edges(graph: FlowGraph, keys: dict[str, str]) -> dict[str, None]:
    found: dict[str, None] = {}
    for t in graph.transitions:
        target = keys[t.target] if t.target is not None else "(end)"
        found[f"{keys[t.source]} --{t.kind.value}:{t.label}--> {target}"] = None
    return found


def stable_keys(graph: FlowGraph) -> dict[str, str]:
    """Node id → a key made of names (menu, task, choice and action names), not positions."""
    keys: dict[str, str] = {}
    taken: set[str] = set()
    unnamed: dict[tuple[str, str], int] = {}
    for node in graph.nodes.values():  # file order: parents come before their children
        if node.kind is NodeKind.ENTRY:
            keys[node.id] = "start"
            continue
        parent, rest = _parent(node.id, keys)
        prefix = f"{keys[parent]}/" if parent and keys[parent] != "start" else ""
        branch = "/".join(s for s in rest if s not in _STRUCTURAL and not s.isdigit())
        where = f"{prefix}{branch}/" if branch else prefix
        key = _unique(where + _label(node, where, unnamed), taken)
        keys[node.id] = key
        taken.add(key)
    return keys


def _parent(node_id: str, keys: dict[str, str]) -> tuple[str, list[str]]:
    """The nearest enclosing node already keyed, and the path segments below it."""
    parts = node_id.split("/")
    for cut in range(len(parts) - 1, 0, -1):
        candidate = "/".join(parts[:cut])
        if candidate in keys:
            return candidate, parts[cut:-1]
    return "", []


_KIND_WORDS = {NodeKind.MENU: "menu", NodeKind.CHOICE: "choice", NodeKind.ACTION: "action"}


def _label(node: Node, where: str, unnamed: dict[tuple[str, str], int]) -> str:
    """``menu:Main Menu``, ``task:Support Task``, ``action:Gold support``, or for a step
    without a name ``action:playAudio#2`` (its rank among unnamed siblings of that type)."""
    word = _KIND_WORDS.get(node.kind, node.type)
    if node.name:
        return f"{word}:{node.name}"
    rank = unnamed.get((where, node.type), 0) + 1
    unnamed[(where, node.type)] = rank
    return f"{word}:{node.type}#{rank}"


def _unique(key: str, taken: set[str]) -> str:
    """Two siblings with the same name get ``#2``, ``#3``… in file order."""
    if key not in taken:
        return key
    n = 2
    while f"{key}#{n}" in taken:
        n += 1
    return f"{key}#{n}"
