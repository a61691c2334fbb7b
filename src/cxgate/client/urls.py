"""Which URLs may carry our credentials: the rules that keep the token where it belongs.

- Plain ``http://`` only to this machine (the local emulator) or through an injected
  transport: anywhere else the client secret and tokens would cross the network in clear.
- The bearer token goes to the API host only. A ``nextUri`` may be absolute, so absolute
  URLs are accepted when they point at that same scheme and host, and refused otherwise.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from cxgate.errors import ConfigError

if TYPE_CHECKING:
    from cxgate.settings import Settings

__all__ = ["api_target", "is_loopback", "require_safe_urls"]


def require_safe_urls(settings: Settings, *, injected: bool) -> None:
    """ConfigError for a plain-http URL to another machine (unless the transport is ours)."""
    for url in (settings.api_url, settings.login_url):
        parts = urlsplit(url)
        if parts.scheme == "http" and not injected and not is_loopback(parts.hostname or ""):
            raise ConfigError(
                f"{url} is plain http to another machine; the client secret and tokens would "
                "travel unencrypted. Use https, or 127.0.0.1 for the local emulator"
            )


def is_loopback(host: str) -> bool:
    """``localhost``, 127.0.0.0/8 or ``::1``."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def api_target(path: str, api_url: str) -> str:
    """``path`` if it is on the API host; ValueError before a token could go elsewhere."""
    if path.startswith("/") and not path.startswith("//"):  # "//host/x" names a host
        return path
    target, base = urlsplit(path), urlsplit(api_url)
    if (target.scheme, target.netloc) != (base.scheme, base.netloc):
        raise ValueError(
            f"refusing to send the bearer token to {target.scheme}://{target.netloc}; "
            f"API requests go to {api_url} only"
        )
    return path
