"""``{{ var }}`` substitution, so one bundle serves dev, test and prod orgs.

A string that is exactly one placeholder takes the variable's own type (``timeout: "{{ t }}"``
with ``t: 8`` gives the integer 8); placeholders inside longer strings are formatted in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from cxgate.bundle.yamlsrc import Path, YamlDoc
from cxgate.errors import Problem

__all__ = ["PLACEHOLDER", "substitute"]

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}")


def substitute(
    doc: YamlDoc, variables: Mapping[str, Any], env: str | None
) -> tuple[YamlDoc, list[Problem]]:
    """The document with every placeholder replaced; unknown names become problems."""
    problems: list[Problem] = []

    def value_of(name: str, path: Path, written: str) -> Any:
        if name in variables:
            return variables[name]
        where = f"environments.{env}.vars" if env else "vars"
        problems.append(
            doc.problem(
                path,
                f"unknown variable '{name}'",
                f"define {name} under {where} in cxgate.yaml, or pick the environment with --env",
                rule="variables",
            )
        )
        return written  # left as written, so the one problem is not followed by others

    def walk(data: Any, path: Path) -> Any:
        if isinstance(data, dict):
            return {key: walk(value, (*path, key)) for key, value in data.items()}
        if isinstance(data, list):
            return [walk(item, (*path, index)) for index, item in enumerate(data)]
        if not isinstance(data, str) or "{{" not in data:
            return data
        whole = PLACEHOLDER.fullmatch(data.strip())
        if whole:
            return value_of(whole.group(1), path, data)
        return PLACEHOLDER.sub(lambda m: str(value_of(m.group(1), path, m.group(0))), data)

    return YamlDoc(doc.file, walk(doc.data, ()), doc.lines), problems
