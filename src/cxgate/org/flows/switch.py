"""Switch a flow to another of its versions, or roll back to the one published before.

A switch publishes the content of an existing version again after checking, in this order:
the version exists; the policy allows it (``policy.flows``: how far back, whether a reason is
needed); nobody else holds the flow's lock; and, with ``check``, that the version's own file
(fetched by an export job) passes ``flow check``. By default it goes the documented way
(``restore.py``): export the version, import it as a new version, which the import job
publishes — "published v7.0, a copy of v3.0". ``in_place`` instead asks
``POST /api/v2/flows/actions/publish?flow=&version=`` to republish the old version itself,
which the SDK does not document (genesys-api.md §5, UNCONFIRMED). Rollback is a switch to the
version whose publication ended last (``datePublishedEnd``), i.e. the one the current version
replaced.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
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
from cxgate.org.flows.restore import restore_copy
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
    published: str | None = None  # the version live now: a new one (a copy) unless in place
    in_place: bool = False

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
    in_place: bool = False,
) -> SwitchResult:
    """Publish ``to_version`` of the flow called ``name`` again; see the module docstring."""
    flow = require_flow(client, name, kind)
    versions = list_versions(client, flow)
    how = _How(reason, check_first, policy, in_place)
    return _switch(client, flow, versions, target=to_version, how=how)


def rollback_flow(
    client: GenesysClient,
    name: str,
    *,
    reason: str = "",
    check_first: bool = False,
    policy: FlowPolicy | None = None,
    kind: FlowKind | None = None,
    in_place: bool = False,
) -> SwitchResult:
    """Publish again the version that was published before the current one."""
    flow = require_flow(client, name, kind)
    versions = list_versions(client, flow)
    target = previous_version(versions)
    if target is None:
        raise MissingError(f"flow '{name}': no earlier published version to roll back to")
    how = _How(reason, check_first, policy, in_place)
    return _switch(client, flow, versions, target=target, how=how)


def previous_version(versions: list[VersionInfo]) -> str | None:
    """The version whose publication ended most recently (not the live one), if any."""
    ended = [v for v in versions if v.published_until and not v.live]
    if not ended:
        return None
    return max(ended, key=lambda v: (str(v.published_until), v.number)).id


@dataclass(frozen=True, slots=True)
class _How:
    reason: str
    check_first: bool
    policy: FlowPolicy | None
    in_place: bool


def _switch(
    client: GenesysClient, flow: LiveFlow, versions: list[VersionInfo], *, target: str, how: _How
) -> SwitchResult:
    ids = [v.id for v in versions]
    if target not in ids:
        raise MissingError(
            f"flow '{flow.name}' has no version {target} (versions: {', '.join(ids) or 'none'})"
        )
    policy = how.policy or FlowPolicy()
    back = policy.check_switch(flow.name, ids, flow.published, target, how.reason)
    result = SwitchResult(
        flow.id, flow.name, flow.published, target, back, how.reason, how.check_first, False,
        flow.published, how.in_place,
    )  # fmt: skip
    if target == flow.published:
        return result
    _refuse_foreign_lock(client, flow)
    text = _check_version(client, flow, target, how.policy) if how.check_first else None
    if how.in_place:
        publish_version(client, flow, target)
        published: str | None = target
    else:
        published = LiveFlow.of(restore_copy(client, flow, target, text=text)).published
    return replace(result, changed=True, published=published)


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
) -> str:
    """The version's file, once flow check passed it (ValidationError otherwise)."""
    text = export_version(client, flow.id, version)
    findings = check(parse_flow(text, f"{flow.name} v{version}"), policy=policy)
    problems = blocking_problems(findings)
    if problems:
        raise ValidationError(problems)
    return text
