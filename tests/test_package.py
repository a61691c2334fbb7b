"""Meta tests: every module imports, and its ``__all__`` names things that exist."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import cxgate

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(cxgate.__path__, prefix="cxgate.") if not m.ispkg
)


@pytest.mark.parametrize("name", MODULES)
def test_all_names_exist(name: str) -> None:
    """Each public name a module exports is really defined in it."""
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    assert exported is not None, f"{name} has no __all__"
    missing = [n for n in exported if not hasattr(module, n)]
    assert missing == []


def test_version_is_exposed() -> None:
    """The package carries a version string."""
    assert cxgate.__version__.count(".") == 2
