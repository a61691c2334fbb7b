"""Architect import and export jobs, and the presigned URLs they hand out.

Import (genesys-api.md §5): ``POST /api/v2/flows/jobs`` → ``{id, presignedUrl, headers}``;
the client PUTs the Archy file there with exactly those headers; ``GET
/api/v2/flows/jobs/{jobId}`` then reads Registered → Started → Success | Failure. Export:
``POST /api/v2/flows/export/jobs`` → ``{id, status, totalFlows}``; the GET gains a
``downloadUrl`` when it succeeds (the YAML of one flow, a zip of several).

The presigned URLs point at this emulator (``/presigned/…`` on the same host, outside
``/api/v2``): no bearer token, a signature in the query, the upload's headers checked like
S3 checks a signed request. A job moves one status per read, or per ``JOB_SECONDS``.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Mapping
from typing import Any

from cxgate.emulator.architect.exports import export_requests, run_export
from cxgate.emulator.architect.importer import ImportFailedError, job_message, run_import
from cxgate.emulator.store import Store
from cxgate.emulator.wire import ReplyError, not_found

__all__ = [
    "JOB_SECONDS",
    "UPLOAD_HEADERS",
    "check_signature",
    "job_record",
    "progress",
    "register_export",
    "register_import",
    "state_of",
    "upload",
]

Entity = dict[str, Any]

JOB_SECONDS = 2.0
_JOB_IDS = uuid.UUID("0b1c4a52-3f0e-4b7d-9a55-8a3c2f6d1e90")
PRESIGNED = "/presigned/architect"
# What a client must send with the upload (an S3 presigned PUT signs these headers).
UPLOAD_HEADERS = {
    "Content-Type": "application/octet-stream",
    "x-amz-server-side-encryption": "AES256",
}


def job_record(store: Store, job_id: str, kind: str) -> Entity:
    """The job of this kind, or the API's 404."""
    job = store.table("flow_jobs").get(job_id)
    if job is None or job["kind"] != kind:
        raise not_found(f"Unable to find an Architect {kind} job with id {job_id}")
    return job


def new_job(store: Store, kind: str, caller: str, now: float, **extra: Any) -> Entity:
    """Store a Registered job with a fresh signature for its presigned URL."""
    # Ids count up (uuid5 of the kind and the number of jobs so far): the same run gives the
    # same ids, so faults drawn per path repeat exactly.
    number = len(store.table("flow_jobs"))
    job: Entity = {
        "id": str(uuid.uuid5(_JOB_IDS, f"{kind}:{number}")),
        "kind": kind,
        "caller": caller,
        "created": now,
        "status": "Registered",
        "reads": 0,
        "since": now,
        "signature": secrets.token_hex(16),
        "messages": [],
        **extra,
    }
    store.table("flow_jobs")[job["id"]] = job
    return job


def presigned_url(base: str, job: Entity) -> str:
    """Where the job's file goes (import) or comes from (export)."""
    return f"{base}{PRESIGNED}/{job['kind']}/{job['id']}?X-Amz-Signature={job['signature']}"


def register_import(store: Store, caller: str, now: float, base: str) -> Entity:
    """A RegisterArchitectJobResponse for a new import job."""
    job = new_job(store, "import", caller, now, yaml=None)
    return {
        "id": job["id"],
        "presignedUrl": presigned_url(base, job),
        "headers": dict(UPLOAD_HEADERS),
        "selfUri": f"/api/v2/flows/jobs/{job['id']}",
    }


def register_export(store: Store, caller: str, body: Any, now: float) -> Entity:
    """A RegisterArchitectExportJobResponse; 400 for a body the API would refuse."""
    requests = export_requests(body)
    job = new_job(store, "export", caller, now, requests=requests, files=[])
    return {
        "id": job["id"],
        "status": job["status"],
        "totalFlows": len(requests),
        "selfUri": f"/api/v2/flows/export/jobs/{job['id']}",
    }


def check_signature(job: Entity, signature: str | None) -> None:
    """403 like S3 when the URL's signature is not the job's."""
    if signature != job["signature"]:
        raise ReplyError(
            403,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided.",
        )


def upload(job: Entity, headers: Mapping[str, str], body: bytes, now: float) -> None:
    """Accept the job's file; 403 when a signed header is missing or differs; the same file
    again is accepted (a retried PUT), another one is 409."""
    for name, value in UPLOAD_HEADERS.items():
        if headers.get(name.lower()) != value:
            raise ReplyError(
                403,
                "SignatureDoesNotMatch",
                f"Header '{name}' must be sent exactly as the job returned it ('{value}').",
            )
    text = body.decode("utf-8", errors="replace")
    if job["status"] != "Registered":
        if job.get("yaml") == text:
            return  # the same object written again (a retried PUT): storage keeps one copy
        raise ReplyError(
            409, "ConflictingOperation", "A different file was already uploaded for this job."
        )
    job.update(yaml=text, status="Started", reads=0, since=now)


def progress(store: Store, job: Entity, now: float) -> None:
    """Move a job on by one read (or by clock time); run it when its turn comes."""
    if job["status"] in ("Success", "Failure") or (
        job["kind"] == "import" and job["status"] == "Registered"
    ):
        return
    job["reads"] += 1
    due = job["reads"] >= 2 or now - job["since"] >= JOB_SECONDS
    if job["status"] == "Registered":
        job.update(status="Started", since=now)
    elif due:
        _run(store, job, now)


def _run(store: Store, job: Entity, now: float) -> None:
    if job["kind"] == "import":
        try:
            flow = run_import(store, job, now)
        except ImportFailedError as failed:
            job["messages"] = [job_message(text, now) for text in failed.messages]
            job["status"] = "Failure"
            return
        job["flowId"] = flow["id"]
        job["status"] = "Success"
        return
    run_export(store, job, now)


def state_of(job: Entity, *, expand: bool, base: str) -> Entity:
    """The job as ``GET …/jobs/{jobId}`` answers it (``messages`` only when expanded)."""
    prefix = "/api/v2/flows/jobs" if job["kind"] == "import" else "/api/v2/flows/export/jobs"
    state: Entity = {"id": job["id"], "status": job["status"]}
    if job["kind"] == "import":
        state["command"] = "Publish"
        if job.get("flowId"):
            state["flow"] = {"id": job["flowId"], "selfUri": f"/api/v2/flows/{job['flowId']}"}
    else:
        state["command"] = "Export"
        if job["status"] == "Success":
            state["downloadUrl"] = presigned_url(base, job)
    if expand:
        state["messages"] = job["messages"]
    state["selfUri"] = f"{prefix}/{job['id']}"
    return state
