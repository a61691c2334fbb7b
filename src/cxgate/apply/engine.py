"""The deployment engine: snapshot, run in order, verify, and on failure roll back.

``Engine.run`` takes a deployment's steps and ends with the org either fully as planned or
back where it started (less whatever needs a person, listed precisely). ``Engine.resume``
picks up a deployment a crash left ``running``, from its journal and snapshots, and finishes
or rolls it back. The caller holds the org's deployment lock (``cxgate.apply.lock``) and
supplies the name ↔ id table of the org as read (``Refs``).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from cxgate.apply.executor import Executor, Run
from cxgate.apply.flowsteps import FlowWriter
from cxgate.apply.hooks import DeploymentHooks
from cxgate.apply.inverse import inverse_step
from cxgate.apply.journal import Journal, step_states
from cxgate.apply.snapshot import snapshot_key, take_snapshots
from cxgate.apply.steps import Outcome, Step, StepResult
from cxgate.apply.summary import Summary
from cxgate.apply.writer import FreshCache, ObjectWriter
from cxgate.client import GenesysClient
from cxgate.clock import Clock
from cxgate.errors import ApiError, DeploymentError, TransportError
from cxgate.plan.change import Change
from cxgate.resource.live import yaml_form
from cxgate.resource.refs import Refs
from cxgate.resource.registry import KINDS
from cxgate.state.records import DeploymentRecord, DeploymentStatus, JournalEntry, Snapshot
from cxgate.state.store import StateStore

__all__ = [
    "DEFAULT_OPTIONS",
    "ApplyOptions",
    "DeploymentResult",
    "Engine",
    "ResumeMode",
    "steps_of",
]


class ResumeMode(enum.StrEnum):
    """What to do with a deployment a crash left unfinished."""

    ROLLBACK = "rollback"
    FINISH = "finish"


@dataclass(frozen=True, slots=True)
class ApplyOptions:
    """``rollback``: undo on failure (``--no-rollback`` turns it off)."""

    rollback: bool = True
    workers: int | None = None
    flow_deadline_s: float = 900.0


DEFAULT_OPTIONS = ApplyOptions()


@dataclass(frozen=True, slots=True)
class DeploymentResult:
    """How a deployment ended, step by step, with what needs a person."""

    deployment: str
    status: DeploymentStatus
    results: tuple[StepResult, ...]
    undo: tuple[StepResult, ...] = ()
    summary: Summary = field(default_factory=Summary)
    interrupted: bool = False
    leftovers: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status is DeploymentStatus.SUCCEEDED


class Engine:
    """Runs deployments against one org; see the module docstring."""

    def __init__(
        self,
        client: GenesysClient,
        store: StateStore,
        clock: Clock,
        refs: Refs,
        *,
        org: str,
        options: ApplyOptions = DEFAULT_OPTIONS,
        on_result: Callable[[StepResult], None] | None = None,
        on_row: Callable[[JournalEntry, StepResult | None], None] | None = None,
        hooks: DeploymentHooks | None = None,
    ) -> None:
        self.client, self.store, self.clock, self.refs = client, store, clock, refs
        self.org = org
        self.options = options
        self.on_result = on_result
        self.on_row = on_row
        self.hooks = hooks
        self._objects = ObjectWriter(client, refs, FreshCache())
        self._flows = FlowWriter(client, deadline_s=options.flow_deadline_s)

    def run(self, record: DeploymentRecord, steps: Sequence[Step]) -> DeploymentResult:
        """Begin the deployment, snapshot, apply; roll back on failure (unless told not to)."""
        started, calls = self.clock.monotonic(), _stats(self.client)
        with self.store.transaction():
            self.store.begin_deployment(record)
            if self.hooks is not None:
                self.hooks.started(record, steps)
        try:
            snapshots = take_snapshots(self.client, record.id, steps, self.clock.time())
        except (ApiError, TransportError) as error:
            self._record_end(record.id, DeploymentStatus.FAILED, {"error": str(error)}, [])
            raise DeploymentError(
                f"deployment {record.id} stopped before any write: reading the objects to "
                f"snapshot failed: {error}"
            ) from error
        self.store.save_snapshots(snapshots)
        executor = self._executor(record.id)
        forward = executor.run(steps)
        return self._conclude(
            record.id, executor, forward, snapshots=snapshots, started=started, calls=calls
        )

    def resume(
        self, record: DeploymentRecord, steps: Sequence[Step], mode: ResumeMode
    ) -> DeploymentResult:
        """Finish or roll back a deployment a crash left running (its journal decides)."""
        started, calls = self.clock.monotonic(), _stats(self.client)
        states = step_states(self.store.journal(record.id))
        snapshots = self.store.snapshots(record.id)
        executor = self._executor(record.id)
        if mode is ResumeMode.FINISH:
            todo = [
                replace(s, resumed=s.index in states)
                for s in steps
                if not (s.index in states and states[s.index].finished)
            ]
            if not snapshots:  # the crash came before the first write: snapshot now
                snapshots = take_snapshots(self.client, record.id, todo, self.clock.time())
                self.store.save_snapshots(snapshots)
            forward = executor.run(todo)
            left = {s.index for s in todo}
            done = [_from_journal(s, states[s.index].forward) for s in steps if s.index not in left]
            forward.results.update({r.step.index: r for r in done if r is not None})
            return self._conclude(
                record.id, executor, forward, snapshots=snapshots, started=started, calls=calls
            )
        undo = self.inverse_of(record, [replace(s, resumed=True) for s in steps])
        executor.stop.clear()
        rolled = executor.run(undo, undo=True)
        interrupted = Run({}, interrupted=True)
        return self._finish(record.id, interrupted, rolled, started=started, calls=calls)

    def inverse_of(self, record: DeploymentRecord, steps: Sequence[Step]) -> list[Step]:
        """The undo steps of a deployment's steps that may have landed and are not undone
        (from its journal and snapshots)."""
        states = step_states(self.store.journal(record.id))
        landed = [
            _from_journal(s, states[s.index].forward)
            for s in steps
            if s.index in states and states[s.index].may_have_landed and not states[s.index].undone
        ]
        return self._inverse([r for r in landed if r is not None], self.store.snapshots(record.id))

    def _executor(self, deployment: str) -> Executor:
        journal = Journal(self.store, deployment, self.org, self._row_hook())
        workers = self.options.workers or self.client.settings.max_workers
        return Executor(
            self.client,
            self._run_step,
            journal,
            workers=workers,
            cache=self._objects.cache,
            on_result=self.on_result,
        )

    def _row_hook(self) -> Callable[[JournalEntry, StepResult | None], None] | None:
        """``on_row`` and the hooks' ``row``, both inside the journal row's transaction."""
        hooks, on_row = self.hooks, self.on_row
        if hooks is None:
            return on_row

        def both(entry: JournalEntry, result: StepResult | None) -> None:
            if on_row is not None:
                on_row(entry, result)
            hooks.row(entry, result)

        return both

    def _record_end(
        self,
        deployment: str,
        status: DeploymentStatus,
        summary: Mapping[str, Any],
        results: Sequence[StepResult],
    ) -> None:
        """The deployment's final status, and the hooks told, in one commit."""
        with self.store.transaction():
            self.store.finish_deployment(deployment, status, summary)
            if self.hooks is not None:
                self.hooks.finished(deployment, status, summary, results)

    def _run_step(self, step: Step) -> StepResult:
        writer = self._flows if step.change.kind == "flow" else self._objects
        return writer.run(step)

    def _conclude(
        self,
        deployment: str,
        executor: Executor,
        forward: Run,
        *,
        snapshots: Sequence[Snapshot],
        started: float,
        calls: tuple[int, int, int],
    ) -> DeploymentResult:
        """Roll back a failed run (unless told not to), then record how it ended."""
        undo = Run()
        if forward.failed and self.options.rollback:
            executor.stop.clear()
            undo = executor.run(self._inverse(forward.ordered(), snapshots), undo=True)
        return self._finish(deployment, forward, undo, started=started, calls=calls)

    def _finish(
        self,
        deployment: str,
        forward: Run,
        undo: Run,
        *,
        started: float,
        calls: tuple[int, int, int],
    ) -> DeploymentResult:
        status = _status(forward, undo, rolled=self.options.rollback)
        now = _stats(self.client)
        summary = Summary.of(
            forward.ordered(),
            undo.ordered(),
            wall_s=self.clock.monotonic() - started,
            calls=now[0] - calls[0],
            responses_429=now[1] - calls[1],
            retries=now[2] - calls[2],
        )
        leftovers = tuple(_leftover(deployment, r) for r in undo.ordered() if not _restored(r))
        self._record_end(deployment, status, summary.to_dict(), forward.ordered())
        return DeploymentResult(
            deployment,
            status,
            tuple(forward.ordered()),
            tuple(undo.ordered()),
            summary,
            forward.interrupted,
            leftovers,
        )

    def _inverse(self, results: Sequence[StepResult], snapshots: Sequence[Snapshot]) -> list[Step]:
        """The undo steps of every step that may have written, from the snapshots."""
        kept = {(s.kind, s.name): s for s in snapshots}
        found: list[Step] = []
        for result in results:
            if not result.outcome.wrote:
                continue
            snap = kept.get(snapshot_key(result.step))
            body, version = self._snapshot_form(result.step.change, snap)
            undo = inverse_step(result.step, result.detail, body, version)
            if undo is not None:
                found.append(undo)
        return found

    def _snapshot_form(
        self, change: Change, snap: Snapshot | None
    ) -> tuple[dict[str, Any] | None, str | None]:
        """A snapshot's YAML form (registry kinds) or published version (flows)."""
        if snap is None or snap.body is None:
            return None, None
        if change.kind == "flow":
            published = (snap.body.get("publishedVersion") or {}).get("id")
            return None, str(published) if published else None
        return yaml_form(KINDS[change.kind], snap.body, self.refs), None


