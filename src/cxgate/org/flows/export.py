"""The Archy YAML of one flow version, through an export job.

``POST /api/v2/flows/export/jobs`` with ``{flows: [{flow: {id, version}, exportType:
Yaml}]}``, poll ``GET …/export/jobs/{jobId}`` until Success, then GET its ``downloadUrl``
(presigned: no bearer token goes there). One flow downloads as its YAML file; a zip is
unpacked in case a server zips even a single file (genesys-api.md §5).
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

from cxgate.client.envelopes import JobStarted, checked
from cxgate.errors import JobFailedError

if TYPE_CHECKING:  # the client is imported by whoever makes one
    from cxgate.client import GenesysClient

__all__ = ["EXPORT_JOBS", "export_version", "file_text"]

EXPORT_JOBS = "/api/v2/flows/export/jobs"
_ZIP_MAGIC = b"PK\x03\x04"


def export_version(
    client: GenesysClient, flow_id: str, version: str, *, deadline_s: float = 300.0
) -> str:
    """The Archy file of ``version`` of the flow ``flow_id``."""
    body = {"flows": [{"flow": {"id": flow_id, "version": version}, "exportType": "Yaml"}]}
    job = checked(
        JobStarted, client.post(EXPORT_JOBS, body, idempotent=True), method="POST", path=EXPORT_JOBS
    )
    done = client.wait_job(f"{EXPORT_JOBS}/{job.id}", deadline_s=deadline_s)
    url = done.get("downloadUrl")
    if not url:
        raise JobFailedError(
            f"export of flow {flow_id} version {version}", "Success", ["no downloadUrl"]
        )
    return file_text(client.download(str(url)))


def file_text(content: bytes) -> str:
    """The YAML text of a download: the file itself, or the first YAML file in a zip."""
    if content.startswith(_ZIP_MAGIC):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = [n for n in archive.namelist() if n.endswith((".yaml", ".yml"))]
            content = archive.read(names[0]) if names else b""
    return content.decode("utf-8-sig")
