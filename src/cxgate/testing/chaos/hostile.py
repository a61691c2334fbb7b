"""Hostile bundles and Archy files, and hostile servers, through the real command line.

Every case runs ``cxgate`` in its own process (a segfault or a runaway allocation cannot
be caught in-process), measured with ``wait4``: its peak memory and its time. A case
passes when the process ends with exit 0 (the input was harmless after all) or 1 with a
message naming the file (or the host), never a traceback or another code; under 500 MB and
10 s; and, for ``apply``, when nothing reached the org and no deployment was recorded.
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from cxgate.emulator import Emulator
from cxgate.emulator.serve import EmulatorServer
from cxgate.state.sqlite import SqliteStore
from cxgate.testing.chaos.crash import CXGATE, cxgate_env
from cxgate.testing.hostile import Answer, HostileServer, json_answer

__all__ = [
    "FILE_CASES",
    "SERVER_CASES",
    "FileCase",
    "Measured",
    "run_file_case",
    "run_server_case",
]

MEMORY_MB, SECONDS = 500, 10.0
# A server that never answers is given up on after the client's attempts and backoffs
# (6 attempts of CXGATE_TIMEOUT_S=1 here), not after one timeout.
SERVER_SECONDS = 45.0
_BRACKETS = "[" * 100_000 + "]" * 100_000 + "\n"
_WRITES = ("POST", "PUT", "PATCH", "DELETE")


def _laughs() -> str:
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 10)]
    return "\n".join(lines) + "\n"


def _huge(megabytes: int = 50) -> bytes:
    """One queue whose description never ends (50 MB: past the file limit)."""
    return b"name: Huge\ndescription: " + b"x" * (megabytes * 1024 * 1024) + b"\n"


@dataclass(frozen=True, slots=True)
class FileCase:
    """One hostile file at ``path`` in an otherwise valid bundle (``None``: a folder)."""

    name: str
    path: str
    content: bytes | Callable[[], bytes] | None
    link_out: bool = False  # a symlink to a file outside the bundle instead

    def write(self, root: Path, outside: Path) -> None:
        target = root / self.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if self.link_out:
            outside.write_text("name: Outside\ndescription: read from outside\n")
            target.symlink_to(outside)
        elif self.content is None:
            target.mkdir(exist_ok=True)
        else:
            data = self.content() if callable(self.content) else self.content
            target.write_bytes(data)


FILE_CASES: dict[str, FileCase] = {
    c.name: c
    for c in (
        FileCase("yaml-syntax-error", "queues/bad.yaml", b"name: [unclosed\ndescription: x\n"),
        FileCase("wrong-types", "queues/types.yaml", b"name: {a: 1}\nmediaSettings: 7\n"),
        FileCase("unknown-key", "queues/unknown.yaml", b"name: Unknown\nnoSuchField: 1\n"),
        FileCase("duplicate-keys", "queues/dup.yaml", b"name: A\nname: B\n"),
        FileCase("alias-bomb", "skills.yaml", _laughs().encode()),
        FileCase("deep-nesting", "queues/deep.yaml", _BRACKETS.encode()),
        FileCase("fifty-megabytes", "queues/huge.yaml", _huge),
        FileCase("fifteen-megabytes-allowed", "queues/big.yaml", lambda: _huge(15)),
        FileCase("binary", "queues/binary.yaml", bytes(range(256)) * 64),
        FileCase("not-utf8", "queues/latin.yaml", "name: Café\n".encode("latin-1")),
        FileCase("unicode-name", "queues/unicode.yaml", "name: 客服 ☎ Ünïcødé\n".encode()),
        FileCase("separator-in-name", "queues/sep.yaml", b"name: 'a/b\\\\c'\n"),
        FileCase("separator-in-filename", "queues/a\\b.yaml", b"name: Backslash\n"),
        FileCase("symlink-out-of-bundle", "queues/link.yaml", None, link_out=True),
        FileCase("empty-file", "queues/empty.yaml", b""),
        FileCase("empty-folder", "queues/nothing", None),
        FileCase("flow-syntax-error", "flows/bad.yaml", b"inboundCall:\n  name: [x\n"),
        FileCase("flow-deep-nesting", "flows/deep.yaml", _BRACKETS.encode()),
        FileCase("flow-alias-bomb", "flows/laughs.yaml", _laughs().encode()),
        FileCase("flow-binary", "flows/binary.yaml", bytes(range(256)) * 64),
        FileCase("flow-wrong-shape", "flows/shape.yaml", b"inboundCall: [1, 2, 3]\n"),
        FileCase("config-wrong-version", "cxgate.yaml", b"version: 99\n"),
        FileCase("config-null", "cxgate.yaml", b"~\n"),
    )
}


@dataclass(frozen=True, slots=True)
class Measured:
    """One hostile run: how it ended, what it cost, what it left."""

    case: str
    exit_code: int
    peak_mb: float
    seconds: float
    output: str
    named: bool  # the message names the file (or the host)
    writes: int  # calls that would change the org
    deployments: int  # deployments recorded in the state store
    limit_s: float = SECONDS

    @property
    def tracebacks(self) -> int:
        return self.output.count("Traceback")

    @property
    def ok(self) -> bool:
        ended = self.exit_code == 0 or (self.exit_code == 1 and self.named)
        bounded = self.peak_mb < MEMORY_MB and self.seconds < self.limit_s
        untouched = self.exit_code == 0 or (self.writes == 0 and self.deployments == 0)
        return ended and bounded and untouched and not self.tracebacks

    def as_dict(self) -> dict[str, object]:
        fields = ("case", "exit_code", "peak_mb", "seconds", "named", "writes", "deployments")
        return {f: getattr(self, f) for f in fields} | {"output": self.output[-600:]}


def measured_run(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, float, float, str]:
    """Run ``cxgate args``; exit code, peak RSS in MB, seconds, stdout+stderr.

    The peak is the process's own high-water mark (``VmHWM``), sampled while it runs: the
    ``wait4`` figure would also count the memory of this process at the fork."""
    started = time.monotonic()
    process = subprocess.Popen(
        [str(CXGATE), *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    peak = {"kb": 0}
    sampler = threading.Thread(target=_sample_peak, args=(process, peak), daemon=True)
    sampler.start()
    try:
        out, _ = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:  # a hang is a failure, not a wait
        process.kill()
        out, _ = process.communicate()
    sampler.join()
    seconds = time.monotonic() - started
    return process.returncode, peak["kb"] / 1024, seconds, out.decode("utf-8", "replace")


def _sample_peak(process: subprocess.Popen[bytes], peak: dict[str, int]) -> None:
    status = Path(f"/proc/{process.pid}/status")
    while process.poll() is None:
        with suppress(OSError, ValueError):
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak["kb"] = max(peak["kb"], int(line.split()[1]))
        time.sleep(0.005)


def run_file_case(case: FileCase, root: Path) -> Measured:
    """``cxgate apply --yes`` of a bundle holding the hostile file, against a served org."""
    bundle = root / "bundle"
    (bundle / "queues").mkdir(parents=True)
    (bundle / "cxgate.yaml").write_text("version: 1\n")
    (bundle / "queues" / "billing.yaml").write_text("name: Billing\ndescription: hostile run\n")
    case.write(bundle, root / "outside.yaml")
    emulator = Emulator(seed="demo", rate_limit=0)
    state = root / "state"
    with EmulatorServer(emulator) as server:
        args = ["apply", str(bundle), "--yes", "--state-dir", str(state), "-q"]
        code, peak, seconds, output = measured_run(args, cxgate_env(server.url), root)
    writes = sum(1 for r in emulator.requests if r.method in _WRITES)
    return Measured(
        case.name,
        code,
        peak,
        seconds,
        output,
        named=Path(case.path).name in output or case.path.split("/")[0] in output,
        writes=writes,
        deployments=_deployments(state, emulator),
    )


def _deployments(state: Path, emulator: Emulator) -> int:
    if not state.exists():
        return 0
    with SqliteStore.open(state) as store:
        return len(store.deployments(str(emulator.store.organization["id"]), 100))


ORG = {"id": "6a1f3c2e-0000-4000-8000-000000000001", "name": "Hostile", "version": 1}
SERVER_CASES: dict[str, Answer] = {
    "html": Answer(body=b"<html><h1>502 Proxy Error</h1></html>", content_type="text/html"),
    "garbage": Answer(body=bytes(range(256))),
    "truncated-json": Answer(body=b'{"entities": [{"id": "q1", "na'),
    "wrong-shape": json_answer([1, 2, 3]),
    "null-entities": json_answer({"entities": None, "pageCount": 1}),
    "null-entity": json_answer({"entities": [None], "pageCount": 1}),
    "slow-drip": Answer(body=b'{"entities": []}' + b" " * 400, pause=0.05),
    "never-answers": Answer(body=b"{}", pause=3600.0, drip_headers=True),
}


def run_server_case(name: str, root: Path, command: str = "apply") -> Measured:
    """A command against a "Genesys" whose org answers and whose every other endpoint
    answers the hostile way; nothing may be written."""
    bad = SERVER_CASES[name]
    bundle = root / "bundle"
    (bundle / "queues").mkdir(parents=True, exist_ok=True)
    (bundle / "cxgate.yaml").write_text("version: 1\n")
    (bundle / "queues" / "billing.yaml").write_text("name: Billing\ndescription: hostile\n")

    def answer(method: str, path: str) -> Answer:
        return json_answer(ORG) if path.endswith("/organizations/me") else bad

    args = {
        "apply": ["apply", str(bundle), "--yes", "--state-dir", str(root / "state"), "-q"],
        "plan": ["plan", str(bundle), "--state-dir", str(root / "state"), "-q"],
        "export": ["export", str(root / "exported"), "-q"],
    }[command]
    with HostileServer(answer) as server:
        env = cxgate_env(server.url, CXGATE_TIMEOUT_S="1")
        code, peak, seconds, output = measured_run(args, env, root)
        writes = sum(1 for m, path in server.requests if m in _WRITES and path != "/oauth/token")
    return Measured(
        f"{name}/{command}",
        code,
        peak,
        seconds,
        output,
        named="127.0.0.1" in output or "/api/v2/" in output,
        writes=writes,
        deployments=0,
        limit_s=SERVER_SECONDS,
    )
