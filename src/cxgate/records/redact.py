"""Secrets never reach the audit log, the outbox or a report: scrubbed before anything is written.

Three nets, each for what the others miss: fields named like secrets (``clientSecret``,
``password``, ``authorization``, ``signingKey``…) lose their value whatever it is; bearer
tokens, ``Basic`` credentials and JWTs inside any text are cut; and the known secrets of the run
(the OAuth client secret, webhook signing keys) are replaced wherever they appear verbatim.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["REDACTED", "Redactor", "secret_field"]

REDACTED = "<redacted>"

_SECRET_NAME = re.compile(
    r"secret|passw(or)?d|passphrase|token|authori[sz]ation|api[-_]?key|private[-_]?key|"
    r"signing[-_]?key|credential|cookie|session[-_]?id|^x[-_]cxgate[-_]signature$",
    re.IGNORECASE,
)
# Fields whose name matches but which hold no secret (a token's *scheme*, a secret's env name).
_HARMLESS = re.compile(r"(scheme|env|type|expires?(_?in|At)?|count|source)$", re.IGNORECASE)
_BEARER = re.compile(r"\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{6,}", re.IGNORECASE)
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}")
_MIN_SECRET = 6  # shorter "secrets" would blank ordinary words
_SCALARS = frozenset({str, int, float, bool, type(None)})
_SECRET_FIELDS: dict[str, bool] = {}  # field name → secret_field(name), filled as names come
_CACHED_NAMES = 4096
# One encoder for every entry: json.dumps builds a new one per call when given options.
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str)


@functools.lru_cache(maxsize=4096)
def secret_field(name: str) -> bool:
    """True when a field called ``name`` holds a secret (its value is never kept)."""
    return bool(_SECRET_NAME.search(name)) and not _HARMLESS.search(name)


class Redactor:
    """Scrubs JSON-shaped values; ``secrets`` are literal values to cut wherever they appear."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        known = {s for s in secrets if s and len(s) >= _MIN_SECRET}
        self._secrets = sorted(known, key=len, reverse=True)
        # Each secret as written, and as it reads inside JSON text (quotes, backslashes escaped).
        forms = {f for s in self._secrets for f in (s, json.dumps(s)[1:-1])}
        ordered = sorted(forms, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def with_secrets(self, secrets: Iterable[str | None]) -> Redactor:
        """A redactor that also knows ``secrets``."""
        return Redactor([*self._secrets, *secrets])

    def text(self, value: str) -> str:
        """``value`` with bearer/basic credentials and known secrets cut out."""
        if self._pattern is not None:
            value = self._pattern.sub(REDACTED, value)
        if ("earer" in value or "asic" in value) and _BEARER.search(value):
            value = _BEARER.sub(lambda m: f"{m.group(1)} {REDACTED}", value)
        if "eyJ" in value:
            value = _JWT.sub(REDACTED, value)
        return value

    def json(self, value: Any) -> bytes:
        """``value`` as compact, key-sorted JSON, scrubbed: fields named like secrets first,
        then the text (one pass over the whole document, so strings are not walked one by
        one: what the audit log writes)."""
        return self.text(_ENCODER.encode(self.fields(value))).encode("utf-8")

    def fields(self, value: Any) -> Any:
        """A copy of ``value`` whose fields named like secrets lose their values (strings
        are left as they are: ``text`` cuts credentials out of them)."""
        kind = type(value)
        if kind is dict or (kind is not list and isinstance(value, Mapping)):
            out: dict[str, Any] = {}
            secret = _SECRET_FIELDS
            for key, item in value.items():
                name = key if type(key) is str else str(key)
                hidden = secret.get(name)
                if hidden is None:
                    hidden = secret_field(name)
                    if len(secret) < _CACHED_NAMES:
                        secret[name] = hidden
                if hidden and item not in (None, ""):
                    out[name] = REDACTED
                elif type(item) in _SCALARS:
                    out[name] = item
                else:
                    out[name] = self.fields(item)
            return out
        if kind is list or kind is tuple:
            return [v if type(v) in _SCALARS else self.fields(v) for v in value]
        return value

    def value(self, value: Any) -> Any:
        """A scrubbed copy of a JSON-shaped value (dicts, lists, strings, numbers)."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {
                str(k): REDACTED if secret_field(str(k)) and v not in (None, "") else self.value(v)
                for k, v in value.items()
            }
        if isinstance(value, list | tuple):
            return [self.value(v) for v in value]
        return value
