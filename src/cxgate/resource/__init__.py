"""Resource kinds, declared: API path, natural key, dependencies, YAML ↔ API mapping, token."""

from cxgate.resource.base import ApiReader, Reference, ResourceKind, Token
from cxgate.resource.refs import Refs
from cxgate.resource.registry import KINDS, get_kind

__all__ = ["KINDS", "ApiReader", "Reference", "Refs", "ResourceKind", "Token", "get_kind"]
