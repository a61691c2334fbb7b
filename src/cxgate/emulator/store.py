"""The emulated org's state: JSON-shaped entities by kind, one lock, atomic save and load.

Entities are kept exactly as the API returns them (camelCase keys), so handlers copy them
out without translation. A state file is plain JSON (``--state FILE``); it is written to a
temporary file next to the target and renamed over it, so a crash never leaves half a file.
``save`` writes only when the state differs from what was last saved or loaded, so the
emulator can call it after every request: work that completes while it is read (an import
job that finishes while being polled) is kept like any write.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

from cxgate.emulator.wire import iso_from_ms, ms_from_iso
from cxgate.errors import ConfigError

__all__ = ["FLOW_TABLES", "KINDS", "STATE_FORMAT", "Store", "touch"]

# Entity tables, each ``id -> entity``. Singletons (organization, limits) live beside them.
KINDS = (
    "divisions",
    "queues",
    "skills",
    "languages",
    "wrapupcodes",
    "products",
    "flow_dependencies",  # one row per flow version: what it consumes (routes/dependencies.py)
    "queue_wrapupcodes",  # queue id -> the wrap-up code ids it offers
    "queue_observations",  # not API entities: what queues look like now (observations.py)
    "audits",  # the org's audit trail: AuditLogMessage by id, oldest first (auditlog.py)
    "audit_queries",  # audit query transactions and the ids they found (routes/audits.py)
)
# Architect (emulator/architect/): flows, their versions, pending operations, jobs, and the
# dependency-tracking rows (one per flow version; shared with routes/dependencies.py).
FLOW_TABLES = (
    "flows", "flow_versions", "flow_operations", "flow_jobs", "flow_dependencies",
    "dependency_index",  # the rows as the dependency index last saw them, while it is stale
    "dependency_builds",  # the index's build status (architect/dependencies.py)
)  # fmt: skip
STATE_FORMAT = 1

Entity = dict[str, Any]


class Store:
    """All state of one emulated org; hold ``lock`` while reading or changing it."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        data = data or {}
        self.lock = threading.RLock()
        self.organization: Entity = data.get("organization", {})
        # namespace -> {key: value}; "limits" are effective, "limitDefaults" the defaults.
        self.limits: dict[str, dict[str, int]] = data.get("limits", {})
        self.limit_defaults: dict[str, dict[str, int]] = data.get("limitDefaults", {})
        self._tables: dict[str, dict[str, Entity]] = {
            k: data.get(k, {}) for k in (*KINDS, *FLOW_TABLES)
        }
        self._saved = b""  # digest of the state as last saved or loaded

    def table(self, kind: str) -> dict[str, Entity]:
        """The live ``id -> entity`` table of one kind (mutate it under ``lock``)."""
        return self._tables[kind]

    def find_by_name(self, kind: str, name: str) -> Entity | None:
        """The entity of ``kind`` whose name equals ``name``, ignoring case (names are unique)."""
        wanted = name.casefold()
        for entity in self._tables[kind].values():
            if str(entity.get("name", "")).casefold() == wanted:
                return entity
        return None

    def snapshot(self) -> dict[str, Any]:
        """A deep copy of everything, in the state-file layout."""
        with self.lock:
            return copy.deepcopy(self._layout())

    def _layout(self) -> dict[str, Any]:
        return {
            "format": STATE_FORMAT,
            "organization": self.organization,
            "limits": self.limits,
            "limitDefaults": self.limit_defaults,
            **self._tables,
        }

    def _text(self) -> tuple[str, bytes]:
        """The state file's text (serialised under the lock) and its digest."""
        with self.lock:
            text = json.dumps(self._layout(), separators=(",", ":"), sort_keys=True)
        return text, hashlib.sha256(text.encode("utf-8")).digest()

    def save(self, path: Path) -> bool:
        """Write the state to ``path`` atomically (temporary file, then rename) if it changed
        since the last save or load; True when it wrote."""
        with self.lock:
            text, digest = self._text()
            if digest == self._saved and path.exists():
                return False
            self._write(path, text)
            self._saved = digest
            return True

    @staticmethod
    def _write(path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path) -> Store:
        """Read a state file written by ``save``; ConfigError names the file if it is bad."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigError(f"emulator state file {path}: cannot read it ({exc})") from exc
        if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
            raise ConfigError(
                f"emulator state file {path}: not a cxgate emulator state (format "
                f"{STATE_FORMAT}); delete it or point --state at another file"
            )
        store = cls(data)
        store._saved = store._text()[1]
        return store


def touch(entity: Entity, by: str, now: float) -> None:
    """Stamp a write: ``dateModified`` strictly later than before (ms), ``modifiedBy``.

    Two writes within the same millisecond (or under a frozen test clock) still get
    different ``dateModified`` values, which is what optimistic checks compare.
    """
    previous = entity.get("dateModified")
    stamp = int(now * 1000)
    if isinstance(previous, str):
        stamp = max(stamp, ms_from_iso(previous) + 1)
    entity["dateModified"] = iso_from_ms(stamp)
    if "modifiedBy" in entity or "createdBy" in entity:
        entity["modifiedBy"] = by
