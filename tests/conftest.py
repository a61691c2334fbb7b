"""Suite-wide settings: deterministic property tests, no deadlines on a noisy 2-core CI box,
retries that never wait for real.

Area fixtures live in each area's own conftest (tests/client/, tests/emulator/, ...); the
throwaway PostgreSQL server lives here, since the state and CLI tests share it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import stamina
from hypothesis import HealthCheck, settings

from cxgate.emulator import Emulator
from cxgate.emulator.inprocess import Outcome
from cxgate.emulator.wire import Call
from cxgate.testing.postgres import PgServer, PgUnavailableError
from tests.contract.sdk import load_sdk
from tests.contract.wire import WireCheck

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


_WIRE: list[WireCheck] = []
_WIRE_PROBLEMS: list[str] = []


def _wire() -> WireCheck:
    if not _WIRE:
        _WIRE.append(WireCheck(load_sdk()))
    return _WIRE[0]


def _checked_process(original: Callable[[Emulator, Call], Outcome]) -> Any:
    def process(self: Emulator, call: Call) -> Outcome:
        ours = call.header("user-agent").startswith("cxgate/")
        if not ours or not call.path.startswith("/api/v2/"):
            return original(self, call)
        op, problems = _wire().check_request(call.method, call.path, call.query, call.body)
        outcome = original(self, call)
        if op is not None and outcome.reply is not None:
            problems += _wire().check_answer(op, outcome.reply.status, outcome.reply.content())
        _WIRE_PROBLEMS.extend(problems)
        return outcome

    return process


@pytest.fixture(scope="session", autouse=True)
def _contract_checked_wire() -> Iterator[None]:
    """Every request cxgate's client sends to an emulator is checked against the SDK
    (tests/contract/wire.py): operation, query parameters and enums, body model; and the
    answer's status and error code."""
    original = Emulator.process
    Emulator.process = _checked_process(original)  # type: ignore[method-assign]
    yield
    Emulator.process = original  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _no_contract_breaks(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test whose cxgate calls break the API contract fails, listing each break."""
    _WIRE_PROBLEMS.clear()
    yield
    if request.node.get_closest_marker("wire_unchecked") is None:
        found = sorted(set(_WIRE_PROBLEMS))
        assert found == [], "requests that break the API contract:\n" + "\n".join(found)


def pytest_configure(config: pytest.Config) -> None:
    """The marker for tests that make cxgate send what the API refuses, on purpose."""
    config.addinivalue_line(
        "markers", "wire_unchecked: the test sends off-contract requests on purpose"
    )


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The contract check's coverage, at the end of the run."""
    if _WIRE:
        terminalreporter.write_line(_WIRE[0].coverage.line())


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
