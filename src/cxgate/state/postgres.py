"""The shared state store on PostgreSQL, for teams (not built yet: issue "Shared state")."""

from __future__ import annotations

from cxgate.clock import Clock
from cxgate.errors import ConfigError
from cxgate.state.store import StateStore

__all__ = ["PostgresStore"]


class PostgresStore:
    """Placeholder until the PostgreSQL backend lands."""

    @classmethod
    def connect(cls, url: str, clock: Clock | None = None) -> StateStore:
        """Refuse clearly: only the local SQLite store exists in this version."""
        raise ConfigError("PostgreSQL state stores are not supported yet; use a local --state-dir")
