"""Before the first write: every object the deployment touches, as read, with its token.

Objects of one kind are read in batches (the list endpoints' ``id`` filter, 100 a call);
the org and its features in one GET; a queue's wrap-up codes when the deployment changes
them or deletes the queue; a flow's metadata (its published version). A create's snapshot
says the object did not exist. Rollback restores from these, never from memory.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from cxgate.apply import api
from cxgate.apply.requests import SUB_COLLECTIONS
from cxgate.apply.steps import Step
from cxgate.client import GenesysClient
from cxgate.errors import NotFoundError
from cxgate.org.flows.lookup import FLOWS
from cxgate.plan.change import Action
from cxgate.resource.flow import flow_token
from cxgate.resource.registry import KINDS
from cxgate.state.records import Snapshot

__all__ = ["snapshot_key", "take_snapshots"]

Entity = dict[str, Any]


def snapshot_key(step: Step) -> tuple[str, str]:
    """Snapshots are kept per (kind, name) of the object the step touches."""
    return step.change.kind, step.change.name


def take_snapshots(
    client: GenesysClient, deployment: str, steps: Sequence[Step], now: float
) -> list[Snapshot]:
    """One snapshot per step's object (see the module docstring)."""
    ids: dict[str, list[str]] = defaultdict(list)
    for step in steps:
        change = step.change
        if change.action is not Action.CREATE and change.kind != "flow":
            ids[change.kind].append(change.id or change.name)
    read = {kind: api.read_fresh(client, kind, wanted) for kind, wanted in ids.items()}
    return [_snapshot(client, deployment, step, read, now) for step in steps]


def _snapshot(
    client: GenesysClient,
    deployment: str,
    step: Step,
    read: Mapping[str, Mapping[str, Entity]],
    now: float,
) -> Snapshot:
    change = step.change
    kind, name = snapshot_key(step)
    if change.action is Action.CREATE:
        return Snapshot(deployment, kind, name, None, None, None, now)
    if kind == "flow":
        body = _flow(client, change.id)
        pinned = flow_token(body).value if body else None
        return Snapshot(deployment, kind, name, change.id, body, pinned, now)
    object_id = change.id or change.name
    entity = read.get(kind, {}).get(object_id)
    sub = SUB_COLLECTIONS.get(kind)
    wants_codes = change.action is Action.DELETE or any(f.path[0] == sub for f in change.fields)
    if entity is not None and sub and wants_codes:
        entity = {**entity, sub: api.read_queue_codes(client, object_id)}
    token = KINDS[kind].token(entity) if entity is not None else None
    return Snapshot(deployment, kind, name, object_id, entity, token.value if token else None, now)


def _flow(client: GenesysClient, flow_id: str | None) -> Entity | None:
    if flow_id is None:
        return None
    try:
        body: Entity = client.get(f"{FLOWS}/{flow_id}")
    except NotFoundError:
        return None
    return body
