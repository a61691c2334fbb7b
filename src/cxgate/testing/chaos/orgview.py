"""Every object of an emulated org in a comparable form, and the verdict of a run.

A run converges when every object ends as planned, or every object ends as it started (a
deployment is one unit). An object in neither state is lost; a name that appears more
times than it did before is a duplicated create. Ids, dates, versions and authorship
differ between two correct runs, so they are left out of the comparison; a flow is
compared by the text of the version it publishes, and by its lock.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from typing import Any

from cxgate.emulator.store import Store

__all__ = ["TABLES", "Verdict", "View", "org_view", "verdict"]

View = dict[str, Any]  # "table/name" → the object without volatile fields
TABLES = ("queues", "skills", "languages", "wrapupcodes", "flows")
_VOLATILE = frozenset(
    {
        "id",
        "selfUri",
        "version",
        "dateCreated",
        "dateModified",
        "createdBy",
        "modifiedBy",
        "publishedVersion",
        "checkedInVersion",
        "savedVersion",
        "publishedBy",
        "currentOperation",
    }
)


def org_view(store: Store) -> View:
    """Each named object of the compared tables, volatile fields dropped; flows carry the
    digest of their published text; queues the names of their wrap-up codes."""
    with store.lock:
        view: View = {}
        codes = {c["id"]: c["name"] for c in store.table("wrapupcodes").values()}
        offered = {
            row["queueId"]: sorted(codes.get(i, i) for i in row["codeIds"])
            for row in store.table("queue_wrapupcodes").values()
        }
        for table in TABLES:
            for entity in store.table(table).values():
                kept = {k: v for k, v in entity.items() if k not in _VOLATILE}
                if table == "queues":
                    kept["wrapupCodes"] = offered.get(entity["id"], [])
                if table == "flows":
                    kept["published"] = _published_digest(store, entity)
                view.setdefault(f"{table}/{entity.get('name')}", []).append(kept)
    return {key: objs[0] if len(objs) == 1 else objs for key, objs in view.items()}


def names(store: Store) -> Counter[str]:
    """How many objects carry each "table/name" (more than one: a duplicate)."""
    with store.lock:
        return Counter(f"{t}/{e.get('name')}" for t in TABLES for e in store.table(t).values())


def _published_digest(store: Store, flow: dict[str, Any]) -> str | None:
    published = (flow.get("publishedVersion") or {}).get("id")
    for row in store.table("flow_versions").values():
        if row["flowId"] == flow["id"] and row["version"]["id"] == published:
            return hashlib.sha256(str(row.get("yaml", "")).encode()).hexdigest()[:16]
    return None


@dataclass(frozen=True, slots=True)
class Verdict:
    """Where a run left the org: objects touched, each as planned / as before / neither."""

    touched: int
    as_desired: int
    as_original: int
    lost: tuple[str, ...]
    duplicated: tuple[str, ...]

    @property
    def converged(self) -> bool:
        """All as planned, or all as before, and no duplicate."""
        whole = self.touched in (self.as_desired, self.as_original)
        return whole and not self.lost and not self.duplicated

    @property
    def where(self) -> str:
        """desired, original, or split."""
        if self.touched == self.as_desired:
            return "desired"
        return "original" if self.touched == self.as_original else "split"


def verdict(
    original: View,
    desired: View,
    final: View,
    before: Counter[str],
    after: Counter[str],
    *,
    start: View | None = None,
) -> Verdict:
    """Compare every object that the planned change touches (and any object that appeared
    or vanished unplanned, or that ``start`` — a crashed run's leftovers — had changed)
    with both ends."""
    keys = {k for k in original.keys() | desired.keys() if original.get(k) != desired.get(k)}
    if start is not None:
        keys |= {k for k in original.keys() | start.keys() if original.get(k) != start.get(k)}
    keys |= {k for k in final.keys() ^ original.keys() if k not in desired}
    keys |= {k for k in original.keys() & final.keys() if k not in keys and final[k] != original[k]}
    as_desired = sum(final.get(k) == desired.get(k) for k in keys)
    as_original = sum(final.get(k) == original.get(k) for k in keys)
    lost = tuple(sorted(k for k in keys if final.get(k) not in (desired.get(k), original.get(k))))
    duplicated = tuple(sorted(k for k, n in after.items() if n > max(before.get(k, 0), 1)))
    return Verdict(len(keys), as_desired, as_original, lost, duplicated)
