"""The presigned URLs Architect jobs hand out: upload a flow file, download an export.

In the real service these are object-storage URLs on another host, signed in the query, and
no bearer token goes there. The emulator serves them itself under ``/presigned/`` (outside
``/api/v2``, so not part of the API contract): no token and no rate limit, but the signature
and, for uploads, the signed headers must match exactly. The app routes every ``/presigned/``
call here instead of to the API routes.
"""

from __future__ import annotations

from cxgate.emulator.architect.exports import download
from cxgate.emulator.architect.jobs import PRESIGNED, check_signature, job_record, upload
from cxgate.emulator.router import ApiRequest, RouteGroup
from cxgate.emulator.wire import Reply, ReplyError

__all__ = ["PREFIX", "routes"]

PREFIX = "/presigned/"
routes = RouteGroup()


@routes.put(f"{PRESIGNED}/import/{{jobId}}")
def put_flow_file(request: ApiRequest) -> Reply:
    """Receive the Archy file of an import job; the job starts."""
    job = job_record(request.store, request.params["jobId"], "import")
    check_signature(job, request.query_value("X-Amz-Signature"))
    upload(job, request.call.headers, request.call.body, request.now)
    return Reply(200)


@routes.get(f"{PRESIGNED}/export/{{jobId}}")
def get_export_file(request: ApiRequest) -> Reply:
    """The exported file (or zip) of a finished export job."""
    job = job_record(request.store, request.params["jobId"], "export")
    check_signature(job, request.query_value("X-Amz-Signature"))
    if job["status"] != "Success":
        raise ReplyError(404, "NoSuchKey", "The export has not been written yet.")
    content, content_type = download(job)
    return Reply(200, None, (("Content-Type", content_type),), content)
