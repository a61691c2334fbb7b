"""Collect what a flow names in the org — queues, flows, schedules, data actions, prompts…

Archy files refer to org objects by name only (GRAMMAR.md §7); ids are looked up at publish.
The plan/validate step resolves these names against the bundle and the live org, so we list
every one with its kind and line. Shapes read (all seen in the corpus or GRAMMAR.md §7):
``key: {lit: {name: N}}``, ``targetFlow: {name: N}``, keyed maps such as
``dataTable: {<table>: …}`` and ``category: {<integration>: {dataAction: {<action>: …}}}``,
``prompt: PromptSystem.x``, and literal arguments of ``FindQueue("…")``-style expressions.
"""

from __future__ import annotations

import re

import yaml

from cxgate.flow.graph import ExternalRef
from cxgate.flow.read.yamltree import child, items, line_of, scalar

__all__ = ["collect_external_refs"]

_LIT_NAME_KINDS = {
    "targetQueue": "queue",
    "queue": "queue",
    "targetFlow": "flow",
    "inQueueFlow": "flow",
    "selectedSchedule": "schedule",
    "schedule": "schedule",
    "scheduleGroup": "scheduleGroup",
    "emergencyGroup": "emergencyGroup",
    "languageSkill": "language",
    "defaultLanguageSkill": "language",
    "acdSkill": "skill",
    "skill": "skill",
    "targetUser": "user",
    "user": "user",
    "targetGroup": "group",
    "group": "group",
    "contactList": "contactList",
    "wrapupCode": "wrapupCode",
    "holdMusic": "prompt",
    "processingPrompt": "prompt",
    "prompt": "prompt",
    "audio": "prompt",
    "voicemailGreeting": "prompt",
}
_VARIABLE_KINDS = {
    "queueVariable": "queue",
    "scheduleVariable": "schedule",
    "scheduleGroupVariable": "scheduleGroup",
    "emergencyGroupVariable": "emergencyGroup",
    "skillVariable": "skill",
    "languageSkillVariable": "language",
    "userVariable": "user",
    "groupVariable": "group",
    "promptVariable": "prompt",
}
_PLAIN_NAME_KINDS = {"targetFlow": "flow", "worktype": "worktype"}
_CALLED_FLOWS = {
    ("callBotFlow", "botFlow"),
    ("callDigitalBotFlow", "digitalBotFlow"),
    ("callCommonModule", "commonModule"),
}
_FIND = re.compile(
    r"\bFind(Queue|Skill|LanguageSkill|Schedule|ScheduleGroup|EmergencyGroup|Group|User"
    r"|UserPrompt|SystemPrompt)\(\s*\"([^\"]+)\"\s*\)"
)
_FIND_KINDS = {
    "Queue": "queue",
    "Skill": "skill",
    "LanguageSkill": "language",
    "Schedule": "schedule",
    "ScheduleGroup": "scheduleGroup",
    "EmergencyGroup": "emergencyGroup",
    "Group": "group",
    "User": "user",
    "UserPrompt": "prompt",
    "SystemPrompt": "prompt",
}
_PROMPT_TOKEN = re.compile(r"\bPrompt(?:User|System)\.[A-Za-z0-9_]+")


def collect_external_refs(flow: yaml.Node, file: str) -> list[ExternalRef]:
    """Every org object the flow body names, in file order."""
    found: list[ExternalRef] = []
    stack: list[tuple[yaml.Node, str, str]] = [(flow, "", "")]
    while stack:
        node, key, parent = stack.pop()
        found.extend(_refs_at(node, key, parent, file))
        if isinstance(node, yaml.MappingNode):
            for k, v in reversed(items(node)):
                stack.append((v, k, key))
        elif isinstance(node, yaml.SequenceNode):
            for item in reversed(node.value):
                stack.append((item, key, parent))
    found.sort(key=lambda ref: ref.line)
    return found


def _refs_at(node: yaml.Node, key: str, parent: str, file: str) -> list[ExternalRef]:
    text = scalar(node)
    if text is not None:
        return _scalar_refs(text, key, node, file)
    kind = _lit_name_kind(key, parent)
    if kind:
        name_node = child(child(node, "lit"), "name")
        if scalar(name_node):
            return [_ref(kind, name_node, file)]
    if key in _PLAIN_NAME_KINDS and scalar(child(node, "name")):
        return [_ref(_PLAIN_NAME_KINDS[key], child(node, "name"), file)]
    return _keyed_refs(node, key, parent, file)


def _lit_name_kind(key: str, parent: str) -> str:
    if key == "initialValue":
        return _VARIABLE_KINDS.get(parent, "")
    if key == "value" and parent == "queue":
        return "queue"
    return _LIT_NAME_KINDS.get(key, "")


def _keyed_refs(node: yaml.Node, key: str, parent: str, file: str) -> list[ExternalRef]:
    if key == "dataTable":
        return [ExternalRef("dataTable", name, file, line_of(k)) for name, k in _keys(node)]
    if key == "category":
        out: list[ExternalRef] = []
        for name, k in _keys(node):
            out.append(ExternalRef("integration", name, file, line_of(k)))
            actions = child(child(node, name), "dataAction")
            out.extend(ExternalRef("dataAction", a, file, line_of(n)) for a, n in _keys(actions))
        return out
    if (parent, key) in _CALLED_FLOWS:
        return [ExternalRef("flow", name, file, line_of(k)) for name, k in _keys(node)]
    return []


def _keys(node: yaml.Node | None) -> list[tuple[str, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        return []
    return [(str(k.value), k) for k, _ in node.value if isinstance(k, yaml.ScalarNode)]


def _scalar_refs(text: str, key: str, node: yaml.Node, file: str) -> list[ExternalRef]:
    line = line_of(node)
    if key == "exp":
        refs = [
            ExternalRef(_FIND_KINDS[m.group(1)], m.group(2), file, line)
            for m in _FIND.finditer(text)
        ]
        refs += [
            ExternalRef("prompt", m.group(0), file, line) for m in _PROMPT_TOKEN.finditer(text)
        ]
        return refs
    if key == "prompt" and text:
        return [ExternalRef("prompt", text, file, line)]
    return []


def _ref(kind: str, name_node: yaml.Node | None, file: str) -> ExternalRef:
    assert name_node is not None
    return ExternalRef(kind, scalar(name_node) or "", file, line_of(name_node))
