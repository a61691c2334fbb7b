"""How a command reaches the org: ``--profile`` or the GENESYSCLOUD_* variables → a client.

Every command that talks to Genesys Cloud takes ``ProfileOpt`` and calls ``open_client``, so
the settings rules (profiles file, env names CX as Code users know) live in one place.
"""

from __future__ import annotations

from typing import Annotated

import typer

from cxgate.client import GenesysClient
from cxgate.settings import Settings

__all__ = ["ProfileOpt", "open_client"]

ProfileOpt = Annotated[
    str | None,
    typer.Option(
        "--profile",
        envvar="CXGATE_PROFILE",
        help="Named profile from the profiles file; default: the GENESYSCLOUD_* variables.",
        show_envvar=True,
    ),
]


def open_client(profile: str | None = None) -> GenesysClient:
    """A client for the org the settings name; close it (or use ``with``) when done."""
    from cxgate.cli.recording import observers  # the run's metrics, when collected

    return GenesysClient(Settings.load(profile), observers=observers())
