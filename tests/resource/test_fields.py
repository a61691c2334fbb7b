"""YAML-friendly durations and percentages."""

from __future__ import annotations

from typing import Any

import pytest

from cxgate.resource.fields import parse_duration_ms, parse_percentage


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("20s", 20_000),
        ("500ms", 500),
        ("2m", 120_000),
        ("1h", 3_600_000),
        ("1.5s", 1500),
        (" 3 s ", 3000),
        (20_000, 20_000),
        ("soon", "soon"),
        ("20", "20"),
    ],
)
def test_durations(given: Any, expected: Any) -> None:
    """Units convert to ms; anything else passes through for the int check to judge."""
    assert parse_duration_ms(given) == expected


@pytest.mark.parametrize(
    ("given", "expected"), [("80%", 0.8), ("100%", 1.0), (0.8, 0.8), ("x%", "x%"), ("0.5", "0.5")]
)
def test_percentages(given: Any, expected: Any) -> None:
    """``80%`` is 0.8; the rest is left to the float check."""
    assert parse_percentage(given) == expected
