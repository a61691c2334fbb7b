"""Linear-time graph algorithms over a FlowGraph, iterative so 10,000-node flows never recurse.

Reachability is a breadth-first search; cycles come from Tarjan's strongly connected
components, written with an explicit stack (O(nodes + transitions)).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence

from cxgate.flow.graph import FlowGraph, Transition

__all__ = ["busy_cycles", "reachable", "strongly_connected"]


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
    """Cycles among ``within`` that never wait for the caller and have no loop bound.

    A menu, collectInput or hold music waits (for input or time), so cycles through them
    are allowed; a bounded loop action's back edges are cut, since its count ends them.
    """
    edges: dict[str, list[str]] = {}
    for node_id in within:
        if not graph.nodes[node_id].waits:
            edges[node_id] = [
                t.target
                for t in graph.outgoing(node_id)
                if t.target is not None and _counts_for_busy_loop(graph, t, within)
            ]
    order = [node_id for node_id in graph.nodes if node_id in edges]
    return [
        component
        for component in strongly_connected(order, edges)
        if len(component) > 1 or component[0] in edges[component[0]]
    ]


def _counts_for_busy_loop(graph: FlowGraph, transition: Transition, within: set[str]) -> bool:
    target = transition.target
    if target is None or target not in within or graph.nodes[target].waits:
        return False
    # A bounded loop's back edges come from inside its body, whose node ids extend its own.
    inside_body = transition.source.startswith(f"{target}/outputs/loop/")
    return not (graph.nodes[target].bounded and inside_body)
