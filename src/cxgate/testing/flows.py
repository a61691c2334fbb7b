"""Synthetic Archy flows of any size, for the benchmark and for property tests.

The shape is a realistic IVR: a tree of menus (each with task jumps, an inline task, a
sub-menu, a way back and a default choice) and reusable tasks that call data actions,
decide, loop, collect digits and transfer to queues — every construct the checker and the
tracer handle, and nothing they would report as a problem. Built as data and dumped once, so
the YAML is always well formed.
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["synthetic_flow", "synthetic_flow_data"]

_NODES_PER_MENU_BLOCK = 58  # one menu and its choices, plus its two tasks
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def synthetic_flow(nodes: int = 10_000, name: str = "Synthetic IVR") -> str:
    """Archy YAML for an inbound call flow of about ``nodes`` graph nodes."""
    data = synthetic_flow_data(nodes, name)
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, default_flow_style=None, width=120)


def synthetic_flow_data(nodes: int = 10_000, name: str = "Synthetic IVR") -> dict[str, Any]:
    """The same flow as the mapping an Archy file holds."""
    menus = max(1, nodes // _NODES_PER_MENU_BLOCK)
    return {
        "inboundCall": {
            "name": name,
            "defaultLanguage": "en-us",
            "startUpRef": "/inboundCall/menus/menu[menu_0]",
            "initialGreeting": {"tts": "Welcome to the synthetic line."},
            "menus": [_menu(i, menus) for i in range(menus)],
            "tasks": [_task(k, menus) for k in range(2 * menus)],
        }
    }


def _menu_ref(i: int) -> str:
    return f"/inboundCall/menus/menu[menu_{i}]"


def _play(text: str) -> dict[str, Any]:
    return {"playAudio": {"audio": {"tts": text}}}


def _jump(menu: int) -> dict[str, Any]:
    return {"jumpToMenu": {"targetMenuRef": _menu_ref(menu)}}


def _transfer(queue: str, **extra: Any) -> dict[str, Any]:
    return {"transferToAcd": {"targetQueue": {"lit": {"name": queue}}, **extra}}


def _menu(i: int, menus: int) -> dict[str, Any]:
    choices: list[dict[str, Any]] = [
        {
            "menuJumpToTask": {
                "name": f"Task {task}",
                "dtmf": f"digit_{digit}",
                "targetTaskRef": f"/inboundCall/tasks/task[task_{task}]",
            }
        }
        for digit, task in ((1, 2 * i), (2, 2 * i + 1))
    ]
    choices += [
        {
            "menuJumpToMenu": {
                "name": f"Menu {child}",
                "dtmf": f"digit_{digit}",
                "targetMenuRef": _menu_ref(child),
            }
        }
        for digit, child in ((3, 2 * i + 1), (5, 2 * i + 2))
        if child < menus
    ]
    inline = [_transfer("Sales"), _play("Nobody is free."), {"disconnect": {}}]
    choices += [
        {"menuTask": {"name": "Talk to us", "dtmf": "digit_4", "task": {"actions": inline}}},
        {
            "menuJumpToMenu": {
                "refId": f"back_{i}",
                "dtmf": "digit_0",
                "targetMenuRef": _menu_ref(max(0, (i - 1) // 2)),
            }
        },
        {"menuDisconnect": {"dtmf": "digit_9"}},
    ]
    return {
        "menu": {
            "name": f"Menu {i}",
            "refId": f"menu_{i}",
            "audio": {"tts": f"Menu {i}. Press 1 or 2 for help, 3 to hear more, 0 to go back."},
            "defaultChildMenuRef": f"./choices/menuJumpToMenu[back_{i}]",
            "choices": choices,
        }
    }


def _task(k: int, menus: int) -> dict[str, Any]:
    back = k // 2 % menus
    return {
        "task": {
            "name": f"Task {k}",
            "refId": f"task_{k}",
            "actions": [
                _play(f"Task {k}."),
                _call_data(back),
                _vip_decision(),
                _hold_loop(),
                _collect_digits(back),
                _transfer("Billing"),
                _play("Goodbye."),
                {"disconnect": {}},
            ],
        }
    }


def _call_data(back: int) -> dict[str, Any]:
    action: dict[str, Any] = {
        "PureCloud Data Actions": {"dataAction": {"Get Account": {"inputs": {}}}}
    }
    return {
        "callData": {
            "name": "Look up account",
            "category": action,
            "outputs": {
                "success": {"actions": [{"updateData": {}}]},
                "failure": {"actions": [_play("Lookup failed."), _jump(back)]},
                "timeout": {"actions": [_play("Lookup timed out.")]},
            },
        }
    }


def _vip_decision() -> dict[str, Any]:
    busy = {"failure": {"actions": [_play("Support is busy.")]}}
    return {
        "decision": {
            "condition": {"exp": "Task.vip"},
            "outputs": {
                "yes": {"actions": [_transfer("Support", outputs=busy)]},
                "no": {"actions": [{"updateData": {}}]},
            },
        }
    }


def _hold_loop() -> dict[str, Any]:
    ready = {
        "decision": {
            "condition": {"exp": "Task.ready"},
            "outputs": {"yes": {"actions": [{"loopExit": {}}]}},
        }
    }
    return {
        "loop": {
            "loopCount": {"lit": 2},
            "outputs": {"loop": {"actions": [_play("Please hold."), ready]}},
        }
    }


def _collect_digits(back: int) -> dict[str, Any]:
    cases = [
        {"case": {"value": {"lit": "1"}, "actions": [_play("One.")]}},
        {"case": {"value": {"lit": "2"}, "actions": [_jump(back)]}},
    ]
    switch = {
        "evaluate": {
            "firstMatch": {
                "string": {
                    "value": {"exp": "Task.digits"},
                    "cases": cases,
                    "default": {"actions": [{"updateData": {}}]},
                }
            }
        }
    }
    return {
        "collectInput": {
            "inputData": {"var": "Task.digits"},
            "outputs": {
                "success": {"actions": [{"switch": switch}]},
                "failure": {"actions": [_jump(back)]},
            },
        }
    }
