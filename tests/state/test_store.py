"""Choosing the store: --state, $CXGATE_STATE_URL, state: in cxgate.yaml, $CXGATE_STATE_DIR."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cxgate.errors import ConfigError
from cxgate.state.store import open_store, state_location

URL = "postgresql://cxgate@db/team"


def test_state_location_precedence() -> None:
    """The option wins; the URL variable beats the bundle; the bundle beats the directory
    variable (a stray local setting must not split a team's lock); then ./.cxgate."""
    both = {"CXGATE_STATE_URL": URL, "CXGATE_STATE_DIR": "/d"}
    assert state_location("/x", "/c", both) == "/x"
    assert state_location(None, "/c", both) == URL
    assert state_location(None, "/c", {"CXGATE_STATE_DIR": "/d"}) == "/c"
    assert state_location(None, None, {"CXGATE_STATE_DIR": "/d"}) == Path("/d")
    assert state_location(None, None, {}) == Path.cwd() / ".cxgate"


def test_missing_driver_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without psycopg, a PostgreSQL URL asks for the ``postgres`` extra."""
    monkeypatch.setitem(sys.modules, "cxgate.state.postgres", None)
    with pytest.raises(ConfigError, match=r"cxgate\[postgres\]"):
        open_store("postgresql://cxgate@127.0.0.1:1/x")
