"""Validation rules beyond the schema: names, references, routing sanity, org, policy.

Every rule returns Problems (never raises), so ``cxgate validate`` reports all of them at once.
Offline rules need only the bundle; ``against_live`` adds the org's names, and
``policy_problems`` the change policy for a given set of changes.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from cxgate.bundle.desired import DesiredObject, DesiredState
from cxgate.errors import Problem
from cxgate.plan.change import Change
from cxgate.resource.live import LiveState
from cxgate.resource.registry import KINDS
from cxgate.safety.window import active_windows

__all__ = ["against_live", "check_limits", "offline", "policy_problems"]

_TIMEOUT_PROMPTS = {"MANDATORY_TIMEOUT", "MANDATORY_FORCED_TIMEOUT", "AGENT_REQUESTED"}
_MAX_ALERTING_SECONDS = 86_400  # a sanity bound, not an API rule (the API's maximum is unpublished)
_MAX_RINGS = 5  # the Genesys Terraform provider documents at most 5 bullseye rings


def _objects(desired: DesiredState) -> Iterator[DesiredObject]:
    for by_name in desired.objects.values():
        yield from by_name.values()


def offline(desired: DesiredState, *, references: bool = True) -> list[Problem]:
    """Rules that need only the bundle; ``references=False`` when ``against_live`` will check
    them properly (offline, a name missing from the bundle is only a warning)."""
    return [
        *_case_duplicates(desired),
        *_delete_conflicts(desired),
        *_renames(desired),
        *_queue_sanity(desired),
        *(_references(desired, None) if references else ()),
    ]


def against_live(desired: DesiredState, live: LiveState) -> list[Problem]:
    """Rules that compare the bundle with the org's names."""
    return [
        *_references(desired, live),
        *_case_clashes(desired, live),
        *_missing_deletes(desired, live),
    ]


def _case_duplicates(desired: DesiredState) -> Iterator[Problem]:
    for kind, by_name in desired.objects.items():
        seen: dict[str, str] = {}
        for name, obj in by_name.items():
            first = seen.setdefault(name.casefold(), name)
            if first != name:
                yield obj.problem(
                    ("name",),
                    f"{KINDS[kind].title} '{name}' differs from '{first}' "
                    "only in letter case; Genesys Cloud treats them as one name",
                    "use one spelling",
                    rule="duplicate-name",
                )


def _delete_conflicts(desired: DesiredState) -> Iterator[Problem]:
    for kind, names in desired.deletes.items():
        for name in sorted(names & set(desired.objects.get(kind, {}))):
            yield desired.config_problem(
                ("delete", kind),
                f"{kind} '{name}' is both declared and listed under delete:",
                "remove one of the two",
                rule="delete-conflict",
            )


def _renames(desired: DesiredState) -> Iterator[Problem]:
    for obj in _objects(desired):
        old = obj.renamed_from
        if old and old in desired.objects[obj.kind]:
            yield obj.problem(
                ("renamedFrom",),
                f"renamedFrom '{old}' is still declared",
                f"remove the old '{old}' or drop renamedFrom",
                rule="rename",
            )


def _queue_sanity(desired: DesiredState) -> Iterator[Problem]:
    for obj in desired.objects.get("queue", {}).values():
        yield from _queue_rules(obj, obj.body)


def _queue_rules(obj: DesiredObject, body: Mapping[str, Any]) -> Iterator[Problem]:
    acw = body.get("acwSettings") or {}
    if "timeoutMs" in acw and acw.get("wrapupPrompt") not in _TIMEOUT_PROMPTS:
        yield obj.problem(
            ("acwSettings", "timeoutMs"),
            "timeoutMs only applies when wrapupPrompt "
            "is MANDATORY_TIMEOUT, MANDATORY_FORCED_TIMEOUT or AGENT_REQUESTED",
            "remove timeoutMs or change wrapupPrompt",
            rule="acw",
        )
    rings = (body.get("bullseye") or {}).get("rings") or []
    if len(rings) > _MAX_RINGS:
        yield obj.problem(
            ("bullseye", "rings"),
            f"{len(rings)} bullseye rings; at most {_MAX_RINGS} are supported",
            "merge rings",
            rule="bullseye",
        )
    if rings and body.get("conditionalGroupRouting"):
        yield obj.problem(
            ("conditionalGroupRouting",),
            "bullseye rings and conditional group "
            "routing are both set; a queue routes with one or the other",
            "keep one routing method",
            severity="warning",
            rule="routing-method",
        )
    for media, settings in (body.get("mediaSettings") or {}).items():
        timeout = (settings or {}).get("alertingTimeoutSeconds")
        if timeout is not None and timeout > _MAX_ALERTING_SECONDS:
            yield obj.problem(
                ("mediaSettings", media, "alertingTimeoutSeconds"),
                f"alerting timeout of {timeout}s is over a day",
                "check the unit (seconds)",
                severity="warning",
                rule="range",
            )


