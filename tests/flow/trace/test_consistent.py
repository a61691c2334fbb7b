"""Explored journeys feed inputs that agree with the cases they pin, or say they cannot."""

from __future__ import annotations

from pathlib import Path

from cxgate.flow.graph import FlowGraph
from cxgate.flow.trace.explore import explore
from cxgate.flow.trace.expr import evaluate
from cxgate.flow.trace.scenario import Scenario, dump_scenario, load_scenario
from cxgate.flow.trace.walk import run_journey

from ..helpers import flow

_HEAD = """
inboundCall:
  name: Account line
  startUpRef: ./tasks/task[t]
  tasks:
    - task:
        name: Main
        refId: t
        actions:
          - collectInput:
              name: Which account
              inputData: {var: Task.choice}
              digits: {exact: 1}
              outputs: {failure: {actions: [disconnect: {name: No input}]}}
"""

BY_INPUT = (
    _HEAD
    + """
          - decision:
              name: Savings?
              condition: {exp: 'Task.choice == "2"'}
              outputs:
                yes:
                  actions:
                    - transferToAcd:
                        name: To savings
                        targetQueue: {lit: {name: Savings}}
                        outputs: {failure: {actions: [disconnect: {name: Savings closed}]}}
          - switch:
              name: Which desk
              evaluate:
                firstTrue:
                  cases:
                    - case:
                        value: {exp: Task.choice >= 7}
                        actions:
                          - transferToAcd:
                              name: To loans
                              targetQueue: {lit: {name: Loans}}
                              outputs: {failure: {actions: [disconnect: {name: Loans closed}]}}
                  default: {actions: [disconnect: {name: Goodbye}]}
          - disconnect: {name: After}
"""
)

IMPOSSIBLE = (
    _HEAD
    + """
          - decision:
              name: Two?
              condition: {exp: 'Task.choice == "2"'}
              outputs:
                yes:
                  actions:
                    - decision:
                        name: Three?
                        condition: {exp: 'Task.choice == "3"'}
                        outputs:
                          yes: {actions: [disconnect: {name: Impossible}]}
          - disconnect: {name: After}
"""
)


def _pinned_agree(graph: FlowGraph, journey_outcomes: dict[str, list[str]], digits: str) -> bool:
    """Every pinned decision's condition, with the typed digits, gives its pinned output."""
    for node_id, labels in journey_outcomes.items():
        node = graph.nodes[node_id]
        if node.type != "decision":
            continue
        value = evaluate(node.condition, {"Task.choice": digits})
        if labels != ["yes" if value else "no"]:
            return False
    return True


def test_journeys_type_the_digits_their_pinned_cases_need() -> None:
    """Each explored journey's keys make every pinned decision come out as pinned; the
    journey that reaches savings types 2, the one that reaches loans 7 or more."""
    graph = flow(BY_INPUT)
    result = explore(graph)
    typed: dict[str, str] = {}
    for trace, journey in zip(result.traces, result.journeys(), strict=True):
        digits = [i.dtmf for i in journey.inputs if i.dtmf is not None]
        if not digits:
            continue
        assert _pinned_agree(graph, journey.outcomes, digits[0]), journey
        assert journey.note == ""
        assert f"pressed {digits[0]}" in [s.note for s in trace.steps]
        for node_id in trace.nodes:
            typed.setdefault(graph.nodes[node_id].name, digits[0])
    assert typed["To savings"] == "2"
    assert int(typed["To loans"]) >= 7


def test_the_journeys_replay_to_the_same_path_without_their_pins() -> None:
    """With consistent digits the tracer takes the same path even when the decision and
    switch pins are removed: the journey is possible, not merely forced."""
    graph = flow(BY_INPUT)
    result = explore(graph)
    for trace, journey in zip(result.traces, result.journeys(), strict=True):
        kept = {n: v for n, v in journey.outcomes.items() if graph.nodes[n].type == "transferToAcd"}
        unpinned = journey.model_copy(update={"outcomes": kept})
        assert run_journey(graph, unpinned).transitions == trace.transitions


def test_a_case_no_input_can_reach_is_said_and_still_replays(tmp_path: Path) -> None:
    """Reaching 'Three?' = yes needs the digit to be 2 and 3 at once: the journey says so
    (trace note and saved journey note) and still replays to the same path."""
    graph = flow(IMPOSSIBLE)
    result = explore(graph)
    journeys = result.journeys()
    impossible = [
        (t, j) for t, j in zip(result.traces, journeys, strict=True) if "Impossible" in j.note
        or any(graph.nodes[n].name == "Impossible" for n in t.nodes)
    ]  # fmt: skip
    (trace, journey), *_ = impossible
    assert journey.note == trace.notes[0]
    assert 'decision "Three?" pinned to yes without a consistent input' in journey.note
    assert '"Which account" (Task.choice)' in journey.note
    assert run_journey(graph, journey).transitions == trace.transitions
    saved = tmp_path / "explored.yaml"
    saved.write_text(dump_scenario(Scenario(journeys=journeys)), encoding="utf-8")
    assert load_scenario(saved).journeys == journeys
    assert 'note: \'decision "Three?" pinned to yes' in saved.read_text(encoding="utf-8")
