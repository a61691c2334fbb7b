"""The throwaway PostgreSQL server: finding the binaries, starting, failing clearly."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from cxgate.testing import postgres as pgserver
from cxgate.testing.postgres import PgServer, PgUnavailableError, find_bin_dir


def _bin(directory: Path, script: str = "exit 0") -> Path:
    directory.mkdir(parents=True)
    for tool in ("initdb", "pg_ctl", "postgres"):
        (directory / tool).write_text(f"#!/bin/sh\n{script}\n")
        (directory / tool).chmod(0o755)
    return directory


def test_find_bin_dir_order(tmp_path: Path) -> None:
    """$CXGATE_PG_BIN, then initdb on PATH, then the newest Debian version directory."""
    debian = tmp_path / "lib"
    for version in ("9.6", "15", "13"):
        _bin(debian / version / "bin")
    (debian / "16" / "bin").mkdir(parents=True)  # incomplete: skipped
    on_path = _bin(tmp_path / "path")
    assert find_bin_dir({"CXGATE_PG_BIN": "/x"}, debian, []) == Path("/x")
    assert find_bin_dir({"PATH": str(on_path)}, debian, []) == on_path
    assert find_bin_dir({"PATH": ""}, debian, []) == debian / "15" / "bin"
    assert find_bin_dir({"PATH": ""}, tmp_path / "none", []) is None


def test_no_binaries_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without binaries the caller gets PgUnavailableError naming the package to install."""
    monkeypatch.setattr(pgserver, "find_bin_dir", lambda: None)
    with pytest.raises(PgUnavailableError, match="postgresql"):
        PgServer.start()


def test_root_without_postgres_user_is_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root the server needs a 'postgres' user to run as."""

    def no_user(name: str) -> None:
        raise KeyError(name)

    monkeypatch.setattr(pgserver.os, "geteuid", lambda: 0)
    monkeypatch.setattr(pgserver.pwd, "getpwnam", no_user)
    with pytest.raises(PgUnavailableError, match="'postgres' user"):
        PgServer.start(bin_dir=_bin(tmp_path / "bin"))


def test_failing_initdb_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A tool that fails reports its stderr (here as a non-root user: no runuser)."""
    monkeypatch.setattr(pgserver.os, "geteuid", lambda: 1000)
    with pytest.raises(PgUnavailableError, match="initdb failed: disk full"):
        PgServer.start(bin_dir=_bin(tmp_path / "bin", "echo disk full >&2; exit 1"))


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A loopback port something already listens on."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        yield busy.getsockname()[1]


def test_durable_server_retries_a_taken_port(
    taken_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A port taken in between is skipped; ``durable`` keeps fsync on; stop removes it all."""
    ports = iter([taken_port, pgserver._free_port()])
    monkeypatch.setattr(pgserver, "_free_port", lambda: next(ports))
    with PgServer.start(durable=True) as server:
        with psycopg.connect(server.url()) as conn:
            assert conn.execute("SHOW fsync").fetchone() == ("on",)
        assert server.url(password=False) == f"postgresql://cxgate@127.0.0.1:{server.port}/postgres"
    assert not server.root.exists()


def test_every_port_taken_fails(taken_port: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """When no attempt can start, the error carries the server's log and nothing is left."""
    monkeypatch.setattr(pgserver, "_free_port", lambda: taken_port)
    with pytest.raises(PgUnavailableError, match="pg_ctl failed") as caught:
        PgServer.start()
    assert "could not" in str(caught.value)
