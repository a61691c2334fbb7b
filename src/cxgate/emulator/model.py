"""API-shaped entities: how each kind looks when the API returns it, and queue defaults.

Seeds and handlers both build entities here, so a queue made by ``POST`` and one loaded
from the demo seed have the same fields in the same order (WHL ``models/queue.py`` order).
Field names are the SDK's ``attribute_map`` JSON keys; the contract tests hold them to it.
"""

from __future__ import annotations

import copy
import uuid
from typing import Any

__all__ = [
    "QUEUE_ORDER",
    "division_ref",
    "entity_id",
    "language_entity",
    "ordered_queue",
    "queue_entity",
    "queue_settings",
    "self_uri",
    "skill_entity",
    "wrapup_code_entity",
]

Entity = dict[str, Any]

# Stable ids: the same name gives the same id in every run (uuid5), so output diffs cleanly.
_NAMESPACE = uuid.UUID("5d2c6f0e-8f1a-4c1e-9a57-3c0b7f6a2e41")

_SELF_URI = {
    "queues": "/api/v2/routing/queues/{}",
    "skills": "/api/v2/routing/skills/{}",
    "languages": "/api/v2/routing/languages/{}",
    "wrapupcodes": "/api/v2/routing/wrapupcodes/{}",
    "divisions": "/api/v2/authorization/divisions/{}",
    # The org's only path in the SDK is /me (there is no /organizations/{id} operation).
    "organization": "/api/v2/organizations/me",
}

# Queue JSON keys in the SDK's order, so responses read like the real ones.
QUEUE_ORDER = (
    "id",
    "name",
    "division",
    "description",
    "dateCreated",
    "dateModified",
    "modifiedBy",
    "createdBy",
    "memberCount",
    "userMemberCount",
    "joinedMemberCount",
    "mediaSettings",
    "routingRules",
    "conditionalGroupRouting",
    "conditionalGroupActivation",
    "bullseye",
    "scoringMethod",
    "lastAgentRoutingMode",
    "acwSettings",
    "skillEvaluationMethod",
    "memberGroups",
    "queueFlow",
    "emailInQueueFlow",
    "messageInQueueFlow",
    "whisperPrompt",
    "onHoldPrompt",
    "defaultMediaLanguage",
    "autoAnswerOnly",
    "cannedResponseLibraries",
    "enableTranscription",
    "enableAudioMonitoring",
    "enableManualAssignment",
    "agentOwnedRouting",
    "directRouting",
    "callingPartyName",
    "callingPartyNumber",
    "defaultScripts",
    "outboundMessagingAddresses",
    "outboundEmailAddress",
    "peerId",
    "suppressInQueueCallRecording",
    "selfUri",
)


def entity_id(kind: str, name: str) -> str:
    """A deterministic id for an entity of ``kind`` named ``name``."""
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{name.casefold()}"))


def self_uri(kind: str, entity_id_: str) -> str:
    """The ``selfUri`` of an entity."""
    return _SELF_URI[kind].format(entity_id_)


def division_ref(division: Entity) -> Entity:
    """How other entities point at a division: id, name, selfUri."""
    return {"id": division["id"], "name": division["name"], "selfUri": division["selfUri"]}


def _media(alerting: int, percentage: float, duration_ms: int) -> Entity:
    return {
        "enableAutoAnswer": False,
        "alertingTimeoutSeconds": alerting,
        "serviceLevel": {"percentage": percentage, "durationMs": duration_ms},
    }


def _default_media() -> Entity:
    """The media settings a new queue gets (UI defaults: 80% in 20 s for live channels)."""
    return {
        "call": _media(8, 0.8, 20_000),
        "callback": {
            **_media(30, 0.8, 20_000),
            "mode": "AgentFirst",
            "enableAutoDialAndEnd": False,
            "autoDialDelaySeconds": 300,
            "autoEndDelaySeconds": 300,
        },
        "chat": _media(30, 0.8, 20_000),
        "email": _media(300, 0.8, 86_400_000),
        "message": {**_media(30, 0.8, 20_000), "enableInactivityTimeout": False},
    }


_QUEUE_DEFAULTS: Entity = {
    "routingRules": [],
    "scoringMethod": "TimestampAndPriority",
    "lastAgentRoutingMode": "Disabled",
    "acwSettings": {"wrapupPrompt": "OPTIONAL"},
    "skillEvaluationMethod": "ALL",
    "memberGroups": [],
    "autoAnswerOnly": False,
    "enableTranscription": False,
    "enableAudioMonitoring": False,
    "enableManualAssignment": False,
    "suppressInQueueCallRecording": False,
}


def queue_settings(body: Entity) -> Entity:
    """A queue's configurable fields: the defaults, overlaid by ``body``.

    PUT is a full replacement (genesys-api.md §6): what the body omits goes back to its
    default, and each channel's media settings are completed from the channel's defaults.
    """
    settings = copy.deepcopy(_QUEUE_DEFAULTS)
    settings.update(copy.deepcopy(body))
    media = _default_media()
    for channel, given in (body.get("mediaSettings") or {}).items():
        if isinstance(given, dict):
            media[channel] = {**media.get(channel, {}), **copy.deepcopy(given)}
    settings["mediaSettings"] = media
    return settings


def queue_entity(
    queue_id: str,
    settings: Entity,
    *,
    division: Entity,
    created: str,
    by: str,
    member_count: int = 0,
) -> Entity:
    """A queue as the API returns it, with server-maintained fields filled in."""
    body = {
        **queue_settings(settings),
        "id": queue_id,
        "division": division_ref(division),
        "dateCreated": created,
        "dateModified": created,
        "modifiedBy": by,
        "createdBy": by,
        "memberCount": member_count,
        "userMemberCount": member_count,
        "joinedMemberCount": (member_count * 3) // 4,
        "selfUri": self_uri("queues", queue_id),
    }
    return ordered_queue(body)


def ordered_queue(queue: Entity) -> Entity:
    """The queue's keys in SDK order (unknown keys dropped)."""
    return {key: queue[key] for key in QUEUE_ORDER if key in queue}


def skill_entity(name: str, division: Entity, modified: str) -> Entity:
    """A routing skill (WHL models/routing_skill.py; ``version`` is a string)."""
    skill_id = entity_id("skill", name)
    return {
        "id": skill_id,
        "name": name,
        "division": division_ref(division),
        "dateModified": modified,
        "state": "active",
        "version": "1",
        "selfUri": self_uri("skills", skill_id),
    }


def language_entity(name: str, modified: str) -> Entity:
    """A routing language (WHL models/language.py)."""
    language_id = entity_id("language", name)
    return {
        "id": language_id,
        "name": name,
        "dateModified": modified,
        "state": "active",
        "version": "1",
        "selfUri": self_uri("languages", language_id),
    }


def wrapup_code_entity(
    name: str, division: Entity, created: str, by: str, description: str | None = None
) -> Entity:
    """A wrap-up code (WHL models/wrapup_code.py)."""
    code_id = entity_id("wrapupcode", name)
    entity: Entity = {"id": code_id, "name": name, "division": division_ref(division)}
    if description:
        entity["description"] = description
    entity.update(
        {
            "dateCreated": created,
            "dateModified": created,
            "createdBy": by,
            "modifiedBy": by,
            "selfUri": self_uri("wrapupcodes", code_id),
        }
    )
    return entity
