"""JSON Schema of every bundle file, for editors (yaml-language-server, VS Code, JetBrains).

``cxgate schema --out DIR`` writes one schema per file type; point each file at its schema
with ``# yaml-language-server: $schema=DIR/queue.schema.json`` or the editor's settings.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from cxgate.bundle.config import BundleConfig
from cxgate.resource.feature import FEATURE_NAMES
from cxgate.resource.language import LanguageModel
from cxgate.resource.org import OrganizationModel
from cxgate.resource.queue_model import QueueModel
from cxgate.resource.skill import SkillModel
from cxgate.resource.wrapup_code import WrapupCodeModel

__all__ = ["FILE_SCHEMAS", "bundle_schemas"]

_STRICT = ConfigDict(extra="forbid")
FeatureName = Literal[tuple(sorted(FEATURE_NAMES))]  # type: ignore[valid-type]  # built from the SDK list


def _file(name: str, **fields: Any) -> type[BaseModel]:
    return create_model(name, __config__=_STRICT, **fields)


FILE_SCHEMAS: dict[str, tuple[str, type[BaseModel]]] = {
    "cxgate.yaml": ("cxgate.schema.json", BundleConfig),
    "org.yaml": (
        "org.schema.json",
        _file(
            "OrgFile",
            organization=(OrganizationModel | None, None),
            features=(dict[FeatureName, bool] | None, Field(default=None)),  # type: ignore[valid-type]
        ),
    ),
    "skills.yaml": (
        "skills.schema.json",
        _file("SkillsFile", skills=(list[str | SkillModel], ...)),
    ),
    "languages.yaml": (
        "languages.schema.json",
        _file("LanguagesFile", languages=(list[str | LanguageModel], ...)),
    ),
    "wrapup_codes.yaml": (
        "wrapup_codes.schema.json",
        _file("WrapupCodesFile", wrapupCodes=(list[str | WrapupCodeModel], ...)),
    ),
    "queues/*.yaml": ("queue.schema.json", QueueModel),
}


def bundle_schemas() -> dict[str, dict[str, Any]]:
    """File pattern → JSON Schema (draft 2020-12, as pydantic writes it)."""
    out: dict[str, dict[str, Any]] = {}
    for pattern, (file_name, model) in FILE_SCHEMAS.items():
        schema = model.model_json_schema(by_alias=True)
        schema["$id"] = file_name
        schema.setdefault("title", pattern)
        out[pattern] = schema
    return out
