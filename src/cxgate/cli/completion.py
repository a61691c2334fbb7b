"""``cxgate completion bash|zsh|fish``: the script that makes the shell complete cxgate.

The script calls ``cxgate`` back with ``_CXGATE_COMPLETE`` set; ``cxgate.cli.common.run_app``
answers those calls (command names come from the command table, so completing them imports
no command).
"""

from __future__ import annotations

import enum
from typing import Annotated

import typer
from typer._completion_shared import get_completion_script

__all__ = ["COMPLETE_VAR", "Shell", "completion"]

COMPLETE_VAR = "_CXGATE_COMPLETE"


class Shell(enum.StrEnum):
    """The shells cxgate completes in."""

    bash = "bash"
    zsh = "zsh"
    fish = "fish"


def completion(
    shell: Annotated[Shell, typer.Argument(help="bash, zsh or fish.")],
) -> None:
    """Print the shell completion script for bash, zsh or fish.

    bash: ``eval "$(cxgate completion bash)"`` in ~/.bashrc; zsh: the same with ``zsh`` in
    ~/.zshrc; fish: ``cxgate completion fish > ~/.config/fish/completions/cxgate.fish``.
    """
    typer.echo(get_completion_script(prog_name="cxgate", complete_var=COMPLETE_VAR, shell=shell))
