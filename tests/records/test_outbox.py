"""The outbox: at least once, same id on every attempt, in order per endpoint, receiver down
then up over a real loopback socket; redirects stay on the same host; status per endpoint."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from cxgate.clock import FakeClock
from cxgate.records.events import load_schema, payload
from cxgate.records.outbox import Backoff, Deliverer, background, emit, outbox_status
from cxgate.records.signing import ID_HEADER, verify
from cxgate.records.webhooks import Endpoint
from cxgate.state.records import EventStatus
from cxgate.state.sqlite import SqliteStore
from tests.records.receiver import Receiver, free_port

SECRET = "whsec_5f2b9c0e7a1d4c3b8e6f"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(start=1_780_000_000.0)


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> Iterator[SqliteStore]:
    with SqliteStore.open(tmp_path / "state", clock) as opened:
        yield opened


def _endpoint(url: str, name: str = "ci", secret: str | None = SECRET) -> Endpoint:
    return Endpoint(name, url, "CI_SECRET", ("*",), secret)


def _emit(store: SqliteStore, endpoints: dict[str, Endpoint], n: int, clock: FakeClock) -> None:
    for i in range(n):
        emit(
            store,
            endpoints,
            "deployment.started",
            payload("deployment.started", {"n": i}, at=clock.time()),
        )


def test_down_then_up_nothing_lost_same_ids_in_order(store: SqliteStore, clock: FakeClock) -> None:
    port = free_port()
    endpoints = {"ci": _endpoint(f"http://127.0.0.1:{port}/hook")}
    _emit(store, endpoints, 5, clock)
    with Deliverer(store, endpoints, clock=clock, timeout_s=2.0) as deliverer:
        first = deliverer.deliver_once()
        assert first.retried
        assert not first.delivered
        assert len(first.retried) == 1  # the others wait behind the first (order per endpoint)
        assert deliverer.deliver_once().attempted == 0  # not due yet: backoff
        pending = store.outbox_events(EventStatus.PENDING)
        assert len(pending) == 5
        assert pending[0].attempts == 1
        assert "ConnectError" in pending[0].last_error
        clock.advance(Backoff().delay(0) + 0.1)
        with Receiver(port) as receiver:
            done = deliverer.drain(deadline_s=10)
    assert len(done.delivered) == 5
    got = receiver.payloads()
    assert [p["data"]["n"] for p in got] == [0, 1, 2, 3, 4]
    assert [h[ID_HEADER] for h, _ in receiver.received] == [e.id for e in pending]
    assert [p["id"] for p in got] == [e.id for e in pending]  # the id is the idempotency key
    schema = load_schema("webhook-v1")
    for headers, body in receiver.received:
        assert verify(SECRET, headers, body, now=clock.time())
    for document in got:
        jsonschema.validate(document, schema)
    assert outbox_status(store)["ci"]["delivered"] == 5


def test_retries_back_off_exponentially_and_give_up(store: SqliteStore, clock: FakeClock) -> None:
    with Receiver(free_port(), status=503) as receiver:
        endpoints = {"ci": _endpoint(receiver.url)}
        _emit(store, endpoints, 1, clock)
        backoff = Backoff(first_s=1, factor=2, attempts=4)
        with Deliverer(store, endpoints, clock=clock, backoff=backoff) as deliverer:
            waits = []
            for _ in range(4):
                deliverer.deliver_once()
                (event,) = store.outbox_events()
                waits.append(event.next_attempt_at - clock.time())
                clock.advance(max(event.next_attempt_at - clock.time(), 0) + 0.01)
    assert waits[:3] == pytest.approx([1, 2, 4], abs=0.05)
    assert event.status is EventStatus.FAILED
    assert event.last_error == "HTTP 503"
    assert len({h[ID_HEADER] for h, _ in receiver.received}) == 1  # one id, four attempts
    assert len(receiver.received) == 4
    assert store.requeue_failed() == 1


def test_a_redirect_to_another_host_is_not_followed(store: SqliteStore, clock: FakeClock) -> None:
    with Receiver(free_port()) as target, Receiver(free_port(), status=307) as redirecting:
        redirecting.location = f"http://localhost:{target.port}/hook"
        endpoints = {"ci": _endpoint(redirecting.url)}
        _emit(store, endpoints, 1, clock)
        with Deliverer(store, endpoints, clock=clock) as deliverer:
            done = deliverer.deliver_once()
    assert done.retried
    assert not target.received
    assert "another host" in store.outbox_events()[0].last_error


def test_a_same_host_redirect_is_followed(store: SqliteStore, clock: FakeClock) -> None:
    with Receiver(free_port(), status=307) as receiver:
        receiver.location = "/moved"
        endpoints = {"ci": _endpoint(receiver.url)}
        _emit(store, endpoints, 1, clock)

        def settle() -> None:
            receiver.status, receiver.location = 200, None

        with Deliverer(store, endpoints, clock=clock) as deliverer:
            sent = deliverer.send(endpoints["ci"], {"x": 1}, event_id="e1", event="ping")
            assert not sent.ok  # followed up to the limit, still redirected
            settle()
            assert deliverer.deliver_once().delivered


def test_no_secret_means_no_send_and_status_says_why(store: SqliteStore, clock: FakeClock) -> None:
    endpoints = {"ci": _endpoint("http://127.0.0.1:9/hook", secret=None)}
    _emit(store, endpoints, 2, clock)
    with Deliverer(store, endpoints, clock=clock) as deliverer:
        done = deliverer.deliver_once()
    assert len(done.waiting) == 2
    assert not done.attempted
    status = outbox_status(store, endpoints)
    assert status["ci"]["pending"] == 2
    assert "$CI_SECRET" in status["ci"]["blocked"]
    assert outbox_status(store, {})["ci"]["blocked"] == "not configured in this bundle"


def test_events_go_only_to_subscribed_endpoints(store: SqliteStore, clock: FakeClock) -> None:
    endpoints = {
        "all": _endpoint("http://127.0.0.1:9/a", "all"),
        "failures": Endpoint(
            "failures", "http://127.0.0.1:9/f", "X", ("deployment.failed",), SECRET
        ),
    }
    _emit(store, endpoints, 1, clock)
    assert [e.endpoint for e in store.outbox_events()] == ["all"]


def test_background_delivery_never_blocks_past_its_final_pass(tmp_path: Path) -> None:
    """A receiver that accepts and never answers: the block ends within the final pass."""
    import socket
    import time

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    port = listener.getsockname()[1]
    real = SqliteStore.open(tmp_path / "bg")  # the real clock: the final pass is real time
    endpoints = {"ci": _endpoint(f"http://127.0.0.1:{port}/hook")}
    try:
        _emit(real, endpoints, 3, FakeClock())
        with Deliverer(real, endpoints, timeout_s=30.0) as deliverer:
            started = time.monotonic()
            with background(deliverer, interval_s=0.05, final_s=0.3):
                pass
            assert time.monotonic() - started < 1.5
        assert len(real.outbox_events(EventStatus.PENDING)) == 3
    finally:
        listener.close()
        real.close()
