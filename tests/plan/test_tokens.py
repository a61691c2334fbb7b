"""Pinned tokens: a plan against the emulator, then another editor, then stale detection."""

from __future__ import annotations

import httpx
import pytest

from cxgate.bundle.desired import DesiredState
from cxgate.client import GenesysClient
from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.org.live import read_live
from cxgate.plan.change import Action, Change
from cxgate.plan.ownership import Ownership
from cxgate.plan.plan import build_plan
from cxgate.plan.tokens import stale_tokens
from cxgate.resource.live import LiveState
from cxgate.settings import Settings


@pytest.fixture
def emulator() -> Emulator:
    """The demo org, no rate limit."""
    return Emulator(seed="demo", clock=FakeClock(), rate_limit=0)


def _read(emulator: Emulator) -> LiveState:
    settings = Settings.for_url("https://api.emulator.test", "tokens", "secret")
    with GenesysClient(settings, transport=httpx.MockTransport(emulator)) as client:
        return read_live(client)


def _plan(live: LiveState) -> list[Change]:
    bodies = {
        "organization": {"organization": {"name": "Acme Renamed"}},
        "queue": {"Billing": {"name": "Billing", "description": "changed"}},
        "wrapup_code": {"Resolved": {"name": "Resolved", "description": "changed"}},
    }
    desired = DesiredState.from_bodies(bodies)
    return list(build_plan(live, desired, Ownership()).changes)


def test_tokens_are_pinned_per_kind(emulator: Emulator) -> None:
    """Org: its version; queue and wrap-up code: dateModified plus a body hash."""
    changes = {c.kind: c for c in _plan(_read(emulator))}
    assert changes["organization"].token is not None
    assert changes["organization"].token.scheme == "version"
    assert changes["organization"].token.value == str(emulator.store.organization["version"])
    billing = emulator.find("queue", "Billing")
    assert billing is not None
    for kind in ("queue", "wrapup_code"):
        token = changes[kind].token
        assert token is not None
        assert token.scheme == "modified"
        assert "|sha256:" in token.value
    assert changes["queue"].token.value.startswith(billing["dateModified"])  # type: ignore[union-attr]


def test_nothing_is_stale_when_nobody_else_edited(emulator: Emulator) -> None:
    """Re-reading the untouched org finds every token as pinned."""
    changes = _plan(_read(emulator))
    assert stale_tokens(changes, _read(emulator)) == []


def test_edits_by_another_editor_are_detected(emulator: Emulator) -> None:
    """A UI edit of the queue, a feature flip (org version) and a deleted code are all caught."""
    changes = _plan(_read(emulator))
    billing = emulator.find("queue", "Billing")
    resolved = emulator.find("wrapup_code", "Resolved")
    assert billing is not None
    assert resolved is not None
    emulator.edit("queue", billing["id"], description="edited in the UI")
    emulator.edit("organization", name="Someone else's")
    emulator.delete("wrapup_code", resolved["id"])
    stale = {s.change.kind: str(s) for s in stale_tokens(changes, _read(emulator))}
    assert set(stale) == {"organization", "queue", "wrapup_code"}
    assert "version 7 changed to 8" in stale["organization"]
    assert "another editor" in stale["queue"]
    assert "deleted since the plan" in stale["wrapup_code"]


def test_member_count_moves_do_not_make_a_queue_stale(emulator: Emulator) -> None:
    """Agents joining a queue move memberCount only: not a conflict."""
    changes = _plan(_read(emulator))
    billing = emulator.find("queue", "Billing")
    assert billing is not None
    emulator.store.table("queues")[billing["id"]]["memberCount"] += 5
    assert stale_tokens(changes, _read(emulator)) == []


def test_creates_and_token_less_changes_are_skipped() -> None:
    """A create has nothing to compare; a feature flag has no token."""
    live = LiveState.from_entities({})
    changes = [
        Change(Action.CREATE, "queue", "New"),
        Change(Action.UPDATE, "feature", "chat"),
    ]
    assert stale_tokens(changes, live) == []
