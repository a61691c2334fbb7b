"""Read the official SDK's generated sources as data, without importing its 6,000 modules."""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path

__all__ = ["allowed_values", "attribute_map", "resource_paths"]


@functools.cache
def _root() -> Path:
    spec = importlib.util.find_spec("PureCloudPlatformClientV2")
    assert spec is not None
    assert spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations)))


@functools.cache
def _model_source(module: str) -> str:
    return (_root() / "models" / f"{module}.py").read_text()


def attribute_map(module: str) -> dict[str, str]:
    """python attribute → JSON key for an SDK model module (e.g. ``queue_request``)."""
    block = re.search(r"self.attribute_map = \{(.*?)\}", _model_source(module), re.S)
    assert block is not None
    return dict(re.findall(r"'(\w+)': '(\w+)'", block.group(1)))


def allowed_values(module: str, attribute: str) -> list[str]:
    """The enum values an SDK model's setter accepts for ``attribute`` (python name)."""
    source = _model_source(module)
    setter = re.search(
        rf"def {attribute}\(self, {attribute}[^)]*\)[^:]*:(.*?)(?=\n    @|\n    def )", source, re.S
    )
    assert setter is not None, f"{module}.{attribute} has no setter"
    values = re.search(r"allowed_values = \[(.*?)\]", setter.group(1))
    assert values is not None, f"{module}.{attribute} is not an enum"
    return re.findall(r'"([^"]*)"', values.group(1))


@functools.cache
def resource_paths() -> frozenset[tuple[str, str]]:
    """Every (METHOD, path) the SDK's generated API classes call."""
    found: set[tuple[str, str]] = set()
    pattern = re.compile(r"resource_path = '([^']+)'.*?call_api\(resource_path, '(\w+)'", re.S)
    for api in (_root() / "apis").glob("*.py"):
        for path, method in pattern.findall(api.read_text()):
            found.add((method, path))
    return frozenset(found)
