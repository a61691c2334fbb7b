"""`cxgate export` end to end against an in-process emulator, and the round trip to plan."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from tests.cli.emulated import cxgate, use_emulator

LISTINGS = {
    "/api/v2/routing/queues": 500,
    "/api/v2/routing/skills": 100,
    "/api/v2/routing/languages": 100,
    "/api/v2/routing/wrapupcodes": 100,
}


def _api_calls(emulator: Emulator) -> int:
    return sum(1 for r in emulator.requests if r.path.startswith("/api/"))


def _paging_minimum(emulator: Emulator) -> int:
    """One GET for the org, then ceil(N / max page size) per listing."""
    sizes = {
        "/api/v2/routing/queues": len(emulator.store.table("queues")),
        "/api/v2/routing/skills": len(emulator.store.table("skills")),
        "/api/v2/routing/languages": len(emulator.store.table("languages")),
        "/api/v2/routing/wrapupcodes": len(emulator.store.table("wrapupcodes")),
    }
    return 1 + sum(max(1, math.ceil(n / LISTINGS[path])) for path, n in sizes.items())


def _files(root: Path) -> dict[Path, bytes]:
    return {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch) -> Emulator:
    """The demo org, reached by every command."""
    emulator = Emulator(seed="demo", clock=FakeClock(), rate_limit=0)
    use_emulator(monkeypatch, emulator)
    return emulator


def test_export_then_plan_reports_no_changes(demo: Emulator, tmp_path: Path) -> None:
    """The demo org exported and planned against itself: exit 0, nothing to do."""
    exported = cxgate("export", tmp_path / "org", "--profile", "test")
    assert exported.exit_code == 0, exported.output
    assert "Exported 87 objects" in exported.output
    assert (tmp_path / "org" / "queues" / "billing.yaml").is_file()
    planned = cxgate("plan", tmp_path / "org", "--profile", "test", state=tmp_path)
    assert planned.exit_code == 0, planned.output
    assert "No changes. The org matches the bundle." in planned.output


def test_export_costs_the_paging_minimum(demo: Emulator, tmp_path: Path) -> None:
    """One call for the org and its features, one per listing page: nothing per object."""
    cxgate("export", tmp_path / "org", "--profile", "test")
    assert _api_calls(demo) == _paging_minimum(demo) == 5
    assert demo.count("GET", "/api/v2/organizations/me") == 1


def test_export_is_deterministic_and_leaves_nothing_stale(demo: Emulator, tmp_path: Path) -> None:
    """Two exports are byte-identical; a re-export after a delete removes that queue's file."""
    cxgate("export", tmp_path / "a", "--profile", "test")
    cxgate("export", tmp_path / "b", "--profile", "test")
    files_a = _files(tmp_path / "a")
    files_b = _files(tmp_path / "b")
    assert files_a == files_b
    vip = demo.find("queue", "VIP Care")
    assert vip is not None
    demo.delete("queue", vip["id"])
    cxgate("export", tmp_path / "a", "--profile", "test")
    assert not (tmp_path / "a" / "queues" / "vip-care.yaml").exists()


def test_selection_and_kept_config(demo: Emulator, tmp_path: Path) -> None:
    """--include/--exclude narrow the export; an existing cxgate.yaml is kept as it is."""
    root = tmp_path / "sales"
    root.mkdir()
    (root / "cxgate.yaml").write_text("version: 1\npolicy: {timezone: Europe/Paris}\n")
    result = cxgate(
        "export", root, "--include", "queue:Sales*", "--exclude", "queue:*Outbound",
        "--profile", "test", "-o", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["objects"] == {"queue": 2}
    assert sorted(p.name for p in (root / "queues").iterdir()) == [
        "sales-new-business.yaml",
        "sales-renewals.yaml",
    ]
    assert not (root / "skills.yaml").exists()
    assert "Europe/Paris" in (root / "cxgate.yaml").read_text()


def test_queue_wrapup_codes_cost_one_call_per_queue(demo: Emulator, tmp_path: Path) -> None:
    """--queue-wrapup-codes reads each queue's codes (32 more calls) and still round-trips."""
    result = cxgate("export", tmp_path / "org", "--queue-wrapup-codes", "--profile", "test")
    assert result.exit_code == 0, result.output
    assert _api_calls(demo) == _paging_minimum(demo) + 32
    billing = (tmp_path / "org" / "queues" / "billing.yaml").read_text()
    assert "wrapupCodes:\n- Escalated\n- Payment Taken\n- Resolved\n" in billing
    planned = cxgate("plan", tmp_path / "org", "--profile", "test", state=tmp_path)
    assert planned.exit_code == 0, planned.output


def test_unknown_kind_in_a_selector_is_one_clear_error(demo: Emulator, tmp_path: Path) -> None:
    """A misspelt kind names the known ones."""
    result = cxgate("export", tmp_path / "x", "--include", "queues", "--profile", "test")
    assert result.exit_code == 1
    assert "unknown resource kind 'queues'" in str(result.exception)


def test_generated_org_of_thousands_round_trips(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """2,300 objects: export within 1.2x the paging minimum, then plan finds no change."""
    emulator = Emulator(
        seed="generated:queues=2000,skills=200,wrapupcodes=100",
        clock=FakeClock(),
        rate_limit=0,
    )
    use_emulator(monkeypatch, emulator)
    assert cxgate("export", tmp_path / "big", "--profile", "test").exit_code == 0
    assert _api_calls(emulator) <= 1.2 * _paging_minimum(emulator)
    assert len(list((tmp_path / "big" / "queues").iterdir())) == 2000
    planned = cxgate("plan", tmp_path / "big", "--profile", "test", "-o", "json", state=tmp_path)
    assert planned.exit_code == 0, planned.output
    assert json.loads(planned.output)["existing"]["queue"] == 2000


def test_export_lists_the_files_it_removed(demo: Emulator, tmp_path: Path) -> None:
    """A queue file whose queue is gone from the org is removed, and the output names it."""
    root = tmp_path / "org"
    (root / "queues").mkdir(parents=True)
    (root / "queues" / "gone.yaml").write_text("name: Gone\n")
    text = cxgate("export", root, "--profile", "test", "-q")
    assert text.exit_code == 0, text.output
    assert "Removed 1 file(s) of objects no longer in the org:" in text.output
    assert f"  - {root / 'queues' / 'gone.yaml'}" in text.output
    (root / "queues" / "gone-too.yaml").write_text("name: Gone too\n")
    as_json = cxgate("export", root, "--profile", "test", "-q", "-o", "json")
    assert json.loads(as_json.output)["removed"] == [str(root / "queues" / "gone-too.yaml")]