def _stats(client: GenesysClient) -> tuple[int, int, int]:
    stats = client.stats
    return stats.calls, stats.rate_limited, stats.retries


def _from_journal(step: Step, entry: JournalEntry | None) -> StepResult | None:
    """A step's result as the journal recorded it (a crashed run's work)."""
    if entry is None:
        return None
    outcome = {"done": Outcome.APPLIED, "skipped": Outcome.SKIPPED, "failed": Outcome.FAILED}
    return StepResult(
        step,
        outcome.get(entry.phase.value, Outcome.UNCERTAIN),
        entry.object_id,
        str(entry.detail.get("message", "")),
        detail=dict(entry.detail),
    )


def _restored(result: StepResult) -> bool:
    return result.outcome in (Outcome.APPLIED, Outcome.REBASED, Outcome.SKIPPED)


def _status(forward: Run, undo: Run, *, rolled: bool) -> DeploymentStatus:
    if not forward.failed:
        return DeploymentStatus.SUCCEEDED
    if not rolled:
        return DeploymentStatus.FAILED
    if all(_restored(r) for r in undo.results.values()):
        return DeploymentStatus.ROLLED_BACK
    return DeploymentStatus.ROLLBACK_FAILED


def _leftover(deployment: str, result: StepResult) -> str:
    change = result.step.change
    where = f" (id {result.object_id})" if result.object_id else ""
    return (
        f"{change.label}{where} was not restored: {result.outcome.value}: {result.message}; "
        f"once resolved, finish with `cxgate rollback {deployment}`"
    )


def steps_of(
    changes: Sequence[Change], bases: Mapping[tuple[str, str], Any] | None = None
) -> list[Step]:
    """A deployment's steps from a plan's changes (``bases``: bodies planned against)."""
    known = bases or {}
    return [
        Step(index, change, known.get((change.kind, change.renamed_from or change.name)))
        for index, change in enumerate(changes)
    ]
