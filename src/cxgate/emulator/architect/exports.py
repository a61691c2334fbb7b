"""Export jobs: which flow versions were asked for, and the files a download gives back.

The request body is RegisterArchitectExportJob ``{flows: [{flow: {id | name + type,
version?}, fileName?, exportType: Architect | Yaml}]}`` (WHL ``models/export_details.py``,
``architect_flow_reference.py``). Without a version, the published one is exported (else the
latest checked-in one). Yaml gives back exactly the Archy file the version was made from;
Architect gives the version's configuration as JSON. One flow downloads as its file; several
as a zip, as Archy's export does.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import yaml

from cxgate.emulator.architect.importer import job_message
from cxgate.emulator.architect.model import version_key, versions_of
from cxgate.emulator.schema import strict_object
from cxgate.emulator.store import Store
from cxgate.emulator.wire import bad_request

__all__ = ["configuration", "download", "export_requests", "run_export"]

Entity = dict[str, Any]

_EXPORT_TYPES = ("Architect", "Yaml")
_ZIP_TIME = (2025, 1, 6, 9, 0, 0)  # fixed, so the same export gives the same bytes


def export_requests(body: Any) -> list[Entity]:
    """The flows asked for, normalised; 400 naming the field otherwise."""
    items = strict_object(body, "RegisterArchitectExportJob", ("flows",)).get("flows")
    if not isinstance(items, list) or not items:
        raise bad_request("flows must list at least one flow to export.", "flows")
    return [_request(item, i) for i, item in enumerate(items)]


def _request(item: Any, index: int) -> Entity:
    where = f"flows[{index}]"
    item = strict_object(item, "ExportDetails", ("flow", "fileName", "exportType"))
    ref = item.get("flow")
    if isinstance(ref, dict):
        strict_object(ref, "ArchitectFlowReference", ("id", "name", "type", "version"))
    if not isinstance(ref, dict) or not (ref.get("id") or (ref.get("name") and ref.get("type"))):
        raise bad_request(f"{where}.flow needs an id, or a name and a type.", f"{where}.flow")
    export_type = item.get("exportType") or "Yaml"
    if export_type not in _EXPORT_TYPES:
        raise bad_request(
            f"Value [{export_type}] is not valid for field [exportType]. "
            f"Allowable values are: {', '.join(_EXPORT_TYPES)}",
            f"{where}.exportType",
            code="invalid.value",
        )
    return {
        "id": ref.get("id") or "",
        "name": ref.get("name") or "",
        "type": str(ref.get("type") or "").upper(),
        "version": ref.get("version") or "",
        "fileName": item.get("fileName") or "",
        "exportType": export_type,
    }


def run_export(store: Store, job: Entity, now: float) -> None:
    """Fill the job's files, or fail it naming each flow it could not export."""
    files: list[Entity] = []
    errors: list[str] = []
    for request in job["requests"]:
        found = _find(store, request)
        if isinstance(found, str):
            errors.append(found)
            continue
        flow, record = found
        files.append(_file(store, flow, record, request))
    if errors:
        job.update(status="Failure", messages=[job_message(text, now) for text in errors])
    else:
        job.update(status="Success", files=files)


def _find(store: Store, request: Entity) -> tuple[Entity, Entity] | str:
    flows = store.table("flows")
    flow = flows.get(request["id"]) if request["id"] else None
    if flow is None and not request["id"]:
        wanted = request["name"].casefold()
        flow = next(
            (
                f
                for f in flows.values()
                if f["name"].casefold() == wanted and f["type"] == request["type"]
            ),
            None,
        )
    if flow is None:
        return f"Unable to find flow {request['id'] or request['name']!r} to export."
    version = request["version"] or _default_version(store, flow)
    record = store.table("flow_versions").get(version_key(flow["id"], version))
    if record is None:
        return f"Flow '{flow['name']}' has no version {version or '(none)'} to export."
    return flow, record


def _default_version(store: Store, flow: Entity) -> str:
    for slot in ("publishedVersion", "checkedInVersion"):
        if flow.get(slot):
            return str(flow[slot]["id"])
    checked_in = [r for r in versions_of(store, flow["id"]) if r["version"]["type"] != "SAVE"]
    return str(checked_in[-1]["version"]["id"]) if checked_in else ""


def _file(store: Store, flow: Entity, record: Entity, request: Entity) -> Entity:
    version = record["version"]["id"]
    stem = f"{flow['name'].replace(' ', '_')}_v{version.replace('.', '-')}"
    if request["exportType"] == "Yaml":
        name, content = f"{stem}.yaml", record["yaml"]
    else:
        name = f"{stem}.json"
        content = json.dumps(configuration(flow, record), indent=2)
    return {"fileName": request["fileName"] or name, "content": content}


def configuration(flow: Entity, record: Entity) -> Entity:
    """A version's configuration object (``…/versions/{versionId}/configuration``).

    The real one is Architect's internal JSON, which the SDK types only as ``object``; the
    emulator gives the flow file's content as JSON, with the flow's identity beside it.
    """
    try:
        definition = yaml.safe_load(record["yaml"])
    except yaml.YAMLError:
        definition = None
    return {
        "id": flow["id"],
        "name": flow["name"],
        "type": flow["type"],
        "version": record["version"]["id"],
        "definition": definition,
    }


def download(job: Entity) -> tuple[bytes, str]:
    """The export's bytes and content type: the one file, or a zip of them all."""
    files = job["files"]
    if len(files) == 1:
        kind = "application/json" if files[0]["fileName"].endswith(".json") else "text/yaml"
        return files[0]["content"].encode("utf-8"), kind
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in files:
            archive.writestr(zipfile.ZipInfo(item["fileName"], _ZIP_TIME), item["content"])
    return buffer.getvalue(), "application/zip"
