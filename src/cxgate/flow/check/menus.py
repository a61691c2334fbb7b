"""Menu rules of ``flow check``: default choice, keys, global keys, speech-only choices.

After the last repeat with no input, Architect takes the menu's default choice if it has one
(Resource Center, "Configure default menu settings"); what happens without one is not
documented, so a missing default is a warning. Keys are ``digit_0``…``digit_9``, ``*``, ``#``.
"""

from __future__ import annotations

from collections.abc import Iterator

from cxgate.flow.check.finding import Context, Finding
from cxgate.flow.graph import Node, NodeKind, Transition, TransitionKind

__all__ = ["menu_rules"]


def menu_rules(ctx: Context) -> Iterator[Finding]:
    """All menu findings, menu by menu; an unreachable menu has only its ``unreachable``."""
    for node in ctx.graph.nodes.values():
        if node.kind is NodeKind.MENU and node.id in ctx.reached:
            yield from _menu(ctx, node)


def _menu(ctx: Context, menu: Node) -> Iterator[Finding]:
    out = ctx.graph.outgoing(menu.id)
    choices = [t for t in out if t.kind is TransitionKind.CHOICE]
    if not choices:
        yield ctx.finding(
            "menu-no-choices",
            menu.line,
            f"menu '{menu.label}' has no choices: callers can only wait or hang up",
            "add choices: with at least one menu choice",
        )
    elif not any(t.kind is TransitionKind.DEFAULT for t in out):
        yield ctx.finding(
            "menu-no-default",
            menu.line,
            f"menu '{menu.label}' has no default choice for callers who press nothing",
            "give a choice a refId and set defaultChildMenuRef: ./choices/<type>[<refId>]",
        )
    keys: dict[str, int] = {}
    yield from _keys(ctx, menu, choices, keys)
    for t in out:
        if t.kind is TransitionKind.GLOBAL and t.dtmf in keys:
            yield ctx.finding(
                "dtmf-global-clash",
                keys[t.dtmf],
                f"key {t.dtmf} in menu '{menu.label}' is also the key of a global choice "
                f"(line {t.line}); which one wins is not documented",
                "use another key here, or make the other choice non-global",
            )


def _keys(
    ctx: Context, menu: Node, choices: list[Transition], keys: dict[str, int]
) -> Iterator[Finding]:
    """Speech-only and duplicate keys; fills ``keys`` (key → line of its first choice)."""
    for t in choices:
        if not t.dtmf:
            yield ctx.finding(
                "speech-only-choice",
                t.line,
                f"choice '{_choice_name(ctx, t.target)}' in menu '{menu.label}' has speech "
                "terms but no key: keypad callers cannot reach it",
                "add dtmf: digit_<n> to the choice",
            )
        elif t.dtmf in keys:
            yield ctx.finding(
                "dtmf-duplicate",
                t.line,
                f"key {t.dtmf} in menu '{menu.label}' is already used by the choice on "
                f"line {keys[t.dtmf]}; this choice can never be taken",
                "give each choice of a menu its own key",
            )
        else:
            keys[t.dtmf] = t.line


def _choice_name(ctx: Context, node_id: str | None) -> str:
    return ctx.graph.nodes[node_id].label if node_id else "?"
