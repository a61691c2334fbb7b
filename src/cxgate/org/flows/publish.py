"""Publish one version of a flow and wait for the asynchronous Operation to end.

``POST /api/v2/flows/actions/publish?flow=&version=`` answers an ``Operation``; the flow's
``currentOperation`` says when it is done (``complete``) and whether it failed
(``actionStatus: FAILURE`` with ``errorMessage``) (genesys-api.md §5). After success the
flow is read back: its ``publishedVersion`` must be the version asked for.
"""

from __future__ import annotations

from typing import Any

from cxgate.client import GenesysClient
from cxgate.errors import JobFailedError, VerificationError
from cxgate.org.flows.lookup import FLOWS, LiveFlow

__all__ = ["PUBLISH", "publish_version"]

PUBLISH = "/api/v2/flows/actions/publish"


def publish_version(
    client: GenesysClient, flow: LiveFlow, version: str, *, deadline_s: float = 300.0
) -> dict[str, Any]:
    """Publish ``version`` of ``flow``; the flow as read back afterwards.

    JobFailedError carries Genesys' message when the Operation fails; VerificationError
    when it succeeded but another version is published (someone published in between).
    """
    client.post(PUBLISH, params={"flow": flow.id, "version": version})
    try:
        done: dict[str, Any] = client.wait_operation(f"{FLOWS}/{flow.id}", deadline_s=deadline_s)
    except JobFailedError as failed:
        raise JobFailedError(
            f"publishing version {version} of flow '{flow.name}'", failed.status, failed.messages
        ) from None
    published = (done.get("publishedVersion") or {}).get("id")
    if published != version:
        raise VerificationError(
            f"flow '{flow.name}': published version is {published}, not {version}, after the "
            "publish succeeded; someone else published meanwhile — run `cxgate flow versions` "
            "and decide"
        )
    return done
