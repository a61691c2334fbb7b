"""The PostgreSQL backend on a real server: locks across sessions and processes, SKIP LOCKED
claims, migrations, and errors that name the server but never the password."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest

from cxgate.errors import ConfigError, StateStoreError
from cxgate.state.postgres import _LOCK_SPACE, _SCHEMA_SPACE, PostgresStore
from cxgate.state.records import LockHolder, OutboxEvent
from cxgate.state.schema import POSTGRES_MIGRATIONS

CHILD = Path(__file__).with_name("pg_child.py")
BOB = LockHolder("org", "d-bob", "bob", "runner-2", 2, 6.0)


@contextmanager
def _children(*commands: tuple[str, ...]) -> Iterator[list[subprocess.Popen[str]]]:
    """Start ``pg_child.py`` processes; kill and reap whatever is left at the end."""
    with ExitStack() as stack:
        started = []
        for args in commands:
            child = subprocess.Popen(
                [sys.executable, str(CHILD), *args],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            started.append(stack.enter_context(child))
            stack.callback(child.kill)
        yield started


def _line(child: subprocess.Popen[str]) -> str:
    assert child.stdout is not None
    return child.stdout.readline().strip()


def _wait_for_release(url: str, org: str) -> None:
    """Block until no session holds ``org``'s lock (a dead client's session has ended)."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET lock_timeout = '30s'")
        key = (_LOCK_SPACE, org)
        conn.execute("SELECT pg_advisory_lock(%s, hashtext(%s))", key)
        conn.execute("SELECT pg_advisory_unlock(%s, hashtext(%s))", key)


@pytest.fixture
def two(pg_url: str) -> Iterator[tuple[PostgresStore, PostgresStore]]:
    """Two runners' stores: two sessions on one database."""
    with PostgresStore.connect(pg_url) as one, PostgresStore.connect(pg_url) as other:
        yield one, other


def test_lock_held_by_one_session_blocks_another(two: tuple[PostgresStore, PostgresStore]) -> None:
    """A live holder wins against any other session, even one naming it in ``replace``."""
    ann, bob = two
    holder = LockHolder("org", "d-ann", "ann", "runner-1", 1, 5.0)
    assert ann.acquire_lock(holder) is None
    assert bob.acquire_lock(BOB) == holder
    assert bob.acquire_lock(BOB, replace="d-ann") == holder
    bob.release_lock("org", "d-ann")  # not bob's session: no effect
    assert bob.lock_holder("org") == holder
    ann.release_lock("org", "d-ann")
    assert bob.acquire_lock(BOB) is None


def test_closed_session_frees_the_lock_and_its_row_is_replaced(pg_url: str) -> None:
    """A runner gone without releasing leaves a row; the next runner replaces it."""
    ann = PostgresStore.connect(pg_url)
    ann.acquire_lock(LockHolder("org", "d-ann", "ann", "runner-1", 1, 5.0))
    ann.close()
    _wait_for_release(pg_url, "org")
    with PostgresStore.connect(pg_url) as bob, PostgresStore.connect(pg_url) as carol:
        assert bob.lock_holder("org") is not None  # the stale row, until replaced
        carol.release_lock("org", "d-ann")  # nobody holds it: the stale row goes
        assert carol.lock_holder("org") is None
        assert bob.acquire_lock(BOB) is None
        assert carol.lock_holder("org") == BOB


def test_killed_holder_process_frees_the_lock(pg_url: str) -> None:
    """kill -9 of the deploying process: its session ends and the next acquire takes over."""
    with _children(("hold", pg_url, "org")) as (child,), PostgresStore.connect(pg_url) as bob:
        assert _line(child) == "held"
        current = bob.acquire_lock(BOB)
        assert current is not None
        assert (current.deployment, current.host) == ("d-dead", "runner-1")
        child.kill()
        child.wait()
        _wait_for_release(pg_url, "org")
        assert bob.acquire_lock(BOB) is None
        assert bob.lock_holder("org") == BOB


def test_holder_without_row_is_reported_unknown(two: tuple[PostgresStore, PostgresStore]) -> None:
    """A live holder whose row was deleted by hand still wins, reported as unknown."""
    ann, bob = two
    ann.acquire_lock(LockHolder("org", "d-ann", "ann", "runner-1", 1, 5.0))
    bob._write("DELETE FROM locks")
    current = bob.acquire_lock(BOB)
    assert current is not None
    assert current.deployment == "unknown"


