"""One step against the org: read fresh, compare, write (or not), verify.

``ObjectWriter.run(step)`` never overwrites another editor's change (``cxgate.apply.
analysis``), never creates twice (a create first looks the name up, and looks again after an
answer that was lost), and checks the API's answer shows what was written. It reports every
ending as a ``StepResult``; only programming errors raise.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any

from cxgate.apply import api
from cxgate.apply.analysis import Analysis, Verdict, analyse
from cxgate.apply.requests import (
    SUB_COLLECTIONS,
    create_request,
    mismatches,
    target_of,
    update_request,
)
from cxgate.apply.steps import Outcome, Step, StepResult, token_detail
from cxgate.client import GenesysClient
from cxgate.errors import (
    ApiError,
    BundleError,
    ConflictError,
    NotFoundError,
    TransientApiError,
    TransportError,
)
from cxgate.plan.change import Action, Change
from cxgate.plan.diff import diff_fields
from cxgate.resource.base import Token
from cxgate.resource.live import yaml_form
from cxgate.resource.refs import Refs
from cxgate.resource.registry import KINDS

__all__ = ["FreshCache", "ObjectWriter"]

Entity = dict[str, Any]
_ATTEMPTS = 3  # re-reads after a stale-version answer
_UNANSWERED = (TransportError, TransientApiError)


class FreshCache:
    """Entities read in batches just before their steps run; each is used once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entities: dict[tuple[str, str], Entity | None] = {}

    def put(self, kind: str, ids: Iterable[str], found: Mapping[str, Entity]) -> None:
        with self._lock:
            for object_id in ids:
                self._entities[(kind, object_id)] = found.get(object_id)

    def take(self, kind: str, object_id: str) -> tuple[bool, Entity | None]:
        """(True, entity or None if gone) when prefetched; (False, None) otherwise."""
        with self._lock:
            if (kind, object_id) in self._entities:
                return True, self._entities.pop((kind, object_id))
            return False, None


