"""pydantic's validation errors, rewritten as Problems a person can act on.

Each error gets the file, the YAML path and line, a sentence that says what is wrong in the
bundle's own words, and a fix (with a "did you mean" for misspelt keys and enum values).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

import pydantic
from pydantic import BaseModel

from cxgate.bundle.yamlsrc import Path, YamlDoc
from cxgate.errors import Problem
from cxgate.resource.paths import _model_in

__all__ = ["problems_from"]

_TYPE_WORDS = {
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "string": "text",
    "list": "a list",
    "dict": "a mapping (key: value)",
    "model": "a mapping (key: value)",
    "time": "a time like 08:00",
    "datetime": "a date and time like 2025-12-24T00:00",
}


def _data_path(data: Any, loc: Iterable[int | str]) -> Path:
    """The part of pydantic's ``loc`` that exists in the data (drops union/validator tags)."""
    path: list[str | int] = []
    for part in loc:
        in_dict = isinstance(data, dict) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if in_dict or in_list:
            data = data[part]
        elif isinstance(data, dict) and isinstance(part, str) and not path_tag(part):
            path.append(part)  # a key that is missing or unknown: still where the error is
            break
        else:
            continue
        path.append(part)
    return tuple(path)


def path_tag(part: str) -> bool:
    """pydantic's internal loc entries: ``function-after[...]``, union member names."""
    return "[" in part or part in {"str", "int", "float", "bool", "list", "dict"}


def _keys_at(model: type[BaseModel] | None, path: Path) -> list[str]:
    for part in path:
        if model is None:
            return []
        if isinstance(part, str):
            field = next((f for n, f in model.model_fields.items() if (f.alias or n) == part), None)
            model = _model_in(field.annotation) if field is not None else None
    return [f.alias or n for n, f in model.model_fields.items()] if model else []


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def _expected(error_type: str) -> str:
    stem = error_type.split("_", maxsplit=1)[0]
    return _TYPE_WORDS.get(stem, stem)


_BOUNDS = {
    "greater_than_equal": ("≥", "ge"),
    "greater_than": (">", "gt"),
    "less_than_equal": ("≤", "le"),
    "less_than": ("<", "lt"),
}


def _bound_fix(key: str, given: Any, symbol: str, limit: Any) -> str:
    """Name the bound; a percentage given as 80 is a fraction written as a percent."""
    fix = f"use a value {symbol} {limit}"
    if key == "percentage" and isinstance(given, int | float) and 1 < given <= 100:
        fix += f': it is a fraction, so write {given / 100:g} (or "{given:g}%")'
    return fix


def _describe(error: Any, path: Path, model: type[BaseModel] | None) -> tuple[str, str]:
    kind, ctx, given = error["type"], error.get("ctx") or {}, error.get("input")
    key = str(path[-1]) if path else ""
    if kind == "missing":
        return f"required key '{key}' is missing", f"add '{key}:'"
    if kind == "extra_forbidden":
        hint = _suggest(key, _keys_at(model, path[:-1]))
        return f"unknown key '{key}'", hint or "remove it (see `cxgate schema` for the keys)"
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        hint = _suggest(str(given), allowed)
        return f"'{_cut(str(given))}' is not allowed", hint or f"use one of: {ctx.get('expected')}"
    if kind.endswith(("_parsing", "_type")):
        return f"expected {_expected(kind)}, got {_shown(given)}", f"write {_expected(kind)}"
    if kind in _BOUNDS:
        symbol, name = _BOUNDS[kind]
        return f"{_shown(given)} is out of range ({error['msg'].lower()})", _bound_fix(
            key, given, symbol, ctx.get(name)
        )
    if kind in {"too_long", "too_short", "string_too_short", "string_too_long"}:
        return error["msg"].lower(), "change the number of items or characters"
    return str(error["msg"]).removeprefix("Value error, "), "see `cxgate schema`"


def _shown(value: Any) -> str:
    """A value quoted in a message (its repr), cut short."""
    return _cut(repr(value))


def _cut(text: str) -> str:
    """At most ``_SHOWN`` characters: a message is no place for a file's content."""
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


_SHOWN = 60


def problems_from(
    exc: pydantic.ValidationError,
    doc: YamlDoc,
    data: Any,
    base: Path = (),
    model: type[BaseModel] | None = None,
) -> list[Problem]:
    """One Problem per pydantic error, located in ``doc`` under ``base``."""
    problems: list[Problem] = []
    for error in exc.errors():
        path = _data_path(data, error["loc"])
        message, fix = _describe(error, path, model)
        problems.append(doc.problem((*base, *path), message, fix, rule="schema"))
    return problems
