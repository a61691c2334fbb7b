"""Enum values the API documents for query parameters cxgate sends, with their source.

The SDK's Python code does not carry query enums; its docs and the ``gc`` CLI (both generated
from the swagger) list them as "Valid values". Keyed by ``(METHOD normalized-path, name)``.
"""

from __future__ import annotations

__all__ = ["QUERY_ENUMS"]

QUERY_ENUMS: dict[tuple[str, str], tuple[str, ...]] = {}
