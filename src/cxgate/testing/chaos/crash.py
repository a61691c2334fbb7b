"""kill -9 of a real ``cxgate apply`` process at a chosen call, then recovery.

The emulator is served in this process; a hook on the chosen call kills the apply process
before the call is handled (nothing lands) or after (the write landed, its answer never
reached cxgate, so no journal row says so). Recovery is ``cxgate resume`` (roll back) or
``cxgate apply --yes --resume finish``; then every object must be as it started (resume) or
as planned (finish), the journal must hold no unfinished deployment and the lock be free.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

from cxgate.emulator import Emulator, FaultPlan
from cxgate.records.recorder import audit_directory
from cxgate.state.sqlite import SqliteStore
from cxgate.testing.chaos.commands import DELETED_SKILL, FLOW, NEW_FLOW, Org, chaos_bodies
from cxgate.testing.chaos.commands import flow_text as _flow_text
from cxgate.testing.chaos.faultrun import served_org
from cxgate.testing.chaos.orgview import View, names, org_view, verdict
from cxgate.testing.chaos.records import HOOK_ENV, HOOK_KEY, record_problems

__all__ = ["CRASH_POINTS", "CrashCase", "CrashPoint", "cxgate", "run_crash_point", "write_bundle"]

CXGATE = Path(sys.executable).parent / "cxgate"
QUEUE = "/api/v2/routing/queues/*"


@dataclass(frozen=True, slots=True)
class CrashPoint:
    """Kill at the ``nth`` call matching ``method path`` (before or after it landed).
    ``fail``: a fault spec in force during the apply (a failing write starts a rollback);
    ``kill_recovery``: the recovery is killed too, at its first undo, and run again."""

    name: str
    method: str
    path: str
    nth: int = 1
    landed: bool = True
    fail: str | None = None
    kill_recovery: bool = False
    webhook: bool = False  # kill at the first webhook delivery instead (method/path unused)


# The chaos bundle's apply writes, in order: POST language, skill, wrap-up code, queue;
# PUT three queues; two flow imports (POST job, upload, polls); DELETE the skill.
CRASH_POINTS: dict[str, CrashPoint] = {
    p.name: p
    for p in (
        CrashPoint("before-first-write", "POST", "/api/v2/routing/languages", landed=False),
        CrashPoint("first-write-landed", "POST", "/api/v2/routing/languages"),
        CrashPoint("create-landed-mid-batch", "POST", "/api/v2/routing/queues"),
        CrashPoint("between-write-and-journal-row", "PUT", QUEUE, nth=2),
        CrashPoint("mid-batch-before-a-write", "PUT", QUEUE, nth=3, landed=False),
        CrashPoint("flow-import-job-registered", "POST", "/api/v2/flows/jobs"),
        CrashPoint("flow-import-job-running", "GET", "/api/v2/flows/jobs/*"),
        CrashPoint("flow-import-job-finished", "GET", "/api/v2/flows/jobs/*", nth=2),
        CrashPoint("second-flow-import", "POST", "/api/v2/flows/jobs", nth=2, landed=False),
        CrashPoint("last-write-landed", "DELETE", "/api/v2/routing/skills/*"),
        CrashPoint(
            "during-rollback",
            "PUT",
            QUEUE,
            nth=4,  # two queue writes landed, the third failed: the first undo
            fail="the third queue write answers 500",
        ),
        CrashPoint("during-recovery", "PUT", QUEUE, nth=2, kill_recovery=True),
        CrashPoint("during-outbox-delivery", "POST", "/webhook", webhook=True),
    )
}


@dataclass(frozen=True, slots=True)
class CrashCase:
    """What a kill and its recovery left."""

    point: str
    recovery: str
    killed: bool
    recovered: bool  # the recovery command exited 0
    where: str
    converged: bool
    lost: tuple[str, ...]
    duplicated: tuple[str, ...]
    unfinished: int  # deployments left running in the journal
    lock_held: bool
    tracebacks: int
    output: str
    record_problems: tuple[str, ...] = ()  # audit chain and outbox against the journal
    audit_verified: bool = False  # `cxgate audit verify` exit 0

    @property
    def ok(self) -> bool:
        expected = "original" if self.recovery == "resume" else "desired"
        clean = not (self.unfinished or self.lock_held or self.tracebacks or self.record_problems)
        clean = clean and self.audit_verified
        return self.killed and self.recovered and self.where == expected and clean

    def as_dict(self) -> dict[str, object]:
        return {f: getattr(self, f) for f in self.__dataclass_fields__}


def write_bundle(root: Path, webhook: str | None = None) -> Path:
    """The chaos bundle as files: the objects of ``chaos_bodies``, two flows, a delete;
    with ``webhook``, every event goes to that receiver (signed with ``HOOK_KEY``)."""
    bodies = chaos_bodies()
    (root / "queues").mkdir(parents=True)
    (root / "flows").mkdir()
    config: dict[str, object] = {"version": 1, "delete": {"skill": [DELETED_SKILL]}}
    if webhook is not None:
        config["webhooks"] = {"chaos": {"url": webhook, "secretEnv": HOOK_ENV}}
    (root / "cxgate.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    for index, body in enumerate(bodies["queue"].values()):
        (root / "queues" / f"q{index}.yaml").write_text(yaml.safe_dump(body), encoding="utf-8")
    sections = {
        "skills.yaml": {"skills": list(bodies["skill"])},
        "languages.yaml": {"languages": list(bodies["language"])},
        "wrapup_codes.yaml": {"wrapupCodes": list(bodies["wrapup_code"].values())},
    }
    for file, section in sections.items():
        (root / file).write_text(yaml.safe_dump(section), encoding="utf-8")
    (root / "flows" / "main.yaml").write_text(_flow_text(FLOW), encoding="utf-8")
    (root / "flows" / "chaos.yaml").write_text(_flow_text(NEW_FLOW), encoding="utf-8")
    return root


def cxgate_env(url: str, secret: str = "chaos-secret", **extra: str) -> dict[str, str]:
    """The environment of a cxgate process pointed at ``url`` (nothing inherited that
    would point it elsewhere)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GENESYSCLOUD_", "CXGATE_"))}
    return {
        **env,
        "GENESYSCLOUD_API_URL": url,
        "GENESYSCLOUD_OAUTHCLIENT_ID": "chaos",
        "GENESYSCLOUD_OAUTHCLIENT_SECRET": secret,
        "CXGATE_MAX_WORKERS": "1",
        HOOK_ENV: HOOK_KEY,
        **extra,
    }


