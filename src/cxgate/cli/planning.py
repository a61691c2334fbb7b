"""What `validate`, `plan` and `export` share: reaching the live side, the rules, the store.

The live side is the org itself (through the client of ``--profile`` or the GENESYSCLOUD_*
variables), another bundle (``--against DIR``), or nothing (``validate --offline``, or no
org configured at all). ``LiveSide`` holds what was read and, when online, the reader, so
plan can look up Architect dependencies for the objects it touches.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cxgate.bundle.desired import DesiredState
from cxgate.bundle.load import load_or_raise
from cxgate.cli import connect
from cxgate.cli.common import err_console
from cxgate.cli.flow_bundle import flows_of_bundle, flows_of_org
from cxgate.cli.progress import ReadProgress
from cxgate.client import GenesysClient
from cxgate.errors import ApiError, Problem
from cxgate.flow.orgflows import OrgFlows
from cxgate.plan.change import Change
from cxgate.plan.diff import diff_states
from cxgate.resource.base import ApiReader
from cxgate.resource.live import LiveState, live_from_bodies
from cxgate.resource.orgfacts import OrgFacts, read_org_facts
from cxgate.resource.reader import CachingReader
from cxgate.resource.registry import KINDS
from cxgate.safety import gate, limits, requirements, validate
from cxgate.safety.ownership import Ownership
from cxgate.staffing.live import on_queue_agents
from cxgate.state.store import StateStore, open_store as _open, state_dir

__all__ = [
    "LiveSide",
    "bundle_problems",
    "draft_changes",
    "live_side",
    "online_problems",
    "open_store",
    "org_key",
    "staffing_problems",
]

_SETTINGS_VARS = ("GENESYSCLOUD_OAUTHCLIENT_ID", "GENESYSCLOUD_API_URL", "GENESYSCLOUD_REGION")


@dataclass
class LiveSide:
    """The live state to compare with, the org's facts and reader when online, and notes."""

    live: LiveState | None = None
    facts: OrgFacts | None = None
    reader: ApiReader | None = None
    notes: list[Problem] = field(default_factory=list)
    live_agents: Mapping[str, int] | None = None  # queue name → agents on queue now
    flows: OrgFlows | None = None  # the org's flows, with the bundle's definitions (flow_bundle)


def _from_bundle(against: Path, env: str | None) -> LiveState:
    other, _ = load_or_raise(against, env)
    bodies = {kind: {n: o.body for n, o in objs.items()} for kind, objs in other.objects.items()}
    return live_from_bodies(bodies, org_id=other.config.org_for(env).id)


def _org_configured(profile: str | None) -> bool:
    return profile is not None or any(os.environ.get(var) for var in _SETTINGS_VARS)


def _enrich(desired: DesiredState) -> dict[str, set[str]]:
    """Queues whose file declares wrapupCodes: only theirs are read (one call each)."""
    queues = desired.objects.get("queue", {}).values()
    names = {n for q in queues if "wrapupCodes" in q.body for n in (q.name, q.renamed_from) if n}
    return {"queue": names}


def _external(desired: DesiredState) -> set[str]:
    """Kinds the bundle names but cxgate does not manage (their names are read)."""
    return {
        ref.kind
        for objects in desired.objects.values()
        for obj in objects.values()
        for ref in KINDS[obj.kind].references(obj.body)
        if ref.kind not in KINDS
    }


def read_org(reader: ApiReader, desired: DesiredState) -> tuple[LiveState, OrgFacts]:
    """The org as plan compares it, plus the facts online validation needs."""
    cached = CachingReader(reader)
    live = LiveState.read(cached, enrich=_enrich(desired), external=_external(desired))
    settings = limits.limit_settings(desired.config.policy.limits)
    return live, read_org_facts(cached, limits.limit_namespaces(settings))


