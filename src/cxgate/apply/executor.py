"""Run steps in dependency order on a bounded thread pool, journalled, stoppable.

Steps whose dependencies are done run side by side, at most ``workers`` at a time, all
through one client (so one rate-limit pacer). Before each wave the objects it will update or
delete are re-read in batches through the list endpoints' ``id`` filter (one call per 100),
so a wave of N queue updates costs about N PUTs plus N/100 reads.

Forward (``stop_on_failure``): the first failure, conflict or uncertain answer, or a
Ctrl-C/SIGTERM (``KeyboardInterrupt``), stops scheduling; the writes in flight finish and are
journalled; the rest are reported ``not_run``. Undo: every step is tried, a failed one once
more, and nothing stops the others.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from graphlib import TopologicalSorter

from cxgate.apply import api
from cxgate.apply.journal import Journal
from cxgate.apply.order import Node, dependency_graph
from cxgate.apply.steps import Outcome, Step, StepResult
from cxgate.apply.writer import FreshCache
from cxgate.client import GenesysClient
from cxgate.errors import ApiError, TransportError
from cxgate.plan.change import Action

__all__ = ["Executor", "Run"]

_BATCH_KINDS = frozenset({"skill", "language", "wrapup_code", "queue"})
_STOPPING = (Outcome.FAILED, Outcome.UNVERIFIED, Outcome.CONFLICTED, Outcome.UNCERTAIN)
_RETRIED = (Outcome.UNCERTAIN,)
_RETRIED_UNDO = (Outcome.FAILED, Outcome.UNVERIFIED, Outcome.UNCERTAIN)
RunStep = Callable[[Step], StepResult]


@dataclass
class Run:
    """What a run of the executor did: a result per step, and whether it was interrupted."""

    results: dict[int, StepResult] = field(default_factory=dict)
    interrupted: bool = False

    @property
    def failed(self) -> bool:
        return self.interrupted or any(r.outcome in _STOPPING for r in self.results.values())

    def ordered(self) -> list[StepResult]:
        return [self.results[i] for i in sorted(self.results)]


class Executor:
    """See the module docstring. ``on_result`` sees each result as it comes (progress)."""

    def __init__(
        self,
        client: GenesysClient,
        run_step: RunStep,
        journal: Journal,
        *,
        workers: int,
        cache: FreshCache,
        on_result: Callable[[StepResult], None] | None = None,
    ) -> None:
        self.client = client
        self.run_step = run_step
        self.journal = journal
        self.workers = max(1, workers)
        self.cache = cache
        self.on_result = on_result
        self.stop = threading.Event()

    def run(self, steps: Sequence[Step], *, undo: bool = False) -> Run:
        """Run ``steps`` (forward, or as an undo); every step gets a result."""
        run = Run()
        by_index = {step.index: step for step in steps}
        sorter: TopologicalSorter[Node] = TopologicalSorter(dependency_graph(steps))
        sorter.prepare()
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            try:
                self._schedule(sorter, by_index, pool, run, undo)
            except KeyboardInterrupt:
                run.interrupted = True
                self.stop.set()
            except BaseException:
                self.stop.set()  # a bug or a crash: queued steps must not start while we unwind
                raise
        for step in steps:
            run.results.setdefault(step.index, StepResult(step, Outcome.NOT_RUN))
        return run

    def _schedule(
        self,
        sorter: TopologicalSorter[Node],
        by_index: dict[int, Step],
        pool: ThreadPoolExecutor,
        run: Run,
        undo: bool,
    ) -> None:
        pending: dict[Future[StepResult], Step] = {}
        ready: list[Step] = []
        wave = min(100, max(25, 2 * self.workers))
        while True:
            ready += self._ready(sorter, by_index)
            if not self.stop.is_set() and ready and len(pending) <= self.workers:
                batch, ready = ready[:wave], ready[wave:]  # a wave: one re-read per 100
                self._prefetch(batch)
                for step in batch:
                    pending[pool.submit(self._one, step, undo)] = step
            if not pending:
                return
            try:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
            except KeyboardInterrupt:
                run.interrupted = True
                self.stop.set()
                done, _ = wait(pending)  # let the writes in flight finish and be journalled
            for future in done:
                result = run.results[pending.pop(future).index] = future.result()
                if result.outcome is Outcome.NOT_RUN:
                    continue
                if result.outcome in _STOPPING and not undo:
                    self.stop.set()
                else:
                    sorter.done(result.step.index)

    @staticmethod
    def _ready(sorter: TopologicalSorter[Node], by_index: dict[int, Step]) -> list[Step]:
        """Steps now free to run; barriers are passed through at once."""
        found: list[Step] = []
        while sorter.is_active():
            nodes = sorter.get_ready()
            barriers = [n for n in nodes if not isinstance(n, int)]
            found += [by_index[n] for n in nodes if isinstance(n, int)]
            if not barriers:
                break
            sorter.done(*barriers)
        return found

    def _prefetch(self, batch: Sequence[Step]) -> None:
        """Re-read, in batches, the objects this wave updates or deletes."""
        ids: dict[str, list[str]] = defaultdict(list)
        for step in batch:
            change = step.change
            if change.kind in _BATCH_KINDS and change.action is not Action.CREATE and change.id:
                ids[change.kind].append(change.id)
        for kind, wanted in ids.items():
            try:
                self.cache.put(kind, wanted, api.read_fresh(self.client, kind, wanted))
            except (ApiError, TransportError):
                continue  # each step reads its object itself and reports the error

    def _one(self, step: Step, undo: bool) -> StepResult:
        """Journal, run, journal. A step left uncertain (the API kept failing past the
        client's retries) is tried once more — it reads the object first, so a write that
        landed is recognised, never repeated; an undo that fails for any reason too. A
        forward step still queued when the run stops is not started."""
        if self.stop.is_set() and not undo:
            return StepResult(step, Outcome.NOT_RUN)
        self.journal.started(step, undo=undo)
        try:
            result = self.run_step(step)
            if result.outcome in (_RETRIED_UNDO if undo else _RETRIED):
                result = self.run_step(replace(step, resumed=True))
        except BaseException:
            self.stop.set()  # nothing else starts while the error reaches the scheduler
            raise
        if result.outcome in _STOPPING and not undo:
            self.stop.set()  # before this worker takes its next step
        self.journal.ended(result, undo=undo)
        if self.on_result is not None:
            self.on_result(result)
        return result
