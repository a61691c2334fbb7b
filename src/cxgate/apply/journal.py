"""The deployment's journal: a durable row before each step's call and after its answer.

After a kill -9 the journal says, for each step, whether it never started, certainly ended
(done, skipped, failed) or may have landed (started or uncertain with no ending): what
``resume`` needs to finish or roll back. The rows that record a change (the cooldown rule's
history, ownership of created objects) commit in the same transaction as the ``done`` row,
and so does whatever ``on_row`` writes (the webhook outbox).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from cxgate.apply.steps import Outcome, Step, StepResult
from cxgate.plan.change import Action
from cxgate.state.records import JournalEntry, Phase
from cxgate.state.store import StateStore

__all__ = ["Journal", "StepState", "step_states"]

_ENDING = {
    Outcome.APPLIED: Phase.DONE,
    Outcome.REBASED: Phase.DONE,
    Outcome.SKIPPED: Phase.SKIPPED,
    Outcome.CONFLICTED: Phase.FAILED,
    Outcome.FAILED: Phase.FAILED,
    Outcome.UNVERIFIED: Phase.DONE,  # it landed (detail says not as written): undo it too
    Outcome.UNCERTAIN: Phase.UNCERTAIN,
}
_LANDED = (Outcome.APPLIED, Outcome.REBASED, Outcome.UNVERIFIED)
_UNDO_ENDING = {Phase.DONE: Phase.UNDONE, Phase.SKIPPED: Phase.UNDONE}


class Journal:
    """Writes one deployment's rows; ``on_row`` runs inside each row's transaction."""

    def __init__(
        self,
        store: StateStore,
        deployment: str,
        org: str,
        on_row: Callable[[JournalEntry, StepResult | None], None] | None = None,
    ) -> None:
        self.store = store
        self.deployment = deployment
        self.org = org
        self._on_row = on_row

    def started(self, step: Step, *, undo: bool = False) -> None:
        """Before the step's first call."""
        self._write(step, Phase.UNDO_STARTED if undo else Phase.STARTED, None)

    def ended(self, result: StepResult, *, undo: bool = False) -> None:
        """After the step's answer: its ending, and what changed for cooldowns and ownership."""
        phase = _ENDING[result.outcome]
        if undo:
            phase = _UNDO_ENDING.get(phase, Phase.UNDO_FAILED)
        self._write(result.step, phase, result)

    def _write(self, step: Step, phase: Phase, result: StepResult | None) -> None:
        change = step.change
        detail = dict(result.detail) if result else {}
        if result is not None and result.message:
            detail["message"] = result.message
        entry = JournalEntry(
            self.deployment,
            step.index,
            phase,
            change.kind,
            change.name,
            change.action.value,
            (result.object_id if result else None) or change.id,
            detail,
            self.store.clock.time(),
        )
        with self.store.transaction():
            written = self.store.append_journal(entry)
            if result is not None and result.outcome in _LANDED:
                self._record(result)
            if self._on_row is not None:
                self._on_row(written, result)

    def _record(self, result: StepResult) -> None:
        change = result.step.change
        self.store.record_change(self.org, change.kind, change.name, self.deployment)
        if result.object_id is None:
            return
        if result.detail.get("created"):
            self.store.record_owned(
                self.org, change.kind, result.object_id, change.name, self.deployment
            )
        elif change.action is Action.DELETE:
            self.store.forget_owned(self.org, change.kind, result.object_id)


@dataclass(frozen=True, slots=True)
class StepState:
    """What the journal knows of one step: its last forward row and its last undo row."""

    forward: JournalEntry | None = None
    undo: JournalEntry | None = None

    @property
    def may_have_landed(self) -> bool:
        """Done, or started with no certain ending: rollback must consider it."""
        if self.forward is None:
            return False
        return self.forward.phase in (Phase.DONE, Phase.STARTED, Phase.UNCERTAIN)

    @property
    def finished(self) -> bool:
        """Nothing left to do forward (done or already as planned)."""
        return self.forward is not None and self.forward.phase in (Phase.DONE, Phase.SKIPPED)

    @property
    def undone(self) -> bool:
        return self.undo is not None and self.undo.phase is Phase.UNDONE


def step_states(entries: Sequence[JournalEntry]) -> Mapping[int, StepState]:
    """Step index → its state, from a deployment's journal rows (in order)."""
    states: dict[int, StepState] = {}
    undo_phases = (Phase.UNDO_STARTED, Phase.UNDONE, Phase.UNDO_FAILED)
    for entry in entries:
        state = states.get(entry.step, StepState())
        if entry.phase in undo_phases:
            states[entry.step] = StepState(state.forward, entry)
        else:
            states[entry.step] = StepState(entry, state.undo)
    return states
