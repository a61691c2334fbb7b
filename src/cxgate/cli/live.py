"""How a command reaches its live side and its state store, from its options.

The live side is the org (through the client of ``--profile`` or the GENESYSCLOUD_*
variables, with a progress display while it is read), another bundle (``--against DIR``), or
nothing (``validate --offline``, or no org configured at all); the pipeline does the reading.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cxgate.bundle.desired import DesiredState
from cxgate.cli.common import err_console
from cxgate.pipeline.live import LiveSide, bundle_side, offline_side, read_org_side
from cxgate.state.store import StateStore, is_database_url, open_store

__all__ = ["live_side", "org_configured", "store_for"]

_SETTINGS_VARS = ("GENESYSCLOUD_OAUTHCLIENT_ID", "GENESYSCLOUD_API_URL", "GENESYSCLOUD_REGION")


def org_configured(profile: str | None) -> bool:
    """True when a profile or the GENESYSCLOUD_* variables name an org."""
    return profile is not None or any(os.environ.get(var) for var in _SETTINGS_VARS)


@contextmanager
def live_side(
    desired: DesiredState,
    *,
    against: Path | None,
    profile: str | None,
    offline: bool = False,
    quiet: bool = False,
) -> Iterator[LiveSide]:
    """The live side for validate/plan; the org's client stays open inside the block."""
    if against is not None:
        yield bundle_side(against, desired.env)
        return
    if offline or not org_configured(profile):
        yield offline_side(explain=not offline)
        return
    from cxgate.cli import connect  # the HTTP client: only when the org is read
    from cxgate.cli.progress import ReadProgress

    with connect.open_client(profile) as client:
        progress = ReadProgress(client, err_console, quiet=quiet)
        with progress:
            side = read_org_side(client, desired, progress)
        yield side


def store_for(location: str | None, desired: DesiredState | None = None) -> StateStore:
    """The state store of ``--state`` (see ``state_location``); a directory in cxgate.yaml's
    ``state:`` is relative to the bundle."""
    configured = desired.config.state if desired is not None else None
    if configured and not is_database_url(configured) and desired is not None:
        configured = str(desired.root / configured)
    return open_store(location, configured=configured)
