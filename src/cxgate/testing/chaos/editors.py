"""Another editor changes what cxgate is about to change: between plan and apply, during
apply just before cxgate's re-read of the object, or at the write itself (after that read).

For each writable kind the other editor changes either another field of the object
(disjoint: cxgate must rebase onto it and say so) or the very field cxgate changes
(overlapping: cxgate must stop, write nothing of its own, and name both values). For kinds
that are only ever created, the other editor creates the same name first: cxgate must not
make a second one. Their value must survive: a lost one is an overwrite.

At the write itself, Genesys offers no conditional write for queues and wrap-up codes (no
``version``, no If-Match: genesys-api.md §6, §10), so an edit landing between cxgate's
re-read and its PUT is last-writer-wins; such a loss is counted apart (``race``), not as an
overwrite. The organization carries a ``version``, and a create meets the server's unique
name check, so there the loss would be an overwrite.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from cxgate.apply.engine import ApplyOptions, DeploymentResult
from cxgate.bundle.config import BundleConfig
from cxgate.bundle.desired import DesiredState
from cxgate.client import GenesysClient, RetryPolicy
from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.errors import CxgateError
from cxgate.pipeline.deploying import apply
from cxgate.pipeline.live import read_org_side
from cxgate.pipeline.planning import make_plan
from cxgate.settings import Settings
from cxgate.state.sqlite import SqliteStore

__all__ = ["EDITS", "TIMINGS", "Edit", "EditorCase", "run_editor_case"]

TIMINGS = ("between-plan-and-apply", "before-the-re-read", "at-the-write")


@dataclass(frozen=True, slots=True)
class Edit:
    """One object cxgate changes and what the other editor does to it.

    ``ours``: the bundle's fields; ``theirs``: the other editor's (JSON names, as the API
    holds them); ``path``: our write's path template, for the at-the-write hook."""

    kind: str
    name: str
    relation: str  # disjoint, overlapping or same-name
    ours: dict[str, Any]
    theirs: dict[str, Any]
    path: str
    method: str = "PUT"
    table: str = ""
    read: str = ""  # the GET that re-reads it during apply

    @property
    def guarded(self) -> bool:
        """Whether the server itself refuses a write over a newer state."""
        return self.kind == "organization" or self.relation == "same-name"

    @property
    def label(self) -> str:
        return f"{self.kind}/{self.relation}"


_QUEUE = "/api/v2/routing/queues/*"
_CODE = "/api/v2/routing/wrapupcodes/*"
_ORG = "/api/v2/organizations/me"
_QUEUES, _CODES = "/api/v2/routing/queues", "/api/v2/routing/wrapupcodes"
OUTSOURCED = {"name": "Outsourced Partners"}

EDITS: tuple[Edit, ...] = (
    Edit(
        "queue",
        "Billing",
        "disjoint",
        {"description": "ours"},
        {"skillEvaluationMethod": "NONE"},
        _QUEUE,
        read=_QUEUES,
    ),
    Edit(
        "queue",
        "Billing",
        "overlapping",
        {"description": "ours"},
        {"description": "theirs"},
        _QUEUE,
        read=_QUEUES,
    ),
    Edit(
        "wrapup_code",
        "Resolved",
        "disjoint",
        {"description": "ours"},
        {"division": OUTSOURCED},
        _CODE,
        read=_CODES,
    ),
    Edit(
        "wrapup_code",
        "Resolved",
        "overlapping",
        {"description": "ours"},
        {"description": "theirs"},
        _CODE,
        read=_CODES,
    ),
    Edit(
        "organization",
        "",
        "disjoint",
        {"supportURI": "https://ours.example.com"},
        {"voicemailEnabled": False},
        _ORG,
        read=_ORG,
    ),
    Edit(
        "organization",
        "",
        "overlapping",
        {"supportURI": "https://ours.example.com"},
        {"supportURI": "https://theirs.example.com"},
        _ORG,
        read=_ORG,
    ),
    Edit(
        "skill",
        "Editor Skill",
        "same-name",
        {},
        {},
        "/api/v2/routing/skills",
        "POST",
        "skills",
        read="/api/v2/routing/skills",
    ),
    Edit(
        "language",
        "Editor Language",
        "same-name",
        {},
        {},
        "/api/v2/routing/languages",
        "POST",
        "languages",
        read="/api/v2/routing/languages",
    ),
    Edit(
        "wrapup_code",
        "Editor Code",
        "same-name",
        {"description": "ours"},
        {"description": "theirs"},
        "/api/v2/routing/wrapupcodes",
        "POST",
        "wrapupcodes",
        read=_CODES,
    ),
)


@dataclass(frozen=True, slots=True)
class EditorCase:
    """What happened to the object both edited."""

    edit: str
    timing: str
    status: str
    outcome: str  # our step's outcome (applied, rebased, conflicted, ...)
    theirs_kept: bool
    ours_landed: bool
    copies: int  # objects with the name afterwards
    reported: bool  # a rebase listing their fields, or a conflict naming both values
    message: str
    guarded: bool

    @property
    def overwrites(self) -> int:
        """Their value lost where cxgate could have known of it."""
        lost = not self.theirs_kept
        return int(lost and (self.guarded or self.timing != "at-the-write"))

    @property
    def race(self) -> int:
        """Their value lost in the unguarded window between re-read and PUT."""
        return int(not self.theirs_kept) - self.overwrites

    @property
    def ok(self) -> bool:
        """Disjoint: rebased, ours and theirs both there. Overlapping: stopped, theirs
        there, both named. Same name: one object, theirs."""
        if self.edit.endswith("/disjoint"):
            expected = self.ours_landed and self.outcome in ("rebased", "applied")
        elif self.edit.endswith("/overlapping"):
            expected = not self.ours_landed and self.status != "succeeded"
        else:
            expected = self.copies == 1
        if self.race:
            return True  # last writer wins where the API offers nothing better
        return expected and self.theirs_kept and self.reported and self.copies == 1

    def as_dict(self) -> dict[str, object]:
        return {f: getattr(self, f) for f in self.__dataclass_fields__}


