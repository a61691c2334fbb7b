"""Architect dependency tracking and queue wrap-up codes, as the emulator serves them."""

from __future__ import annotations

import httpx
import pytest

from cxgate.emulator import Emulator
from cxgate.emulator.architect.dependencies import index_stale
from cxgate.emulator.architect.editor import find_flow
from cxgate.emulator.model import entity_id
from cxgate.emulator.routes.dependencies import add_flow_dependencies
from cxgate.emulator.routes.queue_wrapupcodes import set_queue_wrapup_codes
from tests.emulator.helpers import login

CONSUMING = "/api/v2/architect/dependencytracking/consumingresources"
CONSUMED = "/api/v2/architect/dependencytracking/consumedresources"


def _consumers(api: httpx.Client, object_id: str, object_type: str, **extra: str) -> list[str]:
    params = {"id": object_id, "objectType": object_type, **extra}
    response = api.get(CONSUMING, params=params)
    assert response.status_code == 200, response.text
    return [f"{d['name']} {d['version']}" for d in response.json()["entities"]]


def test_published_flows_that_use_a_queue(api: httpx.Client) -> None:
    """Billing is used by two published flows; the filter keeps only published versions."""
    billing = entity_id("queue", "Billing")
    found = _consumers(api, billing, "QUEUE", flowFilter="published")
    assert found == ["Acme After Hours 1.0", "Acme Main IVR 2.0"]


def test_unpublished_versions_only_without_the_published_filter(api: httpx.Client) -> None:
    """A queue only an old, checked-in version names shows up unless asked for published."""
    tier2 = entity_id("queue", "Support - Tier 2")
    assert _consumers(api, tier2, "QUEUE") == ["Acme Main IVR 1.0"]
    assert _consumers(api, tier2, "QUEUE", flowFilter="published") == []


def test_object_type_and_resource_type_narrow_the_answer(api: httpx.Client) -> None:
    """Same id under another type finds nothing; resourceType filters the consuming flows."""
    tier1 = entity_id("queue", "Support - Tier 1")
    assert _consumers(api, tier1, "ACDSKILL") == []
    assert _consumers(api, tier1, "QUEUE", resourceType="INQUEUECALLFLOW") == ["Acme Hold 1.0"]


def test_dependency_entities_have_the_sdk_shape(api: httpx.Client) -> None:
    """Each entity is a Dependency: id, name, version, type, flags, selfUri."""
    spanish = entity_id("skill", "Spanish")
    body = api.get(CONSUMING, params={"id": spanish, "objectType": "ACDSKILL"}).json()
    (dep,) = body["entities"]
    assert dep["type"] == "INBOUNDCALLFLOW"
    assert dep["selfUri"] == f"/api/v2/flows/{dep['id']}"
    assert {dep["deleted"], dep["updated"], dep["stateUnknown"]} == {False}


@pytest.mark.parametrize(
    "params",
    [{"objectType": "QUEUE"}, {"id": "x"}, {"id": "x", "objectType": "QUEUE", "flowFilter": "all"}],
)
def test_required_and_enum_parameters(api: httpx.Client, params: dict[str, str]) -> None:
    """id and objectType are required; flowFilter takes checkedIn or published."""
    assert api.get(CONSUMING, params=params).status_code == 400


def test_consumed_resources_of_a_flow_version(api: httpx.Client) -> None:
    """What one version uses, filterable by resource type; an unknown version uses nothing."""
    flow = entity_id("flow", "Acme After Hours")
    params = {"id": flow, "version": "1.0", "objectType": "INBOUNDCALLFLOW"}
    body = api.get(CONSUMED, params=params).json()
    assert {d["type"] for d in body["entities"]} == {"QUEUE", "ACDSKILL"}
    skills = api.get(CONSUMED, params={**params, "resourceType": "ACDSKILL"}).json()
    assert [d["name"] for d in skills["entities"]] == ["Spanish"]
    assert api.get(CONSUMED, params={**params, "version": "9.9"}).json()["entities"] == []


def test_rows_added_by_tests_are_served(emulator: Emulator, api: httpx.Client) -> None:
    """add_flow_dependencies makes a new flow version consume an object."""
    queue_id = entity_id("queue", "VIP Care")
    add_flow_dependencies(
        emulator.store,
        flow_id="f-1",
        flow_name="VIP Line",
        version="1.0",
        consumed=[{"type": "QUEUE", "id": queue_id, "name": "VIP Care"}],
    )
    assert _consumers(api, queue_id, "QUEUE", flowFilter="published") == ["VIP Line 1.0"]


