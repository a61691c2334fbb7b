"""Fixtures for the resource tests: the SDK as the schema oracle (shared with tests/contract)."""

from __future__ import annotations

import pytest

from tests.contract.sdk import Sdk, load_sdk


@pytest.fixture(scope="session")
def sdk() -> Sdk:
    """The installed PureCloudPlatformClientV2, read once per session."""
    return load_sdk()
