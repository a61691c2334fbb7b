"""The traffic a queue is offered: arrival rate, handle time and (optionally) patience."""

from __future__ import annotations

import math
from dataclasses import dataclass

from cxgate.staffing.erlang import MAX_LOAD, QueueMetrics, erlang_c_metrics
from cxgate.staffing.erlang_a import erlang_a_metrics

__all__ = ["Traffic"]


@dataclass(frozen=True, slots=True)
class Traffic:
    """Calls per second, mean handle time (s) and mean patience (s, None = never abandon).

    With a patience the queue is projected with Erlang A (callers abandon), without one with
    Erlang C (callers wait for ever), which overstates the waits of a real queue at peak.
    """

    arrival_rate: float
    aht: float
    patience: float | None = None

    def __post_init__(self) -> None:
        if not math.isfinite(self.arrival_rate) or self.arrival_rate < 0:
            raise ValueError(f"call volume must be a number ≥ 0, got {self.arrival_rate!r}")
        if not math.isfinite(self.aht) or self.aht <= 0:
            raise ValueError(f"average handle time must be > 0 s, got {self.aht!r}")
        if self.patience is not None and not (math.isfinite(self.patience) and self.patience > 0):
            raise ValueError(f"mean patience must be > 0 s, got {self.patience!r}")
        if self.load > MAX_LOAD:
            raise ValueError(
                f"offered load {self.load:g} Erlangs (calls per second × AHT) is above the "
                f"supported {MAX_LOAD:g}"
            )

    @classmethod
    def from_volume(
        cls, calls: float, per_seconds: float, aht: float, patience: float | None = None
    ) -> Traffic:
        """``calls`` arriving every ``per_seconds`` (e.g. 450 per 1800 s at peak)."""
        if not math.isfinite(per_seconds) or per_seconds <= 0:
            raise ValueError(f"the interval must be > 0 s, got {per_seconds!r}")
        return cls(calls / per_seconds, aht, patience)

    @property
    def load(self) -> float:
        """Offered load in Erlangs: arrival rate × mean handle time."""
        return self.arrival_rate * self.aht

    def metrics(self, agents: int, threshold: float) -> QueueMetrics:
        """What ``agents`` agents achieve: Erlang A with a patience, Erlang C without."""
        if self.patience is None:
            return erlang_c_metrics(agents, self.load, self.aht, threshold)
        return erlang_a_metrics(agents, self.load, self.aht, self.patience, threshold)
