"""``flow trace --explore``: generate journeys until every reachable transition is covered.

Rather than enumerate all paths (exponential), explore searches the caller's state space
once (breadth first, so prefixes are shortest), computes for every state the shortest way to
an ending, then builds journeys: for each transition not yet covered, the shortest way to it,
the transition, and a walk onward that prefers transitions not yet covered and otherwise
heads for the nearest ending. Work is linear in states plus the total journey length.
Each journey is also a scenario Journey (inputs and pinned outputs), so it can be saved,
replayed with ``trace`` and given expectations. Loop counts are treated as free choices.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from cxgate.flow.coverage import Coverage, coverage_of
from cxgate.flow.graph import FlowGraph, Transition
from cxgate.flow.machine import Move, Outcome, OutcomeKind, State, moves
from cxgate.flow.scenario import CallerInput, Journey
from cxgate.flow.trace import Step, Trace

__all__ = ["Exploration", "explore"]

MAX_JOURNEYS = 10_000
MAX_STATES = 200_000
MAX_JOURNEY_STEPS = 2_000


class Exploration:
    """The traces explore generated, the coverage they reach, and (on demand) the journeys
    that replay them as a scenario."""

    def __init__(
        self,
        graph: FlowGraph,
        space: _Space,
        paths: list[list[tuple[State, Move]]],
    ) -> None:
        self._graph = graph
        self._space = space
        self._paths = paths
        self.traces = tuple(
            _as_trace(graph, f"explored {n}", path) for n, path in enumerate(paths, start=1)
        )
        self.coverage: Coverage = coverage_of(graph, self.traces)
        self.truncated = space.truncated  # a bound (journeys or states) stopped the search

    def journeys(self) -> list[Journey]:
        """Each trace as a scenario journey: the caller inputs and the pinned outputs."""
        return [
            _as_journey(self._graph, self._space, trace.journey, path)
            for trace, path in zip(self.traces, self._paths, strict=True)
        ]


@dataclass(slots=True)
class _Space:
    """The reachable state space: states in BFS order, their moves and BFS parents."""

    states: list[State] = field(default_factory=list)
    index: dict[State, int] = field(default_factory=dict)
    moves: list[list[Move]] = field(default_factory=list)
    parent: list[tuple[int, Move] | None] = field(default_factory=list)
    to_end: dict[int, Move] = field(default_factory=dict)  # first move of a shortest way out
    truncated: bool = False


def explore(graph: FlowGraph, max_journeys: int = MAX_JOURNEYS) -> Exploration:
    """Journeys that together take every transition a caller can reach (within bounds)."""
    space = _search(graph)
    _ways_out(space)
    covered: set[str] = set()
    paths: list[list[tuple[State, Move]]] = []
    for i, state_moves in enumerate(space.moves):
        for move in state_moves:
            t = move.transition
            if t is None or t.id in covered:
                continue
            if len(paths) >= max_journeys:
                space.truncated = True
                break
            paths.append(_journey_through(space, i, move, covered))
    return Exploration(graph, space, paths)


def _search(graph: FlowGraph) -> _Space:
    space = _Space()
    _add(space, State(graph.entry), None)
    position = 0
    while position < len(space.states):
        state_moves = moves(graph, space.states[position])
        space.moves.append(state_moves)
        for move in state_moves:
            if move.state is not None and move.state not in space.index:
                if len(space.states) >= MAX_STATES:
                    space.truncated = True
                    continue
                _add(space, move.state, (position, move))
        position += 1
    return space


def _add(space: _Space, state: State, parent: tuple[int, Move] | None) -> None:
    space.index[state] = len(space.states)
    space.states.append(state)
    space.parent.append(parent)


def _ways_out(space: _Space) -> None:
    """Reverse BFS from endings: for each state, the first move of a shortest way to end."""
    back: list[list[tuple[int, Move]]] = [[] for _ in space.states]
    queue: deque[int] = deque()
    for i, state_moves in enumerate(space.moves):
        for move in state_moves:
            if move.state is None:
                if i not in space.to_end:
                    space.to_end[i] = move
                    queue.append(i)
            elif move.state in space.index:
                back[space.index[move.state]].append((i, move))
    while queue:
        j = queue.popleft()
        for i, move in back[j]:
            if i not in space.to_end:
                space.to_end[i] = move
                queue.append(i)


def _journey_through(
    space: _Space, i: int, move: Move, covered: set[str]
) -> list[tuple[State, Move]]:
    path = _prefix(space, i)
    path.append((space.states[i], move))
    for _, taken in path:
        if taken.transition is not None:
            covered.add(taken.transition.id)
    state = move.state
    while state is not None and len(path) < MAX_JOURNEY_STEPS:
        k = space.index.get(state)
        if k is None:
            break
        step = _onward(space, k, covered)
        if step is None:
            break
        path.append((state, step))
        if step.transition is not None:
            covered.add(step.transition.id)
        state = step.state
    return path


def _prefix(space: _Space, i: int) -> list[tuple[State, Move]]:
    steps: list[tuple[State, Move]] = []
    link = space.parent[i]
    while link is not None:
        before, move = link
        steps.append((space.states[before], move))
        link = space.parent[before]
    steps.reverse()
    return steps


def _onward(space: _Space, k: int, covered: set[str]) -> Move | None:
    """Prefer a move taking a new transition that can still end; else the shortest way out."""
    for move in space.moves[k]:
        t = move.transition
        if t is not None and t.id not in covered and _can_end(space, move):
            return move
    return space.to_end.get(k)


def _can_end(space: _Space, move: Move) -> bool:
    if move.state is None:
        return True
    k = space.index.get(move.state)
    return k is not None and k in space.to_end


def _as_trace(graph: FlowGraph, name: str, path: list[tuple[State, Move]]) -> Trace:
    steps = tuple(Step(s.node, m.transition.id if m.transition else None, m.label) for s, m in path)
    heard = tuple(a for s, _ in path for a in graph.nodes[s.node].audio)
    last_state, last = path[-1]
    outcome = last.outcome or Outcome(OutcomeKind.STEP_LIMIT, last_state.node, "no way to end")
    return Trace(name, steps, outcome, heard)


def _as_journey(
    graph: FlowGraph, space: _Space, name: str, path: list[tuple[State, Move]]
) -> Journey:
    inputs: list[CallerInput] = []
    outcomes: dict[str, list[str]] = {}
    for state, move in path:
        if move.needs:
            inputs.append(_input_for(graph, state, move))
        elif len(space.moves[space.index[state]]) > 1:
            outcomes.setdefault(state.node, []).append(move.label)
    return Journey(name=name, inputs=inputs, outcomes=outcomes)


def _input_for(graph: FlowGraph, state: State, move: Move) -> CallerInput:
    t: Transition | None = move.transition
    if move.needs == "no_input":
        return CallerInput(no_input=True)
    if move.needs == "digits":
        return CallerInput(dtmf="1")
    if t is None:  # pragma: no cover - menu input moves always take a transition
        raise AssertionError("input move without a transition")
    exits = graph.outgoing(state.node)
    if move.needs == "key" and next(o for o in exits if o.dtmf == t.dtmf) is t:
        return CallerInput(dtmf=t.dtmf)
    if move.needs == "speech" and next(o for o in exits if t.terms[0] in o.terms) is t:
        return CallerInput(speech=t.terms[0])
    return CallerInput(choose=t.target)
