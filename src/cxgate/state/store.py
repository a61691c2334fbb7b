"""The local state store: one SQLite file in ``.cxgate/`` that outlives a single run.

Holds what must persist between runs: when each object was last changed (cooldowns) and
which objects cxgate created (ownership). Later issues add deployments, snapshots, the journal
and the outbox as new migrations: ``MIGRATIONS`` is append-only and ``PRAGMA user_version``
records how many have run, so an old store upgrades in place on open.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType

from cxgate.clock import Clock, SystemClock
from cxgate.errors import ConfigError

__all__ = ["MIGRATIONS", "STATE_DIR_ENV", "StateStore", "state_dir"]

STATE_DIR_ENV = "CXGATE_STATE_DIR"
DB_NAME = "state.sqlite3"

MIGRATIONS: tuple[str, ...] = (
    # 1: when each object last changed, for the minimum interval between changes.
    """
    CREATE TABLE object_changes (
        org TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
        changed_at REAL NOT NULL, deployment TEXT,
        PRIMARY KEY (org, kind, name)
    );
    """,
    # 2: objects cxgate created, the only undeclared objects it may delete.
    """
    CREATE TABLE owned_objects (
        org TEXT NOT NULL, kind TEXT NOT NULL, object_id TEXT NOT NULL,
        name TEXT NOT NULL, created_at REAL NOT NULL,
        PRIMARY KEY (org, kind, object_id)
    );
    """,
)


def state_dir(explicit: Path | None = None, env: Mapping[str, str] | None = None) -> Path:
    """``--state-dir``, else ``$CXGATE_STATE_DIR``, else ``./.cxgate``."""
    if explicit is not None:
        return explicit
    value = (os.environ if env is None else env).get(STATE_DIR_ENV)
    return Path(value) if value else Path.cwd() / ".cxgate"


class StateStore:
    """A connection to the state database; use as a context manager."""

    def __init__(self, path: Path, clock: Clock | None = None) -> None:
        self.path = path
        self.clock = clock or SystemClock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path)
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(
                f"cannot open the state store {path}: {exc} "
                f"(fix: pass a writable --state-dir or set {STATE_DIR_ENV})"
            ) from exc
        self._migrate()

    @classmethod
    def open(cls, directory: Path, clock: Clock | None = None) -> StateStore:
        """The store in ``directory`` (created if needed)."""
        return cls(directory / DB_NAME, clock)

    def _migrate(self) -> None:
        (version,) = self._db.execute("PRAGMA user_version").fetchone()
        if version > len(MIGRATIONS):
            raise ConfigError(
                f"{self.path} was written by a newer cxgate (schema {version}); upgrade cxgate"
            )
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self._db:
                self._db.executescript(f"BEGIN; {script} PRAGMA user_version = {number}; COMMIT;")

    @property
    def schema_version(self) -> int:
        """How many migrations have run."""
        (version,) = self._db.execute("PRAGMA user_version").fetchone()
        return int(version)

    def record_change(self, org: str, kind: str, name: str, deployment: str | None = None) -> None:
        """Note that ``kind``/``name`` changed now (apply calls this after each write)."""
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO object_changes VALUES (?, ?, ?, ?, ?)",
                (org, kind, name, self.clock.time(), deployment),
            )

    def last_changes(
        self, org: str, keys: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], float]:
        """When each (kind, name) last changed, for those that ever did."""
        wanted = set(keys)
        rows = self._db.execute(
            "SELECT kind, name, changed_at FROM object_changes WHERE org = ?", (org,)
        )
        return {(k, n): t for k, n, t in rows if (k, n) in wanted}

    def record_owned(self, org: str, kind: str, object_id: str, name: str) -> None:
        """Note that cxgate created this object."""
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO owned_objects VALUES (?, ?, ?, ?, ?)",
                (org, kind, object_id, name, self.clock.time()),
            )

    def forget_owned(self, org: str, kind: str, object_id: str) -> None:
        """The object is gone (deleted by apply)."""
        with self._db:
            self._db.execute(
                "DELETE FROM owned_objects WHERE org = ? AND kind = ? AND object_id = ?",
                (org, kind, object_id),
            )

    def owned(self, org: str) -> frozenset[tuple[str, str]]:
        """(kind, id) of every object cxgate created in ``org``."""
        rows = self._db.execute("SELECT kind, object_id FROM owned_objects WHERE org = ?", (org,))
        return frozenset((kind, object_id) for kind, object_id in rows)

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def __enter__(self) -> StateStore:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
