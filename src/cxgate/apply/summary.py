"""What a deployment did, in numbers: per outcome and kind, time, calls, 429s."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cxgate.apply.steps import Outcome, StepResult

__all__ = ["Summary"]


@dataclass(frozen=True, slots=True)
class Summary:
    """The final table of an apply (``--output json`` gives ``to_dict``)."""

    forward: Counter[str] = field(default_factory=Counter)
    by_kind: dict[str, Counter[str]] = field(default_factory=dict)
    rolled_back: int = 0
    rollback_failed: int = 0
    wall_s: float = 0.0
    calls: int = 0
    responses_429: int = 0
    retries: int = 0

    @classmethod
    def of(
        cls,
        results: Sequence[StepResult],
        undo: Sequence[StepResult],
        *,
        wall_s: float,
        calls: int,
        responses_429: int,
        retries: int,
    ) -> Summary:
        by_kind: dict[str, Counter[str]] = {}
        for result in results:
            by_kind.setdefault(result.step.change.kind, Counter())[result.outcome.value] += 1
        back = sum(r.outcome in (Outcome.APPLIED, Outcome.REBASED, Outcome.SKIPPED) for r in undo)
        return cls(
            Counter(r.outcome.value for r in results),
            by_kind,
            back,
            len(undo) - back,
            wall_s,
            calls,
            responses_429,
            retries,
        )

    def count(self, outcome: Outcome) -> int:
        return self.forward.get(outcome.value, 0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "applied": self.count(Outcome.APPLIED),
            "rebased": self.count(Outcome.REBASED),
            "skipped": self.count(Outcome.SKIPPED),
            "conflicted": self.count(Outcome.CONFLICTED),
            "failed": sum(
                self.count(o) for o in (Outcome.FAILED, Outcome.UNVERIFIED, Outcome.UNCERTAIN)
            ),
            "notRun": self.count(Outcome.NOT_RUN),
            "rolledBack": self.rolled_back,
            "rollbackFailed": self.rollback_failed,
            "byKind": {kind: dict(counts) for kind, counts in sorted(self.by_kind.items())},
            "wallSeconds": round(self.wall_s, 3),
            "apiCalls": self.calls,
            "responses429": self.responses_429,
            "retries": self.retries,
        }
