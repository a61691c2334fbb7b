"""Freeze windows: weekly, past midnight, one-off, per environment, in the policy's zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from cxgate.bundle.policy import FreezeWindow
from cxgate.safety.window import active_windows

WEEKDAYS = FreezeWindow.model_validate(
    {
        "name": "hours",
        "environments": ["prod"],
        "days": ["mon", "tue", "wed", "thu", "fri"],
        "from": "08:00",
        "to": "18:00",
    }
)
NIGHT = FreezeWindow.model_validate(
    {"name": "night", "days": ["fri"], "from": "22:00", "to": "06:00"}
)
ONCE = FreezeWindow.model_validate(
    {"name": "holiday", "start": "2025-12-24T00:00", "end": "2025-12-27T00:00"}
)


def _at(text: str, zone: str = "Europe/Paris") -> float:
    return dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone)).timestamp()


@pytest.mark.parametrize(
    ("when", "env", "active"),
    [
        ("2025-06-16T09:00", "prod", True),  # Monday
        ("2025-06-16T18:00", "prod", False),  # the end is exclusive
        ("2025-06-16T07:59", "prod", False),
        ("2025-06-21T10:00", "prod", False),  # Saturday
        ("2025-06-16T09:00", "dev", False),  # other environment
    ],
)
def test_weekly_window(when: str, env: str, active: bool) -> None:
    """Mon–Fri 08:00–18:00 in the org's zone, prod only."""
    assert bool(active_windows([WEEKDAYS], _at(when), env, "Europe/Paris")) is active


@pytest.mark.parametrize(
    ("when", "active"),
    [
        ("2025-06-20T23:00", True),
        ("2025-06-21T05:59", True),
        ("2025-06-21T06:00", False),
        ("2025-06-20T21:00", False),
        ("2025-06-22T01:00", False),
    ],
)
def test_window_past_midnight_belongs_to_its_start_day(when: str, active: bool) -> None:
    """Friday 22:00 → Saturday 06:00."""
    assert bool(active_windows([NIGHT], _at(when), None, "Europe/Paris")) is active


def test_one_off_window_and_time_zones() -> None:
    """Naive start/end are in the policy's zone; the same instant differs by zone."""
    inside = _at("2025-12-24T00:30", "Europe/Paris")
    assert active_windows([ONCE], inside, None, "Europe/Paris") == [ONCE]
    assert active_windows([ONCE], inside, None, "America/New_York") == []


@pytest.mark.parametrize(
    "data",
    [
        {"name": "x", "from": "08:00"},
        {"name": "x"},
        {
            "name": "x",
            "from": "08:00",
            "to": "09:00",
            "start": "2025-01-01T00:00",
            "end": "2025-01-02T00:00",
        },
        {"name": "x", "start": "2025-01-02T00:00", "end": "2025-01-01T00:00"},
    ],
)
def test_window_shape_is_checked(data: dict[str, str]) -> None:
    """Exactly one of from/to or start/end, and end after start."""
    with pytest.raises(ValueError, match=r"from/to|after start"):
        FreezeWindow.model_validate(data)
