"""What every command that records shares: its recorder, the bundle's config, ``--since``.

``recorder_for`` gives a command the audit log beside its state store, the webhook endpoints of
its bundle, the run's metrics (``metricsrun``) and a redactor that knows the client secret.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cxgate.bundle.config import BundleConfig
from cxgate.bundle.desired import DesiredState
from cxgate.cli import metricsrun
from cxgate.cli.flow_inputs import CONFIG_FILE, config_of
from cxgate.errors import ConfigError, ValidationError
from cxgate.pipeline.live import LiveSide
from cxgate.records.recorder import Recorder, open_recorder
from cxgate.staffing.units import parse_duration
from cxgate.state.store import StateStore

if TYPE_CHECKING:  # offline commands never load the HTTP client
    from cxgate.client import GenesysClient
    from cxgate.state.records import DeploymentRecord

__all__ = [
    "HooksBundleOpt",
    "bundle_config",
    "config_for_deployments",
    "parse_since",
    "reader_client",
    "recorder_for",
]

HooksBundleOpt = Annotated[
    Path | None,
    typer.Option("--bundle", help="The bundle whose cxgate.yaml names the webhooks (default: .)."),
]
_DAYS = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*d\s*$", re.IGNORECASE)


def bundle_config(bundle: Path | None) -> BundleConfig | None:
    """cxgate.yaml of ``bundle``, or of ``.`` when it is a bundle (None otherwise)."""
    return config_of(bundle)


def config_for_deployments(records: Iterable[DeploymentRecord]) -> BundleConfig | None:
    """cxgate.yaml of ``.`` when it is a bundle, else of the bundle a deployment was applied
    from (when it is still there): its webhooks hear how a resumed or rolled-back deployment
    ends, wherever the command runs."""
    found = bundle_config(None)
    for record in records:
        if found is not None:
            break
        path = Path(record.bundle) if record.bundle else None
        if path is not None and (path / CONFIG_FILE).is_file():
            with contextlib.suppress(ValidationError):
                found = bundle_config(path)
    return found


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
        metrics=metricsrun.current(),
    )


def reader_client(side: LiveSide) -> GenesysClient | None:
    """The client behind a live side (None offline or against another bundle)."""
    if side.reader is None:
        return None
    from cxgate.client import GenesysClient

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
