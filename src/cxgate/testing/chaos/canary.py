"""Canary secrets searched for in every byte a full run of cxgate writes.

A canary client secret, the bearer tokens the org mints for it, a webhook signing key and a
database password are handed to real ``cxgate`` processes (validate, plan, apply with a
metrics file, history, rollback, a failing apply, a refused login, an HTML report, the audit
log, the webhooks' status, flow deploy, export) at every verbosity. Then their stdout and
stderr, their process titles (``/proc/PID/cmdline``, sampled while they run), every file
under the run's directory (plan file, state store, audit log, metrics, report, exported
bundle) and every row of the PostgreSQL store are searched for each canary, in the forms a
leak would take (as is, URL-quoted, inside HTTP Basic credentials).
"""

from __future__ import annotations

import base64
import re
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

from cxgate.clock import SystemClock
from cxgate.emulator import Emulator, FaultPlan
from cxgate.emulator.inprocess import Outcome
from cxgate.emulator.serve import EmulatorServer
from cxgate.emulator.wire import Call
from cxgate.testing.chaos.commands import FLOW, Org, flow_text
from cxgate.testing.chaos.crash import CXGATE, cxgate_env, write_bundle
from cxgate.testing.postgres import PgServer, PgUnavailableError

__all__ = ["CanaryResult", "run_canaries"]

SECRET = "canary-client-secret-7f3e9a41"
WEBHOOK_KEY = "canary-webhook-key-2b8c6d05"
WEBHOOK_ENV = "CHAOS_WEBHOOK_KEY"
VERBOSITY = ((), ("-v",), ("-vv",))


