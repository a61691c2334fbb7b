"""The durable outbox: webhook events written with the step that causes them, sent later.

``emit`` enqueues one row per subscribed endpoint, inside whatever transaction the caller
holds (a journal step's), so an event exists exactly when its cause was committed.
``Deliverer`` claims due rows (leased, in order per endpoint), sends each signed, and marks it
delivered or schedules a retry with exponential backoff; the event id (the idempotency key)
never changes between attempts. A receiver that is down only delays its own endpoint: later
events for it wait behind the first, in order. Redirects are followed only to the same origin;
every request has a bounded timeout. ``background`` runs a deliverer beside a deployment and
gives it at most ``final_s`` at the end, so a slow or dead receiver never makes a deployment
fail or wait.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from cxgate.clock import Clock
from cxgate.records.redact import Redactor
from cxgate.records.signing import signed_headers
from cxgate.records.webhooks import Endpoint
from cxgate.state.records import EventStatus, OutboxEvent
from cxgate.state.store import StateStore

if TYPE_CHECKING:  # httpx loads when a deliverer is made, not with every command that records
    import httpx

__all__ = [
    "Backoff",
    "Deliverer",
    "Round",
    "Sent",
    "background",
    "emit",
    "outbox_status",
]

log = logging.getLogger(__name__)
_REDIRECTS = 3
_ERROR_CHARS = 300


@dataclass(frozen=True, slots=True)
class Backoff:
    """When to try again: ``first_s`` × ``factor``^(attempts-1), at most ``max_s``; give up
    after ``attempts`` (default: about a day of trying)."""

    first_s: float = 2.0
    factor: float = 2.0
    max_s: float = 3600.0
    attempts: int = 30

    def delay(self, attempts_so_far: int) -> float:
        return float(min(self.max_s, self.first_s * self.factor ** max(0, attempts_so_far)))


def emit(
    store: StateStore,
    endpoints: Mapping[str, Endpoint],
    event: str,
    payload: Mapping[str, Any],
    *,
    redactor: Redactor | None = None,
) -> list[OutboxEvent]:
    """Enqueue ``payload`` for every endpoint that wants ``event``; each row gets its own id
    (written into its payload), the idempotency key its receiver sees."""
    scrub = redactor or Redactor([e.secret for e in endpoints.values()])
    rows = []
    for name, endpoint in endpoints.items():
        if not endpoint.wants(event):
            continue
        event_id = str(uuid.uuid4())
        body = scrub.value({**payload, "id": event_id})
        rows.append(OutboxEvent(event_id, name, event, body, store.clock.time()))
    if rows:
        store.enqueue(rows)
    return rows


@dataclass(frozen=True, slots=True)
class Sent:
    """One attempt's result: ``ok``, the HTTP status (None: no answer), and why not."""

    ok: bool
    status: int | None = None
    error: str = ""


@dataclass(slots=True)
class Round:
    """What one pass delivered, postponed and gave up on."""

    delivered: list[str] = field(default_factory=list)
    retried: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)  # endpoint not configured or no secret

    @property
    def attempted(self) -> int:
        return len(self.delivered) + len(self.retried) + len(self.failed)

    def add(self, other: Round) -> None:
        self.delivered += other.delivered
        self.retried += other.retried
        self.failed += other.failed
        self.waiting += other.waiting


