"""Assemble a FlowGraph: nodes, transitions, and references resolved once everything exists.

Jumps may point forward (a startup task jumping to a menu defined later), so the readers
record each reference with the path of the object holding it, and ``finish()`` resolves them
all against the registry of Archy paths (GRAMMAR.md §4) in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass

from cxgate.flow.graph import (
    ExternalRef,
    FlowGraph,
    Node,
    NodeKind,
    ParseNote,
    Transition,
    TransitionKind,
)
from cxgate.flow.read.refs import parse_ref, resolve, to_path

__all__ = ["Cont", "GraphBuilder"]

_EXPECTED_KINDS = {
    "startUpRef": (NodeKind.MENU, NodeKind.TASK),
    "targetMenuRef": (NodeKind.MENU,),
    "targetTaskRef": (NodeKind.TASK,),
    "targetStateRef": (NodeKind.TASK,),
    "defaultChildMenuRef": (NodeKind.CHOICE, NodeKind.MENU),
}


@dataclass(frozen=True, slots=True)
class Cont:
    """Where control goes when a sequence runs out: a node, or None (falls off the end)."""

    target: str | None
    kind: TransitionKind = TransitionKind.NEXT
    label: str = "next"


@dataclass(frozen=True, slots=True)
class _PendingRef:
    source: str
    text: str
    base: tuple[str, ...]
    key: str
    line: int
    kind: TransitionKind
    label: str
    expect: str  # the reference key whose target kinds apply (usually ``key`` itself)


class GraphBuilder:
    """Collects nodes and transitions for one flow file, then resolves references."""

    def __init__(self, file: str, kind: str) -> None:
        self.file = file
        self.kind = kind
        self.nodes: dict[str, Node] = {}
        self.transitions: list[Transition] = []
        self.notes: list[ParseNote] = []
        self._paths: dict[tuple[str, ...], str] = {}
        self.path_of: dict[str, tuple[str, ...]] = {}  # node id → Archy path (for `./` refs)
        self._pending: list[_PendingRef] = []
        self._labels: dict[str, int] = {}

    def note(self, rule: str, severity: str, line: int, message: str, fix: str) -> None:
        """Record something noticed while reading."""
        self.notes.append(ParseNote(rule, severity, self.file, line, message, fix))

    def add(self, node: Node) -> Node:
        """Add a node; callers make ids unique with ``unique_id``."""
        self.nodes[node.id] = node
        return node

    def unique_id(self, candidate: str) -> str:
        """``candidate``, or ``candidate#2``… when two objects share a refId (a finding)."""
        if candidate not in self.nodes:
            return candidate
        number = 2
        while f"{candidate}#{number}" in self.nodes:
            number += 1
        return f"{candidate}#{number}"

    def register(self, path: tuple[str, ...], node_id: str, line: int) -> None:
        """Make an Archy path resolvable; a second object with the same path is a finding."""
        if path in self._paths:
            self.note(
                "ref-duplicate-id",
                "error",
                line,
                f"refId path {to_path(path)} is already used at another object",
                "give every menu, task, state and referenced choice a unique refId",
            )
            return
        self._paths[path] = node_id

    def register_object(self, node: Node, path: tuple[str, ...], ref_id: str) -> None:
        """Record a menu, task or state's Archy path; with a refId, make it a ref target."""
        self.path_of[node.id] = path
        if ref_id:
            self.register(path, node.id, node.line)
        else:
            self.note(
                "refid-missing",
                "warning",
                node.line,
                f"{node.type} '{node.label}' has no refId; nothing can refer to it",
                "add refId: <unique id> so references can reach it",
            )

    def link(
        self,
        source: str,
        target: str | None,
        kind: TransitionKind,
        label: str,
        line: int,
        *,
        implicit: bool = False,
        dtmf: str = "",
        terms: tuple[str, ...] = (),
        value: str = "",
    ) -> Transition:
        """Add a transition; its id is ``source::label`` (numbered if the label repeats)."""
        base = f"{source}::{label}"
        count = self._labels.get(base, 0) + 1
        self._labels[base] = count
        tid = base if count == 1 else f"{base}#{count}"
        transition = Transition(
            tid, source, target, kind, label, line, implicit, dtmf=dtmf, terms=terms, value=value
        )
        self.transitions.append(transition)
        return transition

    def follow(self, source: str, cont: Cont, line: int, *, implicit: bool = False) -> None:
        """Link ``source`` to a continuation."""
        self.link(source, cont.target, cont.kind, cont.label, line, implicit=implicit)

    def refer(
        self,
        source: str,
        text: str,
        base: tuple[str, ...],
        key: str,
        line: int,
        *,
        kind: TransitionKind = TransitionKind.JUMP,
        label: str = "",
        expect: str = "",
    ) -> None:
        """Record a reference to resolve in ``finish()``; ``expect`` names the reference key
        whose target kinds apply when ``key`` describes the place instead."""
        self._pending.append(
            _PendingRef(source, text, base, key, line, kind, label or key, expect or key)
        )

    def finish(
        self, name: str, entry: str, refs: list[ExternalRef], error_handling: str = ""
    ) -> FlowGraph:
        """Resolve every recorded reference and return the graph."""
        for pending in self._pending:
            self.link(
                pending.source, self._resolve(pending), pending.kind, pending.label, pending.line
            )
        order = {node_id: i for i, node_id in enumerate(self.nodes)}
        self.transitions.sort(key=lambda t: order[t.source])
        return FlowGraph(
            file=self.file,
            kind=self.kind,
            name=name,
            entry=entry,
            nodes=self.nodes,
            transitions=self.transitions,
            external_refs=refs,
            notes=sorted(self.notes, key=lambda n: n.line),
            error_handling=error_handling,
        )

    def _resolve(self, pending: _PendingRef) -> str | None:
        ref = parse_ref(pending.text)
        if ref.file:
            self.note(
                "ref-external",
                "warning",
                pending.line,
                f"{pending.key} points into another file ({ref.file}); not followed offline",
                "check that file with `cxgate flow check` too",
            )
            return None
        path = resolve(ref, pending.base)
        target = self._paths.get(path) if path is not None else None
        if target is None:
            self.note(
                "ref-unresolved",
                "error",
                pending.line,
                f"{pending.key} '{pending.text}' names nothing in this flow",
                "point it at an existing menu/task/state refId, e.g. /"
                f"{self.kind}/tasks/task[<refId>]",
            )
            return None
        self._check_kind(pending, target)
        return target

    def _check_kind(self, pending: _PendingRef, target: str) -> None:
        expected = _EXPECTED_KINDS.get(pending.expect)
        node = self.nodes[target]
        if expected and node.kind not in expected:
            wanted = " or ".join(k.value for k in expected)
            self.note(
                "ref-wrong-kind",
                "error",
                pending.line,
                f"{pending.key} '{pending.text}' names a {node.kind.value}, not a {wanted}",
                f"point {pending.key} at a {wanted}",
            )
