"""``/api/v2/routing/{skills,languages,wrapupcodes}``: the small routing catalogues.

WHL ``routing_api.py``; genesys-api.md §6. Skills and languages have no update (create and
delete only); wrap-up codes have a full PUT. Note the API's own inconsistency: these lists
sort ``ascending|descending`` where queues take ``asc|desc``.
"""

from __future__ import annotations

import uuid
from typing import Any

from cxgate.emulator.model import (
    division_ref,
    language_entity,
    self_uri,
    skill_entity,
    wrapup_code_entity,
)
from cxgate.emulator.paging import listing, read_page
from cxgate.emulator.router import ApiRequest, RouteGroup
from cxgate.emulator.routes.common import (
    conflict_on_name,
    division_for,
    filter_ids,
    name_has_prefix,
    no_content,
    ok,
    one_of,
    require,
    sorted_by_name,
)
from cxgate.emulator.schema import (
    CREATE_SKILL,
    LANGUAGE,
    UPDATE_SKILL_DIVISION,
    WRAPUP_CODE_REQUEST,
    validate,
)
from cxgate.emulator.store import touch
from cxgate.emulator.wire import Reply

__all__ = ["routes"]

routes = RouteGroup()

SKILLS = "/api/v2/routing/skills"
LANGUAGES = "/api/v2/routing/languages"
WRAPUP_CODES = "/api/v2/routing/wrapupcodes"
_ORDER = ("ascending", "descending")
Entity = dict[str, Any]


def _named(request: ApiRequest, kind: str) -> list[Entity]:
    """Entities of ``kind`` filtered by ``id`` and a ``name`` prefix."""
    items = filter_ids(
        request.store.table(kind).values(), request.query_values("id"), lambda e: e["id"]
    )
    prefix = request.query_value("name")
    return [e for e in items if name_has_prefix(e["name"], prefix)] if prefix else items


def _with_new_id(entity: Entity, kind: str) -> Entity:
    """Entities made through the API get random ids, like the real ones."""
    entity["id"] = str(uuid.uuid4())
    entity["selfUri"] = self_uri(kind, entity["id"])
    return entity


@routes.get(SKILLS)
def list_skills(request: ApiRequest) -> Reply:
    """Skills sorted by name, filtered by ``name`` prefix and ``id``."""
    page = read_page(request, SKILLS)
    return ok(listing(request, sorted_by_name(_named(request, "skills")), page))


@routes.post(SKILLS)
def create_skill(request: ApiRequest) -> Reply:
    """Create a skill (CreateRoutingSkill: ``name``, optional ``divisionId``)."""
    body = validate(request.json_body(), CREATE_SKILL)
    conflict_on_name(request, "skills", body["name"], "skill", own_id="")
    division = division_for(request, body.get("divisionId"))
    skill = _with_new_id(skill_entity(body["name"], division, request.now_iso()), "skills")
    request.store.table("skills")[skill["id"]] = skill
    return ok(skill)


@routes.get(SKILLS + "/{skillId}")
def get_skill(request: ApiRequest) -> Reply:
    """One skill."""
    return ok(require(request, "skills", request.params["skillId"], "skill"))


@routes.patch(SKILLS + "/{skillId}")
def move_skill(request: ApiRequest) -> Reply:
    """Move a skill to another division (UpdateSkillDivisionRequest): the only update a
    skill has (WHL ``patch_routing_skill``)."""
    skill = require(request, "skills", request.params["skillId"], "skill")
    body = validate(request.json_body(), UPDATE_SKILL_DIVISION)
    skill["division"] = division_ref(division_for(request, body["divisionId"]))
    skill["version"] = str(int(skill.get("version") or 0) + 1)
    touch(skill, request.caller, request.now)
    return ok(skill)


@routes.delete(SKILLS + "/{skillId}")
def delete_skill(request: ApiRequest) -> Reply:
    """Delete a skill."""
    skill = require(request, "skills", request.params["skillId"], "skill")
    del request.store.table("skills")[skill["id"]]
    return no_content()


@routes.get(LANGUAGES)
def list_languages(request: ApiRequest) -> Reply:
    """Languages sorted by name (``sortOrder`` ascending|descending)."""
    page = read_page(request, LANGUAGES)
    descending = one_of(request, "sortOrder", _ORDER, "ascending") == "descending"
    items = sorted_by_name(_named(request, "languages"), descending=descending)
    return ok(listing(request, items, page))


