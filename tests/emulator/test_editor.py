""" "Another editor": edits and hooks between two of our calls."""

from __future__ import annotations

import httpx
import pytest

from cxgate.clock import FakeClock
from cxgate.emulator import Emulator

QUEUES = "/api/v2/routing/queues"


def _billing(emulator: Emulator) -> str:
    queue = emulator.find("queue", "Billing")
    assert queue is not None
    return str(queue["id"])


def test_edit_looks_like_a_real_edit(emulator: Emulator, clock: FakeClock) -> None:
    """edit changes fields, moves dateModified on and records who changed it."""
    queue_id = _billing(emulator)
    before = emulator.entity("queue", queue_id)
    clock.advance(30)
    after = emulator.edit("queue", queue_id, description="changed in the UI", by="ana@example.com")
    assert after["description"] == "changed in the UI"
    assert after["modifiedBy"] == "ana@example.com"
    assert after["dateModified"] > before["dateModified"]
    assert emulator.entity("queues", queue_id) == after


def test_edit_bumps_org_version_and_skill_version(emulator: Emulator) -> None:
    """The org's integer version and a skill's string version move on with an edit."""
    assert emulator.edit("organization", name="Other")["version"] == 8
    skill = emulator.find("skill", "Billing")
    assert skill is not None
    assert emulator.edit("skill", skill["id"], state="inactive")["version"] == "2"


def test_before_next_runs_once_between_our_calls(emulator: Emulator, api: httpx.Client) -> None:
    """A hook on PUT runs before that PUT is handled, once, and the PUT overwrites it."""
    queue_id = _billing(emulator)
    seen: list[str] = []

    def colleague() -> None:
        seen.append(emulator.edit("queue", queue_id, description="theirs")["description"])

    emulator.before_next("PUT", "/api/v2/routing/queues/{id}", colleague)
    read = api.get(f"{QUEUES}/{queue_id}").json()
    assert seen == []
    api.put(f"{QUEUES}/{queue_id}", json={"name": "Billing", "description": "ours"})
    api.put(f"{QUEUES}/{queue_id}", json={"name": "Billing", "description": "ours again"})
    assert seen == ["theirs"]
    assert read.get("description") != "theirs"
    assert emulator.entity("queue", queue_id)["description"] == "ours again"


@pytest.mark.parametrize(
    ("method", "pattern", "fires"),
    [
        ("GET", "/api/v2/routing/queues/{queueId}", True),
        ("*", "/api/v2/routing/queues/*", True),
        ("GET", "/api/v2/routing/queues", False),
        ("PUT", "/api/v2/routing/queues/{queueId}", False),
    ],
)
def test_hook_matching(
    emulator: Emulator, api: httpx.Client, method: str, pattern: str, fires: bool
) -> None:
    """Hooks match on method (or *) and a path template, concrete path or glob."""
    fired: list[bool] = []
    emulator.before_next(method, pattern, lambda: fired.append(True))
    api.get(f"{QUEUES}/{_billing(emulator)}")
    assert bool(fired) is fires


def test_delete_behind_our_back(emulator: Emulator, api: httpx.Client) -> None:
    """delete removes an object; our next GET is a 404."""
    queue_id = _billing(emulator)
    emulator.delete("queue", queue_id)
    assert api.get(f"{QUEUES}/{queue_id}").status_code == 404


@pytest.mark.parametrize(
    ("kind", "entity_id"), [("gizmo", "x"), ("queue", "missing"), ("queue", None)]
)
def test_edit_of_unknown_things_is_a_key_error(
    emulator: Emulator, kind: str, entity_id: str | None
) -> None:
    """Unknown kinds or ids raise KeyError with a message."""
    with pytest.raises(KeyError):
        emulator.edit(kind, entity_id, name="x")
