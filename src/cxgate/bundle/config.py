"""``cxgate.yaml``: which org, its environments and variables, the change policy, deletes.

::

    version: 1
    org: {name: Acme, region: us_east_1}
    vars: {prefix: ""}
    environments:
      prod: {vars: {prefix: ""}, org: {region: eu_west_1}}
    policy: {timezone: Europe/Paris, freeze: [...], thresholds: {...}, cooldown: {...}}
    delete: {queue: [Old Sales]}
    state: postgresql://cxgate@db.example.com/cxgate   # shared state for teams (else .cxgate/)
    webhooks:
      ci: {url: https://ci.example.com/hooks/cxgate, secretEnv: CXGATE_CI_WEBHOOK_SECRET,
           events: [deployment.succeeded, deployment.failed]}
"""

from __future__ import annotations

import re
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator

from cxgate.bundle.policy import Policy
from cxgate.flow.check.policy import FlowPolicy
from cxgate.resource.base import BundleModel
from cxgate.resource.registry import KINDS

__all__ = [
    "WEBHOOK_EVENTS",
    "BundleConfig",
    "BundlePolicy",
    "EnvironmentConfig",
    "OrgConfig",
    "WebhookConfig",
]

# The events a webhook endpoint may ask for (the payload schema's ``type`` values).
WEBHOOK_EVENTS = (
    "deployment.started",
    "deployment.succeeded",
    "deployment.failed",
    "deployment.rolled_back",
    "conflict.detected",
    "flow.version_switched",
    "policy.overridden",
    "audit.verify_failed",
    "wfm.export",
    "ping",
)
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LOOPBACK = ("localhost", "127.0.0.1", "::1", "[::1]")


class OrgConfig(BundleModel):
    """Which org the bundle describes; credentials never live here (see the client settings)."""

    name: str | None = None
    region: str | None = None
    id: str | None = None


class EnvironmentConfig(BundleModel):
    """One ``--env``: its variables and, if it differs, its org."""

    vars: dict[str, Any] = Field(default_factory=dict)
    org: OrgConfig | None = None


class BundlePolicy(Policy):
    """``policy:``, with the flow rules beside the general ones (``policy.flows``)."""

    flows: FlowPolicy = Field(default_factory=FlowPolicy)


class WebhookConfig(BundleModel):
    """One webhook endpoint: where, which events, and the environment variable holding its
    signing secret (the secret itself never sits in the file)."""

    url: str
    secret_env: str = Field(description="Name of the environment variable with the secret.")
    events: list[str] = Field(default_factory=lambda: ["*"])

    @field_validator("url")
    @classmethod
    def _https(cls, value: str) -> str:
        parts = urlsplit(value)
        loopback = parts.scheme == "http" and parts.hostname in _LOOPBACK
        if not parts.hostname or not (parts.scheme == "https" or loopback):
            raise ValueError(
                f"'{value}' is not an https:// URL (plain http is only for a loopback receiver)"
            )
        if parts.password or parts.username:
            raise ValueError("a webhook URL must not carry credentials (use secretEnv)")
        return value

    @field_validator("secret_env")
    @classmethod
    def _env_name(cls, value: str) -> str:
        if not _ENV_NAME.match(value):
            raise ValueError(
                f"secretEnv names an environment variable (e.g. CXGATE_CI_WEBHOOK_SECRET), "
                f"not the secret itself: '{value[:3]}…' is not a variable name"
            )
        return value

    @field_validator("events")
    @classmethod
    def _known_events(cls, value: list[str]) -> list[str]:
        unknown = [e for e in value if e != "*" and e not in WEBHOOK_EVENTS]
        if unknown:
            raise ValueError(
                f"unknown event(s) {', '.join(unknown)}; known: *, {', '.join(WEBHOOK_EVENTS)}"
            )
        return value

    def wants(self, event: str) -> bool:
        """True when this endpoint subscribed to ``event`` (pings always go)."""
        return event == "ping" or "*" in self.events or event in self.events


class BundleConfig(BundleModel):
    """The whole of cxgate.yaml."""

    version: Literal[1] = 1
    org: OrgConfig = Field(default_factory=OrgConfig)
    vars: dict[str, Any] = Field(default_factory=dict)
    environments: dict[str, EnvironmentConfig] = Field(default_factory=dict)
    policy: BundlePolicy = Field(default_factory=BundlePolicy)
    delete: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Objects to delete although cxgate did not create them, by kind and name.",
    )
    state: str | None = Field(
        default=None,
        description="Where the state lives: a postgresql:// URL without password (shared by "
        "the team), or a directory relative to the bundle. --state and $CXGATE_STATE_URL win.",
    )
    webhooks: dict[str, WebhookConfig] = Field(
        default_factory=dict,
        description="Webhook endpoints by name: url, secretEnv, events (see README Records).",
    )

    @field_validator("delete")
    @classmethod
    def _deletable_kinds(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for kind in value:
            if kind not in KINDS or not KINDS[kind].deletable:
                names = ", ".join(k.name for k in KINDS.values() if k.deletable)
                raise ValueError(f"'{kind}' objects cannot be deleted here (kinds: {names})")
        return value

    @field_validator("state")
    @classmethod
    def _no_password(cls, value: str | None) -> str | None:
        if value and "://" in value and urlsplit(value).password:
            raise ValueError(
                "a state URL in cxgate.yaml must not hold a password (it is committed): "
                "remove it and use PGPASSWORD or ~/.pgpass"
            )
        return value

    def variables(self, env: str | None) -> dict[str, Any]:
        """The bundle's variables overlaid with the environment's."""
        chosen = self.environments.get(env) if env else None
        return {**self.vars, **(chosen.vars if chosen else {})}

    def org_for(self, env: str | None) -> OrgConfig:
        """The org settings for an environment (the environment's own, else the bundle's)."""
        chosen = self.environments.get(env) if env else None
        return chosen.org if chosen and chosen.org else self.org
