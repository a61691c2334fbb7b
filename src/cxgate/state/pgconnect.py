"""Opening the PostgreSQL state store's connection, and naming it without its password.

The password comes from the URL, ``PGPASSWORD`` or ``~/.pgpass`` (libpq reads the last two);
``Target`` (what messages and ``location`` show) holds user, host, port and database only, and
``reason`` blanks any secret from a driver message, although libpq never echoes one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import psycopg
from psycopg.conninfo import conninfo_to_dict

from cxgate.errors import ConfigError

__all__ = ["Target", "closing_on_error", "open_connection", "reason"]

_CONNECT_TIMEOUT_S = 10
# Server side: a client that vanished without closing (power cut) loses its session, and so
# its deployment lock, after ~60 s (https://www.postgresql.org/docs/current/runtime-config-connection.html).
_SESSION = "SET tcp_keepalives_idle = 30; SET tcp_keepalives_interval = 10; "
_SESSION += "SET tcp_keepalives_count = 3; SET application_name = 'cxgate'"
_FIX = "check --state / $CXGATE_STATE_URL / state: in cxgate.yaml, and that the server is up"


@dataclass(frozen=True)
class Target:
    """Where the store lives, for messages: never holds the password."""

    host: str
    port: str
    database: str
    user: str

    @classmethod
    def of(cls, conn: psycopg.Connection[Any]) -> Target:
        """Where an open connection really went."""
        info = conn.info
        return cls(info.host, str(info.port), info.dbname, info.user)

    def __str__(self) -> str:
        return f"host {self.host}, port {self.port}, database {self.database}"

    @property
    def url(self) -> str:
        host, database = quote(self.host, safe=""), quote(self.database)
        return f"postgresql://{quote(self.user)}@{host}:{self.port}/{database}"


def open_connection(url: str) -> psycopg.Connection[Any]:
    """An autocommit connection to ``url``; failures are ConfigErrors naming the server."""
    secrets = (unquote(urlsplit(url).password or ""), os.environ.get("PGPASSWORD", ""))
    target, params = _parse(url, secrets)
    options: dict[str, Any] = {"autocommit": True}
    if "connect_timeout" not in params:
        options["connect_timeout"] = _CONNECT_TIMEOUT_S
    try:
        with closing_on_error(psycopg.connect(url, **options)) as conn:
            conn.execute(_SESSION)
    except psycopg.Error as exc:
        raise ConfigError(
            f"cannot connect to the PostgreSQL state store ({target}): {reason(exc, secrets)} "
            f"(fix: {_FIX}; the password comes from the URL, PGPASSWORD or ~/.pgpass)"
        ) from None
    return conn


def _parse(url: str, secrets: Sequence[str]) -> tuple[Target, dict[str, Any]]:
    """Host, port and database as libpq will use them (URL, then PG* variables, then defaults)."""
    try:
        params = conninfo_to_dict(url)
    except psycopg.Error as exc:
        raise ConfigError(
            f"the state store URL is not a valid PostgreSQL URL: {reason(exc, secrets)} "
            "(fix: postgresql://USER@HOST:PORT/DATABASE)"
        ) from None
    env = os.environ
    user = str(params.get("user") or env.get("PGUSER") or "")
    target = Target(
        host=str(params.get("host") or env.get("PGHOST") or "localhost"),
        port=str(params.get("port") or env.get("PGPORT") or "5432"),
        database=str(params.get("dbname") or env.get("PGDATABASE") or user or "(the user's)"),
        user=user,
    )
    return target, params


@contextmanager
def closing_on_error(conn: psycopg.Connection[Any]) -> Iterator[psycopg.Connection[Any]]:
    """Close ``conn`` if the block fails (a half-prepared store must not leak its session)."""
    try:
        yield conn
    except BaseException:
        conn.close()
        raise


def reason(exc: BaseException, secrets: Sequence[str] = ()) -> str:
    """The driver's message on one line, with any secret blanked."""
    text = " ".join(str(exc).split())
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text
