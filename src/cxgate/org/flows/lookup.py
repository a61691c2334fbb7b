"""Find a flow by name, read its lock and its versions (who made each, when, which is live).

A flow has no concurrency token; its lock (``lockedUser`` for a person in the Architect UI,
``lockedClient`` for an OAuth client) and version ids are what a deploy must respect
(genesys-api.md §5, §10). The Flow model does not say *when* a lock was taken; a person's
lock comes with a saved draft (``savedVersion.dateSaved``), which is the best "since" the
API offers, and is labelled as the last save.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cxgate.client import GenesysClient
from cxgate.errors import ConfigError, MissingError
from cxgate.resource.flowkinds import FlowKind, kind_for_type

__all__ = [
    "FLOWS",
    "LiveFlow",
    "LockInfo",
    "VersionInfo",
    "find_flow",
    "list_versions",
    "require_flow",
]

FLOWS = "/api/v2/flows"
Body = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class LockInfo:
    """Who holds a flow's lock and, when the API lets us know, since when."""

    holder: str  # "user ana@example.com" or "OAuth client 6f2c…"
    holder_id: str
    is_user: bool
    since: str | None = None  # ISO time of the holder's last save, if any

    def describe(self) -> str:
        """``locked by user ana@example.com since 2025-01-06 10:00 UTC (last save)``."""
        when = (
            f" since {self.since} (last save)"
            if self.since
            else " (the API does not say since when)"
        )
        return f"locked by {self.holder}{when}"

    @classmethod
    def of(cls, flow: Body) -> LockInfo | None:
        """The lock of a Flow body, or None when it is not locked."""
        for key, is_user in (("lockedUser", True), ("lockedClient", False)):
            ref = flow.get(key)
            if isinstance(ref, Mapping) and ref.get("id"):
                name = ref.get("email") or ref.get("name") or ref["id"]
                label = f"user {name}" if is_user else f"OAuth client {name}"
                return cls(label, str(ref["id"]), is_user, _saved_by(flow, str(ref["id"])))
        return None


def _saved_by(flow: Body, holder_id: str) -> str | None:
    saved = flow.get("savedVersion")
    if not isinstance(saved, Mapping) or not saved.get("dateSaved"):
        return None
    author = saved.get("createdBy") or saved.get("createdByClient") or {}
    if author.get("id") not in (None, holder_id):
        return None
    return _from_ms(saved["dateSaved"])


def _from_ms(value: Any) -> str | None:
    if not isinstance(value, int | float):
        return None
    stamp = datetime.fromtimestamp(value / 1000, tz=UTC)
    return stamp.strftime("%Y-%m-%d %H:%M UTC")


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """One version of a flow, as ``cxgate flow versions`` shows it."""

    id: str
    created: str | None
    created_by: str
    published_from: str | None  # datePublished
    published_until: str | None  # datePublishedEnd: a later version replaced it
    live: bool  # the flow's publishedVersion

    @classmethod
    def of(cls, body: Body, published_id: str | None) -> VersionInfo:
        author = body.get("createdBy") or body.get("createdByClient") or {}
        who = author.get("email") or author.get("name") or author.get("id") or "unknown"
        kind = "client " if body.get("createdByClient") and not body.get("createdBy") else ""
        return cls(
            id=str(body["id"]),
            created=_from_ms(body.get("dateCreated")),
            created_by=f"{kind}{who}",
            published_from=body.get("datePublished"),
            published_until=body.get("datePublishedEnd"),
            live=body["id"] == published_id,
        )

    @property
    def number(self) -> float:
        """For ordering: ``"10.0"`` comes after ``"9.0"``."""
        try:
            return float(self.id)
        except ValueError:
            return -1.0


@dataclass(frozen=True, slots=True)
class LiveFlow:
    """A flow as the org has it now."""

    id: str
    name: str
    kind: FlowKind
    published: str | None
    checked_in: str | None
    lock: LockInfo | None
    division: str

    @classmethod
    def of(cls, body: Body) -> LiveFlow:
        return cls(
            id=str(body["id"]),
            name=str(body["name"]),
            kind=kind_for_type(str(body["type"])),
            published=(body.get("publishedVersion") or {}).get("id"),
            checked_in=(body.get("checkedInVersion") or {}).get("id"),
            lock=LockInfo.of(body),
            division=str((body.get("division") or {}).get("name") or ""),
        )


def find_flow(client: GenesysClient, name: str, kind: FlowKind | None = None) -> LiveFlow | None:
    """The flow named ``name`` (of ``kind``, if given); ConfigError when several kinds share
    the name and none was given."""
    params = {"name": name, **({"type": kind.type_filter} if kind else {})}
    found = [
        f for f in client.paginate(FLOWS, params) if str(f["name"]).casefold() == name.casefold()
    ]
    if len(found) > 1:
        kinds = ", ".join(sorted(str(f["type"]).lower() for f in found))
        raise ConfigError(f"several flows are named '{name}' ({kinds}); choose one with --type")
    return LiveFlow.of(found[0]) if found else None


def require_flow(client: GenesysClient, name: str, kind: FlowKind | None = None) -> LiveFlow:
    """The flow, or MissingError saying which name and kind were looked for."""
    flow = find_flow(client, name, kind)
    if flow is None:
        of_kind = f" of type {kind.type_filter}" if kind else ""
        raise MissingError(
            f"no flow named '{name}'{of_kind} in the org; check the name (cxgate flow versions "
            "lists versions of an existing flow)"
        )
    return flow


def list_versions(client: GenesysClient, flow: LiveFlow) -> list[VersionInfo]:
    """Every checked-in version, oldest first."""
    bodies = client.paginate(f"{FLOWS}/{flow.id}/versions")
    return sorted((VersionInfo.of(b, flow.published) for b in bodies), key=lambda v: v.number)
