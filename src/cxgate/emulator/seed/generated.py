"""Big synthetic orgs for benchmarks: thousands of queues, skills and wrap-up codes.

Names are numbered (``Queue 00042``) and everything else cycles through a few realistic
variants, so a generated org is as deterministic as the demo one and costs little to build.
"""

from __future__ import annotations

from typing import Any

from cxgate.emulator.model import (
    entity_id,
    language_entity,
    queue_entity,
    skill_entity,
    wrapup_code_entity,
)
from cxgate.emulator.seed.base import ADMIN_ID, base_org, seed_date

__all__ = ["generate_org"]

Entity = dict[str, Any]

_EVALUATIONS = ("ALL", "BEST", "NONE")
_PROMPTS = ("OPTIONAL", "MANDATORY", "AGENT_REQUESTED")
_CHANNELS = ("call", "chat", "email", "message", "callback")


def generate_org(
    *, queues: int = 1000, skills: int = 100, wrapupcodes: int = 50, languages: int = 6
) -> Entity:
    """Store data of an org with the given number of each kind (the ``generated:`` seed)."""
    data = base_org(name="Generated Org", short_name="generated")
    home = next(d for d in data["divisions"].values() if d["homeDivision"])
    for i in range(skills):
        skill = skill_entity(f"Skill {i:05d}", home, seed_date())
        data["skills"][skill["id"]] = skill
    for i in range(languages):
        language = language_entity(f"Language {i:03d}", seed_date())
        data["languages"][language["id"]] = language
    for i in range(wrapupcodes):
        code = wrapup_code_entity(f"Wrap-up {i:05d}", home, seed_date(), ADMIN_ID)
        data["wrapupcodes"][code["id"]] = code
    for i in range(queues):
        name = f"Queue {i:05d}"
        queue_id = entity_id("queue", name)
        data["queues"][queue_id] = queue_entity(
            queue_id,
            {"name": name, **_settings(i)},
            division=home,
            created=seed_date(i / 1000),
            by=ADMIN_ID,
            member_count=i % 40,
        )
    return data


def _settings(i: int) -> Entity:
    channel = _CHANNELS[i % len(_CHANNELS)]
    return {
        "description": f"Generated queue number {i}",
        "mediaSettings": {channel: {"serviceLevel": {"percentage": 0.8, "durationMs": 20_000}}},
        "skillEvaluationMethod": _EVALUATIONS[i % len(_EVALUATIONS)],
        "acwSettings": {"wrapupPrompt": _PROMPTS[i % len(_PROMPTS)]},
    }
