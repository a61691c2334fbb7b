"""The YAML schema of a queue: the real API field names, names instead of ids.

Mirrors ``QueueRequest`` (SDK models/queue_request.py) with the whole routing strategy:
media settings per media type, ``skillEvaluationMethod``, bullseye rings, preferred-agent
``routingRules``, conditional group routing, ``scoringMethod``, ``lastAgentRoutingMode``, ACW
settings and in-queue flows, plus the bundle-only ``forecast`` of the staffing gate
(``cxgate.staffing.forecast.Forecast``, the one model for it). Fields left out of a file are
not managed: apply keeps the org's value (PUT replaces the whole object, so apply merges into
a fresh GET; genesys-api.md §6).
Bounds from the API docs as quoted by the Genesys Terraform provider: alerting timeout ≥ 7 s,
service-level duration ≥ 1 s, ACW timeout 1 s–60 min, at most 6 routing rules.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, WithJsonSchema, field_validator

from cxgate.resource.base import BundleModel
from cxgate.resource.fields import (
    AcwPrompt,
    CallbackMode,
    CgrMetric,
    CgrOperator,
    DurationMs,
    ExpansionType,
    LastAgentRoutingMode,
    MemberGroupType,
    Percentage,
    ReactionType,
    RoutingRuleOperator,
    ScoringMethod,
    SkillEvaluationMethod,
)
from cxgate.staffing.forecast import Forecast

__all__ = ["MEDIA_TYPES", "QueueModel"]

MEDIA_TYPES = ("call", "callback", "chat", "email", "message")
AlertingTimeout = Annotated[int, Field(ge=7)]
Name = Annotated[str, Field(min_length=1)]


class ServiceLevelModel(BundleModel):
    """Target: ``percentage`` of interactions answered within ``durationMs``."""

    percentage: Percentage | None = None
    duration_ms: Annotated[DurationMs, Field(ge=1000)] | None = None


class MediaModel(BundleModel):
    """Settings common to every media type (SDK MediaSettings)."""

    enable_auto_answer: bool | None = None
    alerting_timeout_seconds: AlertingTimeout | None = None
    service_level: ServiceLevelModel | None = None
    auto_answer_alert_tone_seconds: Annotated[float, Field(ge=0)] | None = None
    manual_answer_alert_tone_seconds: Annotated[float, Field(ge=0)] | None = None


class CallbackMediaModel(MediaModel):
    """Callback adds dialing behaviour (SDK CallbackMediaSettings); flows by name."""

    mode: CallbackMode | None = None
    enable_auto_dial_and_end: bool | None = None
    auto_dial_delay_seconds: Annotated[int, Field(ge=0, le=1200)] | None = None
    auto_end_delay_seconds: Annotated[int, Field(ge=0, le=1200)] | None = None
    pacing_modifier: Annotated[float, Field(ge=0)] | None = None
    max_retry_count: Annotated[int, Field(ge=0)] | None = None
    retry_delay_seconds: Annotated[int, Field(ge=0)] | None = None
    live_voice_reaction_type: ReactionType | None = None
    live_voice_flow: Name | None = None
    answering_machine_reaction_type: ReactionType | None = None
    answering_machine_flow: Name | None = None


class MessageMediaModel(MediaModel):
    """Messaging adds the inactivity timeout switch (SDK MessageMediaSettings)."""

    enable_inactivity_timeout: bool | None = None


class MediaSettingsModel(BundleModel):
    """One block per media type (SDK QueueMediaSettings)."""

    call: MediaModel | None = None
    callback: CallbackMediaModel | None = None
    chat: MediaModel | None = None
    email: MediaModel | None = None
    message: MessageMediaModel | None = None


class MemberGroupModel(BundleModel):
    """A group, team or skill group, by name."""

    name: Name
    type: MemberGroupType


class ExpansionModel(BundleModel):
    """When a bullseye ring widens: after ``threshold`` seconds."""

    type: ExpansionType = "TIMEOUT_SECONDS"
    threshold: Annotated[float, Field(ge=0)]


class RingActionsModel(BundleModel):
    """What happens when an interaction leaves a ring: skills dropped, by name."""

    skills_to_remove: list[Name] | None = None


class RingModel(BundleModel):
    """One bullseye ring."""

    expansion_criteria: list[ExpansionModel] | None = None
    actions: RingActionsModel | None = None
    member_groups: list[MemberGroupModel] | None = None


class BullseyeModel(BundleModel):
    """Bullseye routing: rings that widen the pool of agents over time."""

    rings: list[RingModel]


class RoutingRuleModel(BundleModel):
    """Preferred-agent routing rule."""

    operator: RoutingRuleOperator | None = None
    threshold: int | None = None
    wait_seconds: Annotated[float, Field(ge=0)] | None = None


class AcwModel(BundleModel):
    """After-call work: how the agent is prompted for a wrap-up code."""

    wrapup_prompt: AcwPrompt | None = None
    timeout_ms: Annotated[DurationMs, Field(ge=1000, le=3_600_000)] | None = None


class CgrRuleModel(BundleModel):
    """One conditional-group-routing rule; ``queue`` by name (rule 1 is always this queue)."""

    queue: Name | None = None
    metric: CgrMetric | None = None
    operator: CgrOperator | None = None
    condition_value: float | None = None
    groups: list[MemberGroupModel] | None = None
    wait_seconds: Annotated[int, Field(ge=0)] | None = None


class CgrModel(BundleModel):
    """Conditional group routing."""

    rules: list[CgrRuleModel]


class AgentOwnedRoutingModel(BundleModel):
    """Agent-owned callbacks."""

    enable_agent_owned_callbacks: bool | None = None
    max_owned_callback_hours: int | None = None
    max_owned_callback_delay_hours: int | None = None


def _forecast_schema() -> dict[str, Any]:
    """Forecast's JSON Schema, with its durations also accepted as text (``30m``, ``240s``)."""
    schema = Forecast.model_json_schema(by_alias=True)
    text = {"type": "string", "pattern": r"^\s*((\d*\.?\d+(ms|h|m|s))+|\d*\.?\d+)\s*$"}
    for name in ("per", "aht", "patience"):
        number = schema["properties"][name]
        schema["properties"][name] = {"anyOf": [number, text], "title": number.get("title")}
    return schema


