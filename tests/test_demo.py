"""`make demo` runs: examples/demo.sh drives the real CLI against a served emulator."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

DEMO = Path(__file__).parents[1] / "examples" / "demo.sh"


def test_demo_runs_every_step_against_the_served_emulator() -> None:
    """The demo starts the emulator on a loopback port and every command in it succeeds."""
    env = {
        **os.environ,
        "CXGATE": str(Path(sys.executable).parent / "cxgate"),
        "PYTHON": sys.executable,
    }
    result = subprocess.run(
        ["bash", str(DEMO)], capture_output=True, text=True, env=env, timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "emulator at http://127.0.0.1:" in result.stdout
    assert "Acme Contact Center" in result.stdout
    assert "32 queues in 1 API call(s)." in result.stdout
    assert "Live: 32 agents on queue in 'Support - Tier 1'" in result.stdout
    assert "meets the target" in result.stdout
    assert "No changes. The org matches the bundle." in result.stdout
    assert "misses the target 90.0% in 20s (needs 15 agents" in result.stderr + result.stdout
    assert "Plan: 1 to create, 2 to update, 0 to delete. Overall risk: HIGH." in result.stdout
    assert "### cxgate plan" in result.stdout
    assert "Not applied: re-run with --yes" in result.stdout + result.stderr
    assert "succeeded — 3 applied" in result.stdout
    assert "rollback of d-" in result.stdout
    assert "Audit log OK: " in result.stdout  # records: the chain, tampering, webhooks
    assert "Audit log FAILED at audit-000001.jsonl line 4, entry 4" in result.stderr
    assert "demo: 2 pending, 0 delivered" in result.stdout
    assert "delivered 2; 0 still pending." in result.stdout
    assert "\ndeployment.succeeded " in result.stdout
    assert "success rate       100.0%" in result.stdout
    assert result.stdout.count("No changes. The org matches the bundle.") == 2
    assert "[transfer-no-failure-path]" in result.stdout
    assert "14/14 100.0%" in result.stdout  # explore covers every transition
    assert "1 flow(s) deployed, 2 unchanged." in result.stdout  # unchanged files are skipped
    assert "Acme Main IVR (inboundcall): published v3.0 (before: v2.0)" in result.stdout
    # The served emulator refuses in-place republishing: switch and rollback publish copies.
    assert (
        "published v4.0, a copy of v2.0 (was v3.0, 1 version(s) back); it passed flow check"
        in result.stdout
    )
    assert "published v5.0, a copy of v3.0 (was v4.0, 1 version(s) back)" in result.stdout