class ObjectWriter:
    """Runs steps of the registry kinds (org, features, skills, languages, wrap-up codes,
    queues); see the module docstring. Shared by the worker threads of one run."""

    def __init__(self, client: GenesysClient, refs: Refs, cache: FreshCache | None = None):
        self.client = client
        self.refs = refs
        self.cache = cache or FreshCache()
        self._refs_lock = threading.Lock()

    def run(self, step: Step) -> StepResult:
        """Apply one step; every ending is a StepResult."""
        started = time.monotonic()
        try:
            result = self._dispatch(step)
        except (ApiError, TransportError) as error:
            result = _failure(step, error)
        except BundleError as error:  # a name that does not resolve to an id
            result = StepResult(step, Outcome.FAILED, step.change.id, str(error))
        return _timed(result, started)

    def _dispatch(self, step: Step) -> StepResult:
        action = step.change.action
        if action is Action.CREATE:
            return self._create(step)
        if action is Action.DELETE:
            return self._delete(step)
        return self._retrying_conflicts(step, self._update)

    # -- reading ----------------------------------------------------------------------------

    def fresh(self, kind: str, object_id: str, change: Change) -> Entity | None:
        """The entity now: prefetched, else read; a queue's wrap-up codes when we change them."""
        cached, entity = self.cache.take(kind, object_id)
        if not cached:
            entity = api.read_fresh(self.client, kind, [object_id]).get(object_id)
        if entity is not None and _touches_codes(change):
            entity = {**entity, SUB_COLLECTIONS[kind]: api.read_queue_codes(self.client, object_id)}
        return entity

    def _yaml(self, kind: str, entity: Mapping[str, Any] | None) -> Entity | None:
        return None if entity is None else yaml_form(KINDS[kind], entity, self.refs)

    # -- updates ----------------------------------------------------------------------------

    def _retrying_conflicts(self, step: Step, write: Callable[[Step], StepResult]) -> StepResult:
        """A stale-version answer (409, or 400 "does not match the current version") between
        our read and our write is not an error: read again and decide again."""
        for attempt in range(_ATTEMPTS):
            try:
                return write(step)
            except ConflictError:
                if attempt == _ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _update(self, step: Step) -> StepResult:
        change = step.change
        object_id = change.id or change.name
        entity = self.fresh(change.kind, object_id, change)
        fresh = self._yaml(change.kind, entity)
        found = analyse(change, fresh, _token(change.kind, entity), step.base)
        if found.verdict in (Verdict.ALREADY, Verdict.CONFLICT) or entity is None or fresh is None:
            return _decided(step, found, object_id)
        target = target_of(fresh, change.fields)
        answer = self._write_update(change, object_id, entity, target)
        problems = mismatches(change.kind, answer, target, change.fields, self.refs)
        if _touches_codes(change):
            problems += self._sync_codes(change.kind, object_id, entity, target)
        if problems:
            detail = {"id": object_id, "token": _token_value(change.kind, answer)}
            message = "verify: " + "; ".join(problems)
            return StepResult(step, Outcome.UNVERIFIED, object_id, message, detail=detail)
        outcome = Outcome.REBASED if found.verdict is Verdict.REBASE else Outcome.APPLIED
        detail = {"id": object_id, "token": _token_value(change.kind, answer)}
        return StepResult(step, outcome, object_id, _rebase_note(found), found.theirs, detail)

    def _write_update(
        self, change: Change, object_id: str, entity: Entity, target: Entity
    ) -> Entity:
        sub = SUB_COLLECTIONS.get(change.kind)
        if all(f.path[0] == sub for f in change.fields):
            return entity  # only the sub-collection changes
        request = update_request(change.kind, entity, target, change.fields, self.refs)
        return api.update(self.client, change.kind, object_id, request)

    def _sync_codes(
        self, kind: str, object_id: str, entity: Mapping[str, Any], target: Mapping[str, Any]
    ) -> list[str]:
        """Make a queue offer exactly the wrap-up codes ``target`` names; read back."""
        sub = SUB_COLLECTIONS[kind]
        have = {str(c["id"]) for c in entity.get(sub) or ()}
        want = {self._code_id(name) for name in target.get(sub) or ()}
        api.add_queue_codes(self.client, object_id, sorted(want - have))
        for code_id in sorted(have - want):
            api.remove_queue_code(self.client, object_id, code_id)
        now = {str(c["id"]) for c in api.read_queue_codes(self.client, object_id)}
        return [] if now == want else [f"{sub}: wrote {len(want)} codes, the queue has {len(now)}"]

    def _code_id(self, name: str) -> str:
        code_id = self.refs.id_of("wrapup_code", name)
        if code_id is None:
            raise BundleError(f"wrap-up code '{name}' is neither in the bundle nor in the org")
        return code_id

    # -- creates and deletes ----------------------------------------------------------------

    def _create(self, step: Step) -> StepResult:
        change = step.change
        desired = KINDS[change.kind].managed(change.desired or {})
        # A POST is never retried blindly by the client; here it is, as often as the client's
        # policy would retry an idempotent call, because each try looks the name up first.
        for attempt in range(self.client.retry.attempts):
            entity = api.find_by_name(self.client, change.kind, change.name)
            if entity is not None:
                self._learn(change, str(entity["id"]))
                found = analyse(change, self._yaml(change.kind, entity), None)
                ours = attempt > 0 or step.resumed  # our own earlier POST landed
                if ours and found.verdict is Verdict.ALREADY:
                    return self._created(step, entity, adopted=True)
                return _decided(step, found, str(entity["id"]))
            try:
                answer = api.create(
                    self.client, change.kind, create_request(change.kind, desired, self.refs)
                )
            except _UNANSWERED:
                continue  # the POST may have landed: look the name up again before resending
            return self._verify_created(step, answer, desired)
        return StepResult(step, Outcome.UNCERTAIN, None, "no answer to the create; run resume")

    def _verify_created(self, step: Step, answer: Entity, desired: Entity) -> StepResult:
        change = step.change
        self._learn(change, str(answer["id"]))
        fields = diff_fields({}, desired)
        problems = mismatches(change.kind, answer, desired, fields, self.refs)
        sub = SUB_COLLECTIONS.get(change.kind)
        if sub and desired.get(sub):
            problems += self._sync_codes(change.kind, str(answer["id"]), {sub: []}, desired)
        if problems:
            detail = {"id": str(answer["id"]), "created": True}
            message = "verify: " + "; ".join(problems)
            return StepResult(step, Outcome.UNVERIFIED, str(answer["id"]), message, detail=detail)
        return self._created(step, answer, adopted=False)

    def _created(self, step: Step, entity: Entity | None, adopted: bool) -> StepResult:
        assert entity is not None
        object_id = str(entity["id"])
        note = "found after a lost answer" if adopted else ""
        was = step.change.id  # a rollback re-creating a deleted object: the id changes
        if was and was != object_id:
            members = "; add its members again" if step.change.kind == "queue" else ""
            note = f"re-created as {object_id} (was {was}){members}"
        detail = {
            "id": object_id,
            "created": True,
            "token": _token_value(step.change.kind, entity),
        }
        return StepResult(step, Outcome.APPLIED, object_id, note, detail=detail)

    def _learn(self, change: Change, object_id: str) -> None:
        with self._refs_lock:
            self.refs.add(change.kind, change.name, object_id)

    def _delete(self, step: Step) -> StepResult:
        change = step.change
        object_id = change.id
        if object_id is None:  # a rollback of a create whose answer was lost
            entity = api.find_by_name(self.client, change.kind, change.name)
            object_id = str(entity["id"]) if entity else None
        entity = self.fresh(change.kind, object_id, change) if object_id else None
        found = analyse(change, self._yaml(change.kind, entity), _token(change.kind, entity))
        if found.verdict is not Verdict.CLEAN or object_id is None:
            return _decided(step, found, object_id)
        note = ""
        try:
            api.delete(self.client, change.kind, object_id)
        except NotFoundError:
            # It was there a moment ago: a retried DELETE whose first answer was lost.
            note = "gone on a retried delete (the first answer was lost)"
        return StepResult(step, Outcome.APPLIED, object_id, note, detail={"id": object_id})


