"""``flow trace --explore``: generate journeys until every reachable transition is covered.

Rather than enumerate all paths (exponential), explore searches the caller's state space
once (breadth first, so prefixes are shortest), computes for every state the shortest way to
an ending, then builds journeys: for each transition not yet covered, the shortest way to it,
the transition, and a walk onward that prefers transitions not yet covered and otherwise
heads for the nearest ending. Work is linear in states plus the total journey length.
Each journey is also a scenario Journey (inputs and pinned outputs), so it can be saved,
replayed with ``trace`` and given expectations. Loop counts are treated as free choices; the
digits typed at a collectInput are chosen so that the decisions pinned after it agree with
them (``consistent``), or the journey says which case was pinned without such an input.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from cxgate.flow.graph import FlowGraph, Transition
from cxgate.flow.trace.consistent import PathStep, consistent_inputs
from cxgate.flow.trace.coverage import Coverage, coverage_of
from cxgate.flow.trace.machine import Move, Outcome, OutcomeKind, State, moves
from cxgate.flow.trace.scenario import CallerInput, Journey
from cxgate.flow.trace.walk import Step, Trace

__all__ = ["Exploration", "explore"]

MAX_JOURNEYS = 10_000
MAX_STATES = 200_000
MAX_JOURNEY_STEPS = 2_000


_Path = list[tuple[int, int]]  # (state index, move index) per step
_Inputs = tuple[dict[int, str], list[str]]  # digits per path position, and notes


class Exploration:
    """The traces explore generated, the coverage they reach, and (on demand) the journeys
    that replay them as a scenario."""

    def __init__(self, graph: FlowGraph, space: _Space, paths: list[_Path]) -> None:
        self._graph = graph
        self._space = space
        self._paths = paths
        self._inputs = [_path_inputs(graph, space, path) for path in paths]
        self.traces = tuple(
            _as_trace(graph, space, f"explored {n}", path, inputs)
            for n, (path, inputs) in enumerate(zip(paths, self._inputs, strict=True), start=1)
        )
        self.coverage: Coverage = coverage_of(graph, self.traces)
        self.truncated = space.truncated  # a bound (journeys or states) stopped the search

    def journeys(self) -> list[Journey]:
        """Each trace as a scenario journey: the caller inputs and the pinned outputs."""
        return [
            _as_journey(self._graph, self._space, trace.journey, path, inputs)
            for trace, path, inputs in zip(self.traces, self._paths, self._inputs, strict=True)
        ]


@dataclass(slots=True)
class _Space:
    """The reachable state space in BFS order: each state's moves, where each move leads
    (a state index, or -1 for an ending), BFS parents, and the first move of a shortest
    way to an ending."""

    states: list[State] = field(default_factory=list)
    index: dict[State, int] = field(default_factory=dict)
    moves: list[list[Move]] = field(default_factory=list)
    leads: list[list[int]] = field(default_factory=list)
    parent: list[tuple[int, int] | None] = field(default_factory=list)
    to_end: dict[int, int] = field(default_factory=dict)
    inputs: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)
    truncated: bool = False


def explore(graph: FlowGraph, max_journeys: int = MAX_JOURNEYS) -> Exploration:
    """Journeys that together take every transition a caller can reach (within bounds)."""
    space = _search(graph)
    _ways_out(space)
    covered: set[str] = set()
    paths: list[_Path] = []
    for i, state_moves in enumerate(space.moves):
        for m, move in enumerate(state_moves):
            t = move.transition
            if t is None or t.id in covered:
                continue
            if len(paths) >= max_journeys:
                space.truncated = True
                break
            paths.append(_journey_through(space, i, m, covered))
    return Exploration(graph, space, paths)


def _search(graph: FlowGraph) -> _Space:
    space = _Space()
    _add(space, State(graph.entry), None)
    position = 0
    while position < len(space.states):
        state_moves = moves(graph, space.states[position])
        leads: list[int] = []
        for m, move in enumerate(state_moves):
            if move.state is None:
                leads.append(-1)
            elif move.state in space.index:
                leads.append(space.index[move.state])
            elif len(space.states) >= MAX_STATES:
                space.truncated = True
                leads.append(-2)  # beyond the bound: never followed
            else:
                leads.append(len(space.states))
                _add(space, move.state, (position, m))
        space.moves.append(state_moves)
        space.leads.append(leads)
        position += 1
    return space


def _add(space: _Space, state: State, parent: tuple[int, int] | None) -> None:
    space.index[state] = len(space.states)
    space.states.append(state)
    space.parent.append(parent)


def _ways_out(space: _Space) -> None:
    """Reverse BFS from endings: for each state, the first move of a shortest way to end."""
    back: list[list[tuple[int, int]]] = [[] for _ in space.states]
    queue: deque[int] = deque()
    for i, leads in enumerate(space.leads):
        for m, j in enumerate(leads):
            if j == -1:
                if i not in space.to_end:
                    space.to_end[i] = m
                    queue.append(i)
            elif j >= 0:
                back[j].append((i, m))
    while queue:
        j = queue.popleft()
        for i, m in back[j]:
            if i not in space.to_end:
                space.to_end[i] = m
                queue.append(i)


def _journey_through(space: _Space, i: int, m: int, covered: set[str]) -> _Path:
    path = _prefix(space, i)
    path.append((i, m))
    for k, n in path:
        _cover(space, k, n, covered)
    k = space.leads[i][m]
    while k >= 0 and len(path) < MAX_JOURNEY_STEPS:
        step = _onward(space, k, covered)
        if step is None:
            break
        path.append((k, step))
        _cover(space, k, step, covered)
        k = space.leads[k][step]
    return path


def _cover(space: _Space, k: int, n: int, covered: set[str]) -> None:
    t = space.moves[k][n].transition
    if t is not None:
        covered.add(t.id)


def _prefix(space: _Space, i: int) -> _Path:
    steps: _Path = []
    link = space.parent[i]
    while link is not None:
        steps.append(link)
        link = space.parent[link[0]]
    steps.reverse()
    return steps


def _onward(space: _Space, k: int, covered: set[str]) -> int | None:
    """Prefer a move taking a new transition that can still end; else the shortest way out."""
    leads = space.leads[k]
    for n, move in enumerate(space.moves[k]):
        t = move.transition
        j = leads[n]
        if t is not None and t.id not in covered and (j == -1 or j in space.to_end):
            return n
    return space.to_end.get(k)


def _path_inputs(graph: FlowGraph, space: _Space, path: _Path) -> _Inputs:
    steps = [PathStep(space.states[k].node, space.moves[k][n], space.moves[k]) for k, n in path]
    return consistent_inputs(graph, steps)


def _as_trace(graph: FlowGraph, space: _Space, name: str, path: _Path, inputs: _Inputs) -> Trace:
    steps = []
    heard: list[str] = []
    for i, (k, n) in enumerate(path):
        state, move = space.states[k], space.moves[k][n]
        t = move.transition
        note = _note(graph, space, (k, n), inputs[0].get(i))
        steps.append(Step(state.node, t.id if t else None, note))
        heard.extend(graph.nodes[state.node].audio)
    last_k, last_n = path[-1]
    last = space.moves[last_k][last_n]
    node = space.states[last_k].node
    outcome = last.outcome or Outcome(OutcomeKind.STEP_LIMIT, node, "no way to end")
    return Trace(name, tuple(steps), outcome, tuple(heard), tuple(inputs[1]))


def _note(graph: FlowGraph, space: _Space, step: tuple[int, int], digits: str | None) -> str:
    """What decided this step, as the tracer would say it: an input, or a chosen output."""
    k, n = step
    move = space.moves[k][n]
    if move.needs:
        kind, value = _input(graph, space, k, n)
        return _SAYS[kind].format(digits or value)
    if len(space.moves[k]) > 1:
        return move.label
    return ""


_SAYS = {
    "dtmf": "pressed {}",
    "speech": 'said "{}"',
    "choose": "chose {}",
    "no_input": "stayed silent",
}


def _as_journey(
    graph: FlowGraph, space: _Space, name: str, path: _Path, inputs: _Inputs
) -> Journey:
    given: list[CallerInput] = []
    outcomes: dict[str, list[str]] = {}
    for i, (k, n) in enumerate(path):
        state, move = space.states[k], space.moves[k][n]
        if move.needs:
            kind, value = _input(graph, space, k, n)
            value = inputs[0].get(i, value)
            given.append(
                CallerInput(no_input=True) if kind == "no_input" else CallerInput(**{kind: value})
            )
        elif len(space.moves[k]) > 1:
            outcomes.setdefault(state.node, []).append(move.label)
    return Journey(name=name, inputs=given, outcomes=outcomes, note="; ".join(inputs[1]))


def _input(graph: FlowGraph, space: _Space, k: int, n: int) -> tuple[str, str]:
    """The input for move ``n`` of state ``k``, worked out once per move."""
    key = (k, n)
    if key not in space.inputs:
        space.inputs[key] = _input_for(graph, space.states[k], space.moves[k][n])
    return space.inputs[key]


def _input_for(graph: FlowGraph, state: State, move: Move) -> tuple[str, str]:
    """The caller input that makes the tracer take ``move``: (dtmf|speech|choose|no_input, value).

    A key or term shared with an earlier choice would select that one, so such choices are
    chosen by target instead.
    """
    t: Transition | None = move.transition
    if move.needs == "no_input":
        return "no_input", ""
    if move.needs == "digits":
        return "dtmf", "1"
    if t is None:  # pragma: no cover - menu input moves always take a transition
        raise AssertionError("input move without a transition")
    exits = graph.outgoing(state.node)
    if move.needs == "key" and next(o for o in exits if o.dtmf == t.dtmf) is t:
        return "dtmf", t.dtmf
    if move.needs == "speech" and next(o for o in exits if t.terms[0] in o.terms) is t:
        return "speech", t.terms[0]
    return "choose", t.target or ""
