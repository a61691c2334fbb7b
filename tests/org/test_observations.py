"""Live agents from the org: queue observations in batches, and queue ids by name."""

from __future__ import annotations

import math
from typing import Any

import pytest

from cxgate.client import GenesysClient
from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.emulator.observations import set_queue_observation
from cxgate.errors import ApiError, MissingError
from cxgate.org.observations import (
    MAX_QUEUES_PER_QUERY,
    OBSERVATIONS_QUERY,
    QUEUES,
    QueueAgents,
    close_names,
    observe_queues,
    on_queue_agents,
    queue_id_by_name,
)
from tests.demo_org import connect


def _id(emulator: Emulator, name: str) -> str:
    queue = emulator.find("queue", name)
    assert queue is not None
    return str(queue["id"])


def test_on_queue_agents_sums_routing_statuses(emulator: Emulator, client: GenesysClient) -> None:
    """On-queue agents are the sum over routing statuses; off-queue members do not count."""
    billing, claims = _id(emulator, "Billing"), _id(emulator, "Claims")
    set_queue_observation(
        emulator.store,
        billing,
        on_queue={"IDLE": 2, "INTERACTING": 7, "NOT_RESPONDING": 1},
        off_queue={"BREAK": 3},
    )
    set_queue_observation(emulator.store, claims, on_queue={"COMMUNICATING": 4})
    assert on_queue_agents(client, [billing, claims]) == {billing: 10, claims: 4}
    assert emulator.count("POST", OBSERVATIONS_QUERY) == 1


def test_observe_queues_keeps_the_breakdown(emulator: Emulator, client: GenesysClient) -> None:
    """The reading keeps statuses, logged-in users and members, for the CLI to show."""
    billing = _id(emulator, "Billing")  # 22 members
    set_queue_observation(
        emulator.store, billing, on_queue={"IDLE": 2, "INTERACTING": 7}, off_queue={"MEAL": 1}
    )
    assert observe_queues(client, [billing]) == {
        billing: QueueAgents(billing, {"IDLE": 2, "INTERACTING": 7}, active=10, members=22)
    }


def test_nobody_on_queue_and_unknown_ids_are_zero(
    emulator: Emulator, client: GenesysClient
) -> None:
    """A queue with nobody on it and an id the org does not know both read 0."""
    empty = _id(emulator, "Password Reset")  # no members
    assert on_queue_agents(client, [empty, "not-a-queue"]) == {empty: 0, "not-a-queue": 0}


def test_no_queues_costs_no_call(emulator: Emulator, client: GenesysClient) -> None:
    """Asking about no queue answers at once, without a query."""
    assert on_queue_agents(client, []) == {}
    assert emulator.count("POST", OBSERVATIONS_QUERY) == 0


@pytest.mark.parametrize("total", [99, 100, 101, 250])
def test_many_queues_are_read_in_batches(clock: FakeClock, total: int) -> None:
    """N queues cost ceil(N / 100) queries, every queue answered, in the order asked."""
    emulator = Emulator(seed=f"generated:queues={total}", clock=clock, rate_limit=0)
    ids = list(emulator.store.table("queues"))[::-1]
    last = ids[-1]  # in the last batch
    set_queue_observation(emulator.store, last, on_queue={"IDLE": 0, "INTERACTING": 0})
    expected = dict.fromkeys(ids, 0)
    members = emulator.entity("queue", ids[0])["memberCount"]
    if members:
        set_queue_observation(emulator.store, ids[0], on_queue={"INTERACTING": members})
        expected[ids[0]] = members
    with connect(emulator, clock) as client:
        found = on_queue_agents(client, [*ids, ids[0]])
    assert found == expected
    assert list(found) == ids
    queries = emulator.count("POST", OBSERVATIONS_QUERY)
    assert queries == math.ceil(total / MAX_QUEUES_PER_QUERY)


def test_the_demo_org_has_agents_on_its_busiest_queue(
    emulator: Emulator, client: GenesysClient
) -> None:
    """The seeded demo is what `make demo` shows: agents on queue, fewer than members."""
    tier1 = _id(emulator, "Support - Tier 1")
    seen = observe_queues(client, [tier1])[tier1]
    assert 0 < seen.on_queue <= seen.active <= seen.members == 48


