"""A queue's peak forecast and the gate that stops a change which would break its service level.

A queue in a bundle may carry::

    forecast:
      calls: 450        # peak calls per interval
      per: 30m
      aht: 240s
      patience: 120s    # optional: mean time callers wait before hanging up (Erlang A)
      agents: 20        # or "live": on-queue agents read from the org at validate time

``validate`` calls :func:`check_forecast` with the queue's own target from its media settings
(``mediaSettings.call.serviceLevel{percentage, durationMs}``, see genesys-api.md §4); an error
names the projected service level and the agents required. Pure: the caller resolves "live".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    field_validator,
    model_validator,
)

from cxgate.staffing.erlang import QueueMetrics
from cxgate.staffing.required import Target, required_agents
from cxgate.staffing.traffic import Traffic
from cxgate.staffing.units import format_duration, parse_duration

__all__ = ["Forecast", "GateResult", "check_forecast"]


class Forecast(BaseModel):
    """Peak traffic for one queue. Durations accept ``30m``, ``240s``, ``1h`` or seconds."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    calls: float = Field(ge=0, allow_inf_nan=False)
    per_seconds: float = Field(gt=0, validation_alias=AliasChoices("per", "per_seconds"))
    aht_seconds: float = Field(gt=0, validation_alias=AliasChoices("aht", "aht_seconds"))
    patience_seconds: float | None = Field(
        default=None, gt=0, validation_alias=AliasChoices("patience", "patience_seconds")
    )
    agents: Annotated[StrictInt, Field(ge=0)] | Literal["live"] = "live"

    @field_validator("per_seconds", "aht_seconds", "patience_seconds", mode="before")
    @classmethod
    def _duration(cls, value: object) -> object:
        if isinstance(value, str):
            return parse_duration(value)
        return value

    @model_validator(mode="after")
    def _projectable(self) -> Forecast:
        """Refuse a forecast the maths cannot project (a load past ``MAX_LOAD`` Erlangs),
        here, so it is a located bundle problem rather than an error half-way through."""
        self.traffic()
        return self

    def traffic(self) -> Traffic:
        """The traffic this forecast offers the queue."""
        return Traffic.from_volume(
            self.calls, self.per_seconds, self.aht_seconds, self.patience_seconds
        )


@dataclass(frozen=True, slots=True)
class GateResult:
    """The gate's verdict for one queue, with the numbers a reviewer needs."""

    ok: bool
    projected_sl: float
    required_agents: int
    agents: int
    message: str
    metrics: QueueMetrics


def check_forecast(
    forecast: Forecast,
    service_level_target: float,
    threshold_seconds: float,
    agents: int | None = None,
) -> GateResult:
    """Project ``forecast`` with ``agents`` (default: the forecast's own) against the target.

    ``service_level_target`` is a fraction (Genesys ``serviceLevel.percentage``, 0..1) and
    ``threshold_seconds`` its ``durationMs`` / 1000. Raises ValueError when no agent count is
    known (``agents: live`` and none given) or the target cannot be projected.
    """
    staffed = forecast.agents if agents is None else agents
    if staffed == "live":
        raise ValueError("the forecast says agents: live; pass the on-queue agent count")
    traffic = forecast.traffic()
    target = Target(service_level_target, threshold_seconds)
    metrics = traffic.metrics(staffed, threshold_seconds)
    required = required_agents(traffic, target)
    ok = target.met_by(metrics)
    return GateResult(
        ok,
        metrics.service_level,
        required,
        staffed,
        _message(ok, metrics, target, required),
        metrics,
    )


def _message(ok: bool, metrics: QueueMetrics, target: Target, required: int) -> str:
    goal = (
        f"the target {_percent(target.service_level or 0.0)} in {format_duration(target.threshold)}"
    )
    needs = f"needs {required} agent{'s' if required != 1 else ''}"
    if metrics.overloaded:
        return (
            f"{metrics.agents} agents cannot keep up with {metrics.load:.4g} Erlangs offered: "
            f"the queue grows without bound and misses {goal} ({needs})"
        )
    verdict = "meets" if ok else "misses"
    abandon = "" if metrics.abandon_rate is None else f", {_percent(metrics.abandon_rate)} abandon"
    return (
        f"projected service level {_percent(metrics.service_level)}{abandon} with {metrics.agents} "
        f"agents {verdict} {goal} ({needs}; offered load {metrics.load:.4g} Erlangs)"
    )


def _percent(fraction: float) -> str:
    return f"{100 * fraction:.1f}%"
