"""Bundle fixtures: write a small bundle from a dict of file texts."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

MakeBundle = Callable[[Mapping[str, str]], Path]


@pytest.fixture
def make_bundle(tmp_path: Path) -> MakeBundle:
    """Write ``{relative path: YAML text}`` (cxgate.yaml defaulted) and return the root."""

    def make(files: Mapping[str, str]) -> Path:
        root = tmp_path / "bundle"
        all_files = {"cxgate.yaml": "version: 1\n", **files}
        for name, text in all_files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return root

    return make
