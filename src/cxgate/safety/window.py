"""Change-freeze windows: weekly (``days`` + ``from``/``to``) or one-off (``start``/``end``).

Times are wall-clock in the policy's time zone (the Organization model carries none, so
cxgate.yaml names it). A weekly window whose ``to`` is before its ``from`` runs past midnight
into the next day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Literal, Self
from zoneinfo import ZoneInfo

from pydantic import Field, model_validator

from cxgate.resource.base import BundleModel

__all__ = ["FreezeWindow", "Weekday", "active_windows"]

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_DAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class FreezeWindow(BundleModel):
    """One freeze window; ``environments`` empty means every environment."""

    name: str = Field(min_length=1)
    environments: list[str] = Field(default_factory=list)
    days: list[Weekday] = Field(default_factory=list)
    from_: dt.time | None = Field(default=None, alias="from")
    to: dt.time | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None

    @model_validator(mode="after")
    def _one_shape(self) -> Self:
        weekly = self.from_ is not None and self.to is not None
        once = self.start is not None and self.end is not None
        if weekly == once:
            raise ValueError("give either from/to (weekly, with days) or start/end (one-off)")
        if once and self.start is not None and self.end is not None and self.end <= self.start:
            raise ValueError("end must be after start")
        return self

    def applies_to(self, env: str | None) -> bool:
        """True when the window covers this environment."""
        return not self.environments or env in self.environments

    def is_active(self, local: dt.datetime) -> bool:
        """True when ``local`` (aware, in the policy's zone) falls inside the window."""
        if self.start is not None and self.end is not None:
            start, end = (_aware(t, local.tzinfo) for t in (self.start, self.end))
            return start <= local < end
        assert self.from_ is not None
        assert self.to is not None
        days = self.days or list(_DAYS)
        today, now = _DAYS[local.weekday()], local.time()
        if self.from_ <= self.to:
            return today in days and self.from_ <= now < self.to
        yesterday = _DAYS[(local.weekday() - 1) % 7]
        return (today in days and now >= self.from_) or (yesterday in days and now < self.to)


def _aware(moment: dt.datetime, zone: dt.tzinfo | None) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def active_windows(
    windows: Iterable[FreezeWindow], now: float, env: str | None, timezone: str
) -> Sequence[FreezeWindow]:
    """The windows in force at epoch second ``now`` for ``env``."""
    local = dt.datetime.fromtimestamp(now, tz=ZoneInfo(timezone))
    return [w for w in windows if w.applies_to(env) and w.is_active(local)]
