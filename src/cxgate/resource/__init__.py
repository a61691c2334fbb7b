"""Resource kinds, declared: API path, natural key, dependencies, YAML ↔ API mapping, token.

The names below are imported on first use: ``flow check`` needs ``flowkinds`` and the base
model, not every kind's pydantic models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxgate.lazyexports import lazy_exports

if TYPE_CHECKING:
    from cxgate.resource.base import ApiReader, Reference, ResourceKind, Token
    from cxgate.resource.refs import Refs
    from cxgate.resource.registry import KINDS, get_kind

__all__ = ["KINDS", "ApiReader", "Reference", "Refs", "ResourceKind", "Token", "get_kind"]

__getattr__ = lazy_exports(
    __name__,
    {
        "ApiReader": "base",
        "Reference": "base",
        "ResourceKind": "base",
        "Token": "base",
        "Refs": "refs",
        "KINDS": "registry",
        "get_kind": "registry",
    },
)
