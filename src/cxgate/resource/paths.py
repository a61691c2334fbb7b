"""Patterns over nested bodies: ``("bullseye", "rings", "*", "actions", "skillsToRemove", "*")``.

Kinds declare where their by-name references sit once, as patterns; reading (id → name),
writing (name → id) and validation (does the name exist?) all walk the same declaration.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any, get_args, get_origin

from pydantic import BaseModel

__all__ = ["ANY", "Pattern", "restrict_to_model", "transform_at", "values_at"]

ANY = "*"
Pattern = tuple[str, ...]
Path = tuple[str | int, ...]


def values_at(data: Any, pattern: Pattern, prefix: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every (concrete path, value) matching ``pattern`` (``*`` = any list item or key)."""
    if not pattern:
        if data is not None:
            yield prefix, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == ANY and isinstance(data, list):
        for index, item in enumerate(data):
            yield from values_at(item, rest, (*prefix, index))
    elif head == ANY and isinstance(data, dict):
        for key, item in data.items():
            yield from values_at(item, rest, (*prefix, key))
    elif head != ANY and isinstance(data, dict) and head in data:
        yield from values_at(data[head], rest, (*prefix, head))


def transform_at(data: Any, pattern: Pattern, fn: Callable[[Any], Any]) -> Any:
    """A copy of ``data`` with ``fn`` applied to each value matching ``pattern``."""
    if not pattern:
        return None if data is None else fn(data)
    head, rest = pattern[0], pattern[1:]
    if head == ANY and isinstance(data, list):
        return [transform_at(item, rest, fn) for item in data]
    if head == ANY and isinstance(data, dict):
        return {key: transform_at(item, rest, fn) for key, item in data.items()}
    if head != ANY and isinstance(data, dict) and head in data:
        return {**data, head: transform_at(data[head], rest, fn)}
    return data


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The BaseModel inside ``X | None``, ``list[X]``, ``Annotated[X, ...]``; else None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _is_list(annotation: Any) -> bool:
    if get_origin(annotation) is list:
        return True
    return any(_is_list(arg) for arg in get_args(annotation))


@functools.cache
def _fields(model: type[BaseModel]) -> tuple[tuple[str, type[BaseModel] | None, bool], ...]:
    """(JSON key, nested model, is a list) per field: worked out once per model."""
    return tuple(
        (info.alias or name, _model_in(info.annotation), _is_list(info.annotation))
        for name, info in model.model_fields.items()
    )


def restrict_to_model(data: Any, model: type[BaseModel]) -> Any:
    """Keep only the keys ``model`` declares (by alias), recursively: API bodies carry more."""
    if not isinstance(data, dict):
        return data
    kept: dict[str, Any] = {}
    for key, inner, is_list in _fields(model):
        if key not in data:
            continue
        value = data[key]
        if inner is not None and is_list and isinstance(value, list):
            kept[key] = [restrict_to_model(item, inner) for item in value]
        elif inner is not None:
            kept[key] = restrict_to_model(value, inner)
        else:
            kept[key] = value
    return kept
