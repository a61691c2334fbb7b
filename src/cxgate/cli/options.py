"""The options every command shares, declared once so each means the same everywhere.

``-o/--output`` on every command that prints a result, ``--profile`` on every command that
reaches the org, ``--quiet`` where a progress display can show, ``--state-dir`` (alias
``--state``) where the state store is read, ``--env`` where a bundle is loaded. ``-v/-vv``
belongs to the root command. This module imports only typer: a command that declares its
options here pays nothing for what other commands need.
"""

from __future__ import annotations

import enum
from typing import Annotated

import typer

__all__ = [
    "EnvOpt",
    "OutputFormat",
    "OutputOpt",
    "ProfileOpt",
    "QuietOpt",
    "RebuildDepsOpt",
    "ReportFormat",
    "ReportOpt",
    "StateDirOpt",
    "VerboseOpt",
]


class OutputFormat(enum.StrEnum):
    """``--output``: text for people, json for programs, markdown for pull-request comments."""

    text = "text"
    json = "json"
    markdown = "markdown"


class ReportFormat(enum.StrEnum):
    """``--output`` of the checking commands: also SARIF 2.1.0 for code-scanning viewers."""

    text = "text"
    json = "json"
    markdown = "markdown"
    sarif = "sarif"


OutputOpt = Annotated[
    OutputFormat,
    typer.Option("--output", "-o", help="text for people, json for programs, markdown for PRs."),
]
ReportOpt = Annotated[
    ReportFormat,
    typer.Option(
        "--output",
        "-o",
        help="text, json, markdown, or sarif (SARIF 2.1.0 for code scanning annotations).",
    ),
]
EnvOpt = Annotated[str | None, typer.Option("--env", help="Environment from cxgate.yaml.")]
ProfileOpt = Annotated[
    str | None,
    typer.Option(
        "--profile",
        envvar="CXGATE_PROFILE",
        help="Named profile from the profiles file; default: the GENESYSCLOUD_* variables.",
        show_envvar=True,
    ),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress display while reading the org.")
]
RebuildDepsOpt = Annotated[
    bool,
    typer.Option(
        "--rebuild-dependencies",
        help="Rebuild Architect's dependency index and wait before reading it (when it lags).",
    ),
]
StateDirOpt = Annotated[
    str | None,
    typer.Option(
        "--state",
        "--state-dir",
        help="The state: a directory (default .cxgate/) or a postgresql:// URL shared by a team "
        "(else $CXGATE_STATE_URL, state: in cxgate.yaml, $CXGATE_STATE_DIR).",
    ),
]
VerboseOpt = Annotated[
    int,
    typer.Option("--verbose", "-v", count=True, help="-v: retries and progress; -vv: HTTP detail."),
]
