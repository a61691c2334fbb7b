"""The corpus helpers on a fresh clone: tests that need ../shared skip with the reason, and
CXGATE_REQUIRE_SHARED (set by .ci/run) turns that into a failure."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import REQUIRE_SHARED

HELPERS = Path(__file__).with_name("helpers.py")
USES_CORPUS = """
import pytest

from .helpers import corpus_files, corpus_params, needs_corpus


@needs_corpus
def test_reads_the_corpus():
    assert corpus_files()


@pytest.mark.parametrize("path", corpus_params())
def test_each_file(path):
    assert path.suffix == ".yaml"
"""


def _clone(root: Path, *, shared: bool) -> Path:
    """A repository with the flow test helpers and a test using them; ../shared if asked."""
    repo = root / "repo"
    flow_tests = repo / "tests" / "flow"
    flow_tests.mkdir(parents=True)
    for package in (repo / "tests", flow_tests):
        (package / "__init__.py").write_text("", encoding="utf-8")
    shutil.copy(HELPERS, flow_tests / "helpers.py")
    (flow_tests / "test_uses_corpus.py").write_text(USES_CORPUS, encoding="utf-8")
    if shared:
        corpus = root / "shared" / "archy" / "corpus"
        corpus.mkdir(parents=True)
        (corpus / "one.yaml").write_text("inboundCall: {name: x}\n", encoding="utf-8")
    return repo


def _pytest(repo: Path, *, require: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != REQUIRE_SHARED}
    if require:
        env[REQUIRE_SHARED] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "-p", "no:cov"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_without_the_corpus_the_tests_skip_saying_why(tmp_path: Path) -> None:
    """A fresh clone passes: both tests skip, naming the missing directory."""
    result = _pytest(_clone(tmp_path, shared=False), require=False)
    assert result.returncode == 0, result.stdout
    assert "2 skipped" in result.stdout
    assert "Archy corpus not found at" in result.stdout
    assert "shared/archy/corpus" in result.stdout


def test_ci_requires_the_corpus(tmp_path: Path) -> None:
    """With CXGATE_REQUIRE_SHARED set, a missing corpus fails the run, saying so."""
    result = _pytest(_clone(tmp_path, shared=False), require=True)
    assert result.returncode != 0
    assert f"{REQUIRE_SHARED} is set: Archy corpus not found" in result.stdout


@pytest.mark.parametrize("require", [False, True])
def test_with_the_corpus_beside_the_repository_the_tests_run(tmp_path: Path, require: bool) -> None:
    """../shared/archy/corpus present: the tests run and pass, required or not."""
    result = _pytest(_clone(tmp_path, shared=True), require=require)
    assert result.returncode == 0, result.stdout
    assert "2 passed" in result.stdout
