"""Publish an older flow version again by the documented path: as a new version, a copy.

The SDK documents ``POST /api/v2/flows/actions/publish?flow=&version=`` but not that it
republishes an older version in place; the Resource Center's way back is to open the old
version, export it, import it and publish (genesys-api.md §5). So cxgate exports the
version's Archy file (``POST /api/v2/flows/export/jobs`` with ``{flows: [{flow: {id,
version}}]}``), imports it through the import job ``flow deploy`` uses (which makes a new
version and publishes it) and reads the flow back: the new version's content is the old
one's, its number is the next one (v7.0, a copy of v3.0).
"""

from __future__ import annotations

from typing import Any

from cxgate.client import GenesysClient
from cxgate.errors import VerificationError
from cxgate.org.flows.export import export_version
from cxgate.org.flows.importjob import import_flow
from cxgate.org.flows.lookup import LiveFlow

__all__ = ["restore_copy"]


def restore_copy(
    client: GenesysClient,
    flow: LiveFlow,
    version: str,
    *,
    text: str | None = None,
    deadline_s: float = 900.0,
) -> dict[str, Any]:
    """Publish the content of ``version`` as a new version; the flow as read afterwards.

    ``text`` is the version's file when the caller exported it already (``--check``).
    JobFailedError carries the import job's messages (the old version may use something
    deleted since); VerificationError when another flow came back.
    """
    text = (
        text
        if text is not None
        else export_version(client, flow.id, version, deadline_s=deadline_s)
    )
    label = f"flow '{flow.name}' (a copy of v{version})"
    entity, _job = import_flow(client, text, label, deadline_s=deadline_s)
    if str(entity.get("id")) != flow.id:
        raise VerificationError(
            f"{label}: the import published flow {entity.get('id')}, not {flow.id}; the "
            "exported file names another flow — check `cxgate flow versions`"
        )
    return entity
