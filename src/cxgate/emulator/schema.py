"""What each request body must look like, and 400s like the real API's when it does not.

Each ``BodySpec`` names the SDK request model it stands for; the contract tests check that
every field, JSON type and enum list here matches that model (WHL ``models/*.py``
``swagger_types`` and setter ``allowed_values``), so the emulator cannot drift from the API.
A property the model does not have is refused with 400 ``invalid.property`` ("Value [x] is
not a valid property for object [Model]", the swagger's ``x-inin-error-codes`` text), as
Genesys refuses it, so a field cxgate sends by mistake fails in tests. Read-only fields of
the model are accepted and ignored.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from cxgate.emulator.codes import message
from cxgate.emulator.wire import bad_request

__all__ = [
    "AUDIT_QUERY_REQUEST",
    "CREATE_QUEUE",
    "CREATE_SKILL",
    "FEATURE_STATE",
    "LANGUAGE",
    "ORGANIZATION",
    "QUEUE_REQUEST",
    "UPDATE_SKILL_DIVISION",
    "WRAPUP_CODE_REQUEST",
    "BodySpec",
    "strict_object",
    "validate",
]

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
    "any": (object,),
}


@dataclass(frozen=True, slots=True)
class BodySpec:
    """A request model: required fields, JSON type per writable field, read-only fields the
    API accepts and ignores, and enum values by dotted path (``rules[].metric``)."""

    model: str
    types: Mapping[str, str]
    required: tuple[str, ...] = ()
    readonly: tuple[str, ...] = ()
    enums: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def validate(body: Any, spec: BodySpec) -> dict[str, Any]:
    """The writable fields of ``body``; raises a 400 ReplyError naming the first bad field
    (all problems are listed in ``details``)."""
    if not isinstance(body, dict):
        raise bad_request(
            "The request could not be understood by the server due to malformed syntax."
        )
    problems = [
        *_unknown(body, spec),
        *_missing(body, spec),
        *_wrong_types(body, spec),
        *_bad_enums(body, spec),
    ]
    if problems:
        first_field, first_message, code = problems[0]
        error = bad_request(first_message, first_field, code)
        error.details = tuple({"errorCode": c, "fieldName": f} for f, _, c in problems)
        raise error
    return {k: v for k, v in body.items() if k in spec.types}


def _unknown(body: dict[str, Any], spec: BodySpec) -> Iterator[tuple[str, str, str]]:
    for name in body:
        if name not in spec.types and name not in spec.readonly:
            yield name, message("invalid.property", name, spec.model), "invalid.property"


def strict_object(body: Any, model: str, allowed: tuple[str, ...]) -> dict[str, Any]:
    """``body`` as an object with only ``allowed`` properties (an absent body is ``{}``);
    400 otherwise. For bodies whose fields a route checks itself."""
    if body is None:
        return {}
    return validate(body, BodySpec(model, dict.fromkeys(allowed, "any")))


def _missing(body: dict[str, Any], spec: BodySpec) -> Iterator[tuple[str, str, str]]:
    for name in spec.required:
        value = body.get(name)
        if value is None or value == "":
            yield name, f"The request body is missing the required field [{name}].", "bad.request"


def _wrong_types(body: dict[str, Any], spec: BodySpec) -> Iterator[tuple[str, str, str]]:
    for name, json_type in spec.types.items():
        value = body.get(name)
        if value is None or json_type == "any":
            continue
        is_bool = isinstance(value, bool)
        if not isinstance(value, _JSON_TYPES[json_type]) or (
            is_bool and json_type in ("integer", "number")
        ):
            message = f"Value [{value}] is not valid for field [{name}]. Expected {json_type}."
            yield name, message, "invalid.value"


def _bad_enums(body: dict[str, Any], spec: BodySpec) -> Iterator[tuple[str, str, str]]:
    for path, allowed in spec.enums.items():
        for where, value in _values_at(body, path.split(".")):
            if value is not None and value not in allowed:
                kind = path.rsplit(".", 1)[-1].removesuffix("[]")
                message = (
                    f"Value [{value}] is not valid for field type [{kind[:1].upper()}{kind[1:]}]. "
                    f"Allowable values are: {', '.join(allowed)}"
                )
                yield where, message, "invalid.value"


def _values_at(node: Any, segments: list[str], where: str = "") -> Iterator[tuple[str, Any]]:
    """Every value at a dotted path; ``name[]`` steps into each item of a list."""
    if not segments:
        yield where, node
        return
    if not isinstance(node, dict):
        return
    head, rest = segments[0], segments[1:]
    key = head.removesuffix("[]")
    child = node.get(key)
    here = f"{where}.{key}" if where else key
    if head.endswith("[]"):
        for i, item in enumerate(child if isinstance(child, list) else []):
            yield from _values_at(item, rest, f"{here}[{i}]")
    else:
        yield from _values_at(child, rest, here)


_MEMBER_GROUP_TYPES = ("TEAM", "GROUP", "SKILLGROUP")
_COMPARISONS = ("GreaterThan", "GreaterThanOrEqualTo", "LessThan", "LessThanOrEqualTo")
_REACTIONS = ("HangUp", "TransferToQueue", "TransferToFlow")

QUEUE_REQUEST = BodySpec(
    model="QueueRequest",
    required=("name",),
    types={
        "name": "string",
        "division": "object",
        "description": "string",
        "mediaSettings": "object",
        "routingRules": "array",
        "conditionalGroupRouting": "object",
        "conditionalGroupActivation": "object",
        "bullseye": "object",
        "scoringMethod": "string",
        "lastAgentRoutingMode": "string",
        "acwSettings": "object",
        "skillEvaluationMethod": "string",
        "memberGroups": "array",
        "queueFlow": "object",
        "emailInQueueFlow": "object",
        "messageInQueueFlow": "object",
        "whisperPrompt": "object",
        "onHoldPrompt": "object",
        "defaultMediaLanguage": "string",
        "autoAnswerOnly": "boolean",
        "cannedResponseLibraries": "object",
        "enableTranscription": "boolean",
        "enableAudioMonitoring": "boolean",
        "enableManualAssignment": "boolean",
        "agentOwnedRouting": "object",
        "directRouting": "object",
        "callingPartyName": "string",
        "callingPartyNumber": "string",
        "defaultScripts": "object",
        "outboundMessagingAddresses": "object",
        "outboundEmailAddress": "object",
        "peerId": "string",
        "suppressInQueueCallRecording": "boolean",
    },
    readonly=(
        "id",
        "dateCreated",
        "dateModified",
        "modifiedBy",
        "createdBy",
        "memberCount",
        "userMemberCount",
        "joinedMemberCount",
        "selfUri",
    ),
    enums={
        "scoringMethod": ("TimestampAndPriority", "PriorityOnly"),
        "lastAgentRoutingMode": ("Disabled", "QueueMembersOnly", "AnyAgent"),
        "skillEvaluationMethod": ("NONE", "BEST", "ALL"),
        "acwSettings.wrapupPrompt": (
            "MANDATORY",
            "OPTIONAL",
            "MANDATORY_TIMEOUT",
            "MANDATORY_FORCED_TIMEOUT",
            "AGENT_REQUESTED",
        ),
        "routingRules[].operator": ("MEETS_THRESHOLD", "ANY"),
        "bullseye.rings[].expansionCriteria[].type": ("TIMEOUT_SECONDS",),
        "bullseye.rings[].memberGroups[].type": _MEMBER_GROUP_TYPES,
        "memberGroups[].type": _MEMBER_GROUP_TYPES,
        "mediaSettings.callback.mode": ("AgentFirst", "CustomerFirst"),
        "mediaSettings.callback.liveVoiceReactionType": _REACTIONS,
        "mediaSettings.callback.answeringMachineReactionType": _REACTIONS,
        "conditionalGroupRouting.rules[].metric": ("EstimatedWaitTime", "ServiceLevel"),
        "conditionalGroupRouting.rules[].operator": _COMPARISONS,
        "conditionalGroupRouting.rules[].groups[].type": _MEMBER_GROUP_TYPES,
        "cannedResponseLibraries.mode": ("All", "SelectedOnly", "None"),
    },
)

CREATE_QUEUE = BodySpec(
    model="CreateQueueRequest",
    required=QUEUE_REQUEST.required,
    types={**QUEUE_REQUEST.types, "sourceQueueId": "string"},
    readonly=QUEUE_REQUEST.readonly,
    enums=QUEUE_REQUEST.enums,
)

ORGANIZATION = BodySpec(
    model="Organization",
    # "version": "The current version of the organization" — required to update
    # (genesys-api.md §7, WHL models/organization.py).
    required=("version",),
    types={
        "name": "string",
        "defaultLanguage": "string",
        "defaultCountryCode": "string",
        "thirdPartyURI": "string",
        "version": "integer",
        "state": "string",
        "defaultSiteId": "string",
        "supportURI": "string",
        "voicemailEnabled": "boolean",
        "productPlatform": "string",
    },
    # thirdPartyOrgName is immutable; features change only through PATCH /features.
    readonly=("id", "thirdPartyOrgName", "domain", "features", "selfUri"),
    enums={
        "state": ("active", "inactive", "deleted"),
        "productPlatform": (
            "GenesysCloud",
            "PureCloud",
            "PureEngage",
            "PureEngageCloud",
            "PureConnect",
            "PureConnectCloud",
            "Unknown",
        ),
    },
)

FEATURE_STATE = BodySpec(model="FeatureState", required=("enabled",), types={"enabled": "boolean"})

WRAPUP_CODE_REQUEST = BodySpec(
    model="WrapupCodeRequest",
    required=("name",),
    types={"name": "string", "division": "object", "description": "string"},
    readonly=("id", "dateCreated", "dateModified", "createdBy", "modifiedBy", "selfUri"),
)

CREATE_SKILL = BodySpec(
    model="CreateRoutingSkill",
    required=("name",),
    types={"name": "string", "divisionId": "string"},
)

UPDATE_SKILL_DIVISION = BodySpec(
    model="UpdateSkillDivisionRequest",
    required=("divisionId",),
    types={"divisionId": "string"},
)

LANGUAGE = BodySpec(
    model="Language",
    required=("name",),
    types={"name": "string"},
    readonly=("id", "dateModified", "state", "version", "selfUri"),
    enums={"state": ("active", "inactive", "deleted")},
)

AUDIT_QUERY_REQUEST = BodySpec(
    model="AuditQueryRequest",
    required=("interval",),
    types={"interval": "string", "serviceName": "string", "filters": "array", "sort": "array"},
)
