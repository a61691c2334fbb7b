"""Help screens in words: ``--port INTEGER``, ``--offline``, not ``<int>`` and ``<bool>``.

typer 0.29 labels every option with its Python type (``--help <bool>``, ``files
<list[Path]>``), which reads like a bug to someone who never wrote the code. It has no
setting for this, so ``install`` replaces the one method that makes the label
(``display_type_rich``, typer/core.py) with ours: flags and counters get no label, an
option's own metavar wins, and the rest get the words click always used.
"""

from __future__ import annotations

import re
from typing import Any

from typer.core import TyperArgument, TyperOption

__all__ = ["install", "label"]

_WORDS = {
    "bool": None,
    "int": "INTEGER",
    "int range": "INTEGER",
    "float": "NUMBER",
    "float range": "NUMBER",
    "str": "TEXT",
    "path": "PATH",
    "Path": "PATH",
    "file": "FILE",
    "directory": "FOLDER",
}
_LIST = re.compile(r"^list\[(.+)\]$")


def label(param: Any, ctx: Any) -> str | None:
    """The type column of one parameter's help row (None: nothing to show)."""
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return None
    if param.metavar is not None:
        return str(param.metavar)
    raw = str(param.display_type(ctx)).strip("<>")
    many = _LIST.match(raw)
    if many:
        word = _WORDS.get(many.group(1), many.group(1).upper())
        return f"{word}..."
    if raw in _WORDS:
        return _WORDS[raw]
    return raw  # choices: text|json|markdown


def install() -> None:
    """Use ``label`` for every option and argument of every command (idempotent)."""
    for cls in (TyperOption, TyperArgument):
        cls.display_type_rich = label  # type: ignore[method-assign,assignment]
