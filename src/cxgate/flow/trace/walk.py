"""``cxgate flow trace``: walk one simulated caller through a flow, step by step.

At a menu the next input picks a choice (a key, a speech term, silence for the default);
collectInput takes digits (success) or silence (failure). Where the flow decides by itself,
the journey's pins win, then simple conditions over its variables (``expr``), then the
schedule setting, then the first output (success, yes, found…) — and the trace says which.
Loops without a pin run their literal count (once for an expression count).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from cxgate.flow.graph import FlowGraph, Node, Transition
from cxgate.flow.trace.expr import Value, evaluate, to_bool
from cxgate.flow.trace.machine import Move, Outcome, OutcomeKind, State, moves
from cxgate.flow.trace.scenario import CallerInput, Journey

__all__ = ["MAX_STEPS", "Step", "Trace", "computed_label", "run_journey"]

MAX_STEPS = 5_000
_SCHEDULE_OUTPUT = {
    "evaluateSchedule": {"open": "active", "closed": "inactive", "holiday": "inactive",
                         "emergency": "inactive"},
    "evaluateScheduleGroup": {"open": "open", "closed": "closed", "holiday": "holiday",
                              "emergency": "emergency"},
}  # fmt: skip


class Step(NamedTuple):
    """One node the caller passed, the transition taken out of it, and why."""

    node: str
    transition: str | None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Trace:
    """The path of one journey and how it ended."""

    journey: str
    steps: tuple[Step, ...]
    outcome: Outcome
    heard: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def nodes(self) -> list[str]:
        """Node ids in the order visited."""
        return [s.node for s in self.steps]

    @property
    def transitions(self) -> list[str]:
        """Transition ids in the order taken."""
        return [s.transition for s in self.steps if s.transition is not None]


@dataclass(slots=True)
class _Walk:
    graph: FlowGraph
    journey: Journey
    inputs: list[CallerInput]
    variables: dict[str, Value]
    pins_used: dict[str, int] = field(default_factory=dict)
    loops: dict[str, int] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    heard: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def run_journey(graph: FlowGraph, journey: Journey, max_steps: int = MAX_STEPS) -> Trace:
    """Simulate ``journey`` on ``graph``."""
    walk = _Walk(graph, journey, list(journey.inputs), dict(journey.variables))
    state = State(graph.entry)
    outcome: Outcome | None = None
    while outcome is None:
        if len(walk.steps) >= max_steps:
            outcome = Outcome(OutcomeKind.STEP_LIMIT, state.node, f"{max_steps} steps")
            break
        node = graph.nodes[state.node]
        walk.heard.extend(node.audio)
        move, note = _choose(walk, node, state, moves(graph, state))
        walk.steps.append(Step(node.id, move.transition.id if move.transition else None, note))
        outcome = move.outcome
        if move.state is not None:
            _track_loop(walk, node, move)
            state = move.state
    if walk.inputs:
        walk.notes.append(f"{len(walk.inputs)} input(s) left unused")
    return Trace(journey.name, tuple(walk.steps), outcome, tuple(walk.heard), tuple(walk.notes))


def _choose(walk: _Walk, node: Node, state: State, options: list[Move]) -> tuple[Move, str]:
    if any(m.needs for m in options):
        return _by_input(walk, node, options)
    if len(options) == 1:
        return options[0], ""
    return _decide(walk, node, options)


def _by_input(walk: _Walk, node: Node, options: list[Move]) -> tuple[Move, str]:
    """Menus and collectInput: consume the next caller input; invalid keys re-prompt."""
    while walk.inputs:
        given = walk.inputs.pop(0)
        move = _match_input(walk.graph, given, options)
        if move is not None:
            if given.dtmf is not None and node.input_var:
                walk.variables[node.input_var] = given.dtmf
            return move, given.describe()
        walk.notes.append(f"{node.label}: {given.describe()} matches no choice; it repeats")
    waiting = Outcome(OutcomeKind.AWAITING_INPUT, node.id, node.label)
    return Move(None, None, waiting), "no more input"


def _match_input(graph: FlowGraph, given: CallerInput, options: list[Move]) -> Move | None:
    for move in options:
        t = move.transition
        if given.no_input and move.needs == "no_input":
            return move
        if given.dtmf is not None and move.needs == "digits":
            return move
        if t is None:
            continue
        if given.dtmf is not None and t.dtmf and t.dtmf == given.dtmf:
            return move
        if given.speech is not None and given.speech.lower() in (x.lower() for x in t.terms):
            return move
        if given.choose is not None and _chooses(graph, given.choose, t):
            return move
    return None


def _chooses(graph: FlowGraph, wanted: str, t: Transition) -> bool:
    """``choose:`` names a choice by its key label, or its target's id, refId or name."""
    if wanted in (t.label, t.target):
        return True
    target = graph.nodes[t.target] if t.target is not None else None
    return target is not None and wanted in (target.ref_id, target.name)


