"""Commands registered by name and imported only when they run.

A command's module pulls in what the command needs (the HTTP client, the pydantic models, the
plan engine); importing every one of them to print ``--help`` or to run ``flow check`` made
each start take over half a second. The command table (``cxgate.cli.main.COMMANDS``) maps each
name to ``"module:attr"`` and a one-line summary: help screens and shell completion of names
read the summary, and the module is imported when the command itself is resolved to run.

``attr`` is a command function (typer builds the command from its signature), a
``typer.Typer`` (a group with its own commands) or a click command. A ``Group`` entry is a
group whose commands are themselves lazy.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import typer
from typer.core import TyperGroup

__all__ = ["Command", "Group", "LazyGroup", "Table", "load", "summary"]


@dataclass(frozen=True)
class Command:
    """One command: where it lives (``"module:attr"``) and its one-line summary."""

    target: str
    help: str


@dataclass(frozen=True)
class Group:
    """A command group whose own commands are lazy too."""

    help: str
    commands: Table = field(default_factory=dict)


Table = Mapping[str, "Command | Group"]


def load(name: str, entry: Command | Group) -> Any:
    """The click command of one table entry (imports its module for a ``Command``)."""
    if isinstance(entry, Group):
        return LazyGroup(name=name, table=entry.commands, help=entry.help, no_args_is_help=True)
    module, _, attr = entry.target.partition(":")
    obj = getattr(importlib.import_module(module), attr)
    if isinstance(obj, typer.Typer):
        command = typer.main.get_command(obj)
    elif callable(obj) and not hasattr(obj, "make_context"):
        single = typer.Typer()
        single.command(name, help=obj.__doc__)(obj)
        command = typer.main.get_command(single)
    else:
        command = obj
    command.name = name
    return command


def summary(name: str, entry: Command | Group) -> Any:
    """A stand-in that shows ``entry``'s summary in a list of commands, importing nothing."""
    return typer.core.TyperCommand(name, help=entry.help, short_help=entry.help)


class LazyGroup(TyperGroup):
    """A typer group whose commands come from a table and are imported when resolved."""

    def __init__(self, *args: Any, table: Table | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.table: Table = dict(table or self.default_table())
        self._listing = False

    def default_table(self) -> Table:
        """The table of a group typer builds itself (the root); see ``with_table``."""
        return {}

    @classmethod
    def with_table(cls, table: Table) -> type[LazyGroup]:
        """A subclass holding ``table``, for ``typer.Typer(cls=...)`` (typer builds the group)."""
        return type("RootGroup", (cls,), {"default_table": lambda self: table})

    def list_commands(self, ctx: Any) -> list[str]:
        """The table's commands in its order, then any added directly."""
        return [*self.table, *(name for name in self.commands if name not in self.table)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command itself; while a list of commands is shown, only its summary."""
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        entry = self.table.get(cmd_name)
        if entry is None:
            return None
        if self._listing:
            return summary(cmd_name, entry)
        command = load(cmd_name, entry)
        self.commands[cmd_name] = command
        return command

    @contextmanager
    def listing(self) -> Iterator[None]:
        """Within the block, ``get_command`` gives summaries instead of importing commands."""
        self._listing = True
        try:
            yield
        finally:
            self._listing = False

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """Help of this group: its commands shown from their summaries."""
        with self.listing():
            super().format_help(ctx, formatter)

    def shell_complete(self, ctx: Any, incomplete: str) -> Any:
        """Completing a command name needs only the names and their summaries."""
        with self.listing():
            return super().shell_complete(ctx, incomplete)
