"""Helpers for the flow tests: the shared Archy corpus and a small-flow parser."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from cxgate.flow.archy import parse_flow
from cxgate.flow.graph import FlowGraph

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "archy" / "corpus"
EXAMPLES = REPO / "examples" / "bundle" / "flows"
BROKEN = REPO / "examples" / "broken-flows" / "after-hours.yaml"  # the deliberate findings


def corpus_files() -> list[Path]:
    """The 25 public Archy files; CI provides them at ../shared/archy/corpus."""
    if not CORPUS.is_dir():
        pytest.fail(
            f"Archy corpus not found at {CORPUS}: the flow tests need the shared material "
            "checked out beside the repository (../shared/archy/corpus)",
            pytrace=False,
        )
    return sorted(CORPUS.glob("*.yaml"))


def flow(text: str, file: str = "t.yaml") -> FlowGraph:
    """Parse an inline flow written with any indentation."""
    return parse_flow(textwrap.dedent(text).strip() + "\n", file)
