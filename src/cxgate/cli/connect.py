"""How a command reaches the org: ``--profile`` or the GENESYSCLOUD_* variables → a client.

Every command that talks to Genesys Cloud takes ``ProfileOpt`` (``cxgate.cli.options``) and
calls ``open_client``, so the settings rules (profiles file, env names CX as Code users know)
live in one place.
"""

from __future__ import annotations

from cxgate.client import GenesysClient
from cxgate.settings import Settings

__all__ = ["open_client"]


def open_client(profile: str | None = None) -> GenesysClient:
    """A client for the org the settings name; close it (or use ``with``) when done."""
    from cxgate.cli.metricsrun import observers  # the run's metrics, when collected

    return GenesysClient(Settings.load(profile), observers=observers())
