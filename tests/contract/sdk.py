"""Read the official SDK (PureCloudPlatformClientV2) as a schema oracle, without importing it.

The SDK is generated from Genesys' own swagger: every operation in ``apis/*.py`` holds its
``resource_path`` and ``call_api(resource_path, 'METHOD', ...)``, and every model in
``models/*.py`` holds ``swagger_types`` (attribute -> type), ``attribute_map`` (attribute ->
JSON key) and, in enum setters, ``allowed_values``. Importing the package would load its
6,600 model modules; reading the files as text is much faster, and models are parsed only
when asked for.

Other test areas reuse this: ``from tests.contract.sdk import check_payload``.
"""

from __future__ import annotations

import ast
import functools
import importlib.util
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "Field",
    "Model",
    "Operation",
    "Sdk",
    "check_payload",
    "load_sdk",
    "normalize_path",
]

_DEF = re.compile(r"^    def (\w+)\(self", re.M)
_RESOURCE_PATH = re.compile(r"resource_path = '([^']+)'")
_METHOD = re.compile(r"call_api\(resource_path, '([A-Z]+)'")
_RESPONSE_TYPE = re.compile(r"response_type='([^']+)'")
_BODY_PARAM = re.compile(r"body_params = params\['(\w+)'\]")
_QUERY_PARAM = re.compile(r"query_params\['(\w+)'\]")
_QUERY_MAP = re.compile(r"query_params\['(\w+)'\] = params\['(\w+)'\]")
_PARAM_DOC = re.compile(r":param (\S+) (\w+):")
_MODEL_IMPORT = re.compile(r"^from \.(\w+) import (\w+)$", re.M)
_SETTER = re.compile(r"^    def (\w+)\(self, \w+[^)]*\) -> None:", re.M)
_ALLOWED = re.compile(r"allowed_values = (\[.*?\])")
_TEMPLATE_VAR = re.compile(r"\{[^}/]*\}")


def normalize_path(path: str) -> str:
    """A path template with every ``{variable}`` written ``{}``, and no query string."""
    return _TEMPLATE_VAR.sub("{}", path.split("?", 1)[0])


@dataclass(frozen=True, slots=True)
class Operation:
    """One SDK operation: its method, path template and declared types."""

    name: str
    method: str
    path: str
    response_type: str | None
    body_type: str | None
    query_params: frozenset[str]
    query_types: Mapping[str, str] = field(default_factory=dict)  # JSON name -> SDK type


@dataclass(frozen=True, slots=True)
class Field:
    """One JSON field of a model: its key, swagger type and enum values (if any)."""

    json_name: str
    type: str
    allowed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Model:
    """A model's JSON fields by JSON key."""

    name: str
    fields: Mapping[str, Field]


class Sdk:
    """The SDK's operations (parsed at once) and models (parsed on demand, then cached)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.operations: tuple[Operation, ...] = tuple(_read_operations(root / "apis"))
        index = (root / "models" / "__init__.py").read_text(encoding="utf-8")
        self._model_files = {cls: mod for mod, cls in _MODEL_IMPORT.findall(index)}
        self._by_route = {(op.method, normalize_path(op.path)): op for op in self.operations}
        self._paths = {normalize_path(op.path) for op in self.operations}

    def operation(self, method: str, path: str) -> Operation | None:
        """The operation for ``method`` and a path template (any variable names), if any."""
        return self._by_route.get((method.upper(), normalize_path(path)))

    def has_path(self, path: str) -> bool:
        """True when some operation uses this path template (any method)."""
        return normalize_path(path) in self._paths

    def has_prefix(self, prefix: str) -> bool:
        """True when some operation's path starts with ``prefix``."""
        norm = normalize_path(prefix)
        return any(p.startswith(norm) for p in self._paths)

    def has_model(self, name: str) -> bool:
        """True when the SDK defines a model class of this name."""
        return name in self._model_files

    def model(self, name: str) -> Model:
        """The model ``name`` (e.g. ``"Queue"``); KeyError if the SDK has no such model."""
        return _parse_model(self.root / "models" / f"{self._model_files[name]}.py", name)


def _read_operations(apis: Path) -> Iterator[Operation]:
    for file in sorted(apis.glob("*_api.py")):
        text = file.read_text(encoding="utf-8")
        starts = [(m.start(), m.group(1)) for m in _DEF.finditer(text)]
        for (start, name), (end, _) in zip(starts, [*starts[1:], (len(text), "")], strict=True):
            op = _operation(name, text[start:end])
            if op is not None:
                yield op


def _operation(name: str, block: str) -> Operation | None:
    path = _RESOURCE_PATH.search(block)
    method = _METHOD.search(block)
    if path is None or method is None:
        return None
    response = _RESPONSE_TYPE.search(block)
    body = _BODY_PARAM.search(block)
    body_type = None
    if body is not None:
        declared = re.search(rf":param (\S+) {body.group(1)}:", block)
        body_type = declared.group(1) if declared else None
    return Operation(
        name=name,
        method=method.group(1),
        path=path.group(1),
        response_type=response.group(1) if response else None,
        body_type=body_type,
        query_params=frozenset(_QUERY_PARAM.findall(block)),
        query_types=_query_types(block),
    )


