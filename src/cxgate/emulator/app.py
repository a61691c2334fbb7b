"""The emulator: a stateful Genesys Cloud org behind one request handler.

``httpx.MockTransport(Emulator())`` serves it in-process; ``cxgate emulator serve`` puts the
same handler on a loopback socket. Each call goes: token check (401) → rate limit (429) →
injected faults and latency → "another editor" hooks → the route's handler → state saved.
"""

from __future__ import annotations

import dataclasses
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import httpx

from cxgate.clock import Clock, SystemClock
from cxgate.emulator.auditlog import AuditRecorder
from cxgate.emulator.auth import TokenBook, bearer_token
from cxgate.emulator.behaviour import Behaviour
from cxgate.emulator.editor import Hooks, delete_entity, edit_entity, table_for
from cxgate.emulator.faults import Fault, FaultInjector, FaultPlan
from cxgate.emulator.inprocess import Outcome, call_from_httpx, to_httpx
from cxgate.emulator.ratelimit import DEFAULT_BUDGET, RateLimiter, too_many_requests
from cxgate.emulator.router import ApiRequest, Route, Router
from cxgate.emulator.routes import GROUPS, presigned
from cxgate.emulator.seed import seed_data
from cxgate.emulator.store import Store
from cxgate.emulator.wire import CORRELATION_HEADER, Call, Reply, ReplyError, clone, error_body
from cxgate.emulator.wire import not_found as _not_found

__all__ = ["TOKEN_PATH", "Emulator", "FaultRecord", "RequestRecord"]

TOKEN_PATH = "/oauth/token"

# Injected server errors: 504 request.timeout is confirmed, the others are modelled
# (emulator/codes.py says which).
_SERVER_ERRORS = {
    500: ("internal.server.error", "The server encountered an unexpected error."),
    502: ("bad.gateway", "The server received an invalid response from an upstream service."),
    503: ("service.unavailable", "The service is currently unavailable. Try again later."),
    504: ("request.timeout", "The request timed out."),
}


class RequestRecord(NamedTuple):
    """One call as the emulator saw it: method, route template (or raw path when nothing
    matched) and status (0 when the connection failed instead of answering)."""

    method: str
    path: str
    status: int


class FaultRecord(NamedTuple):
    """One injected fault: the call (concrete path), the kind, and whether the write was
    applied before the failure (so a test can tell a lost answer from a refused call)."""

    method: str
    path: str
    kind: str
    applied: bool


