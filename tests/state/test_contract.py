"""What every state-store backend must do: the ``StateStore`` contract."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from cxgate.clock import FakeClock
from cxgate.state.records import (
    Checkpoint,
    DeploymentRecord,
    DeploymentStatus,
    EventStatus,
    JournalEntry,
    LockHolder,
    OutboxEvent,
    Phase,
    Snapshot,
)
from cxgate.state.store import StateStore


def _deployment(id_: str, org: str = "org", started: float = 10.0) -> DeploymentRecord:
    return DeploymentRecord(
        id=id_,
        org=org,
        env="prod",
        bundle="/b",
        user="ann",
        host="h1",
        pid=42,
        client_id="client",
        started_at=started,
        plan_checksum="sha256:x",
        plan={"changes": [{"kind": "queue"}]},
    )


def _event(id_: str, endpoint: str = "https://a", next_at: float = 0.0) -> OutboxEvent:
    return OutboxEvent(
        id_, endpoint, "deployment.started", {"n": id_}, 5.0, next_attempt_at=next_at
    )


def test_cooldown_records_per_org(store: StateStore, clock: FakeClock) -> None:
    """The latest change time per (kind, name) and org."""
    store.record_change("o1", "queue", "Sales")
    clock.advance(60)
    store.record_change("o1", "queue", "Sales", "d1")
    store.record_change("o2", "queue", "Sales")
    assert store.last_changes("o1", [("queue", "Sales"), ("queue", "X")]) == {
        ("queue", "Sales"): 1060.0
    }


def test_ownership(store: StateStore) -> None:
    """Created objects are owned per org until forgotten."""
    store.record_owned("o", "queue", "q1", "Sales", "d1")
    store.record_owned("o", "skill", "s1", "Billing")
    store.forget_owned("o", "skill", "s1")
    assert store.owned("o") == {("queue", "q1")}
    assert store.owned("other") == frozenset()


def test_lock_is_exclusive_per_org(store: StateStore) -> None:
    """A second holder gets the first one back; another org is independent."""
    ann = LockHolder("org", "d1", "ann", "h1", 1, 5.0, "st")
    bob = LockHolder("org", "d2", "bob", "h2", 2, 6.0)
    assert store.acquire_lock(ann) is None
    assert store.acquire_lock(bob) == ann
    assert store.acquire_lock(LockHolder("other", "d3", "bob", "h2", 2, 6.0)) is None
    assert store.lock_holder("org") == ann
    assert store.acquire_lock(ann) is None  # re-entrant for the same deployment


def test_lock_takeover_and_release(store: StateStore) -> None:
    """Only the named deployment's lock can be replaced; release needs the holder's id."""
    ann = LockHolder("org", "d1", "ann", "h1", 1, 5.0)
    bob = LockHolder("org", "d2", "bob", "h1", 2, 6.0)
    store.acquire_lock(ann)
    assert store.acquire_lock(bob, replace="d-other") == ann
    assert store.acquire_lock(bob, replace="d1") is None
    store.release_lock("org", "d1")  # not the holder any more: no effect
    assert store.lock_holder("org") == bob
    store.release_lock("org", "d2")
    assert store.lock_holder("org") is None


def test_deployments_round_trip(store: StateStore, clock: FakeClock) -> None:
    """Begin, finish, list newest first, and find the unfinished ones."""
    store.begin_deployment(_deployment("d1", started=1.0))
    store.begin_deployment(_deployment("d2", started=2.0))
    store.begin_deployment(_deployment("d3", org="else", started=3.0))
    store.finish_deployment("d1", DeploymentStatus.SUCCEEDED, {"applied": 3})
    done = store.deployment("d1")
    assert done is not None
    assert done.status is DeploymentStatus.SUCCEEDED
    assert done.summary == {"applied": 3}
    assert done.finished_at == clock.time()
    assert done.plan == {"changes": [{"kind": "queue"}]}
    assert [d.id for d in store.deployments()] == ["d3", "d2", "d1"]
    assert [d.id for d in store.deployments("org", limit=1)] == ["d2"]
    assert [d.id for d in store.unfinished_deployments("org")] == ["d2"]
    assert store.deployment("nope") is None


def test_snapshots_and_journal(store: StateStore) -> None:
    """Snapshots keep bodies (None for a create); the journal keeps its order and seq."""
    store.begin_deployment(_deployment("d1"))
    store.save_snapshots(
        [
            Snapshot("d1", "queue", "Sales", "q1", {"name": "Sales", "x": [1]}, "t1", 1.0),
            Snapshot("d1", "queue", "New", None, None, None, 1.0),
        ]
    )
    assert [s.body for s in store.snapshots("d1")] == [{"name": "Sales", "x": [1]}, None]
    first = store.append_journal(JournalEntry("d1", 0, Phase.STARTED, "queue", "Sales", "update"))
    second = store.append_journal(
        JournalEntry("d1", 0, Phase.DONE, "queue", "Sales", "update", "q1", {"token": "t2"}, 3.0)
    )
    assert second.seq > first.seq
    assert [(e.phase, e.detail) for e in store.journal("d1")] == [
        (Phase.STARTED, {}),
        (Phase.DONE, {"token": "t2"}),
    ]


def test_transaction_groups_and_rolls_back(store: StateStore) -> None:
    """Writes in a failed block are all undone; nested blocks join the outer one."""
    store.begin_deployment(_deployment("d1"))

    def fail_midway() -> None:
        with store.transaction():
            store.append_journal(JournalEntry("d1", 0, Phase.STARTED, "queue", "A", "update"))
            with store.transaction():
                store.enqueue([_event("e1")])
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fail_midway()
    assert store.journal("d1") == []
    assert store.outbox_events() == []
    with store.transaction():
        store.append_journal(JournalEntry("d1", 0, Phase.STARTED, "queue", "A", "update"))
        store.enqueue([_event("e1")])
    assert len(store.journal("d1")) == 1
    assert [e.id for e in store.outbox_events()] == ["e1"]


def test_failed_nested_block_undoes_only_its_own_writes(store: StateStore) -> None:
    """A nested block is a savepoint: caught inside the outer block, the rest still commits."""
    store.begin_deployment(_deployment("d1"))

    def fail_inside() -> None:
        with store.transaction():
            store.enqueue([_event("e1")])
            raise RuntimeError("boom")

    with store.transaction():
        store.append_journal(JournalEntry("d1", 0, Phase.STARTED, "queue", "A", "update"))
        with pytest.raises(RuntimeError):
            fail_inside()
        with pytest.raises(Exception, match=r"(?i)unique|duplicate"):
            store.begin_deployment(_deployment("d1"))
        store.enqueue([_event("e2")])
    assert len(store.journal("d1")) == 1
    assert [e.id for e in store.outbox_events()] == ["e2"]


def test_threads_share_one_store(store: StateStore) -> None:
    """The threads of a run write through one store without losing or mixing rows."""
    store.begin_deployment(_deployment("d1"))

    def step(n: int) -> int:
        with store.transaction():
            entry = store.append_journal(
                JournalEntry("d1", n, Phase.STARTED, "queue", f"Q{n}", "update")
            )
            store.enqueue([_event(f"e{n}")])
        return entry.seq

    with ThreadPoolExecutor(4) as pool:
        seqs = list(pool.map(step, range(40)))
    assert len(set(seqs)) == 40
    assert sorted(e.step for e in store.journal("d1")) == list(range(40))
    assert len(store.outbox_events()) == 40


def test_snapshot_replaced_moves_last(store: StateStore) -> None:
    """Saving a snapshot again replaces it, and it then reads last (insertion order)."""
    store.begin_deployment(_deployment("d1"))
    first = Snapshot("d1", "queue", "A", "q1", {"v": 1}, "t1", 1.0)
    store.save_snapshots([first, Snapshot("d1", "queue", "B", "q2", None, None, 1.0)])
    store.save_snapshots([Snapshot("d1", "queue", "A", "q1", {"v": 2}, "t2", 2.0)])
    assert [(s.name, s.body) for s in store.snapshots("d1")] == [("B", None), ("A", {"v": 2})]


def test_outbox_claims_in_order_per_endpoint(store: StateStore) -> None:
    """Claims follow seq per endpoint and stop at an event that must wait."""
    store.enqueue([_event("a1"), _event("b1", "https://b"), _event("a2"), _event("a3")])
    store.mark_retry("a2", 100.0, "503", give_up=False)
    claimed = store.claim_events(10.0, limit=10, lease_s=30.0, claimer="w1")
    assert [e.id for e in claimed] == ["a1", "b1"]
    assert store.claim_events(10.0, limit=10, lease_s=30.0, claimer="w2") == []
    store.release_claims("w1")
    assert [e.id for e in store.claim_events(10.0, limit=1, lease_s=30.0, claimer="w2")] == ["a1"]
    assert [e.id for e in store.claim_events(200.0, limit=9, lease_s=30.0, claimer="w3")] == [
        "a1",
        "a2",
        "a3",
        "b1",
    ]


def test_outbox_delivery_states(store: StateStore, clock: FakeClock) -> None:
    """Delivered and failed events leave the queue; failed ones can be re-queued."""
    store.enqueue([_event("e1"), _event("e2")])
    store.mark_delivered("e1")
    store.mark_retry("e2", 50.0, "connection refused", give_up=True)
    delivered, failed = store.outbox_events()
    assert (delivered.status, delivered.attempts, delivered.delivered_at) == (
        EventStatus.DELIVERED,
        1,
        clock.time(),
    )
    assert (failed.status, failed.attempts, failed.last_error) == (
        EventStatus.FAILED,
        1,
        "connection refused",
    )
    assert failed.payload == {"n": "e2"}
    assert store.claim_events(99.0, limit=5, lease_s=1.0, claimer="w") == []
    assert store.requeue_failed("https://other") == 0
    assert store.requeue_failed() == 1
    assert [e.id for e in store.outbox_events(EventStatus.PENDING, "https://a")] == ["e2"]


def test_duplicate_event_id_is_refused(store: StateStore) -> None:
    """An event id is an idempotency key: the same one twice is an error, not two sends."""
    store.enqueue([_event("e1")])
    with pytest.raises(Exception, match=r"(?i)unique|duplicate"):
        store.enqueue([_event("e1")])
    assert len(store.outbox_events()) == 1


def test_checkpoints(store: StateStore) -> None:
    """The audit chain's head is kept by name and replaced on update."""
    assert store.checkpoint("audit") is None
    store.set_checkpoint(Checkpoint("audit", "sha256:a", 1, 1.0))
    store.set_checkpoint(Checkpoint("audit", "sha256:b", 2, 2.0))
    assert store.checkpoint("audit") == Checkpoint("audit", "sha256:b", 2, 2.0)
