"""Synthetic Archy flows of any size, for the benchmark and for property tests.

The shape is a realistic IVR: a tree of menus (each with task jumps, an inline task, a
sub-menu, a way back and a default choice) and reusable tasks that call data actions,
decide, loop, collect digits and transfer to queues — every construct the checker and the
tracer handle, and nothing they would report as a problem.
"""

from __future__ import annotations

__all__ = ["synthetic_flow"]

_NODES_PER_MENU_BLOCK = 58  # one menu and its choices, plus its two tasks


def synthetic_flow(nodes: int = 10_000, name: str = "Synthetic IVR") -> str:
    """Archy YAML for an inbound call flow of about ``nodes`` graph nodes."""
    menus = max(1, nodes // _NODES_PER_MENU_BLOCK)
    lines = [
        "inboundCall:",
        f"  name: {name}",
        "  defaultLanguage: en-us",
        '  startUpRef: "/inboundCall/menus/menu[menu_0]"',
        "  initialGreeting:",
        "    tts: Welcome to the synthetic line.",
        "  menus:",
    ]
    for i in range(menus):
        lines.extend(_menu(i, menus))
    lines.append("  tasks:")
    for k in range(2 * menus):
        lines.extend(_task(k, menus))
    return "\n".join(lines) + "\n"


def _menu(i: int, menus: int) -> list[str]:
    out = [
        "    - menu:",
        f"        name: Menu {i}",
        f"        refId: menu_{i}",
        "        audio:",
        f"          tts: Menu {i}. Press 1 or 2 for help, 3 to hear more, 0 to go back.",
        f"        defaultChildMenuRef: ./choices/menuJumpToMenu[back_{i}]",
        "        choices:",
    ]
    for digit, task in ((1, 2 * i), (2, 2 * i + 1)):
        out += [
            "          - menuJumpToTask:",
            f"              name: Task {task}",
            f"              dtmf: digit_{digit}",
            f'              targetTaskRef: "/inboundCall/tasks/task[task_{task}]"',
        ]
    for digit, child in ((3, 2 * i + 1), (5, 2 * i + 2)):
        if child < menus:
            out += [
                "          - menuJumpToMenu:",
                f"              name: Menu {child}",
                f"              dtmf: digit_{digit}",
                f'              targetMenuRef: "/inboundCall/menus/menu[menu_{child}]"',
            ]
    out += [
        "          - menuTask:",
        "              name: Talk to us",
        "              dtmf: digit_4",
        "              task:",
        "                actions:",
        "                  - transferToAcd:",
        "                      targetQueue: {lit: {name: Sales}}",
        "                  - playAudio:",
        "                      audio: {tts: Nobody is free.}",
        "                  - disconnect: {}",
        "          - menuJumpToMenu:",
        f"              refId: back_{i}",
        "              dtmf: digit_0",
        f'              targetMenuRef: "/inboundCall/menus/menu[menu_{max(0, (i - 1) // 2)}]"',
        "          - menuDisconnect:",
        "              dtmf: digit_9",
    ]
    return out


def _task(k: int, menus: int) -> list[str]:
    back = f'"/inboundCall/menus/menu[menu_{k // 2 % menus}]"'
    return [
        "    - task:",
        f"        name: Task {k}",
        f"        refId: task_{k}",
        "        actions:",
        "          - playAudio:",
        f"              audio: {{tts: Task {k}.}}",
        "          - callData:",
        "              name: Look up account",
        "              category:",
        "                PureCloud Data Actions:",
        "                  dataAction:",
        "                    Get Account:",
        "                      inputs: {}",
        "              outputs:",
        "                success:",
        "                  actions:",
        "                    - updateData: {}",
        "                failure:",
        "                  actions:",
        "                    - playAudio: {audio: {tts: Lookup failed.}}",
        f"                    - jumpToMenu: {{targetMenuRef: {back}}}",
        "                timeout:",
        "                  actions:",
        "                    - playAudio: {audio: {tts: Lookup timed out.}}",
        "          - decision:",
        "              condition: {exp: Task.vip}",
        "              outputs:",
        "                yes:",
        "                  actions:",
        "                    - transferToAcd:",
        "                        targetQueue: {lit: {name: Support}}",
        "                        outputs:",
        "                          failure:",
        "                            actions:",
        "                              - playAudio: {audio: {tts: Support is busy.}}",
        "                no:",
        "                  actions:",
        "                    - updateData: {}",
        "          - loop:",
        "              loopCount: {lit: 2}",
        "              outputs:",
        "                loop:",
        "                  actions:",
        "                    - playAudio: {audio: {tts: Please hold.}}",
        "                    - decision:",
        "                        condition: {exp: Task.ready}",
        "                        outputs:",
        "                          yes:",
        "                            actions:",
        "                              - loopExit: {}",
        "          - collectInput:",
        "              inputData: {var: Task.digits}",
        "              outputs:",
        "                success:",
        "                  actions:",
        "                    - switch:",
        "                        evaluate:",
        "                          firstMatch:",
        "                            string:",
        "                              value: {exp: Task.digits}",
        "                              cases:",
        "                                - case:",
        "                                    value: {lit: '1'}",
        "                                    actions:",
        "                                      - playAudio: {audio: {tts: One.}}",
        "                                - case:",
        "                                    value: {lit: '2'}",
        "                                    actions:",
        f"                                      - jumpToMenu: {{targetMenuRef: {back}}}",
        "                              default:",
        "                                actions:",
        "                                  - updateData: {}",
        "                failure:",
        "                  actions:",
        f"                    - jumpToMenu: {{targetMenuRef: {back}}}",
        "          - transferToAcd:",
        "              targetQueue: {lit: {name: Billing}}",
        "          - playAudio:",
        "              audio: {tts: Goodbye.}",
        "          - disconnect: {}",
    ]
