"""Never a crash: arbitrary shapes under the flow's keys read, check, trace and explore."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cxgate.flow.check.run import check
from cxgate.flow.draw.render import render_dot, render_mermaid
from cxgate.flow.read.archy import parse_flow
from cxgate.flow.trace.explore import explore
from cxgate.flow.trace.scenario import Journey
from cxgate.flow.trace.walk import run_journey

KEYS = [
    "menus", "menu", "tasks", "task", "states", "state", "actions", "choices", "outputs",
    "refId", "name", "dtmf", "startUpRef", "targetMenuRef", "targetTaskRef", "defaultChildMenuRef",
    "decision", "callData", "transferToAcd", "loop", "loopExit", "switch", "evaluate", "cases",
    "case", "default", "menuTask", "menuSubMenu", "menuJumpToMenu", "disconnect", "success",
    "failure", "yes", "no", "lit", "exp", "loopCount", "targetQueue", "callTask", "endTask",
]  # fmt: skip
SCALARS = st.one_of(
    st.sampled_from(
        ["/inboundCall/menus/menu[m]", "./tasks/task[t]", "../..", "digit_1", "m", "t"]
    ),
    st.integers(-2, 5),
    st.booleans(),
    st.none(),
)
SHAPES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(KEYS), inner, max_size=4),
    ),
    max_leaves=40,
)


@settings(max_examples=200)
@given(st.dictionaries(st.sampled_from(KEYS), SHAPES, max_size=6))
def test_any_shape_reads_and_runs(body: dict[str, Any]) -> None:
    """Whatever sits under the flow kind, reading yields a graph every tool can use."""
    graph = parse_flow(yaml.safe_dump({"inboundCall": body}), "fuzz.yaml")
    check(graph)
    explore(graph, max_journeys=50)
    run_journey(graph, Journey(name="fuzz", inputs=[], outcomes={}), max_steps=200)
    render_mermaid(graph)
    render_dot(graph)


ITEMS = st.lists(st.dictionaries(st.sampled_from(KEYS), SHAPES, min_size=1, max_size=1), max_size=5)


@settings(max_examples=200)
@given(actions=ITEMS, choices=ITEMS)
def test_any_actions_and_choices_read_and_run(actions: list[Any], choices: list[Any]) -> None:
    """Arbitrary action and choice items inside a well-formed task and menu never crash."""
    body = {
        "startUpRef": "./tasks/task[t]",
        "tasks": [{"task": {"refId": "t", "actions": actions}}],
        "menus": [{"menu": {"refId": "m", "choices": choices}}],
    }
    graph = parse_flow(yaml.safe_dump({"inboundCall": body}), "fuzz.yaml")
    check(graph)
    explore(graph, max_journeys=50)
    run_journey(graph, Journey(name="fuzz", inputs=["1", "no_input"]), max_steps=200)
