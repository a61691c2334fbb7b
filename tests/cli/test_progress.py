"""Reading progress on stderr: rows per listing with pages and time left; quiet off a TTY."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from typing import Any

from rich.console import Console

from cxgate.cli.progress import ReadProgress

QUEUE_ID = "0a1b2c3d-0000-4000-8000-123456789abc"


class PagedFake:
    """Answers listings in three pages, telling ``on_page`` like the real client does."""

    def __init__(self) -> None:
        self.pages: list[tuple[int, int]] = []
        self.calls: list[str] = []

    def get(self, path: str, *, params: Mapping[str, Any] | None = None) -> Any:
        self.calls.append(path)
        return {"id": "org"}

    def list_all(
        self,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        page_size: int | None = None,
        on_page: Callable[[int, int], None] | None = None,
    ) -> list[dict[str, Any]]:
        self.calls.append(path)
        for done in (1, 2, 3):
            if on_page is not None:
                on_page(done, 3)
                self.pages.append((done, 3))
        return [{"id": QUEUE_ID}, {"id": "q2"}]


def _console(terminal: bool) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=terminal, width=100), out


def test_a_terminal_gets_a_row_per_listing() -> None:
    """Pages are reported; the sub-collection row counts queues (its parent's size)."""
    client = PagedFake()
    console, out = _console(terminal=True)
    with ReadProgress(client, console) as progress:
        assert len(progress.list_all("/api/v2/routing/queues")) == 2
        progress.list_all(f"/api/v2/routing/queues/{QUEUE_ID}/wrapupcodes")
        assert progress.get("/api/v2/organizations/me") == {"id": "org"}
        tasks = {t.description.strip(): t for t in progress._progress.tasks}
    assert client.pages == [(1, 3), (2, 3), (3, 3)]
    assert tasks["routing/queues"].completed == 3
    assert tasks["routing/queues → wrapupcodes"].total == 2
    assert tasks["routing/queues → wrapupcodes"].completed == 1
    assert "routing/queues" in out.getvalue()


def test_quiet_or_no_terminal_draws_nothing() -> None:
    """Off a terminal (or with --quiet) the reader only passes calls through."""
    for terminal, quiet in ((False, False), (True, True)):
        client = PagedFake()
        console, out = _console(terminal)
        with ReadProgress(client, console, quiet=quiet) as progress:
            progress.list_all("/api/v2/routing/skills")
        assert client.pages == []
        assert client.calls == ["/api/v2/routing/skills"]
        assert out.getvalue() == ""
