"""Records on both state backends: the outbox and the audit checkpoint on PostgreSQL too,
and where the audit log lives when the state is a database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cxgate.clock import FakeClock
from cxgate.records.events import payload
from cxgate.records.outbox import Backoff, Deliverer, emit, outbox_status
from cxgate.records.recorder import audit_directory, open_recorder
from cxgate.records.webhooks import Endpoint
from cxgate.state.postgres import PostgresStore
from cxgate.state.sqlite import SqliteStore
from cxgate.state.store import StateStore
from tests.records.receiver import Receiver, free_port

SECRET = "whsec_backends_3k9LmQ"


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StateStore]:
    clock = FakeClock(start=1_780_000_000.0)
    if request.param == "sqlite":
        opened: StateStore = SqliteStore.open(tmp_path / "state", clock)
    else:
        opened = PostgresStore.connect(request.getfixturevalue("pg_url"), clock)
    with opened:
        yield opened


def test_outbox_down_then_up_on_each_backend(store: StateStore) -> None:
    port = free_port()
    endpoints = {"ci": Endpoint("ci", f"http://127.0.0.1:{port}/h", "CI", ("*",), SECRET)}
    for n in range(3):
        emit(store, endpoints, "ping", payload("ping", {"n": n}, at=store.clock.time()))
    clock = store.clock
    assert isinstance(clock, FakeClock)
    with Deliverer(store, endpoints, clock=clock) as deliverer:
        assert deliverer.deliver_once().retried
        assert outbox_status(store)["ci"]["pending"] == 3
        clock.advance(Backoff().delay(0) + 1)
        with Receiver(port) as receiver:
            assert len(deliverer.drain(deadline_s=10).delivered) == 3
    assert [p["data"]["n"] for p in receiver.payloads()] == [0, 1, 2]


def test_the_checkpoint_catches_a_cut_tail_on_each_backend(
    store: StateStore, tmp_path: Path
) -> None:
    recorder = open_recorder(store, audit_dir=tmp_path / "audit")
    for n in range(4):
        recorder.record("validate", bundle=f"b{n}")
    assert recorder.audit.verify().ok
    (log,) = recorder.audit.files()
    log.write_bytes(b"".join(log.read_bytes().splitlines(keepends=True)[:2]))
    verdict = open_recorder(store, audit_dir=tmp_path / "audit").audit.verify()
    assert not verdict.ok
    assert verdict.entry == 3


def test_where_the_audit_log_lives(tmp_path: Path) -> None:
    class Db:
        location = "postgresql://cxgate@db.example.com/cxgate"

    sqlite = SqliteStore.open(tmp_path / "local")
    try:
        assert audit_directory(sqlite) == tmp_path / "local" / "audit"
    finally:
        sqlite.close()
    database = Db()
    env = {"CXGATE_STATE_DIR": "/srv/cxgate"}
    assert audit_directory(database, env) == Path("/srv/cxgate/audit")  # type: ignore[arg-type]
    xdg = audit_directory(database, {"XDG_STATE_HOME": "/home/a/.state"})  # type: ignore[arg-type]
    assert xdg == Path("/home/a/.state/cxgate/audit")
