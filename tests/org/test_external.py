"""Names of kinds cxgate refers to but does not manage: read on demand, failures noted."""

from __future__ import annotations

from typing import Any

from cxgate.errors import AuthError
from cxgate.org.external import EXTERNAL_PATHS, read_external
from cxgate.org.live import read_live
from cxgate.testing.entities import StaticReader


class Refusing(StaticReader):
    """Refuses to list groups, as an OAuth client without the permission would."""

    def list_all(self, path: str, params: Any = None, *, page_size: Any = None) -> Any:
        if path == EXTERNAL_PATHS["group"]:
            raise AuthError("missing permission", status=403, code="missing.permissions")
        return super().list_all(path, params, page_size=page_size)


READER = Refusing(
    lists={
        EXTERNAL_PATHS["flow"]: [{"id": "f1", "name": "Main IVR"}, {"id": "f2"}],
        EXTERNAL_PATHS["division"]: [{"id": "d1", "name": "Sales Division"}],
    }
)


def test_only_asked_kinds_are_read_and_refusals_are_noted() -> None:
    """Flows and groups asked for: flows read (nameless skipped), groups unchecked with why."""
    reader = Refusing(lists=READER.lists)
    names = read_external(reader, ["flow", "group", "queue"])
    assert names.pairs == {"flow": (("Main IVR", "f1"),)}
    assert "403" in names.unchecked["group"]
    assert sorted(reader.calls) == ["LIST /api/v2/flows"]


def test_nothing_asked_costs_nothing() -> None:
    """No external kinds: no calls."""
    reader = StaticReader()
    assert read_external(reader, []).pairs == {}
    assert reader.calls == []


def test_live_state_resolves_external_names() -> None:
    """LiveState.read with external kinds: a division with no objects still resolves."""
    reader = Refusing(
        gets={"/api/v2/organizations/me": {"id": "org", "name": "Org", "version": 1}},
        lists=READER.lists,
    )
    live = read_live(reader, external=["division", "group"])
    assert live.refs.id_of("division", "Sales Division") == "d1"
    assert set(live.unchecked) == {"group"}
