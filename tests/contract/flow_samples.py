"""Sample requests for the emulator's Architect routes, for the contract tests.

Kept beside ``test_emulator.py`` so that file only gains a line per table: flow actions take
the flow in the ``flow`` query parameter, and job routes need jobs that exist.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from cxgate.emulator import Emulator
from cxgate.emulator.architect.jobs import new_job

__all__ = ["FLOW_SAMPLES", "flow_path_values", "flow_query"]

Sample = Callable[[httpx.Client, str], Any]
ACTIONS = "/api/v2/flows/actions"


def _main_ivr(client: httpx.Client) -> dict[str, Any]:
    found: dict[str, Any] = client.get("/api/v2/flows", params={"name": "Acme Main IVR"}).json()
    return dict(found["entities"][0])


def _edited(client: httpx.Client, path: str, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = client.get(path).json()
    return {**body, **changes}


def _checked_out(client: httpx.Client, path: str) -> None:
    """Check-in needs the caller to hold the lock: take it first."""
    client.post(f"{ACTIONS}/checkout", params={"flow": _main_ivr(client)["id"]})


FLOW_SAMPLES: dict[tuple[str, str], Sample] = {
    ("POST", "/api/v2/flows"): lambda c, p: {
        "name": "Contract Flow",
        "type": "INBOUNDCALL",
        "description": "made by the contract test",
    },
    ("PUT", "/api/v2/flows/{flowId}"): lambda c, p: _edited(c, p, description="x"),
    ("DELETE", "/api/v2/flows/{flowId}"): lambda c, p: None,
    ("POST", f"{ACTIONS}/checkout"): lambda c, p: None,
    ("POST", f"{ACTIONS}/checkin"): _checked_out,
    ("POST", f"{ACTIONS}/publish"): lambda c, p: None,
    ("POST", f"{ACTIONS}/revert"): lambda c, p: None,
    ("POST", f"{ACTIONS}/unlock"): lambda c, p: None,
    ("POST", f"{ACTIONS}/deactivate"): lambda c, p: None,
    ("POST", "/api/v2/flows/jobs"): lambda c, p: {"createStubs": False},
    ("POST", "/api/v2/flows/export/jobs"): lambda c, p: {
        "flows": [
            {"flow": {"id": _main_ivr(c)["id"], "version": "1.0"}, "exportType": "Yaml"},
            {"flow": {"name": "Acme Hold", "type": "INQUEUECALL"}, "fileName": "hold.yaml"},
        ]
    },
}


def flow_path_values(emulator: Emulator) -> dict[str, str]:
    """Path variables of the flow routes: a demo flow, its first version, two jobs."""
    store = emulator.store
    flow_id = next(f["id"] for f in store.table("flows").values() if f["name"] == "Acme Main IVR")
    with store.lock:
        imported = new_job(store, "import", "contract", 0.0, yaml=None)
        exported = new_job(store, "export", "contract", 0.0, requests=[], files=[])
    return {
        "flowId": flow_id,
        "versionId": "1.0",
        "jobId": imported["id"],
        "exportJobId": exported["id"],
    }


def flow_query(emulator: Emulator, template: str) -> dict[str, str]:
    """The ``flow`` query parameter every flow action requires."""
    if not template.startswith(ACTIONS):
        return {}
    flows = emulator.store.table("flows").values()
    return {"flow": next(f["id"] for f in flows if f["name"] == "Acme Main IVR")}
