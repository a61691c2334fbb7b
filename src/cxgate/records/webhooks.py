"""Webhook endpoints as configured (``webhooks:`` in cxgate.yaml) with their secrets resolved.

The secret comes from the environment variable the config names, at the moment it is needed;
an endpoint whose variable is unset is never sent to unsigned (its events wait, and
``webhooks status`` says why).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from cxgate.bundle.config import BundleConfig, WebhookConfig

__all__ = ["Endpoint", "endpoints_of"]


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One receiver: name (the outbox's key), URL, its secret's variable, its events."""

    name: str
    url: str
    secret_env: str
    events: tuple[str, ...] = ("*",)
    secret: str | None = None

    def wants(self, event: str) -> bool:
        return event == "ping" or "*" in self.events or event in self.events

    @property
    def problem(self) -> str:
        """Why nothing can be sent ('' when all is set)."""
        return "" if self.secret else f"${self.secret_env} (its signing secret) is not set"


def endpoints_of(
    config: BundleConfig | Mapping[str, WebhookConfig] | None,
    env: Mapping[str, str] | None = None,
) -> dict[str, Endpoint]:
    """The configured endpoints by name, secrets read from ``env`` (default: the process's)."""
    if config is None:
        return {}
    hooks = config.webhooks if isinstance(config, BundleConfig) else config
    environ = os.environ if env is None else env
    return {
        name: Endpoint(
            name,
            hook.url,
            hook.secret_env,
            tuple(hook.events),
            environ.get(hook.secret_env) or None,
        )
        for name, hook in sorted(hooks.items())
    }
