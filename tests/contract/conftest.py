"""The SDK, parsed once per test session."""

from __future__ import annotations

import pytest

from tests.contract.sdk import Sdk, load_sdk


@pytest.fixture(scope="session")
def sdk() -> Sdk:
    """The installed PureCloudPlatformClientV2, read as a schema oracle."""
    return load_sdk()
