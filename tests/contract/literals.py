"""Find every ``/api/v2/...`` path written in the source, with its HTTP method when the
call site shows it (``client.put("/api/v2/...")``, ``request("PATCH", f"/api/v2/...")``).

String constants and f-strings are read from the AST; f-string fields become ``{}`` so
``f"/api/v2/routing/queues/{queue_id}"`` compares with the SDK's template. Prose (docstrings,
messages) is ignored: only strings that start with ``/api/v2/`` and hold no space count.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ApiLiteral", "api_literals", "literals_in"]

PREFIX = "/api/v2/"
_VERBS = {"get", "post", "put", "patch", "delete"}


@dataclass(frozen=True, slots=True)
class ApiLiteral:
    """One API path in the source: where it is, the path template, the method if known."""

    file: str
    line: int
    path: str
    method: str | None

    def __str__(self) -> str:
        method = f"{self.method} " if self.method else ""
        return f"{self.file}:{self.line}: {method}{self.path}"


def api_literals(root: Path) -> list[ApiLiteral]:
    """Every API path literal in the Python files under ``root``."""
    found: list[ApiLiteral] = []
    for file in sorted(root.rglob("*.py")):
        found += literals_in(file.read_text(encoding="utf-8"), str(file))
    return found


def literals_in(source: str, name: str = "<source>") -> list[ApiLiteral]:
    """The API path literals of one module's source."""
    tree = ast.parse(source)
    methods = dict(_call_methods(tree))
    # The constant pieces of an f-string are read as part of the f-string, not alone.
    pieces = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    found = []
    for node in ast.walk(tree):
        if id(node) in pieces:
            continue
        path = _path_of(node)
        if path is not None:
            found.append(ApiLiteral(name, node.lineno, path, methods.get(id(node))))
    return found


def _path_of(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(
            v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "{}"
            for v in node.values
        )
    else:
        return None
    if not text.startswith(PREFIX) or any(c.isspace() for c in text):
        return None
    return text


def _call_methods(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(id of the path node, METHOD) for calls like ``x.get(path)``/``x.request("PUT", path)``."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        verb, args = node.func.attr, node.args
        if verb in _VERBS and args:
            yield id(args[0]), verb.upper()
        elif verb == "request" and len(args) >= 2 and _is_text(args[0]):
            yield id(args[1]), str(args[0].value).upper()  # type: ignore[attr-defined]


def _is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)
