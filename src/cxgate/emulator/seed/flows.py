"""The demo org's Architect flows, with a publish history to list, switch and roll back.

The demo bundle's three flows are already published in the demo org, as they would be in
an org cxgate starts to manage: ``Acme Main IVR`` has version 1.0 (first published by the
admin; it sent support callers to Tier 2) and 2.0 (the bundle's file, published ten days
later by a colleague); ``Acme Hold`` and ``Acme After Hours`` have version 1.0. The
after-hours flow is the bundle's deliberately broken one: Architect published it, and
``flow check`` finds what is wrong (a transfer with nothing after its failure), which is why
cxgate refuses to deploy that file again until it is fixed.

Each version goes through the same import path as a deployed file, so the seed also writes
the dependency-tracking rows (which queues each version uses). The version files live in
``flow_files/``; a test keeps them equal to the demo bundle's files.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from cxgate.emulator.architect.importer import import_flow
from cxgate.emulator.architect.model import user_actor
from cxgate.emulator.model import entity_id
from cxgate.emulator.seed.base import SEED_TIME
from cxgate.emulator.store import FLOW_TABLES, Store
from cxgate.flow.graph import FlowGraph
from cxgate.flow.read.archy import parse_flow

__all__ = ["FLOW_FILES", "HISTORY", "seed_flows"]

FLOW_FILES = Path(__file__).parent / "flow_files"

# (file, days after SEED_TIME, who published it), oldest first.
HISTORY = (
    ("after-hours.v1.yaml", 8.0, "admin@acme-demo.example"),
    ("main-ivr.v1.yaml", 10.0, "admin@acme-demo.example"),
    ("in-queue.v1.yaml", 12.0, "admin@acme-demo.example"),
    ("main-ivr.v2.yaml", 20.0, "ana.lopez@acme-demo.example"),
)


def seed_flows(data: dict[str, Any]) -> None:
    """Publish the demo flows' history into ``data`` (a seed's store data)."""
    store = Store(data)
    for file, days, email in HISTORY:
        text, graph = _read(file)
        when = SEED_TIME + days * 86_400
        import_flow(store, text, user_actor(email), when, new_id=_flow_id, graph=graph)
    for table in FLOW_TABLES:
        data[table] = store.table(table)
    for flow in store.table("flows").values():
        flow.pop("currentOperation", None)  # no operation is running in a fresh org


@functools.cache
def _read(file: str) -> tuple[str, FlowGraph]:
    """A seed file's text and graph, read once per process (every demo org needs them)."""
    text = (FLOW_FILES / file).read_text(encoding="utf-8")
    return text, parse_flow(text, file)


def _flow_id(name: str) -> str:
    return entity_id("flow", name)