class Emulator:
    """A Genesys Cloud org in memory that answers like the real API. Thread-safe."""

    def __init__(
        self,
        *,
        seed: str = "demo",
        rate_limit: int = DEFAULT_BUDGET,
        faults: FaultPlan | str | None = None,
        credentials: tuple[str, str] | None = None,
        clock: Clock | None = None,
        state_file: Path | None = None,
        token_ttl: int = 86_400,
        behaviour: Behaviour | str | None = None,
    ) -> None:
        self._clock: Clock = clock or SystemClock()
        self._state_file = state_file
        self.store = self._initial_store(seed)
        self._audit = AuditRecorder(self.store)
        self._router = Router(GROUPS)
        self._presigned = Router((presigned.routes,))  # storage URLs: no token, no budget
        self._tokens = TokenBook(self._clock, token_ttl, credentials)
        self._limiter = RateLimiter(rate_limit, self._clock)
        self._injector = FaultInjector(_plan(faults))
        self._hooks = Hooks()
        self._after_hooks = Hooks()
        self._log: list[RequestRecord] = []
        self._fault_log: list[FaultRecord] = []
        self._log_lock = threading.Lock()
        self._settings: dict[str, Any] = {"rate_limit": rate_limit}
        self.behaviour = behaviour  # the setter parses text

    def __repr__(self) -> str:
        return f"Emulator(rate_limit={self._limiter.budget}, faults={self._injector.plan})"

    def _initial_store(self, seed: str) -> Store:
        path = self._state_file
        if path is not None and path.exists():
            return Store.load(path)
        store = Store(seed_data(seed))
        if path is not None:
            store.save(path)
        return store

    # -- the handler -------------------------------------------------------------------

    def __call__(self, request: httpx.Request) -> httpx.Response:
        """Answer one httpx request (the ``httpx.MockTransport`` handler)."""
        return to_httpx(self.process(call_from_httpx(request)), request, self._clock)

    def process(self, call: Call) -> Outcome:
        """Decide the outcome of one call, transport-neutral (the socket server uses this)."""
        context_id = str(uuid.uuid4())
        presigned_call = call.path.startswith(presigned.PREFIX)
        if call.path == TOKEN_PATH and call.method == "POST":
            template, outcome = TOKEN_PATH, Outcome(self._tokens.token_endpoint(call))
        else:
            router = self._presigned if presigned_call else self._router
            match = router.match(call.method, call.path)
            template = match[0].template if match else call.path
            serve = self._presigned_call if presigned_call else self._api_call
            try:
                outcome = serve(call, match, template, context_id)
            except ReplyError as error:
                outcome = Outcome(error.reply(context_id))
        self._record(call, template, outcome)
        if outcome.reply is None:
            return outcome
        reply = outcome.reply.with_headers([(CORRELATION_HEADER, context_id)])
        return Outcome(reply, outcome.fault)

    def _api_call(
        self, call: Call, match: tuple[Route, dict[str, str]] | None, template: str, cid: str
    ) -> Outcome:
        token = bearer_token(call)
        client = self._tokens.client_for(token)
        if client is None:
            raise ReplyError(401, "bad.credentials", "Invalid login credentials.")
        window = self._limiter.hit(token)
        if window.exceeded:
            raise too_many_requests(window.reset_seconds, window.headers())
        fault = self._injector.next(call.method, call.path, template)
        if self._injector.plan.latency > 0:  # a shared FakeClock records only real waits
            self._clock.sleep(self._injector.plan.latency)
        self._hooks.run(call.method, call.path)
        if fault is not None and not fault.applied:
            return self._fault_outcome(fault, window.headers(), cid)
        reply = self._handle(call, match, client, cid).with_headers(window.headers())
        self._after_hooks.run(call.method, call.path)
        if fault is not None:
            return self._fault_outcome(fault, window.headers(), cid)
        return Outcome(reply)

    def _presigned_call(
        self, call: Call, match: tuple[Route, dict[str, str]] | None, template: str, cid: str
    ) -> Outcome:
        """A presigned storage URL (Architect job files): the signature in the query is the
        credential, so no token and no rate limit; faults scoped to its path still apply."""
        fault = self._injector.next(call.method, call.path, template)
        if fault is not None and not fault.applied:
            return self._fault_outcome(fault, (), cid)
        reply = self._handle(call, match, "", cid)
        return self._fault_outcome(fault, (), cid) if fault is not None else Outcome(reply)

    def _handle(
        self, call: Call, match: tuple[Route, dict[str, str]] | None, client: str, cid: str
    ) -> Reply:
        try:
            if match is None:
                raise _not_found(f"No resource matches {call.method} {call.path}")
            route, params = match
            request = ApiRequest(
                call, params, self.store, self._clock, client, self._settings, self._behaviour
            )
            with self.store.lock:
                pending = self._audit.before(call, route.template, params)
                answer = route.handler(request)
                self._audit.after(pending, answer, client, self._clock.time())
                reply = answer.frozen()
                self.save()  # whatever the method: a GET may complete a job (store.py)
            return reply
        except ReplyError as error:
            return error.reply(cid)

    def _fault_outcome(
        self, fault: Fault, headers: tuple[tuple[str, str], ...], cid: str
    ) -> Outcome:
        if not fault.has_response:
            return Outcome(None, fault)
        if fault.status == 429:
            retry_after = self._injector.plan.retry_after
            reply = too_many_requests(retry_after or 1, headers).reply(cid)
            if retry_after is None:  # a storm that does not say when to come back
                kept = tuple(h for h in reply.headers if h[0].lower() != "retry-after")
                reply = dataclasses.replace(reply, headers=kept)
            return Outcome(reply, fault)
        code, message = _SERVER_ERRORS.get(fault.status, _SERVER_ERRORS[503])
        body = error_body(fault.status, code, message, cid)
        return Outcome(Reply(fault.status, body, headers), fault)

    def _record(self, call: Call, template: str, outcome: Outcome) -> None:
        status = outcome.reply.status if outcome.reply is not None else 0
        fault = outcome.fault
        with self._log_lock:
            self._log.append(RequestRecord(call.method, template, status))
            if fault is not None:
                record = FaultRecord(call.method, call.path, fault.kind, fault.applied)
                self._fault_log.append(record)

    # -- what tests use --------------------------------------------------------------

    @property
    def requests(self) -> list[RequestRecord]:
        """Every call so far as (method, path template, status); no headers, no bodies."""
        with self._log_lock:
            return list(self._log)

    @property
    def injected(self) -> list[FaultRecord]:
        """Every fault injected so far, in order."""
        with self._log_lock:
            return list(self._fault_log)

    def count(self, method: str, path: str) -> int:
        """How many calls were made with this method and path template."""
        return sum(1 for r in self.requests if (r.method, r.path) == (method.upper(), path))

    @property
    def routes(self) -> tuple[tuple[str, str], ...]:
        """Every (method, path template) served, besides ``POST /oauth/token``."""
        return tuple((r.method, r.template) for r in self._router.routes)

    @property
    def tokens_issued(self) -> int:
        """How many access tokens the token endpoint has minted."""
        return self._tokens.issued

    def revoke_tokens(self) -> None:
        """Invalidate every token now, as an expiry or a revocation would."""
        self._tokens.revoke_all()

    @property
    def behaviour(self) -> Behaviour:
        """The answers chosen where the real API's behaviour is not documented
        (``emulator/behaviour.py``); set it with a Behaviour or its text form."""
        return self._behaviour

    @behaviour.setter
    def behaviour(self, value: Behaviour | str | None) -> None:
        self._behaviour = value if isinstance(value, Behaviour) else Behaviour.parse(value)

    @property
    def faults(self) -> FaultPlan:
        """The fault plan in force."""
        return self._injector.plan

    @faults.setter
    def faults(self, plan: FaultPlan | str | None) -> None:
        self._injector = FaultInjector(_plan(plan))

    def before_next(self, method: str, path: str, callback: Callable[[], object]) -> None:
        """Run ``callback`` just before the next call matching ``method path`` is handled.

        ``path`` may be concrete or a template (``/api/v2/routing/queues/{id}``, any variable
        name) or a glob with ``*``; the hook fires once.
        """
        self._hooks.add(method, path, callback)

    def after_next(self, method: str, path: str, callback: Callable[[], object]) -> None:
        """Run ``callback`` once, just after the next matching call was handled and before
        its answer leaves: the write has landed, the caller has not heard of it yet (crash
        tests kill the caller here)."""
        self._after_hooks.add(method, path, callback)

    def edit(
        self,
        kind: str,
        entity_id: str | None = None,
        *,
        by: str = "colleague@example.com",
        **changes: Any,
    ) -> dict[str, Any]:
        """Change an object as another user would (``dateModified``, ``modifiedBy``, the
        org's ``version``); ``changes`` use JSON field names. Returns the new state."""
        now = self._clock.time()
        with self.store.lock:
            before = self._current(kind, entity_id)
            edited = edit_entity(self.store, kind, entity_id, changes, by=by, now=now)
            self._audit.edited(_table(kind), entity_id, before, edited, by=by, now=now)
        self.save()
        return edited

    def delete(self, kind: str, entity_id: str) -> None:
        """Delete an object behind our back."""
        with self.store.lock:
            before = self._current(kind, entity_id)
            delete_entity(self.store, kind, entity_id)
            self._audit.edited(
                _table(kind), entity_id, before, None, by=_UI_USER, now=self._clock.time()
            )
        self.save()

    def _current(self, kind: str, entity_id: str | None) -> dict[str, Any] | None:
        """A copy of an object before a change "by a colleague" (the org for org kinds)."""
        table = _table(kind)
        if table is None:
            return dict(clone(self.store.organization))
        found = self.store.table(table).get(entity_id or "")
        return dict(clone(found)) if found is not None else None

    @property
    def audit_messages(self) -> list[dict[str, Any]]:
        """The org's audit trail so far, oldest first (what ``/api/v2/audits/query`` serves)."""
        with self.store.lock:
            return [dict(clone(m)) for m in self.store.table("audits").values()]

    def entity(self, kind: str, entity_id: str) -> dict[str, Any]:
        """A copy of one stored object (KeyError when absent)."""
        with self.store.lock:
            entity: dict[str, Any] = clone(self.store.table(table_for(kind))[entity_id])
            return entity

    def find(self, kind: str, name: str) -> dict[str, Any] | None:
        """A copy of the object of ``kind`` with this name (case-insensitive), if any."""
        with self.store.lock:
            found = self.store.find_by_name(table_for(kind), name)
            return clone(found) if found is not None else None

    def save(self) -> None:
        """Write the state file now (when there is one and the state changed)."""
        if self._state_file is not None:
            self.store.save(self._state_file)


_UI_USER = "colleague@example.com"


def _table(kind: str) -> str | None:
    """The store table of a kind "a colleague" edits (None: the org itself)."""
    return None if kind in ("organization", "org") else table_for(kind)


def _plan(faults: FaultPlan | str | None) -> FaultPlan:
    if faults is None:
        return FaultPlan()
    return FaultPlan.parse(faults) if isinstance(faults, str) else faults
