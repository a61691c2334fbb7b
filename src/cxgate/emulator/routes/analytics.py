"""``POST /api/v2/analytics/queues/observations/query``: who is on each queue right now.

Body QueueObservationQuery ``{filter, metrics, detailMetrics}`` (WHL models/
queue_observation_query*.py), answered from the ``queue_observations`` table (observations.py)
as QueueObservationQueryResponse (genesys-api.md §9):

- user metrics (oOnQueueUsers, oUserRoutingStatuses, oOffQueueUsers, oUserPresences,
  oActiveUsers, oMemberUsers) in one group per queue, ``{"queueId"}``, one datum per
  ``qualifier`` (routing status, or the org's presence id) with a non-zero count;
- conversation metrics (oWaiting, oInteracting, oAlerting, oLongestWaiting,
  oLongestInteracting) in one group per queue and media type, ``{"queueId", "mediaType"}``,
  a count for every analytics media type, zero included (as Genesys' tutorial response shows).

The filter is evaluated per group; a ``mediaType`` predicate does not apply to the per-queue
user groups (their group has no media type). Modelled, not documented: a query must name at
least one queue (like the documented rule of user observation queries, which must filter on
``userId``), and carries at most ``MAX_PREDICATES`` predicates — the cxgate client batches at
that size. Unknown queue ids answer no group.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cxgate.emulator.model import entity_id
from cxgate.emulator.observations import (
    ANALYTICS_MEDIA,
    ON_QUEUE_STATUSES,
    PRESENCE_IDS,
    TABLE,
    empty_observation,
)
from cxgate.emulator.router import ApiRequest, RouteGroup
from cxgate.emulator.routes.common import ok
from cxgate.emulator.routes.observation_query import (
    QUEUE_OBSERVATION_QUERY,
    ObservationQuery,
    read_query,
)
from cxgate.emulator.wire import Reply, iso_ms

__all__ = ["QUERY", "QUEUE_OBSERVATION_QUERY", "routes"]

routes = RouteGroup()

QUERY = "/api/v2/analytics/queues/observations/query"

Row = dict[str, Any]
Datum = dict[str, Any]

_USER_METRICS = (
    "oActiveUsers",
    "oMemberUsers",
    "oOffQueueUsers",
    "oOnQueueUsers",
    "oUserPresences",
    "oUserRoutingStatuses",
)
_PRESENCE_METRICS = ("oOffQueueUsers", "oUserPresences")
_CONVERSATION_STATE = {
    "oWaiting": "waiting",
    "oInteracting": "interacting",
    "oAlerting": "alerting",
    "oLongestWaiting": "waiting",
    "oLongestInteracting": "interacting",
}


@routes.post(QUERY)
def query_queue_observations(request: ApiRequest) -> Reply:
    """Observations of the queues the filter names, for the metrics asked."""
    query = read_query(request.json_body())
    queues = request.store.table("queues")
    rows = request.store.table(TABLE)
    results: list[dict[str, Any]] = []
    for queue_id in query.queue_ids:
        queue = queues.get(queue_id)
        if queue is not None:
            row = rows.get(queue_id) or empty_observation(queue_id)
            results += _queue_results(query, queue, row, request.now)
    body: dict[str, Any] = {"results": results}
    if any(m in query.metrics for m in _PRESENCE_METRICS):
        body["systemToOrganizationMappings"] = {p: [i] for p, i in PRESENCE_IDS.items()}
    return ok(body)


def _queue_results(
    query: ObservationQuery, queue: Mapping[str, Any], row: Row, now: float
) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    user_metrics = [m for m in query.metrics if m in _USER_METRICS]
    group: dict[str, str] = {"queueId": queue["id"]}
    if user_metrics and query.matches(group):
        data = [d for m in user_metrics for d in _user_data(m, queue, row, query.detail)]
        results.append({"group": group, "data": data})
    conversation_metrics = [m for m in query.metrics if m in _CONVERSATION_STATE]
    for media in ANALYTICS_MEDIA if conversation_metrics else ():
        group = {"queueId": queue["id"], "mediaType": media}
        if query.matches(group):
            counts = row["conversations"].get(media, {})
            data = [
                _conversation_datum(m, counts, group, now, query.detail)
                for m in conversation_metrics
            ]
            results.append({"group": group, "data": data})
    return results


def _user_data(
    metric: str, queue: Mapping[str, Any], row: Row, detail: frozenset[str]
) -> list[Datum]:
    on_queue: dict[str, int] = row["onQueue"]
    off_queue: dict[str, int] = row["offQueue"]
    logged_in = sum(on_queue.values()) + sum(off_queue.values())
    by_qualifier: dict[str | None, int]
    if metric == "oOnQueueUsers":
        by_qualifier = {s: on_queue.get(s, 0) for s in ON_QUEUE_STATUSES}
    elif metric == "oUserRoutingStatuses":
        by_qualifier = {
            **{s: on_queue.get(s, 0) for s in ON_QUEUE_STATUSES},
            "OFF_QUEUE": sum(off_queue.values()),
        }
    elif metric == "oOffQueueUsers":
        by_qualifier = {PRESENCE_IDS[p]: n for p, n in off_queue.items()}
    elif metric == "oUserPresences":
        presences = {"ON_QUEUE": sum(on_queue.values()), **off_queue}
        by_qualifier = {PRESENCE_IDS[p]: n for p, n in presences.items()}
    elif metric == "oActiveUsers":
        return [_datum(metric, None, logged_in, queue["id"], metric in detail)]
    else:  # oMemberUsers
        return [_datum(metric, None, int(queue.get("memberCount", 0)), queue["id"], False)]
    return [
        _datum(metric, qualifier, count, f"{queue['id']}:{qualifier}", metric in detail)
        for qualifier, count in by_qualifier.items()
        if count
    ]


def _datum(metric: str, qualifier: str | None, count: int, seed: str, detailed: bool) -> Datum:
    datum: Datum = {"metric": metric}
    if qualifier is not None:
        datum["qualifier"] = qualifier
    datum["stats"] = {"count": count}
    if detailed:
        datum["truncated"] = False
        datum["observations"] = [{"userId": entity_id("user", f"{seed}:{i}")} for i in range(count)]
    return datum


def _conversation_datum(
    metric: str,
    counts: Mapping[str, int],
    group: Mapping[str, str],
    now: float,
    detail: frozenset[str],
) -> Datum:
    count = counts.get(_CONVERSATION_STATE[metric], 0)
    datum: Datum = {"metric": metric, "stats": {"count": count}}
    longest = metric.startswith("oLongest")
    if (longest or metric in detail) and count:
        shown = 1 if longest else count
        datum["truncated"] = False
        datum["observations"] = [_conversation(group, metric, i, now) for i in range(shown)]
    return datum


def _conversation(group: Mapping[str, str], metric: str, index: int, now: float) -> Datum:
    seed = f"{group['queueId']}:{group['mediaType']}:{_CONVERSATION_STATE[metric]}:{index}"
    return {
        "observationDate": iso_ms(now - 30.0 * (index + 1)),
        "conversationId": entity_id("conversation", seed),
        "sessionId": entity_id("session", seed),
        "routingPriority": 0,
        "direction": "inbound",
    }
