"""`make demo` runs: examples/demo.sh drives the real CLI against a served emulator."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

DEMO = Path(__file__).parents[1] / "examples" / "demo.sh"


def test_demo_runs_every_step_against_the_served_emulator() -> None:
    """The demo starts the emulator on a loopback port and every command in it succeeds."""
    env = {**os.environ, "CXGATE": str(Path(sys.executable).parent / "cxgate")}
    result = subprocess.run(
        ["bash", str(DEMO)], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "emulator at http://127.0.0.1:" in result.stdout
    assert "Acme Contact Center" in result.stdout
    assert "32 queues in 1 API call(s)." in result.stdout
    assert "Live: 32 agents on queue in 'Support - Tier 1'" in result.stdout
    assert "meets the target" in result.stdout
