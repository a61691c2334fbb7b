"""Behaviour settings: the emulator answers each undocumented question either way, and is
strict where the real API is (unknown properties, query enums, the full flow type enum)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from cxgate.emulator import Emulator
from cxgate.emulator.architect.editor import find_flow
from cxgate.emulator.behaviour import Behaviour, BehaviourError
from tests.emulator.helpers import login

ME = "/api/v2/organizations/me"
PUBLISH = "/api/v2/flows/actions/publish"
QUEUES = "/api/v2/routing/queues"


def test_parse_reads_every_setting_and_describes_them_back() -> None:
    """The text form round-trips; names use dashes, values are checked."""
    text = "in-place-publish=off,org-stale-version=400,dependency-build-polls=5,put-omitted=keep"
    behaviour = Behaviour.parse(text)
    assert not behaviour.republishes_in_place
    assert (behaviour.org_stale_version, behaviour.dependency_build_polls) == ("400", 5)
    assert Behaviour.parse(behaviour.describe()) == behaviour
    assert Behaviour.parse("") == Behaviour() == Behaviour.parse(None)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("in-place=off", "unknown behaviour 'in-place'"),
        ("in-place-publish=maybe", "in-place-publish takes on or off"),
        ("org-stale-version=412", "takes 409 or 400"),
        ("dependency-build-polls=some", "whole number"),
    ],
)
def test_parse_refuses_what_it_does_not_know(text: str, words: str) -> None:
    """A wrong name or value is an error naming the setting and what it takes."""
    with pytest.raises(BehaviourError, match=words):
        Behaviour.parse(text)


@pytest.mark.parametrize(("setting", "status"), [("409", 409), ("400", 400)])
def test_stale_org_version_is_answered_as_set(setting: str, status: int) -> None:
    """Both possible answers carry "does not match the current version"; nothing changes."""
    emulator = Emulator(behaviour=f"org-stale-version={setting}")
    with login(emulator) as api:
        org = api.get(ME).json()
        emulator.edit("organization", supportURI="https://elsewhere.example.com")
        response = api.put(ME, json={**org, "name": "Mine"})
        assert response.status_code == status
        assert "does not match the current version" in response.json()["message"]
        assert api.get(ME).json()["name"] == org["name"]


def _republish_old(emulator: Emulator) -> httpx.Response:
    flow = find_flow(emulator.store, "Acme Main IVR")
    assert flow["publishedVersion"]["id"] == "2.0"
    with login(emulator) as api:
        return api.post(PUBLISH, params={"flow": flow["id"], "version": "1.0"})


def test_in_place_republish_is_served_by_default() -> None:
    """Publishing an older version starts an Operation (the unconfirmed in-place path)."""
    assert _republish_old(Emulator()).status_code == 200


def test_in_place_republish_can_be_refused() -> None:
    """Under in-place-publish=off an older version is refused; the latest still publishes."""
    emulator = Emulator(behaviour="in-place-publish=off")
    response = _republish_old(emulator)
    assert response.status_code == 400
    assert response.json()["code"] == "flow.republish.in.place.refused"
    flow = find_flow(emulator.store, "Acme Main IVR")
    with login(emulator) as api:
        latest = api.post(PUBLISH, params={"flow": flow["id"], "version": "2.0"})
    assert latest.status_code == 200


@pytest.mark.parametrize(("setting", "kept"), [("clear", False), ("keep", True)])
def test_queue_put_clears_or_keeps_omitted_fields(setting: str, kept: bool) -> None:
    """put-omitted decides what a PUT without a field does to it."""
    emulator = Emulator(behaviour=f"put-omitted={setting}")
    with login(emulator) as api:
        created = api.post(QUEUES, json={"name": "Omit", "description": "before"}).json()
        response = api.put(f"{QUEUES}/{created['id']}", json={"name": "Omit"})
        assert response.status_code == 200
        assert (response.json().get("description") == "before") is kept


@pytest.mark.parametrize(
    ("method", "path", "body", "model"),
    [
        ("POST", QUEUES, {"name": "Q", "strategy": "longest"}, "CreateQueueRequest"),
        ("POST", "/api/v2/flows/jobs", {"createStubs": True, "publish": True}, ""),
        ("POST", "/api/v2/flows/export/jobs", {"flows": [], "zip": True}, ""),
        ("PATCH", "/api/v2/organizations/features/chat", {"enabled": True, "on": 1}, ""),
    ],
)
def test_unknown_body_properties_are_refused_on_every_route(
    api: httpx.Client, method: str, path: str, body: dict[str, Any], model: str
) -> None:
    """400 invalid.property naming the field, in the swagger's message shape."""
    response = api.request(method, path, json=body)
    assert response.status_code == 400, response.text
    error = response.json()
    assert error["code"] == "invalid.property"
    assert "is not a valid property for object" in error["message"]
    if model:
        assert error["message"].endswith(f"[{model}]")


@pytest.mark.parametrize("flow_type", ["emailsend", "voicesurvey", "inboundcall", "workitem"])
def test_flow_list_type_takes_every_sdk_value(api: httpx.Client, flow_type: str) -> None:
    """Every value of the SDK's enum for ``type`` is a valid filter."""
    response = api.get("/api/v2/flows", params={"type": flow_type})
    assert response.status_code == 200, response.text


def test_a_query_enum_outside_its_values_is_invalid_query_param_value(api: httpx.Client) -> None:
    """Query parameters are checked with the query code, not the body one."""
    response = api.get("/api/v2/flows", params={"type": "telepathy"})
    assert response.status_code == 400
    error = response.json()
    assert error["code"] == "invalid.query.param.value"
    assert error["message"].startswith("Value [telepathy] is not valid for parameter [type].")
