"""Durations, targets and fractions as people type them."""

from __future__ import annotations

import pytest

from cxgate.staffing.units import (
    format_duration,
    parse_duration,
    parse_fraction,
    parse_service_level,
)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30m", 1800.0),
        ("240s", 240.0),
        ("1h", 3600.0),
        ("120", 120.0),
        ("1h30m", 5400.0),
        ("2.5s", 2.5),
        ("500ms", 0.5),
        (" 4 M ", 240.0),
        ("0", 0.0),
        (90, 90.0),
        (1.5, 1.5),
    ],
)
def test_durations(text: str | float, seconds: float) -> None:
    """Bare numbers are seconds; ms, s, m and h may be combined."""
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "30x", "m", "1h-5m", "-5", "abc", "1e400", True, -5.0])
def test_bad_durations_say_what_to_write(text: str) -> None:
    """Anything else is refused with examples of what works."""
    with pytest.raises(ValueError, match=r"e\.g\."):
        parse_duration(text)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("80/20", (0.8, 20.0)),
        ("80%/20s", (0.8, 20.0)),
        ("90/1m", (0.9, 60.0)),
        ("95.5/10", (0.955, 10.0)),
    ],
)
def test_service_levels(text: str, target: tuple[float, float]) -> None:
    """PERCENT/DURATION gives (fraction, seconds)."""
    assert parse_service_level(text) == pytest.approx(target)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("80", "PERCENT/SECONDS"),
        ("0.8/20", "not a fraction"),
        ("100/20", "below 100"),
        ("x/20", "must be a number"),
        ("80/soon", "not a duration"),
    ],
)
def test_bad_service_levels_say_what_to_write(text: str, message: str) -> None:
    """A malformed target names the part that is wrong."""
    with pytest.raises(ValueError, match=message):
        parse_service_level(text)


@pytest.mark.parametrize(
    ("text", "value"), [("0.05", 0.05), ("5%", 0.05), ("0", 0.0), ("100%", 1.0)]
)
def test_fractions(text: str, value: float) -> None:
    """Fractions are given as 0..1 or as a percentage."""
    assert parse_fraction(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["1.5", "-1%", "lots"])
def test_bad_fractions(text: str) -> None:
    """Outside 0..1, or not a number, is refused."""
    with pytest.raises(ValueError, match="0"):
        parse_fraction(text)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (20.0, "20s"),
        (240.0, "4m"),
        (5400.0, "1h30m"),
        (2.5, "2.5s"),
        (3600.0, "1h"),
        (61.5, "61.5s"),
    ],
)
def test_format_duration(seconds: float, text: str) -> None:
    """Whole minutes and hours are written with units; the rest in seconds."""
    assert format_duration(seconds) == text
