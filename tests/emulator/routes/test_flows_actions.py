"""``/api/v2/flows/actions/*``: locks, and publish/check-in as asynchronous Operations."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.emulator.architect.editor import find_flow, lock_flow
from cxgate.emulator.architect.operations import STEP_SECONDS, STEPS

ACTIONS = "/api/v2/flows/actions"


def _main(emulator: Emulator) -> dict[str, Any]:
    return find_flow(emulator.store, "Acme Main IVR")


def _act(api: httpx.Client, action: str, flow_id: str, **params: str) -> httpx.Response:
    return api.post(f"{ACTIONS}/{action}", params={"flow": flow_id, **params})


def _poll(api: httpx.Client, flow_id: str) -> dict[str, Any]:
    flow: dict[str, Any] = api.get(f"/api/v2/flows/{flow_id}").json()
    return flow


def test_publish_is_an_operation_that_progresses_per_read(
    api: httpx.Client, emulator: Emulator
) -> None:
    """STARTED, then one status per read, then SUCCESS with the version published."""
    flow_id = _main(emulator)["id"]
    started = _act(api, "publish", flow_id, version="1.0").json()
    assert (started["actionName"], started["actionStatus"], started["complete"]) == (
        "PUBLISH",
        "STARTED",
        False,
    )
    seen = [_poll(api, flow_id)["currentOperation"]["actionStatus"] for _ in range(len(STEPS))]
    assert seen == [*STEPS[1:], "SUCCESS"]
    flow = _poll(api, flow_id)
    assert (flow["publishedVersion"]["id"], flow["currentOperation"]["complete"]) == ("1.0", True)
    assert flow["currentOperation"]["client"]["id"] == "cxgate-test"


def test_operation_also_completes_with_clock_time(
    api: httpx.Client, emulator: Emulator, clock: FakeClock
) -> None:
    """Time alone finishes an operation: one read after enough seconds shows SUCCESS."""
    flow_id = _main(emulator)["id"]
    _act(api, "publish", flow_id, version="1.0")
    clock.advance(STEP_SECONDS * (len(STEPS) + 1))
    assert _poll(api, flow_id)["currentOperation"]["actionStatus"] == "SUCCESS"


def test_a_second_publish_while_one_runs_is_409(api: httpx.Client, emulator: Emulator) -> None:
    """One operation at a time per flow."""
    flow_id = _main(emulator)["id"]
    _act(api, "publish", flow_id, version="1.0")
    busy = _act(api, "publish", flow_id, version="2.0")
    assert (busy.status_code, busy.json()["code"]) == (409, "flow.operation.in.progress")


def test_publish_fails_when_a_queue_it_uses_was_deleted(
    api: httpx.Client, emulator: Emulator, clock: FakeClock
) -> None:
    """The Operation ends FAILURE naming the missing queue; the published version stays."""
    flow_id = _main(emulator)["id"]
    billing = emulator.find("queue", "Billing")
    assert billing is not None
    emulator.delete("queue", billing["id"])
    _act(api, "publish", flow_id, version="1.0")
    clock.advance(60)
    flow = _poll(api, flow_id)
    operation = flow["currentOperation"]
    assert (operation["actionStatus"], operation["complete"]) == ("FAILURE", True)
    assert "queue 'Billing'" in operation["errorMessage"]
    assert flow["publishedVersion"]["id"] == "2.0"


@pytest.mark.parametrize(
    ("params", "status"),
    [({"version": "9.0"}, 404), ({}, 200)],
)
def test_publish_version_must_exist_and_defaults_to_latest(
    api: httpx.Client, emulator: Emulator, params: dict[str, str], status: int
) -> None:
    """An unknown version is 404; without one, the latest checked-in version is published."""
    response = _act(api, "publish", _main(emulator)["id"], **params)
    assert response.status_code == status


def test_actions_need_the_flow_parameter(api: httpx.Client) -> None:
    """No ``flow`` query parameter: 400 naming it; an unknown flow: 404."""
    assert api.post(f"{ACTIONS}/checkout").json()["details"][0]["fieldName"] == "flow"
    assert api.post(f"{ACTIONS}/checkout", params={"flow": "nope"}).status_code == 404


@pytest.mark.parametrize("action", ["checkout", "checkin", "publish", "revert", "deactivate"])
def test_someone_elses_lock_refuses_every_action_but_unlock(
    api: httpx.Client, emulator: Emulator, clock: FakeClock, action: str
) -> None:
    """A colleague's lock is 409 flow.locked, naming them, for every write but unlock."""
    flow = lock_flow(emulator.store, "Acme Main IVR", by="ana@example.com", now=clock.time())
    refused = _act(api, action, flow["id"])
    assert (refused.status_code, refused.json()["code"]) == (409, "flow.locked")
    assert "ana@example.com" in refused.json()["message"]


def test_unlock_checks_in_the_draft_and_frees_the_flow(
    api: httpx.Client, emulator: Emulator, clock: FakeClock
) -> None:
    """Unlock (admin) releases a colleague's lock; their draft becomes version 3.0."""
    flow = lock_flow(emulator.store, "Acme Main IVR", now=clock.time())
    unlocked = _act(api, "unlock", flow["id"]).json()
    assert "lockedUser" not in unlocked
    assert unlocked["checkedInVersion"]["id"] == "3.0"
    assert unlocked["publishedVersion"]["id"] == "2.0"
    assert _act(api, "checkout", flow["id"]).json()["lockedClient"]["id"] == "cxgate-test"


def test_checkout_checkin_without_a_draft_fails_asynchronously(
    api: httpx.Client, emulator: Emulator, clock: FakeClock
) -> None:
    """Check-in answers an Operation; with nothing saved it ends FAILURE (use unlock)."""
    flow_id = _main(emulator)["id"]
    assert _act(api, "checkin", flow_id).status_code == 400  # not checked out
    _act(api, "checkout", flow_id)
    operation = _act(api, "checkin", flow_id).json()
    assert operation["actionName"] == "CHECKIN"
    clock.advance(60)
    result = _poll(api, flow_id)["currentOperation"]
    assert result["actionStatus"] == "FAILURE"
    assert "unlock" in result["errorMessage"]


def test_checkin_of_our_own_draft_makes_a_version(
    api: httpx.Client, emulator: Emulator, clock: FakeClock
) -> None:
    """A draft saved under our lock is checked in as the next version and the lock is freed."""
    flow = lock_flow(emulator.store, "Acme Main IVR", by="x@example.com", now=clock.time())
    flow["lockedClient"] = flow.pop("lockedUser") | {"id": "cxgate-test"}
    _act(api, "checkin", flow["id"])
    clock.advance(60)
    done = _poll(api, flow["id"])
    assert done["currentOperation"]["actionStatus"] == "SUCCESS"
    assert (done["checkedInVersion"]["id"], "lockedClient" in done) == ("3.0", False)


def test_revert_drops_the_draft_and_deactivate_unpublishes(
    api: httpx.Client, emulator: Emulator, clock: FakeClock
) -> None:
    """Revert (by the lock holder) discards the draft; deactivate leaves nothing published."""
    flow_id = _main(emulator)["id"]
    _act(api, "checkout", flow_id)
    reverted = _act(api, "revert", flow_id).json()
    assert "lockedClient" not in reverted
    assert "savedVersion" not in reverted
    inactive = _act(api, "deactivate", flow_id).json()
    assert (inactive["active"], "publishedVersion" in inactive) == (False, False)
    rows = [r for r in emulator.store.table("flow_dependencies").values() if r["flowId"] == flow_id]
    assert rows
    assert not any(r["published"] for r in rows)
