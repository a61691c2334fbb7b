"""The run's metrics: ``--metrics-file`` / ``--pushgateway`` (root options), kept light.

Only when either option is given is a ``Metrics`` made (and prometheus-client loaded); every
client the run opens feeds it (``connect.open_client`` asks ``observers``), the deployment
hooks count steps and deployments into it, and it is written or pushed when the command ends,
whatever the outcome (a failed export is a warning, never the command's failure).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cxgate.client import ResponseObserver
    from cxgate.records.metrics import Metrics

__all__ = ["configure", "current", "export", "observers"]


class _Run:
    metrics: Metrics | None = None
    metrics_file: Path | None = None
    pushgateway: str | None = None


def configure(metrics_file: Path | None, pushgateway: str | None, operation: str) -> None:
    """Collect metrics for this run (the command's name is their ``operation`` label)."""
    from cxgate.records.metrics import Metrics

    _Run.metrics_file, _Run.pushgateway = metrics_file, pushgateway
    _Run.metrics = Metrics(operation)


def current() -> Metrics | None:
    """The run's metrics, when collected."""
    return _Run.metrics


def observers() -> tuple[ResponseObserver, ...]:
    """The observers every client of the run gets (the metrics, when collected)."""
    return (_Run.metrics.observe,) if _Run.metrics is not None else ()


def export() -> None:
    """Write the textfile and push to the gateway (warnings, never a failure)."""
    metrics = _Run.metrics
    if metrics is None:
        return
    if _Run.metrics_file is not None:
        try:
            metrics.write_textfile(_Run.metrics_file)
        except OSError as exc:
            sys.stderr.write(f"warning: --metrics-file {_Run.metrics_file}: {exc}\n")
    if _Run.pushgateway:
        try:
            metrics.push(_Run.pushgateway)
        except OSError as exc:
            sys.stderr.write(f"warning: --pushgateway {_Run.pushgateway}: {exc}\n")
