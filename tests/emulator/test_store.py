"""State: snapshots, the state file round trip, atomic saves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import stamina

from cxgate.client import GenesysClient
from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.emulator.architect.editor import find_flow
from cxgate.emulator.serve import EmulatorServer
from cxgate.emulator.store import Store, touch
from cxgate.errors import ConfigError
from cxgate.org.flows.deploy import deploy_flow
from cxgate.settings import Settings
from tests.emulator.helpers import login
from tests.flow.helpers import EXAMPLES


def test_state_file_round_trip(tmp_path: Path, clock: FakeClock) -> None:
    """Writes through the API survive a restart that loads the state file."""
    state = tmp_path / "org.json"
    first = Emulator(clock=clock, state_file=state)
    assert state.exists()
    client = login(first)
    created = client.post("/api/v2/routing/wrapupcodes", json={"name": "Persisted"}).json()
    client.patch("/api/v2/organizations/features/hipaa", json={"enabled": True})
    second = Emulator(clock=clock, state_file=state, seed="empty")
    assert second.entity("wrapupcode", created["id"])["name"] == "Persisted"
    assert second.store.organization["features"]["hipaa"] is True
    assert [p.name for p in tmp_path.iterdir()] == ["org.json"]


def test_reads_do_not_rewrite_the_state_file(tmp_path: Path, clock: FakeClock) -> None:
    """GETs leave the file alone; edits by another editor are saved."""
    state = tmp_path / "org.json"
    emulator = Emulator(clock=clock, state_file=state)
    stamp = state.stat().st_mtime_ns
    login(emulator).get("/api/v2/routing/queues")
    assert state.stat().st_mtime_ns == stamp
    emulator.edit("organization", name="Saved")
    assert json.loads(state.read_text())["organization"]["name"] == "Saved"


@pytest.mark.parametrize("content", ["{not json", "[]", '{"format": 99}'])
def test_bad_state_file_is_a_config_error(tmp_path: Path, content: str) -> None:
    """A file that is not an emulator state names the file and the fix."""
    state = tmp_path / "org.json"
    state.write_text(content)
    with pytest.raises(ConfigError, match=r"org\.json"):
        Store.load(state)


def test_snapshot_is_a_deep_copy() -> None:
    """Changing a snapshot does not change the store."""
    store = Store({"organization": {"name": "A"}, "queues": {"q": {"id": "q", "name": "Q"}}})
    snap = store.snapshot()
    snap["queues"]["q"]["name"] = "changed"
    assert store.table("queues")["q"]["name"] == "Q"
    assert snap["format"] == 1


def test_failed_save_leaves_no_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the rename fails, the temporary file is removed and the error surfaces."""
    store = Store({"organization": {"name": "A"}})

    def broken(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", broken)
    with pytest.raises(OSError, match="disk full"):
        store.save(tmp_path / "org.json")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("previous", "now", "expected"),
    [
        (None, 1_750_000_000.0, "2025-06-15T15:06:40.000Z"),
        ("2025-06-15T15:06:40.000Z", 1_750_000_000.0, "2025-06-15T15:06:40.001Z"),
        ("2020-01-01T00:00:00.000Z", 1_750_000_000.25, "2025-06-15T15:06:40.250Z"),
    ],
)
def test_touch_moves_date_modified_strictly_forward(
    previous: str | None, now: float, expected: str
) -> None:
    """touch stamps now, or one millisecond after the previous stamp if that is later."""
    entity = {"dateModified": previous, "modifiedBy": "a"} if previous else {"modifiedBy": "a"}
    touch(entity, "b", now)
    assert entity == {"dateModified": expected, "modifiedBy": "b"}


def test_work_finished_during_a_read_survives_a_restart(tmp_path: Path) -> None:
    """An import job completes while it is polled (GETs only): the new flow version is in the
    state file, so an emulator restarted from it still has it (real loopback socket)."""
    state = tmp_path / "org.json"
    emulator = Emulator(seed="demo", state_file=state, rate_limit=0)
    text = (EXAMPLES / "main-ivr.yaml").read_text(encoding="utf-8")
    with EmulatorServer(emulator) as server:
        settings = Settings.for_url(server.url, "state-test", "secret")
        with GenesysClient(settings) as client, stamina.set_testing(True):
            deployment = deploy_flow(client, text, file="m.yaml", deadline_s=30, force=True)
    restarted = Emulator(seed="empty", state_file=state)
    flow = find_flow(restarted.store, "Acme Main IVR")
    assert flow["publishedVersion"]["id"] == deployment.version == "3.0"
    assert [p.name for p in tmp_path.iterdir()] == ["org.json"]


def test_saves_only_when_the_state_changed(tmp_path: Path) -> None:
    """save() after an unchanged request writes nothing; after a change, it writes."""
    store = Store({"organization": {"name": "A"}})
    path = tmp_path / "s.json"
    assert store.save(path) is True
    assert store.save(path) is False
    store.organization["name"] = "B"
    assert store.save(path) is True
    loaded = Store.load(path)
    assert loaded.save(path) is False
    path.unlink()
    assert loaded.save(path) is True
