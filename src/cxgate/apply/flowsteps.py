"""Flow steps: deploy a flow file through the import job, and the ways back.

A flow has no version token and no field-level merge (genesys-api.md §5, §10): its lock and
its published/checked-in/saved version ids are what cxgate compares. A flow locked by someone
else, or one whose versions moved since the plan, is a conflict — a whole file cannot be
rebased. The way back from a deploy is to publish the version that was live before again (a
change on the ``publishedVersion`` field), as a new version copied from it by export and
import (``org/flows/restore.py``, the documented path), or to delete a flow the deploy created.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from cxgate.apply.steps import Outcome, Step, StepResult, token_detail
from cxgate.client import GenesysClient
from cxgate.errors import ApiError, AsyncWorkError, NotFoundError, TransportError
from cxgate.org.flows.deploy import import_flow
from cxgate.org.flows.lookup import FLOWS, LiveFlow, LockInfo
from cxgate.org.flows.restore import restore_copy
from cxgate.plan.change import Action, Change, FieldChange, Op
from cxgate.resource.base import Token
from cxgate.resource.flow import flow_token
from cxgate.resource.flowkinds import kind_for_archy

__all__ = ["PUBLISHED", "FlowWriter", "published_change"]

PUBLISHED = ("publishedVersion",)
Entity = dict[str, Any]


def published_change(
    flow_id: str, name: str, now: str | None, back_to: str, token: Token | None
) -> Change:
    """The change that publishes ``back_to`` again where ``now`` is published (None: a
    version we may have published, from a run whose answer was lost)."""
    field = FieldChange(PUBLISHED, Op.MODIFY, now, back_to)
    return Change(
        Action.UPDATE, "flow", name, flow_id, (field,), {"publishedVersion": back_to}, token
    )


class FlowWriter:
    """Runs flow steps; shared by the worker threads of one run."""

    def __init__(self, client: GenesysClient, *, deadline_s: float = 900.0) -> None:
        self.client = client
        self.deadline_s = deadline_s

    def run(self, step: Step) -> StepResult:
        """Apply one flow step; every ending is a StepResult."""
        started = time.monotonic()
        change = step.change
        try:
            if change.action is Action.DELETE:
                result = self._delete(step)
            elif any(f.path == PUBLISHED for f in change.fields):
                result = self._publish(step)
            else:
                result = self._deploy(step)
        except (ApiError, AsyncWorkError, TransportError) as error:
            outcome = Outcome.FAILED if isinstance(error, ApiError) else Outcome.UNCERTAIN
            result = StepResult(step, outcome, change.id, str(error))
        return replace(result, seconds=time.monotonic() - started)

    def _entity(self, change: Change) -> Entity | None:
        if change.id:
            try:
                found: Entity = self.client.get(f"{FLOWS}/{change.id}")
            except NotFoundError:
                return None
            return found
        kind = kind_for_archy(str((change.desired or {}).get("type", "")))
        params = {"name": change.name, "type": kind.type_filter}
        folded = change.name.casefold()
        matches = self.client.paginate(FLOWS, params)
        return next((f for f in matches if str(f["name"]).casefold() == folded), None)

    def _locked_by_other(self, entity: Mapping[str, Any]) -> str | None:
        lock = LockInfo.of(entity)
        mine = (
            lock is not None
            and not lock.is_user
            and lock.holder_id == self.client.settings.client_id
        )
        return None if lock is None or mine else lock.describe()

    def _deploy(self, step: Step) -> StepResult:
        change = step.change
        entity = self._entity(change)
        if entity is not None:
            refused = self._refusal(step, entity)
            if refused is not None:
                return refused
        text = str((change.desired or {}).get("definition", ""))
        flow, job_id = import_flow(
            self.client, text, f"flow '{change.name}'", deadline_s=self.deadline_s
        )
        live = LiveFlow.of(flow)
        previous = LiveFlow.of(entity).published if entity is not None else None
        detail = {
            "id": live.id,
            "version": live.published,
            "previous": previous,
            "created": entity is None,
            "token": token_detail(flow_token(flow)),
            "job": job_id,
        }
        note = f"published v{live.published}" + (f" (was v{previous})" if previous else "")
        return StepResult(step, Outcome.APPLIED, live.id, note, detail=detail)

    def _refusal(self, step: Step, entity: Mapping[str, Any]) -> StepResult | None:
        """Why this deploy must not go ahead (a lock, a newer version), or None."""
        change = step.change
        locked = self._locked_by_other(entity)
        if locked is not None:
            return StepResult(step, Outcome.CONFLICTED, str(entity["id"]), f"flow is {locked}")
        if change.action is Action.CREATE and not step.resumed:
            return StepResult(
                step,
                Outcome.CONFLICTED,
                str(entity["id"]),
                "created by someone else since the plan",
            )
        if change.token is not None and flow_token(entity) != change.token and not step.resumed:
            return StepResult(
                step,
                Outcome.CONFLICTED,
                str(entity["id"]),
                "someone else saved or published a version since the plan",
            )
        return None

    def _publish(self, step: Step) -> StepResult:
        change = step.change
        entity = self._entity(change)
        field = next(f for f in change.fields if f.path == PUBLISHED)
        if entity is None:
            return StepResult(step, Outcome.CONFLICTED, change.id, "the flow was deleted since")
        live = LiveFlow.of(entity)
        if live.published == field.new:
            return StepResult(step, Outcome.SKIPPED, live.id, f"v{field.new} is published already")
        if field.old is not None and live.published != field.old:
            return StepResult(
                step,
                Outcome.CONFLICTED,
                live.id,
                f"v{live.published} was published by someone else since (expected v{field.old})",
            )
        done = restore_copy(self.client, live, str(field.new), deadline_s=self.deadline_s)
        now = LiveFlow.of(done).published
        detail = {
            "id": live.id,
            "version": now,
            "copyOf": field.new,
            "previous": field.old,
            "token": token_detail(flow_token(done)),
        }
        note = f"published v{now}, a copy of v{field.new}"
        return StepResult(step, Outcome.APPLIED, live.id, note, detail=detail)

    def _delete(self, step: Step) -> StepResult:
        change = step.change
        entity = self._entity(change)
        if entity is None:
            return StepResult(step, Outcome.SKIPPED, change.id, "already gone")
        if change.token is not None and flow_token(entity) != change.token:
            return StepResult(
                step, Outcome.CONFLICTED, str(entity["id"]), "changed by someone else since; kept"
            )
        self.client.delete(f"{FLOWS}/{entity['id']}")
        return StepResult(
            step, Outcome.APPLIED, str(entity["id"]), detail={"id": str(entity["id"])}
        )
