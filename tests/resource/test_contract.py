"""The bundle schema against the real API: field names, enum values and paths from the SDK."""

from __future__ import annotations

import typing
from typing import Any

import pytest
from pydantic import BaseModel

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
from tests.contract.sdk import Sdk

ENUMS = [
    (fields.ScoringMethod, "QueueRequest", "scoringMethod"),
    (fields.LastAgentRoutingMode, "QueueRequest", "lastAgentRoutingMode"),
    (fields.SkillEvaluationMethod, "QueueRequest", "skillEvaluationMethod"),
    (fields.AcwPrompt, "AcwSettings", "wrapupPrompt"),
    (fields.CallbackMode, "CallbackMediaSettings", "mode"),
    (fields.ReactionType, "CallbackMediaSettings", "liveVoiceReactionType"),
    (fields.ReactionType, "CallbackMediaSettings", "answeringMachineReactionType"),
    (fields.ExpansionType, "ExpansionCriterium", "type"),
    (fields.RoutingRuleOperator, "RoutingRule", "operator"),
    (fields.CgrMetric, "ConditionalGroupRoutingRule", "metric"),
    (fields.CgrOperator, "ConditionalGroupRoutingRule", "operator"),
    (fields.MemberGroupType, "MemberGroup", "type"),
]


@pytest.mark.parametrize(("literal", "model", "field"), ENUMS)
def test_enum_values_match_the_sdk(sdk: Sdk, literal: Any, model: str, field: str) -> None:
    """Every enum the schema accepts is exactly the SDK's allowed_values."""
    assert typing.get_args(literal) == sdk.model(model).fields[field].allowed


BUNDLE_ONLY = {"renamedFrom", "forecast", "wrapupCodes"}
MODELS = [
    (QueueModel, "QueueRequest"),
    (MediaSettingsModel, "QueueMediaSettings"),
    (MediaModel, "MediaSettings"),
    (CallbackMediaModel, "CallbackMediaSettings"),
    (MessageMediaModel, "MessageMediaSettings"),
    (ServiceLevelModel, "ServiceLevel"),
    (RingModel, "Ring"),
    (ExpansionModel, "ExpansionCriterium"),
    (RoutingRuleModel, "RoutingRule"),
    (AcwModel, "AcwSettings"),
    (CgrRuleModel, "ConditionalGroupRoutingRule"),
    (MemberGroupModel, "MemberGroup"),
    (AgentOwnedRoutingModel, "AgentOwnedRouting"),
    (OrganizationModel, "Organization"),
    (WrapupCodeModel, "WrapupCodeRequest"),
    (SkillModel, "RoutingSkill"),
]


@pytest.mark.parametrize(("model", "sdk_model"), MODELS)
def test_every_yaml_key_is_a_real_api_field(
    sdk: Sdk, model: type[BaseModel], sdk_model: str
) -> None:
    """YAML keys keep the API's own names (bundle-only keys aside)."""
    keys = {info.alias or name for name, info in model.model_fields.items()}
    assert keys - BUNDLE_ONLY <= set(sdk.model(sdk_model).fields)


def test_nested_models_are_all_checked() -> None:
    """Every nested model of the queue schema appears in the table above."""
    checked = {model for model, _ in MODELS}
    pending = [QueueModel]
    while pending:
        model = pending.pop()
        for info in model.model_fields.values():
            inner = _model_in(info.annotation)
            if inner is not None and inner not in checked | {model}:
                if inner.__name__ not in {
                    "BullseyeModel",
                    "CgrModel",
                    "RingActionsModel",
                    "Forecast",
                }:
                    pytest.fail(f"{inner.__name__} is not checked against the SDK")
                pending.append(inner)


@pytest.mark.parametrize("kind", [k for k in KINDS.values() if k.name != "feature"])
def test_kind_paths_exist_in_the_sdk(sdk: Sdk, kind: Any) -> None:
    """Each kind reads from a GET path the SDK knows."""
    assert sdk.operation("GET", kind.api_path) is not None


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
def test_write_paths_the_kinds_rely_on_exist(sdk: Sdk, method: str, path: str) -> None:
    """The updates the kinds promise are real endpoints (and the missing ones are missing)."""
    assert sdk.operation(method, path) is not None


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", "/api/v2/routing/skills/{skillId}"),
        ("PUT", "/api/v2/routing/languages/{languageId}"),
    ],
)
def test_skills_and_languages_really_have_no_put(sdk: Sdk, method: str, path: str) -> None:
    """Why skills and languages cannot be renamed: the SDK has no PUT for them."""
    assert sdk.operation(method, path) is None


def test_wrapup_code_sub_collection_path() -> None:
    """The per-queue wrap-up code path is the SDK's."""
    assert wrapup_codes_path("q1") == "/api/v2/routing/queues/q1/wrapupcodes"
