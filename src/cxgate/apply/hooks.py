"""What the engine tells whoever keeps records of deployments (``cxgate.records``).

Each call runs inside the state store transaction of the write it follows — the deployment's
first row, each journal row, its last status — so whatever a hook writes to the store (a
webhook event in the outbox, the audit chain's checkpoint) commits with its cause or not at
all. A hook must not raise: the journal row it rides with is what crash recovery reads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from cxgate.apply.steps import Step, StepResult
from cxgate.state.records import DeploymentRecord, DeploymentStatus, JournalEntry

__all__ = ["DeploymentHooks"]


class DeploymentHooks(Protocol):
    """Told about a deployment's life; see the module docstring."""

    def started(self, record: DeploymentRecord, steps: Sequence[Step]) -> None:
        """The deployment was begun (before any snapshot or write)."""
        ...

    def row(self, entry: JournalEntry, result: StepResult | None) -> None:
        """A journal row was written (``result`` is None before the step's call)."""
        ...

    def finished(
        self,
        deployment: str,
        status: DeploymentStatus,
        summary: Mapping[str, Any],
        results: Sequence[StepResult],
    ) -> None:
        """The deployment ended with ``status`` (``results``: its forward steps)."""
        ...

    def rolled_back(self, target: DeploymentRecord, by: str) -> None:
        """A later deployment ``by`` restored every step of ``target``."""
        ...
