"""A queue's call service-level target, and a forecast projected against it.

The target comes from ``mediaSettings.call.serviceLevel`` of the bundle's queue, else the
org's (a field left out is not managed, so the org's value is the one that stays).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cxgate.staffing.forecast import Forecast, GateResult, check_forecast

__all__ = ["CallTarget", "call_target", "project_queue"]


@dataclass(frozen=True, slots=True)
class CallTarget:
    """A call service-level target: ``percentage`` (0..1) answered within ``seconds``."""

    percentage: float
    seconds: float

    def __str__(self) -> str:
        return f"{self.percentage:.0%} in {self.seconds:g}s"


def call_target(*bodies: Mapping[str, Any] | None) -> CallTarget | None:
    """The call target from the first body that sets each part (bundle first, then org)."""
    parts: dict[str, Any] = {}
    for body in bodies:
        level = ((body or {}).get("mediaSettings") or {}).get("call") or {}
        for key, value in (level.get("serviceLevel") or {}).items():
            if value is not None:
                parts.setdefault(key, value)
    if "percentage" not in parts or "durationMs" not in parts:
        return None
    return CallTarget(float(parts["percentage"]), float(parts["durationMs"]) / 1000)


def project_queue(forecast: Forecast, target: CallTarget, agents: int) -> GateResult:
    """The forecast's projection with ``agents`` against ``target``."""
    return check_forecast(forecast, target.percentage, target.seconds, agents)
