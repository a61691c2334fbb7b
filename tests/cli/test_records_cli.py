"""`cxgate audit|webhooks|report|export-wfm` and `--metrics-file` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from cxgate.emulator import Emulator
from cxgate.state.sqlite import SqliteStore
from tests.cli.emulated import cxgate, use_emulator
from tests.records.receiver import Receiver, free_port

SECRET = "whsec_cli_Pq7Rt2Vx9Zb4"


@pytest.fixture
def emulator(monkeypatch: pytest.MonkeyPatch) -> Emulator:
    emu = Emulator(seed="demo", rate_limit=0)
    use_emulator(monkeypatch, emu)
    monkeypatch.setenv("CI_HOOK_SECRET", SECRET)
    return emu


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def bundle(tmp_path: Path, port: int, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "bundle"
    (root / "queues").mkdir(parents=True)
    (root / "cxgate.yaml").write_text(
        "version: 1\n"
        "webhooks:\n"
        f"  ci: {{url: 'http://127.0.0.1:{port}/hook', secretEnv: CI_HOOK_SECRET}}\n"
    )
    (root / "skills.yaml").write_text("skills: [Loyalty]\n")
    (root / "queues" / "billing.yaml").write_text(
        "name: Billing\ndescription: changed through cxgate\n"
        "mediaSettings:\n  call: {serviceLevel: {percentage: 0.8, durationMs: 20s}}\n"
    )
    monkeypatch.chdir(root)  # webhooks/audit commands read ./cxgate.yaml
    return root


def test_apply_records_everything_and_webhooks_wait_for_the_receiver(
    emulator: Emulator, bundle: Path, tmp_path: Path, port: int
) -> None:
    state = tmp_path / "state"
    metrics = tmp_path / "metrics" / "cxgate.prom"
    done = cxgate(
        "--metrics-file",
        metrics,
        "apply",
        bundle,
        "--profile",
        "t",
        "--yes",
        "--force",
        state=state,
    )
    assert done.exit_code == 0, done.output
    status = cxgate("webhooks", "status", "-o", "json", state=state)
    assert status.exit_code == 0, status.output
    row = json.loads(status.output)["ci"]
    assert row["pending"] >= 2
    assert row["delivered"] == 0
    assert "Connect" in row["lastError"]
    with Receiver(port) as receiver:
        sent = cxgate("webhooks", "retry", state=state)
        assert sent.exit_code == 0, sent.output
        ping = cxgate("webhooks", "test", "ci", state=state)
        assert ping.exit_code == 0, ping.output
    types = [p["type"] for p in receiver.payloads()]
    assert types[:2] == ["deployment.started", "deployment.succeeded"]
    assert types[-1] == "ping"
    samples = {
        s.name: s.value
        for family in text_string_to_metric_families(metrics.read_text())
        for s in family.samples
        if not s.labels or s.labels.get("status") == "succeeded"
    }
    assert samples["cxgate_deployments_total"] == 1

    shown = cxgate("audit", "show", "--type", "step", "-o", "json", state=state)
    steps = json.loads(shown.output)
    assert {s["object"]["name"] for s in steps} == {"Billing", "Loyalty"}
    text = cxgate("audit", "show", "--object", "queue/Billing", state=state)
    assert "step" in text.output
    assert "queue/Billing" in text.output
    assert cxgate("audit", "verify", state=state).exit_code == 0

    report = cxgate(
        "report", "--since", "1d", "--html", tmp_path / "r.html", "-o", "json", state=state
    )
    figures = json.loads(report.output)
    assert figures["deployments"] == 1
    assert figures["successRate"] == 1.0
    assert (tmp_path / "r.html").read_text().startswith("<!DOCTYPE html>")

    deployment = steps[0]["deployment"]
    remote = cxgate("audit", "remote", deployment, "--profile", "t", state=state)
    assert remote.exit_code == 0, remote.output
    assert "queue 'Billing' (update): confirmed" in remote.output

    log = next((state / "audit").glob("audit-*.jsonl"))
    lines = log.read_text().splitlines(keepends=True)
    bad = next(i for i, line in enumerate(lines) if '"name":"Billing"' in line)
    lines[bad] = lines[bad].replace('"name":"Billing"', '"name":"Billin9"')
    log.write_text("".join(lines))
    broken = cxgate("audit", "verify", state=state)
    assert broken.exit_code == 1
    assert f"{log.name} line {bad + 1}, entry {bad + 1}" in broken.output
    with SqliteStore.open(state) as store:
        assert store.outbox_events()[-1].type == "audit.verify_failed"
    assert cxgate("webhooks", "status", "-o", "json", state=state).exit_code == 0


def test_export_wfm_to_a_file(emulator: Emulator, bundle: Path, tmp_path: Path) -> None:
    out = tmp_path / "wfm.json"
    done = cxgate("export-wfm", bundle, "--profile", "t", "--output-file", out)
    assert done.exit_code == 0, done.output
    document = json.loads(out.read_text())
    (billing,) = document["queues"]
    assert billing["name"] == "Billing"
    assert billing["id"]
    unknown = cxgate("export-wfm", bundle, "--profile", "t", "--to", "nowhere")
    assert unknown.exit_code == 1
    assert "nowhere" in str(unknown.exception)


def test_bad_options_are_one_clear_line(emulator: Emulator, bundle: Path, tmp_path: Path) -> None:
    result = cxgate("report", "--since", "soon", state=tmp_path / "s")
    assert result.exit_code == 1
    assert "--since" in str(result.exception)
    missing = cxgate("webhooks", "test", "nope", state=tmp_path / "s")
    assert missing.exit_code == 1
    assert "no webhook endpoint 'nope'" in str(missing.exception)


def test_export_wfm_text_and_json(emulator: Emulator, bundle: Path) -> None:
    text = cxgate("export-wfm", bundle, "--profile", "t")
    assert text.exit_code == 0, text.output
    assert "Billing: call 80%/20s;" in text.output
    document = json.loads(cxgate("export-wfm", bundle, "--profile", "t", "-o", "json").output)
    assert document["schema"] == "cxgate.wfm-export/v1"
