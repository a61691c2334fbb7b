"""Draw service level and ASA against agents to a PNG (matplotlib, the optional ``plot`` extra).

matplotlib is imported only here and only when a plot is asked for, so the package and the CLI
start without it; a missing install is a ConfigError that says how to add it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cxgate.errors import ConfigError
from cxgate.staffing.erlang import QueueMetrics

__all__ = ["plot_counts", "write_plot"]

_INSTALL = "install the plot extra: pip install 'cxgate[plot]'"


def plot_counts(required: int, load: float, agents: int | None = None) -> list[int]:
    """Agent counts worth drawing: from below the load to well past the requirement."""
    width = max(5, math.ceil(2 * math.sqrt(load)))
    low = max(1, min(required, agents if agents is not None else required) - width)
    high = max(required, agents if agents is not None else required) + width
    return list(range(low, high + 1))


def _figure_class() -> Any:
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise ConfigError(f"--plot needs matplotlib: {_INSTALL}") from None
    return Figure


def write_plot(
    path: Path,
    rows: Sequence[QueueMetrics],
    *,
    target_sl: float | None,
    required: int,
    title: str,
) -> None:
    """Service level (left axis, %) and ASA (right axis, s) against agents, saved to ``path``."""
    figure = _figure_class()(figsize=(8, 4.5), layout="constrained")
    sl_axis = figure.subplots()
    agents = [row.agents for row in rows]
    sl_axis.plot(agents, [100 * row.service_level for row in rows], color="tab:blue")
    sl_axis.set(xlabel="agents on queue", ylabel="service level (%)", ylim=(0, 100), title=title)
    if target_sl is not None:
        sl_axis.axhline(100 * target_sl, color="tab:blue", linestyle=":", linewidth=1)
    sl_axis.axvline(required, color="grey", linestyle="--", linewidth=1)
    asa_axis = sl_axis.twinx()
    asa = [row.asa if math.isfinite(row.asa) else math.nan for row in rows]
    asa_axis.plot(agents, asa, color="tab:orange")
    asa_axis.set_ylabel("average speed of answer (s)")
    try:
        figure.savefig(path, dpi=100)
    except OSError as exc:
        raise ConfigError(f"cannot write the plot to {path}: {exc.strerror or exc}") from None