def test_claim_skips_an_endpoint_another_deliverer_is_claiming(
    two: tuple[PostgresStore, PostgresStore],
) -> None:
    """FOR UPDATE SKIP LOCKED: a claim in progress hides its endpoint, without waiting."""
    one, other = two
    one.enqueue([OutboxEvent("a1", "https://a", "t", {}, 1.0)])
    one.enqueue([OutboxEvent("b1", "https://b", "t", {}, 1.0)])
    with one.transaction():
        assert [e.id for e in one.claim_events(10.0, limit=1, lease_s=60, claimer="w1")] == ["a1"]
        assert [e.id for e in other.claim_events(10.0, limit=9, lease_s=60, claimer="w2")] == ["b1"]
    assert other.claim_events(10.0, limit=9, lease_s=60, claimer="w3") == []


def test_two_deliverer_processes_never_send_an_event_twice(pg_url: str) -> None:
    """Two processes drain one outbox: every event delivered once, in order per endpoint."""
    with PostgresStore.connect(pg_url) as store:
        store.enqueue(
            [OutboxEvent(f"e{n}", f"https://hook/{n % 4}", "t", {}, 1.0) for n in range(200)]
        )
        with _children(("deliver", pg_url, "w1"), ("deliver", pg_url, "w2")) as workers:
            assert [_line(worker) for worker in workers] == ["ready", "ready"]
            for worker in workers:  # both start together
                assert worker.stdin is not None
                worker.stdin.write("go\n")
                worker.stdin.flush()
            sent = [worker.communicate()[0].split() for worker in workers]
        events = store.outbox_events()
    assert sorted(sent[0] + sent[1]) == sorted(e.id for e in events)
    assert all(sent), "both deliverers took part"
    for endpoint in {e.endpoint for e in events}:
        times = [e.delivered_at or 0.0 for e in events if e.endpoint == endpoint]
        assert times == sorted(times)


def test_racing_migrations_run_once(pg_url: str) -> None:
    """Two processes opening a fresh database at once: one migrates, the other waits."""
    with psycopg.connect(pg_url, autocommit=True) as gate:
        gate.execute("SELECT pg_advisory_lock(%s, 0)", (_SCHEMA_SPACE,))
        with _children(("migrate", pg_url), ("migrate", pg_url)) as racers:
            assert [_line(racer) for racer in racers] == ["waiting", "waiting"]
            gate.execute("SELECT pg_advisory_unlock(%s, 0)", (_SCHEMA_SPACE,))
            versions = [racer.communicate()[0].split() for racer in racers]
        applied = gate.execute("SELECT version FROM cxgate_schema ORDER BY version").fetchall()
    assert [r.returncode for r in racers] == [0, 0]
    assert versions == [[str(len(POSTGRES_MIGRATIONS))]] * 2
    assert [v for (v,) in applied] == list(range(1, len(POSTGRES_MIGRATIONS) + 1))


def test_old_store_upgrades_in_place(pg_url: str) -> None:
    """A database at schema 1 keeps its rows and gains the later tables."""
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(POSTGRES_MIGRATIONS[0])
        conn.execute("CREATE TABLE cxgate_schema (version integer, applied_at double precision)")
        conn.execute("INSERT INTO cxgate_schema VALUES (1, 0)")
        conn.execute("INSERT INTO object_changes VALUES ('o', 'queue', 'Q', 5.0, NULL)")
    with PostgresStore.connect(pg_url) as store:
        assert store.schema_version == len(POSTGRES_MIGRATIONS)
        assert store.last_changes("o", [("queue", "Q")]) == {("queue", "Q"): 5.0}
        assert store.owned("o") == frozenset()


def test_newer_store_is_refused(pg_url: str) -> None:
    """A database written by a newer cxgate is not silently downgraded."""
    with PostgresStore.connect(pg_url) as store:
        store._write("INSERT INTO cxgate_schema VALUES (99, 0)")
    with pytest.raises(ConfigError, match="newer cxgate"):
        PostgresStore.connect(pg_url)


def test_user_without_create_gets_a_clear_error(pg_url: str) -> None:
    """A role that may not create tables is told what it lacks (PostgreSQL 15+ default)."""
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE ROLE reader LOGIN PASSWORD 'reader-pw'")
    port_db = pg_url.rsplit(":", 1)[1]
    with pytest.raises(ConfigError, match=r"cannot prepare.*CREATE"):
        PostgresStore.connect(f"postgresql://reader:reader-pw@127.0.0.1:{port_db}")


def test_lost_connection_mid_run(pg_url: str) -> None:
    """The server ends the session: the next call fails clearly, naming the server."""
    with PostgresStore.connect(pg_url) as store, psycopg.connect(pg_url, autocommit=True) as admin:
        store.record_change("o", "queue", "Q")
        admin.execute("SELECT pg_terminate_backend(%s)", (store._db.info.backend_pid,))
        with pytest.raises(StateStoreError, match=r"host 127\.0\.0\.1.*database") as caught:
            store.record_change("o", "queue", "Q")
        assert urlsplit(pg_url).password not in str(caught.value)
