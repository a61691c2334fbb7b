"""What the emulated org's queues look like right now: agents by routing status, calls waiting.

One row per queue in the store's ``queue_observations`` table, read by
``POST /api/v2/analytics/queues/observations/query`` (routes/analytics.py)::

    {"queueId": "…",
     "onQueue": {"IDLE": 4, "INTERACTING": 30, "COMMUNICATING": 1, "NOT_RESPONDING": 0},
     "offQueue": {"BREAK": 2, "MEAL": 1},          # logged-in members by system presence
     "conversations": {"voice": {"waiting": 3, "interacting": 30, "alerting": 1}}}

Routing statuses are the SDK's ``RoutingStatus.status`` values (WHL models/routing_status.py);
system presences are ``AgentStatePresenceCount.system_presence``'s (WHL models/
agent_state_presence_count.py); media types are analytics ones (``voice``, not the queue's
``mediaSettings.call``; WHL models/analytics_session.py). A queue without a row has nobody
logged in and nothing waiting. The demo seed draws rows from each queue's member count with a
fixed seed, so every run sees the same org; tests set their own with ``set_queue_observation``.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from cxgate.emulator.model import entity_id
from cxgate.emulator.store import Store

__all__ = [
    "ANALYTICS_MEDIA",
    "CHANNEL_MEDIA",
    "ON_QUEUE_STATUSES",
    "PRESENCE_IDS",
    "TABLE",
    "empty_observation",
    "seeded_observations",
    "set_queue_observation",
]

TABLE = "queue_observations"

# Routing statuses of an agent who is on queue (OFF_QUEUE is the fifth RoutingStatus value).
ON_QUEUE_STATUSES = ("IDLE", "INTERACTING", "COMMUNICATING", "NOT_RESPONDING")
_OFF_QUEUE_PRESENCES = ("AVAILABLE", "AWAY", "BUSY", "BREAK", "MEAL", "MEETING", "TRAINING")
_SYSTEM_PRESENCES = ("ON_QUEUE", *_OFF_QUEUE_PRESENCES, "IDLE", "OFFLINE")

ANALYTICS_MEDIA = ("voice", "chat", "email", "message", "callback")
"""The conversation groups a queue answers for (the order of Genesys' tutorial response)."""

# The org's own presence definition for each system presence: what qualifiers of
# oUserPresences / oOffQueueUsers name, and what ``systemToOrganizationMappings`` maps.
PRESENCE_IDS: Mapping[str, str] = {p: entity_id("presence", p) for p in _SYSTEM_PRESENCES}

# A queue's ``mediaSettings`` channel → the analytics media type of its conversations.
CHANNEL_MEDIA: Mapping[str, str] = {
    "call": "voice",
    "callback": "callback",
    "chat": "chat",
    "email": "email",
    "message": "message",
}

Row = dict[str, Any]


def empty_observation(queue_id: str) -> Row:
    """A queue nobody is logged in to."""
    return {"queueId": queue_id, "onQueue": {}, "offQueue": {}, "conversations": {}}


def set_queue_observation(
    store: Store,
    queue_id: str,
    *,
    on_queue: Mapping[str, int] | None = None,
    off_queue: Mapping[str, int] | None = None,
    conversations: Mapping[str, Mapping[str, int]] | None = None,
) -> Row:
    """Set what a queue looks like now (the test helper); ValueError when it cannot be true.

    ``on_queue`` counts agents by routing status (``{"IDLE": 3, "INTERACTING": 9}``),
    ``off_queue`` logged-in members by system presence, ``conversations`` calls per media
    type (``{"voice": {"waiting": 2}}``). More agents logged in than members is refused.
    """
    on = _counts(on_queue or {}, ON_QUEUE_STATUSES, "routing status")
    off = _counts(off_queue or {}, _OFF_QUEUE_PRESENCES, "off-queue presence")
    row: Row = {
        "queueId": queue_id,
        "onQueue": on,
        "offQueue": off,
        "conversations": {
            media: _counts(counts, ("waiting", "interacting", "alerting"), "conversation state")
            for media, counts in _media_keys(conversations or {}).items()
        },
    }
    with store.lock:
        queue = store.table("queues").get(queue_id)
        if queue is None:
            raise ValueError(f"no queue with id {queue_id} in the emulated org")
        logged_in = sum(on.values()) + sum(off.values())
        if logged_in > int(queue.get("memberCount", 0)):
            raise ValueError(
                f"queue {queue['name']!r} has {queue.get('memberCount', 0)} members; "
                f"{logged_in} cannot be logged in"
            )
        store.table(TABLE)[queue_id] = row
    return row


def _counts(counts: Mapping[str, int], allowed: tuple[str, ...], what: str) -> dict[str, int]:
    for key, value in counts.items():
        if key not in allowed:
            raise ValueError(f"unknown {what} {key!r}: use one of {', '.join(allowed)}")
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{what} {key}: a count must be a whole number ≥ 0, got {value!r}")
    return {key: value for key, value in counts.items() if value}


def _media_keys(conversations: Mapping[str, Mapping[str, int]]) -> dict[str, Mapping[str, int]]:
    for media in conversations:
        if media not in ANALYTICS_MEDIA:
            raise ValueError(
                f"unknown media type {media!r}: use one of {', '.join(ANALYTICS_MEDIA)}"
            )
    return dict(conversations)


def seeded_observations(
    queues: Mapping[str, Mapping[str, Any]], channels: Mapping[str, str] | None = None
) -> dict[str, Row]:
    """A plausible mid-morning for every queue, the same in every run (seeded by queue id).

    ``channels`` names each queue's main channel (``call``, ``chat``...; default ``call``):
    its calls are the ones waiting and being handled.
    """
    channels = channels or {}
    return {
        queue_id: _seeded(queue, CHANNEL_MEDIA[channels.get(queue_id, "call")])
        for queue_id, queue in queues.items()
    }


def _seeded(queue: Mapping[str, Any], media: str) -> Row:
    rng = random.Random(f"cxgate-observations:{queue['id']}")  # a fixed seed: same every run
    members = int(queue.get("memberCount", 0))
    logged_in = round(members * rng.uniform(0.7, 0.95))
    off = round(logged_in * rng.uniform(0.08, 0.2))
    on = logged_in - off
    not_responding = int(on >= 20 and rng.random() < 0.4)
    communicating = int(on >= 10 and rng.random() < 0.5)
    busy = on - not_responding - communicating
    interacting = min(busy, round(on * rng.uniform(0.6, 0.85)))
    idle = busy - interacting
    statuses = {
        "IDLE": idle,
        "INTERACTING": interacting,
        "COMMUNICATING": communicating,
        "NOT_RESPONDING": not_responding,
    }
    presences: dict[str, int] = {}
    for _ in range(off):
        presence = rng.choice(_OFF_QUEUE_PRESENCES)
        presences[presence] = presences.get(presence, 0) + 1
    waiting = rng.randint(0, 1 + on // 10) if idle <= 1 else 0
    traffic = {"waiting": waiting, "interacting": interacting, "alerting": min(idle, 1)}
    return {
        "queueId": queue["id"],
        "onQueue": {k: v for k, v in statuses.items() if v},
        "offQueue": presences,
        "conversations": {media: {k: v for k, v in traffic.items() if v}} if on else {},
    }