class QueueModel(BundleModel):
    """One routing queue (one file under queues/)."""

    name: Name
    renamed_from: Name | None = None
    description: str | None = None
    division: Name | None = None
    media_settings: MediaSettingsModel | None = None
    routing_rules: Annotated[list[RoutingRuleModel], Field(max_length=6)] | None = None
    bullseye: BullseyeModel | None = None
    conditional_group_routing: CgrModel | None = None
    scoring_method: ScoringMethod | None = None
    last_agent_routing_mode: LastAgentRoutingMode | None = None
    acw_settings: AcwModel | None = None
    skill_evaluation_method: SkillEvaluationMethod | None = None
    member_groups: list[MemberGroupModel] | None = None
    queue_flow: Name | None = None
    email_in_queue_flow: Name | None = None
    message_in_queue_flow: Name | None = None
    whisper_prompt: Name | None = None
    on_hold_prompt: Name | None = None
    default_media_language: str | None = None
    auto_answer_only: bool | None = None
    enable_transcription: bool | None = None
    enable_audio_monitoring: bool | None = None
    enable_manual_assignment: bool | None = None
    suppress_in_queue_call_recording: bool | None = None
    calling_party_name: str | None = None
    calling_party_number: str | None = None
    peer_id: str | None = None
    agent_owned_routing: AgentOwnedRoutingModel | None = None
    wrapup_codes: list[Name] | None = Field(
        default=None,
        description="Wrap-up codes offered on this queue, by name; absent = not managed.",
    )
    forecast: Annotated[Forecast, WithJsonSchema(_forecast_schema())] | None = Field(
        default=None,
        description="Peak traffic for the staffing gate (validate, plan); never sent to the API.",
    )

    @field_validator("wrapup_codes")
    @classmethod
    def _as_set(cls, codes: list[str] | None) -> list[str] | None:
        """A queue offers a set of codes: the order in the file means nothing."""
        return None if codes is None else sorted(set(codes))
