"""The pipeline as a library: load, read, check, plan and apply with no CLI and no typer."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import stamina

from cxgate.bundle.load import load_or_raise
from cxgate.client import GenesysClient
from cxgate.emulator import Emulator
from cxgate.pipeline.checking import check
from cxgate.pipeline.deploying import apply
from cxgate.pipeline.live import read_org_side
from cxgate.pipeline.planning import make_plan
from cxgate.settings import Settings
from cxgate.state.store import open_store

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bundle"


def test_plan_and_apply_from_python(tmp_path: Path) -> None:
    """The README's Python example, end to end: the org ends as the bundle says."""
    shutil.copytree(EXAMPLE, tmp_path / "bundle")
    emulator = Emulator(seed="demo", rate_limit=0)
    settings = Settings.for_url("https://api.emulator.test", "python-api", "secret")
    transport = httpx.MockTransport(emulator)
    with (
        stamina.set_testing(True),
        GenesysClient(settings, transport=transport) as client,
        open_store(tmp_path / "state") as store,
    ):
        desired, _ = load_or_raise(tmp_path / "bundle")
        side = read_org_side(client, desired)
        assert [p for p in check(desired, side, store) if p.severity == "error"] == []
        plan = make_plan(desired, side, store)
        result = apply(plan, side, client, store, force=True)
        assert result.ok
        again = make_plan(desired, read_org_side(client, desired), store)
    assert again.changes == ()
    assert emulator.find("queue", "Sales") is not None


def test_the_library_never_loads_the_cli() -> None:
    """Python users get the pipeline without typer, rich's CLI code or anything that prints."""
    code = (
        "import sys, cxgate.pipeline.deploying, cxgate.pipeline.reverting, "
        "cxgate.pipeline.checking; "
        "print(sorted(m for m in sys.modules if m in ('typer', 'cxgate.cli') "
        "or m.startswith('cxgate.cli.')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_each_flow_file_is_read_once_per_plan(tmp_path: Path, monkeypatch: object) -> None:
    """Checking, planning and comparing flows parse every flow file a single time."""
    import cxgate.bundle.flows as flow_bundle

    calls: list[str] = []
    real = flow_bundle._load

    def counting(*args: object) -> object:
        calls.append(str(args[-2]))  # (…, path, name, values): the file's bundle name
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(flow_bundle, "_load", counting)  # type: ignore[attr-defined]
    emulator = Emulator(seed="demo", rate_limit=0)
    settings = Settings.for_url("https://api.emulator.test", "once", "secret")
    with (
        stamina.set_testing(True),
        GenesysClient(settings, transport=httpx.MockTransport(emulator)) as client,
        open_store(tmp_path / "state") as store,
    ):
        desired, _ = load_or_raise(EXAMPLE)
        side = read_org_side(client, desired)
        check(desired, side, store)
        make_plan(desired, side, store)
    assert sorted(calls) == sorted(set(calls))
    assert len(calls) == len(list((EXAMPLE / "flows").glob("*.yaml")))
