"""The main job: run cxgate against the embedded emulator (grows with each issue).

For now it logs in with OAuth client credentials and lists the demo org's queues, page by
page, exactly as it would against a real org — only the transport is the in-process
emulator. (Plain httpx until the cxgate client lands.)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table

from cxgate.emulator import Emulator

API = "https://api.mypurecloud.com"
LOGIN = "https://login.mypurecloud.com/oauth/token"


def login(transport: httpx.BaseTransport) -> httpx.Client:
    """Client credentials: Basic header, form body, bearer token back."""
    with httpx.Client(transport=transport) as auth:
        grant = auth.post(LOGIN, data={"grant_type": "client_credentials"}, auth=("demo", "demo"))
    grant.raise_for_status()
    token = grant.json()["access_token"]
    return httpx.Client(
        transport=transport, base_url=API, headers={"Authorization": f"Bearer {token}"}
    )


def queues(client: httpx.Client) -> Iterator[dict[str, Any]]:
    """Every queue, following the page-number paging at the largest page size."""
    page, count = 1, 1
    while page <= count:
        response = client.get(
            "/api/v2/routing/queues", params={"pageSize": 500, "pageNumber": page}
        )
        response.raise_for_status()
        body = response.json()
        yield from body["entities"]
        page, count = page + 1, body["pageCount"]


def main() -> None:
    """List the demo org's queues."""
    console = Console(width=120)
    emulator = Emulator()
    with login(httpx.MockTransport(emulator)) as client:
        org = client.get("/api/v2/organizations/me").json()
        table = Table(title=f"{org['name']}: queues")
        for column in (
            "queue",
            "division",
            "skill evaluation",
            "bullseye rings",
            "after-call work",
        ):
            table.add_column(column, no_wrap=True)
        table.add_column("members", justify="right")
        for queue in queues(client):
            table.add_row(
                queue["name"],
                queue["division"]["name"],
                queue["skillEvaluationMethod"],
                str(len(queue.get("bullseye", {}).get("rings", []))),
                queue["acwSettings"]["wrapupPrompt"],
                str(queue["memberCount"]),
            )
    console.print(table)
    console.print(f"{table.row_count} queues. Calls made:")
    for record in emulator.requests:
        console.print(f"  {record.method} {record.path} → {record.status}")


if __name__ == "__main__":
    main()
