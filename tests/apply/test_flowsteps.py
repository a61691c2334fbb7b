"""Flows in a deployment: imported as new versions, refused when locked or moved, and put back
(the version published before, or deleted when the deployment created them)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from cxgate.apply.engine import ApplyOptions
from cxgate.apply.steps import Outcome
from cxgate.bundle.load import load_or_raise
from cxgate.client import GenesysClient
from cxgate.clock import FakeClock
from cxgate.emulator import Emulator, FaultPlan
from cxgate.emulator.architect.editor import find_flow, lock_flow, published_content
from cxgate.pipeline.deploying import apply
from cxgate.pipeline.live import read_org_side
from cxgate.pipeline.planning import make_plan
from cxgate.state.records import DeploymentStatus
from cxgate.state.sqlite import SqliteStore

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bundle"
NEW_FLOW = """\
inboundCall:
  name: Acme Holiday Line
  division: Home
  startUpRef: "/inboundCall/menus/menu[Closed]"
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
  menus:
    - menu:
        name: Closed
        refId: Closed
        audio:
          tts: We are closed for the holiday.
        choices:
          - menuDisconnect:
              name: Hang up
              dtmf: digit_1
"""


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """The example bundle, deleting a wrap-up code the demo org has (the step tests fail)."""
    root = tmp_path / "bundle"
    shutil.copytree(EXAMPLE, root)
    config = root / "cxgate.yaml"
    config.write_text(
        config.read_text().replace("[Legacy Outcome]", "[Legacy Outcome, Wrong Number]")
    )
    return root


def _plan(client: GenesysClient, store: SqliteStore, root: Path) -> tuple[Any, Any]:
    desired, _ = load_or_raise(root)
    side = read_org_side(client, desired)
    return make_plan(desired, side, store), side


def _fail_the_delete(emulator: Emulator) -> None:
    """The delete of Wrong Number (the last step) fails for good."""
    code = emulator.find("wrapup_code", "Wrong Number")
    path = f"/api/v2/routing/wrapupcodes/{code['id']}"
    emulator.faults = FaultPlan().with_rule("500", 1.0, method="DELETE", path=path)


def _published(emulator: Emulator, name: str) -> str | None:
    return (find_flow(emulator.store, name).get("publishedVersion") or {}).get("id")


def test_flow_update_lands_and_is_put_back_on_failure(
    client: GenesysClient, store: SqliteStore, emulator: Emulator, bundle: Path
) -> None:
    """The after-hours flow is imported (v2.0); a later delete fails; v1.0 is live again."""
    plan, side = _plan(client, store, bundle)
    assert ("update", "flow", "Acme After Hours") in {
        (c.action.value, c.kind, c.name) for c in plan.changes
    }
    _fail_the_delete(emulator)
    result = apply(plan, side, client, store, force=True, options=ApplyOptions(workers=1))
    flow = next(r for r in result.results if r.step.change.kind == "flow")
    assert (flow.outcome, flow.detail["previous"], flow.detail["version"]) == (
        Outcome.APPLIED,
        "1.0",
        "2.0",
    )
    assert result.status is DeploymentStatus.ROLLED_BACK, result.leftovers
    assert published_content(emulator.store, "Acme After Hours") == "1.0"
    (undo,) = [r for r in result.undo if r.step.change.kind == "flow"]
    assert undo.message == "published v3.0, a copy of v1.0"
    assert (undo.detail["version"], undo.detail["copyOf"]) == ("3.0", "1.0")


def test_new_flow_is_created_then_deleted_by_the_rollback(
    client: GenesysClient, store: SqliteStore, emulator: Emulator, bundle: Path
) -> None:
    """A flow the deployment created goes away when the deployment is undone."""
    (bundle / "flows" / "holiday.yaml").write_text(NEW_FLOW)
    plan, side = _plan(client, store, bundle)
    _fail_the_delete(emulator)
    result = apply(plan, side, client, store, force=True, options=ApplyOptions(workers=1))
    created = next(r for r in result.results if r.step.change.name == "Acme Holiday Line")
    assert created.detail["created"] is True
    assert result.status is DeploymentStatus.ROLLED_BACK, result.leftovers
    assert emulator.store.find_by_name("flows", "Acme Holiday Line") is None


def test_a_flow_locked_by_a_colleague_is_a_conflict(
    client: GenesysClient, store: SqliteStore, emulator: Emulator, bundle: Path, clock: FakeClock
) -> None:
    """Never deploy over someone's open edit: the step names the lock and the run stops."""
    plan, side = _plan(client, store, bundle)
    lock_flow(emulator.store, "Acme After Hours", by="ana@example.com", now=clock.time())
    result = apply(plan, side, client, store, force=True)
    flow = next(r for r in result.results if r.step.change.kind == "flow")
    assert flow.outcome is Outcome.CONFLICTED
    assert "locked by user ana@example.com" in flow.message
    assert result.status is DeploymentStatus.ROLLED_BACK
    assert _published(emulator, "Acme After Hours") == "1.0"


def test_a_version_published_since_the_plan_is_a_conflict(
    client: GenesysClient, store: SqliteStore, emulator: Emulator, bundle: Path
) -> None:
    """Someone published after our plan: a whole file cannot be rebased, so we stop."""
    plan, side = _plan(client, store, bundle)
    main_ivr = next(c for c in plan.changes if c.kind == "flow")
    flow = find_flow(emulator.store, main_ivr.name)
    flow["savedVersion"] = {"id": "9.9"}  # a colleague saved a draft since
    result = apply(plan, side, client, store, force=True)
    step = next(r for r in result.results if r.step.change.kind == "flow")
    assert step.outcome is Outcome.CONFLICTED
    assert "since the plan" in step.message