def test_queue_wrapup_codes(emulator: Emulator, api: httpx.Client) -> None:
    """A queue's codes come sorted by name; a queue without a row has none; 404 for no queue."""
    billing = entity_id("queue", "Billing")
    path = f"/api/v2/routing/queues/{billing}/wrapupcodes"
    names = [c["name"] for c in api.get(path).json()["entities"]]
    assert names == ["Escalated", "Payment Taken", "Resolved"]
    vip = entity_id("queue", "VIP Care")
    assert api.get(f"/api/v2/routing/queues/{vip}/wrapupcodes").json()["entities"] == []
    set_queue_wrapup_codes(emulator.store, vip, [entity_id("wrapupcode", "Resolved")])
    codes = api.get(f"/api/v2/routing/queues/{vip}/wrapupcodes", params={"name": "res"}).json()
    assert [c["name"] for c in codes["entities"]] == ["Resolved"]
    assert api.get("/api/v2/routing/queues/nope/wrapupcodes").status_code == 404


BUILD = "/api/v2/architect/dependencytracking/build"


def _stale_with_a_new_consumer(emulator: Emulator) -> str:
    """The index goes stale, then a flow starts using Back Office (the index does not see it)."""
    back_office = emulator.find("queue", "Back Office")
    assert back_office is not None
    with emulator.store.lock:
        index_stale(emulator.store)
    add_flow_dependencies(
        emulator.store,
        flow_id="f-new",
        flow_name="Acme New Line",
        version="1.0",
        consumed=[{"type": "QUEUE", "id": back_office["id"], "name": "Back Office"}],
    )
    return str(back_office["id"])


def test_a_seeded_index_is_current(api: httpx.Client) -> None:
    """The demo org's index was built after seeding: OPERATIONAL."""
    assert api.get(BUILD).json()["status"] == "OPERATIONAL"


def test_the_index_lags_until_a_build_has_run(emulator: Emulator, api: httpx.Client) -> None:
    """Stale: the old answer and OPERATIONALNEEDSREBUILD; a build takes two reads, then the
    new consumer shows."""
    queue_id = _stale_with_a_new_consumer(emulator)
    assert api.get(BUILD).json()["status"] == "OPERATIONALNEEDSREBUILD"
    assert _consumers(api, queue_id, "QUEUE") == []
    assert api.post(BUILD).status_code == 204
    assert api.get(BUILD).json()["status"] == "BUILDINPROGRESS"
    assert _consumers(api, queue_id, "QUEUE") == []
    done = api.get(BUILD).json()
    assert (done["status"], "dateCompleted" in done) == ("OPERATIONAL", True)
    assert _consumers(api, queue_id, "QUEUE") == ["Acme New Line 1.0"]


def test_a_publish_makes_the_index_stale(emulator: Emulator, api: httpx.Client) -> None:
    """Publishing a version (an Operation) leaves the index needing a rebuild."""
    flow = find_flow(emulator.store, "Acme Main IVR")
    api.post("/api/v2/flows/actions/publish", params={"flow": flow["id"], "version": "1.0"})
    api.get(f"/api/v2/flows/{flow['id']}")  # the Operation moves on per read
    for _ in range(5):
        if api.get(f"/api/v2/flows/{flow['id']}").json()["currentOperation"]["complete"]:
            break
    assert api.get(BUILD).json()["status"] == "OPERATIONALNEEDSREBUILD"


@pytest.mark.parametrize("polls", [0, 3])
def test_the_number_of_build_reads_is_a_setting(polls: int) -> None:
    """dependency-build-polls=N: the build is OPERATIONAL on the Nth read (0: at once)."""
    emulator = Emulator(behaviour=f"dependency-build-polls={polls}")
    _stale_with_a_new_consumer(emulator)
    with login(emulator) as api:
        api.post(BUILD)
        statuses = [api.get(BUILD).json()["status"] for _ in range(max(polls, 1))]
    assert statuses[-1] == "OPERATIONAL"
    assert statuses.count("BUILDINPROGRESS") == max(polls - 1, 0)
