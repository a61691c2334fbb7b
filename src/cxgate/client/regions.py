"""The Genesys Cloud regions and their API and login hosts.

Source: ``PureCloudPlatformClientV2/purecloud_region_hosts.py`` (SDK 269.0.0, enum
``PureCloudRegionHosts``). The login host follows the SDK rule in ``api_client.get_conf_url``:
replace ``//api.`` with ``//login.`` in the API base URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cxgate.errors import ConfigError

__all__ = ["REGIONS", "Region", "api_base", "login_base", "login_base_for", "resolve_region"]


@dataclass(frozen=True, slots=True)
class Region:
    """One Genesys Cloud region: its SDK id (``us_east_1``) and its API host."""

    id: str
    api_host: str

    @property
    def api_base(self) -> str:
        return f"https://{self.api_host}"

    @property
    def login_base(self) -> str:
        return login_base_for(self.api_base)


_HOSTS = {
    "us_east_1": "api.mypurecloud.com",
    "us_east_2": "api.use2.us-gov-pure.cloud",
    "us_west_2": "api.usw2.pure.cloud",
    "ca_central_1": "api.cac1.pure.cloud",
    "sa_east_1": "api.sae1.pure.cloud",
    "mx_central_1": "api.mxc1.pure.cloud",
    "eu_west_1": "api.mypurecloud.ie",
    "eu_west_2": "api.euw2.pure.cloud",
    "eu_central_1": "api.mypurecloud.de",
    "eu_central_2": "api.euc2.pure.cloud",
    "eusc_de_east_1": "api.edee1.eusc-pure.cloud",
    "me_central_1": "api.mec1.pure.cloud",
    "ap_south_1": "api.aps1.pure.cloud",
    "ap_northeast_1": "api.mypurecloud.jp",
    "ap_northeast_2": "api.apne2.pure.cloud",
    "ap_northeast_3": "api.apne3.pure.cloud",
    "ap_southeast_1": "api.apse1.pure.cloud",
    "ap_southeast_2": "api.mypurecloud.com.au",
}

REGIONS: dict[str, Region] = {rid: Region(rid, host) for rid, host in _HOSTS.items()}
"""Every region, keyed by the SDK id (underscores)."""

_API_HOSTS = frozenset(_HOSTS.values())


def resolve_region(name: str) -> Region:
    """The region for ``us_east_1`` or ``us-east-1`` (any case); ConfigError lists them all."""
    key = name.strip().lower().replace("-", "_")
    if key in REGIONS:
        return REGIONS[key]
    valid = ", ".join(rid.replace("_", "-") for rid in REGIONS)
    raise ConfigError(f"unknown Genesys Cloud region {name!r}; use one of: {valid}")


def api_base(region: str) -> str:
    """``https://api.<domain>`` for a region name in either spelling."""
    return resolve_region(region).api_base


def login_base(region: str) -> str:
    """``https://login.<domain>``: where the region's OAuth token endpoint lives."""
    return resolve_region(region).login_base


def login_base_for(api_url: str) -> str:
    """The login base URL that goes with an API base URL.

    A real region's API host maps to its login host (the SDK's ``//api.`` → ``//login.``
    rule); any other host (the emulator, a proxy) serves ``/oauth/token`` itself.
    """
    match = re.match(r"^(https?)://([^/:]+)(.*)$", api_url)
    if match and match.group(2).lower() in _API_HOSTS:
        return f"{match.group(1)}://login.{match.group(2)[len('api.') :]}{match.group(3)}"
    return api_url
