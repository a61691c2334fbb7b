"""Export: the live org (or a selection of it) written as a bundle that plans to zero changes.

Reading costs the paging minimum: one GET for the org (its features come with it), then each
selected kind's listing at its largest page size, kinds and pages in parallel. A queue's
wrap-up codes are a sub-collection costing one call per queue, so they are exported only on
request (``queue_wrapup_codes=True``); left out, ``wrapupCodes`` is simply not managed, and
the export still plans to zero changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cxgate.bundle.swap import check_folder
from cxgate.bundle.writer import Selector, live_bodies, write_bundle
from cxgate.org.live import read_live
from cxgate.resource.base import ApiReader, ResourceKind
from cxgate.resource.live import LiveState
from cxgate.resource.registry import KINDS

__all__ = ["ExportResult", "export_org", "selected_kinds"]


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote: the files, objects per kind, warnings about odd org data, and
    the files it removed (objects no longer in the org)."""

    root: Path
    files: tuple[Path, ...]
    counts: dict[str, int]
    warnings: tuple[str, ...]
    removed: tuple[Path, ...] = ()


def selected_kinds(include: Sequence[Selector], exclude: Sequence[Selector]) -> list[ResourceKind]:
    """The kinds an export reads: those included (all by default), minus whole-kind excludes."""
    wanted = {s.kind for s in include} or set(KINDS)
    dropped = {s.kind for s in exclude if s.pattern == "*"}
    return [kind for name, kind in KINDS.items() if name in wanted - dropped]


def _config(live: LiveState) -> dict[str, Any]:
    org = live.get("organization", "organization")
    details = {"name": org.body.get("name") if org else None, "id": live.org_id}
    return {"version": 1, "org": {k: v for k, v in details.items() if v}}


def export_org(
    reader: ApiReader,
    root: Path,
    include: Sequence[Selector] = (),
    exclude: Sequence[Selector] = (),
    *,
    queue_wrapup_codes: bool = False,
) -> ExportResult:
    """Read the selected kinds and write them under ``root`` (deterministic file content).

    The org itself is always read (one call) for cxgate.yaml's ``org`` block; an existing
    cxgate.yaml is kept as it is. Everything is read before anything is written, and the
    files change all together (swap.py): an error at any point leaves the bundle as it was.
    """
    check_folder(root)  # before any API call
    kinds = selected_kinds(include, exclude)
    to_read = [KINDS["organization"], *(k for k in kinds if k.name != "organization")]
    enrich: dict[str, None] = {"queue": None} if queue_wrapup_codes else {}
    live = read_live(reader, to_read, enrich)
    bodies = live_bodies(live, include, exclude)
    chosen = {k.name for k in kinds}
    objects = {kind: found for kind, found in bodies.items() if kind in chosen}
    config = None if (root / "cxgate.yaml").is_file() else _config(live)
    swapped = write_bundle(root, objects, config)
    counts = {kind: len(found) for kind, found in objects.items()}
    return ExportResult(root, tuple(swapped.written), counts, live.warnings, tuple(swapped.removed))
