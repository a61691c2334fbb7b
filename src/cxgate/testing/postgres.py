"""A throwaway PostgreSQL server in a temporary directory, for the tests and the benchmark.

``initdb`` + ``pg_ctl`` from the Debian ``postgresql`` package (or ``$CXGATE_PG_BIN``), on a
free loopback port and a private socket directory, password authentication (scram) for a
superuser ``cxgate``. As root the server runs as the ``postgres`` user (PostgreSQL refuses to
run as root). ``stop`` kills it and deletes every file; nothing outlives the ``with`` block.
"""

from __future__ import annotations

import itertools
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

__all__ = ["BIN_ENV", "PgServer", "PgUnavailableError", "find_bin_dir"]

BIN_ENV = "CXGATE_PG_BIN"
_SEARCH = (Path("/usr/local/bin"), Path("/usr/bin"))
_DEBIAN = Path("/usr/lib/postgresql")
_USER = "cxgate"
_FAST = ("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")


class PgUnavailableError(RuntimeError):
    """No PostgreSQL server binaries here (or no ``postgres`` user to run them as root)."""


def find_bin_dir(
    env: Mapping[str, str] | None = None,
    debian: Path = _DEBIAN,
    search: Sequence[Path] = _SEARCH,
) -> Path | None:
    """The directory holding ``initdb``, ``pg_ctl`` and ``postgres``, newest Debian one last.

    ``$CXGATE_PG_BIN`` first, then ``initdb`` on ``PATH`` or in /usr/local/bin (followed to
    its real directory), then ``/usr/lib/postgresql/<version>/bin``, highest version first.
    """
    environ = os.environ if env is None else env
    if environ.get(BIN_ENV):
        return Path(environ[BIN_ENV])
    path = os.pathsep.join([environ.get("PATH", ""), *map(str, search)])
    found = shutil.which("initdb", path=path)
    candidates = [Path(found).resolve().parent] if found else []
    versions = sorted(debian.glob("*/bin"), key=lambda p: _version(p.parent.name), reverse=True)
    return next((d for d in [*candidates, *versions] if _complete(d)), None)


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def _complete(directory: Path) -> bool:
    return all((directory / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres"))


@dataclass
class PgServer:
    """One running throwaway server; ``url()`` connects as its superuser."""

    root: Path
    bin_dir: Path
    port: int
    password: str
    durable: bool = False
    _names: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @classmethod
    def start(cls, *, durable: bool = False, bin_dir: Path | None = None) -> PgServer:
        """initdb and start a server; ``durable`` keeps fsync on (for honest benchmarks)."""
        directory = bin_dir or find_bin_dir()
        if directory is None:
            raise PgUnavailableError(
                "no PostgreSQL server binaries (initdb, pg_ctl): install the Debian package "
                f"'postgresql' or set {BIN_ENV}"
            )
        root = Path(tempfile.mkdtemp(prefix="cxgate-pg-"))
        server = cls(root, directory, 0, secrets.token_hex(16), durable)
        try:
            server._init()
            server._launch()
        except BaseException:
            server.stop()
            raise
        return server

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres", *, password: bool = True) -> str:
        """``postgresql://cxgate[:password]@127.0.0.1:port/database``."""
        secret = f":{self.password}" if password else ""
        return f"postgresql://{_USER}{secret}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new empty database; its URL."""
        import psycopg

        name = f"cxgate_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')  # our own counter, not input
        return self.url(name)

    def stop(self) -> None:
        """Stop at once (nothing here needs a clean shutdown) and delete every file."""
        if self.data.is_dir():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PgServer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def _init(self) -> None:
        secret = self.root / "pwfile"
        secret.write_text(self.password + "\n")
        (self.root / "sock").mkdir()
        self._give_to_server_user()
        self._run(
            "initdb",
            *("-D", str(self.data), "-U", _USER, f"--pwfile={secret}", "--auth=scram-sha-256"),
            *("--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions"),
        )
        secret.unlink()

    def _launch(self, attempts: int = 3) -> None:
        """Start on a free port, trying another if one was taken in between."""
        for _ in range(attempts - 1):
            if self._start(check=False):
                return
        self._start(check=True)

    def _start(self, *, check: bool) -> bool:
        self.port = _free_port()
        options = ["-p", str(self.port), "-k", str(self.root / "sock")]
        options += ["-c", "listen_addresses=127.0.0.1", *([] if self.durable else _FAST)]
        started = self._run(
            *("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log")),
            *("-w", "-t", "60", "-o", " ".join(options), "start"),
            check=check,
        )
        return started.returncode == 0

    def _give_to_server_user(self) -> None:
        """As root, everything under ``root`` belongs to ``postgres`` (the server's user)."""
        if os.geteuid() != 0:
            return
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            raise PgUnavailableError(
                "running as root and no 'postgres' user to run the server as"
            ) from None
        for path in [self.root, *self.root.rglob("*")]:
            os.chown(path, owner.pw_uid, owner.pw_gid)

    def _run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command: Sequence[str] = [str(self.bin_dir / tool), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=self.root)
        if check and done.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text()[-2000:] if log.is_file() else ""
            raise PgUnavailableError(f"{tool} failed: {done.stderr.strip()} {tail}".strip())
        return done


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
