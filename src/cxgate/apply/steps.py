"""A step of a deployment (one change to one object) and what became of it."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cxgate.plan.change import Change
from cxgate.resource.base import Token

__all__ = ["Outcome", "Step", "StepResult", "token_detail", "token_from_detail"]


class Outcome(enum.StrEnum):
    """How a step ended."""

    APPLIED = "applied"
    REBASED = "rebased"  # applied onto another editor's newer body (they changed other fields)
    SKIPPED = "skipped"  # already as planned
    CONFLICTED = "conflicted"  # another editor changed a field we change: not written
    FAILED = "failed"  # the API refused: nothing was written
    UNVERIFIED = "unverified"  # written, but the answer does not show what was written
    UNCERTAIN = "uncertain"  # no answer: the write may have landed
    NOT_RUN = "not_run"  # the run stopped before this step

    @property
    def wrote(self) -> bool:
        """True when the org may hold this step's write (rollback must consider it)."""
        return self in (Outcome.APPLIED, Outcome.REBASED, Outcome.UNVERIFIED, Outcome.UNCERTAIN)


@dataclass(frozen=True, slots=True)
class Step:
    """The ``index``-th change of a deployment, with what it was planned against."""

    index: int
    change: Change
    base: Mapping[str, Any] | None = None  # the YAML body the change was planned against
    resumed: bool = False  # a crashed run may have written it already (journal says started)

    @property
    def label(self) -> str:
        return f"{self.change.action.value} {self.change.label}"


@dataclass(frozen=True, slots=True)
class StepResult:
    """One step's outcome; ``detail`` is what the journal keeps (ids, tokens, versions)."""

    step: Step
    outcome: Outcome
    object_id: str | None = None
    message: str = ""
    theirs: tuple[str, ...] = ()  # fields another editor changed (rebases and conflicts)
    detail: Mapping[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    def __str__(self) -> str:
        text = f"{self.step.label}: {self.outcome.value}"
        return f"{text} ({self.message})" if self.message else text


def token_detail(token: Token | None) -> dict[str, str] | None:
    """A token as the journal keeps it."""
    return None if token is None else {"scheme": token.scheme, "value": token.value}


def token_from_detail(detail: Mapping[str, Any]) -> Token | None:
    """The token a journal row kept (after the write), if any."""
    kept = detail.get("token")
    if isinstance(kept, Mapping) and kept.get("scheme") and kept.get("value") is not None:
        return Token(str(kept["scheme"]), str(kept["value"]))
    return None
