"""Wait for asynchronous work: flow Operations, Architect jobs and audit queries.

Each kind says where its status lives and which values end it, in one declared table
(values from the SDK 269 models' ``allowed_values``):

- Operation (``models/operation.py``, returned by flow checkin/publish and read back from
  ``GET /api/v2/flows/{id}`` → ``currentOperation``): running until ``complete`` is true,
  then ``actionStatus`` FAILURE means failed (``errorMessage``, ``errorDetails``).
- Architect jobs (``models/architect_job_state_response.py``, ``…export_job_state_response``):
  ``status`` Registered | Started | Success | Failure, ``messages[].text`` with ``expand=messages``.
- Audit queries (``models/audit_query_execution_status_response.py``): ``state`` Queued |
  Running | Succeeded | Failed | Cancelled.

An unknown status counts as still running, so a new value Genesys adds ends in a clear
deadline error naming it rather than a wrong verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cxgate.clock import Clock
from cxgate.errors import DeadlineExceededError, JobFailedError

__all__ = [
    "AUDIT_QUERY",
    "FLOW_JOB",
    "FLOW_OPERATION",
    "JOB_KINDS",
    "PollSchedule",
    "StatusTable",
    "poll_until_done",
    "status_table_for",
]


@dataclass(frozen=True, slots=True)
class StatusTable:
    """Where one kind of async work keeps its status, and which values end it."""

    what: str
    status_at: tuple[str, ...]
    succeeded: frozenset[str] = frozenset()
    failed: frozenset[str] = frozenset()
    complete_at: tuple[str, ...] | None = None
    params: Mapping[str, str] = field(default_factory=dict)

    def verdict(self, document: Any) -> str:
        """``"running"``, ``"succeeded"`` or ``"failed"`` for one polled document."""
        if self.complete_at is not None and _dig(document, self.complete_at) is not True:
            return "running" if _dig(document, self.complete_at[:-1]) is not None else "succeeded"
        status = str(_dig(document, self.status_at) or "")
        if status in self.failed:
            return "failed"
        if status in self.succeeded or self.complete_at is not None:
            return "succeeded"
        return "running"

    def status(self, document: Any) -> str:
        return str(_dig(document, self.status_at) or "unknown")


FLOW_OPERATION = StatusTable(
    "flow operation",
    status_at=("currentOperation", "actionStatus"),
    failed=frozenset({"FAILURE"}),
    complete_at=("currentOperation", "complete"),
)
FLOW_JOB = StatusTable(
    "Architect job",
    status_at=("status",),
    succeeded=frozenset({"Success"}),
    failed=frozenset({"Failure"}),
    params={"expand": "messages"},
)
AUDIT_QUERY = StatusTable(
    "audit query",
    status_at=("state",),
    succeeded=frozenset({"Succeeded"}),
    failed=frozenset({"Failed", "Cancelled"}),
)

JOB_KINDS: tuple[tuple[str, StatusTable], ...] = (
    ("/api/v2/flows/jobs/", FLOW_JOB),
    ("/api/v2/flows/export/jobs/", FLOW_JOB),
    ("/api/v2/audits/query/", AUDIT_QUERY),
)
"""Path prefix → status table, for ``wait_job`` to pick the vocabulary from the path."""


def status_table_for(path: str) -> StatusTable:
    """The job kind of ``path``; ValueError names the known prefixes if none matches."""
    for prefix, table in JOB_KINDS:
        if path.startswith(prefix):
            return table
    known = ", ".join(prefix for prefix, _ in JOB_KINDS)
    raise ValueError(f"no job kind known for {path}; known: {known} (pass kind=...)")


@dataclass(frozen=True, slots=True)
class PollSchedule:
    """How often to look: start fast, slow down, never past the deadline."""

    deadline_s: float = 300.0
    first_s: float = 1.0
    factor: float = 1.5
    max_s: float = 15.0


def poll_until_done(
    fetch: Callable[[str, Mapping[str, str]], Any],
    path: str,
    table: StatusTable,
    *,
    clock: Clock,
    schedule: PollSchedule,
) -> Any:
    """GET ``path`` until ``table`` says it ended; the last document on success."""
    started = clock.monotonic()
    interval = schedule.first_s
    while True:
        document = fetch(path, table.params)
        verdict = table.verdict(document)
        if verdict == "succeeded":
            return document
        if verdict == "failed":
            raise JobFailedError(
                f"{table.what} {path}", table.status(document), _messages(document)
            )
        left = schedule.deadline_s - (clock.monotonic() - started)
        if left <= 0:
            raise DeadlineExceededError(
                f"{table.what} {path} still {table.status(document)} after "
                f"{schedule.deadline_s:g} s; check it in the org before retrying"
            )
        clock.sleep(min(interval, left))
        interval = min(interval * schedule.factor, schedule.max_s)


def _dig(document: Any, keys: tuple[str, ...]) -> Any:
    for key in keys:
        if not isinstance(document, Mapping):
            return None
        document = document.get(key)
    return document


def _messages(document: Any) -> list[str]:
    """What Genesys said about the failure, from whichever fields this kind has."""
    found: list[str] = []
    for source in (document, _dig(document, ("currentOperation",))):
        if not isinstance(source, Mapping):
            continue
        for message in source.get("messages") or []:
            if isinstance(message, Mapping) and message.get("text"):
                kind = message.get("type")
                found.append(f"{kind}: {message['text']}" if kind else str(message["text"]))
        if source.get("errorMessage"):
            found.append(str(source["errorMessage"]))
        for detail in source.get("errorDetails") or []:
            if isinstance(detail, Mapping) and detail.get("errorCode"):
                found.append(f"{detail['errorCode']} ({detail.get('fieldName') or 'no field'})")
    return found
