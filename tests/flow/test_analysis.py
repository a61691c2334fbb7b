"""Reachability and cycles: Tarjan's components against a brute-force reference."""

from __future__ import annotations

from collections import deque

from hypothesis import given, settings
from hypothesis import strategies as st

from cxgate.flow.actions import spec_for
from cxgate.flow.analysis import busy_cycles, reachable, strongly_connected
from cxgate.flow.graph import FlowGraph, NodeKind
from cxgate.flow.read.archy import parse_flow

from .strategies import flows


def _reaches_itself(start: str, edges: dict[str, list[str]]) -> bool:
    queue, seen = deque(edges.get(start, [])), set()
    while queue:
        node = queue.popleft()
        if node == start:
            return True
        if node not in seen:
            seen.add(node)
            queue.extend(edges.get(node, []))
    return False


@given(st.dictionaries(st.integers(0, 12).map(str), st.lists(st.integers(0, 12).map(str))))
def test_components_match_brute_force(edges: dict[str, list[str]]) -> None:
    """Nodes in a cyclic component are exactly the nodes that can reach themselves."""
    nodes = sorted(set(edges) | {n for targets in edges.values() for n in targets})
    components = strongly_connected(nodes, edges)
    assert sorted(n for c in components for n in c) == nodes
    cyclic = {n for c in components for n in c if len(c) > 1 or n in edges.get(c[0], [])}
    assert cyclic == {n for n in nodes if _reaches_itself(n, edges)}


def test_deep_chain_does_not_recurse() -> None:
    """A 20,000-node chain closing into one cycle is one component, with no recursion."""
    size = 20_000
    edges = {str(i): [str((i + 1) % size)] for i in range(size)}
    components = strongly_connected([str(i) for i in range(size)], edges)
    assert [len(c) for c in components] == [size]


def _takes_time(graph: FlowGraph, node_id: str) -> bool:
    node = graph.nodes[node_id]
    return node.waits or (node.kind is NodeKind.ACTION and spec_for(node.type).paced)


def _allowed(graph: FlowGraph, live: set[str]) -> dict[str, list[str]]:
    edges: dict[str, list[str]] = {}
    for t in graph.transitions:
        if t.target is None or t.source not in live or t.target not in live:
            continue
        if _takes_time(graph, t.source) or _takes_time(graph, t.target):
            continue
        target = graph.nodes[t.target]
        if target.bounded and t.source.startswith(target.id + "/outputs/loop/"):
            continue
        edges.setdefault(t.source, []).append(t.target)
    return edges


@settings(max_examples=150)
@given(flows())
def test_busy_cycles_match_brute_force(text: str) -> None:
    """busy_cycles finds exactly the nodes that can come back to themselves without waiting
    or playing audio."""
    graph = parse_flow(text, "generated.yaml")
    live = reachable(graph)
    found = {n for cycle in busy_cycles(graph, live) for n in cycle}
    edges = _allowed(graph, live)
    assert found == {n for n in live if _reaches_itself(n, edges)}
