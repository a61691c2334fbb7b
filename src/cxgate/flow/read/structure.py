"""What each flow kind may hold at its top level, and where it starts.

Archy refuses a file whose containers do not belong to its kind, e.g. an ``inboundCall`` with
``states:``. Which kind has which containers comes from the Architect Scripting SDK's flow
classes (``docs/types.d.ts``): call flows (``ArchFlowInboundCall``, ``…OutboundCall``,
``…SecureCall``, ``…Voicemail``) have reusable menus and tasks; message, chat, email, workflow,
workitem and survey flows have states and tasks; bot flows have their bots (``bots:`` in YAML),
states and tasks; in-queue call flows and common modules have only their startup task
(``startUpTaskActions:``), the others start at ``startUpRef`` (GRAMMAR.md §1).
"""

from __future__ import annotations

from typing import NamedTuple

import yaml

from cxgate.flow.read.yamltree import line_of

__all__ = ["CONTAINERS", "TASK_ACTION_STARTS", "Problem", "structure_problems"]

_CALL = frozenset({"menus", "tasks"})
_STATES = frozenset({"states", "tasks"})
_BOT = frozenset({"bots", "states", "tasks"})
CONTAINERS: dict[str, frozenset[str]] = {
    "inboundCall": _CALL,
    "outboundCall": _CALL,
    "secureCall": _CALL,
    "voicemail": _CALL,
    "inqueueCall": frozenset(),
    "commonModule": frozenset(),
    "inboundShortMessage": _STATES,
    "inboundChat": _STATES,
    "inboundEmail": _STATES,
    "inqueueEmail": _STATES,
    "inqueueShortMessage": _STATES,
    "workflow": _STATES,
    "workitem": _STATES,
    "surveyInvite": _STATES,
    "voiceSurvey": _STATES,
    "botFlow": _BOT,
    "digitalBot": _BOT,
}
"""The container lists each flow kind may declare."""
TASK_ACTION_STARTS = frozenset({"inqueueCall", "commonModule"})
"""Kinds that start with ``startUpTaskActions:`` rather than ``startUpRef:``."""

_ALL = ("menus", "tasks", "states", "bots")


class Problem(NamedTuple):
    """One structural mistake: where, what, and the fix."""

    line: int
    message: str
    fix: str


def structure_problems(kind: str, flow: yaml.Node) -> list[Problem]:
    """Containers the kind does not have, and an entry of the wrong style."""
    allowed = CONTAINERS.get(kind, frozenset(_ALL))
    lines = _key_lines(flow)
    problems = [
        _container(kind, key, lines[key], allowed)
        for key in _ALL
        if key in lines and key not in allowed
    ]
    wrong_start = "startUpRef" if kind in TASK_ACTION_STARTS else "startUpTaskActions"
    if wrong_start in lines and kind in CONTAINERS:
        right = "startUpTaskActions" if kind in TASK_ACTION_STARTS else "startUpRef"
        problems.append(
            Problem(
                lines[wrong_start],
                f"{kind} flows start with {right}, not {wrong_start}",
                f"replace {wrong_start}: with {right}:",
            )
        )
    return problems


def _key_lines(flow: yaml.Node) -> dict[str, int]:
    """The line of each top-level key of the flow mapping (the reader has made sure it is one)."""
    return {str(k.value): line_of(k) for k, _ in flow.value if isinstance(k, yaml.ScalarNode)}


def _container(kind: str, key: str, line: int, allowed: frozenset[str]) -> Problem:
    has = " and ".join(sorted(allowed)) if allowed else "only startUpTaskActions"
    where = f"use {' or '.join(sorted(allowed))}" if allowed else "put the actions there"
    return Problem(
        line,
        f"{kind} flows have no {key} ({kind} flows have {has}); Archy refuses the file",
        f"{where}, or write the flow as a kind that has {key}",
    )