class _Canned:
    """A stand-in client whose queries answer ``answer`` (for answers no org should send)."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer

    def post(self, path: str, json: Any = None, **_: Any) -> Any:
        assert path == OBSERVATIONS_QUERY
        return self.answer


GROUP = {"queueId": "q1"}


def _answer(metric: str, count: Any, group: dict[str, str] = GROUP) -> dict[str, Any]:
    return {"results": [{"group": group, "data": [{"metric": metric, "stats": {"count": count}}]}]}


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ({}, 0),
        ({"results": []}, 0),
        ({"results": [{"group": GROUP}]}, 0),
        (_answer("oOnQueueUsers", 5, {**GROUP, "mediaType": "voice"}), 0),
        (_answer("oOnQueueUsers", 5), 5),
        (_answer("oWaiting", 5), 0),
        ({"results": ["junk", {"group": "junk"}, {"group": {"queueId": "other"}}]}, 0),
    ],
)
def test_answers_are_read_leniently_where_safe(answer: Any, expected: int) -> None:
    """Missing results, empty groups, media-type groups and other queues count nothing."""
    assert on_queue_agents(_Canned(answer), ["q1"]) == {"q1": expected}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "answer",
    [None, {"results": {}}, _answer("oOnQueueUsers", "5"), _answer("oMemberUsers", -1)],
)
def test_answers_that_cannot_be_trusted_are_errors(answer: Any) -> None:
    """A count that is not a whole number stops the reading: no projection on a wrong count."""
    with pytest.raises(ApiError, match="queue observations answer cannot be read"):
        on_queue_agents(_Canned(answer), ["q1"])  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["Billing", "billing", "BILLING"])
def test_queue_id_by_name_ignores_case(
    emulator: Emulator, client: GenesysClient, name: str
) -> None:
    """The queue is found by its name whatever the case, in one listing call."""
    assert queue_id_by_name(client, name) == _id(emulator, "Billing")
    assert emulator.count("GET", QUEUES) == 1


def test_queue_id_by_name_prefers_the_exact_spelling(
    emulator: Emulator, client: GenesysClient
) -> None:
    """A wildcard-looking name matches literally, never a queue the wildcard would find."""
    with pytest.raises(MissingError, match="'Billing\\*'"):
        queue_id_by_name(client, "Billing*")


@pytest.mark.parametrize(
    ("name", "suggested"),
    [
        ("Suport - Tier 1", "'Support - Tier 1'"),
        ("tier 2", "'Support - Tier 2'"),
        ("Biling", "'Billing'"),
    ],
)
def test_a_missing_queue_names_close_matches(
    client: GenesysClient, name: str, suggested: str
) -> None:
    """No such queue: MissingError says so and suggests the closest names."""
    with pytest.raises(MissingError, match="did you mean") as info:
        queue_id_by_name(client, name)
    assert f"no queue is named {name!r}" in str(info.value)
    assert suggested in str(info.value)


def test_a_missing_queue_with_nothing_close_says_how_to_list(client: GenesysClient) -> None:
    """Nothing similar: the message gives the org's queue count and the listing command."""
    with pytest.raises(MissingError, match="cxgate org queues") as info:
        queue_id_by_name(client, "Zebra Handling")
    assert "among the org's 32 queues" in str(info.value)


@pytest.mark.parametrize(
    ("name", "names", "expected"),
    [
        (
            "sales",
            ["Sales - Renewals", "Sales - New", "Billing"],
            ["Sales - New", "Sales - Renewals"],
        ),
        ("Bill", ["Billing", "Billing - Disputes"], ["Billing", "Billing - Disputes"]),
        ("xyz", ["Billing"], []),
        ("*", ["Billing"], []),
        ("q", [f"q{i}" for i in range(9)], ["q0", "q1", "q2", "q3", "q4"]),
    ],
)
def test_close_names(name: str, names: list[str], expected: list[str]) -> None:
    """Close names: similar or containing, ignoring case, at most five."""
    assert close_names(name, names) == expected
