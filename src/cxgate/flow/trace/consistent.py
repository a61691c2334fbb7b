"""Keypad inputs that make an explored journey possible.

Exploration treats every decision and switch as a free choice, so a journey may pin
``Task.choice == "2"`` to ``yes`` after the caller typed something else into ``Task.choice``.
For each collectInput on a journey's path, this picks digits under which every later decision
or switch that reads that variable takes the output the journey pins (as the tracer itself
would compute it), trying the literals those conditions compare with. When no digits satisfy
them all, it says which case was pinned without a consistent input.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from cxgate.flow.graph import FlowGraph, Node
from cxgate.flow.trace.expr import Value
from cxgate.flow.trace.machine import Move
from cxgate.flow.trace.walk import computed_label

__all__ = ["DEFAULT_DIGITS", "PathStep", "consistent_inputs"]

DEFAULT_DIGITS = "1"
_KEYS = re.compile(r"[0-9*#]+")
_LITERAL = re.compile(r'"([0-9*#]+)"|(?<![\w.])(-?\d+)(?![\w.])')


class PathStep(NamedTuple):
    """One step of an explored path: the node, the move taken and the moves it had."""

    node: str
    move: Move
    options: list[Move]


@dataclass(slots=True)
class _Input:
    index: int
    node: Node
    constraints: list[tuple[Node, str, list[Move]]] = field(default_factory=list)


def consistent_inputs(
    graph: FlowGraph, path: Sequence[PathStep]
) -> tuple[dict[int, str], list[str]]:
    """Digits per collectInput step (by position in ``path``), and a note per pinned case
    that no digits can satisfy."""
    inputs = _constrained_inputs(graph, path)
    chosen: dict[int, str] = {}
    variables: dict[str, Value] = {}
    notes: list[str] = []
    for given in inputs:
        digits, unmet = _best_fit(graph, given, variables)
        notes.extend(_inconsistent(given, unmet))
        chosen[given.index] = digits
        variables[given.node.input_var] = digits
    return chosen, notes


def _constrained_inputs(graph: FlowGraph, path: Sequence[PathStep]) -> list[_Input]:
    """Each digits input on the path, with the pinned cases that read its variable after it
    (attached to the latest input the case reads)."""
    inputs: list[_Input] = []
    latest: dict[str, _Input] = {}
    for index, step in enumerate(path):
        node = graph.nodes[step.node]
        if step.move.needs == "digits" and node.input_var:
            latest[node.input_var] = _Input(index, node)
            inputs.append(latest[node.input_var])
        elif node.type in ("decision", "switch") and len(step.options) > 1:
            text = _condition_text(step.options, node)
            readers = [given for var, given in latest.items() if _mentions(text, var)]
            if readers:
                target = max(readers, key=lambda given: given.index)
                target.constraints.append((node, step.move.label, step.options))
    return inputs


def _best_fit(
    graph: FlowGraph, given: _Input, variables: dict[str, Value]
) -> tuple[str, list[tuple[Node, str]]]:
    """The first candidate meeting every pinned case, else the one meeting most of them;
    with the cases it leaves unmet."""
    best: tuple[str, list[tuple[Node, str]]] | None = None
    for digits in _candidates(given):
        trial = {**variables, given.node.input_var: digits}
        unmet = [
            (node, label)
            for node, label, options in given.constraints
            if computed_label(graph, node, options, trial) not in (None, label)
        ]
        if best is None or len(unmet) < len(best[1]):
            best = (digits, unmet)
        if not unmet:
            break
    assert best is not None  # the default is always a candidate
    return best


def _candidates(given: _Input) -> list[str]:
    """The default first (journeys stay stable), then the keypad literals the cases compare
    with, and their neighbours for ordering comparisons."""
    out = [DEFAULT_DIGITS]
    for node, _, options in given.constraints:
        for quoted, number in _LITERAL.findall(_condition_text(options, node)):
            if quoted:
                out.append(quoted)
            elif number:
                value = int(number)
                out += [str(value), str(value + 1), str(max(value - 1, 0))]
    return [c for c in dict.fromkeys(out) if _KEYS.fullmatch(c)]


def _condition_text(options: list[Move], node: Node) -> str:
    values = [m.transition.value for m in options if m.transition is not None]
    return " ".join([node.condition, *values])


def _mentions(text: str, variable: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(variable)}(?![\w.])", text) is not None


def _inconsistent(given: _Input, unmet: list[tuple[Node, str]]) -> list[str]:
    return [
        f'{node.type} "{node.label}" pinned to {label} without a consistent input: no keys '
        f'typed at "{given.node.label}" ({given.node.input_var}) make it take that output'
        for node, label in unmet
    ]
