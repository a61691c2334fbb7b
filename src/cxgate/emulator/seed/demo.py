"""The demo org: a mid-size contact center with the variety real queues have.

Thirty-two queues across voice, callback, chat, email and messaging, with different service
levels, skill evaluation (ALL/BEST/NONE), bullseye rings, preferred-agent rules, after-call
work modes and scoring; twenty skills, six languages, fifteen wrap-up codes, two divisions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cxgate.emulator.model import (
    entity_id,
    language_entity,
    queue_entity,
    self_uri,
    skill_entity,
    wrapup_code_entity,
)
from cxgate.emulator.observations import seeded_observations
from cxgate.emulator.seed.base import ADMIN_ID, base_org, seed_date
from cxgate.emulator.seed.dependencies import demo_dependency_tables
from cxgate.emulator.seed.flows import seed_flows

__all__ = ["demo_org"]

Entity = dict[str, Any]

SKILLS = (
    "Billing", "Collections", "Claims", "Fraud", "Internet", "Mobile", "TV", "Hardware",
    "Returns", "Retention", "Sales", "Enterprise", "VIP", "Tier 2", "Escalations", "Chat",
    "Email", "Social", "Spanish", "French",
)  # fmt: skip

LANGUAGES = ("English", "Spanish", "French", "German", "Portuguese", "Dutch")

WRAPUP_CODES = (
    ("Resolved", "Customer issue fully resolved on first contact"),
    ("Escalated", "Handed to tier 2 or a supervisor"),
    ("Callback Scheduled", None),
    ("Sale Completed", "Order placed during the interaction"),
    ("No Sale", None),
    ("Wrong Number", None),
    ("Customer Disconnected", None),
    ("Transferred", "Sent to another queue"),
    ("Follow-up Required", "Case stays open; owner must follow up"),
    ("Complaint Logged", None),
    ("Information Provided", None),
    ("Payment Taken", "PCI: payment captured by secure flow"),
    ("Technical Issue", None),
    ("Account Updated", None),
    ("Voicemail Left", None),
)


@dataclass(frozen=True, slots=True)
class _Q:
    """One demo queue: its name and what makes it different from the defaults."""

    name: str
    description: str = ""
    channel: str = "call"
    service_level: tuple[float, int] = (0.8, 20)
    evaluation: str = "ALL"
    acw: tuple[str, int | None] = ("OPTIONAL", None)
    rings: tuple[tuple[int, tuple[str, ...]], ...] = ()
    preferred_agent: bool = False
    members: int = 10
    division: str = "Home"
    extra: dict[str, Any] = field(default_factory=dict)


QUEUES = (
    _Q("Sales - New Business", "Inbound sales for new customers", evaluation="BEST",
       rings=((10, ("VIP",)), (20, ("Sales",)), (30, ())), members=24),
    _Q("Sales - Renewals", "Contract renewals", evaluation="BEST", service_level=(0.9, 30),
       rings=((15, ("Retention",)), (30, ())), members=12),
    _Q("Sales - Outbound", "Callback-driven outbound sales", channel="callback", members=8,
       extra={"lastAgentRoutingMode": "QueueMembersOnly"}),
    _Q("Support - Tier 1", "General support front line", members=48,
       acw=("MANDATORY_TIMEOUT", 30_000)),
    _Q("Support - Tier 2", "Escalated technical support", evaluation="BEST", members=16,
       rings=((30, ("Tier 2",)), (60, ())), acw=("MANDATORY", None)),
    _Q("Support - Internet", evaluation="BEST", rings=((20, ("Internet",)), (45, ())), members=30),
    _Q("Support - Mobile", evaluation="BEST", rings=((20, ("Mobile",)), (45, ())), members=26),
    _Q("Support - TV", members=14, service_level=(0.7, 30)),
    _Q("Support - Hardware", "Device faults and replacements", members=9,
       acw=("MANDATORY_FORCED_TIMEOUT", 60_000)),
    _Q("Billing", "Invoices, payments and plan changes", members=22, preferred_agent=True),
    _Q("Billing - Disputes", members=6, evaluation="NONE", acw=("MANDATORY", None)),
    _Q("Collections", "Overdue accounts", members=7, extra={"scoringMethod": "PriorityOnly"}),
    _Q("Claims", "Insurance and warranty claims", channel="email", members=11,
       service_level=(0.9, 14_400)),
    _Q("Fraud Prevention", "Suspicious activity; PCI scope", members=5, evaluation="NONE",
       acw=("MANDATORY", None), extra={"enableAudioMonitoring": True}),
    _Q("Retention", "Save desk", members=10, evaluation="BEST", preferred_agent=True,
       rings=((5, ("Retention",)), (15, ()))),
    _Q("Cancellations", members=6, acw=("AGENT_REQUESTED", None)),
    _Q("VIP Care", "Top-tier customers, answered fast", members=4, service_level=(0.95, 10),
       extra={"lastAgentRoutingMode": "AnyAgent", "scoringMethod": "PriorityOnly"}),
    _Q("Enterprise Support", members=8, evaluation="BEST", rings=((60, ("Enterprise",)),)),
    _Q("Escalations", "Supervisor-handled escalations", members=3, acw=("MANDATORY", None)),
    _Q("Returns & Warranty", channel="message", members=12),
    _Q("Order Status", channel="chat", members=15, service_level=(0.8, 60)),
    _Q("Onboarding", "New customer setup help", members=9, preferred_agent=True),
    _Q("Spanish Support", "Soporte en español", members=11, evaluation="BEST",
       rings=((30, ("Spanish",)),), extra={"defaultMediaLanguage": "Spanish"}),
    _Q("French Support", "Support en français", members=5,
       extra={"defaultMediaLanguage": "French"}),
    _Q("Chat Support", channel="chat", members=18, service_level=(0.85, 45)),
    _Q("Email Support", channel="email", members=10, service_level=(0.9, 86_400)),
    _Q("Social Media", "Public replies and DMs", channel="message", members=4),
    _Q("Callbacks", "Customer-requested callbacks", channel="callback", members=10),
    _Q("After Hours", members=3, service_level=(0.6, 60), extra={"enableTranscription": True}),
    _Q("Partner Desk", "Overflow handled by partner BPO", members=20,
       division="Outsourced Partners"),
    _Q("Back Office", channel="email", members=6, division="Outsourced Partners",
       service_level=(0.9, 172_800)),
    _Q("Password Reset", members=0, extra={"autoAnswerOnly": True}),
)  # fmt: skip


def _settings(q: _Q) -> Entity:
    percentage, seconds = q.service_level
    channel: Entity = {"serviceLevel": {"percentage": percentage, "durationMs": seconds * 1000}}
    if q.channel == "callback":
        channel.update({"mode": "CustomerFirst", "enableAutoDialAndEnd": True})
    settings: Entity = {
        "name": q.name,
        "mediaSettings": {q.channel: channel},
        "skillEvaluationMethod": q.evaluation,
        "acwSettings": _acw(*q.acw),
        **q.extra,
    }
    if q.description:
        settings["description"] = q.description
    if q.rings:
        settings["bullseye"] = {"rings": [_ring(t, s) for t, s in q.rings]}
    if q.preferred_agent:
        settings["routingRules"] = [
            {"operator": "MEETS_THRESHOLD", "threshold": 9, "waitSeconds": 5.0},
            {"operator": "ANY", "threshold": 0, "waitSeconds": 15.0},
        ]
    return settings


def _acw(prompt: str, timeout_ms: int | None) -> Entity:
    return (
        {"wrapupPrompt": prompt, "timeoutMs": timeout_ms}
        if timeout_ms
        else {"wrapupPrompt": prompt}
    )


def _ring(threshold: int, remove: tuple[str, ...]) -> Entity:
    skills = [
        {
            "name": s,
            "id": entity_id("skill", s),
            "selfUri": self_uri("skills", entity_id("skill", s)),
        }
        for s in remove
    ]
    return {
        "expansionCriteria": [{"type": "TIMEOUT_SECONDS", "threshold": float(threshold)}],
        "actions": {"skillsToRemove": skills},
    }


def demo_org() -> Entity:
    """The demo org's store data."""
    data = base_org()
    divisions = {d["name"]: d for d in data["divisions"].values()}
    home = divisions["Home"]
    for i, name in enumerate(SKILLS):
        skill = skill_entity(name, home, seed_date(i * 0.5))
        data["skills"][skill["id"]] = skill
    for i, name in enumerate(LANGUAGES):
        language = language_entity(name, seed_date(i))
        data["languages"][language["id"]] = language
    for i, (name, description) in enumerate(WRAPUP_CODES):
        code = wrapup_code_entity(name, home, seed_date(2 + i * 0.25), ADMIN_ID, description)
        data["wrapupcodes"][code["id"]] = code
    for i, q in enumerate(QUEUES):
        queue_id = entity_id("queue", q.name)
        data["queues"][queue_id] = queue_entity(
            queue_id,
            _settings(q),
            division=divisions[q.division],
            created=seed_date(5 + i),
            by=ADMIN_ID,
            member_count=q.members,
        )
    channels = {entity_id("queue", q.name): q.channel for q in QUEUES}
    data["queue_observations"] = seeded_observations(data["queues"], channels)
    seed_flows(data)
    for table, rows in demo_dependency_tables().items():
        data[table] = data.get(table) or rows  # rows from seeded flows, if any, come first
    return data
