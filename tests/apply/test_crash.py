"""kill -9 of a real `cxgate apply` process at several points, then `resume` or the next
`apply`: the org ends as it started or as planned, never half-changed; a second `apply`
while one runs is refused naming the holder.

The emulator is served on a loopback socket in this process; its hooks kill the apply
process at the chosen call — before the write is handled (nothing lands) or after it (the
write landed, the answer never reached cxgate, so no journal row says so).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cxgate.emulator import Emulator, FaultPlan
from cxgate.emulator.serve import EmulatorServer
from cxgate.state.sqlite import SqliteStore

CXGATE = Path(sys.executable).parent / "cxgate"
QUEUES = ["Billing", "Claims", "Collections", "Retention"]
ONE_QUEUE = "/api/v2/routing/queues/{queueId}"


class KilledError(Exception):
    """Ends the request the killed process made, so the write is not handled."""


@pytest.fixture
def served() -> Iterator[tuple[Emulator, EmulatorServer]]:
    emulator = Emulator(seed="demo", rate_limit=0)
    with EmulatorServer(emulator) as server:
        yield emulator, server


@pytest.fixture(params=["sqlite", "postgres"])
def shared_state(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where the runners keep state: a local SQLite directory, or one PostgreSQL database
    all of them share (a real throwaway server)."""
    if request.param == "sqlite":
        return str(tmp_path / "state")
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """Four queue updates and a new skill."""
    root = tmp_path / "bundle"
    (root / "queues").mkdir(parents=True)
    (root / "cxgate.yaml").write_text("version: 1\n")
    (root / "skills.yaml").write_text("skills: [Crash Test]\n")
    for name in QUEUES:
        (root / "queues" / f"{name.lower()}.yaml").write_text(
            f"name: {name}\ndescription: after the deployment\n"
        )
    return root


def _env(server: EmulatorServer) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GENESYSCLOUD_", "CXGATE_"))}
    return {
        **env,
        "GENESYSCLOUD_API_URL": server.url,
        "GENESYSCLOUD_OAUTHCLIENT_ID": "crash-test",
        "GENESYSCLOUD_OAUTHCLIENT_SECRET": "crash-secret",
        "CXGATE_MAX_WORKERS": "1",
    }


def _cxgate(server: EmulatorServer, *args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(CXGATE), *map(str, args)],
        env=_env(server),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _kill_at(
    emulator: Emulator, method: str, path: str, nth: int, *, landed: bool
) -> Callable[[subprocess.Popen[str]], None]:
    """Arm a kill -9 of the apply process at the ``nth`` matching call; returns the
    function that tells the hook which process to kill."""
    target: dict[str, subprocess.Popen[str]] = {}
    seen = {"calls": 0}
    hook = emulator.after_next if landed else emulator.before_next

    def maybe_kill() -> None:
        seen["calls"] += 1
        if seen["calls"] < nth:
            hook(method, path, maybe_kill)
            return
        os.kill(target["process"].pid, signal.SIGKILL)
        target["process"].wait()
        if not landed:
            raise KilledError  # the request dies with its process: nothing is handled

    hook(method, path, maybe_kill)
    return lambda process: target.__setitem__("process", process)


def _descriptions(emulator: Emulator) -> list[str]:
    return [emulator.find("queue", n)["description"] for n in QUEUES]


def _run(server: EmulatorServer, *args: str | Path) -> subprocess.CompletedProcess[str]:
    process = _cxgate(server, *args)
    out, err = process.communicate(timeout=120)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


Point = tuple[str, str, int, bool]  # method, path, which matching call, after it landed?


@pytest.mark.parametrize(
    "point",
    [
        pytest.param(("POST", "/api/v2/routing/skills", 1, False), id="before-first-write"),
        pytest.param(("POST", "/api/v2/routing/skills", 1, True), id="first-write-landed"),
        pytest.param(("PUT", ONE_QUEUE, 2, True), id="between-write-and-journal-row"),
        pytest.param(("PUT", ONE_QUEUE, 3, False), id="mid-batch-before-a-write"),
    ],
)
def test_kill_then_resume_rolls_back_to_where_it_started(
    served: tuple[Emulator, EmulatorServer],
    bundle: Path,
    tmp_path: Path,
    point: Point,
) -> None:
    """Whatever landed is undone by `cxgate resume`; the skill is gone, descriptions back."""
    emulator, server = served
    method, path, nth, landed = point
    label = f"kill at {method} {path} #{nth} ({'after' if landed else 'before'} it landed)"
    before = _descriptions(emulator)
    state = tmp_path / "state"
    aim = _kill_at(emulator, method, path, nth, landed=landed)
    process = _cxgate(server, "apply", bundle, "--yes", "--state-dir", state, "-q")
    aim(process)
    process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL, label
    done = _run(server, "resume", "--state-dir", state)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _descriptions(emulator) == before, label
    assert emulator.find("skill", "Crash Test") is None, label
    with SqliteStore.open(state) as store:
        org = str(emulator.store.organization["id"])
        assert store.unfinished_deployments(org) == []
        assert store.lock_holder(org) is None


