"""Suite-wide settings: deterministic property tests, no deadlines on a noisy 2-core CI box.

Area fixtures live in each area's own conftest (tests/client/, tests/emulator/, ...).
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

settings.register_profile(
    "cxgate",
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("cxgate")