@routes.post(LANGUAGES)
def create_language(request: ApiRequest) -> Reply:
    """Create a language (body Language: ``name``)."""
    body = validate(request.json_body(), LANGUAGE)
    conflict_on_name(request, "languages", body["name"], "language", own_id="")
    language = _with_new_id(language_entity(body["name"], request.now_iso()), "languages")
    request.store.table("languages")[language["id"]] = language
    return ok(language)


@routes.get(LANGUAGES + "/{languageId}")
def get_language(request: ApiRequest) -> Reply:
    """One language."""
    return ok(require(request, "languages", request.params["languageId"], "language"))


@routes.delete(LANGUAGES + "/{languageId}")
def delete_language(request: ApiRequest) -> Reply:
    """Delete a language."""
    language = require(request, "languages", request.params["languageId"], "language")
    del request.store.table("languages")[language["id"]]
    return no_content()


@routes.get(WRAPUP_CODES)
def list_wrapup_codes(request: ApiRequest) -> Reply:
    """Wrap-up codes by name, or by ``sortBy=id`` — which, as documented, only applies when
    ``name`` is given; ``sortOrder`` ascending|descending; filters ``id``, ``divisionId``."""
    page = read_page(request, WRAPUP_CODES)
    sort_by = one_of(request, "sortBy", ("name", "id"), "name")
    descending = one_of(request, "sortOrder", _ORDER, "ascending") == "descending"
    codes = filter_ids(
        _named(request, "wrapupcodes"),
        request.query_values("divisionId"),
        lambda c: c["division"]["id"],
    )
    if sort_by == "id" and request.query_value("name"):
        items = sorted(codes, key=lambda c: str(c["id"]), reverse=descending)
    else:
        items = sorted_by_name(codes, descending=descending)
    return ok(listing(request, items, page))


@routes.post(WRAPUP_CODES)
def create_wrapup_code(request: ApiRequest) -> Reply:
    """Create a wrap-up code (WrapupCodeRequest: ``name``, ``division``, ``description``)."""
    body = validate(request.json_body(), WRAPUP_CODE_REQUEST)
    conflict_on_name(request, "wrapupcodes", body["name"], "wrap-up code", own_id="")
    division = division_for(request, (body.get("division") or {}).get("id"))
    code = wrapup_code_entity(
        body["name"], division, request.now_iso(), request.caller, body.get("description")
    )
    code = _with_new_id(code, "wrapupcodes")
    request.store.table("wrapupcodes")[code["id"]] = code
    return ok(code)


@routes.get(WRAPUP_CODES + "/{codeId}")
def get_wrapup_code(request: ApiRequest) -> Reply:
    """One wrap-up code."""
    return ok(require(request, "wrapupcodes", request.params["codeId"], "wrap-up code"))


@routes.put(WRAPUP_CODES + "/{codeId}")
def put_wrapup_code(request: ApiRequest) -> Reply:
    """Replace a wrap-up code's name, description and division (no version: last writer
    wins)."""
    code = require(request, "wrapupcodes", request.params["codeId"], "wrap-up code")
    body = validate(request.json_body(), WRAPUP_CODE_REQUEST)
    conflict_on_name(request, "wrapupcodes", body["name"], "wrap-up code", own_id=code["id"])
    given = (body.get("division") or {}).get("id")
    division = division_for(request, given) if given else code["division"]
    updated = wrapup_code_entity(
        body["name"], division, code["dateCreated"], code["createdBy"], body.get("description")
    )
    updated.update(id=code["id"], selfUri=code["selfUri"], dateModified=code["dateModified"])
    touch(updated, request.caller, request.now)
    request.store.table("wrapupcodes")[code["id"]] = updated
    return ok(updated)


@routes.delete(WRAPUP_CODES + "/{codeId}")
def delete_wrapup_code(request: ApiRequest) -> Reply:
    """Delete a wrap-up code."""
    code = require(request, "wrapupcodes", request.params["codeId"], "wrap-up code")
    del request.store.table("wrapupcodes")[code["id"]]
    return no_content()
