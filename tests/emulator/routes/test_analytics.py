"""``POST /api/v2/analytics/queues/observations/query``: groups, qualifiers, filters, 400s."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.emulator.observations import PRESENCE_IDS, set_queue_observation
from cxgate.emulator.routes.observation_query import MAX_PREDICATES
from cxgate.emulator.wire import ms_from_iso
from tests.emulator.helpers import login

QUERY = "/api/v2/analytics/queues/observations/query"


def _queue_id(emulator: Emulator, name: str) -> str:
    queue = emulator.find("queue", name)
    assert queue is not None
    return str(queue["id"])


def _body(*queue_ids: str, metrics: tuple[str, ...] = ("oOnQueueUsers",), **extra: Any) -> Any:
    predicates = [{"type": "dimension", "dimension": "queueId", "value": q} for q in queue_ids]
    return {"filter": {"type": "or", "predicates": predicates}, "metrics": list(metrics), **extra}


def _query(api: httpx.Client, body: Any) -> dict[str, Any]:
    response = api.post(QUERY, json=body)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def _data(answer: dict[str, Any], group: dict[str, str]) -> list[dict[str, Any]]:
    found = [r["data"] for r in answer["results"] if r["group"] == group]
    assert len(found) == 1, answer
    data: list[dict[str, Any]] = found[0]
    return data


def test_on_queue_users_come_per_routing_status(emulator: Emulator, api: httpx.Client) -> None:
    """oOnQueueUsers answers one datum per routing status with agents, in a per-queue group."""
    queue_id = _queue_id(emulator, "Billing")
    set_queue_observation(
        emulator.store, queue_id, on_queue={"IDLE": 3, "INTERACTING": 9, "COMMUNICATING": 0}
    )
    data = _data(_query(api, _body(queue_id)), {"queueId": queue_id})
    assert [(d["metric"], d["qualifier"], d["stats"]["count"]) for d in data] == [
        ("oOnQueueUsers", "IDLE", 3),
        ("oOnQueueUsers", "INTERACTING", 9),
    ]


def test_many_queues_answer_in_one_query_in_filter_order(
    emulator: Emulator, api: httpx.Client
) -> None:
    """An OR of queue ids gives one group per known queue, in the filter's order; unknown
    ids and repeats add nothing."""
    names = ["VIP Care", "Billing", "Support - Tier 1"]
    ids = [_queue_id(emulator, n) for n in names]
    answer = _query(api, _body(*ids, "no-such-queue", ids[0], metrics=("oMemberUsers",)))
    assert [r["group"]["queueId"] for r in answer["results"]] == ids
    members = [r["data"][0]["stats"]["count"] for r in answer["results"]]
    assert members == [emulator.entity("queue", i)["memberCount"] for i in ids]


def test_conversation_metrics_are_per_media_type(emulator: Emulator, api: httpx.Client) -> None:
    """oWaiting/oInteracting come per queue and media type, zero counts included."""
    queue_id = _queue_id(emulator, "Billing")
    set_queue_observation(
        emulator.store,
        queue_id,
        on_queue={"INTERACTING": 4},
        conversations={"voice": {"waiting": 2, "interacting": 4}},
    )
    answer = _query(api, _body(queue_id, metrics=("oWaiting", "oInteracting")))
    media = [r["group"].get("mediaType") for r in answer["results"]]
    assert media == ["voice", "chat", "email", "message", "callback"]
    voice = _data(answer, {"queueId": queue_id, "mediaType": "voice"})
    assert [(d["metric"], d["stats"]["count"]) for d in voice] == [
        ("oWaiting", 2),
        ("oInteracting", 4),
    ]
    chat = _data(answer, {"queueId": queue_id, "mediaType": "chat"})
    assert [d["stats"]["count"] for d in chat] == [0, 0]


def test_and_filter_with_media_type_keeps_that_media_and_the_queue_group(
    emulator: Emulator, api: httpx.Client
) -> None:
    """queueId AND mediaType=voice (tutorial spelling: "AND", no type, no operator) keeps
    the per-queue user group and the voice group only."""
    queue_id = _queue_id(emulator, "Billing")
    body = {
        "filter": {
            "type": "AND",
            "clauses": [
                {"type": "or", "predicates": [{"dimension": "queueId", "value": queue_id}]}
            ],
            "predicates": [{"dimension": "mediaType", "value": "voice"}],
        },
        "metrics": ["oOnQueueUsers", "oWaiting"],
    }
    groups = [r["group"] for r in _query(api, body)["results"]]
    assert groups == [{"queueId": queue_id}, {"queueId": queue_id, "mediaType": "voice"}]


@pytest.mark.parametrize(
    ("operator", "expected"),
    [("exists", ["voice", "chat", "email", "message", "callback"]), ("notExists", [])],
)
def test_exists_operators_on_media_type(
    emulator: Emulator, api: httpx.Client, operator: str, expected: list[str]
) -> None:
    """exists/notExists test whether a group has the dimension."""
    queue_id = _queue_id(emulator, "Billing")
    body = _body(queue_id, metrics=("oWaiting",))
    body["filter"]["type"] = "and"
    body["filter"]["predicates"].append({"dimension": "mediaType", "operator": operator})
    media = [r["group"]["mediaType"] for r in _query(api, body)["results"]]
    assert media == expected


def test_and_of_two_queues_selects_nothing(emulator: Emulator, api: httpx.Client) -> None:
    """A group has one queue id, so an AND of two different ids matches no group."""
    body = _body(_queue_id(emulator, "Billing"), _queue_id(emulator, "Claims"))
    body["filter"]["type"] = "and"
    assert _query(api, body)["results"] == []


def test_presence_metrics_map_system_presences(emulator: Emulator, api: httpx.Client) -> None:
    """Off-queue and presence metrics qualify by the org's presence ids, and the answer maps
    system presences to them; routing statuses count OFF_QUEUE members too."""
    queue_id = _queue_id(emulator, "Billing")
    set_queue_observation(
        emulator.store, queue_id, on_queue={"IDLE": 2}, off_queue={"BREAK": 1, "MEAL": 2}
    )
    metrics = ("oUserRoutingStatuses", "oOffQueueUsers", "oUserPresences", "oActiveUsers")
    answer = _query(api, _body(queue_id, metrics=metrics))
    assert answer["systemToOrganizationMappings"]["MEAL"] == [PRESENCE_IDS["MEAL"]]
    counts = {
        (d["metric"], d.get("qualifier")): d["stats"]["count"]
        for d in _data(answer, {"queueId": queue_id})
    }
    assert counts == {
        ("oUserRoutingStatuses", "IDLE"): 2,
        ("oUserRoutingStatuses", "OFF_QUEUE"): 3,
        ("oOffQueueUsers", PRESENCE_IDS["BREAK"]): 1,
        ("oOffQueueUsers", PRESENCE_IDS["MEAL"]): 2,
        ("oUserPresences", PRESENCE_IDS["ON_QUEUE"]): 2,
        ("oUserPresences", PRESENCE_IDS["BREAK"]): 1,
        ("oUserPresences", PRESENCE_IDS["MEAL"]): 2,
        ("oActiveUsers", None): 5,
    }


def test_detail_metrics_list_one_observation_per_count(
    emulator: Emulator, clock: FakeClock, api: httpx.Client
) -> None:
    """detailMetrics add one observation per counted user or conversation; oLongestWaiting
    always shows the one longest-waiting call, from before now."""
    queue_id = _queue_id(emulator, "Billing")
    set_queue_observation(
        emulator.store,
        queue_id,
        on_queue={"IDLE": 2},
        conversations={"voice": {"waiting": 3}},
    )
    metrics = ("oOnQueueUsers", "oWaiting", "oLongestWaiting")
    body = _body(queue_id, metrics=metrics, detailMetrics=["oOnQueueUsers", "oWaiting"])
    answer = _query(api, body)
    users = _data(answer, {"queueId": queue_id})[0]
    assert len(users["observations"]) == 2
    assert users["truncated"] is False
    waiting, longest = _data(answer, {"queueId": queue_id, "mediaType": "voice"})
    assert len({o["conversationId"] for o in waiting["observations"]}) == 3
    (oldest,) = longest["observations"]
    assert ms_from_iso(oldest["observationDate"]) < clock.time() * 1000


def test_a_metric_asked_only_in_detail_metrics_is_answered(
    emulator: Emulator, api: httpx.Client
) -> None:
    """A metric named in detailMetrics but not in metrics comes back, with observations."""
    queue_id = _queue_id(emulator, "Billing")
    set_queue_observation(emulator.store, queue_id, conversations={"voice": {"waiting": 2}})
    body = _body(queue_id, metrics=("oOnQueueUsers",), detailMetrics=["oWaiting"])
    answer = _query(api, body)
    (waiting,) = _data(answer, {"queueId": queue_id, "mediaType": "voice"})
    assert waiting["metric"] == "oWaiting"
    assert len(waiting["observations"]) == 2


def _problem(response: httpx.Response) -> str:
    assert response.status_code == 400, response.text
    field: str = response.json()["details"][0]["fieldName"]
    return field


BAD_BODIES: list[tuple[Any, str]] = [
    ({"metrics": ["oOnQueueUsers"]}, "filter"),
    ({"filter": {"type": "or", "predicates": []}}, "metrics"),
    ({"filter": {"type": "or", "predicates": []}, "metrics": []}, "metrics"),
    ({"filter": {"type": "or", "predicates": []}, "metrics": ["oOnQueue"]}, "metrics[0]"),
    ({"filter": {"predicates": []}, "metrics": ["oWaiting"]}, "filter.type"),
    ({"filter": {"type": "xor", "predicates": []}, "metrics": ["oWaiting"]}, "filter.type"),
    ({"filter": {"type": "or"}, "metrics": ["oWaiting"]}, "filter"),
    ({"filter": {"type": "or", "predicates": {}}, "metrics": ["oWaiting"]}, "filter.predicates"),
    (
        {"filter": {"type": "or", "predicates": [1]}, "metrics": ["oWaiting"]},
        "filter.predicates[0]",
    ),
]


@pytest.mark.parametrize(("body", "field"), BAD_BODIES)
def test_bad_bodies_are_refused_naming_the_field(api: httpx.Client, body: Any, field: str) -> None:
    """A body the model does not allow is a 400 naming the field."""
    assert _problem(api.post(QUERY, json=body)) == field


BAD_PREDICATES: list[tuple[dict[str, Any], str]] = [
    ({"dimension": "userId", "value": "x"}, "dimension"),
    ({"value": "x"}, "dimension"),
    ({"dimension": "queueId", "operator": "equals", "value": "x"}, "operator"),
    ({"dimension": "queueId"}, "value"),
    ({"dimension": "mediaType", "value": "call"}, "value"),
    ({"type": "metric", "dimension": "queueId", "value": "x"}, "type"),
    ({"type": "sideways", "dimension": "queueId", "value": "x"}, "type"),
]


@pytest.mark.parametrize(("predicate", "field"), BAD_PREDICATES)
def test_bad_predicates_are_refused_naming_the_field(
    emulator: Emulator, api: httpx.Client, predicate: dict[str, Any], field: str
) -> None:
    """Wrong dimensions, operators, missing values and non-analytics media types are 400s."""
    body = _body(_queue_id(emulator, "Billing"))
    body["filter"]["predicates"].append(predicate)
    assert _problem(api.post(QUERY, json=body)) == f"filter.predicates[1].{field}"


@pytest.mark.parametrize(
    ("clause", "field"),
    [
        ({"predicates": [{"dimension": "queueId", "value": "x"}]}, "type"),
        ({"type": "or"}, "predicates"),
        ("or", ""),
    ],
)
def test_bad_clauses_are_refused(
    emulator: Emulator, api: httpx.Client, clause: dict[str, Any], field: str
) -> None:
    """A clause needs a type and at least one predicate."""
    body = _body(_queue_id(emulator, "Billing"))
    body["filter"]["clauses"] = [clause]
    expected = f"filter.clauses[0].{field}" if field else "filter.clauses[0]"
    assert _problem(api.post(QUERY, json=body)) == expected


def test_a_query_must_name_a_queue(api: httpx.Client) -> None:
    """A filter on media type alone is refused: the query has to name its queues."""
    body = {
        "filter": {"type": "or", "predicates": [{"dimension": "mediaType", "value": "voice"}]},
        "metrics": ["oWaiting"],
    }
    response = api.post(QUERY, json=body)
    assert _problem(response) == "filter"
    assert "queueId" in response.json()["message"]


def test_more_predicates_than_the_limit_are_refused(emulator: Emulator, api: httpx.Client) -> None:
    """MAX_PREDICATES predicates pass; one more is a 400 that says the limit."""
    ids = [f"queue-{i}" for i in range(MAX_PREDICATES)]
    assert _query(api, _body(*ids))["results"] == []
    response = api.post(QUERY, json=_body(*ids, "one-more"))
    assert _problem(response) == "filter"
    assert str(MAX_PREDICATES) in response.json()["message"]


def test_demo_seed_is_plausible_and_the_same_every_run() -> None:
    """Every demo queue has at most its members logged in, and two emulators agree."""
    first, second = Emulator(clock=FakeClock()), Emulator(clock=FakeClock())
    queues = first.store.table("queues")
    ids = list(queues)
    metrics = ("oOnQueueUsers", "oActiveUsers", "oMemberUsers")
    answers = [_query(login(e), _body(*ids, metrics=metrics)) for e in (first, second)]
    assert answers[0] == answers[1]
    on_queue_somewhere = 0
    for result in answers[0]["results"]:
        counts: dict[str, int] = {}
        for datum in result["data"]:
            counts[datum["metric"]] = counts.get(datum["metric"], 0) + datum["stats"]["count"]
        assert counts.get("oOnQueueUsers", 0) <= counts["oActiveUsers"] <= counts["oMemberUsers"]
        on_queue_somewhere += counts.get("oOnQueueUsers", 0)
    assert on_queue_somewhere > 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"on_queue": {"IDLE": 11}}, "cannot be logged in"),
        ({"on_queue": {"OFF_QUEUE": 1}}, "unknown routing status"),
        ({"off_queue": {"ON_QUEUE": 1}}, "unknown off-queue presence"),
        ({"on_queue": {"IDLE": -1}}, "whole number"),
        ({"conversations": {"call": {"waiting": 1}}}, "unknown media type"),
        ({"conversations": {"voice": {"queued": 1}}}, "unknown conversation state"),
    ],
)
def test_set_queue_observation_refuses_what_cannot_be(
    emulator: Emulator, changes: dict[str, Any], message: str
) -> None:
    """The helper refuses unknown statuses, negative counts and more agents than members."""
    queue_id = _queue_id(emulator, "Retention")  # 10 members
    with pytest.raises(ValueError, match=message):
        set_queue_observation(emulator.store, queue_id, **changes)


def test_set_queue_observation_needs_a_known_queue(emulator: Emulator) -> None:
    """Setting observations of a queue that is not in the org is an error."""
    with pytest.raises(ValueError, match="no queue with id"):
        set_queue_observation(emulator.store, "nope", on_queue={"IDLE": 1})


def test_a_new_queue_has_nobody_logged_in(api: httpx.Client) -> None:
    """A queue created through the API has no observation row: no users, zero calls."""
    created = api.post("/api/v2/routing/queues", json={"name": "Brand New"}).json()
    answer = _query(api, _body(created["id"], metrics=("oOnQueueUsers", "oActiveUsers")))
    assert _data(answer, {"queueId": created["id"]}) == [
        {"metric": "oActiveUsers", "stats": {"count": 0}}
    ]


def test_observations_survive_a_restart_from_the_state_file(tmp_path: Path) -> None:
    """Observations set in a served org are saved with it and read back on restart."""
    state = tmp_path / "org.json"
    first = Emulator(clock=FakeClock(), state_file=state)
    queue_id = _queue_id(first, "Billing")
    set_queue_observation(first.store, queue_id, on_queue={"IDLE": 1})
    first.save()
    again = Emulator(clock=FakeClock(), state_file=state)
    data = _data(_query(login(again), _body(queue_id)), {"queueId": queue_id})
    assert data == [{"metric": "oOnQueueUsers", "qualifier": "IDLE", "stats": {"count": 1}}]


@given(
    counts=st.fixed_dictionaries(
        {s: st.integers(0, 5) for s in ("IDLE", "INTERACTING", "COMMUNICATING", "NOT_RESPONDING")}
    )
)
def test_on_queue_qualifiers_sum_to_what_was_set(counts: dict[str, int]) -> None:
    """Summing stats.count over oOnQueueUsers qualifiers gives the agents set on queue."""
    emulator = Emulator(clock=FakeClock(), rate_limit=0)
    queue_id = _queue_id(emulator, "Support - Tier 1")  # 48 members
    set_queue_observation(emulator.store, queue_id, on_queue=counts)
    with login(emulator) as api:
        data = _data(_query(api, _body(queue_id)), {"queueId": queue_id})
    assert sum(d["stats"]["count"] for d in data) == sum(counts.values())
    assert all(d["stats"]["count"] > 0 for d in data)