def test_next_apply_takes_over_the_dead_lock_and_finishes(
    served: tuple[Emulator, EmulatorServer], bundle: Path, shared_state: str
) -> None:
    """The killed run's lock goes with it (SQLite: its process is provably gone; PostgreSQL:
    its session ended). The next apply finishes the interrupted deployment from the shared
    journal (--resume finish), then has nothing left to do."""
    emulator, server = served
    aim = _kill_at(emulator, "PUT", ONE_QUEUE, 2, landed=True)
    process = _cxgate(server, "apply", bundle, "--yes", "--state", shared_state, "-q")
    aim(process)
    process.communicate(timeout=120)
    done = _run(
        server, "apply", bundle, "--yes", "--resume", "finish", "--state", shared_state, "-q"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Recovering interrupted deployment(s)" in done.stderr
    if not shared_state.startswith("postgresql://"):
        assert "took over the stale lock" in done.stderr
        assert f"(pid {process.pid})" in done.stderr
    assert "No changes" in done.stdout
    assert _descriptions(emulator) == ["after the deployment"] * len(QUEUES)
    assert (
        len([s for s in emulator.store.table("skills").values() if s["name"] == "Crash Test"]) == 1
    )


def test_kill_during_rollback_then_resume_finishes_the_rollback(
    served: tuple[Emulator, EmulatorServer], bundle: Path, tmp_path: Path
) -> None:
    """The third queue write fails, rollback starts, and the process dies mid-rollback:
    `resume` completes it."""
    emulator, server = served
    before = _descriptions(emulator)
    state = tmp_path / "state"
    collections = emulator.find("queue", "Collections")["id"]
    emulator.faults = FaultPlan(phase="before").with_rule(
        "500", 1.0, method="PUT", path=f"/api/v2/routing/queues/{collections}"
    )
    aim = _kill_at(emulator, "PUT", ONE_QUEUE, 4, landed=True)  # the first undo
    process = _cxgate(server, "apply", bundle, "--yes", "--state-dir", state, "-q")
    aim(process)
    process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL
    emulator.faults = None
    done = _run(server, "resume", "--state-dir", state)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _descriptions(emulator) == before
    assert emulator.find("skill", "Crash Test") is None


def test_a_second_apply_is_refused_naming_the_holder(
    served: tuple[Emulator, EmulatorServer], bundle: Path, shared_state: str
) -> None:
    """While one apply runs (held at its first write), another — another CI runner sharing
    the store — fails at once with user, host, pid and deployment; the first completes."""
    emulator, server = served
    state = shared_state
    entered, release = threading.Event(), threading.Event()

    def hold() -> None:
        entered.set()
        release.wait(60)

    emulator.before_next("POST", "/api/v2/routing/skills", hold)
    first = _cxgate(server, "apply", bundle, "--yes", "--state", state, "-q")
    try:
        assert entered.wait(60)
        second = _run(server, "apply", bundle, "--yes", "--state", state, "-q")
    finally:
        release.set()
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0, out + err
    assert second.returncode == 1
    assert "is being deployed by deployment d-" in second.stderr
    assert f"(pid {first.pid})" in second.stderr
    assert _descriptions(emulator) == ["after the deployment"] * len(QUEUES)


def test_sigterm_stops_and_rolls_back(
    served: tuple[Emulator, EmulatorServer], bundle: Path, tmp_path: Path
) -> None:
    """A cancelled CI job (SIGTERM) mid-run: writes in flight finish, the rest is rolled
    back, the deployment ends rolled_back and the process exits 1."""
    emulator, server = served
    before = _descriptions(emulator)
    entered, release = threading.Event(), threading.Event()

    def hold() -> None:
        entered.set()
        release.wait(60)

    state = tmp_path / "state"
    emulator.after_next("PUT", ONE_QUEUE, hold)  # the first queue write has landed
    process = _cxgate(server, "apply", bundle, "--yes", "--state-dir", state, "-q")
    try:
        assert entered.wait(60)
        process.send_signal(signal.SIGTERM)
    finally:
        release.set()
    out, err = process.communicate(timeout=120)
    assert process.returncode == 1, out + err
    assert "rolled_back (interrupted)" in out
    assert _descriptions(emulator) == before
    assert emulator.find("skill", "Crash Test") is None
