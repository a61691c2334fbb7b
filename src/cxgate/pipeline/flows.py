"""Flows in `validate`, `plan` and `apply`: the bundle's flow files against the org's flows.

``validate`` runs ``flow check`` on every bundle flow and, with the org (or ``--against``)
at hand, resolves the queues, skills, languages, wrap-up codes, divisions and flows they name
against the bundle and the org. ``plan`` adds a change per flow whose file differs from the
version the org publishes. The flow files themselves were read once, by the bundle loader
(``DesiredState.flows``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cxgate.bundle.desired import DesiredState
from cxgate.bundle.flows import BundleFlow, load_flows
from cxgate.bundle.load import load_config
from cxgate.errors import Problem
from cxgate.flow.check.finding import Resolver
from cxgate.flow.check.run import check
from cxgate.org.flows.live import read_org_flows
from cxgate.plan.change import Change
from cxgate.plan.flows import flow_changes
from cxgate.plan.orgflows import OrgFlow, OrgFlows
from cxgate.resource.live import LiveState

if TYPE_CHECKING:  # the client is imported by whoever makes one
    from cxgate.client import GenesysClient

__all__ = ["flow_problems", "flows_of_bundle", "flows_of_org", "planned_flow_changes"]

# Archy reference kinds → the bundle kinds that can declare them.
_BUNDLE_KINDS = {
    "queue": "queue",
    "skill": "skill",
    "language": "language",
    "wrapupCode": "wrapup_code",
    "division": "division",
}


def flows_of_org(client: GenesysClient, desired: DesiredState) -> OrgFlows:
    """The org's flows, with the definitions of those the bundle declares."""
    return read_org_flows(client, [flow.key for flow in desired.flows])


def flows_of_bundle(root: Path, env: str | None) -> OrgFlows:
    """Another bundle's flows as the live side (``--against DIR``)."""
    config, _, _ = load_config(root)
    variables = config.variables(env) if config is not None else {}
    flows, _ = load_flows(root, variables)
    by_key = {f.key: OrgFlow(f"bundle:flow:{f.name}", f.name, f.body(), None, None) for f in flows}
    return OrgFlows(by_key, frozenset(f.name for f in flows), from_bundle=True)


def flow_problems(
    desired: DesiredState, live: LiveState | None, org_flows: OrgFlows | None
) -> list[Problem]:
    """Every `flow check` finding of the bundle's flows; the names flows use are resolved
    only against a real org (another bundle does not know them)."""
    online = live is not None and not (org_flows is not None and org_flows.from_bundle)
    resolver = _resolver(desired, desired.flows, live, org_flows) if online and live else None
    policy = desired.config.policy.flows
    return [
        finding.as_problem()
        for flow in desired.flows
        for finding in check(flow.graph, resolver, policy)
    ]


def planned_flow_changes(desired: DesiredState, org_flows: OrgFlows | None) -> list[Change]:
    """A change per bundle flow the org lacks or publishes differently (none offline)."""
    if org_flows is None:
        return []
    return flow_changes(desired.flows, org_flows)


def _resolver(
    desired: DesiredState,
    flows: Sequence[BundleFlow],
    live: LiveState,
    org_flows: OrgFlows | None,
) -> Resolver:
    """Names a flow may use: the bundle's objects and flows, and the org's."""
    flow_names = {f.name.casefold() for f in flows} | {
        n.casefold() for n in (org_flows.names if org_flows else ())
    }
    known: Mapping[str, set[str]] = {
        kind: {n.casefold() for n in (*desired.objects.get(kind, {}), *live.refs.names(kind))}
        for kind in _BUNDLE_KINDS.values()
    }

    def exists(kind: str, name: str) -> bool:
        if kind == "flow":
            return org_flows is None or name.casefold() in flow_names
        bundle_kind = _BUNDLE_KINDS.get(kind)
        if bundle_kind is None or bundle_kind in live.unchecked:
            return True  # schedules, data actions, prompts…: not checked against the org
        return name.casefold() in known[bundle_kind]

    return exists
