"""Switch a flow to another of its versions, or roll back to the one published before.

A switch publishes an existing version (``POST /api/v2/flows/actions/publish?flow=&version=``,
genesys-api.md §5) after checking, in this order: the version exists; the policy allows it
(``policy.flows``: how far back, whether a reason is needed); nobody else holds the flow's
lock; and, with ``check``, that the version's own file (fetched by an export job) passes
``flow check``. Rollback is a switch to the version whose publication ended last
(``datePublishedEnd``), i.e. the one the current version replaced.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from cxgate.client import GenesysClient
from cxgate.errors import LockedError, MissingError, ValidationError
from cxgate.flow.check.gate import blocking_problems
from cxgate.flow.check.policy import FlowPolicy
from cxgate.flow.check.run import check
from cxgate.flow.read.archy import parse_flow
from cxgate.org.flows.export import export_version
from cxgate.org.flows.lookup import LiveFlow, VersionInfo, list_versions, require_flow
from cxgate.org.flows.publish import publish_version
from cxgate.resource.flowkinds import FlowKind

__all__ = ["SwitchResult", "previous_version", "rollback_flow", "switch_flow"]


@dataclass(frozen=True, slots=True)
class SwitchResult:
    """What a switch did: from which version to which, how far back, and why."""

    flow_id: str
    name: str
    from_version: str | None
    to_version: str
    versions_back: int
    reason: str
    checked: bool
    changed: bool  # False when the target was already published

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def switch_flow(
    client: GenesysClient,
    name: str,
    to_version: str,
    *,
    reason: str = "",
    check_first: bool = False,
    policy: FlowPolicy | None = None,
    kind: FlowKind | None = None,
) -> SwitchResult:
    """Publish ``to_version`` of the flow called ``name``; see the module docstring."""
    flow = require_flow(client, name, kind)
    versions = list_versions(client, flow)
    return _switch(
        client,
        flow,
        versions,
        target=to_version,
        reason=reason,
        check_first=check_first,
        policy=policy,
    )


def rollback_flow(
    client: GenesysClient,
    name: str,
    *,
    reason: str = "",
    check_first: bool = False,
    policy: FlowPolicy | None = None,
    kind: FlowKind | None = None,
) -> SwitchResult:
    """Publish again the version that was published before the current one."""
    flow = require_flow(client, name, kind)
    versions = list_versions(client, flow)
    target = previous_version(versions)
    if target is None:
        raise MissingError(f"flow '{name}': no earlier published version to roll back to")
    return _switch(
        client, flow, versions, target=target, reason=reason, check_first=check_first, policy=policy
    )


def previous_version(versions: list[VersionInfo]) -> str | None:
    """The version whose publication ended most recently (not the live one), if any."""
    ended = [v for v in versions if v.published_until and not v.live]
    if not ended:
        return None
    return max(ended, key=lambda v: (str(v.published_until), v.number)).id


def _switch(
    client: GenesysClient,
    flow: LiveFlow,
    versions: list[VersionInfo],
    *,
    target: str,
    reason: str,
    check_first: bool,
    policy: FlowPolicy | None,
) -> SwitchResult:
    ids = [v.id for v in versions]
    if target not in ids:
        raise MissingError(
            f"flow '{flow.name}' has no version {target} (versions: {', '.join(ids) or 'none'})"
        )
    back = (policy or FlowPolicy()).check_switch(flow.name, ids, flow.published, target, reason)
    result = SwitchResult(
        flow.id, flow.name, flow.published, target, back, reason, check_first, False
    )
    if target == flow.published:
        return result
    _refuse_foreign_lock(client, flow)
    if check_first:
        _check_version(client, flow, target, policy)
    publish_version(client, flow, target)
    return SwitchResult(**{**result.as_dict(), "changed": True})


def _refuse_foreign_lock(client: GenesysClient, flow: LiveFlow) -> None:
    lock = flow.lock
    if lock is None or (not lock.is_user and lock.holder_id == client.settings.client_id):
        return
    raise LockedError(
        f"flow '{flow.name}' is {lock.describe()}; publishing now would be refused — ask them "
        "to check it in or revert first"
    )


def _check_version(
    client: GenesysClient, flow: LiveFlow, version: str, policy: FlowPolicy | None
) -> None:
    text = export_version(client, flow.id, version)
    findings = check(parse_flow(text, f"{flow.name} v{version}"), policy=policy)
    problems = blocking_problems(findings)
    if problems:
        raise ValidationError(problems)
