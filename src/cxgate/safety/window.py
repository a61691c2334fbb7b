"""Which change-freeze windows are in force now (the windows themselves are in cxgate.yaml).

Times are wall-clock in the policy's time zone (the Organization model carries none, so
cxgate.yaml names it). A weekly window whose ``to`` is before its ``from`` runs past midnight
into the next day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo

from cxgate.bundle.policy import FreezeWindow

__all__ = ["active_windows"]


def active_windows(
    windows: Iterable[FreezeWindow], now: float, env: str | None, timezone: str
) -> Sequence[FreezeWindow]:
    """The windows in force at epoch second ``now`` for ``env``."""
    local = dt.datetime.fromtimestamp(now, tz=ZoneInfo(timezone))
    return [w for w in windows if w.applies_to(env) and w.is_active(local)]
