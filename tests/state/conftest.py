"""The ``store`` fixture: every contract test runs against each backend.

Backends are listed in ``BACKENDS``; each entry opens a fresh, empty store on a FakeClock.
The PostgreSQL backend joins the list once it exists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cxgate.clock import FakeClock
from cxgate.state.sqlite import SqliteStore
from cxgate.state.store import StateStore

Opener = Callable[[Path, FakeClock], StateStore]


def _sqlite(tmp_path: Path, clock: FakeClock) -> StateStore:
    return SqliteStore.open(tmp_path / "sqlite", clock)


BACKENDS: dict[str, Opener] = {"sqlite": _sqlite}


@pytest.fixture
def clock() -> FakeClock:
    """Store timestamps come from here."""
    return FakeClock(start=1_000.0)


@pytest.fixture(params=sorted(BACKENDS))
def store(request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock) -> Iterator[StateStore]:
    """A fresh store of each backend."""
    opened = BACKENDS[request.param](tmp_path, clock)
    with opened:
        yield opened