@contextmanager
def live_side(
    desired: DesiredState,
    *,
    against: Path | None,
    profile: str | None,
    offline: bool = False,
    quiet: bool = False,
) -> Iterator[LiveSide]:
    """The live side for validate/plan; the org's client stays open inside the block."""
    if against is not None:
        yield LiveSide(
            _from_bundle(against, desired.env), flows=flows_of_bundle(against, desired.env)
        )
        return
    if offline or not _org_configured(profile):
        note = Problem(
            "cxgate.yaml",
            "",
            "online checks skipped: no org settings (GENESYSCLOUD_* or --profile)",
            "set them to check names, limits and features against the org, or pass --offline",
            severity="warning",
            rule="offline",
        )
        yield LiveSide(notes=[] if offline else [note])
        return
    with connect.open_client(profile) as client:
        progress = ReadProgress(client, err_console, quiet=quiet)
        with progress:
            live, facts = read_org(progress, desired)
        notes = [_note(text) for text in (*facts.notes, *_unchecked(live))]
        agents = _live_agents(client, desired, live, notes)
        yield LiveSide(live, facts, client, notes, agents, flows_of_org(client, desired))


def _live_agents(
    client: GenesysClient, desired: DesiredState, live: LiveState, notes: list[Problem]
) -> dict[str, int] | None:
    """On-queue agents now for the queues whose forecast says ``agents: live`` (one query
    per 100 queues); None, with a note, when the org refuses the observation query."""
    ids: dict[str, str] = {}
    for obj in gate.live_forecast_queues(desired):
        current = live.get("queue", obj.name) or live.get("queue", obj.renamed_from or "")
        if current is not None and current.id:
            ids[obj.name] = current.id
    if not ids:
        return {}
    try:
        counts = on_queue_agents(client, ids.values())
    except ApiError as exc:
        notes.append(_note(f"on-queue agents not read ({exc.status} {exc.code}): {exc.message}"))
        return None
    return {name: counts[queue_id] for name, queue_id in ids.items()}


def _note(text: str) -> Problem:
    return Problem("cxgate.yaml", "", text, severity="warning", rule="online")


def _unchecked(live: LiveState) -> list[str]:
    return [f"{kind} names not checked: {why}" for kind, why in sorted(live.unchecked.items())]


def bundle_problems(desired: DesiredState, live: LiveState | None) -> list[Problem]:
    """Offline rules, plus the rules against the live side when there is one."""
    problems = validate.offline(desired, references=live is None)
    if live is not None:
        problems += validate.against_live(desired, live)
    return problems


def draft_changes(
    desired: DesiredState, live: LiveState | None, store: StateStore, org: str
) -> list[Change]:
    """The plan's changes (no risk yet): what limits, requirements and policy look at."""
    if live is None:
        return []
    return diff_states(live, desired, Ownership.of(store.owned(org), desired.deletes))


def staffing_problems(desired: DesiredState, side: LiveSide) -> list[Problem]:
    """The staffing gate: every queue forecast projected against its call target."""
    return gate.forecast_problems(desired, side.live, side.live_agents)


def online_problems(desired: DesiredState, side: LiveSide, changes: list[Change]) -> list[Problem]:
    """Org limits and the features/products changes rely on (only with the org's facts)."""
    if side.live is None or side.facts is None:
        return []
    found: list[Problem] = []
    policy = desired.config.policy
    settings = limits.limit_settings(policy.limits)
    after = limits.counts_after(side.live, changes)
    found += limits.limit_problems(desired, changes, after, settings, side.facts.limits)
    features = {**side.facts.features, **_planned_features(desired)}
    needs = requirements.requirements_for(policy.requirements)
    found += requirements.requirement_problems(
        desired, changes, features, side.facts.products, needs
    )
    return found


def _planned_features(desired: DesiredState) -> dict[str, bool]:
    """Feature flags as the plan leaves them (the bundle may switch some)."""
    return {n: bool(o.body.get("enabled")) for n, o in desired.objects.get("feature", {}).items()}


def org_key(desired: DesiredState, live: LiveState | None) -> str:
    """How the state store names the org: its id when known, else the bundle's org name."""
    org = desired.config.org_for(desired.env)
    return (live.org_id if live else None) or org.id or org.name or "default"


def open_store(directory: Path | None) -> StateStore:
    """The local state store (``--state-dir``, ``$CXGATE_STATE_DIR`` or ``./.cxgate``)."""
    return _open(state_dir(directory))
