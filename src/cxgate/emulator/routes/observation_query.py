"""Reading a QueueObservationQuery body: 400s like the API's, then a filter to match groups.

Fields and enums from WHL models/queue_observation_query{,_filter,_clause,_predicate}.py.
The SDK compares enum values ignoring case (its setters lower-case both sides) and Genesys'
own tutorial sends ``"type": "AND"``, so case is ignored here too; a predicate without a type
is a dimension predicate and one without an operator ``matches`` (the tutorial omits both).
The metrics enum is not in the Python SDK (``list[str]``): it is the Java SDK's
``QueueObservationQuery.MetricsEnum`` (genesys-api.md §9).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from cxgate.emulator.schema import BodySpec, validate
from cxgate.emulator.wire import ReplyError, bad_request

__all__ = [
    "DETAIL_METRICS",
    "MAX_PREDICATES",
    "MEDIA_TYPES",
    "METRICS",
    "QUEUE_OBSERVATION_QUERY",
    "ObservationQuery",
    "read_query",
]

QUEUE_OBSERVATION_QUERY = BodySpec(
    model="QueueObservationQuery",
    required=("filter", "metrics"),
    types={"filter": "object", "metrics": "array", "detailMetrics": "array"},
)

METRICS = (
    "oActiveUsers",
    "oAlerting",
    "oInteracting",
    "oLongestInteracting",
    "oLongestWaiting",
    "oMemberUsers",
    "oOffQueueUsers",
    "oOnQueueUsers",
    "oUserPresences",
    "oUserRoutingStatuses",
    "oWaiting",
)
DETAIL_METRICS = tuple(m for m in METRICS if not m.startswith("oLongest"))

# Analytics media types (WHL models/analytics_session.py ``media_type`` allowed values).
MEDIA_TYPES = (
    "callback",
    "chat",
    "cobrowse",
    "email",
    "internalmessage",
    "message",
    "screenmonitoring",
    "screenshare",
    "unknown",
    "video",
    "voice",
)

MAX_PREDICATES = 100
"""Modelled: no documented figure was found; the cxgate client sends at most this many."""

_LOGIC = ("and", "or")
_PREDICATE_TYPES = ("dimension", "property", "metric")
_DIMENSIONS = ("mediaType", "queueId")
_OPERATORS = ("matches", "exists", "notExists")


@dataclass(frozen=True, slots=True)
class Predicate:
    """``dimension operator value`` on one group."""

    dimension: str
    operator: str
    value: str | None

    def holds(self, group: Mapping[str, str]) -> bool:
        """A dimension the group does not have (mediaType of a per-queue group) is no test."""
        if self.dimension not in group:
            return True
        if self.operator == "matches":
            return group[self.dimension] == self.value
        return self.operator == "exists"


@dataclass(frozen=True, slots=True)
class Clause:
    """Predicates joined by ``and`` or ``or``."""

    logic: str
    predicates: tuple[Predicate, ...]

    def holds(self, group: Mapping[str, str]) -> bool:
        """The clause on one group."""
        results = (p.holds(group) for p in self.predicates)
        return all(results) if self.logic == "and" else any(results)


@dataclass(frozen=True, slots=True)
class ObservationQuery:
    """A valid query: the filter, the queues it names in order, the metrics asked."""

    logic: str
    parts: tuple[Predicate | Clause, ...]
    queue_ids: tuple[str, ...]
    metrics: tuple[str, ...]
    detail: frozenset[str]

    def matches(self, group: Mapping[str, str]) -> bool:
        """Whether the filter selects this result group."""
        results = (part.holds(group) for part in self.parts)
        return all(results) if self.logic == "and" else any(results)


def read_query(body: Any) -> ObservationQuery:
    """The query in ``body``, or a 400 naming the first field that is wrong."""
    fields = validate(body, QUEUE_OBSERVATION_QUERY)
    detail = _metric_list(fields.get("detailMetrics") or [], DETAIL_METRICS, "detailMetrics")
    asked = _metric_list(fields["metrics"], METRICS, "metrics", allow_empty=False)
    # A metric asked only in detailMetrics is answered too, with its observations, as the
    # real API answers it (QueueObservationQuery: "detailMetrics" are metrics for which
    # to include additional detailed observations).
    metrics = tuple(dict.fromkeys((*asked, *detail)))
    raw = fields["filter"]
    logic = _enum(raw.get("type"), _LOGIC, "filter.type")
    parts: list[Predicate | Clause] = [
        _predicate(p, f"filter.predicates[{i}]") for i, p in enumerate(_items(raw, "predicates"))
    ]
    parts += [_clause(c, f"filter.clauses[{i}]") for i, c in enumerate(_items(raw, "clauses"))]
    if not parts:
        raise bad_request("The filter needs predicates or clauses.", "filter")
    predicates = list(_all_predicates(parts))
    if len(predicates) > MAX_PREDICATES:
        raise bad_request(
            f"The filter has {len(predicates)} predicates; at most {MAX_PREDICATES} are allowed.",
            "filter",
        )
    queue_ids = _queue_ids(predicates)
    return ObservationQuery(logic, tuple(parts), queue_ids, metrics, frozenset(detail))


def _items(node: Mapping[str, Any], key: str) -> list[Any]:
    value = node.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise _invalid(value, f"filter.{key}", "Expected array.")
    return value


def _clause(raw: Any, where: str) -> Clause:
    if not isinstance(raw, dict):
        raise _invalid(raw, where, "Expected object.")
    logic = _enum(raw.get("type"), _LOGIC, f"{where}.type")
    predicates = raw.get("predicates")
    if not isinstance(predicates, list) or not predicates:
        raise bad_request(
            f"A clause needs at least one predicate ({where}).", f"{where}.predicates"
        )
    items = (_predicate(p, f"{where}.predicates[{i}]") for i, p in enumerate(predicates))
    return Clause(logic, tuple(items))


def _predicate(raw: Any, where: str) -> Predicate:
    if not isinstance(raw, dict):
        raise _invalid(raw, where, "Expected object.")
    kind = _enum(raw.get("type") or "dimension", _PREDICATE_TYPES, f"{where}.type")
    if kind != "dimension":
        raise bad_request(
            f"Predicate type [{kind}] is not supported by queue observation queries; "
            "filter on the dimensions queueId and mediaType.",
            f"{where}.type",
            code="invalid.value",
        )
    dimension = _enum(raw.get("dimension"), _DIMENSIONS, f"{where}.dimension")
    operator = _enum(raw.get("operator") or "matches", _OPERATORS, f"{where}.operator")
    value = raw.get("value")
    if operator == "matches":
        if not isinstance(value, str) or not value:
            raise bad_request(
                f"A matches predicate needs a value ({where}).", f"{where}.value", "invalid.value"
            )
        if dimension == "mediaType" and value not in MEDIA_TYPES:
            raise _not_allowed(value, f"{where}.value", MEDIA_TYPES)
    return Predicate(dimension, operator, value if operator == "matches" else None)


def _enum(value: Any, allowed: tuple[str, ...], where: str) -> str:
    """The allowed spelling of ``value`` (case ignored); a 400 when missing or not allowed."""
    if value is None or value == "":
        raise bad_request(f"The request body is missing the required field [{where}].", where)
    for option in allowed:
        if isinstance(value, str) and value.lower() == option.lower():
            return option
    raise _not_allowed(value, where, allowed)


def _metric_list(
    value: Any, allowed: tuple[str, ...], where: str, *, allow_empty: bool = True
) -> tuple[str, ...]:
    if not value and not allow_empty:
        raise bad_request(f"The request body is missing the required field [{where}].", where)
    for i, item in enumerate(value):
        if item not in allowed:
            raise _not_allowed(item, f"{where}[{i}]", allowed)
    return tuple(dict.fromkeys(value))


def _all_predicates(parts: list[Predicate | Clause]) -> Iterator[Predicate]:
    for part in parts:
        if isinstance(part, Clause):
            yield from part.predicates
        else:
            yield part


def _queue_ids(predicates: list[Predicate]) -> tuple[str, ...]:
    named = [p.value for p in predicates if p.dimension == "queueId" and p.value is not None]
    if not named:
        raise bad_request(
            "A queue observation query must name its queues: add predicates "
            '{"dimension": "queueId", "value": "<queue id>"} to the filter.',
            "filter",
        )
    return tuple(dict.fromkeys(named))


def _invalid(value: Any, where: str, expected: str) -> ReplyError:
    return bad_request(
        f"Value [{value}] is not valid for field [{where}]. {expected}", where, "invalid.value"
    )


def _not_allowed(value: Any, where: str, allowed: tuple[str, ...]) -> ReplyError:
    return bad_request(
        f"Value [{value}] is not valid for field [{where}]. Allowable values are: "
        + ", ".join(allowed),
        where,
        "invalid.value",
    )
