"""Routing queues (``/api/v2/routing/queues``) with their whole routing strategy.

There is no queue "strategy" resource: the strategy lives in the queue and is written with
``PUT /api/v2/routing/queues/{id}`` (full body, no PATCH, no version; genesys-api.md §6, §10).
The token is therefore ``dateModified`` plus a hash of the body without member counts, which
move as agents join and leave. A queue's wrap-up codes are a sub-collection
(``/api/v2/routing/queues/{id}/wrapupcodes``): one call per queue, so they are read only for
queues whose file declares ``wrapupCodes``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from cxgate.resource.base import (
    ApiReader,
    Body,
    Layout,
    Reference,
    ResourceKind,
    modified_token,
    pruned,
    read_collection,
    ref_entity,
    ref_name,
)
from cxgate.resource.paths import ANY, Pattern, restrict_to_model, transform_at, values_at
from cxgate.resource.queue_model import QueueModel
from cxgate.resource.refs import Refs

__all__ = ["GROUP_KINDS", "KIND", "REFERENCE_SITES", "wrapup_codes_path"]

PATH = "/api/v2/routing/queues"
MEMBER_GROUP = "member-group"  # a site whose kind comes from the group's own ``type``
GROUP_KINDS = {"TEAM": "team", "GROUP": "group", "SKILLGROUP": "skillgroup"}
VOLATILE = frozenset({"memberCount", "userMemberCount", "joinedMemberCount", "selfUri"})

REFERENCE_SITES: tuple[tuple[Pattern, str], ...] = (
    (("division",), "division"),
    (("queueFlow",), "flow"),
    (("emailInQueueFlow",), "flow"),
    (("messageInQueueFlow",), "flow"),
    (("whisperPrompt",), "prompt"),
    (("onHoldPrompt",), "prompt"),
    (("mediaSettings", "callback", "liveVoiceFlow"), "flow"),
    (("mediaSettings", "callback", "answeringMachineFlow"), "flow"),
    (("bullseye", "rings", ANY, "actions", "skillsToRemove", ANY), "skill"),
    (("bullseye", "rings", ANY, "memberGroups", ANY), MEMBER_GROUP),
    (("conditionalGroupRouting", "rules", ANY, "queue"), "queue"),
    (("conditionalGroupRouting", "rules", ANY, "groups", ANY), MEMBER_GROUP),
    (("memberGroups", ANY), MEMBER_GROUP),
)


def wrapup_codes_path(queue_id: str) -> str:
    """The queue's wrap-up code sub-collection."""
    return f"{PATH}/{queue_id}/wrapupcodes"


def read_wrapup_codes(reader: ApiReader, entity: dict[str, Any]) -> dict[str, Any]:
    """Attach the queue's wrap-up codes (one extra call) as ``wrapupCodes``."""
    return {**entity, "wrapupCodes": reader.list_all(wrapup_codes_path(str(entity["id"])))}


def _to_names(refs: Refs, kind: str) -> Callable[[Any], Any]:
    if kind == MEMBER_GROUP:
        return lambda group: {
            "name": ref_name(refs, GROUP_KINDS.get(group.get("type", ""), "group"), group),
            "type": group.get("type"),
        }
    return lambda entity: ref_name(refs, kind, entity)


def from_api(entity: Mapping[str, Any], refs: Refs) -> Body:
    """Queue (plus an attached ``wrapupCodes`` list, if read) → YAML form."""
    data: Any = dict(entity)
    for pattern, kind in REFERENCE_SITES:
        data = transform_at(data, pattern, _to_names(refs, kind))
    body: Body = restrict_to_model(data, QueueModel)
    body.pop("renamedFrom", None)
    body.pop("forecast", None)
    codes = entity.get("wrapupCodes")
    if isinstance(codes, list):
        names = (ref_name(refs, "wrapup_code", code) for code in codes)
        body["wrapupCodes"] = sorted(name for name in names if name)
    return pruned(body)


def _to_ids(refs: Refs, kind: str, where: str) -> Callable[[Any], Any]:
    if kind == MEMBER_GROUP:
        return lambda group: {
            **ref_entity(refs, GROUP_KINDS[group["type"]], group["name"], where),
            "type": group["type"],
        }
    return lambda name: ref_entity(refs, kind, name, where)


def to_api(body: Mapping[str, Any], refs: Refs) -> Body:
    """YAML form → the managed part of QueueRequest (wrap-up codes go to their sub-collection)."""
    where = f"queue '{body['name']}'"
    data: Any = {
        key: value
        for key, value in body.items()
        if key not in ("renamedFrom", "forecast", "wrapupCodes")
    }
    for pattern, kind in REFERENCE_SITES:
        data = transform_at(data, pattern, _to_ids(refs, kind, where))
    request: Body = data
    return request


def references(body: Mapping[str, Any]) -> Iterator[Reference]:
    """Every by-name reference in a queue body, with its path."""
    for pattern, kind in REFERENCE_SITES:
        for path, value in values_at(body, pattern):
            if kind == MEMBER_GROUP:
                group_kind = GROUP_KINDS.get(value.get("type", ""), "group")
                yield Reference(group_kind, value.get("name", ""), (*path, "name"))
            else:
                yield Reference(kind, value, path)
    for index, name in enumerate(body.get("wrapupCodes") or ()):
        yield Reference("wrapup_code", name, ("wrapupCodes", index))


KIND = ResourceKind(
    name="queue",
    title="queue",
    api_path=PATH,
    section="",
    files=("queues/*.yaml", "queues/*.yml"),
    layout=Layout.DOCUMENT,
    model=QueueModel,
    from_api=from_api,
    to_api=to_api,
    read=read_collection(PATH),
    token=modified_token(VOLATILE),
    depends_on=("skill", "wrapup_code"),
    references=references,
    server_fields=frozenset(
        {
            "id",
            "selfUri",
            "dateCreated",
            "dateModified",
            "createdBy",
            "modifiedBy",
            "memberCount",
            "userMemberCount",
            "joinedMemberCount",
        }
    ),
    local_fields=frozenset({"renamedFrom", "forecast"}),
    renamable=True,
    enrich=read_wrapup_codes,
    dependency_type="QUEUE",  # models/dependency.py type allowed_values
    notes=("conditionalGroupRouting rules may name other queues: those are created first",),
)