def _decide(walk: _Walk, node: Node, options: list[Move]) -> tuple[Move, str]:
    by_label = {m.label: m for m in options}
    pinned = _pin(walk, node)
    if pinned is not None:
        if pinned in by_label:
            return by_label[pinned], f"{pinned} (pinned)"
        walk.notes.append(f"{node.label}: pinned '{pinned}' is not one of {', '.join(by_label)}")
    computed = _computed(walk, node, options)
    if computed is not None:
        return computed
    return options[0], f"{options[0].label} (default)"


def computed_label(
    graph: FlowGraph, node: Node, options: list[Move], variables: dict[str, Value]
) -> str | None:
    """The output a decision or switch takes by itself with ``variables``; None when its
    condition is beyond the evaluator or names data not given."""
    walk = _Walk(graph, Journey(name=""), [], dict(variables))
    if node.type == "decision":
        return _decision_label(node, walk.variables)
    chosen = _switch(walk, node, options) if node.type == "switch" else None
    return chosen[0].label if chosen else None


def _pin(walk: _Walk, node: Node) -> str | None:
    for selector in (node.id, node.ref_id, node.name, node.type):
        pins = walk.journey.outcomes.get(selector) if selector else None
        if pins:
            used = walk.pins_used.get(selector, 0)
            walk.pins_used[selector] = used + 1
            return pins[min(used, len(pins) - 1)]
    return None


def _computed(walk: _Walk, node: Node, options: list[Move]) -> tuple[Move, str] | None:
    by_label = {m.label: m for m in options}
    if node.type in _SCHEDULE_OUTPUT and walk.journey.schedule:
        label = _SCHEDULE_OUTPUT[node.type][walk.journey.schedule]
        if label in by_label:
            return by_label[label], f"{label} (schedule {walk.journey.schedule})"
    decided = _decision_label(node, walk.variables) if node.type == "decision" else None
    if decided is not None:
        return by_label[decided], f"{decided} ({node.condition})"
    if node.type == "switch":
        return _switch(walk, node, options)
    if node.type == "loop":
        return _loop_default(walk, node, by_label)
    return None


def _decision_label(node: Node, variables: dict[str, Value]) -> str | None:
    value = to_bool(evaluate(node.condition, variables))
    return None if value is None else ("yes" if value else "no")


def _switch(walk: _Walk, node: Node, options: list[Move]) -> tuple[Move, str] | None:
    """firstMatch compares the subject with each case literal; firstTrue takes the first
    case whose condition holds. Unknown values leave the choice to pins or the default."""
    cases = [m for m in options if m.transition is not None and m.transition.value]
    default = next((m for m in options if m.label == "default"), None)
    if node.condition:
        subject = evaluate(node.condition, walk.variables)
        if subject is None:
            return None
        match = next(
            (m for m in cases if m.transition and m.transition.value == str(subject)), None
        )
        if match is not None:
            return match, f"{match.label} ({node.condition} = {subject})"
    else:
        for move in cases:
            holds = to_bool(
                evaluate(move.transition.value if move.transition else "", walk.variables)
            )
            if holds is None:
                return None
            if holds:
                return move, f"{move.label} (first true case)"
    return (default, "default (no case matched)") if default is not None else None


def _loop_default(walk: _Walk, node: Node, by_label: dict[str, Move]) -> tuple[Move, str]:
    done = walk.loops.get(node.id, 0)
    limit = node.loop_count if node.loop_count is not None else 1
    if done < limit and "loop" in by_label:
        return by_label["loop"], f"iteration {done + 1} of {limit}"
    return by_label.get("done", next(iter(by_label.values()))), f"done after {done}"


def _track_loop(walk: _Walk, node: Node, move: Move) -> None:
    """Count a loop's iterations; arriving from outside its body (not a back edge, which
    comes from a node inside it — even via a reusable task's return) resets the count."""
    if node.type == "loop" and move.label == "loop":
        walk.loops[node.id] = walk.loops.get(node.id, 0) + 1
    t = move.transition
    if t is None or move.state is None:
        return
    target = move.state.node
    if walk.graph.nodes[target].type == "loop" and not t.source.startswith(target + "/"):
        walk.loops[target] = 0
