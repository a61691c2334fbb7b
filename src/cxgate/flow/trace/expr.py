"""A deliberately small evaluator for the simplest Architect conditions, so traces follow data.

cxgate does not evaluate Architect's expression language (GRAMMAR.md §8). But many decisions
are plain comparisons — ``Task.input == "1"``, ``Flow.isVip``, ``IsNotSetOrEmpty(Flow.x)`` — and
a scenario that sets those variables should see the flow take the matching branch. Anything
beyond comparisons joined by and/or answers None: the scenario pins the outcome instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

__all__ = ["Value", "evaluate", "to_bool"]

Value = str | int | float | bool

_OR = re.compile(r"\s+or\s+", re.IGNORECASE)
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_COMPARE = re.compile(r"^(.+?)\s*(==|!=|<=|>=|<|>)\s*(.+)$")
_VARIABLE = re.compile(r"^[A-Za-z]+\.[A-Za-z0-9_.]+$")
_CALL = re.compile(r"^(IsSet|IsNotSetOrEmpty)\(\s*([A-Za-z]+\.[A-Za-z0-9_.]+)\s*\)$")
_STRING = re.compile(r'^"((?:[^"\\]|\\.)*)"$')
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def evaluate(expression: str, variables: Mapping[str, Value]) -> Value | None:
    """The expression's value, or None when it is beyond this evaluator or names unset data."""
    text = expression.strip()
    if not text or "(" in _strip_calls(text):
        return None
    alternatives = _OR.split(text)
    if any(part.count('"') % 2 for part in alternatives + _AND.split(text)):
        return None  # `and`/`or` inside a string literal: beyond this evaluator
    if len(alternatives) > 1:
        return _combine([evaluate(part, variables) for part in alternatives], any)
    conjuncts = _AND.split(text)
    if len(conjuncts) > 1:
        return _combine([evaluate(part, variables) for part in conjuncts], all)
    return _atom(text, variables)


def to_bool(value: Value | None) -> bool | None:
    """Architect truthiness for a decision: booleans, and the strings true/false."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def _strip_calls(text: str) -> str:
    return re.sub(r"\b(IsSet|IsNotSetOrEmpty)\([^()]*\)", "x", text)


def _combine(values: list[Value | None], how: Callable[[Iterable[bool]], bool]) -> Value | None:
    """Three-valued and/or: one true settles `or`, one false settles `and`, else unknown."""
    bools = [to_bool(v) for v in values]
    decisive = how is any
    if decisive in bools:
        return decisive
    if None in bools:
        return None
    return how(b for b in bools if b is not None)


def _atom(text: str, variables: Mapping[str, Value]) -> Value | None:
    negate = text.startswith("!")
    if negate or text.lower().startswith("not "):
        inner = to_bool(_atom(text[1:] if negate else text[4:], variables))
        return None if inner is None else not inner
    call = _CALL.match(text)
    if call:
        value = variables.get(call.group(2))
        is_set = value is not None and value != ""
        return is_set if call.group(1) == "IsSet" else not is_set
    compare = _COMPARE.match(text)
    if compare:
        left, op, right = compare.groups()
        return _compare(_operand(left, variables), op, _operand(right, variables))
    return _operand(text, variables)


def _operand(text: str, variables: Mapping[str, Value]) -> Value | None:
    text = text.strip()
    string = _STRING.match(text)
    if string:
        return string.group(1).replace('\\"', '"')
    if _NUMBER.match(text):
        return float(text) if "." in text else int(text)
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    if _VARIABLE.match(text):
        return variables.get(text)
    return None


def _compare(left: Value | None, op: str, right: Value | None) -> bool | None:
    if left is None or right is None:
        return None
    if op in ("==", "!="):
        equal = str(left) == str(right) if type(left) is not type(right) else left == right
        return equal if op == "==" else not equal
    try:
        a, b = float(left), float(right)
    except (TypeError, ValueError):
        return None
    return {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]
