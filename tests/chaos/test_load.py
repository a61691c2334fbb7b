"""`cxgate emulator serve` under concurrent clients: no error, no 5xx, and a state file that
holds every client's last write. The full load (50 clients, 10,000 requests, with p50/p99)
is in bench/chaos.py."""

from __future__ import annotations

from cxgate.testing.chaos.load import run_load


def test_the_served_emulator_keeps_up_and_keeps_every_write() -> None:
    result = run_load(clients=8, requests=480)
    assert result.errors == 0, result.statuses
    assert result.unexpected_5xx == 0
    assert len(result.latencies_ms) == 480
    assert result.state_consistent
    assert 0 < result.p50_ms <= result.p99_ms
