"""One Architect import job: register, upload the Archy file, wait, read the flow back.

``POST /api/v2/flows/jobs`` → ``{id, presignedUrl, headers}``; PUT the file to that URL with
exactly those headers; poll ``GET /api/v2/flows/jobs/{id}?expand=messages`` until Success or
Failure (genesys-api.md §5). The job creates the flow if needed, makes a new version and
publishes it. Used by ``flow deploy`` and to publish a copy of an older version (restore.py).
"""

from __future__ import annotations

from typing import Any

from cxgate.client import GenesysClient
from cxgate.client.envelopes import ImportDone, ImportJob, checked
from cxgate.errors import JobFailedError
from cxgate.org.flows.lookup import FLOWS

__all__ = ["IMPORT_JOBS", "import_flow"]

IMPORT_JOBS = "/api/v2/flows/jobs"


def import_flow(
    client: GenesysClient, text: str, label: str, *, deadline_s: float = 900.0
) -> tuple[dict[str, Any], str]:
    """Run one import job for an Archy file; the flow as read afterwards, and the job id.

    The job creates the flow if needed, makes a new version and publishes it. Its answers
    are shape-checked (``client.envelopes``) before anything is read from them.
    """
    started = client.post(IMPORT_JOBS, {}, idempotent=True)  # an unused job is harmless
    job = checked(ImportJob, started, method="POST", path=IMPORT_JOBS)
    client.upload(job.presignedUrl, text.encode("utf-8"), job.headers)
    try:
        done = client.wait_job(f"{IMPORT_JOBS}/{job.id}", deadline_s=deadline_s)
    except JobFailedError as failed:
        what = f"import job {job.id} for {label}"
        raise JobFailedError(what, failed.status, failed.messages) from None
    made = checked(ImportDone, done, method="GET", path=f"{IMPORT_JOBS}/{job.id}")
    flow: dict[str, Any] = client.get(f"{FLOWS}/{made.flow.id}")
    return flow, job.id
