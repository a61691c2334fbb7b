"""Small parts of `pipeline.deploying`: deployment ids, the bundle's git commit, refusals."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from cxgate.client import GenesysClient
from cxgate.clock import FakeClock
from cxgate.errors import PlanError
from cxgate.pipeline.deploying import apply, bundle_commit, new_deployment_id
from cxgate.pipeline.live import bundle_side
from cxgate.pipeline.planning import make_plan
from cxgate.state.sqlite import SqliteStore

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bundle"


def test_deployment_ids_sort_by_time_and_differ() -> None:
    """``d-YYYYMMDD-HHMMSS-xxxxxx`` in UTC."""
    clock = FakeClock(start=1_780_000_000.0)
    first, second = new_deployment_id(clock), new_deployment_id(clock)
    assert first.startswith("d-20260528-")
    assert first != second


def test_bundle_commit_inside_and_outside_git(tmp_path: Path) -> None:
    """The work tree's HEAD when there is one; None elsewhere (never an error)."""
    assert bundle_commit(tmp_path) is None

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@e.test", *args],
            cwd=tmp_path,
            check=True,
            capture_output=True,
            text=True,
        )
        return done.stdout.strip()

    git("init", "-q")
    (tmp_path / "cxgate.yaml").write_text("version: 1\n")
    git("add", ".")
    git("commit", "-qm", "bundle")
    head = git("rev-parse", "HEAD")
    assert bundle_commit(tmp_path) == head


def test_a_plan_against_another_bundle_is_never_applied(
    client: GenesysClient, store: SqliteStore, tmp_path: Path, plan_of: Any
) -> None:
    """--against gives reviewable plans only: no tokens, pseudo ids."""
    from cxgate.bundle.load import load_or_raise

    desired, _ = load_or_raise(EXAMPLE)
    side = bundle_side(EXAMPLE, None)
    plan = make_plan(desired, side, store)
    with pytest.raises(PlanError, match="--against"):
        apply(plan, side, client, store)
