"""Architect import and export jobs: ``/api/v2/flows/jobs`` and ``/api/v2/flows/export/jobs``.

Registering answers at once; the work happens as the job is polled
(``emulator/architect/jobs.py``). The presigned upload and download URLs are served by
``routes/presigned.py`` on the same host, without a bearer token.
"""

from __future__ import annotations

import ipaddress

from cxgate.emulator.architect.jobs import (
    job_record,
    progress,
    register_export,
    register_import,
    state_of,
)
from cxgate.emulator.router import ApiRequest, RouteGroup
from cxgate.emulator.routes.common import ok
from cxgate.emulator.schema import strict_object
from cxgate.emulator.wire import Reply

__all__ = ["base_url", "routes"]

routes = RouteGroup()


def base_url(request: ApiRequest) -> str:
    """The scheme and host the caller used, for URLs it can follow back to us (plain http
    only to this machine, as the emulator is served there)."""
    host = request.call.header("host") or "api.mypurecloud.com"
    name = host.rsplit(":", 1)[0].strip("[]") if host.count(":") <= 1 else host.strip("[]")
    try:
        loopback = name == "localhost" or ipaddress.ip_address(name).is_loopback
    except ValueError:
        loopback = False
    return f"{'http' if loopback else 'https'}://{host}"


@routes.post("/api/v2/flows/jobs")
def register_import_job(request: ApiRequest) -> Reply:
    """Register an import job (body RegisterArchitectJobRequest, optional)."""
    strict_object(request.json_body(), "RegisterArchitectJobRequest", ("createStubs",))
    return ok(register_import(request.store, request.caller, request.now, base_url(request)))


@routes.get("/api/v2/flows/jobs/{jobId}")
def get_import_job(request: ApiRequest) -> Reply:
    """The job's state; ``expand=messages`` adds what went wrong."""
    job = job_record(request.store, request.params["jobId"], "import")
    progress(request.store, job, request.now)
    expand = "messages" in request.query_values("expand")
    return ok(state_of(job, expand=expand, base=base_url(request)))


@routes.post("/api/v2/flows/export/jobs")
def register_export_job(request: ApiRequest) -> Reply:
    """Register an export job (body RegisterArchitectExportJob)."""
    job = register_export(request.store, request.caller, request.json_body(), request.now)
    return ok(job)


@routes.get("/api/v2/flows/export/jobs/{jobId}")
def get_export_job(request: ApiRequest) -> Reply:
    """The job's state; ``downloadUrl`` once it succeeded."""
    job = job_record(request.store, request.params["jobId"], "export")
    progress(request.store, job, request.now)
    expand = "messages" in request.query_values("expand")
    return ok(state_of(job, expand=expand, base=base_url(request)))
