"""Progress of reading the org, on stderr: one row per listing, pages done, time left.

``ReadProgress`` wraps the client as an ``ApiReader``. Each listing becomes a row whose total
is its page count, known once its first page is in (the client reports every page through
``list_all(on_page=...)``); a per-object sub-collection (a queue's wrap-up codes) shares one
row whose total is the parent listing's size. Off a terminal, or with ``--quiet``, nothing is
drawn and the reader passes calls straight through.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, Protocol

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

from cxgate.client import path_template

__all__ = ["PagingClient", "ReadProgress"]


class PagingClient(Protocol):
    """The client calls progress needs (``GenesysClient`` has them)."""

    def get(self, path: str, *, params: Mapping[str, Any] | None = None) -> Any:
        """GET one resource."""
        ...

    def list_all(
        self,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        page_size: int | None = None,
        on_page: Callable[[int, int], None] | None = None,
    ) -> list[dict[str, Any]]:
        """Every entity of a listing, telling ``on_page`` after each page."""
        ...


def _label(template: str) -> str:
    return template.removeprefix("/api/v2/").replace("/{id}/", " → ")


class ReadProgress:
    """An ``ApiReader`` over ``client`` that draws progress; use as a context manager."""

    def __init__(self, client: PagingClient, console: Console, *, quiet: bool = False) -> None:
        self.client = client
        self.enabled = not quiet and console.is_terminal
        self._progress = Progress(
            TextColumn("{task.description:<34}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            disable=not self.enabled,
        )
        self._tasks: dict[str, TaskID] = {}
        self._sizes: dict[str, int] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> ReadProgress:
        self._progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._progress.stop()

    def get(self, path: str, *, params: Mapping[str, Any] | None = None) -> Any:
        """A plain GET (one call, not drawn)."""
        return self.client.get(path, params=params)

    def list_all(
        self,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        page_size: int | None = None,
    ) -> list[dict[str, Any]]:
        """The listing, its pages counted on its row."""
        if not self.enabled:
            return self.client.list_all(path, params, page_size=page_size)
        template = path_template(path)
        if "{id}" in template:
            return self._sub_collection(template, path, params, page_size)
        task = self._task(template, None)
        found = self.client.list_all(
            path,
            params,
            page_size=page_size,
            on_page=lambda done, total: self._progress.update(task, completed=done, total=total),
        )
        with self._lock:
            self._sizes[template] = len(found)
        return found

    def _sub_collection(
        self, template: str, path: str, params: Mapping[str, Any] | None, size: int | None
    ) -> list[dict[str, Any]]:
        parent = template.split("/{id}/", 1)[0]
        task = self._task(template, self._sizes.get(parent))
        found = self.client.list_all(path, params, page_size=size)
        self._progress.advance(task)
        return found

    def _task(self, template: str, total: int | None) -> TaskID:
        with self._lock:
            if template not in self._tasks:
                self._tasks[template] = self._progress.add_task(_label(template), total=total)
            return self._tasks[template]
