"""Skills, languages and wrap-up codes."""

from __future__ import annotations

import httpx
import pytest

from cxgate.clock import FakeClock
from cxgate.emulator import Emulator

SKILLS = "/api/v2/routing/skills"
LANGUAGES = "/api/v2/routing/languages"
CODES = "/api/v2/routing/wrapupcodes"


def _names(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [e["name"] for e in response.json()["entities"]]


def test_skills_list_filters_by_name_prefix(api: httpx.Client) -> None:
    """name is a case-insensitive prefix filter."""
    assert _names(api.get(SKILLS, params={"name": "f"})) == ["Fraud", "French"]


def test_skill_create_get_delete(api: httpx.Client) -> None:
    """A created skill is active, version "1", in Home; deleting makes it 404."""
    created = api.post(SKILLS, json={"name": "Quantum"})
    assert created.status_code == 200
    skill = created.json()
    assert (skill["state"], skill["version"], skill["division"]["name"]) == ("active", "1", "Home")
    assert api.get(f"{SKILLS}/{skill['id']}").json() == skill
    assert api.delete(f"{SKILLS}/{skill['id']}").status_code == 204
    assert api.get(f"{SKILLS}/{skill['id']}").status_code == 404


def test_skill_in_another_division(emulator: Emulator, api: httpx.Client) -> None:
    """divisionId puts the skill in that division."""
    division = emulator.find("division", "Outsourced Partners")
    assert division is not None
    skill = api.post(SKILLS, json={"name": "Partner", "divisionId": division["id"]}).json()
    assert skill["division"]["id"] == division["id"]


@pytest.mark.parametrize(
    ("body", "status"), [({}, 400), ({"name": "billing"}, 409), ({"name": 3}, 400)]
)
def test_skill_create_refusals(api: httpx.Client, body: dict[str, object], status: int) -> None:
    """Missing or non-string names and duplicate names (any case) are refused."""
    assert api.post(SKILLS, json=body).status_code == status


def test_languages_sort_both_ways_and_refuse_asc(api: httpx.Client) -> None:
    """Languages sort ascending|descending; the queues' asc|desc is a 400 here."""
    ascending = _names(api.get(LANGUAGES))
    assert ascending == sorted(ascending)
    assert _names(api.get(LANGUAGES, params={"sortOrder": "descending"})) == ascending[::-1]
    assert api.get(LANGUAGES, params={"sortOrder": "asc"}).status_code == 400


def test_language_create_get_delete(api: httpx.Client) -> None:
    """Languages are created by name and deleted by id."""
    language = api.post(LANGUAGES, json={"name": "Klingon"}).json()
    assert api.get(f"{LANGUAGES}/{language['id']}").json()["name"] == "Klingon"
    assert api.post(LANGUAGES, json={"name": "klingon"}).status_code == 409
    assert api.delete(f"{LANGUAGES}/{language['id']}").status_code == 204
    assert api.delete(f"{LANGUAGES}/{language['id']}").status_code == 404


def test_wrapup_codes_sorting(api: httpx.Client) -> None:
    """By name by default; sortBy=id applies only together with a name filter."""
    by_name = _names(api.get(CODES))
    assert by_name == sorted(by_name, key=str.casefold)
    ignored = _names(api.get(CODES, params={"sortBy": "id"}))
    assert ignored == by_name
    entities = api.get(CODES, params={"sortBy": "id", "name": "c"}).json()["entities"]
    assert [e["id"] for e in entities] == sorted(e["id"] for e in entities)
    assert api.get(CODES, params={"sortBy": "date"}).status_code == 400


def test_wrapup_code_lifecycle(api: httpx.Client, clock: FakeClock) -> None:
    """Create answers 200; a full PUT drops an omitted description; delete is 204."""
    code = api.post(CODES, json={"name": "Spam", "description": "junk calls"}).json()
    assert (code["description"], code["createdBy"]) == ("junk calls", "cxgate-test")
    clock.advance(5)
    updated = api.put(f"{CODES}/{code['id']}", json={"name": "Spam Call"}).json()
    assert updated["name"] == "Spam Call"
    assert "description" not in updated
    assert updated["dateModified"] > code["dateModified"]
    assert updated["dateCreated"] == code["dateCreated"]
    assert api.get(f"{CODES}/{code['id']}").json() == updated
    assert api.delete(f"{CODES}/{code['id']}").status_code == 204
    assert api.put(f"{CODES}/{code['id']}", json={"name": "x"}).status_code == 404


def test_wrapup_code_divisions(emulator: Emulator, api: httpx.Client) -> None:
    """A code goes into the division given, is moved by PUT, and filters by divisionId."""
    division = emulator.find("division", "Outsourced Partners")
    assert division is not None
    ref = {"id": division["id"]}
    code = api.post(CODES, json={"name": "BPO", "division": ref}).json()
    assert _names(api.get(CODES, params={"divisionId": division["id"]})) == ["BPO"]
    moved = api.put(f"{CODES}/{code['id']}", json={"name": "BPO"}).json()
    assert moved["division"]["id"] == division["id"]
    assert api.put(f"{CODES}/{code['id']}", json={"name": "Resolved"}).status_code == 409