def cxgate(org: Org, *args: str | Path, **env: str) -> subprocess.Popen[str]:
    """Start a real ``cxgate`` process against the org."""
    return subprocess.Popen(
        [str(CXGATE), *map(str, args)],
        env=cxgate_env(org.url, org.secret, **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


class KilledError(Exception):
    """Ends the request of a killed process, so its write is not handled."""


class _QuietKills(logging.Filter):
    """uvicorn logs every request a kill ends on purpose as an application error."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and record.exc_info[0] is KilledError)


logging.getLogger("uvicorn.error").addFilter(_QuietKills())


def arm_kill(
    emulator: Emulator, point: CrashPoint, nth: int | None = None
) -> Callable[[subprocess.Popen[str]], None]:
    """Kill -9 the process at the point's call; returns the function that names the
    process to kill."""
    target: dict[str, subprocess.Popen[str]] = {}
    seen = {"calls": 0}
    wanted = point.nth if nth is None else nth
    hook = emulator.after_next if point.landed else emulator.before_next

    def maybe_kill() -> None:
        seen["calls"] += 1
        if seen["calls"] < wanted:
            hook(point.method, point.path, maybe_kill)
            return
        process = target.get("process")
        if process is None or process.poll() is not None:
            return
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        if not point.landed:
            raise KilledError  # the request dies with its process: nothing is handled

    hook(point.method, point.path, maybe_kill)
    return lambda process: target.__setitem__("process", process)


class Receiver:
    """A webhook receiver on loopback: answers 200, or kills the armed process at the first
    delivery (the answer never goes back: the event stays claimed in the outbox)."""

    def __init__(self) -> None:
        self.events: list[bytes] = []
        self.target: subprocess.Popen[str] | None = None
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                receiver.events.append(body)
                target, receiver.target = receiver.target, None
                if target is not None and target.poll() is None:
                    os.kill(target.pid, signal.SIGKILL)
                    target.wait()
                    self.close_connection = True
                    return
                self.send_response(200)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                """Quiet."""

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/webhook"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    out, err = process.communicate(timeout=180)
    return process.returncode, out + err


@cache
def desired_view() -> View:
    """The org after a clean ``cxgate apply`` of the chaos bundle."""
    with served_org(speed=1.0) as org:
        bundle = write_bundle(org.state.parent / "bundle")
        code, output = _finish(cxgate(org, "apply", bundle, "--yes", "--state-dir", org.state))
        if code != 0:
            raise AssertionError(f"the clean apply of the chaos bundle failed:\n{output}")
        return org_view(org.emulator.store)


def _recovery(org: Org, bundle: Path, recovery: str) -> list[str | Path]:
    if recovery == "resume":
        return ["resume", "--state-dir", org.state]
    return ["apply", bundle, "--yes", "--resume", "finish", "--state-dir", org.state, "-q"]


def run_crash_point(point: CrashPoint, recovery: str = "resume") -> CrashCase:
    """Kill an apply at ``point``, recover with ``resume`` or ``finish``; what it left."""
    desired = desired_view()
    receiver = Receiver()
    try:
        with served_org(speed=1.0) as org:
            return _crash_and_recover(org, receiver, point, recovery, desired)
    finally:
        receiver.close()


def _crash_and_recover(
    org: Org, receiver: Receiver, point: CrashPoint, recovery: str, desired: View
) -> CrashCase:
    store = org.emulator.store
    bundle = write_bundle(org.state.parent / "bundle", receiver.url)
    original, before = org_view(store), names(store)
    if point.fail is not None:
        org.emulator.faults = _failing(org.emulator)
    aim = (
        (lambda p: setattr(receiver, "target", p))
        if point.webhook
        else arm_kill(org.emulator, point)
    )
    apply = cxgate(org, "apply", bundle, "--yes", "--state-dir", org.state, "-q")
    aim(apply)
    code, output = _finish(apply)
    killed = code == -signal.SIGKILL
    org.emulator.faults = None
    outputs = [output]
    if point.kill_recovery:
        again = CrashPoint(point.name, "PUT", QUEUE, nth=1)
        aim_again = arm_kill(org.emulator, again)
        first = cxgate(org, *_recovery(org, bundle, recovery))
        aim_again(first)
        code, output = _finish(first)
        killed = killed and code == -signal.SIGKILL
        outputs.append(output)
    code, output = _finish(cxgate(org, *_recovery(org, bundle, recovery)))
    outputs.append(output)
    verified, audit_output = _finish(cxgate(org, "audit", "verify", "--state-dir", org.state))
    outputs.append(audit_output)
    found = verdict(original, desired, org_view(store), before, names(store))
    unfinished, held, problems = _journal(org)
    everything = "\n".join(outputs)
    return CrashCase(
        point=point.name,
        recovery=recovery,
        killed=killed,
        recovered=code == 0,
        where=found.where,
        converged=found.converged,
        lost=found.lost,
        duplicated=found.duplicated,
        unfinished=unfinished,
        lock_held=held,
        tracebacks=everything.count("Traceback"),
        output=everything[-2000:],
        record_problems=tuple(problems),
        audit_verified=verified == 0,
    )


def _failing(emulator: Emulator) -> FaultPlan:
    """The third queue PUT fails (500, nothing applied); the others pass."""
    third = sorted(
        q["id"] for q in emulator.store.table("queues").values() if q["name"] == "Collections"
    )[0]
    return FaultPlan(phase="before").with_rule(
        "500", 1.0, method="PUT", path=f"/api/v2/routing/queues/{third}"
    )


def _journal(org: Org) -> tuple[int, bool, list[str]]:
    """Deployments left running, whether the org's lock is still held, and what the audit
    chain and the outbox lack against the journal."""
    with SqliteStore.open(org.state) as store:
        org_id = str(org.emulator.store.organization["id"])
        problems = record_problems(store, audit_directory(store), org.secret, org_id)
        held = store.lock_holder(org_id) is not None
        return len(store.unfinished_deployments(org_id)), held, problems
