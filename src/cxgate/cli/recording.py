"""What every command shares for records: the root's metrics options and its recorder.

``--metrics-file PATH`` / ``--pushgateway URL`` (root options) make one ``Metrics`` for the
run; every client the run opens feeds it (``connect.open_client``), and it is written or
pushed when the command ends, whatever the outcome (a failed export is a warning, never the
command's failure). ``recorder_for`` gives a command the audit log and webhook endpoints of its
state store and bundle.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from cxgate.bundle.config import BundleConfig
from cxgate.bundle.desired import DesiredState
from cxgate.bundle.load import CONFIG_FILE, load_config
from cxgate.client import GenesysClient, ResponseObserver
from cxgate.errors import ConfigError, ValidationError
from cxgate.pipeline.live import LiveSide
from cxgate.records.metrics import Metrics
from cxgate.records.recorder import Recorder, open_recorder
from cxgate.staffing.units import parse_duration
from cxgate.state.store import StateStore

__all__ = [
    "bundle_config",
    "configure_metrics",
    "export_metrics",
    "observers",
    "parse_since",
    "reader_client",
    "recorder_for",
]

_DAYS = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*d\s*$", re.IGNORECASE)


class _Run:
    metrics: Metrics | None = None
    metrics_file: Path | None = None
    pushgateway: str | None = None


def configure_metrics(metrics_file: Path | None, pushgateway: str | None, operation: str) -> None:
    """Collect metrics for this run when either root option is given."""
    _Run.metrics_file, _Run.pushgateway = metrics_file, pushgateway
    _Run.metrics = Metrics(operation) if metrics_file or pushgateway else None


def observers() -> tuple[ResponseObserver, ...]:
    """The observers every client of the run gets (the metrics, when collected)."""
    return (_Run.metrics.observe,) if _Run.metrics is not None else ()


def export_metrics() -> None:
    """Write the textfile and push to the gateway (warnings, never a failure)."""
    metrics = _Run.metrics
    if metrics is None:
        return
    if _Run.metrics_file is not None:
        try:
            metrics.write_textfile(_Run.metrics_file)
        except OSError as exc:
            print(f"warning: --metrics-file {_Run.metrics_file}: {exc}", file=sys.stderr)
    if _Run.pushgateway:
        try:
            metrics.push(_Run.pushgateway)
        except OSError as exc:
            print(f"warning: --pushgateway {_Run.pushgateway}: {exc}", file=sys.stderr)


def bundle_config(bundle: Path | None) -> BundleConfig | None:
    """cxgate.yaml of ``bundle``, or of ``.`` when it is a bundle (None otherwise)."""
    root = bundle if bundle is not None else Path(".")
    if bundle is None and not (root / CONFIG_FILE).is_file():
        return None
    config, _, problems = load_config(root)
    errors = [p for p in problems if p.severity == "error"]
    if config is None or errors:
        raise ValidationError(errors or problems)
    return config


def recorder_for(
    store: StateStore,
    *,
    desired: DesiredState | None = None,
    config: BundleConfig | None = None,
    client: GenesysClient | None = None,
    org: str | None = None,
) -> Recorder:
    """The command's recorder: audit log beside the store, the bundle's webhooks, and a
    redactor that knows the client secret."""
    chosen = desired.config if desired is not None else config
    secrets: tuple[str | None, ...] = ()
    client_id = ""
    if client is not None:
        client_id = client.settings.client_id
        secrets = (client.settings.client_secret.get_secret_value(),)
    return open_recorder(
        store,
        config=chosen,
        client_id=client_id,
        secrets=secrets,
        env=desired.env if desired is not None else None,
        org=org,
        metrics=_Run.metrics,
    )


def reader_client(side: LiveSide) -> GenesysClient | None:
    """The client behind a live side (None offline or against another bundle)."""
    return side.reader if isinstance(side.reader, GenesysClient) else None


def parse_since(text: str, option: str = "--since") -> float:
    """Seconds in ``30d``, ``12h``, ``90m``…; ConfigError naming the option otherwise."""
    days = _DAYS.match(text)
    if days:
        return float(days.group(1)) * 86_400
    try:
        return parse_duration(text)
    except ValueError as exc:
        raise ConfigError(f"{option}: {exc} (or days: 30d)") from None
