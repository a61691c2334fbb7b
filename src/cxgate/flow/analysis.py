"""Linear-time graph algorithms over a FlowGraph, iterative so 10,000-node flows never recurse.

Reachability is a breadth-first search; cycles come from Tarjan's strongly connected
components, written with an explicit stack (O(nodes + transitions)).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence

from cxgate.flow.actions import spec_for
from cxgate.flow.graph import Ending, FlowGraph, NodeKind, Transition, TransitionKind

__all__ = ["busy_cycles", "closed_cycles", "reachable", "strongly_connected", "takes_time"]


def reachable(graph: FlowGraph) -> set[str]:
    """Node ids a caller can reach from the flow's entry."""
    seen = {graph.entry}
    queue = deque([graph.entry])
    while queue:
        for transition in graph.outgoing(queue.popleft()):
            target = transition.target
            if target is not None and target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def strongly_connected(nodes: Iterable[str], edges: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Tarjan's SCCs, iteratively; each component lists its node ids."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            successors = edges.get(node, ())
            if position < len(successors):
                work.append((node, position + 1))
                nxt = successors[position]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return components


def busy_cycles(graph: FlowGraph, within: set[str]) -> list[list[str]]:
    """Cycles among ``within`` that never wait and have no loop bound.

    A menu, an ask, collectInput or hold music waits for input or time, and audio takes real
    time to play (hold music in an in-queue flow loops by design), so cycles through them
    are allowed; a bounded loop action's back edges are cut, since its count ends them.
    """
    edges = _edges(graph, within, keep=lambda node_id: not takes_time(graph, node_id))
    return _cycles(graph, edges)


def closed_cycles(graph: FlowGraph, within: set[str]) -> list[list[str]]:
    """Cycles among ``within`` with no way out: no transition leaves them and nothing in
    them ends, transfers or lets a menu give up (a menu without a default choice)."""
    edges = _edges(graph, within, keep=lambda _: True)
    return [cycle for cycle in _cycles(graph, edges) if not _has_exit(graph, set(cycle))]


def takes_time(graph: FlowGraph, node_id: str) -> bool:
    """Waits for input or time, or plays audio (which takes real time)."""
    node = graph.nodes[node_id]
    return node.waits or (node.kind is NodeKind.ACTION and spec_for(node.type).paced)


def _edges(graph: FlowGraph, within: set[str], keep: Callable[[str], bool]) -> dict[str, list[str]]:
    edges: dict[str, list[str]] = {}
    for node_id in within:
        if keep(node_id):
            edges[node_id] = [
                t.target
                for t in graph.outgoing(node_id)
                if t.target is not None and t.target in within and keep(t.target)
                and not _bounded_back_edge(graph, t)
            ]  # fmt: skip
    return edges


def _cycles(graph: FlowGraph, edges: dict[str, list[str]]) -> list[list[str]]:
    order = [node_id for node_id in graph.nodes if node_id in edges]
    return [
        component
        for component in strongly_connected(order, edges)
        if len(component) > 1 or component[0] in edges[component[0]]
    ]


def _bounded_back_edge(graph: FlowGraph, transition: Transition) -> bool:
    """A bounded loop's back edges come from inside its body, whose node ids extend its own."""
    target = transition.target or ""
    inside_body = transition.source.startswith(f"{target}/outputs/loop/")
    return inside_body and graph.nodes[target].bounded


def _has_exit(graph: FlowGraph, cycle: set[str]) -> bool:
    for node_id in cycle:
        node = graph.nodes[node_id]
        out = graph.outgoing(node_id)
        if node.ending is not Ending.CONTINUES or any(t.target not in cycle for t in out):
            return True
        if node.kind is NodeKind.MENU and not any(t.kind is TransitionKind.DEFAULT for t in out):
            return True
    return False
