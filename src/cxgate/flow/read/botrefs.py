"""Task references a bot flow keeps outside its action lists: intents and knowledge answers.

A bot or digital bot flow can route a recognised intent straight to a reusable task
(``settingsBotFlow.intentSettings[].intent.task``; [SDK] ``ArchSettingsNluIntent.associatedTask``)
and a knowledge answer to one (``settingsKnowledge.<name>.knowledgePath.targetTaskRef``; [SDK]
``ArchSettingsNluKnowledge.knowledgeTargetTask``). The flow reaches those tasks from wherever
the participant speaks, so the reader links them from the flow's entry.
"""

from __future__ import annotations

from typing import NamedTuple

import yaml

from cxgate.flow.read.yamltree import child, items, line_of, scalar, sequence, single_key

__all__ = ["BotTaskRef", "bot_task_refs"]

_MAX_DEPTH = 4  # knowledgePath sits a level or two below settingsKnowledge


class BotTaskRef(NamedTuple):
    """A task named from the flow's settings: its label, reference text and line."""

    label: str
    text: str
    line: int


def bot_task_refs(flow: yaml.Node) -> list[BotTaskRef]:
    """Intent tasks, then knowledge tasks, in file order within each."""
    return _intent_refs(flow) + _knowledge_refs(child(flow, "settingsKnowledge"), 0)


def _intent_refs(flow: yaml.Node) -> list[BotTaskRef]:
    refs: list[BotTaskRef] = []
    for item in sequence(child(child(flow, "settingsBotFlow"), "intentSettings")):
        pair = single_key(item)
        intent = pair[1] if pair else item
        task = child(intent, "task")
        text = scalar(task) or scalar(child(task, "targetTaskRef"))
        if text:
            name = scalar(child(intent, "name")) or "?"
            refs.append(BotTaskRef(f"intent: {name}", text, line_of(task)))
    return refs


def _knowledge_refs(node: yaml.Node | None, depth: int) -> list[BotTaskRef]:
    refs: list[BotTaskRef] = []
    for key, body in items(node):
        target = child(body, "targetTaskRef")
        if key == "knowledgePath" and scalar(target):
            refs.append(BotTaskRef("knowledge", scalar(target) or "", line_of(target)))
        elif depth < _MAX_DEPTH:
            refs.extend(_knowledge_refs(body, depth + 1))
    return refs
