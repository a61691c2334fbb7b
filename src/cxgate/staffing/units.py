"""Parse what people type: durations (``30m``, ``240s``, ``1h30m``, ``120``) and ``80/20`` targets.

Errors are ValueErrors whose message says what was wrong and what to write instead; the CLI
and the bundle loader add the option or the field name.
"""

from __future__ import annotations

import math
import re

__all__ = ["format_duration", "parse_duration", "parse_fraction", "parse_service_level"]

_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}
_PART = re.compile(r"(\d+(?:\.\d+)?|\.\d+)(ms|h|m|s)")
_PLAIN = re.compile(r"\d+(?:\.\d+)?|\.\d+")
_TARGET = re.compile(r"(?P<pct>[^/%]+)%?/(?P<secs>.+)")


def parse_duration(text: str | float) -> float:
    """Seconds in ``text``: a bare number is seconds; units ms, s, m, h may be combined."""
    if isinstance(text, bool):
        raise ValueError(f"expected a duration, e.g. 30s, 5m or 1h, got {text!r}")
    if isinstance(text, int | float):
        return _finite_non_negative(float(text), str(text))
    cleaned = text.strip().lower().replace(" ", "")
    if _PLAIN.fullmatch(cleaned):
        return _finite_non_negative(float(cleaned), text)
    parts = list(_PART.finditer(cleaned))
    if not parts or "".join(p.group(0) for p in parts) != cleaned:
        raise ValueError(f"{text!r} is not a duration: write e.g. 240s, 30m, 1h30m or 120")
    return sum(float(p.group(1)) * _UNIT_SECONDS[p.group(2)] for p in parts)


def _finite_non_negative(value: float, text: str) -> float:
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{text!r} is not a duration ≥ 0: write e.g. 240s, 30m or 120")
    return value


def parse_service_level(text: str) -> tuple[float, float]:
    """``80/20`` (or ``80%/20s``) → (0.8, 20.0): percent answered within a threshold."""
    match = _TARGET.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not a target: write PERCENT/SECONDS, e.g. 80/20")
    try:
        percent = float(match.group("pct"))
    except ValueError:
        raise ValueError(f"{text!r}: the percentage must be a number, e.g. 80/20") from None
    if not 1 < percent < 100:
        hint = " (a percentage, not a fraction)" if 0 < percent <= 1 else ""
        raise ValueError(f"{text!r}: the percentage must be above 1 and below 100{hint}")
    return percent / 100.0, parse_duration(match.group("secs"))


def parse_fraction(text: str) -> float:
    """``0.05`` or ``5%`` → 0.05; must lie in [0, 1]."""
    cleaned = text.strip()
    try:
        value = float(cleaned[:-1]) / 100.0 if cleaned.endswith("%") else float(cleaned)
    except ValueError:
        raise ValueError(f"{text!r} is not a fraction: write e.g. 0.05 or 5%") from None
    if not 0 <= value <= 1:
        raise ValueError(f"{text!r} must lie between 0 and 1 (or 0% and 100%)")
    return value


def format_duration(seconds: float) -> str:
    """Short human form: 20s, 4m, 1h30m, 2.5s."""
    if seconds >= 60 and float(seconds).is_integer():
        hours, rest = divmod(int(seconds), 3600)
        minutes, secs = divmod(rest, 60)
        units = ((hours, "h"), (minutes, "m"), (secs, "s"))
        return "".join(f"{value}{unit}" for value, unit in units if value)
    return f"{seconds:g}s"
