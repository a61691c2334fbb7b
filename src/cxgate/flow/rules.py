"""The graph rules of ``flow check``; each takes the flow and yields findings, in linear time."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from cxgate.flow.analysis import busy_cycles, reachable
from cxgate.flow.finding import Context, Finding, Resolver
from cxgate.flow.graph import Ending, FlowGraph, Node, NodeKind, Transition, TransitionKind
from cxgate.flow.menus import menu_rules

__all__ = ["run_all"]

_FLOWING = (TransitionKind.NEXT, TransitionKind.OUTPUT, TransitionKind.LOOP)
_TERMINAL = (Ending.DISCONNECT, Ending.TRANSFER, Ending.RETURN)


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
        if node.ending in _TERMINAL or node.waits or len(exits) != 1:
            break
        current = exits[0]
    else:
        result = current if current.kind in _FLOWING else None
    for node_id in walked:
        memo[node_id] = result
    return result


def _transfers_without_failure_path(ctx: Context) -> Iterator[Finding]:
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
            f"if the {node.type}{target} fails, {where}: the caller is left with no next step",
            "add a failure output (e.g. play an apology and disconnect or try another queue)",
        )


def _busy_loops(ctx: Context) -> Iterator[Finding]:
    g = ctx.graph
    for cycle in busy_cycles(g, ctx.reached):
        nodes = sorted((g.nodes[n] for n in cycle), key=lambda n: n.line)
        names = " → ".join(f"'{n.label}'" for n in nodes[:4]) + (" …" if len(nodes) > 4 else "")
        yield ctx.finding(
            "busy-loop",
            nodes[0].line,
            f"cycle of {len(nodes)} step(s) repeats forever without waiting for the caller: "
            f"{names}",
            "break the cycle: give the loop a loopCount, or route it through a menu or "
            "collectInput",
        )


def _unhandled_outputs(ctx: Context) -> Iterator[Finding]:
    checks = {
        "callData": (("failure", "calldata-no-failure"), ("timeout", "calldata-no-timeout")),
        "collectInput": (("failure", "collectinput-no-failure"),),
    }
    g = ctx.graph
    for node in g.nodes.values():
        for output, rule in checks.get(node.type, ()):
            if any(t.label == output and t.implicit for t in g.outgoing(node.id)):
                yield _unhandled(ctx, node, output, rule)


def _unhandled(ctx: Context, node: Node, output: str, rule: str) -> Finding:
    return ctx.finding(
        rule,
        node.line,
        f"{node.type} '{node.label}' has no {output} branch: on {output} the caller "
        "silently continues with the next action as if it had worked",
        f"add outputs: {{{output}: {{actions: [...]}}}} handling the {output}",
    )


def _external_refs(ctx: Context) -> Iterator[Finding]:
    seen: set[tuple[str, str]] = set()
    for ref in ctx.graph.external_refs:
        key = (ref.kind, ref.name)
        if key in seen:
            continue
        seen.add(key)
        if ref.name.startswith("<") and ref.name.endswith(">"):
            yield ctx.finding(
                "external-placeholder",
                ref.line,
                f"{ref.kind} name '{ref.name}' looks like a template placeholder",
                f"replace it with the real {ref.kind} name",
            )
        elif ctx.resolver is not None and "{{" not in ref.name and not ctx.resolver(*key):
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
    _busy_loops,
    _unhandled_outputs,
    _external_refs,
    menu_rules,
)
