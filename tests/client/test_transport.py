"""The metered transport seam: path templates for metrics."""

from __future__ import annotations

import pytest

from cxgate.client import path_template


@pytest.mark.parametrize(
    ("path", "template"),
    [
        ("/api/v2/routing/queues", "/api/v2/routing/queues"),
        (
            "/api/v2/routing/queues/3F1E2D4C-1111-4222-8333-444455556666/members",
            "/api/v2/routing/queues/{id}/members",
        ),
        ("/api/v2/flows/jobs/123456", "/api/v2/flows/jobs/{id}"),
        (
            "/api/v2/audits/query/0123456789abcdef01234567/results",
            "/api/v2/audits/query/{id}/results",
        ),
        ("/api/v2/organizations/features/chat", "/api/v2/organizations/features/chat"),
        ("/api/v2/flows/actions/publish", "/api/v2/flows/actions/publish"),
    ],
)
def test_path_template(path: str, template: str) -> None:
    """Ids (UUIDs, numbers, long hex) become {id}; names stay."""
    assert path_template(path) == template
