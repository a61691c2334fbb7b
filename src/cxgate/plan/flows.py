"""Flow changes for the plan: the bundle's flow files against the org's flows.

Each bundle flow is matched with the org's flow of the same type and name. A flow the org
lacks is a create; one whose metadata or definition differs is an update whose field
changes are the metadata fields and, for the file, one ``definition`` field holding the
org's and the bundle's normal-form texts — the renderer turns it into a YAML diff and a
graph summary (``cxgate.flow.draw.graphdiff``). Flows the bundle does not declare are left
alone: cxgate never deletes a flow.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from cxgate.bundle.flows import BundleFlow
from cxgate.flow.draw.graphdiff import GraphDelta, graph_delta, yaml_diff
from cxgate.flow.read.archy import parse_flow
from cxgate.plan.change import Action, Change, FieldChange
from cxgate.plan.diff import diff_fields
from cxgate.plan.orgflows import OrgFlow, OrgFlows
from cxgate.resource.flow import KIND_NAME

__all__ = ["DEFINITION", "definition_delta", "definition_lines", "flow_changes"]

DEFINITION = ("definition",)


def flow_changes(bundle: Sequence[BundleFlow], org: OrgFlows) -> list[Change]:
    """Creates, then updates, each sorted by name (as the other kinds are)."""
    found = [change for flow in bundle if (change := _change(flow, org.get(flow.key)))]
    order = {Action.CREATE: 0, Action.UPDATE: 1}
    return sorted(found, key=lambda c: (order[c.action], c.name))


def _change(flow: BundleFlow, current: OrgFlow | None) -> Change | None:
    desired = flow.body()
    if current is None:
        return Change(Action.CREATE, KIND_NAME, flow.name, desired=desired)
    if desired == current.body:
        return None
    fields = diff_fields(current.body, desired)
    if not fields:
        return None
    return Change(
        Action.UPDATE, KIND_NAME, flow.name, current.id, tuple(fields), desired, current.token
    )


def definition_delta(field: FieldChange) -> GraphDelta | None:
    """The graph summary of a ``definition`` field change (None when a side is absent)."""
    if field.path != DEFINITION or not isinstance(field.new, str):
        return None
    old = field.old if isinstance(field.old, str) else ""
    before = parse_flow(old, "org") if old else None
    after = parse_flow(field.new, "bundle")
    if before is None:
        return GraphDelta(nodes_added=tuple(n.id for n in after.nodes.values()))
    return graph_delta(before, after)


def definition_lines(change: Change, *, max_lines: int = 60) -> list[str]:
    """What review shows for a flow's file: the graph summary, then the YAML diff (a new
    flow shows only its size: the whole file would drown the plan)."""
    if change.kind != KIND_NAME:
        return []
    if change.action is Action.CREATE:
        text = (change.desired or {}).get("definition")
        if not isinstance(text, str):
            return []
        graph = parse_flow(text, change.name)
        return [f"graph: new flow, {len(graph.nodes)} nodes, {len(graph.transitions)} transitions"]
    out: list[str] = []
    for field in _definition_fields(change.fields):
        delta = definition_delta(field)
        if delta is not None:
            out.append(f"graph: {delta.counts()}")
            out += [f"  {line}" for line in delta.lines()[:max_lines]]
        old = field.old if isinstance(field.old, str) else ""
        diff = yaml_diff(old, str(field.new or ""), change.name)
        out += diff[:max_lines]
        if len(diff) > max_lines:
            out.append(f"… {len(diff) - max_lines} more diff lines (--output json has both files)")
    return out


def _definition_fields(fields: Iterable[FieldChange]) -> list[FieldChange]:
    return [f for f in fields if f.path == DEFINITION]
