"""A small layered layout for drawing flows without Graphviz or JavaScript.

Layers are longest-path distances from the flow's entry once the edges that close loops
are set aside, so a caller's journey reads top to bottom and loops point back up. Within a
layer, nodes start in file order and two downward barycenter sweeps pull each node towards
its parents to cut crossings. Linear apart from the per-layer sorts.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from itertools import pairwise

from cxgate.flow.graph import FlowGraph

__all__ = ["NODE_H", "NODE_W", "Box", "Layout", "layered_layout"]

NODE_W = 200.0
NODE_H = 42.0
_GAP_X = 28.0
_GAP_Y = 74.0
_MARGIN = 24.0


@dataclass(frozen=True, slots=True)
class Box:
    """A node's rectangle, top-left corner first."""

    x: float
    y: float
    layer: int

    @property
    def cx(self) -> float:
        """Horizontal centre."""
        return self.x + NODE_W / 2


@dataclass(frozen=True, slots=True)
class Layout:
    """Where every node goes, and the drawing's size."""

    boxes: dict[str, Box]
    width: float
    height: float


def layered_layout(graph: FlowGraph) -> Layout:
    """Place every node of ``graph`` on a layered grid."""
    depth = _depths(graph)
    layers: dict[int, list[str]] = {}
    for node_id in sorted(depth, key=lambda n: depth[n]):
        layers.setdefault(depth[node_id], []).append(node_id)
    ordered = [layers[k] for k in sorted(layers)]
    for _ in range(2):
        _sweep(graph, ordered)
    widest = max((len(layer) for layer in ordered), default=1)
    width = 2 * _MARGIN + widest * NODE_W + (widest - 1) * _GAP_X
    boxes: dict[str, Box] = {}
    for index, layer in enumerate(ordered):
        span = len(layer) * NODE_W + (len(layer) - 1) * _GAP_X
        left = (width - span) / 2
        y = _MARGIN + index * (NODE_H + _GAP_Y)
        for position, node_id in enumerate(layer):
            boxes[node_id] = Box(left + position * (NODE_W + _GAP_X), y, index)
    height = 2 * _MARGIN + len(ordered) * NODE_H + max(len(ordered) - 1, 0) * _GAP_Y + _GAP_Y
    return Layout(boxes, width, height)


def _depths(graph: FlowGraph) -> dict[str, int]:
    """Longest-path layers over the graph without its back edges, so merges sit below
    every branch that joins them and loops point upwards."""
    back = _back_edges(graph)
    indegree = dict.fromkeys(graph.nodes, 0)
    for t in graph.transitions:
        if t.target is not None and t.id not in back:
            indegree[t.target] += 1
    depth = dict.fromkeys(graph.nodes, 0)
    ready = deque(n for n in [graph.entry, *graph.nodes] if indegree[n] == 0)
    seen: set[str] = set()
    while ready:
        node_id = ready.popleft()
        if node_id in seen:
            continue
        seen.add(node_id)
        for t in graph.outgoing(node_id):
            if t.target is None or t.id in back:
                continue
            depth[t.target] = max(depth[t.target], depth[node_id] + 1)
            indegree[t.target] -= 1
            if indegree[t.target] == 0:
                ready.append(t.target)
    return depth


def _back_edges(graph: FlowGraph) -> set[str]:
    """Transitions that close a cycle in an iterative depth-first search from the entry."""
    back: set[str] = set()
    state: dict[str, int] = {}  # 1 = on the DFS stack, 2 = finished
    for root in [graph.entry, *graph.nodes]:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, 0)]
        while stack:
            node_id, position = stack.pop()
            exits = graph.outgoing(node_id)
            if position == len(exits):
                state[node_id] = 2
                continue
            stack.append((node_id, position + 1))
            t = exits[position]
            if t.target is None:
                continue
            if state.get(t.target) == 1:
                back.add(t.id)
            elif t.target not in state:
                state[t.target] = 1
                stack.append((t.target, 0))
    return back


def _sweep(graph: FlowGraph, layers: list[list[str]]) -> None:
    """Order each layer by the mean position of its parents in the layer above."""
    for above, layer in pairwise(layers):
        position = {node_id: i for i, node_id in enumerate(above)}
        weight: dict[str, float] = {}
        for i, node_id in enumerate(layer):
            parents = [position[t.source] for t in graph.incoming(node_id) if t.source in position]
            weight[node_id] = sum(parents) / len(parents) if parents else float(i)
        layer.sort(key=weight.__getitem__)
