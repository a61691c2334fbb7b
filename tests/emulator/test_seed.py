"""Seed data: the demo org's variety, determinism, generated orgs, bad seeds."""

from __future__ import annotations

import pytest

from cxgate.emulator.seed import MAX_GENERATED, demo_org, generate_org, seed_data
from cxgate.errors import ConfigError


def test_demo_org_is_deterministic() -> None:
    """Two builds of the demo org are identical (ids and dates included)."""
    assert demo_org() == demo_org()


def test_demo_org_has_the_promised_size_and_variety() -> None:
    """A few dozen varied queues, skills, languages, ~15 wrap-up codes, two divisions."""
    org = demo_org()
    queues = list(org["queues"].values())
    assert len(queues) == 32
    assert (len(org["skills"]), len(org["languages"]), len(org["wrapupcodes"])) == (20, 6, 15)
    assert {q["skillEvaluationMethod"] for q in queues} == {"ALL", "BEST", "NONE"}
    assert {q["acwSettings"]["wrapupPrompt"] for q in queues} == {
        "OPTIONAL", "MANDATORY", "MANDATORY_TIMEOUT", "MANDATORY_FORCED_TIMEOUT", "AGENT_REQUESTED",
    }  # fmt: skip
    assert sum("bullseye" in q for q in queues) >= 8
    assert sum(bool(q["routingRules"]) for q in queues) >= 3
    assert {q["division"]["name"] for q in queues} == {"Home", "Outsourced Partners"}
    assert len({q["name"].casefold() for q in queues}) == len(queues)


def test_bullseye_rings_point_at_real_skills() -> None:
    """Skills removed by bullseye rings exist in the org."""
    org = demo_org()
    skill_ids = set(org["skills"])
    removed = [
        s["id"]
        for q in org["queues"].values()
        for ring in q.get("bullseye", {}).get("rings", [])
        for s in ring["actions"]["skillsToRemove"]
    ]
    assert removed
    assert set(removed) <= skill_ids


@pytest.mark.parametrize(
    ("seed", "queues", "skills", "codes"),
    [
        ("empty", 0, 0, 0),
        ("generated", 1000, 100, 50),
        ("generated:queues=12,skills=3,wrapupcodes=0", 12, 3, 0),
    ],
)
def test_seed_names(seed: str, queues: int, skills: int, codes: int) -> None:
    """empty and generated seeds have the asked-for number of objects."""
    data = seed_data(seed)
    assert (len(data["queues"]), len(data["skills"]), len(data["wrapupcodes"])) == (
        queues,
        skills,
        codes,
    )
    assert data["organization"]["version"] == 7


def test_generated_org_names_are_unique_and_stable() -> None:
    """Generated names are numbered and ids repeat across builds."""
    first, second = generate_org(queues=50), generate_org(queues=50)
    assert list(first["queues"]) == list(second["queues"])
    assert len({q["name"] for q in first["queues"].values()}) == 50


@pytest.mark.parametrize("seed", ["demo2", "generated:queues=many", "generated:users=3"])
def test_bad_seed_names_say_what_is_accepted(seed: str) -> None:
    """Unknown seeds and bad generated items raise ConfigError naming the fix."""
    with pytest.raises(ConfigError, match="queues=N"):
        seed_data(seed)


def test_generated_orgs_are_capped() -> None:
    """A huge count is refused at once with the cap, instead of eating the machine's memory."""
    with pytest.raises(ConfigError, match=r"queues=10000000 is more than the 50,000"):
        seed_data("generated:queues=10000000")
    with pytest.raises(ConfigError, match=f"use at most skills={MAX_GENERATED}"):
        seed_data(f"generated:queues=1,skills={MAX_GENERATED + 1}")