def _touches_codes(change: Change) -> bool:
    """True when the change sets a sub-collection (a queue's wrap-up codes)."""
    sub = SUB_COLLECTIONS.get(change.kind)
    return sub is not None and any(f.path[0] == sub for f in change.fields)


def _token(kind: str, entity: Mapping[str, Any] | None) -> Token | None:
    return None if entity is None else KINDS[kind].token(entity)


def _token_value(kind: str, entity: Mapping[str, Any]) -> dict[str, str] | None:
    return token_detail(_token(kind, entity))


def _decided(step: Step, found: Analysis, object_id: str | None) -> StepResult:
    """A step that is not written now: already as planned, or in conflict. Already as
    planned on a second try (or after a crash) is our own earlier write that landed: it
    counts as applied, so a rollback undoes it."""
    if found.verdict is Verdict.ALREADY and step.resumed:
        detail = {"id": object_id}
        return StepResult(
            step, Outcome.APPLIED, object_id, "landed on an earlier try", detail=detail
        )
    if found.verdict is Verdict.ALREADY:
        return StepResult(step, Outcome.SKIPPED, object_id, found.reason, detail={"id": object_id})
    sides = "; ".join(str(c) for c in found.conflicts)
    message = f"{found.reason}: {sides}" if sides else found.reason
    if found.theirs:
        message += f" (they changed {', '.join(found.theirs)})"
    return StepResult(step, Outcome.CONFLICTED, object_id, message, found.theirs)


def _rebase_note(found: Analysis) -> str:
    if found.verdict is not Verdict.REBASE:
        return ""
    return f"rebased onto another editor's change to {', '.join(found.theirs)}"


def _failure(step: Step, error: ApiError | TransportError) -> StepResult:
    """An error after the client's retries: a 5xx or no answer may have landed. The org's
    stale-version answer, 409 or 400 "does not match the current version" (both seen,
    genesys-api.md §7), is a conflict after the re-reads, never a bad request."""
    if isinstance(error, ConflictError) and step.change.kind == "organization":
        message = (
            "someone changed the org settings since the plan (its version moved on each of "
            f"{_ATTEMPTS} fresh reads; the org answered {error.status}); re-run plan"
        )
        return StepResult(step, Outcome.CONFLICTED, step.change.id, message)
    outcome = Outcome.UNCERTAIN if isinstance(error, _UNANSWERED) else Outcome.FAILED
    correlation = getattr(error, "correlation_id", None)
    detail = {"correlationId": correlation} if correlation else {}
    return StepResult(step, outcome, step.change.id, str(error), detail=detail)


def _timed(result: StepResult, started: float) -> StepResult:
    return replace(result, seconds=time.monotonic() - started)
