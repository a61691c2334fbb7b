"""Template placeholders left in a flow: ``<queueName>``, ``<contactListId>``, ``<TODO>``.

Published blueprints ship such tokens for the reader to replace (GRAMMAR.md §9.6: the
automated-callback flows carry ``<integrationName>``, ``<workflowId>``, ``<callbackQueueId>``).
They can sit in any literal — a name, an id, a mapping key, a string inside an expression — so
every scalar is looked at. A token must look like an identifier of two or more words
(camelCase, snake_case, kebab-case) or be in capitals, so literal text such as ``<empty>``
(a real survey subject in the corpus) or an SSML tag is not taken for one.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import yaml

from cxgate.flow.read.yamltree import line_of

__all__ = ["Placeholder", "find_placeholders"]

_TOKEN = (
    r"<(?:[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+"  # camelCase
    r"|[A-Za-z][A-Za-z0-9]*(?:[_-][A-Za-z0-9]+)+"  # snake_case, kebab-case
    r"|[A-Z]{2,}[A-Z0-9]*)>"  # CAPITALS
)
_WHOLE = re.compile(rf"\s*({_TOKEN})\s*")
_QUOTED = re.compile(rf'"({_TOKEN})"')


class Placeholder(NamedTuple):
    """A placeholder token, the key it was found under, its first line and how often."""

    text: str
    key: str
    line: int
    uses: int


def find_placeholders(root: yaml.Node) -> list[Placeholder]:
    """Each distinct placeholder in the document, in order of first appearance."""
    found: dict[str, Placeholder] = {}
    stack: list[tuple[yaml.Node, str]] = [(root, "")]
    while stack:
        node, key = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for k, v in reversed(node.value):
                name = str(k.value) if isinstance(k, yaml.ScalarNode) else ""
                stack.append((v, name))
                stack.append((k, key))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, key) for item in reversed(node.value))
        elif isinstance(node, yaml.ScalarNode) and "<" in str(node.value):
            for text in _tokens(str(node.value), key):
                seen = found.get(text)
                uses = seen.uses + 1 if seen else 1
                first = seen or Placeholder(text, key, line_of(node), 0)
                found[text] = first._replace(uses=uses)
    return sorted(found.values(), key=lambda p: p.line)


def _tokens(value: str, key: str) -> list[str]:
    whole = _WHOLE.fullmatch(value)
    if whole:
        return [whole.group(1)]
    return _QUOTED.findall(value) if key == "exp" else []
