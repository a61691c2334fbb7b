"""How a kind's objects sit in a file: one per file, one section, a mapping or a list.

``split_objects`` yields ``(name, raw body, path in file)`` for each object, expanding
shorthands (``- Billing`` for ``- {name: Billing}``, ``chat: true`` for ``chat: {enabled:
true}``) and reporting shapes that are not what the kind expects.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from cxgate.bundle.yamlsrc import Path, YamlDoc
from cxgate.errors import Problem
from cxgate.resource.base import Layout, ResourceKind

__all__ = ["Raw", "split_objects"]

Raw = tuple[str, dict[str, Any], Path]  # (name, raw body, path in file)


def split_objects(kind: ResourceKind, doc: YamlDoc, problems: list[Problem]) -> Iterator[Raw]:
    """The raw objects of ``kind`` in one file, by the kind's layout."""
    if kind.layout is Layout.DOCUMENT:
        if isinstance(doc.data, dict):
            yield str(doc.data.get("name", "")), doc.data, ()
        else:
            problems.append(
                doc.problem(
                    (),
                    f"a {kind.title} file must be a mapping of fields",
                    "start with 'name: ...'",
                    rule="schema",
                )
            )
        return
    data = doc.data.get(kind.section) if isinstance(doc.data, dict) else None
    if data is None:
        return
    base: Path = (kind.section,)
    if kind.layout is Layout.SECTION:
        yield from _section(kind, doc, data, base, problems)
    elif kind.layout is Layout.MAPPING:
        yield from _mapping(kind, doc, data, base, problems)
    else:
        yield from _list(kind, doc, data, base, problems)


def _section(
    kind: ResourceKind, doc: YamlDoc, data: Any, base: Path, problems: list[Problem]
) -> Iterator[Raw]:
    if isinstance(data, dict):
        yield kind.singleton_key or str(data.get("name", "")), data, base
    else:
        problems.append(
            doc.problem(
                base,
                f"'{kind.section}' must be a mapping of fields",
                "indent the fields under it",
                rule="schema",
            )
        )


def _mapping(
    kind: ResourceKind, doc: YamlDoc, data: Any, base: Path, problems: list[Problem]
) -> Iterator[Raw]:
    if not isinstance(data, dict):
        problems.append(
            doc.problem(
                base,
                f"'{kind.section}' must map names to values",
                f"write e.g. '{kind.section}: {{name: true}}'",
                rule="schema",
            )
        )
        return
    for name, value in data.items():
        allowed = kind.allowed_names
        if allowed is not None and name not in allowed:
            close = difflib.get_close_matches(name, sorted(allowed), n=1)
            fix = (
                f"did you mean '{close[0]}'?"
                if close
                else f"use one of: {', '.join(sorted(allowed))}"
            )
            problems.append(
                doc.problem((*base, name), f"unknown {kind.title} '{name}'", fix, rule="schema")
            )
            continue
        raw = (
            value if isinstance(value, dict) or kind.shorthand is None else {kind.shorthand: value}
        )
        yield name, raw, (*base, name)


def _list(
    kind: ResourceKind, doc: YamlDoc, data: Any, base: Path, problems: list[Problem]
) -> Iterator[Raw]:
    if not isinstance(data, list):
        problems.append(
            doc.problem(
                base, f"'{kind.section}' must be a list", "put '- ' before each item", rule="schema"
            )
        )
        return
    for index, item in enumerate(data):
        raw = {kind.shorthand: item} if kind.shorthand and isinstance(item, str) else item
        if not isinstance(raw, dict):
            problems.append(
                doc.problem(
                    (*base, index),
                    f"expected a {kind.title} name or mapping",
                    "write '- Name' or '- {name: Name, ...}'",
                    rule="schema",
                )
            )
            continue
        yield str(raw.get("name", "")), raw, (*base, index)