def _query_types(block: str) -> dict[str, str]:
    """Each query parameter's declared type (``int``, ``bool``, ``list[str]``…) by JSON name."""
    declared = {name: kind for kind, name in _PARAM_DOC.findall(block)}
    return {wire: declared[py] for wire, py in _QUERY_MAP.findall(block) if py in declared}


@functools.cache
def _parse_model(file: Path, name: str) -> Model:
    text = file.read_text(encoding="utf-8")
    types: dict[str, str] = _dict_literal(text, "swagger_types")
    keys: dict[str, str] = _dict_literal(text, "attribute_map")
    allowed = _enum_values(text)
    fields = {
        keys[attr]: Field(keys[attr], swagger, allowed.get(attr, ()))
        for attr, swagger in types.items()
    }
    return Model(name, fields)


def _dict_literal(text: str, attribute: str) -> dict[str, str]:
    match = re.search(rf"self\.{attribute} = (\{{.*?\}})", text, re.S)
    if match is None:
        return {}
    value = ast.literal_eval(match.group(1))
    assert isinstance(value, dict)
    return value


def _enum_values(text: str) -> dict[str, tuple[str, ...]]:
    setters = [(m.start(), m.group(1)) for m in _SETTER.finditer(text)]
    found: dict[str, tuple[str, ...]] = {}
    for (start, attr), (end, _) in zip(setters, [*setters[1:], (len(text), "")], strict=True):
        match = _ALLOWED.search(text, start, end)
        if match is not None:
            found[attr] = tuple(ast.literal_eval(match.group(1)))
    return found


@functools.lru_cache(maxsize=1)
def load_sdk() -> Sdk:
    """The installed SDK, parsed once per process."""
    spec = importlib.util.find_spec("PureCloudPlatformClientV2")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("PureCloudPlatformClientV2 is not installed: run `make test` once")
    return Sdk(Path(next(iter(spec.submodule_search_locations))))


def check_payload(model_name: str, payload: Any, *, sdk: Sdk | None = None) -> list[str]:
    """Every way ``payload`` breaks the SDK model ``model_name``: unknown fields, wrong
    types, enum values the API does not allow. An empty list means it conforms.

    Use it on what the emulator returns (response models) and on what the client sends
    (request models such as ``QueueRequest``, ``Organization``, ``WrapupCodeRequest``).
    """
    return list(_check(sdk or load_sdk(), model_name, payload, model_name))


_SCALARS: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "datetime": (str,),
    "date": (str,),
}


def _check(sdk: Sdk, swagger: str, value: Any, where: str) -> Iterator[str]:
    if value is None or swagger == "object":
        return
    if swagger.startswith("list["):
        yield from _check_list(sdk, swagger[5:-1], value, where)
    elif swagger.startswith("dict("):
        yield from _check_dict(sdk, swagger.split(",", 1)[1].strip()[:-1], value, where)
    elif swagger in _SCALARS:
        yield from _check_scalar(swagger, value, where)
    else:
        yield from _check_model(sdk, swagger, value, where)


def _check_scalar(swagger: str, value: Any, where: str) -> Iterator[str]:
    wrong_bool = isinstance(value, bool) and swagger in ("int", "float")
    if wrong_bool or not isinstance(value, _SCALARS[swagger]):
        yield f"{where}: expected {swagger}, got {type(value).__name__} {value!r}"


def _check_list(sdk: Sdk, item: str, value: Any, where: str) -> Iterator[str]:
    if not isinstance(value, list):
        yield f"{where}: expected a list, got {type(value).__name__}"
        return
    for i, element in enumerate(value):
        yield from _check(sdk, item, element, f"{where}[{i}]")


def _check_dict(sdk: Sdk, item: str, value: Any, where: str) -> Iterator[str]:
    if not isinstance(value, dict):
        yield f"{where}: expected an object, got {type(value).__name__}"
        return
    for key, element in value.items():
        yield from _check(sdk, item, element, f"{where}[{key!r}]")


def _check_model(sdk: Sdk, name: str, value: Any, where: str) -> Iterator[str]:
    if not isinstance(value, dict):
        yield f"{where}: expected a {name} object, got {type(value).__name__}"
        return
    fields = sdk.model(name).fields
    for key, element in value.items():
        field = fields.get(key)
        if field is None:
            yield f"{where}.{key}: not a field of {name}"
            continue
        if field.allowed and element is not None and element not in field.allowed:
            yield f"{where}.{key}: {element!r} is not one of {', '.join(field.allowed)}"
            continue
        yield from _check(sdk, field.type, element, f"{where}.{key}")
