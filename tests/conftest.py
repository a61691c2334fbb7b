"""Suite-wide settings: deterministic property tests, no deadlines on a noisy 2-core CI box,
retries that never wait for real.

Area fixtures live in each area's own conftest (tests/client/, tests/emulator/, ...); the
throwaway PostgreSQL server lives here, since the state and CLI tests share it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import stamina
from hypothesis import HealthCheck, settings

from cxgate.testing.postgres import PgServer, PgUnavailableError

REQUIRE_POSTGRES_ENV = "CXGATE_REQUIRE_POSTGRES"

settings.register_profile(
    "cxgate",
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("cxgate")


@pytest.fixture(autouse=True)
def _stamina_without_waits() -> Iterator[None]:
    """stamina never sleeps in tests; the client's own attempt caps still apply (cap=True)."""
    with stamina.set_testing(True, attempts=1000, cap=True):
        yield


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A throwaway PostgreSQL server for the whole run (skips where there are no binaries,
    fails instead when $CXGATE_REQUIRE_POSTGRES=1, as in CI)."""
    try:
        server = PgServer.start()
    except PgUnavailableError as exc:
        if os.environ.get(REQUIRE_POSTGRES_ENV) == "1":
            pytest.fail(f"PostgreSQL is required ({REQUIRE_POSTGRES_ENV}=1): {exc}")
        pytest.skip(f"no PostgreSQL server to test against: {exc}")
    with server:
        yield server


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """The URL (password included) of a new, empty database on the session's server."""
    return pg_server.create_database()
