"""Trace scenario files: journeys of simulated callers and what each one must experience.

```yaml
flow: ../main-ivr.yaml          # optional: the flow these journeys exercise (relative path)
journeys:
  - name: VIP caller reaches sales
    inputs: [1, no_input, {speech: billing}, {digits: "1234#"}, {choose: Sales}]
    outcomes: {Look up account: failure, decision: [yes, no]}   # pin outputs per visit
    variables: {Flow.isVip: true}                                # feed simple conditions
    schedule: open                                               # open|closed|holiday|emergency
    note: written by --explore when a pinned case has no fitting input   # informational
    expect:
      visits: [Main Menu, Sales]   # in this order, other steps may come between
      avoids: [Apology]
      ends: transfer               # disconnect|transfer|return|dead_end|menu_exhausted|…
      transfer_to: Sales           # queue or flow name (or queue:Sales)
      hears: [Welcome]             # text the caller hears (substring, any case)
```
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import pydantic
import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from cxgate.errors import BundleError, Problem, ValidationError
from cxgate.flow.read.source import read_flow_text
from cxgate.flow.read.yamltree import child, compose, line_of, plain, sequence
from cxgate.flow.trace.machine import OutcomeKind

__all__ = ["CallerInput", "Expectation", "Journey", "Scenario", "dump_scenario", "load_scenario"]

_KEYS = re.compile(r"[0-9*#]+")
_NO_INPUT_WORDS = frozenset({"no_input", "noinput", "timeout", "silence", "nothing"})


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CallerInput(_Model):
    """One thing the caller does when the flow waits: keys, speech, silence, or a choice."""

    dtmf: str | None = None
    speech: str | None = None
    choose: str | None = None
    no_input: bool = False

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("write keys as a string, e.g. '1', or no_input")
        if isinstance(value, int):
            return {"dtmf": str(value)}
        if isinstance(value, str):
            if value.lower() in _NO_INPUT_WORDS:
                return {"no_input": True}
            return {"dtmf": value} if _KEYS.fullmatch(value) else {"speech": value}
        if isinstance(value, dict) and "digits" in value:
            return {
                "dtmf": str(value["digits"]),
                **{k: v for k, v in value.items() if k != "digits"},
            }
        return value

    @model_validator(mode="after")
    def _exactly_one(self) -> CallerInput:
        given = [
            self.dtmf is not None,
            self.speech is not None,
            self.choose is not None,
            self.no_input,
        ]
        if sum(given) != 1:
            raise ValueError("give exactly one of dtmf/digits, speech, choose, no_input")
        if self.dtmf is not None and not _KEYS.fullmatch(self.dtmf):
            raise ValueError(f"'{self.dtmf}' is not keypad input (0-9, *, #)")
        return self

    def describe(self) -> str:
        """How a person would say it: ``pressed 1``, ``said "billing"``…"""
        if self.dtmf is not None:
            return f"pressed {self.dtmf}"
        if self.speech is not None:
            return f'said "{self.speech}"'
        if self.choose is not None:
            return f"chose {self.choose}"
        return "stayed silent"

    def shorthand(self) -> Any:
        """The shortest YAML form of this input."""
        if self.dtmf is not None:
            return self.dtmf
        if self.no_input:
            return "no_input"
        return {"speech": self.speech} if self.speech is not None else {"choose": self.choose}


class Expectation(_Model):
    """What must hold for a journey to pass."""

    visits: list[str] = Field(default_factory=list)
    avoids: list[str] = Field(default_factory=list)
    ends: OutcomeKind | None = None
    transfer_to: str | None = None
    hears: list[str] = Field(default_factory=list)


class Journey(_Model):
    """One simulated caller: inputs, pinned outcomes, data, schedule, and expectations."""

    name: str
    inputs: list[CallerInput] = Field(default_factory=list)
    outcomes: dict[str, list[str]] = Field(default_factory=dict)
    variables: dict[str, str | bool | int | float] = Field(default_factory=dict)
    schedule: Literal["open", "closed", "holiday", "emergency"] | None = None
    expect: Expectation = Field(default_factory=Expectation)
    note: str = ""  # what a person should know (explore: a case pinned without a fitting input)

    @field_validator("outcomes", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: v if isinstance(v, list) else [v] for k, v in value.items()}
        return value


class Scenario(_Model):
    """A scenario file: the flow it targets (optional) and its journeys."""

    flow: str | None = None
    journeys: list[Journey]


def load_scenario(path: Path | str) -> Scenario:
    """Read and validate a scenario file; every problem is reported with file and line."""
    path = Path(path)
    root = compose(read_flow_text(path), str(path))
    try:
        return Scenario.model_validate(plain(root))
    except pydantic.ValidationError as exc:
        raise ValidationError([_problem(str(path), root, err) for err in exc.errors()]) from None


def _problem(file: str, root: yaml.Node, error: Any) -> Problem:
    loc = tuple(str(part) for part in error["loc"])
    fields = [p for p in loc if not p.startswith(("function-", "tagged-union"))]
    return Problem(
        file=file,
        path=".".join(fields),
        message=error["msg"],
        fix="see the scenario format in README (Architect flows › trace)",
        line=_line(root, fields),
    )


def _line(root: yaml.Node, loc: Sequence[str]) -> int:
    node: yaml.Node | None = root
    line = line_of(root)
    for part in loc:
        if part.isdigit() and isinstance(node, yaml.SequenceNode):
            items = sequence(node)
            node = items[int(part)] if int(part) < len(items) else None
        else:
            node = child(node, part)
        if node is None:
            break
        line = line_of(node)
    return line


def dump_scenario(scenario: Scenario) -> str:
    """YAML text for a scenario (used to save explored journeys as a starting point)."""
    data: dict[str, Any] = {}
    if scenario.flow:
        data["flow"] = scenario.flow
    data["journeys"] = [_journey_data(j) for j in scenario.journeys]
    try:
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    except yaml.YAMLError as exc:  # pragma: no cover - plain data always dumps
        raise BundleError(f"cannot write scenario: {exc}") from exc


def _journey_data(journey: Journey) -> dict[str, Any]:
    data: dict[str, Any] = {"name": journey.name}
    if journey.inputs:
        data["inputs"] = [i.shorthand() for i in journey.inputs]
    if journey.outcomes:
        data["outcomes"] = {k: v[0] if len(v) == 1 else v for k, v in journey.outcomes.items()}
    if journey.variables:
        data["variables"] = dict(journey.variables)
    if journey.schedule:
        data["schedule"] = journey.schedule
    expect = journey.expect.model_dump(exclude_defaults=True, mode="json")
    if expect:
        data["expect"] = expect
    if journey.note:
        data["note"] = journey.note
    return data
