"""The filters and sort of ``GET /api/v2/flows`` (PYDOC ArchitectApi.md ``get_flows``).

``id`` given: those flows only, every other filter ignored ("If one or more IDs are
specified, the search will … not use any additional supplied query parameters"). Otherwise
``type`` (lower case: inboundcall, inqueuecall…), ``name``/``description``/
``nameOrDescription`` (case-insensitive; ``*`` wildcards at either end, modelled on the
queue filter), ``publishVersionId``, ``editableBy``, ``lockedBy``, ``lockedByClientId``,
``secure`` (any|checkedin|published), ``publishedAfter``/``publishedBefore`` and
``divisionId``. ``sortBy`` id (default) or name, ``sortOrder`` asc (default) or desc.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from cxgate.emulator.router import ApiRequest
from cxgate.emulator.routes.common import filter_ids, name_matches_wildcard, one_of
from cxgate.emulator.store import Store
from cxgate.emulator.wire import bad_query, bad_request, ms_from_iso

__all__ = ["TYPE_FILTERS", "filtered_flows"]

Entity = dict[str, Any]
Test = Callable[[Entity], bool]

# PYDOC get_flows ``type`` values.
# Every value of the SDK's enum for ``type`` (PYDOC ArchitectApi.md ``get_flows``, v269).
TYPE_FILTERS = (
    "bot", "commonmodule", "digitalbot", "emailsend", "inboundcall", "inboundchat",
    "inboundemail", "inboundshortmessage", "outboundcall", "inqueuecall", "inqueueemail",
    "inqueueshortmessage", "speech", "securecall", "surveyinvite", "voice", "voicemail",
    "voicesurvey", "workflow", "workitem",
)  # fmt: skip


def filtered_flows(request: ApiRequest) -> list[Entity]:
    """The stored flows the query selects, sorted."""
    flows = list(request.store.table("flows").values())
    ids = request.query_values("id")
    if ids:
        flows = filter_ids(flows, ids, lambda f: f["id"])
    else:
        tests = [*_text_tests(request), *_state_tests(request), *_date_tests(request)]
        flows = [f for f in flows if all(test(f) for test in tests)]
        flows = filter_ids(flows, request.query_values("divisionId"), lambda f: f["division"]["id"])
    key = one_of(request, "sortBy", ("id", "name"), "id")
    descending = one_of(request, "sortOrder", ("asc", "desc"), "asc") == "desc"
    return sorted(flows, key=lambda f: (str(f[key]).casefold(), f["id"]), reverse=descending)


def _text_tests(request: ApiRequest) -> list[Test]:
    tests: list[Test] = []
    types = request.query_values("type")
    for value in types:
        if value not in TYPE_FILTERS:
            raise bad_query(value, "type", TYPE_FILTERS)
    if types:
        tests.append(lambda f: f["type"].lower() in types)
    for param, fields in (
        ("name", ("name",)),
        ("description", ("description",)),
        ("nameOrDescription", ("name", "description")),
    ):
        pattern = request.query_value(param)
        if pattern:
            tests.append(_matches_any(pattern, fields))
    return tests


def _matches_any(pattern: str, fields: tuple[str, ...]) -> Test:
    return lambda f: any(name_matches_wildcard(str(f.get(k, "")), pattern) for k in fields)


def _state_tests(request: ApiRequest) -> list[Test]:
    tests: list[Test] = []
    published = request.query_value("publishVersionId")
    if published:
        tests.append(lambda f: (f.get("publishedVersion") or {}).get("id") == published)
    locked_by = request.query_value("lockedBy")
    if locked_by:
        tests.append(lambda f: (f.get("lockedUser") or {}).get("id") == locked_by)
    client = request.query_value("lockedByClientId")
    if client:
        tests.append(lambda f: (f.get("lockedClient") or {}).get("id") == client)
    editable = request.query_value("editableBy")
    if editable:
        tests.append(
            lambda f: (
                not f.get("lockedClient")
                and (f.get("lockedUser") or {}).get("id", editable) == editable
            )
        )
    if one_of(request, "secure", ("any", "checkedin", "published"), "any") != "any":
        tests.append(lambda f: False)  # the emulator has no secure flows
    return tests


def _date_tests(request: ApiRequest) -> list[Test]:
    tests: list[Test] = []
    for param, later in (("publishedAfter", True), ("publishedBefore", False)):
        raw = request.query_value(param)
        if raw:
            bound = _instant(raw, param)
            tests.append(_published_test(request.store, bound, later))
    return tests


def _published_test(store: Store, bound: int, later: bool) -> Test:
    def test(flow: Entity) -> bool:
        ref = flow.get("publishedVersion")
        record = store.table("flow_versions").get(f"{flow['id']}:{ref['id']}") if ref else None
        stamp = (record or {}).get("version", {}).get("datePublished")
        if stamp is None:
            return False
        published = ms_from_iso(stamp)
        return published > bound if later else published < bound

    return test


def _instant(raw: str, param: str) -> int:
    """Milliseconds of the documented forms (``2015-01-01``, ``…T18:00:00Z``, offsets)."""
    text = raw.strip().replace("Z", "+00:00")
    try:
        if len(text) == 10:
            return ms_from_iso(datetime.fromisoformat(text).replace(tzinfo=UTC).isoformat())
        if text[-5] in "+-" and text[-3] != ":":  # -0600 → -06:00
            text = f"{text[:-2]}:{text[-2:]}"
        return ms_from_iso(text)
    except (ValueError, IndexError):
        raise bad_request(
            f"Value [{raw}] is not valid for field [{param}]: use an ISO 8601 date-time.",
            param,
            code="invalid.value",
        ) from None
