"""Changes: what a plan would do to one object, field by field.

``Change`` carries everything apply needs and review wants: the action, the object's kind,
name and id, the field-level differences, the desired body (names, not ids), the concurrency
token pinned at plan time, and the risk assessed for it.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cxgate.bundle.yamlsrc import Path, path_text
from cxgate.resource.base import Token

__all__ = ["Action", "Assessment", "Change", "FieldChange", "Op", "Reason", "Risk"]


class Action(enum.StrEnum):
    """What happens to the object (flows will add ``publish``)."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


class Op(enum.StrEnum):
    """What happens to one field."""

    ADD = "add"
    REMOVE = "remove"
    MODIFY = "modify"


class Risk(enum.IntEnum):
    """How much a change can hurt a running contact center."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field that differs: where, how, and the values before and after."""

    path: Path
    op: Op
    old: Any = None
    new: Any = None

    @property
    def path_text(self) -> str:
        """The path as people write it: ``mediaSettings.call.serviceLevel.percentage``."""
        return path_text(self.path)

    def to_dict(self) -> dict[str, Any]:
        """The plan-file form."""
        return {
            "path": list(self.path),
            "pathText": self.path_text,
            "op": self.op.value,
            "old": self.old,
            "new": self.new,
        }


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a change carries a risk level; ``rule`` names the rule for filtering and docs."""

    level: Risk
    rule: str
    text: str


@dataclass(frozen=True, slots=True)
class Assessment:
    """The risk of one change and every reason for it; ``blocked`` needs ``--force``."""

    level: Risk = Risk.LOW
    reasons: tuple[Reason, ...] = ()
    blocked: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The plan-file form."""
        return {
            "level": self.level.name,
            "blocked": self.blocked,
            "reasons": [
                {"level": r.level.name, "rule": r.rule, "text": r.text} for r in self.reasons
            ],
        }


@dataclass(frozen=True, slots=True)
class Change:
    """One object's change; ``desired`` is the YAML-form body (None for deletes)."""

    action: Action
    kind: str
    name: str
    id: str | None = None
    fields: tuple[FieldChange, ...] = ()
    desired: Mapping[str, Any] | None = None
    token: Token | None = None
    renamed_from: str | None = None
    before: Mapping[str, Any] | None = None  # the live body a delete removes, for review
    risk: Assessment = field(default_factory=Assessment)

    @property
    def label(self) -> str:
        """``queue 'Sales'`` (with the old name for renames)."""
        old = f" (was '{self.renamed_from}')" if self.renamed_from else ""
        return f"{self.kind} '{self.name}'{old}"

    def reviewed_dict(self) -> dict[str, Any]:
        """The parts a reviewer approves: what the checksum covers (risk is derived)."""
        return {
            "action": self.action.value,
            "kind": self.kind,
            "name": self.name,
            "id": self.id,
            "renamedFrom": self.renamed_from,
            "fields": [f.to_dict() for f in self.fields],
            "desired": dict(self.desired) if self.desired is not None else None,
            "before": dict(self.before) if self.before is not None else None,
            "token": {"scheme": self.token.scheme, "value": self.token.value}
            if self.token
            else None,
        }

    def to_dict(self) -> dict[str, Any]:
        """The plan-file form: the reviewed parts plus the risk."""
        return {**self.reviewed_dict(), "risk": self.risk.to_dict()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Change:
        """Read back a plan-file change (risk included)."""
        token = data.get("token")
        risk = data.get("risk") or {}
        return cls(
            action=Action(data["action"]),
            kind=data["kind"],
            name=data["name"],
            id=data.get("id"),
            fields=tuple(
                FieldChange(tuple(f["path"]), Op(f["op"]), f.get("old"), f.get("new"))
                for f in data.get("fields", ())
            ),
            desired=data.get("desired"),
            token=Token(token["scheme"], token["value"]) if token else None,
            renamed_from=data.get("renamedFrom"),
            before=data.get("before"),
            risk=Assessment(
                Risk[risk.get("level", "LOW")],
                tuple(
                    Reason(Risk[r["level"]], r["rule"], r["text"]) for r in risk.get("reasons", ())
                ),
                bool(risk.get("blocked", False)),
            ),
        )
