"""Answers no public source settles, as settings, so cxgate is tested under each of them.

The emulator must never be kinder or more certain than Genesys Cloud. Where the SDK, the
swagger and CX as Code leave a behaviour open (genesys-api.md, UNCONFIRMED), the emulator
picks one answer by default and a setting picks the other; tests run cxgate under both:

- ``in-place-publish``: does ``POST /api/v2/flows/actions/publish?flow=&version=OLD``
  republish an older version in place? (``on`` | ``off``; cxgate's default path never
  needs it.)
- ``org-stale-version``: a stale ``version`` on ``PUT /api/v2/organizations/me`` is
  answered ``409`` or ``400`` "does not match the current version" (CX as Code handles both).
- ``dependency-build-polls``: how many status reads a dependency-tracking build takes
  (the index is stale after every publish until a build ran).
- ``put-omitted``: does ``PUT /api/v2/routing/queues/{id}`` ``clear`` the fields a body
  leaves out (the default, as genesys-api.md §6 assumes), or ``keep`` them?

Written ``name=value`` pairs joined by commas, as ``cxgate emulator serve --behaviour``
takes them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

__all__ = ["Behaviour", "BehaviourError"]

_CHOICES: dict[str, tuple[str, ...]] = {
    "in_place_publish": ("on", "off"),
    "org_stale_version": ("409", "400"),
    "put_omitted": ("clear", "keep"),
}


class BehaviourError(ValueError):
    """A behaviour setting that does not parse; the message names the setting and its values."""


@dataclass(frozen=True, slots=True)
class Behaviour:
    """One answer to each open question (see the module docstring)."""

    in_place_publish: str = "on"
    org_stale_version: str = "409"
    dependency_build_polls: int = 2
    put_omitted: str = "clear"

    @property
    def republishes_in_place(self) -> bool:
        """True when publish with an older ``version`` republishes it in place."""
        return self.in_place_publish == "on"

    @classmethod
    def parse(cls, text: str | None) -> Behaviour:
        """``in-place-publish=off,org-stale-version=400``; BehaviourError when wrong."""
        found: dict[str, Any] = {}
        for part in (text or "").split(","):
            if not part.strip():
                continue
            name, _, value = part.partition("=")
            key = name.strip().replace("-", "_")
            found[key] = _value(key, value.strip(), name.strip())
        return replace(cls(), **found)

    def describe(self) -> str:
        """The settings in the form ``parse`` reads."""
        return ",".join(f"{f.name.replace('_', '-')}={getattr(self, f.name)}" for f in fields(self))


def _value(key: str, value: str, name: str) -> Any:
    names = [f.name for f in fields(Behaviour)]
    if key not in names:
        known = ", ".join(n.replace("_", "-") for n in names)
        raise BehaviourError(f"unknown behaviour '{name}' (known: {known})")
    if key == "dependency_build_polls":
        if not value.isdigit():
            raise BehaviourError(f"{name} takes a whole number of polls, not '{value}'")
        return int(value)
    if value not in _CHOICES[key]:
        raise BehaviourError(f"{name} takes {' or '.join(_CHOICES[key])}, not '{value}'")
    return value
