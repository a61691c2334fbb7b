"""``/api/v2/flows``: the seeded flows, list filters, create, metadata PUT, delete, versions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.emulator.architect.editor import find_flow, lock_flow
from cxgate.emulator.seed.flows import FLOW_FILES

FLOWS = "/api/v2/flows"
EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "bundle" / "flows"


def _names(api: httpx.Client, **params: Any) -> list[str]:
    response = api.get(FLOWS, params=params)
    assert response.status_code == 200, response.text
    return [f["name"] for f in response.json()["entities"]]


def _flow(emulator: Emulator, name: str = "Acme Main IVR") -> dict[str, Any]:
    return find_flow(emulator.store, name)


@pytest.mark.parametrize(
    ("seeded", "example"),
    [
        ("main-ivr.v2.yaml", "main-ivr.yaml"),
        ("in-queue.v1.yaml", "in-queue.yaml"),
        ("after-hours.v1.yaml", "../../broken-flows/after-hours.yaml"),
    ],
)
def test_seeded_versions_are_the_demo_bundle_files(seeded: str, example: str) -> None:
    """The published demo flows are byte for byte the bundle's files (no drift)."""
    assert (FLOW_FILES / seeded).read_bytes() == (EXAMPLES / example).read_bytes()


def test_demo_org_has_published_flows_with_history(api: httpx.Client) -> None:
    """Main IVR has versions 2.0 (published) and 1.0 (published before, then replaced)."""
    flow = api.get(FLOWS, params={"name": "Acme Main IVR"}).json()["entities"][0]
    assert (flow["type"], flow["active"], flow["publishedVersion"]["id"]) == (
        "INBOUNDCALL",
        True,
        "2.0",
    )
    versions = api.get(f"{FLOWS}/{flow['id']}/versions").json()["entities"]
    assert [v["id"] for v in versions] == ["2.0", "1.0"]
    assert "datePublishedEnd" in versions[1]
    assert "datePublishedEnd" not in versions[0]
    assert versions[0]["createdBy"]["email"] == "ana.lopez@acme-demo.example"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Acme After Hours", "Acme Hold", "Acme Main IVR"]),
        ({"type": "inqueuecall"}, ["Acme Hold"]),
        ({"type": "inboundcall,inqueuecall"}, ["Acme After Hours", "Acme Hold", "Acme Main IVR"]),
        ({"name": "acme main ivr"}, ["Acme Main IVR"]),
        ({"name": "Acme*"}, ["Acme After Hours", "Acme Hold", "Acme Main IVR"]),
        ({"nameOrDescription": "*callback*"}, ["Acme Hold"]),
        ({"description": "*account lookup*"}, ["Acme Main IVR"]),
        ({"publishVersionId": "2.0"}, ["Acme Main IVR"]),
        ({"publishedAfter": "2025-01-20"}, ["Acme Main IVR"]),
        ({"publishedBefore": "2025-01-17T00:00:00.000-0600"}, ["Acme After Hours"]),
        ({"secure": "published"}, []),
        (
            {"sortBy": "name", "sortOrder": "desc"},
            ["Acme Main IVR", "Acme Hold", "Acme After Hours"],
        ),
    ],
)
def test_list_filters(api: httpx.Client, params: dict[str, str], expected: list[str]) -> None:
    """The documented filters select flows; sortBy name orders them."""
    names = _names(api, **params)
    assert (sorted(names) if "sortBy" not in params else names) == expected


def test_id_filter_ignores_every_other_filter(api: httpx.Client, emulator: Emulator) -> None:
    """ "If one or more IDs are specified … not use any additional supplied query parameters"."""
    hold = _flow(emulator, "Acme Hold")
    assert _names(api, id=hold["id"], type="inboundcall") == ["Acme Hold"]


