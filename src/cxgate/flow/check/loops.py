"""Loop rules of ``flow check``: cycles that spin, and cycles that never let go.

A cycle with nothing that waits — no menu, ask, collectInput, hold music or wait, and no audio
playing — runs Architect's 10,000-action limit down in moments and then falls into error
handling (Resource Center ?p=20587, "Maximum number of actions in a flow"): an error. A cycle
that waits but has no way out only keeps the participant until they hang up: a note, and
none in in-queue flows, whose hold-music loop is the point of the flow.
"""

from __future__ import annotations

from collections.abc import Iterator

from cxgate.flow.analysis import busy_cycles, closed_cycles
from cxgate.flow.check.finding import Context, Finding
from cxgate.flow.graph import FlowGraph, Node
from cxgate.resource.flowkinds import participant

__all__ = ["loop_rules"]


def loop_rules(ctx: Context) -> Iterator[Finding]:
    """Busy loops (errors), then closed waiting loops (notes)."""
    busy = busy_cycles(ctx.graph, ctx.reached)
    yield from (_busy(ctx, cycle) for cycle in busy)
    if not ctx.graph.kind.startswith("inqueue"):
        spinning = {node_id for cycle in busy for node_id in cycle}
        for cycle in closed_cycles(ctx.graph, ctx.reached):
            if spinning.isdisjoint(cycle):
                yield _closed(ctx, cycle)


def _busy(ctx: Context, cycle: list[str]) -> Finding:
    nodes = _ordered(ctx.graph, cycle)
    return ctx.finding(
        "busy-loop",
        nodes[0].line,
        f"cycle of {len(nodes)} step(s) repeats with nothing that waits or plays audio: "
        f"{_names(nodes)}; Architect stops it at 10,000 actions and runs error handling",
        "give the loop a loopCount, or route it through a menu, an input or a wait",
    )


def _closed(ctx: Context, cycle: list[str]) -> Finding:
    nodes = _ordered(ctx.graph, cycle)
    return ctx.finding(
        "loop-no-exit",
        nodes[0].line,
        f"cycle of {len(nodes)} step(s) has no way out: {_names(nodes)}; "
        f"{participant(ctx.graph.kind)} stays in it until the interaction ends",
        "add a way out of the loop (a count, a menu choice, a transfer or a disconnect)",
    )


def _ordered(graph: FlowGraph, cycle: list[str]) -> list[Node]:
    return sorted((graph.nodes[n] for n in cycle), key=lambda n: n.line)


def _names(nodes: list[Node]) -> str:
    return " → ".join(f"'{n.label}'" for n in nodes[:4]) + (" …" if len(nodes) > 4 else "")
