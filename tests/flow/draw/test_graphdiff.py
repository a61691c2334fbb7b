"""What changed between two versions of a flow, keyed by names rather than positions."""

from __future__ import annotations

import pytest

from cxgate.flow.draw.graphdiff import graph_delta, stable_keys, yaml_diff
from cxgate.flow.read.archy import read_flow
from tests.flow.helpers import EXAMPLES, flow

TASK = """
inboundCall:
  name: T
  startUpRef: "/inboundCall/tasks/task[Main_1]"
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
{actions}
"""
BYE = "          - disconnect: {name: Bye}\n"


def _task(actions: str) -> str:
    return TASK.format(actions=actions.rstrip("\n"))


def test_the_same_flow_has_no_delta() -> None:
    """Reading a file twice gives no change at all."""
    graph = read_flow(EXAMPLES / "main-ivr.yaml")
    delta = graph_delta(graph, read_flow(EXAMPLES / "main-ivr.yaml"))
    assert delta.empty
    assert delta.lines() == []
    assert delta.counts() == "+0 -0 ~0 nodes, +0 -0 transitions"


def test_keys_are_names_not_positions() -> None:
    """Menus, choices, tasks and nested actions are keyed by their names and outputs."""
    keys = set(stable_keys(read_flow(EXAMPLES / "main-ivr.yaml")).values())
    assert {
        "start",
        "menu:Main Menu/choice:Sales",
        "menu:Main Menu/menu:Billing Menu/choice:Hear balance/task/action:Balance policy",
        "task:Support Task/action:Look up customer tier/success/action:Gold customer?",
    } <= keys


def test_inserting_a_step_does_not_renew_the_later_ones() -> None:
    """A new named action is the only node added; the old steps keep their keys."""
    before = flow(_task("          - playAudio: {name: Hello, audio: {tts: hi}}\n" + BYE))
    after = flow(
        _task(
            "          - playAudio: {name: Hello, audio: {tts: hi}}\n"
            "          - playAudio: {name: Notice, audio: {tts: note}}\n" + BYE
        )
    )
    delta = graph_delta(before, after)
    assert delta.nodes_added == ("task:Main/action:Notice",)
    assert delta.nodes_removed == ()
    assert delta.transitions_added == (
        "task:Main/action:Hello --next:next--> task:Main/action:Notice",
        "task:Main/action:Notice --next:next--> task:Main/action:Bye",
    )
    assert delta.transitions_removed == (
        "task:Main/action:Hello --next:next--> task:Main/action:Bye",
    )


@pytest.mark.parametrize(
    ("actions", "expected"),
    [
        (
            "          - playAudio: {audio: {tts: a}}\n" * 2,
            ["action:playAudio#1", "action:playAudio#2"],
        ),
        ("          - playAudio: {name: X, audio: {tts: a}}\n" * 2, ["action:X", "action:X#2"]),
    ],
)
def test_unnamed_and_same_named_steps_are_ranked(actions: str, expected: list[str]) -> None:
    """Unnamed steps count by type; a repeated name gets #2 in file order."""
    keys = stable_keys(flow(_task(actions + BYE)))
    assert [k.removeprefix("task:Main/") for k in keys.values()][2:4] == expected


def test_a_step_that_now_does_something_else_is_changed() -> None:
    """Same name, another queue: one change with the old and new targets."""
    transfer = "          - transferToAcd: {{name: Route, targetQueue: {{lit: {{name: {q}}}}}}}\n"
    before = flow(_task(transfer.format(q="Sales") + BYE))
    after = flow(_task(transfer.format(q="Billing") + BYE))
    delta = graph_delta(before, after)
    assert [str(c) for c in delta.nodes_changed] == [
        "task:Main/action:Route: target queue:Sales → queue:Billing"
    ]
    assert delta.as_dict()["nodesChanged"] == [str(delta.nodes_changed[0])]
    assert delta.lines() == ["~ task:Main/action:Route: target queue:Sales → queue:Billing"]


def test_yaml_diff_names_both_sides() -> None:
    """A unified diff from the org's file to the bundle's."""
    lines = yaml_diff("a: 1\nb: 2\n", "a: 1\nb: 3\n", "main-ivr.yaml")
    assert lines[:2] == ["--- main-ivr.yaml (org)", "+++ main-ivr.yaml (bundle)"]
    assert "-b: 2" in lines
    assert "+b: 3" in lines
    assert yaml_diff("x\n", "x\n", "f") == []
