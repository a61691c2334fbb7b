"""What an import job does with the uploaded Archy file: read, check, create or update, publish.

``POST /api/v2/flows/jobs`` registers a job; the client PUTs an Archy YAML file to the
presigned URL it returned; the job then publishes the flow (genesys-api.md §5). The emulator
reads the file with cxgate's own parser and fails the job, with messages shaped like
Archy's, when the file is not valid YAML or not a flow, is structurally broken (references
to menus or tasks that do not exist, no start), names queues or other stored objects the org
does not have, or targets a flow locked by another user or client. Otherwise it creates the
flow if needed, makes a new version, publishes it and records what the version consumes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from cxgate.emulator.architect import locks
from cxgate.emulator.architect.dependencies import missing_refs, write_row
from cxgate.emulator.architect.lifecycle import publish_now
from cxgate.emulator.architect.model import Actor, client_actor, flow_entity, new_version
from cxgate.emulator.architect.operations import finished_operation
from cxgate.emulator.store import Store
from cxgate.emulator.wire import iso_ms
from cxgate.flow.check.run import check
from cxgate.flow.graph import FlowGraph
from cxgate.flow.read.archy import parse_flow
from cxgate.flow.read.source import FlowFileError
from cxgate.resource.flowkinds import kind_for_archy

__all__ = ["FATAL_RULES", "ImportFailedError", "import_flow", "job_message", "run_import"]

Entity = dict[str, Any]

# Findings Architect itself refuses at publish: the flow cannot be built at all.
FATAL_RULES = frozenset(
    {
        "ref-unresolved", "ref-wrong-kind", "ref-missing", "ref-duplicate-id", "start-missing",
        "substitution-unset", "container-malformed", "action-malformed", "choice-malformed",
    }
)  # fmt: skip
_FILE = "flow.yaml"


class ImportFailedError(Exception):
    """The job fails with these Archy-style messages."""

    def __init__(self, *messages: str) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def run_import(store: Store, job: Entity, now: float) -> Entity:
    """Publish an import job's uploaded file as its caller; the flow. Raises
    ImportFailedError with the job's messages."""
    return import_flow(store, job.get("yaml") or "", client_actor(job["caller"]), now)


def import_flow(
    store: Store,
    text: str,
    actor: Actor,
    now: float,
    *,
    new_id: Callable[[str], str] = lambda _name: str(uuid.uuid4()),
    graph: FlowGraph | None = None,
) -> Entity:
    """Create or update the flow the file describes, make a version and publish it.

    ``new_id(name)`` names a flow created here (seeds pass stable ids); ``graph`` is the
    file already read and checked (seeds cache it)."""
    graph = graph or _read(text)
    kind = kind_for_archy(graph.kind)
    _refuse_unresolved(store, graph)
    flow = _find_or_create(store, graph, kind.api_type, new_id)
    if locks.locked_by_other(flow, actor):
        holder = locks.holder(flow)
        assert holder is not None
        raise ImportFailedError(
            f"Flow '{flow['name']}' ({kind.api_type}) is locked by {holder.label}. "
            "Unlock it (forceUnlock) or ask them to check it in, then publish again."
        )
    if graph.description:
        flow["description"] = graph.description
    record = new_version(store, flow, text, actor, now, kind="PUBLISH")
    version_id = record["version"]["id"]
    flow["checkedInVersion"] = {"id": version_id}
    flow.pop("savedVersion", None)
    write_row(store, flow, version_id, graph.external_refs, published=False)
    error = publish_now(store, flow, version_id, actor, now)
    if error:
        raise ImportFailedError(error)
    locks.release(flow)
    flow["currentOperation"] = finished_operation("PUBLISH", actor)
    return flow


def _read(text: str) -> FlowGraph:
    if not text.strip():
        raise ImportFailedError("No flow file was uploaded for this job.")
    try:
        graph = parse_flow(text, _FILE)
    except FlowFileError as exc:
        where = f" at line {exc.line}" if exc.line else ""
        raise ImportFailedError(f"Unable to read the flow file{where}: {exc.problem}.") from None
    if not graph.name:
        raise ImportFailedError(f"The {graph.kind} flow file has no 'name'.")
    fatal = [f for f in check(graph) if f.rule in FATAL_RULES]
    if fatal:
        raise ImportFailedError(*(f"Validation error at line {f.line}: {f.message}" for f in fatal))
    return graph


def _refuse_unresolved(store: Store, graph: FlowGraph) -> None:
    missing = missing_refs(store, graph.external_refs)
    division = graph.division
    if division and store.find_by_name("divisions", division) is None:
        missing.insert(0, next(r for r in graph.external_refs if r.kind == "division"))
    if missing:
        raise ImportFailedError(
            *(
                f"Unable to find a {ref.kind} named '{ref.name}' (line {ref.line})."
                for ref in missing
            )
        )


def _find_or_create(
    store: Store, graph: FlowGraph, api_type: str, new_id: Callable[[str], str]
) -> Entity:
    wanted = graph.name.casefold()
    for flow in store.table("flows").values():
        if flow["type"] == api_type and flow["name"].casefold() == wanted:
            return flow
    division = store.find_by_name("divisions", graph.division) if graph.division else None
    if division is None:
        division = next(d for d in store.table("divisions").values() if d.get("homeDivision"))
    flow = flow_entity(new_id(graph.name), graph.name, api_type, division, graph.description)
    store.table("flows")[flow["id"]] = flow
    return flow


def job_message(text: str, now: float, kind: str = "Error") -> Entity:
    """One ArchitectJobMessage (WHL ``models/architect_job_message.py``)."""
    return {"dateTime": iso_ms(now), "type": kind, "text": text}
