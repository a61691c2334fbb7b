"""Helpers for the flow tests: the shared Archy corpus and a small-flow parser.

The corpus of public Archy files lives outside the repository, at ``../shared/archy/corpus``.
On a fresh clone without it, the tests that read it skip and say why; CI sets
``CXGATE_REQUIRE_SHARED=1`` (``.ci/run``), which turns its absence into a failure.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import Any

import pytest

from cxgate.flow.graph import FlowGraph
from cxgate.flow.read.archy import parse_flow

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "archy" / "corpus"
EXAMPLES = REPO / "examples" / "bundle" / "flows"
BROKEN = REPO / "examples" / "broken-flows" / "after-hours.yaml"  # the deliberate findings
REQUIRE_SHARED = "CXGATE_REQUIRE_SHARED"
MISSING = (
    f"Archy corpus not found at {CORPUS}: check out the shared material beside the "
    f"repository (../shared/archy/corpus); CI sets {REQUIRE_SHARED}=1 to require it"
)

if not CORPUS.is_dir() and os.environ.get(REQUIRE_SHARED):
    pytest.fail(f"{REQUIRE_SHARED} is set: {MISSING}", pytrace=False)

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=MISSING)
"""Skip a test that reads the corpus when it is absent (never under CI, see above)."""


def corpus_files() -> list[Path]:
    """The 25 public Archy files, or none when the corpus is absent."""
    return sorted(CORPUS.glob("*.yaml")) if CORPUS.is_dir() else []


def corpus_params() -> list[Any]:
    """The corpus files as pytest params, or one param skipped with the reason."""
    files = corpus_files()
    if files:
        return [pytest.param(path, id=path.name[:40]) for path in files]
    return [pytest.param(None, id="corpus-missing", marks=pytest.mark.skip(reason=MISSING))]


def flow(text: str, file: str = "t.yaml") -> FlowGraph:
    """Parse an inline flow written with any indentation."""
    return parse_flow(textwrap.dedent(text).strip() + "\n", file)
