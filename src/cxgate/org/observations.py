"""Agents on queue right now, read from the org: what ``--queue`` and ``agents: live`` project.

The one API read of the staffing projection (genesys-api.md §9): ``POST /api/v2/analytics/
queues/observations/query`` with an OR of ``queueId`` predicates and the metric
``oOnQueueUsers``, which answers one datum per routing status (IDLE, INTERACTING,
COMMUNICATING, NOT_RESPONDING) in a per-queue group; the agents on queue are the sum of their
``stats.count``. A status with nobody in it may be left out, and so may a queue with nobody on
it: both count as zero. Many queues cost one query per ``MAX_QUEUES_PER_QUERY``.

The network stays in the client: these functions only build requests and read answers.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from cxgate.errors import ApiError, MissingError, UnexpectedResponseError
from cxgate.staffing.agents import OBSERVATIONS_QUERY, QueueAgents

if TYPE_CHECKING:
    from cxgate.client import GenesysClient

__all__ = [
    "MAX_QUEUES_PER_QUERY",
    "QUEUES",
    "close_names",
    "observe_queues",
    "on_queue_agents",
    "queue_id_by_name",
]

QUEUES = "/api/v2/routing/queues"

MAX_QUEUES_PER_QUERY = 100
"""Queue predicates per query. Genesys documents no limit that we found (UNCONFIRMED); 100 is
what integrators batch at, and the emulator refuses more, so batching is exercised."""

_METRICS = ("oOnQueueUsers", "oActiveUsers", "oMemberUsers")


def on_queue_agents(client: GenesysClient, queue_ids: Iterable[str]) -> dict[str, int]:
    """Agents on queue now for each queue id (0 for a queue nobody is on)."""
    return {queue_id: seen.on_queue for queue_id, seen in observe_queues(client, queue_ids).items()}


def observe_queues(client: GenesysClient, queue_ids: Iterable[str]) -> dict[str, QueueAgents]:
    """Each queue's agents now, in the order given (repeats once), one query per batch."""
    wanted = list(dict.fromkeys(queue_ids))
    found: dict[str, QueueAgents] = {}
    for batch in _batches(wanted, MAX_QUEUES_PER_QUERY):
        # A query reads and changes nothing, so it is as safe to retry as a GET.
        answer = client.post(OBSERVATIONS_QUERY, json=_query(batch), idempotent=True)
        found.update(_read_answer(answer, set(batch)))
    return {queue_id: found.get(queue_id, QueueAgents(queue_id)) for queue_id in wanted}


def _batches(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _query(queue_ids: Sequence[str]) -> dict[str, Any]:
    """QueueObservationQuery (WHL models/queue_observation_query*.py) for these queues."""
    predicates = [
        {"type": "dimension", "dimension": "queueId", "operator": "matches", "value": queue_id}
        for queue_id in queue_ids
    ]
    return {"filter": {"type": "or", "predicates": predicates}, "metrics": list(_METRICS)}


def _read_answer(answer: Any, wanted: set[str]) -> dict[str, QueueAgents]:
    """Per-queue groups of a QueueObservationQueryResponse; media-type groups are skipped."""
    if not isinstance(answer, dict):
        raise _unreadable("it is not a JSON object")
    results = answer.get("results")
    if results is None:
        return {}  # nothing observed for any of these queues
    if not isinstance(results, list):
        raise _unreadable("'results' is not a list")
    found: dict[str, QueueAgents] = {}
    for result in results:
        group = result.get("group") if isinstance(result, dict) else None
        if not isinstance(group, dict) or "mediaType" in group:
            continue
        queue_id = group.get("queueId")
        if queue_id in wanted:
            found[queue_id] = _agents(queue_id, result.get("data") or [])
    return found


def _agents(queue_id: str, data: list[Any]) -> QueueAgents:
    by_status: dict[str, int] = {}
    totals = {"oActiveUsers": 0, "oMemberUsers": 0}
    for datum in data:
        metric = datum.get("metric") if isinstance(datum, dict) else None
        if metric == "oOnQueueUsers":
            status = str(datum.get("qualifier") or "UNQUALIFIED")
            by_status[status] = by_status.get(status, 0) + _count(datum)
        elif metric in totals:
            totals[metric] += _count(datum)
    return QueueAgents(queue_id, by_status, totals["oActiveUsers"], totals["oMemberUsers"])


def _count(datum: Mapping[str, Any]) -> int:
    count = (datum.get("stats") or {}).get("count", 0)
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise _unreadable(f"{datum.get('metric')} has count {count!r}, not a whole number")
    return count


def _unreadable(why: str) -> ApiError:
    """An answer we cannot trust: better no projection than one on a wrong agent count."""
    return UnexpectedResponseError(
        f"queue observations answer cannot be read: {why}",
        status=200,
        method="POST",
        path=OBSERVATIONS_QUERY,
    )


def queue_id_by_name(client: GenesysClient, name: str) -> str:
    """The id of the queue called ``name`` (exact; else the one equal ignoring case).

    ``GET /api/v2/routing/queues?name=`` matches names ignoring case, with ``*`` as a
    wildcard at either end (PYDOC RoutingApi.md). When no queue has that name, MissingError
    names the closest ones, from one more listing of every queue.
    """
    candidates = client.list_all(QUEUES, {"name": name})
    exact = [q for q in candidates if q.get("name") == name]
    folded = [q for q in candidates if str(q.get("name", "")).casefold() == name.casefold()]
    for matches in (exact, folded):
        if matches:
            return str(matches[0]["id"])
    names = [str(q.get("name", "")) for q in client.list_all(QUEUES)]
    raise MissingError(_missing_queue(name, names))


def _missing_queue(name: str, names: Sequence[str]) -> str:
    close = close_names(name, names)
    if close:
        return f"no queue is named {name!r}; did you mean {', '.join(map(repr, close))}?"
    return (
        f"no queue is named {name!r} among the org's {len(names)} queues; "
        "list them with `cxgate org queues`"
    )


def close_names(name: str, names: Sequence[str], limit: int = 5) -> list[str]:
    """Names that look like ``name`` (most alike first), then names containing it; case is
    ignored and ties go alphabetically, so the suggestion is the same every time."""
    by_folded = {n.casefold(): n for n in names}
    wanted = name.casefold().strip("*")
    alike = {f: difflib.SequenceMatcher(None, wanted, f).ratio() for f in by_folded}
    similar = sorted((f for f, r in alike.items() if r >= 0.6), key=lambda f: (-alike[f], f))
    containing = sorted(f for f in by_folded if wanted and wanted in f)
    ranked = list(dict.fromkeys([*similar, *containing]))
    return [by_folded[f] for f in ranked[:limit]]