class Deliverer:
    """Sends the outbox's due events; see the module docstring. Thread-safe per instance
    only in the sense that one instance runs one pass at a time."""

    def __init__(
        self,
        store: StateStore,
        endpoints: Mapping[str, Endpoint],
        *,
        clock: Clock | None = None,
        transport: httpx.BaseTransport | None = None,
        timeout_s: float = 5.0,
        backoff: Backoff | None = None,
        batch: int = 200,
        lease_s: float = 60.0,
    ) -> None:
        self.store = store
        self.endpoints = dict(endpoints)
        self.clock: Clock = clock or store.clock
        self.timeout_s = timeout_s
        self.backoff = backoff or Backoff()
        self.batch = batch
        self.lease_s = lease_s
        self.claimer = f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}"
        import httpx

        self._http = httpx.Client(
            transport=transport, follow_redirects=False, timeout=timeout_s, trust_env=False
        )
        self._lock = threading.Lock()

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Deliverer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- sending -----------------------------------------------------------------------------

    def send(
        self,
        endpoint: Endpoint,
        body: Mapping[str, Any],
        *,
        event_id: str,
        event: str,
        timeout_s: float | None = None,
    ) -> Sent:
        """POST one signed payload (no retries here); never raises for network trouble."""
        if not endpoint.secret:
            return Sent(False, None, endpoint.problem)
        raw = json.dumps(body, separators=(",", ":"), sort_keys=True).encode("utf-8")
        stamp = int(self.clock.time())
        headers = signed_headers(endpoint.secret, stamp, raw, event_id=event_id, event=event)
        url = endpoint.url
        import httpx

        limit = min(self.timeout_s, timeout_s) if timeout_s else self.timeout_s
        try:
            for _ in range(_REDIRECTS + 1):
                response = self._http.post(url, content=raw, headers=headers, timeout=limit)
                if response.status_code not in (307, 308) or "location" not in response.headers:
                    break
                target = urljoin(url, response.headers["location"])
                if _origin(target) != _origin(endpoint.url):
                    return Sent(
                        False,
                        response.status_code,
                        f"redirected to another host ({urlsplit(target).netloc}): not followed",
                    )
                url = target
        except httpx.HTTPError as exc:
            return Sent(False, None, f"{type(exc).__name__}: {exc}"[:_ERROR_CHARS])
        if 200 <= response.status_code < 300:
            return Sent(True, response.status_code)
        return Sent(False, response.status_code, f"HTTP {response.status_code}")

    # -- passes ------------------------------------------------------------------------------

    def deliver_once(self, *, timeout_s: float | None = None, early: bool = False) -> Round:
        """Claim due events and send them, in order per endpoint; one pass. ``early``: also
        the events still waiting out their backoff (``cxgate webhooks retry``)."""
        with self._lock:
            done = Round()
            now = self.clock.time() + (self.backoff.max_s if early else 0.0)
            claimed = self.store.claim_events(
                now, limit=self.batch, lease_s=self.lease_s, claimer=self.claimer
            )
            try:
                by_endpoint: dict[str, list[OutboxEvent]] = {}
                for event in claimed:
                    by_endpoint.setdefault(event.endpoint, []).append(event)
                for name, run in by_endpoint.items():
                    done.add(self._deliver_run(name, run, timeout_s))
            finally:
                self.store.release_claims(self.claimer)
            return done

    def _deliver_run(self, name: str, run: Sequence[OutboxEvent], timeout_s: float | None) -> Round:
        done = Round()
        endpoint = self.endpoints.get(name)
        if endpoint is None or not endpoint.secret:
            done.waiting += [e.id for e in run]
            return done
        outcomes: list[tuple[OutboxEvent, Sent]] = []
        for event in run:
            sent = self.send(
                endpoint, event.payload, event_id=event.id, event=event.type, timeout_s=timeout_s
            )
            outcomes.append((event, sent))
            if not sent.ok:
                break  # later events of this endpoint wait behind this one: order holds
        with self.store.transaction():  # one commit for the run's marks
            for event, sent in outcomes:
                if sent.ok:
                    self.store.mark_delivered(event.id)
                    done.delivered.append(event.id)
                    continue
                give_up = event.attempts + 1 >= self.backoff.attempts
                when = self.clock.time() + self.backoff.delay(event.attempts)
                self.store.mark_retry(event.id, when, sent.error, give_up=give_up)
                (done.failed if give_up else done.retried).append(event.id)
        return done

    def drain(self, *, deadline_s: float = 30.0, early: bool = False) -> Round:
        """Pass after pass until nothing due is left or ``deadline_s`` has gone by
        (``early``: see ``deliver_once``)."""
        total = Round()
        end = self.clock.monotonic() + deadline_s
        while True:
            left = end - self.clock.monotonic()
            if left <= 0:
                return total
            done = self.deliver_once(timeout_s=left, early=early)
            total.add(done)
            if not done.delivered:
                return total


@contextmanager
def background(
    deliverer: Deliverer, *, interval_s: float = 0.5, final_s: float = 1.0
) -> Iterator[Deliverer]:
    """Deliver in a daemon thread while the block runs, then at most ``final_s`` more.

    Nothing here raises into the block or its exit: a failure is logged and the events stay
    in the outbox for the next run (or ``cxgate webhooks retry``).
    """
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                deliverer.deliver_once()
            except Exception as exc:
                log.warning("webhook delivery pass failed: %s", exc)
            stop.wait(interval_s)

    thread = threading.Thread(target=loop, name="cxgate-outbox", daemon=True)
    thread.start()
    try:
        yield deliverer
    finally:
        stop.set()
        started = deliverer.clock.monotonic()
        thread.join(final_s)
        left = final_s - (deliverer.clock.monotonic() - started)
        if not thread.is_alive() and left > 0:
            try:
                deliverer.drain(deadline_s=left)
            except Exception as exc:
                log.warning("webhook delivery pass failed: %s", exc)


def outbox_status(
    store: StateStore, endpoints: Mapping[str, Endpoint] | None = None
) -> dict[str, dict[str, Any]]:
    """Per endpoint: pending, delivered and failed counts, the oldest pending event's time
    and last error, and (given the configured ``endpoints``) why nothing is sent."""
    found: dict[str, dict[str, Any]] = {name: _row() for name in endpoints or {}}
    for event in store.outbox_events():
        row = found.setdefault(event.endpoint, _row())
        row[event.status.value] += 1
        if event.status is EventStatus.PENDING and row["oldestPending"] is None:
            row["oldestPending"] = event.created_at
        if event.status is not EventStatus.DELIVERED and event.last_error:
            row["lastError"] = event.last_error
    if endpoints is not None:
        for name, row in found.items():
            endpoint = endpoints.get(name)
            row["url"] = endpoint.url if endpoint else None
            row["blocked"] = endpoint.problem if endpoint else "not configured in this bundle"
    return dict(sorted(found.items()))


def _row() -> dict[str, Any]:
    return {
        "pending": 0,
        "delivered": 0,
        "failed": 0,
        "oldestPending": None,
        "lastError": "",
        "url": None,
        "blocked": "",
    }


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc.lower()
