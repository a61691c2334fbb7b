"""The small condition evaluator: what it decides, and where it refuses to guess."""

from __future__ import annotations

import pytest

from cxgate.flow.trace.expr import evaluate, to_bool

VARS = {"Task.input": "1", "Flow.vip": True, "Task.n": 3, "Flow.name": "Ann", "Flow.empty": ""}


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ('Task.input == "1"', True),
        ('Task.input=="2"', False),
        ('Task.input != "2"', True),
        ("Flow.vip", True),
        ("!Flow.vip", False),
        ("not Flow.vip", False),
        ("Task.n > 2", True),
        ("Task.n <= 2", False),
        ("Task.n >= 3 AND Flow.vip", True),
        ("Task.n > 5 or Flow.vip", True),
        ("Task.n > 5 or Flow.missing", None),
        ("Task.n > 1 or Flow.missing", True),
        ("Task.n > 5 and Flow.missing", False),
        ("IsNotSetOrEmpty(Flow.empty)", True),
        ("IsNotSetOrEmpty(Flow.name)", False),
        ("IsSet(Flow.missing)", False),
        ("Task.n == 3", True),
        ('Task.n == "3"', True),
        ("Flow.name > 1", None),
        ("Flow.missing == 1", None),
        ("ToInt(Task.input) == 1", None),
        ('Flow.name == "a or b"', None),
        ("", None),
        ("1.5 < 2", True),
        ("true", True),
    ],
)
def test_evaluate(expression: str, value: object) -> None:
    """Comparisons, and/or/not and IsSet work; anything else answers None (unknown)."""
    assert evaluate(expression, VARS) == value


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, True), ("FALSE", False), ("true", True), ("yes", None), (1, None), (None, None)],
)
def test_to_bool(value: object, expected: bool | None) -> None:
    """Only booleans and the words true/false count as decisions."""
    assert to_bool(value) == expected  # type: ignore[arg-type]
