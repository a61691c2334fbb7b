"""The graph rules of ``flow check``; each takes the flow and yields findings, in linear time.

Rules look only at what a caller can reach: an unreachable menu or task gets its one
``unreachable`` finding and nothing else. Findings name who moves through the flow — a caller,
a customer, or (in a workflow) the flow itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from cxgate.flow.analysis import reachable
from cxgate.flow.check.finding import Context, Finding, Resolver
from cxgate.flow.check.loops import loop_rules
from cxgate.flow.check.menus import menu_rules
from cxgate.flow.graph import Ending, FlowGraph, Node, NodeKind, Transition, TransitionKind
from cxgate.resource.flowkinds import participant

__all__ = ["run_all"]

_FLOWING = (TransitionKind.NEXT, TransitionKind.OUTPUT, TransitionKind.LOOP)
_STRAIGHT_LIMIT = 64  # steps followed to see whether a fall-through ends the flow


def run_all(graph: FlowGraph, resolver: Resolver | None) -> list[Finding]:
    """Run every rule on one graph."""
    ctx = Context(graph, reachable(graph), resolver)
    ctx.transfer_ends = _transfer_failure_ends(ctx)
    found: list[Finding] = []
    for rule in _RULES:
        found.extend(rule(ctx))
    return found


def _unreachable(ctx: Context) -> Iterator[Finding]:
    """Report each unreachable region once: at its container, or its first action."""
    g = ctx.graph
    for node in g.nodes.values():
        if node.id in ctx.reached:
            continue
        container = node.kind in (NodeKind.MENU, NodeKind.TASK)
        if container or all(t.source in ctx.reached for t in g.incoming(node.id)):
            what = f"{node.type} '{node.label}'"
            why = "nothing refers to it" if container else "no path leads here"
            fix = (
                "refer to it (startUpRef, a jump or callTask) or delete it"
                if container
                else "move it before the action that ends the path, or delete it"
            )
            yield ctx.finding("unreachable", node.line, f"{what} is unreachable: {why}", fix)


def _dead_ends(ctx: Context) -> Iterator[Finding]:
    """Paths that fall off the end of a task or state; transfer failures reported apart."""
    g = ctx.graph
    for t in g.transitions:
        if t.target is None and t.kind in _FLOWING and t.source in ctx.reached:
            if t.id in ctx.transfer_ends:
                continue
            node = g.nodes[t.source]
            yield ctx.finding(
                "dead-end",
                node.line,
                f"after {node.type} '{node.label}' ({t.label}) the sequence ends with no "
                "disconnect, transfer, jump or end task",
                "end the path with a disconnect, a transfer or a jump to a menu or task",
            )


def _transfer_failure_ends(ctx: Context) -> dict[str, str]:
    """Dead-end transitions reached straight from a transfer's failure → that transfer's id."""
    g = ctx.graph
    ends: dict[str, str] = {}
    memo: dict[str, Transition | None] = {}
    for node in g.nodes.values():
        if node.ending is not Ending.TRANSFER or node.id not in ctx.reached:
            continue
        for t in g.outgoing(node.id):
            if t.label == "failure":
                end = _straight_to_dead_end(g, t, memo)
                if end is not None:
                    ends.setdefault(end.id, node.id)
    return ends


def _straight_to_dead_end(
    g: FlowGraph, start: Transition, memo: dict[str, Transition | None]
) -> Transition | None:
    """Follow single-exit, non-terminal steps from ``start``; the dead end they hit, if any.

    ``memo`` remembers the answer for every node walked, so all transfers together stay
    linear in the size of the graph.
    """
    current = start
    walked: list[str] = []
    result: Transition | None = None
    while current.target is not None:
        node_id = current.target
        if node_id in memo or node_id in walked:
            result = memo.get(node_id)
            break
        walked.append(node_id)
        node = g.nodes[node_id]
        exits = g.outgoing(node_id)
        if node.ending is not Ending.CONTINUES or node.waits or len(exits) != 1:
            break
        current = exits[0]
    else:
        result = current if current.kind in _FLOWING else None
    for node_id in walked:
        memo[node_id] = result
    return result


def _transfers_without_failure_path(ctx: Context) -> Iterator[Finding]:
    """A warning: Architect publishes such flows, and the flow then ends (GRAMMAR.md §6)."""
    g = ctx.graph
    ends = {t.id: t for t in g.transitions if t.id in ctx.transfer_ends}
    for end_id, transfer_id in ctx.transfer_ends.items():
        node = g.nodes[transfer_id]
        last = g.nodes[ends[end_id].source]
        target = f" to {node.target}" if node.target else ""
        where = (
            "nothing follows it"
            if last.id == node.id
            else f"the sequence ends after '{last.label}' (line {last.line})"
        )
        yield ctx.finding(
            "transfer-no-failure-path",
            node.line,
            f"if the {node.type}{target} fails, {where}: {participant(g.kind)} gets no next "
            "step and the flow ends",
            "add a failure output (e.g. an apology and a disconnect, or another queue)",
        )


def _unhandled_outputs(ctx: Context) -> Iterator[Finding]:
    """One finding per reachable data action or input whose failure silently carries on.

    In an in-queue flow a caller who presses nothing at an offer keeps holding, by design: a
    collectInput whose failure falls through to hold music or the start over is fine there.
    """
    g = ctx.graph
    holding = g.kind.startswith("inqueue")
    for node in g.nodes.values():
        wanted = _HANDLED.get(node.type)
        if wanted is None or node.id not in ctx.reached:
            continue
        rule, outputs = wanted
        hold = holding and node.type == "collectInput"
        missing = [
            t
            for t in g.outgoing(node.id)
            if t.label in outputs and t.implicit and not _settles(g, t.target, hold=hold)
        ]
        if missing:
            yield _unhandled(ctx, node, rule, [t.label for t in missing])


_HANDLED = {
    "callData": ("calldata-unhandled", ("failure", "timeout")),
    "callDataSecure": ("calldata-unhandled", ("failure", "timeout")),
    "collectInput": ("collectinput-no-failure", ("failure",)),
}


def _settles(g: FlowGraph, node_id: str | None, *, hold: bool) -> bool:
    """True when the fall-through reaches a disconnect, an end or an exit (with ``hold``, also
    hold music, a wait or the start over) through straight-line steps only; None (a dead end)
    counts too, as ``dead-end`` reports it."""
    for _ in range(_STRAIGHT_LIMIT):
        if node_id is None:
            return True
        node = g.nodes[node_id]
        if node.ending.final or (hold and (node.waits or node.type == "startUpTask")):
            return True
        exits = g.outgoing(node_id)
        if node.ending is not Ending.CONTINUES or node.waits or len(exits) != 1:
            return False
        node_id = exits[0].target
    return False


def _unhandled(ctx: Context, node: Node, rule: str, missing: list[str]) -> Finding:
    outputs = " or ".join(missing)
    who = participant(ctx.graph.kind)
    return ctx.finding(
        rule,
        node.line,
        f"{node.type} '{node.label}' has no {outputs} branch: on {outputs} {who} silently "
        "carries on with the next action as if it had worked",
        "add " + ", ".join(f"outputs.{o}" for o in missing) + " with actions that handle it",
    )


def _external_refs(ctx: Context) -> Iterator[Finding]:
    """Names the org lacks (placeholders are reported by the reader, wherever they are)."""
    if ctx.resolver is None:
        return
    seen: set[tuple[str, str]] = set()
    for ref in ctx.graph.external_refs:
        key = (ref.kind, ref.name)
        if key in seen or "{{" in ref.name or ref.name.startswith("<"):
            continue
        seen.add(key)
        if not ctx.resolver(*key):
            yield ctx.finding(
                "external-unresolved",
                ref.line,
                f"{ref.kind} '{ref.name}' is not in the bundle or the org",
                f"create the {ref.kind} first, or fix the name (names must match exactly)",
            )


_RULES: tuple[Callable[[Context], Iterator[Finding]], ...] = (
    _unreachable,
    _dead_ends,
    _transfers_without_failure_path,
    loop_rules,
    _unhandled_outputs,
    _external_refs,
    menu_rules,
)
