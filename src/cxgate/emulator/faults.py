"""Seeded, deterministic fault injection: 5xx, 429 storms, drops, timeouts, latency.

A plan comes from a spec string (``--faults``) or the Python API::

    FaultPlan.parse("5xx=0.1,429=0.05,drop=0.02,timeout=0.01,latency=20ms,seed=7")
    FaultPlan().with_rule("5xx", 0.5, method="PUT", path="/api/v2/routing/queues/*")
    FaultPlan.parse("5xx[PUT /api/v2/routing/queues/{queueId}]=0.5,phase=after")

Kinds: ``5xx`` (one of 502/503/504), an exact status (``500``, ``502``, ``503``, ``504``),
``429`` (a rate-limit storm answer with ``Retry-After``), ``drop`` (the connection closes
without a full response), ``refuse`` (the connection is refused: never applied) and
``timeout`` (no answer before the client's read timeout). ``retry_after=N`` sets the
``Retry-After`` of injected 429s (``none``: a 429 without one). Unscoped rates apply to every
``/api/v2`` call; a rule scoped to a method and path glob (or template) overrides the
unscoped rate of its kind for the calls it matches.

``phase`` says whether a failing write was applied first: ``before`` (nothing changed),
``after`` (the server changed the object, then the answer was lost) or ``mixed`` (either,
decided per call). "After" is what makes a blind re-POST dangerous.

Determinism: the fate of a call depends only on the seed, its method and path, and how many
calls with the same method and path came before it, so a thread pool that reorders calls
across objects still sees the same faults per object.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import random
import re
import threading
from dataclasses import dataclass

from cxgate.errors import ConfigError

__all__ = ["FAULT_KINDS", "Fault", "FaultInjector", "FaultPlan", "FaultRule"]

# Checked in this order when a call's fate is drawn.
FAULT_KINDS = ("5xx", "500", "502", "503", "504", "429", "drop", "refuse", "timeout")
_PHASES = ("before", "after", "mixed")
_NO_RESPONSE = ("drop", "refuse", "timeout")
_ITEM = re.compile(r"^(?P<key>[\w]+)(?:\[(?P<scope>[^\]]+)\])?=(?P<value>.*)$")
_DURATION = re.compile(r"^(?P<number>\d+(?:\.\d+)?)(?P<unit>ms|s)$")


@dataclass(frozen=True, slots=True)
class FaultRule:
    """Inject ``kind`` with probability ``rate`` on calls matching method and path glob."""

    kind: str
    rate: float
    method: str = "*"
    path: str = "/api/v2/*"

    @property
    def scoped(self) -> bool:
        """True for a rule aimed at particular calls rather than all API calls."""
        return (self.method, self.path) != ("*", "/api/v2/*")

    def matches(self, method: str, path: str, template: str) -> bool:
        """Whether this rule covers a call (path glob tried on the path and the template)."""
        if self.method not in ("*", method):
            return False
        return fnmatch.fnmatchcase(path, self.path) or fnmatch.fnmatchcase(template, self.path)


@dataclass(frozen=True, slots=True)
class Fault:
    """The fate drawn for one call: what fails, with which status, and whether the write
    was applied before the failure."""

    kind: str
    status: int
    applied: bool

    @property
    def has_response(self) -> bool:
        """False for drops, refusals and timeouts: the client gets an exception."""
        return self.kind not in _NO_RESPONSE


@dataclass(frozen=True, slots=True)
class FaultPlan:
    """What to inject; an immutable value, safe to share."""

    rules: tuple[FaultRule, ...] = ()
    latency: float = 0.0
    seed: int = 0
    phase: str = "mixed"
    retry_after: int | None = 1  # None: the 429 carries no Retry-After header

    @classmethod
    def parse(cls, spec: str) -> FaultPlan:
        """Read a ``--faults`` spec; ConfigError names the bad item and the fix."""
        plan = cls()
        for item in _split(spec):
            plan = plan._with_item(item)
        plan._check_total()
        return plan

    def with_rule(
        self, kind: str, rate: float, *, method: str = "*", path: str = "/api/v2/*"
    ) -> FaultPlan:
        """A copy that also injects ``kind`` at ``rate`` on the matching calls."""
        if kind not in FAULT_KINDS:
            raise ConfigError(f"fault kind {kind!r}: use one of {', '.join(FAULT_KINDS)}")
        if not 0.0 <= rate <= 1.0:
            raise ConfigError(f"fault rate {kind}={rate}: use a probability between 0 and 1")
        rule = FaultRule(kind, rate, method.upper(), path)
        return dataclasses.replace(self, rules=(*self.rules, rule))

    def rates(self, method: str, path: str, template: str) -> dict[str, float]:
        """The rate of each kind for one call (scoped rules override unscoped ones)."""
        found: dict[str, float] = {}
        for rule in self.rules:
            if not rule.scoped and rule.matches(method, path, template):
                found[rule.kind] = rule.rate
        for rule in self.rules:
            if rule.scoped and rule.matches(method, path, template):
                found[rule.kind] = rule.rate
        return found

    def decide(self, method: str, path: str, template: str, nth: int) -> Fault | None:
        """The fate of the ``nth`` call (0-based) with this method and path."""
        rates = self.rates(method, path, template)
        if not rates:
            return None
        draw = random.Random(f"{self.seed}|{method}|{path}|{nth}")
        point, edge = draw.random(), 0.0
        for kind in FAULT_KINDS:
            edge += rates.get(kind, 0.0)
            if point < edge:
                return self._fault(kind, draw)
        return None

    def _fault(self, kind: str, draw: random.Random) -> Fault:
        status = {"5xx": draw.choice((502, 503, 504)), "429": 429}.get(kind, 0)
        if kind.isdigit() and kind != "429":
            status = int(kind)
        applied = {"before": False, "after": True}.get(self.phase, draw.random() < 0.5)
        if kind in ("429", "refuse"):
            applied = False  # turned away at the door: nothing was applied
        return Fault(kind, status, applied)

    def _with_item(self, item: str) -> FaultPlan:
        match = _ITEM.match(item)
        if match is None:
            raise ConfigError(f"fault spec item {item!r}: write it as name=value")
        key, scope, value = match.group("key", "scope", "value")
        if key in ("latency", "seed", "phase", "retry_after") and scope is None:
            return self._with_setting(key, value)
        method, path = _scope(scope)
        return self.with_rule(key, _rate(key, value), method=method, path=path)

    def _with_setting(self, key: str, value: str) -> FaultPlan:
        if key == "latency":
            return dataclasses.replace(self, latency=_seconds(value))
        if key == "phase":
            if value not in _PHASES:
                raise ConfigError(f"fault phase {value!r}: use one of {', '.join(_PHASES)}")
            return dataclasses.replace(self, phase=value)
        if key == "retry_after" and value == "none":
            return dataclasses.replace(self, retry_after=None)
        if not value.isdigit():
            raise ConfigError(f"fault {key}={value!r}: use a whole number")
        if key == "seed":
            return dataclasses.replace(self, seed=int(value))
        return dataclasses.replace(self, retry_after=int(value))

    def _check_total(self) -> None:
        total = sum(rule.rate for rule in self.rules if not rule.scoped)
        if total > 1.0:
            raise ConfigError(f"fault rates add up to {total:g}: keep their sum at most 1")


class FaultInjector:
    """Applies a plan call by call, counting calls per method and path; thread-safe."""

    def __init__(self, plan: FaultPlan) -> None:
        self.plan = plan
        self._seen: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()

    def next(self, method: str, path: str, template: str) -> Fault | None:
        """The fate of this call."""
        with self._lock:
            nth = self._seen.get((method, path), 0)
            self._seen[(method, path)] = nth + 1
        return self.plan.decide(method, path, template, nth)


def _split(spec: str) -> list[str]:
    """Split on commas that are not inside ``[...]``."""
    items, depth, current = [], 0, ""
    for char in spec:
        depth += {"[": 1, "]": -1}.get(char, 0)
        if char == "," and depth == 0:
            items.append(current)
            current = ""
        else:
            current += char
    items.append(current)
    return [item.strip() for item in items if item.strip()]


def _scope(scope: str | None) -> tuple[str, str]:
    if scope is None:
        return "*", "/api/v2/*"
    method, _, path = scope.strip().rpartition(" ")
    return (method.strip() or "*"), path


def _rate(kind: str, value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise ConfigError(f"fault rate {kind}={value!r}: use a probability such as 0.05") from None


def _seconds(value: str) -> float:
    match = _DURATION.match(value.strip())
    if match is None:
        raise ConfigError(f"fault latency={value!r}: give a unit, e.g. latency=20ms or 0.5s")
    number = float(match.group("number"))
    return number / 1000 if match.group("unit") == "ms" else number
