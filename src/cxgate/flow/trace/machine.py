"""How a caller moves through a FlowGraph: the possible moves from each place in the flow.

Both the scenario tracer and the explorer step through the same machine, so what a scenario
can reach and what ``--explore`` covers agree. A state is a node plus the stack of callTask
actions waiting for their reusable task to end; a move takes one transition (or ends the
journey) and says what the caller must do for it, if anything.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import NamedTuple

from cxgate.flow.graph import Ending, FlowGraph, Node, NodeKind, Transition, TransitionKind

__all__ = ["MAX_CALL_DEPTH", "Move", "Outcome", "OutcomeKind", "State", "moves"]

MAX_CALL_DEPTH = 16
_REFERENCES = (
    TransitionKind.JUMP,
    TransitionKind.START,
    TransitionKind.CALL,
    TransitionKind.DEFAULT,
)


class OutcomeKind(enum.StrEnum):
    """How a journey ended."""

    DISCONNECT = "disconnect"  # a disconnect: the interaction ends
    END = "end"  # the flow ends (endWorkflow, endFlow, a survey invite completed…)
    EXIT = "exit"  # a bot flow exits back to the flow that called it
    TRANSFER = "transfer"  # a successful transfer: the caller leaves the flow
    RETURN = "return"  # endTask with no caller: the module or task ended
    DEAD_END = "dead_end"  # fell off the end of a sequence
    UNRESOLVED = "unresolved"  # followed a reference that names nothing
    AWAITING_INPUT = "awaiting_input"  # the flow waits for input the journey did not give
    MENU_EXHAUSTED = "menu_exhausted"  # no input at a menu without a default choice
    START_OVER = "start_over"  # an in-queue task ended and starts again
    STEP_LIMIT = "step_limit"  # too many steps: a loop that never ends
    CALL_DEPTH = "call_depth"  # reusable tasks nested too deep (recursion)
    OPAQUE = "opaque"  # stopped at something cxgate cannot follow


@dataclass(frozen=True, slots=True)
class Outcome:
    """The end of a journey: how, where, and (for transfers) to what."""

    kind: OutcomeKind
    node: str
    detail: str = ""

    def describe(self) -> str:
        """``transfer to queue:Sales``, ``disconnect``…"""
        if self.kind is OutcomeKind.TRANSFER:
            return f"transfer to {self.detail}"
        return f"{self.kind.value} ({self.detail})" if self.detail else self.kind.value


class State(NamedTuple):
    """Where the caller is: a node, and the callTask actions to return to (innermost last).

    A named tuple, not a dataclass: explore hashes one per step, and tuples hash in C.
    """

    node: str
    stack: tuple[str, ...] = ()


class Move(NamedTuple):
    """One possible step: take ``transition`` to ``state``, or end with ``outcome``.

    ``needs`` says what the caller must do: ``key`` / ``speech`` / ``no_input`` at a menu,
    ``digits`` / ``no_input`` at collectInput; '' when the flow decides by itself.
    """

    transition: Transition | None
    state: State | None
    outcome: Outcome | None = None
    needs: str = ""

    @property
    def label(self) -> str:
        """The output or choice label, or the outcome for an ending move."""
        if self.transition is not None:
            return self.transition.label
        return self.outcome.kind.value if self.outcome else ""


def moves(graph: FlowGraph, state: State) -> list[Move]:
    """Every move possible from ``state``."""
    node = graph.nodes[state.node]
    if node.kind is NodeKind.MENU:
        return _menu_moves(graph, node, state)
    if node.ending.final:
        return [Move(None, None, _final(node))]
    if node.ending is Ending.RETURN:
        return [_return(graph, node, state)]
    if node.type == "callTask":
        return _call(graph, node, state)
    out: list[Move] = []
    if node.ending is Ending.TRANSFER:
        out.append(Move(None, None, Outcome(OutcomeKind.TRANSFER, node.id, node.target)))
    needs = _input_needs(node)
    out.extend(
        _take(graph, t, state.stack, needs.get(t.label, "")) for t in graph.outgoing(node.id)
    )
    if not out:
        out.append(Move(None, None, Outcome(OutcomeKind.OPAQUE, node.id, node.type)))
    return out


def _final(node: Node) -> Outcome:
    """A disconnect, or an end or exit labelled with the action that made it."""
    if node.ending is Ending.DISCONNECT:
        return Outcome(OutcomeKind.DISCONNECT, node.id)
    kind = OutcomeKind.EXIT if node.ending is Ending.EXIT else OutcomeKind.END
    return Outcome(kind, node.id, node.type)


def _input_needs(node: Node) -> dict[str, str]:
    if node.type == "collectInput":
        return {"success": "digits", "failure": "no_input"}
    return {}


def _menu_moves(graph: FlowGraph, node: Node, state: State) -> list[Move]:
    out: list[Move] = []
    for t in graph.outgoing(node.id):
        if t.kind is TransitionKind.DEFAULT:
            needs = "no_input"
        elif t.dtmf:
            needs = "key"
        elif t.terms:
            needs = "speech"
        else:
            needs = "choose"
        out.append(_take(graph, t, state.stack, needs))
    if not any(t.kind is TransitionKind.DEFAULT for t in graph.outgoing(node.id)):
        # What Architect does then is not documented; say what the flow would fall back to.
        after = f"after {node.repeat_count} prompts; error handling: {graph.error_handling or '?'}"
        exhausted = Outcome(OutcomeKind.MENU_EXHAUSTED, node.id, after)
        out.append(Move(None, None, exhausted, needs="no_input"))
    return out


def _take(graph: FlowGraph, t: Transition, stack: tuple[str, ...], needs: str = "") -> Move:
    if t.target is None:
        kind = OutcomeKind.UNRESOLVED if t.kind in _REFERENCES else OutcomeKind.DEAD_END
        return Move(t, None, Outcome(kind, t.source, t.label), needs)
    if graph.nodes[t.target].type == "startUpTask" and t.kind is not TransitionKind.START:
        return Move(t, None, Outcome(OutcomeKind.START_OVER, t.target), needs)
    return Move(t, State(t.target, stack), None, needs)


def _call(graph: FlowGraph, node: Node, state: State) -> list[Move]:
    calls = [t for t in graph.outgoing(node.id) if t.kind is TransitionKind.CALL]
    if len(state.stack) >= MAX_CALL_DEPTH:
        return [Move(None, None, Outcome(OutcomeKind.CALL_DEPTH, node.id))]
    return [_take(graph, t, (*state.stack, node.id)) for t in calls]


def _return(graph: FlowGraph, node: Node, state: State) -> Move:
    """endTask: back to the innermost callTask, through its output path if it has one."""
    if not state.stack:
        return Move(None, None, Outcome(OutcomeKind.RETURN, node.id, node.output_path))
    caller = state.stack[-1]
    exits = graph.outgoing(caller)
    chosen = next(
        (t for t in exits if t.kind is TransitionKind.OUTPUT and t.label == node.output_path), None
    )
    if chosen is None:
        chosen = next(t for t in exits if t.kind is TransitionKind.RETURN)
    return _take(graph, chosen, state.stack[:-1])
