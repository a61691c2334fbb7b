"""``/api/v2/organizations/...``: the org and its version, features, limits."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from tests.emulator.helpers import login

ME = "/api/v2/organizations/me"
LIMITS = "/api/v2/organizations/limits/namespaces"


def test_get_org(api: httpx.Client) -> None:
    """The org has an integer version, features and a selfUri."""
    org = api.get(ME).json()
    assert org["version"] == 7
    assert org["features"]["contactCenter"] is True
    assert org["selfUri"] == "/api/v2/organizations/me"


def test_put_with_current_version_updates_and_bumps_it(api: httpx.Client) -> None:
    """PUT with the version read changes the org and increments its version."""
    org = api.get(ME).json()
    response = api.put(ME, json={**org, "name": "Renamed", "defaultLanguage": "fr"})
    assert response.status_code == 200
    updated = response.json()
    assert (updated["name"], updated["defaultLanguage"], updated["version"]) == ("Renamed", "fr", 8)
    assert api.get(ME).json() == updated


def test_put_with_stale_version_is_a_409_conflict(emulator: Emulator, api: httpx.Client) -> None:
    """After another editor's change, PUT with the old version is refused, nothing changes."""
    org = api.get(ME).json()
    emulator.edit("organization", supportURI="https://elsewhere.example.com")
    response = api.put(ME, json={**org, "name": "Mine"})
    assert response.status_code == 409
    error = response.json()
    assert error["code"] == "general.conflict"
    assert "does not match the current version" in error["message"]
    assert api.get(ME).json()["name"] == org["name"]


def test_put_ignores_read_only_fields(api: httpx.Client) -> None:
    """id, thirdPartyOrgName and features cannot be changed through PUT."""
    org = api.get(ME).json()
    body = {**org, "id": "other", "thirdPartyOrgName": "hijack", "features": {"pci": False}}
    updated = api.put(ME, json=body).json()
    assert (updated["id"], updated["thirdPartyOrgName"]) == (org["id"], org["thirdPartyOrgName"])
    assert updated["features"] == org["features"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "x"}, "version"),
        ({"version": "7"}, "version"),
        ({"version": 7, "state": "gone"}, "state"),
    ],
)
def test_put_refuses_bad_bodies(api: httpx.Client, body: dict[str, Any], field: str) -> None:
    """A missing or non-integer version, or a bad state, is a 400 naming the field."""
    response = api.put(ME, json=body)
    assert response.status_code == 400
    assert response.json()["details"][0]["fieldName"] == field


def test_patch_feature_answers_all_features(api: httpx.Client) -> None:
    """PATCH a feature flips it, answers every feature, and bumps the org version."""
    response = api.patch("/api/v2/organizations/features/chat", json={"enabled": False})
    assert response.status_code == 200
    features = response.json()
    assert features["chat"] is False
    assert len(features) == 13
    org = api.get(ME).json()
    assert (org["features"]["chat"], org["version"]) == (False, 8)


@pytest.mark.parametrize(
    ("feature", "body"),
    [("teleport", {"enabled": True}), ("chat", {}), ("chat", {"enabled": "no"})],
)
def test_patch_feature_refuses_bad_input(
    api: httpx.Client, feature: str, body: dict[str, Any]
) -> None:
    """Unknown feature names and missing or non-boolean states are 400s."""
    assert api.patch(f"/api/v2/organizations/features/{feature}", json=body).status_code == 400


def test_limit_namespaces_are_paged(api: httpx.Client) -> None:
    """The namespaces listing pages like the others."""
    page = api.get(LIMITS).json()
    names = [e["name"] for e in page["entities"]]
    assert "platform.api" in names
    assert page["total"] == len(names)


def test_limits_report_the_enforced_token_budget(clock: FakeClock) -> None:
    """platform.api's token rate is the budget this emulator enforces."""
    client = login(Emulator(clock=clock, rate_limit=120))
    limits = client.get(f"{LIMITS}/platform.api").json()["entities"]
    values = {e["key"]: e["value"] for e in limits}
    assert values["client.credentials.token.rate.per.minute"] == 120
    assert all(e["namespace"] == "platform.api" for e in limits)
    defaults = client.get(f"{LIMITS}/platform.api/defaults").json()["entities"]
    assert {e["key"]: e["value"] for e in defaults}[
        "client.credentials.token.rate.per.minute"
    ] == 300


def test_effective_limits_can_differ_from_defaults(api: httpx.Client) -> None:
    """A raised limit shows in the effective values but not in the defaults."""
    effective = {e["key"]: e["value"] for e in api.get(f"{LIMITS}/routing").json()["entities"]}
    default = {
        e["key"]: e["value"] for e in api.get(f"{LIMITS}/routing/defaults").json()["entities"]
    }
    assert effective["queues.max"] > default["queues.max"]


@pytest.mark.parametrize("suffix", ["", "/defaults"])
def test_unknown_namespace_is_404(api: httpx.Client, suffix: str) -> None:
    """A namespace without limits is a 404."""
    assert api.get(f"{LIMITS}/nonsense{suffix}").status_code == 404
