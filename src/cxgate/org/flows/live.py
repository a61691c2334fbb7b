"""The org's flows as plan compares them: metadata for all, definitions for the bundle's.

One listing (``GET /api/v2/flows``, at the largest page size) gives every flow's metadata,
lock and version ids. The definitions of the flows the bundle declares come from **one**
export job for all of them (``POST /api/v2/flows/export/jobs`` with one entry per flow and
version; its download is a zip of their Archy files), rather than one job per flow.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from cxgate.bundle.flows import FlowKey
from cxgate.client.envelopes import ExportDone, JobStarted, checked
from cxgate.org.flows.export import EXPORT_JOBS, file_text
from cxgate.plan.orgflows import OrgFlows, flow_key, org_flow, shown_version
from cxgate.resource.flow import API_PATH

if TYPE_CHECKING:  # the client is imported by whoever makes one
    from cxgate.client import GenesysClient

__all__ = ["read_org_flows"]


def read_org_flows(
    client: GenesysClient, wanted: Iterable[FlowKey], *, deadline_s: float = 300.0
) -> OrgFlows:
    """Metadata of every flow; definitions of those in ``wanted`` (one export job)."""
    entities = client.list_all(API_PATH)
    keys = set(wanted)
    chosen = {flow_key(e): e for e in entities if flow_key(e) in keys}
    texts = _definitions(client, chosen, deadline_s) if chosen else {}
    flows = {key: org_flow(e, texts.get(key)) for key, e in chosen.items()}
    return OrgFlows(flows, frozenset(str(e["name"]) for e in entities))


def _definitions(
    client: GenesysClient, chosen: Mapping[FlowKey, Mapping[str, Any]], deadline_s: float
) -> dict[FlowKey, str]:
    """The Archy file of each chosen flow's published (else checked-in) version."""
    files = {key: f"{i}.yaml" for i, key in enumerate(chosen)}
    versions = {key: shown_version(entity) for key, entity in chosen.items()}
    entries = [
        {
            "flow": {"id": str(chosen[key]["id"]), "version": version},
            "fileName": files[key],
            "exportType": "Yaml",
        }
        for key, version in versions.items()
        if version is not None
    ]
    if not entries:
        return {}
    # Registering an export changes nothing in the org: safe to send again on a 502.
    started = client.post(EXPORT_JOBS, {"flows": entries}, idempotent=True)
    job = checked(JobStarted, started, method="POST", path=EXPORT_JOBS)
    path = f"{EXPORT_JOBS}/{job.id}"
    done = checked(
        ExportDone, client.wait_job(path, deadline_s=deadline_s), method="GET", path=path
    )
    content = client.download(done.downloadUrl)
    first = next(files[key] for key, version in versions.items() if version is not None)
    by_file = _unpack(content, first)
    return {key: by_file[name] for key, name in files.items() if name in by_file}


def _unpack(content: bytes, only: str) -> dict[str, str]:
    """File name → text: the zip's files, or the one file a single export downloads as."""
    if not zipfile.is_zipfile(io.BytesIO(content)):
        return {only: file_text(content)}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}
