"""Hypothesis strategies: random but well-formed Archy inbound flows, as YAML text.

Tasks hold short action lists (audio, decisions, data actions, transfers, loops, jumps,
disconnects) and menus hold choices jumping anywhere, so generated graphs have branches,
merges, dead ends, unreachable parts and cycles with and without a menu on them.
"""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import strategies as st


def _task_ref(index: int) -> str:
    return f"/inboundCall/tasks/task[t{index}]"


def _menu_ref(index: int) -> str:
    return f"/inboundCall/menus/menu[m{index}]"


def _jump(kind: str, count: int, draw: st.DrawFn) -> dict[str, Any]:
    target = draw(st.integers(0, count - 1))
    if kind == "menu":
        return {"jumpToMenu": {"targetMenuRef": _menu_ref(target)}}
    return {"jumpToTask": {"targetTaskRef": _task_ref(target)}}


@st.composite
def _actions(draw: st.DrawFn, menus: int, tasks: int, depth: int = 0) -> list[dict[str, Any]]:
    kinds = ["play", "disconnect", "transfer", "jump_task"]
    if menus:
        kinds.append("jump_menu")
    if depth < 2:
        kinds += ["decision", "callData", "loop"]
    out: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(kinds))
        if kind == "play":
            out.append({"playAudio": {"audio": {"tts": "hi"}}})
        elif kind == "disconnect":
            out.append({"disconnect": {}})
        elif kind == "transfer":
            body: dict[str, Any] = {"targetQueue": {"lit": {"name": "Q"}}}
            if draw(st.booleans()):
                body["outputs"] = {"failure": {"actions": draw(_actions(menus, tasks, depth + 1))}}
            out.append({"transferToAcd": body})
        elif kind == "jump_task":
            out.append(_jump("task", tasks, draw))
        elif kind == "jump_menu":
            out.append(_jump("menu", menus, draw))
        else:
            out.append(draw(_branching(kind, menus, tasks, depth)))
    return out


_OUTPUTS = {
    "decision": ["yes", "no"],
    "callData": ["success", "failure", "timeout"],
    "loop": ["loop"],
}


@st.composite
def _branching(draw: st.DrawFn, kind: str, menus: int, tasks: int, depth: int) -> dict[str, Any]:
    labels = {
        "decision": ["yes", "no"],
        "callData": ["success", "failure", "timeout"],
        "loop": ["loop"],
    }[kind]
    chosen = draw(st.lists(st.sampled_from(labels), unique=True))
    body: dict[str, Any] = {
        "outputs": {label: {"actions": draw(_actions(menus, tasks, depth + 1))} for label in chosen}
    }
    if kind == "decision":
        body["condition"] = {"exp": "Flow.x"}
    if kind == "loop" and draw(st.booleans()):
        body["loopCount"] = {"lit": draw(st.integers(1, 3))}
    return {kind: body}


@st.composite
def flows(draw: st.DrawFn) -> str:
    """YAML text of a random inbound call flow."""
    menus = draw(st.integers(0, 2))
    tasks = draw(st.integers(1, 3))
    menu_items = []
    for m in range(menus):
        choices = []
        for digit in draw(st.lists(st.integers(0, 9), min_size=1, max_size=3, unique=True)):
            target = draw(st.sampled_from(["task", "menu", "hangup"]))
            if target == "task":
                choice = {
                    "menuJumpToTask": {"targetTaskRef": _task_ref(draw(st.integers(0, tasks - 1)))}
                }
            elif target == "menu":
                choice = {
                    "menuJumpToMenu": {"targetMenuRef": _menu_ref(draw(st.integers(0, menus - 1)))}
                }
            else:
                choice = {"menuDisconnect": {}}
            next(iter(choice.values()))["dtmf"] = f"digit_{digit}"
            choices.append(choice)
        menu_items.append({"menu": {"name": f"M{m}", "refId": f"m{m}", "choices": choices}})
    task_items = [
        {"task": {"name": f"T{t}", "refId": f"t{t}", "actions": draw(_actions(menus, tasks))}}
        for t in range(tasks)
    ]
    start = "menus/menu[m0]" if menus and draw(st.booleans()) else "tasks/task[t0]"
    flow = {
        "name": "Generated",
        "startUpRef": f"./{start}",
        "menus": menu_items,
        "tasks": task_items,
    }
    return yaml.safe_dump({"inboundCall": flow}, sort_keys=False)
