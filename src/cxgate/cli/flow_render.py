"""Text, Markdown and JSON shapes of deploy, versions and switch results."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cxgate.org.flows.deploy import Deployment
from cxgate.org.flows.lookup import LiveFlow, VersionInfo
from cxgate.org.flows.switch import SwitchResult

__all__ = ["deployments_text", "switch_text", "versions_data", "versions_text"]


def deployments_text(deployments: Sequence[Deployment], *, markdown: bool = False) -> list[str]:
    """One line per deployed flow: what is published now and what was before."""
    lines = (
        ["| flow | type | file | published | before |", "|---|---|---|---|---|"] if markdown else []
    )
    for d in deployments:
        before = "new flow" if d.created else f"v{d.previous}" if d.previous else "none"
        before = "unchanged, skipped" if d.skipped else before
        if markdown:
            lines.append(f"| {d.name} | {d.type.lower()} | {d.file} | v{d.version} | {before} |")
            continue
        if d.skipped:
            lines.append(
                f"{d.name} ({d.type.lower()}): unchanged, v{d.version} is published with the "
                f"content of {d.file}; skipped (--force publishes a new version anyway)"
            )
            continue
        lines.append(
            f"{d.name} ({d.type.lower()}): published v{d.version} (before: {before}) from {d.file}"
        )
        if d.unlocked:
            lines.append(f"  broke the lock held by {d.unlocked} (--force-unlock)")
    skipped = sum(d.skipped for d in deployments)
    unchanged = f", {skipped} unchanged" if skipped else ""
    lines.append(f"{len(deployments) - skipped} flow(s) deployed{unchanged}.")
    return lines


def _published(version: VersionInfo) -> str:
    if version.live:
        return f"LIVE since {version.published_from}" if version.published_from else "LIVE"
    if version.published_from and version.published_until:
        return f"{version.published_from} → {version.published_until}"
    return "never"


def versions_text(
    flow: LiveFlow, versions: Sequence[VersionInfo], *, markdown: bool = False
) -> list[str]:
    """A header with the flow's state, then one row per version, newest first."""
    lock = flow.lock.describe() if flow.lock else "not locked"
    header = (
        f"{flow.name} ({flow.kind.type_filter}, division {flow.division or '?'}): "
        f"published v{flow.published or '-'}; {lock}"
    )
    rows = [(f"v{v.id}", v.created or "?", v.created_by, _published(v)) for v in reversed(versions)]
    titles = ("version", "created", "by", "published")
    if markdown:
        table = ["| " + " | ".join(titles) + " |", "|---|---|---|---|"]
        table += ["| " + " | ".join(row) + " |" for row in rows]
        return [f"**{header}**", "", *table]
    widths = [max(len(r[i]) for r in (titles, *rows)) for i in range(3)]
    lines = [header, "  ".join(t.ljust(w) for t, w in zip(titles, [*widths, 0], strict=True))]
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, [*widths, 0], strict=True)).rstrip()
        for row in rows
    ]
    return lines


def versions_data(flow: LiveFlow, versions: Sequence[VersionInfo]) -> dict[str, Any]:
    """The ``--output json`` document of ``flow versions``."""
    lock = flow.lock
    return {
        "flow": {
            "id": flow.id,
            "name": flow.name,
            "type": flow.kind.api_type,
            "division": flow.division,
            "published": flow.published,
            "lock": None
            if lock is None
            else {"holder": lock.holder, "holderId": lock.holder_id, "since": lock.since},
        },
        "versions": [
            {
                "id": v.id,
                "created": v.created,
                "createdBy": v.created_by,
                "publishedFrom": v.published_from,
                "publishedUntil": v.published_until,
                "live": v.live,
            }
            for v in reversed(versions)
        ],
    }


def switch_text(result: SwitchResult) -> str:
    """What a switch or rollback did, in one line."""
    if not result.changed:
        return f"{result.name}: v{result.to_version} is already published; nothing to do."
    back = f", {result.versions_back} version(s) back" if result.versions_back else ""
    checked = "; it passed flow check" if result.checked else ""
    why = f"; reason: {result.reason}" if result.reason else ""
    if result.in_place:
        what = f"published v{result.to_version} again in place"
    else:
        what = f"published v{result.published}, a copy of v{result.to_version}"
    return f"{result.name}: {what} (was v{result.from_version}{back}){checked}{why}"
