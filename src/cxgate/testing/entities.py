"""Synthetic orgs shaped exactly like API responses, for tests and benchmarks.

Deterministic for a given size and seed: ids are derived from names, so two runs (and the
bundle written from one) agree. ``StaticReader`` serves them through the ``ApiReader``
protocol and counts the calls it answers.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["HOME", "StaticReader", "synth_entities", "synth_id"]

_NS = uuid.UUID("6f1c1f5e-8a53-4c1e-9d0a-3b7c2f0e4a11")
_DATE = "2025-01-15T10:00:00.000Z"


def synth_id(kind: str, name: str) -> str:
    """A stable uuid for ``kind`` object ``name``."""
    return str(uuid.uuid5(_NS, f"{kind}/{name}"))


HOME = {"id": synth_id("division", "Home"), "name": "Home"}


def _division() -> dict[str, Any]:
    return {**HOME, "selfUri": f"/api/v2/authorization/divisions/{HOME['id']}"}


def _named(kind: str, path: str, name: str, **extra: Any) -> dict[str, Any]:
    object_id = synth_id(kind, name)
    return {"id": object_id, "name": name, "selfUri": f"{path}/{object_id}", **extra}


def _media(rng: random.Random, timeout: int, percent: float, duration: int) -> dict[str, Any]:
    return {
        "enableAutoAnswer": rng.random() < 0.1,
        "alertingTimeoutSeconds": timeout,
        "serviceLevel": {"percentage": percent, "durationMs": duration},
    }


def _queue(rng: random.Random, index: int, skills: list[dict[str, Any]]) -> dict[str, Any]:
    name = f"Queue {index:05d}"
    ring_skills = rng.sample(skills, k=min(2, len(skills)))
    return _named(
        "queue",
        "/api/v2/routing/queues",
        name,
        description=f"Synthetic queue {index}",
        division=_division(),
        dateCreated=_DATE,
        dateModified=_DATE,
        modifiedBy="synth",
        createdBy="synth",
        memberCount=rng.randint(0, 60),
        userMemberCount=0,
        joinedMemberCount=0,
        mediaSettings={
            "call": _media(rng, rng.choice([8, 10, 15]), 0.8, 20_000),
            "callback": {**_media(rng, 30, 0.8, 20_000), "mode": "AgentFirst"},
            "chat": _media(rng, 30, 0.8, 20_000),
            "email": _media(rng, 300, 0.8, 86_400_000),
            "message": _media(rng, 30, 0.8, 20_000),
        },
        routingRules=[{"operator": "MEETS_THRESHOLD", "threshold": 9, "waitSeconds": 300.0}],
        bullseye={
            "rings": [
                {
                    "expansionCriteria": [{"type": "TIMEOUT_SECONDS", "threshold": 15.0}],
                    "actions": {"skillsToRemove": [{"id": s["id"], "name": s["name"]}]},
                }
                for s in ring_skills
            ]
        },
        scoringMethod="TimestampAndPriority",
        lastAgentRoutingMode="QueueMembersOnly",
        acwSettings={"wrapupPrompt": "MANDATORY_TIMEOUT", "timeoutMs": 300_000},
        skillEvaluationMethod=rng.choice(["BEST", "ALL"]),
        autoAnswerOnly=True,
        enableTranscription=False,
        enableAudioMonitoring=False,
        enableManualAssignment=False,
        suppressInQueueCallRecording=True,
    )


def synth_entities(
    queues: int = 20, skills: int = 10, wrapup_codes: int = 5, languages: int = 3, seed: int = 0
) -> dict[str, list[dict[str, Any]]]:
    """An org as API entities per kind name (what each kind's ``read`` would return)."""
    rng = random.Random(seed)
    skill_list = [
        _named(
            "skill",
            "/api/v2/routing/skills",
            f"Skill {i:04d}",
            division=_division(),
            state="active",
            version="1",
            dateModified=_DATE,
        )
        for i in range(skills)
    ]
    return {
        "organization": [_org()],
        "feature": [{"name": n, "enabled": True} for n in ("chat", "contactCenter")],
        "skill": skill_list,
        "language": [
            _named(
                "language",
                "/api/v2/routing/languages",
                f"Language {i:02d}",
                state="active",
                version="1",
                dateModified=_DATE,
            )
            for i in range(languages)
        ],
        "wrapup_code": [
            _named(
                "wrapup_code",
                "/api/v2/routing/wrapupcodes",
                f"Code {i:04d}",
                division=_division(),
                description="",
                dateCreated=_DATE,
                dateModified=_DATE,
            )
            for i in range(wrapup_codes)
        ],
        "queue": [_queue(rng, i, skill_list) for i in range(queues)],
    }


def _org() -> dict[str, Any]:
    return {
        "id": synth_id("organization", "me"),
        "name": "Synthetic Org",
        "defaultLanguage": "en-us",
        "defaultCountryCode": "US",
        "thirdPartyOrgName": "synthetic",
        "domain": "synthetic",
        "version": 7,
        "state": "active",
        "features": {"chat": True, "contactCenter": True, "notAPatchableFeature": True},
        "voicemailEnabled": True,
        "productPlatform": "GenesysCloud",
        "selfUri": "/api/v2/organizations/me",
    }


@dataclass
class StaticReader:
    """An ``ApiReader`` over fixed data: ``path → entity`` for GET, ``path → list`` for lists.

    A GET answer may be a function of the query parameters (``params → answer``).
    """

    gets: Mapping[str, Any] = field(default_factory=dict)
    lists: Mapping[str, list[dict[str, Any]]] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)

    def get(self, path: str, *, params: Mapping[str, Any] | None = None) -> Any:
        self.calls.append(f"GET {path}" + (f" {sorted(params.items())}" if params else ""))
        answer = self.gets[path]
        return answer(params or {}) if callable(answer) else answer

    def list_all(
        self, path: str, params: Mapping[str, Any] | None = None, *, page_size: int | None = None
    ) -> list[dict[str, Any]]:
        self.calls.append(f"LIST {path}")
        return list(self.lists.get(path, []))
