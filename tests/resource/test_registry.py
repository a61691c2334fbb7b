"""Meta tests: every kind is declared by the same convention and registered."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import replace

import pytest

import cxgate.resource
from cxgate.errors import ConfigError
from cxgate.resource import KINDS, Refs, get_kind
from cxgate.resource.base import ResourceKind
from cxgate.resource.registry import EXTERNAL_KINDS, in_dependency_order
from cxgate.testing.entities import synth_entities

ENTITIES = synth_entities(queues=5, skills=4, wrapup_codes=3)


def test_every_kind_module_is_registered() -> None:
    """A module that declares a KIND is in the registry under that name."""
    for info in pkgutil.iter_modules(cxgate.resource.__path__):
        module = importlib.import_module(f"cxgate.resource.{info.name}")
        kind = getattr(module, "KIND", None)
        if isinstance(kind, ResourceKind):
            assert KINDS[kind.name] is kind


def test_registry_is_in_dependency_order() -> None:
    """Each kind comes after every kind it depends on."""
    seen: set[str] = set()
    for kind in KINDS.values():
        assert set(kind.depends_on) <= seen, kind.name
        seen.add(kind.name)


@pytest.mark.parametrize("kind", KINDS.values(), ids=lambda k: k.name)
def test_references_point_at_declared_dependencies(kind: ResourceKind) -> None:
    """A kind refers only to kinds it depends on, itself, or external kinds."""
    for entity in ENTITIES[kind.name]:
        body = kind.from_api(entity, Refs())
        for ref in kind.references(body):
            allowed = {*kind.depends_on, kind.name, *EXTERNAL_KINDS}
            assert ref.kind in allowed, f"{kind.name} → {ref.kind}"


@pytest.mark.parametrize("kind", KINDS.values(), ids=lambda k: k.name)
def test_from_api_never_returns_server_fields(kind: ResourceKind) -> None:
    """Fields the API fills in (ids, dates, counts) never reach the YAML form."""
    for entity in ENTITIES[kind.name]:
        assert not set(kind.from_api(entity, Refs())) & kind.server_fields


@pytest.mark.parametrize("kind", KINDS.values(), ids=lambda k: k.name)
def test_from_api_is_a_canonical_fixed_point(kind: ResourceKind) -> None:
    """Export output loads back unchanged: the round trip starts here."""
    for entity in ENTITIES[kind.name]:
        body = kind.from_api(entity, Refs())
        assert kind.canonical(body) == body


@pytest.mark.parametrize("kind", KINDS.values(), ids=lambda k: k.name)
def test_local_fields_are_schema_keys(kind: ResourceKind) -> None:
    """Bundle-only fields are declared by the kind's schema."""
    keys = {info.alias or name for name, info in kind.model.model_fields.items()}
    assert kind.local_fields <= keys


def test_renamable_kinds_accept_renamed_from() -> None:
    """renamedFrom exists exactly on kinds that can be renamed through the API."""
    for kind in KINDS.values():
        keys = {info.alias for info in kind.model.model_fields.values()}
        assert ("renamedFrom" in keys) == kind.renamable, kind.name


def test_get_kind_names_the_known_kinds() -> None:
    """An unknown kind is a config error listing the real ones."""
    assert get_kind("queue") is KINDS["queue"]
    with pytest.raises(ConfigError, match=r"unknown resource kind 'queues'.*queue"):
        get_kind("queues")


def test_dependency_cycle_is_refused() -> None:
    """Kinds depending on each other in a circle cannot be ordered."""
    a = replace(KINDS["skill"], name="a", depends_on=("b",))
    b = replace(KINDS["skill"], name="b", depends_on=("a",))
    with pytest.raises(ConfigError, match="cycle"):
        in_dependency_order([a, b])
