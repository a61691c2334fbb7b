"""Risk: how much each change can hurt a running contact center, and why.

Each rule looks at one change (and the org's Architect dependencies) and gives reasons with a
level; a change's level is the highest of its reasons. Some reasons block the change until
``--force``: deleting an object that published flows use (Architect dependency tracking,
``GET /api/v2/architect/dependencytracking/consumingresources``), and changes the API cannot
make in place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from cxgate.plan.change import Action, Assessment, Change, FieldChange, Reason, Risk
from cxgate.resource.paths import ANY, values_at
from cxgate.resource.registry import KINDS

if TYPE_CHECKING:
    from cxgate.plan.staffing import QueueProjection

__all__ = [
    "BLOCKING_RULES",
    "ROUTING_FIELDS",
    "RULES",
    "RiskContext",
    "affects_flows",
    "assess",
    "assess_all",
    "dependency_targets",
]

BLOCKING_RULES = frozenset({"delete-consumed", "delete-unverified", "replace-required"})
CURRENT_INDEX = "OPERATIONAL"


@dataclass(frozen=True, slots=True)
class RiskContext:
    """What the rules know beyond the change: which published flows consume which object
    (read only for ``dependency_targets``), and the staffing projection of changed queues."""

    consumers: Mapping[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    projections: Mapping[str, QueueProjection] = field(default_factory=dict)
    index_status: str = CURRENT_INDEX  # Architect's dependency index, read before consumers

    @property
    def dependencies_current(self) -> bool:
        """True when the dependency answers reflect the org as it is now."""
        return self.index_status == CURRENT_INDEX

    def flows_using(self, change: Change) -> tuple[str, ...]:
        """Names of published flows that use the changed object."""
        return self.consumers.get((change.kind, change.id or ""), ())


Rule = Callable[[Change, RiskContext], Iterator[Reason]]

_DELETE_IMPACT = {
    "queue": (Risk.HIGH, "deleting a queue removes its members and strands waiting interactions"),
    "skill": (Risk.HIGH, "agents lose the skill and routing that requires it stops matching"),
    "language": (Risk.HIGH, "agents lose the language and routing that requires it stops matching"),
    "wrapup_code": (Risk.MEDIUM, "agents can no longer choose it; reports keep its history"),
}


def _deletes(change: Change, ctx: RiskContext) -> Iterator[Reason]:
    if change.action is Action.DELETE:
        level, text = _DELETE_IMPACT.get(change.kind, (Risk.MEDIUM, "the object is deleted"))
        yield Reason(level, "delete", text)


def _renames(change: Change, ctx: RiskContext) -> Iterator[Reason]:
    if change.renamed_from:
        level = Risk.HIGH if change.kind == "queue" else Risk.MEDIUM
        text = "flows, scripts and reports that refer to it by name must follow the new name"
        yield Reason(level, "rename", text)


def _consumed(change: Change, ctx: RiskContext) -> Iterator[Reason]:
    flows = ctx.flows_using(change)
    if not flows or change.action is Action.CREATE:
        return
    listed = ", ".join(sorted(flows))
    if change.action is Action.DELETE:
        yield Reason(Risk.HIGH, "delete-consumed", f"published flows use it: {listed}")
    elif change.renamed_from:
        text = f"published flows use it under its old name: {listed}; re-publish them"
        yield Reason(Risk.HIGH, "consumed", text)
    else:
        yield Reason(Risk.MEDIUM, "consumed", f"published flows route to it: {listed}")


def _unverified(change: Change, ctx: RiskContext) -> Iterator[Reason]:
    """The dependency index is stale: which flows use the object is not known for sure."""
    if ctx.dependencies_current or not dependency_targets([change]):
        return
    text = (
        f"Architect's dependency index is {ctx.index_status}, not current: which published "
        "flows use it is unverified"
    )
    if change.action is Action.DELETE:
        fix = "; rebuild the index first (--rebuild-dependencies) or --force"
        yield Reason(Risk.HIGH, "delete-unverified", text + fix)
    else:
        yield Reason(Risk.MEDIUM, "consumers-unverified", text)


ROUTING_FIELDS = {
    "skillEvaluationMethod": (Risk.HIGH, "changes how agent skills are evaluated"),
    "scoringMethod": (Risk.HIGH, "changes how waiting interactions are ranked"),
    "bullseye": (Risk.MEDIUM, "changes the bullseye rings that widen the agent pool"),
    "routingRules": (Risk.MEDIUM, "changes preferred-agent routing"),
    "conditionalGroupRouting": (Risk.MEDIUM, "changes conditional group routing"),
    "lastAgentRoutingMode": (Risk.MEDIUM, "changes last-agent routing"),
    "memberGroups": (Risk.MEDIUM, "changes which groups take interactions"),
    "queueFlow": (Risk.MEDIUM, "changes what callers hear while waiting"),
}


def _routing(change: Change, ctx: RiskContext) -> Iterator[Reason]:
    if change.kind != "queue" or change.action is not Action.UPDATE:
        return
    touched = {str(f.path[0]) for f in change.fields}
    for name in sorted(touched & ROUTING_FIELDS.keys()):
        level, text = ROUTING_FIELDS[name]
        yield Reason(level, "routing", f"{name}: {text}")


# Queue fields whose change reaches the callers a flow sends there (beyond ROUTING_FIELDS).
_CALLER_FIELDS = frozenset({"mediaSettings", "division", "name"})


def affects_flows(change: Change) -> bool:
    """True when flows that use the object could behave differently after the change:
    deletes, renames, and updates of how a queue routes or answers (not its description)."""
    if change.action is Action.CREATE:
        return False
    if change.action is Action.DELETE or change.renamed_from or change.kind != "queue":
        return True
    touched = {str(f.path[0]) for f in change.fields}
    return bool(touched & (ROUTING_FIELDS.keys() | _CALLER_FIELDS))


def dependency_targets(changes: Iterable[Change]) -> list[tuple[str, str]]:
    """(kind, id) of the changed objects whose consuming flows the plan must look up."""
    kinds = {name for name, kind in KINDS.items() if kind.dependency_type}
    return [
        (c.kind, c.id)
        for c in changes
        if c.kind in kinds and c.id and not c.id.startswith("bundle:") and affects_flows(c)
    ]


def _staffing(change: Change, ctx: RiskContext) -> Iterator[Reason]:
    projection = ctx.projections.get(change.name) if change.kind == "queue" else None
    if projection is None or projection.after.ok:
        return
    was = "" if projection.before is None or not projection.before.ok else "now "
    yield Reason(Risk.HIGH, "staffing", f"{was}{projection.after.message}")


_SERVICE_LEVEL = ("mediaSettings", ANY, "serviceLevel")


def _levels(value: Any, rest: tuple[str, ...]) -> dict[tuple[str | int, ...], Any]:
    return dict(values_at(value, rest)) if rest else {(): value}


def _service_level_pairs(fc: FieldChange) -> Iterator[tuple[str, Any, Any]]:
    """(media, old serviceLevel, new serviceLevel) for a field change at, above or in one."""
    path = fc.path
    if path[:1] != ("mediaSettings",) or (len(path) >= 3 and path[2] != "serviceLevel"):
        return
    if len(path) == 4:  # one leaf: percentage or durationMs
        yield str(path[1]), {path[3]: fc.old}, {path[3]: fc.new}
        return
    if len(path) > 4:
        return
    rest = _SERVICE_LEVEL[len(path) :]
    old, new = _levels(fc.old, rest), _levels(fc.new, rest)
    for where in sorted(old.keys() | new.keys(), key=str):
        media = str((*path, *where)[1])
        yield media, old.get(where) or {}, new.get(where) or {}


def _service_level(change: Change, ctx: RiskContext) -> Iterator[Reason]:
    if change.kind != "queue" or change.action is not Action.UPDATE:
        return
    for fc in change.fields:
        for media, old, new in _service_level_pairs(fc):
            lower = _lower_target(old, new)
            if lower:
                yield Reason(Risk.MEDIUM, "service-level", f"{media}: {lower}")


def _lower_target(old: Mapping[str, Any], new: Mapping[str, Any]) -> str | None:
    before_pct, after_pct = old.get("percentage"), new.get("percentage")
    before_ms, after_ms = old.get("durationMs"), new.get("durationMs")
    if before_pct is not None and (after_pct is None or after_pct < before_pct):
        return f"service-level target lowered from {before_pct:.0%} to " + (
            f"{after_pct:.0%}" if after_pct is not None else "none"
        )
    if before_ms is not None and (after_ms is None or after_ms > before_ms):
        return f"service-level answer time lengthened from {before_ms / 1000:g}s to " + (
            f"{after_ms / 1000:g}s" if after_ms is not None else "none"
        )
    return None


def _org_wide(change: Change, ctx: RiskContext) -> Iterator[Reason]:
    if change.kind == "organization":
        yield Reason(Risk.MEDIUM, "org-wide", "an organization setting affects every user")
    elif change.kind == "feature" and change.desired is not None:
        if change.desired.get("enabled") is False:
            yield Reason(Risk.HIGH, "org-wide", f"turns the '{change.name}' feature off org-wide")
        else:
            yield Reason(Risk.MEDIUM, "org-wide", f"turns the '{change.name}' feature on org-wide")


def _replace_required(change: Change, ctx: RiskContext) -> Iterator[Reason]:
    kind = KINDS.get(change.kind)
    if change.action is not Action.UPDATE or kind is None:
        return
    if not kind.can_update([f.path for f in change.fields]):
        fields = ", ".join(sorted({str(f.path[0]) for f in change.fields}))
        text = (
            f"the API cannot change {fields} of a {kind.title} in place; deleting and "
            "re-creating it would take it off every agent and flow, so do that by hand"
        )
        yield Reason(Risk.HIGH, "replace-required", text)


def _flows(change: Change, ctx: RiskContext) -> Iterator[Reason]:
    """A new version of a published flow takes live interactions at once; inbound call
    flows are where callers land first (the token carries the published version id)."""
    if change.kind != "flow" or change.action is Action.CREATE or change.token is None:
        return
    if "published=-" in change.token.value:
        yield Reason(Risk.LOW, "flow", "not published: nothing reaches it until it is")
    elif (change.desired or {}).get("type") == "inboundCall":
        text = "published inbound call flow: callers reach the new version as soon as it deploys"
        yield Reason(Risk.HIGH, "flow-published", text)
    else:
        yield Reason(Risk.MEDIUM, "flow-published", "published flow: interactions use it now")


RULES: tuple[Rule, ...] = (
    _deletes,
    _unverified,
    _flows,
    _renames,
    _consumed,
    _routing,
    _service_level,
    _org_wide,
    _replace_required,
    _staffing,
)


def assess(change: Change, ctx: RiskContext, rules: Iterable[Rule] = RULES) -> Assessment:
    """The risk of one change: every rule's reasons, the highest level, blocked or not."""
    reasons = tuple(reason for rule in rules for reason in rule(change, ctx))
    level = max((r.level for r in reasons), default=Risk.LOW)
    return Assessment(level, reasons, any(r.rule in BLOCKING_RULES for r in reasons))


def assess_all(changes: Iterable[Change], ctx: RiskContext | None = None) -> list[Change]:
    """The changes with their risk filled in."""
    context = ctx or RiskContext()
    return [replace(change, risk=assess(change, context)) for change in changes]
