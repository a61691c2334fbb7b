"""plan and apply when Architect's dependency index lags behind the org.

A flow starts using the Back Office queue after the index's last build: the dependency
query still says nobody uses it. cxgate reads the build status first, so a delete of that
queue is "unverified" and refused without --force, and --rebuild-dependencies rebuilds the
index (and waits) so the real consumer shows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import Result

from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.emulator.architect.dependencies import index_stale
from cxgate.emulator.routes.dependencies import add_flow_dependencies
from tests.cli.emulated import cxgate, use_emulator

BUILD = "/api/v2/architect/dependencytracking/build"
QUEUES = "/api/v2/routing/queues/{queueId}"


@pytest.fixture
def org(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> tuple[Emulator, Path]:
    """The demo org's export, with Back Office deleted from it; builds finish at once."""
    emulator = Emulator(
        seed="demo", clock=FakeClock(), rate_limit=0, behaviour="dependency-build-polls=0"
    )
    use_emulator(monkeypatch, emulator)
    root = tmp_path / "org"
    assert cxgate("export", root, "--profile", "test").exit_code == 0
    (root / "queues" / "back-office.yaml").unlink()
    config = root / "cxgate.yaml"
    config.write_text(config.read_text().replace("version: 1\n", _DELETE, 1))
    return emulator, root


_DELETE = "version: 1\ndelete: {queue: [Back Office]}\n"


def _lagging_index(emulator: Emulator, *, new_consumer: bool) -> None:
    """The index goes stale; with ``new_consumer`` a flow then starts using Back Office."""
    with emulator.store.lock:
        index_stale(emulator.store)
    if new_consumer:
        queue = emulator.find("queue", "Back Office")
        assert queue is not None
        consumed = [{"type": "QUEUE", "id": queue["id"], "name": "Back Office"}]
        add_flow_dependencies(
            emulator.store, flow_id="f-new", flow_name="Acme New Line", version="1.0",
            consumed=consumed,
        )  # fmt: skip


def _plan(root: Path, state: Path, *more: str) -> Result:
    return cxgate("plan", root, "--profile", "test", *more, state=state)


def test_a_current_index_plans_the_delete_as_it_was(
    org: tuple[Emulator, Path], tmp_path: Path
) -> None:
    """Index current, queue unused: a plain HIGH delete, no unverified risk, no build."""
    emulator, root = org
    result = _plan(root, tmp_path)
    assert result.exit_code == 2, result.output
    assert "unverified" not in result.output
    assert "Unsafe" not in result.output
    assert emulator.count("GET", BUILD) == 1
    assert emulator.count("POST", BUILD) == 0


def test_a_stale_index_makes_the_delete_unverified_and_blocked(
    org: tuple[Emulator, Path], tmp_path: Path
) -> None:
    """The plan says the index is stale, marks the risk unverified and needs --force."""
    emulator, root = org
    _lagging_index(emulator, new_consumer=True)
    result = _plan(root, tmp_path)
    assert result.exit_code == 2, result.output
    assert "dependency index is OPERATIONALNEEDSREBUILD, not current" in result.output
    assert "which published flows use it is unverified" in result.output
    assert "Unsafe: apply will refuse this plan without" in result.output
    assert "Acme New Line" not in result.output  # the stale index cannot know


def test_rebuild_dependencies_shows_the_real_consumer(
    org: tuple[Emulator, Path], tmp_path: Path
) -> None:
    """--rebuild-dependencies builds the index and waits: the new flow is found."""
    emulator, root = org
    _lagging_index(emulator, new_consumer=True)
    result = _plan(root, tmp_path, "--rebuild-dependencies")
    assert result.exit_code == 2, result.output
    assert "published flows use it: Acme New Line" in result.output
    assert "unverified" not in result.output
    assert emulator.count("POST", BUILD) == 1


def test_apply_refuses_an_unverified_delete_without_force(
    org: tuple[Emulator, Path], tmp_path: Path
) -> None:
    """apply --yes on a stale index deletes nothing; --force deletes (reviewed risk)."""
    emulator, root = org
    _lagging_index(emulator, new_consumer=False)
    refused = cxgate("apply", root, "--profile", "test", "--yes", state=tmp_path)
    assert refused.exit_code == 1, refused.output
    assert emulator.find("queue", "Back Office") is not None
    forced = cxgate("apply", root, "--profile", "test", "--yes", "--force", state=tmp_path)
    assert forced.exit_code == 0, forced.output
    assert emulator.find("queue", "Back Office") is None


def test_apply_with_rebuild_deletes_an_unused_queue_without_force(
    org: tuple[Emulator, Path], tmp_path: Path
) -> None:
    """The rebuilt index shows nobody uses Back Office: the delete goes ahead."""
    emulator, root = org
    _lagging_index(emulator, new_consumer=False)
    more = ("--yes", "--rebuild-dependencies")
    result = cxgate("apply", root, "--profile", "test", *more, state=tmp_path)
    assert result.exit_code == 0, result.output
    assert emulator.find("queue", "Back Office") is None
    assert emulator.count("DELETE", QUEUES) == 1
