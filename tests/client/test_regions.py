"""Regions: the SDK's 18 hosts, both spellings, login hosts, clear errors."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from cxgate.client.regions import REGIONS, api_base, login_base, login_base_for, resolve_region
from cxgate.errors import ConfigError


def sdk_region_hosts() -> dict[str, str]:
    """The SDK's region enum, loaded alone (importing the whole SDK takes seconds)."""
    spec = importlib.util.find_spec("PureCloudPlatformClientV2")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover
        pytest.skip("PureCloudPlatformClientV2 is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "purecloud_region_hosts.py"
    module_spec = importlib.util.spec_from_file_location("sdk_region_hosts", path)
    assert module_spec is not None
    assert module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return {member.name: member.value for member in module.PureCloudRegionHosts}


def test_all_sdk_regions_are_known() -> None:
    """Every region of the SDK's PureCloudRegionHosts enum is in the table, same host."""
    sdk = sdk_region_hosts()
    assert len(REGIONS) == 18
    assert {rid: region.api_base for rid, region in REGIONS.items()} == sdk


@pytest.mark.parametrize("name", ["us_east_1", "us-east-1", "US-EAST-1", " us-east-1 "])
def test_both_spellings_resolve(name: str) -> None:
    """Underscores or dashes, any case, surrounding spaces: the same region."""
    assert resolve_region(name).id == "us_east_1"


@pytest.mark.parametrize(
    ("region", "api", "login"),
    [
        ("eu-west-1", "https://api.mypurecloud.ie", "https://login.mypurecloud.ie"),
        ("ap_southeast_2", "https://api.mypurecloud.com.au", "https://login.mypurecloud.com.au"),
        ("us-east-2", "https://api.use2.us-gov-pure.cloud", "https://login.use2.us-gov-pure.cloud"),
        (
            "eusc-de-east-1",
            "https://api.edee1.eusc-pure.cloud",
            "https://login.edee1.eusc-pure.cloud",
        ),
    ],
)
def test_api_and_login_hosts(region: str, api: str, login: str) -> None:
    """The login host is the API host with api. replaced by login. (the SDK rule)."""
    assert api_base(region) == api
    assert login_base(region) == login


@pytest.mark.parametrize("name", ["us-east-3", "", "mypurecloud.com"])
def test_unknown_region_lists_valid_ones(name: str) -> None:
    """An unknown region is a ConfigError that names the region and lists the valid ones."""
    with pytest.raises(ConfigError, match="unknown Genesys Cloud region") as info:
        resolve_region(name)
    assert "eu-west-1" in str(info.value)
    assert "ap-southeast-2" in str(info.value)


@pytest.mark.parametrize(
    ("api", "login"),
    [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("https://emulator.local", "https://emulator.local"),
        ("https://api.mypurecloud.de", "https://login.mypurecloud.de"),
        ("https://api.example.com", "https://api.example.com"),
        ("not a url", "not a url"),
    ],
)
def test_login_for_explicit_url(api: str, login: str) -> None:
    """A real region's API host maps to its login host; anything else serves tokens itself."""
    assert login_base_for(api) == login
