"""Is a flow file what the org already publishes? Then deploying it again changes nothing.

A deploy always made a new version, so re-running ``flow deploy`` on an unchanged file (a CI
job on every merge) piled up identical versions and moved the flow's publish date. Before
uploading, the published version is exported (one export job, genesys-api.md §5) and both
are compared in the normal form plan uses (``flow.bundle.normal_definition``: YAML 1.2
scalars, sorted keys, no comments), so formatting alone never counts as a change.
"""

from __future__ import annotations

from cxgate.bundle.flows import normal_definition
from cxgate.client import GenesysClient
from cxgate.org.flows.export import export_version
from cxgate.org.flows.lookup import LiveFlow

__all__ = ["published_matches"]


def published_matches(client: GenesysClient, live: LiveFlow, text: str, deadline_s: float) -> bool:
    """True when ``live`` has a published version whose content is ``text``'s."""
    if live.published is None:
        return False
    published = export_version(client, live.id, live.published, deadline_s=deadline_s)
    where = f"{live.name} v{live.published} (org)"
    return normal_definition(published, where) == normal_definition(text, live.name)
