"""``/api/v2/routing/queues``: list with paging and filters, create, get, full PUT, delete.

WHL ``routing_api.py``; PYDOC RoutingApi.md; genesys-api.md §6. Queues have no version and
no If-Match: the API is last-writer-wins, and ``dateModified``/``modifiedBy`` are the only
traces of another editor.
"""

from __future__ import annotations

import uuid
from typing import Any

from cxgate.emulator.model import queue_entity
from cxgate.emulator.paging import listing, read_page
from cxgate.emulator.router import ApiRequest, RouteGroup
from cxgate.emulator.routes.common import (
    conflict_on_name,
    division_for,
    filter_ids,
    name_matches_wildcard,
    no_content,
    ok,
    one_of,
    require,
    sorted_by_name,
)
from cxgate.emulator.schema import CREATE_QUEUE, QUEUE_REQUEST, validate
from cxgate.emulator.store import touch
from cxgate.emulator.wire import Reply, ReplyError

__all__ = ["routes"]

routes = RouteGroup()

LIST = "/api/v2/routing/queues"
ONE = "/api/v2/routing/queues/{queueId}"
Entity = dict[str, Any]


@routes.get(LIST)
def list_queues(request: ApiRequest) -> Reply:
    """Queues sorted by name (``sortOrder`` asc|desc), filtered by ``name`` (``*`` at either
    end), ``id``, ``divisionId``, ``peerId`` and ``hasPeer``."""
    page = read_page(request, LIST)
    descending = one_of(request, "sortOrder", ("asc", "desc"), "asc") == "desc"
    queues = _filtered(request, list(request.store.table("queues").values()))
    return ok(listing(request, sorted_by_name(queues, descending=descending), page))


def _filtered(request: ApiRequest, queues: list[Entity]) -> list[Entity]:
    name = request.query_value("name")
    if name:
        queues = [q for q in queues if name_matches_wildcard(q["name"], name)]
    queues = filter_ids(queues, request.query_values("id"), lambda q: q["id"])
    queues = filter_ids(queues, request.query_values("divisionId"), lambda q: q["division"]["id"])
    queues = filter_ids(queues, request.query_values("peerId"), lambda q: q.get("peerId", ""))
    if request.query_value("hasPeer") is not None:
        wanted = request.query_bool("hasPeer")
        queues = [q for q in queues if bool(q.get("peerId")) == wanted]
    return queues


@routes.post(LIST)
def create_queue(request: ApiRequest) -> Reply:
    """Create a queue (CreateQueueRequest). ``sourceQueueId`` copies that queue's settings
    first. Answers 200 with the Queue, as the SDK's single documented response."""
    body = validate(request.json_body(), CREATE_QUEUE)
    conflict_on_name(request, "queues", body["name"], "queue", own_id="")
    source_id = body.pop("sourceQueueId", None)
    settings = dict(require(request, "queues", source_id, "queue")) if source_id else {}
    settings.update(body)
    division = division_for(request, _division_id(body))
    queue_id = str(uuid.uuid4())
    queue = queue_entity(
        queue_id, settings, division=division, created=request.now_iso(), by=request.caller
    )
    request.store.table("queues")[queue_id] = queue
    return ok(queue)


@routes.get(ONE)
def get_queue(request: ApiRequest) -> Reply:
    """One queue (``expand`` is accepted and has nothing to add here)."""
    return ok(require(request, "queues", request.params["queueId"], "queue"))


@routes.put(ONE)
def put_queue(request: ApiRequest) -> Reply:
    """Replace a queue's configuration (QueueRequest). Omitted fields go back to their
    defaults (or keep their values under ``put-omitted=keep``: which one is undocumented);
    identity, creation and membership stay; ``dateModified``/``modifiedBy`` record this
    write. No concurrency check: the real API has none."""
    queue_id = request.params["queueId"]
    current = require(request, "queues", queue_id, "queue")
    body = validate(request.json_body(), QUEUE_REQUEST)
    if request.behaviour.put_omitted == "keep":  # the other possible answer (behaviour.py)
        stored = {k: v for k, v in current.items() if k in QUEUE_REQUEST.types}
        body = {**stored, **body}
    conflict_on_name(request, "queues", body["name"], "queue", own_id=queue_id)
    given = _division_id(body)
    division = division_for(request, given) if given else current["division"]
    updated = queue_entity(
        queue_id,
        body,
        division=division,
        created=current["dateCreated"],
        by=current.get("createdBy", request.caller),
        member_count=current.get("memberCount", 0),
    )
    for kept in ("userMemberCount", "joinedMemberCount", "dateModified"):
        if kept in current:
            updated[kept] = current[kept]
    touch(updated, request.caller, request.now)
    request.store.table("queues")[queue_id] = updated
    return ok(updated)


@routes.delete(ONE)
def delete_queue(request: ApiRequest) -> Reply:
    """Delete a queue; one that still has members needs ``forceDelete=true`` (modelled)."""
    queue_id = request.params["queueId"]
    queue = require(request, "queues", queue_id, "queue")
    members = int(queue.get("memberCount", 0))
    if members and not request.query_bool("forceDelete"):
        raise ReplyError(
            409,
            "general.conflict",
            f"Queue {queue_id} has {members} members. Remove them or delete with forceDelete=true.",
        )
    del request.store.table("queues")[queue_id]
    return no_content()


def _division_id(body: Entity) -> str | None:
    division = body.get("division")
    if isinstance(division, dict) and division.get("id"):
        return str(division["id"])
    return None