def _bodies(edit: Edit) -> dict[str, dict[str, dict[str, Any]]]:
    if edit.kind == "organization":
        return {"organization": {"organization": dict(edit.ours)}}
    return {edit.kind: {edit.name: {"name": edit.name, **edit.ours}}}


def _colleague(emulator: Emulator, edit: Edit, clock: FakeClock) -> Callable[[], object]:
    """What the other editor does, as a callable the hooks can run."""
    if edit.relation == "same-name":
        return lambda: _create_as_colleague(emulator, edit, clock)
    if edit.kind == "organization":
        return lambda: emulator.edit("organization", **edit.theirs)
    table = {"queue": "queue", "wrapup_code": "wrapupcode"}[edit.kind]
    found = emulator.find(table, edit.name)
    assert found is not None, f"the demo org has no {edit.kind} {edit.name!r}"
    theirs = dict(edit.theirs)
    if theirs.get("division") == OUTSOURCED:
        division = emulator.store.find_by_name("divisions", OUTSOURCED["name"])
        assert division is not None
        theirs["division"] = {"id": division["id"], "name": division["name"]}
    return lambda: emulator.edit(table, found["id"], **theirs)


def _create_as_colleague(emulator: Emulator, edit: Edit, clock: FakeClock) -> None:
    """Another API client creates the object under the same name."""
    settings = Settings.for_url("https://api.emulator.test", "colleague", "their-secret")
    with GenesysClient(settings, transport=httpx.MockTransport(emulator), clock=clock) as other:
        other.post(edit.path, {"name": edit.name, **edit.theirs})


def _arm(emulator: Emulator, edit: Edit, timing: str, act: Callable[[], object]) -> None:
    if timing == "between-plan-and-apply":
        act()
    elif timing == "before-the-re-read":
        emulator.before_next("GET", edit.read, act)
    else:
        emulator.before_next(edit.method, edit.path, act)


def run_editor_case(edit: Edit, timing: str) -> EditorCase:
    """Plan ``edit``'s bundle, let the other editor act at ``timing``, apply; the verdict."""
    clock = FakeClock()
    emulator = Emulator(seed="demo", rate_limit=0, clock=clock)
    settings = Settings.for_url("https://api.emulator.test", "cxgate", "chaos-secret")
    with (
        tempfile.TemporaryDirectory(prefix="cxgate-editors-") as tmp,
        GenesysClient(
            settings,
            transport=httpx.MockTransport(emulator),
            clock=clock,
            retry=RetryPolicy(attempts=3),
        ) as client,
        SqliteStore.open(Path(tmp) / "state", clock) as store,
    ):
        desired = DesiredState.from_bodies(_bodies(edit), BundleConfig())
        side = read_org_side(client, desired)
        plan = make_plan(desired, side, store)
        _arm(emulator, edit, timing, _colleague(emulator, edit, clock))
        try:
            result: DeploymentResult | None = apply(
                plan, side, client, store, force=True, options=ApplyOptions(workers=1), clock=clock
            )
            error = ""
        except CxgateError as failed:
            result, error = None, str(failed)
    return _judge(edit, timing, emulator, result, error)


def _judge(
    edit: Edit, timing: str, emulator: Emulator, result: DeploymentResult | None, error: str
) -> EditorCase:
    now, copies = _now(emulator, edit)
    step = None
    if result is not None:
        mine = [r for r in result.results if r.step.change.kind == edit.kind]
        step = mine[0] if mine else None
    outcome = step.outcome.value if step is not None else "none"
    message = (step.message or "") if step is not None else error
    theirs_kept = all(_same(now.get(k), v) for k, v in edit.theirs.items())
    ours_landed = bool(edit.ours) and all(now.get(k) == v for k, v in edit.ours.items())
    if edit.relation == "disjoint":
        reported = outcome == "rebased" and set(edit.theirs) <= set(step.theirs if step else ())
    elif edit.relation == "overlapping":
        both = [str(v) for v in (*edit.ours.values(), *edit.theirs.values())]
        reported = outcome == "conflicted" and all(text in message for text in both)
    else:  # ours skipped as already there, or stopped naming the one that exists
        reported = outcome in ("skipped", "conflicted") or "already exists" in message
    return EditorCase(
        edit=edit.label,
        timing=timing,
        status=result.status.value if result is not None else f"error: {error[:120]}",
        outcome=outcome,
        theirs_kept=theirs_kept,
        ours_landed=ours_landed,
        copies=copies,
        reported=reported,
        message=message[:300],
        guarded=edit.guarded,
    )


def _now(emulator: Emulator, edit: Edit) -> tuple[dict[str, Any], int]:
    with emulator.store.lock:
        if edit.kind == "organization":
            return dict(emulator.store.organization), 1
        table = {"queue": "queues", "wrapup_code": "wrapupcodes"}.get(edit.kind, edit.table)
        same = [e for e in emulator.store.table(table).values() if e.get("name") == edit.name]
        return (dict(same[0]) if same else {}), len(same)


def _same(now: Any, theirs: Any) -> bool:
    if isinstance(theirs, dict) and isinstance(now, dict):
        return all(now.get(k) == v for k, v in theirs.items())
    return bool(now == theirs)
