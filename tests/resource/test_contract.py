"""The bundle schema against the real API: field names, enum values and paths from the SDK."""

from __future__ import annotations

import typing
from typing import Any

import pytest
from pydantic import BaseModel
from sdkdata import allowed_values, attribute_map, resource_paths

from cxgate.resource import KINDS, fields
from cxgate.resource.org import OrganizationModel
from cxgate.resource.paths import _model_in
from cxgate.resource.queue import wrapup_codes_path
from cxgate.resource.queue_model import (
    AcwModel,
    AgentOwnedRoutingModel,
    CallbackMediaModel,
    CgrRuleModel,
    ExpansionModel,
    MediaModel,
    MediaSettingsModel,
    MemberGroupModel,
    MessageMediaModel,
    QueueModel,
    RingModel,
    RoutingRuleModel,
    ServiceLevelModel,
)
from cxgate.resource.skill import SkillModel
from cxgate.resource.wrapup_code import WrapupCodeModel

ENUMS = [
    (fields.ScoringMethod, "queue_request", "scoring_method"),
    (fields.LastAgentRoutingMode, "queue_request", "last_agent_routing_mode"),
    (fields.SkillEvaluationMethod, "queue_request", "skill_evaluation_method"),
    (fields.AcwPrompt, "acw_settings", "wrapup_prompt"),
    (fields.CallbackMode, "callback_media_settings", "mode"),
    (fields.ReactionType, "callback_media_settings", "live_voice_reaction_type"),
    (fields.ReactionType, "callback_media_settings", "answering_machine_reaction_type"),
    (fields.ExpansionType, "expansion_criterium", "type"),
    (fields.RoutingRuleOperator, "routing_rule", "operator"),
    (fields.CgrMetric, "conditional_group_routing_rule", "metric"),
    (fields.CgrOperator, "conditional_group_routing_rule", "operator"),
    (fields.MemberGroupType, "member_group", "type"),
]


@pytest.mark.parametrize(("literal", "module", "attribute"), ENUMS)
def test_enum_values_match_the_sdk(literal: Any, module: str, attribute: str) -> None:
    """Every enum the schema accepts is exactly the SDK's allowed_values."""
    assert list(typing.get_args(literal)) == allowed_values(module, attribute)


BUNDLE_ONLY = {"renamedFrom", "forecast", "wrapupCodes"}
MODELS = [
    (QueueModel, "queue_request"),
    (MediaSettingsModel, "queue_media_settings"),
    (MediaModel, "media_settings"),
    (CallbackMediaModel, "callback_media_settings"),
    (MessageMediaModel, "message_media_settings"),
    (ServiceLevelModel, "service_level"),
    (RingModel, "ring"),
    (ExpansionModel, "expansion_criterium"),
    (RoutingRuleModel, "routing_rule"),
    (AcwModel, "acw_settings"),
    (CgrRuleModel, "conditional_group_routing_rule"),
    (MemberGroupModel, "member_group"),
    (AgentOwnedRoutingModel, "agent_owned_routing"),
    (OrganizationModel, "organization"),
    (WrapupCodeModel, "wrapup_code_request"),
    (SkillModel, "routing_skill"),
]


@pytest.mark.parametrize(("model", "module"), MODELS)
def test_every_yaml_key_is_a_real_api_field(model: type[BaseModel], module: str) -> None:
    """YAML keys keep the API's own names (bundle-only keys aside)."""
    keys = {info.alias or name for name, info in model.model_fields.items()}
    assert keys - BUNDLE_ONLY <= set(attribute_map(module).values())


def test_nested_models_are_all_checked() -> None:
    """Every nested model of the queue schema appears in the table above."""
    checked = {model for model, _ in MODELS}
    pending = [QueueModel]
    while pending:
        model = pending.pop()
        for info in model.model_fields.values():
            inner = _model_in(info.annotation)
            if inner is not None and inner not in checked | {model}:
                if inner.__name__ not in {"BullseyeModel", "CgrModel", "RingActionsModel"}:
                    pytest.fail(f"{inner.__name__} is not checked against the SDK")
                pending.append(inner)


@pytest.mark.parametrize("kind", [k for k in KINDS.values() if k.name != "feature"])
def test_kind_paths_exist_in_the_sdk(kind: Any) -> None:
    """Each kind reads from a GET path the SDK knows."""
    assert ("GET", kind.api_path) in resource_paths()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PATCH", "/api/v2/organizations/features/{featureName}"),
        ("PUT", "/api/v2/organizations/me"),
        ("PUT", "/api/v2/routing/queues/{queueId}"),
        ("PUT", "/api/v2/routing/wrapupcodes/{codeId}"),
        ("PATCH", "/api/v2/routing/skills/{skillId}"),
        ("GET", "/api/v2/routing/queues/{queueId}/wrapupcodes"),
    ],
)
def test_write_paths_the_kinds_rely_on_exist(method: str, path: str) -> None:
    """The updates the kinds promise are real endpoints (and the missing ones are missing)."""
    assert (method, path) in resource_paths()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", "/api/v2/routing/skills/{skillId}"),
        ("PUT", "/api/v2/routing/languages/{languageId}"),
    ],
)
def test_skills_and_languages_really_have_no_put(method: str, path: str) -> None:
    """Why skills and languages cannot be renamed: the SDK has no PUT for them."""
    assert (method, path) not in resource_paths()


def test_wrapup_code_sub_collection_path() -> None:
    """The per-queue wrap-up code path is the SDK's."""
    assert wrapup_codes_path("q1") == "/api/v2/routing/queues/q1/wrapupcodes"
