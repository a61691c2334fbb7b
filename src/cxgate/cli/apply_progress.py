"""A deployment's live progress on stderr: a bar per kind, the request rate, time left.

Off a terminal, or with ``--quiet``, nothing is drawn; each finished step still reaches
``on_result``'s log line at ``-v``.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Sequence
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from cxgate.apply.render import step_line
from cxgate.apply.steps import StepResult
from cxgate.client import GenesysClient
from cxgate.plan.change import Change

__all__ = ["ApplyProgress"]

log = logging.getLogger("cxgate.apply")


class ApplyProgress:
    """Counts per kind for ``changes``; ``update`` is the engine's ``on_result``."""

    def __init__(
        self,
        changes: Sequence[Change],
        client: GenesysClient,
        console: Console,
        *,
        quiet: bool = False,
    ) -> None:
        self.client = client
        self._start_calls = client.stats.calls
        self._progress = Progress(
            TextColumn("{task.description:<22}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            disable=quiet or not console.is_terminal,
        )
        totals = Counter(change.kind for change in changes)
        self._tasks: dict[str, TaskID] = {
            kind: self._progress.add_task(f"apply {kind}", total=total, rate="")
            for kind, total in sorted(totals.items())
        }
        self._lock = threading.Lock()

    def __enter__(self) -> ApplyProgress:
        self._progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._progress.stop()

    def update(self, result: StepResult) -> None:
        """One step ended (forward or undo)."""
        log.info("%s", step_line(result))
        task = self._tasks.get(result.step.change.kind)
        if task is None:
            return
        with self._lock:
            elapsed = self._progress.tasks[task].elapsed or 0.0
            calls = self.client.stats.calls - self._start_calls
            rate = f"{calls / elapsed:5.1f} req/s" if elapsed > 0 else ""
            self._progress.update(task, advance=1, rate=rate)