def _references(desired: DesiredState, live: LiveState | None) -> Iterator[Problem]:
    for obj in _objects(desired):
        for ref in KINDS[obj.kind].references(obj.body):
            if ref.name.startswith("id:") or ref.name in desired.objects.get(ref.kind, {}):
                continue
            if live is None:
                if ref.kind in KINDS:  # managed kinds should usually be in the bundle
                    yield obj.problem(
                        ref.path,
                        f"{ref.kind} '{ref.name}' is not in the bundle",
                        "it must exist in the org; `cxgate plan` checks",
                        severity="warning",
                        rule="reference",
                    )
                continue
            if ref.kind in live.unchecked:
                continue  # the org did not list these names; one warning says so
            if not live.refs.has(ref.kind, ref.name):
                known = sorted(live.refs.names(ref.kind) | set(desired.objects.get(ref.kind, {})))
                yield obj.problem(
                    ref.path,
                    f"{ref.kind} '{ref.name}' is neither in the bundle nor in the org",
                    _closest(ref.name, known),
                    rule="reference",
                )


def _closest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f"did you mean '{close[0]}'?" if close else "declare it, fix the name, or use id:<uuid>"


def _case_clashes(desired: DesiredState, live: LiveState) -> Iterator[Problem]:
    for kind, by_name in desired.objects.items():
        live_names = {n.casefold(): n for n in live.objects.get(kind, {})}
        for name, obj in by_name.items():
            other = live_names.get(name.casefold())
            if other is not None and other not in (name, obj.renamed_from):
                yield obj.problem(
                    ("name",),
                    f"the org has '{other}', which differs only in case",
                    f"write '{other}', or rename with renamedFrom: {other}",
                    rule="duplicate-name",
                )


def _missing_deletes(desired: DesiredState, live: LiveState) -> Iterator[Problem]:
    for kind, names in desired.deletes.items():
        for name in sorted(names - set(live.objects.get(kind, {}))):
            yield desired.config_problem(
                ("delete", kind),
                f"{kind} '{name}' is listed under delete: but is not in the org",
                "remove it from the list",
                severity="warning",
                rule="delete",
            )


def check_limits(
    counts_after: Mapping[str, int], limits: Mapping[str, int], source: str = "org limits"
) -> list[Problem]:
    """Counts after the plan must stay within the org's limits (kind → maximum)."""
    return [
        Problem(
            "cxgate.yaml",
            kind,
            f"the plan leaves {counts_after[kind]} {kind} objects; the "
            f"org allows {limit} ({source})",
            "delete some or ask Genesys to raise the limit",
            rule="limits",
        )
        for kind, limit in sorted(limits.items())
        if counts_after.get(kind, 0) > limit
    ]


def policy_problems(
    desired: DesiredState,
    changes: Iterable[Change] | None,
    *,
    now: float,
    history: Mapping[tuple[str, str], float] | None = None,
    override_freeze: str | None = None,
    override_cooldown: str | None = None,
) -> list[Problem]:
    """Change-freeze windows and per-object cooldowns from cxgate.yaml's policy.

    ``changes`` None means not known yet (offline validate): the freeze is checked anyway.
    ``history`` says when each (kind, name) last changed (the state store's cooldown rows).
    """
    policy = desired.config.policy
    known = list(changes) if changes is not None else None
    found: list[Problem] = []
    windows = active_windows(policy.freeze, now, desired.env, policy.timezone)
    for window in windows if known is None or known else ():
        index = policy.freeze.index(window)
        where = ("policy", "freeze", index)
        if override_freeze:
            found.append(
                desired.config_problem(
                    where,
                    f"change freeze '{window.name}' overridden: {override_freeze}",
                    severity="warning",
                    rule="change-freeze",
                )
            )
        else:
            found.append(
                desired.config_problem(
                    where,
                    f"change freeze '{window.name}' is in force",
                    'wait for it to end, or pass --override-freeze "reason"',
                    rule="change-freeze",
                )
            )
    if history is not None and known:
        found += _cooldowns(desired, known, now=now, history=history, override=override_cooldown)
    return found


def _cooldowns(
    desired: DesiredState,
    changes: list[Change],
    *,
    now: float,
    history: Mapping[tuple[str, str], float],
    override: str | None,
) -> Iterator[Problem]:
    policy = desired.config.policy.cooldown
    last = history
    for change in changes:
        wait = policy.for_kind(change.kind)
        then = last.get((change.kind, change.renamed_from or change.name))
        if not wait or then is None or now - then >= wait:
            continue
        left = wait - (now - then)
        obj = desired.get(change.kind, change.name)
        message = f"{change.label} changed {now - then:.0f}s ago; the minimum interval is {wait:g}s"
        severity, fix = (
            ("warning", f"overridden: {override}")
            if override
            else ("error", f'wait {left:.0f}s more, or pass --override-cooldown "reason"')
        )
        if obj is not None:
            yield obj.problem((), message, fix, severity=severity, rule="cooldown")
        else:
            yield desired.config_problem(
                ("policy", "cooldown"), message, fix, severity=severity, rule="cooldown"
            )
