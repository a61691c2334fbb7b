"""Connecting to the PostgreSQL store: failures name host, port and database, and the password
(from the URL, PGPASSWORD or a .pgpass file) appears in no message and no log."""

from __future__ import annotations

import logging
import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from cxgate.errors import ConfigError
from cxgate.state.postgres import PostgresStore
from cxgate.state.store import open_store
from cxgate.testing.postgres import PgServer

CANARY = "canary-Pw-7f3e9a"


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    return f"postgresql://cxgate@{parts.hostname}:{parts.port}{parts.path}"


def _assert_secret_kept(exc: BaseException, log: str) -> None:
    """The canary is in no message: the error, what it came from, or the log."""
    assert CANARY not in str(exc)
    assert CANARY not in str(exc.__context__)
    assert CANARY not in log


def test_wrong_password_in_url(pg_url: str, caplog: pytest.LogCaptureFixture) -> None:
    """A refused password: the error names host, port and database, never the password."""
    caplog.set_level(logging.DEBUG)
    parts = urlsplit(pg_url)
    bad = f"postgresql://cxgate:{CANARY}@127.0.0.1:{parts.port}{parts.path}"
    with pytest.raises(ConfigError) as caught:
        PostgresStore.connect(bad)
    message = str(caught.value)
    assert f"host 127.0.0.1, port {parts.port}, database {parts.path[1:]}" in message
    assert "password authentication failed" in message
    _assert_secret_kept(caught.value, caplog.text)


def test_wrong_pgpassword(
    pg_url: str, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PGPASSWORD is used, and kept out of the error when refused."""
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("PGPASSWORD", CANARY)
    with pytest.raises(ConfigError, match="password authentication failed") as caught:
        PostgresStore.connect(_without_password(pg_url))
    _assert_secret_kept(caught.value, caplog.text)


def test_password_from_pgpassword_or_pgpass(
    pg_server: PgServer, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A URL without password connects with PGPASSWORD, or with a .pgpass file (libpq)."""
    url = _without_password(pg_url)
    monkeypatch.setenv("PGPASSWORD", pg_server.password)
    with PostgresStore.connect(url) as store:
        assert store.location == url
    monkeypatch.delenv("PGPASSWORD")
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{pg_server.port}:*:cxgate:{pg_server.password}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    with PostgresStore.connect(f"{url}?connect_timeout=5") as store:
        assert pg_server.password not in store.location


def test_unreachable_server(caplog: pytest.LogCaptureFixture) -> None:
    """Nothing listening: the error names where it tried (and how to fix it)."""
    caplog.set_level(logging.DEBUG)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ConfigError) as caught:
        open_store(f"postgresql://cxgate:{CANARY}@127.0.0.1:{port}/teamstate")
    message = str(caught.value)
    assert f"host 127.0.0.1, port {port}, database teamstate" in message
    assert "fix:" in message
    _assert_secret_kept(caught.value, caplog.text)


def test_invalid_url_is_refused_without_echoing_it() -> None:
    """A URL libpq cannot parse is refused with the expected form, not the URL itself."""
    with pytest.raises(ConfigError, match="not a valid PostgreSQL URL") as caught:
        PostgresStore.connect(f"postgresql://cxgate:{CANARY}@127.0.0.1:5432/db?bogus=1")
    _assert_secret_kept(caught.value, "")