class TokenTap(Emulator):
    """The emulator, noting every bearer token it is shown (the canary tokens)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.bearers: set[str] = set()

    def process(self, call: Call) -> Outcome:
        header = call.header("authorization") or ""
        if header.lower().startswith("bearer "):
            self.bearers.add(header[7:].strip())
        return super().process(call)


@dataclass
class CanaryResult:
    """Where each canary was found (``hits``: canary name → places)."""

    commands: int = 0
    bytes_searched: int = 0
    tokens: int = 0
    database: bool = False
    hits: dict[str, list[str]] = field(default_factory=dict)
    exit_codes: list[int] = field(default_factory=list)
    tracebacks: int = 0

    @property
    def canary_hits(self) -> int:
        return sum(len(places) for places in self.hits.values())


@dataclass
class _Run:
    root: Path
    org: Org
    env: dict[str, str]
    texts: list[tuple[str, bytes]] = field(default_factory=list)
    codes: list[int] = field(default_factory=list)

    def cxgate(self, *args: str | Path, **env: str) -> int:
        """Run one command; keep its output and every process title seen while it ran."""
        process = subprocess.Popen(
            [str(CXGATE), *map(str, args)],
            env={**self.env, **env},
            cwd=self.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        titles = _titles(process)
        out, err = process.communicate(timeout=180)
        label = " ".join(map(str, args[:3]))
        self.texts += [(f"stdout of {label}", out), (f"stderr of {label}", err)]
        self.texts += [(f"process title of {label}", t) for t in titles()]
        self.codes.append(process.returncode)
        return process.returncode


def _titles(process: subprocess.Popen[bytes]) -> Any:
    """Sample /proc/PID/cmdline and comm until the process ends."""
    seen: set[bytes] = set()
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set() and process.poll() is None:
            for name in ("cmdline", "comm"):
                with suppress(OSError):
                    seen.add(Path(f"/proc/{process.pid}/{name}").read_bytes())
            stop.wait(0.02)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()

    def collected() -> set[bytes]:
        stop.set()
        thread.join()
        return seen

    return collected


@contextmanager
def _database() -> Iterator[PgServer | None]:
    try:
        server = PgServer.start()
    except PgUnavailableError:
        yield None
        return
    with server:
        yield server


def run_canaries(
    *, verbosities: tuple[tuple[str, ...], ...] = VERBOSITY, quick: bool = False
) -> CanaryResult:
    """Every command at every verbosity with the canaries set; then search everything.
    ``quick``: only the commands that write (apply, rollback, a failing apply) and a
    refused login."""
    result = CanaryResult()
    emulator = TokenTap(seed="demo", rate_limit=0, credentials=("chaos", SECRET))
    with (
        tempfile.TemporaryDirectory(prefix="cxgate-canary-") as tmp,
        EmulatorServer(emulator) as server,
        _database() as database,
    ):
        root = Path(tmp)
        org = Org(emulator, server.url, SystemClock(), root / "state", secret=SECRET)
        env = cxgate_env(server.url, SECRET, **{WEBHOOK_ENV: WEBHOOK_KEY})
        env |= {"HOME": str(root / "home"), "XDG_STATE_HOME": str(root / "xdg")}
        run = _Run(root, org, env)
        # A database URL travels in the environment, as the README advises: on the command
        # line every user of the machine would read its password in `ps`.
        state = database.create_database() if database else str(root / "state")
        if database is not None:
            run.env["CXGATE_STATE_URL"] = state
        where = () if database is not None else ("--state", state)
        _commands(run, write_bundle(root / "bundle"), where, verbosities, quick=quick)
        result.database = database is not None
        texts = [*run.texts, *_files(root)]
        if database is not None:
            texts += _rows(state)
        canaries = _canaries(emulator.bearers, database)
    result.commands = len(run.codes)
    result.exit_codes = run.codes
    result.tokens = len(emulator.bearers)
    result.bytes_searched = sum(len(data) for _, data in texts)
    result.tracebacks = sum(data.count(b"Traceback") for _, data in texts)
    for name, forms in canaries.items():
        places = [where for where, data in texts if any(form in data for form in forms)]
        if places:
            result.hits[name] = places
    return result


def _commands(
    run: _Run,
    bundle: Path,
    state: tuple[str, ...],
    verbosities: tuple[tuple[str, ...], ...],
    *,
    quick: bool,
) -> None:
    config = yaml.safe_load((bundle / "cxgate.yaml").read_text())
    config["webhooks"] = {
        "audit": {"url": "https://hooks.example.com/cxgate", "secretEnv": WEBHOOK_ENV}
    }
    (bundle / "cxgate.yaml").write_text(yaml.safe_dump(config))
    flow = run.root / "flow.yaml"
    flow.write_text(flow_text(FLOW))
    for level in verbosities:
        if not quick:
            run.cxgate(*level, "validate", bundle)
            run.cxgate(*level, "plan", bundle, "--out", run.root / "plan.json", *state)
        metrics = run.root / f"metrics{len(run.codes)}.prom"
        run.cxgate("--metrics-file", metrics, *level, "apply", bundle, "--yes", *state)
        run.cxgate(*level, "history", *state, "-o", "json")
        last = _last_deployment(run)
        if last:
            run.cxgate(*level, "rollback", last, "--yes", "--force", *state)
        run.org.emulator.faults = FaultPlan(phase="before").with_rule(
            "500", 1.0, method="PUT", path="/api/v2/routing/queues/*"
        )
        run.cxgate(*level, "apply", bundle, "--yes", *state)
        run.org.emulator.faults = None
        run.cxgate(*level, "org", "show", GENESYSCLOUD_OAUTHCLIENT_SECRET=f"wrong-{SECRET}")
        run.cxgate(*level, "report", "--html", run.root / "report.html", *state)
        run.cxgate(*level, "audit", "show", *state)
        run.cxgate(*level, "webhooks", "status", "--bundle", bundle)
        if not quick:
            run.cxgate(*level, "flow", "deploy", flow)
            run.cxgate(*level, "export", run.root / "exported")


def _last_deployment(run: _Run) -> str | None:
    """The newest deployment id in the last ``history -o json`` output."""
    out = next(data for where, data in reversed(run.texts) if where.startswith("stdout"))
    found = re.search(rb'"(d-\d{8}-\d{6}-[0-9a-f]+)"', out)
    return found.group(1).decode() if found else None


def _files(root: Path) -> list[tuple[str, bytes]]:
    return [(f"file {p.relative_to(root)}", p.read_bytes()) for p in root.rglob("*") if p.is_file()]


def _rows(url: str) -> list[tuple[str, bytes]]:
    """Every row of every table of the PostgreSQL store, as JSON text."""
    import psycopg

    found = []
    with psycopg.connect(url) as conn:
        tables = conn.execute(
            "select table_name from information_schema.tables where table_schema = 'public'"
        ).fetchall()
        for (table,) in tables:
            rows = conn.execute(f'select row_to_json(t)::text from "{table}" t').fetchall()
            found += [(f"row of {table}", str(row[0]).encode()) for row in rows]
    return found


def _canaries(tokens: set[str], database: PgServer | None) -> dict[str, list[bytes]]:
    basic = base64.b64encode(f"chaos:{SECRET}".encode())
    found = {
        "client secret": [SECRET.encode(), quote(SECRET).encode(), basic],
        "webhook key": [WEBHOOK_KEY.encode()],
    }
    for n, token in enumerate(sorted(tokens)):
        found[f"bearer token {n + 1}"] = [token.encode()]
    if database is not None:
        found["database password"] = [database.password.encode(), quote(database.password).encode()]
    return found
