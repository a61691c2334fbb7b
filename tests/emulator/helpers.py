"""Shared helpers for emulator tests (import as ``from emulator.helpers import ...``)."""

from __future__ import annotations

import httpx

from cxgate.emulator import Emulator

__all__ = ["API", "LOGIN", "login"]

API = "https://api.mypurecloud.com"
LOGIN = "https://login.mypurecloud.com/oauth/token"


def login(
    emulator: Emulator, client_id: str = "cxgate-test", secret: str = "s3cret"
) -> httpx.Client:
    """A fresh httpx client carrying a bearer token from the emulator's token endpoint."""
    transport = httpx.MockTransport(emulator)
    with httpx.Client(transport=transport) as auth_client:
        response = auth_client.post(
            LOGIN, data={"grant_type": "client_credentials"}, auth=(client_id, secret)
        )
    assert response.status_code == 200, response.text
    token = response.json()["access_token"]
    return httpx.Client(
        transport=transport, base_url=API, headers={"Authorization": f"Bearer {token}"}
    )
