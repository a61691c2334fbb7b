"""The ``store`` fixture: every contract test runs against each backend.

Backends are listed in ``BACKENDS``; each entry opens a fresh, empty store on a FakeClock.
PostgreSQL gets a new database on the session's throwaway server (``pg_server`` in
tests/conftest.py), or skips where no server binaries exist.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cxgate.clock import FakeClock
from cxgate.state.postgres import PostgresStore
from cxgate.state.sqlite import SqliteStore
from cxgate.state.store import StateStore

Opener = Callable[[pytest.FixtureRequest, Path, FakeClock], StateStore]


def _sqlite(request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock) -> StateStore:
    return SqliteStore.open(tmp_path / "sqlite", clock)


def _postgres(request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock) -> StateStore:
    return PostgresStore.connect(request.getfixturevalue("pg_url"), clock)


BACKENDS: dict[str, Opener] = {"sqlite": _sqlite, "postgres": _postgres}


@pytest.fixture
def clock() -> FakeClock:
    """Store timestamps come from here."""
    return FakeClock(start=1_000.0)


@pytest.fixture(params=sorted(BACKENDS))
def store(request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock) -> Iterator[StateStore]:
    """A fresh store of each backend."""
    opened = BACKENDS[request.param](request, tmp_path, clock)
    with opened:
        yield opened
