"""What every emulated org has, even an empty one: itself, divisions, limits, products.

Dates are fixed (the seed is a snapshot taken at ``SEED_TIME``) and ids are uuid5 of names,
so two runs produce byte-identical listings.
"""

from __future__ import annotations

from typing import Any

from cxgate.emulator.model import entity_id, self_uri
from cxgate.emulator.wire import iso_ms

__all__ = ["ADMIN_ID", "SEED_TIME", "base_org", "seed_date"]

# 2025-01-06T09:00:00Z: when the demo org's objects were "made".
SEED_TIME = 1_736_154_000.0
ADMIN_ID = entity_id("user", "admin@acme-demo.example")

Entity = dict[str, Any]


def seed_date(days: float = 0.0) -> str:
    """A fixed timestamp ``days`` after ``SEED_TIME``."""
    return iso_ms(SEED_TIME + days * 86_400)


def _organization(name: str, short_name: str) -> Entity:
    org_id = entity_id("organization", short_name)
    return {
        "id": org_id,
        "name": name,
        "defaultLanguage": "en-us",
        "defaultCountryCode": "US",
        "thirdPartyOrgName": short_name,
        "thirdPartyURI": f"https://{short_name}.example.com",
        "domain": short_name,
        "features": {
            "realtimeCIC": False,
            "purecloud": True,
            "hipaa": False,
            "ucEnabled": True,
            "pci": True,
            "purecloudVoice": True,
            "xmppFederation": False,
            "chat": True,
            "informalPhotos": True,
            "directory": True,
            "contactCenter": True,
            "unifiedCommunications": True,
            "custserv": True,
        },
        "version": 7,
        "state": "active",
        "defaultSiteId": entity_id("site", "Acme HQ"),
        "supportURI": f"https://support.{short_name}.example.com",
        "voicemailEnabled": True,
        "productPlatform": "GenesysCloud",
        "selfUri": self_uri("organization", org_id),
    }


def _division(name: str, description: str, home: bool) -> Entity:
    division_id = entity_id("division", name)
    return {
        "id": division_id,
        "name": name,
        "description": description,
        "homeDivision": home,
        "selfUri": self_uri("divisions", division_id),
    }


# Effective limits per namespace. The platform.api keys and values are the documented
# defaults (genesys-api.md §2: 300 per client-credentials token per minute, 3000 per org
# app user, 512000 request bytes); the other namespaces' keys are modelled on the Limits
# documentation's naming and are not exact copies.
_LIMITS: dict[str, dict[str, int]] = {
    "platform.api": {
        "client.credentials.token.rate.per.minute": 300,
        "token.rate.per.minute": 300,
        "org.app.user.rate.per.minute": 3000,
        "request.bytes.max": 512_000,
    },
    "routing": {
        "queues.max": 10_000,
        "skills.max": 10_000,
        "wrapup.codes.max": 5_000,
        "queue.wrapup.codes.max": 1_000,
        "bullseye.rings.max": 6,
    },
    # skills/skill.count.max and skills/language.count.max: the keys a public Genesys admin
    # toolkit reads for these counts (UNCONFIRMED against Genesys documentation).
    "skills": {"skill.count.max": 10_000, "language.count.max": 500},
    "architect": {"flows.max": 10_000, "flow.versions.max": 1_000, "prompts.max": 5_000},
    "audit": {"query.rate.per.minute": 60, "query.interval.days.max": 30},
    "notifications": {"channels.max": 20, "channel.topics.max": 1_000},
}

_PRODUCTS = (
    "genesysCloudCX3",
    "workforceEngagementManagement",
    "speechAndTextAnalytics",
    "predictiveEngagement",
    "virtualAgent",
)


def base_org(name: str = "Acme Contact Center (demo)", short_name: str = "acme-demo") -> Entity:
    """The store data of an org with nothing configured yet (the ``empty`` seed)."""
    divisions = [
        _division("Home", "The default division", home=True),
        _division("Outsourced Partners", "Queues run by partner BPOs", home=False),
    ]
    defaults = {ns: dict(keys) for ns, keys in _LIMITS.items()}
    effective = {ns: dict(keys) for ns, keys in _LIMITS.items()}
    effective["routing"]["queues.max"] = 15_000  # raised by a support case: differs
    return {
        "organization": _organization(name, short_name),
        "divisions": {d["id"]: d for d in divisions},
        "limits": effective,
        "limitDefaults": defaults,
        "products": {p: {"id": p} for p in _PRODUCTS},
        "queues": {},
        "skills": {},
        "languages": {},
        "wrapupcodes": {},
    }
