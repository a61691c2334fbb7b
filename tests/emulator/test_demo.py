"""`make demo` (examples/demo.py) lists the demo org's queues through the emulator."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

DEMO = Path(__file__).parents[2] / "examples" / "demo.py"


def test_demo_lists_every_queue_in_one_page(capsys: pytest.CaptureFixture[str]) -> None:
    """The demo logs in, reads the org and lists all 32 queues in a single page call."""
    runpy.run_path(str(DEMO), run_name="__main__")
    out = capsys.readouterr().out
    assert "Acme Contact Center (demo): queues" in out
    assert "32 queues." in out
    assert "GET /api/v2/routing/queues → 200" in out
    assert "Support - Tier 2" in out
