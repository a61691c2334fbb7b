"""What the flow commands read: the flow files, ``--vars``, and the bundle's ``policy.flows``.

Kept apart from the org-facing flow commands so ``flow check`` loads neither the HTTP client
nor (when no bundle is named or found) the bundle models.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from cxgate.bundle.config import BundleConfig
    from cxgate.flow.check.policy import FlowPolicy

__all__ = ["BundleOpt", "FlowFiles", "VarsOption", "config_of", "policy_of"]

CONFIG_FILE = "cxgate.yaml"  # cxgate.bundle.load's, without loading the bundle models

FlowFiles = Annotated[
    list[Path], typer.Argument(help="Archy YAML flow files.", exists=True, dir_okay=False)
]
VarsOption = Annotated[
    Path | None,
    typer.Option("--vars", help="YAML mapping of {{key}} substitution values.", exists=True),
]
BundleOpt = Annotated[
    Path | None,
    typer.Option(
        "--bundle", help="Bundle whose cxgate.yaml holds policy.flows (default: . if it has one)."
    ),
]


def policy_of(bundle: Path | None) -> FlowPolicy:
    """``policy.flows`` of the bundle named, or of ``.`` when it is a bundle; else defaults."""
    from cxgate.flow.check.policy import FlowPolicy

    config = config_of(bundle)
    return config.policy.flows if config is not None else FlowPolicy()


def config_of(bundle: Path | None) -> BundleConfig | None:
    """cxgate.yaml of the bundle named, or of ``.`` when it is a bundle (None otherwise);
    ValidationError when it has errors."""
    root = bundle if bundle is not None else Path(".")
    if bundle is None and not (root / CONFIG_FILE).is_file():
        return None
    from cxgate.bundle.load import load_config
    from cxgate.errors import ValidationError

    config, _, problems = load_config(root)
    errors = [p for p in problems if p.severity == "error"]
    if config is None or errors:
        raise ValidationError(errors or problems)
    return config
