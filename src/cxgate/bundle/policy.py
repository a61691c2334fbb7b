"""The ``policy:`` section of cxgate.yaml as data: thresholds, freeze windows, cooldowns, limits
and requirements. ``safety`` and ``plan`` read these; nothing here decides anything about a plan.

Freeze-window times are wall-clock in the policy's time zone (the Organization model carries
none, so cxgate.yaml names it); a weekly window whose ``to`` is before its ``from`` runs past
midnight into the next day.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BeforeValidator, Field, field_validator, model_validator

from cxgate.resource.base import BundleModel
from cxgate.resource.fields import parse_duration_ms

__all__ = [
    "CooldownPolicy",
    "FreezeWindow",
    "LimitSetting",
    "Policy",
    "Requirement",
    "ThresholdPolicy",
    "Thresholds",
    "Weekday",
]


def _seconds(value: Any) -> Any:
    """``"15m"`` → 900.0; plain numbers are seconds already."""
    parsed = parse_duration_ms(value)
    return parsed / 1000 if isinstance(parsed, int | float) and isinstance(value, str) else parsed


Seconds = Annotated[float, BeforeValidator(_seconds), Field(ge=0)]
Percent = Annotated[float, Field(ge=0, le=100)]


class Thresholds(BundleModel):
    """When a plan counts as too big to apply without ``--force``."""

    update_percent: Percent = 30.0
    delete_percent: Percent = 30.0
    min_existing: Annotated[int, Field(ge=0)] = 10


class ThresholdPolicy(Thresholds):
    """Overall thresholds plus per-kind overrides (``perKind: {queue: {deletePercent: 10}}``)."""

    per_kind: dict[str, Thresholds] = Field(default_factory=dict)

    def for_kind(self, kind: str) -> Thresholds:
        """The thresholds that apply to one kind."""
        return self.per_kind.get(kind, self)


class CooldownPolicy(BundleModel):
    """Minimum time between two changes of the same object (``perKind: {queue: 1h}``)."""

    default: Seconds = 0.0
    per_kind: dict[str, Seconds] = Field(default_factory=dict)

    def for_kind(self, kind: str) -> float:
        """Seconds that must pass between two changes of one object of ``kind``."""
        return self.per_kind.get(kind, self.default)


LimitSetting = Annotated[str, Field(pattern=r"^[\w.-]+/[\w.-]+$")] | Annotated[int, Field(ge=0)]


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


class Requirement(BundleModel):
    """A ``kind`` change (with ``field`` set, when given) needs a feature or a product."""

    kind: str
    field: str | None = None  # dotted path in the object, e.g. mediaSettings.callback
    feature: str | None = None
    product: str | None = None
    why: str = ""

    @model_validator(mode="after")
    def _one_need(self) -> Self:
        if (self.feature is None) == (self.product is None):
            raise ValueError("give exactly one of feature or product")
        return self

    @property
    def path(self) -> tuple[str, ...]:
        """The field as a path (empty: any change of the kind)."""
        return tuple(self.field.split(".")) if self.field else ()


class Policy(BundleModel):
    """``policy:`` in cxgate.yaml; every part has a safe default."""

    timezone: str = "UTC"
    thresholds: ThresholdPolicy = Field(default_factory=ThresholdPolicy)
    freeze: list[FreezeWindow] = Field(default_factory=list)
    cooldown: CooldownPolicy = Field(default_factory=CooldownPolicy)
    limits: dict[str, LimitSetting] = Field(
        default_factory=dict,
        description="Per kind: the org limit to check counts against (namespace/key) or a number.",
    )
    requirements: list[Requirement] = Field(
        default_factory=list,
        description="Features or products a kind (or a field of it) needs, beyond the built-in.",
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            message = f"unknown time zone '{value}' (use an IANA name like Europe/Paris)"
            raise ValueError(message) from None
        return value
