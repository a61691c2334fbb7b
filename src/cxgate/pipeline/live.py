"""The live side a bundle is checked and planned against: the org, another bundle, or none.

``read_org_side`` reads the org through a client (everything validate and plan need, in
parallel, each GET once); ``bundle_side`` takes another bundle (``--against DIR``, e.g.
yesterday's export); ``offline_side`` is nothing at all (``validate --offline``). ``LiveSide``
keeps the reader when online, so plan can look up Architect dependencies of what it touches.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cxgate.bundle.desired import DesiredState
from cxgate.bundle.load import load_or_raise
from cxgate.errors import ApiError, Problem
from cxgate.org.facts import OrgFacts, read_org_facts
from cxgate.org.live import read_live
from cxgate.org.observations import on_queue_agents
from cxgate.org.reader import CachingReader
from cxgate.pipeline.flows import flows_of_bundle, flows_of_org
from cxgate.plan.orgflows import OrgFlows
from cxgate.resource.base import ApiReader
from cxgate.resource.live import LiveState, live_from_bodies
from cxgate.resource.registry import KINDS
from cxgate.safety import gate, limits

if TYPE_CHECKING:  # the client is imported by whoever makes one
    from cxgate.client import GenesysClient

__all__ = ["LiveSide", "bundle_side", "offline_side", "org_key", "read_org", "read_org_side"]


@dataclass
class LiveSide:
    """The live state to compare with, the org's facts and reader when online, and notes."""

    live: LiveState | None = None
    facts: OrgFacts | None = None
    reader: ApiReader | None = None
    notes: list[Problem] = field(default_factory=list)
    live_agents: Mapping[str, int] | None = None  # queue name → agents on queue now
    flows: OrgFlows | None = None  # the org's flows, with the bundle's definitions


def offline_side(*, explain: bool = False) -> LiveSide:
    """No live side; ``explain`` adds the note that online checks were skipped."""
    note = Problem(
        "cxgate.yaml",
        "",
        "online checks skipped: no org settings (GENESYSCLOUD_* or --profile)",
        "set them to check names, limits and features against the org, or pass --offline",
        severity="warning",
        rule="offline",
    )
    return LiveSide(notes=[note] if explain else [])


def bundle_side(against: Path, env: str | None) -> LiveSide:
    """Another bundle as the live side: reviewable plans, never appliable (no tokens)."""
    other, _ = load_or_raise(against, env)
    bodies = {kind: {n: o.body for n, o in objs.items()} for kind, objs in other.objects.items()}
    live = live_from_bodies(bodies, org_id=other.config.org_for(env).id)
    return LiveSide(live, flows=flows_of_bundle(against, env))


def read_org_side(
    client: GenesysClient, desired: DesiredState, reader: ApiReader | None = None
) -> LiveSide:
    """Everything validate and plan need from the org. ``reader`` (default: the client)
    may wrap it, e.g. to show progress; the other calls go straight to the client."""
    live, facts = read_org(reader or client, desired)
    notes = [_note(text) for text in (*facts.notes, *_unchecked(live))]
    agents = _live_agents(client, desired, live, notes)
    return LiveSide(live, facts, client, notes, agents, flows_of_org(client, desired))


def read_org(reader: ApiReader, desired: DesiredState) -> tuple[LiveState, OrgFacts]:
    """The org as plan compares it, plus the facts online validation needs."""
    cached = CachingReader(reader)
    live = read_live(cached, enrich=_enrich(desired), external=_external(desired))
    settings = limits.limit_settings(desired.config.policy.limits)
    return live, read_org_facts(cached, limits.limit_namespaces(settings))


def org_key(desired: DesiredState, live: LiveState | None) -> str:
    """How the state store names the org: its id when known, else the bundle's org name."""
    org = desired.config.org_for(desired.env)
    return (live.org_id if live else None) or org.id or org.name or "default"


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
