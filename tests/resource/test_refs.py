"""Name ↔ id tables."""

from __future__ import annotations

from cxgate.resource import Refs


def test_lookups_both_ways() -> None:
    """A pair added is found by name and by id."""
    refs = Refs({"skill": [("Billing", "s1")]})
    assert refs.id_of("skill", "Billing") == "s1"
    assert refs.name_of("skill", "s1") == "Billing"
    assert refs.names("skill") == {"Billing"}


def test_id_prefix_is_taken_verbatim() -> None:
    """``id:<uuid>`` resolves without a table entry."""
    assert Refs().id_of("flow", "id:abc") == "abc"
    assert Refs().has("flow", "id:abc")


def test_unknown_names_and_ids() -> None:
    """Unknown names are None; unknown ids fall back to the API's name, then ``id:``."""
    refs = Refs()
    assert refs.id_of("skill", "Nope") is None
    assert not refs.has("skill", "Nope")
    assert refs.name_of("flow", "f1", fallback="Main IVR") == "Main IVR"
    assert refs.name_of("flow", "f1") == "id:f1"
