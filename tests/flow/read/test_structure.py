"""Top-level structure per flow kind: containers Archy refuses, and the wrong kind of start."""

from __future__ import annotations

import pytest

from cxgate.flow.check.run import check
from cxgate.flow.read.structure import CONTAINERS, TASK_ACTION_STARTS

from ..helpers import flow

_BODIES = {
    "menus": "  menus:\n    - menu: {name: M, refId: m, choices: [menuDisconnect: {dtmf: digit_1}]}"
    "\n",
    "tasks": "  tasks:\n    - task: {name: T, refId: t, actions: [disconnect: {}]}\n",
    "states": "  states:\n    - state: {name: S, refId: s, actions: [disconnect: {}]}\n",
    "bots": "  bots:\n    - bot: {name: B, refId: b, actions: [disconnect: {}]}\n",
}
_START_AT = {"menus": "menu[m]", "tasks": "task[t]", "states": "state[s]", "bots": "bot[b]"}


def _flow(kind: str, containers: list[str]) -> str:
    if kind in TASK_ACTION_STARTS:
        start = "  startUpTaskActions:\n    - disconnect: {}\n"
    else:
        first = containers[0]
        start = f"  startUpRef: /{kind}/{first}/{_START_AT[first]}\n"
    return f"{kind}:\n  name: X\n{start}" + "".join(_BODIES[c] for c in containers)


def _structure(text: str) -> list[tuple[int, str]]:
    return [(f.line, f.message) for f in check(flow(text)) if f.rule == "structure-invalid"]


@pytest.mark.parametrize("kind", sorted(CONTAINERS))
def test_each_kind_accepts_its_own_containers(kind: str) -> None:
    """Every container a kind has (call: menus and tasks; message: states and tasks; bot:
    bots, states and tasks) reads without a structure finding."""
    containers = sorted(CONTAINERS[kind], key=lambda c: c != "menus")
    if kind in ("botFlow", "digitalBot"):
        containers = ["bots", "states", "tasks"]
    assert _structure(_flow(kind, containers or [])) == []


def test_an_inbound_call_with_states_is_an_error_with_the_fix() -> None:
    """Call flows have menus and tasks: states are refused at the line of the key."""
    found = _structure(_flow("inboundCall", ["tasks", "states"]))
    assert found == [
        (
            6,
            "inboundCall flows have no states (inboundCall flows have menus and tasks); "
            "Archy refuses the file",
        )
    ]
    (finding,) = [f for f in check(flow(_flow("inboundCall", ["tasks", "states"])))
                  if f.rule == "structure-invalid"]  # fmt: skip
    assert (finding.severity, finding.fix) == (
        "error",
        "use menus or tasks, or write the flow as a kind that has states",
    )


@pytest.mark.parametrize(
    ("kind", "containers", "wrong"),
    [
        ("inboundShortMessage", ["states", "menus"], "menus"),
        ("workflow", ["states", "bots"], "bots"),
        ("botFlow", ["bots", "menus"], "menus"),
        ("inqueueCall", ["tasks"], "tasks"),
        ("commonModule", ["states"], "states"),
    ],
)
def test_containers_of_other_kinds_are_errors(kind: str, containers: list[str], wrong: str) -> None:
    """A message flow with menus, a workflow with bots, an in-queue flow with tasks…"""
    found = _structure(_flow(kind, containers))
    assert len(found) == 1
    assert f"{kind} flows have no {wrong}" in found[0][1]


def test_the_wrong_kind_of_start_is_an_error() -> None:
    """In-queue flows start with startUpTaskActions; inbound calls with startUpRef."""
    inqueue = "inqueueCall:\n  name: Q\n  startUpRef: /inqueueCall/tasks/task[t]\n"
    assert [m for _, m in _structure(inqueue)] == [
        "inqueueCall flows start with startUpTaskActions, not startUpRef"
    ]
    inbound = "inboundCall:\n  name: I\n  startUpTaskActions:\n    - disconnect: {}\n"
    assert [m for _, m in _structure(inbound)] == [
        "inboundCall flows start with startUpRef, not startUpTaskActions"
    ]