def test_lock_filters(api: httpx.Client, emulator: Emulator, clock: FakeClock) -> None:
    """lockedBy and editableBy see a user's lock; lockedByClientId sees ours."""
    locked = lock_flow(emulator.store, "Acme Main IVR", by="ana@example.com", now=clock.time())
    user_id = locked["lockedUser"]["id"]
    assert _names(api, lockedBy=user_id) == ["Acme Main IVR"]
    assert sorted(_names(api, editableBy="someone-else")) == ["Acme After Hours", "Acme Hold"]
    hold = _flow(emulator, "Acme Hold")
    api.post("/api/v2/flows/actions/checkout", params={"flow": hold["id"]})
    assert _names(api, lockedByClientId="cxgate-test") == ["Acme Hold"]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"type": "ivr"}, "type"), ({"publishedAfter": "soon"}, "publishedAfter")],
)
def test_bad_filters_are_400(api: httpx.Client, params: dict[str, str], field: str) -> None:
    """An unknown type or an unreadable date is refused naming the field."""
    response = api.get(FLOWS, params=params)
    assert response.status_code == 400
    assert response.json()["details"][0]["fieldName"] == field


def test_create_get_put_delete(api: httpx.Client) -> None:
    """A new flow has no version; PUT changes metadata only; DELETE removes it."""
    created = api.post(FLOWS, json={"name": "Survey", "type": "INBOUNDCALL"})
    assert created.status_code == 200, created.text
    flow = created.json()
    assert (flow["active"], "publishedVersion" in flow, flow["division"]["name"]) == (
        False,
        False,
        "Home",
    )
    path = f"{FLOWS}/{flow['id']}"
    updated = api.put(path, json={**flow, "name": "Survey 2", "description": "post-call"})
    assert updated.json()["description"] == "post-call"
    assert api.get(path).json()["name"] == "Survey 2"
    assert api.delete(path).status_code == 204
    assert api.get(path).status_code == 404


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"type": "INBOUNDCALL"}, 400, "bad.request"),
        ({"name": "x", "type": "IVR"}, 400, "invalid.value"),
        ({"name": "acme main ivr", "type": "INBOUNDCALL"}, 409, "general.conflict"),
    ],
)
def test_create_refusals(api: httpx.Client, body: dict[str, str], status: int, code: str) -> None:
    """Missing name, unknown type and a duplicate name of the same type are refused."""
    response = api.post(FLOWS, json=body)
    assert (response.status_code, response.json()["code"]) == (status, code)


def test_put_cannot_change_type_or_overwrite_a_lock(
    api: httpx.Client, emulator: Emulator, clock: FakeClock
) -> None:
    """PUT keeps the type, and is 409 flow.locked while a colleague holds the lock."""
    flow = api.get(f"{FLOWS}/{_flow(emulator)['id']}").json()
    path = f"{FLOWS}/{flow['id']}"
    assert api.put(path, json={**flow, "type": "INQUEUECALL"}).status_code == 400
    lock_flow(emulator.store, "Acme Main IVR", by="ana@example.com", now=clock.time())
    response = api.put(path, json=flow)
    assert (response.status_code, response.json()["code"]) == (409, "flow.locked")
    assert "user ana@example.com" in response.json()["message"]
    assert api.delete(path).status_code == 409


def test_versions_configuration_and_drafts(
    api: httpx.Client, emulator: Emulator, clock: FakeClock
) -> None:
    """A saved draft is readable but not listed; configurations carry the file's content."""
    flow = _flow(emulator)
    lock_flow(emulator.store, "Acme Main IVR", now=clock.time())
    base = f"{FLOWS}/{flow['id']}"
    assert [v["id"] for v in api.get(f"{base}/versions").json()["entities"]] == ["2.0", "1.0"]
    draft = api.get(f"{base}/versions/3.0").json()
    assert (draft["type"], "dateSaved" in draft) == ("SAVE", True)
    config = api.get(f"{base}/versions/1.0/configuration").json()
    assert config["definition"]["inboundCall"]["name"] == "Acme Main IVR"
    assert api.get(f"{base}/latestconfiguration").json()["version"] == "3.0"
    assert api.get(f"{base}/versions/9.0").status_code == 404
    shown = api.get(base).json()
    assert shown["savedVersion"]["type"] == "SAVE"
    assert shown["lockedUser"]["email"] == "ana.lopez@acme-demo.example"


def test_empty_flow_has_no_latest_configuration(api: httpx.Client) -> None:
    """A flow without any version has nothing to configure yet: 404."""
    flow = api.post(FLOWS, json={"name": "Blank", "type": "WORKFLOW"}).json()
    assert api.get(f"{FLOWS}/{flow['id']}/latestconfiguration").status_code == 404
