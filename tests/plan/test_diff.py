"""The diff: field semantics, object matching, renames, ownership, and its algebra."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxgate.bundle.desired import DesiredState
from cxgate.plan.change import Action, FieldChange, Op
from cxgate.plan.diff import apply_fields, diff_fields, diff_states
from cxgate.plan.ownership import Ownership
from cxgate.resource.base import prune
from cxgate.resource.live import LiveState
from cxgate.testing.entities import synth_entities

LIVE = {"name": "Q", "description": "d", "mediaSettings": {"call": {"alertingTimeoutSeconds": 8}}}


@pytest.mark.parametrize(
    ("desired", "expected"),
    [
        ({"name": "Q"}, []),
        ({"description": "e"}, [FieldChange(("description",), Op.MODIFY, "d", "e")]),
        ({"description": None}, [FieldChange(("description",), Op.REMOVE, "d", None)]),
        ({"routingRules": []}, []),
        (
            {"routingRules": [{"operator": "ANY"}]},
            [FieldChange(("routingRules",), Op.ADD, None, [{"operator": "ANY"}])],
        ),
        ({"mediaSettings": {}}, []),
        (
            {"mediaSettings": {"call": {"alertingTimeoutSeconds": 9}}},
            [FieldChange(("mediaSettings", "call", "alertingTimeoutSeconds"), Op.MODIFY, 8, 9)],
        ),
        (
            {"mediaSettings": {"chat": {"alertingTimeoutSeconds": 30}}},
            [FieldChange(("mediaSettings", "chat"), Op.ADD, None, {"alertingTimeoutSeconds": 30})],
        ),
    ],
)
def test_field_semantics(desired: dict[str, Any], expected: list[FieldChange]) -> None:
    """Absent = unmanaged, null/[] = clear, nested mappings key by key."""
    assert diff_fields(LIVE, desired) == expected


def test_lists_of_mappings_diff_item_by_item() -> None:
    """A change inside one ring shows that ring's path; a length change replaces the list."""
    old = {"rings": [{"t": 1, "s": ["a"]}, {"t": 2}]}
    assert diff_fields(old, {"rings": [{"t": 1, "s": ["a"]}, {"t": 3}]}) == [
        FieldChange(("rings", 1, "t"), Op.MODIFY, 2, 3)
    ]
    assert diff_fields(old, {"rings": [{"t": 1}]})[0].path == ("rings",)
    assert diff_fields(old, {"rings": [{"s": ["a"]}, {"t": 2}]}) == [
        FieldChange(("rings", 0, "t"), Op.REMOVE, 1, None)
    ]


@pytest.mark.parametrize(
    ("old", "new", "differs"),
    [(True, 1, True), (300, 300.0, False), ("1", 1, True), ([1], [True], True), (0.8, 0.8, False)],
)
def test_values_compare_with_their_types(old: Any, new: Any, differs: bool) -> None:
    """True is not 1 and "1" is not 1, but 300 is 300.0."""
    assert bool(diff_fields({"v": old}, {"v": new})) is differs


JSON_SCALAR = st.one_of(st.integers(-5, 5), st.booleans(), st.sampled_from(["a", "b", "c"]))
KEYS = st.sampled_from(["name", "x", "y", "z"])


def _bodies() -> st.SearchStrategy[dict[str, Any]]:
    leaf = st.one_of(JSON_SCALAR, st.lists(JSON_SCALAR, max_size=3))
    tree = st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.dictionaries(KEYS, inner, max_size=3),
            st.lists(st.dictionaries(KEYS, inner, min_size=1, max_size=2), min_size=1, max_size=2),
        ),
        max_leaves=12,
    )
    return st.dictionaries(KEYS, tree, max_size=4).map(prune)


def _overlay(base: Any, top: Any) -> Any:
    if isinstance(base, dict) and isinstance(top, dict):
        return {**base, **{k: _overlay(base.get(k), v) for k, v in top.items()}}
    return top


@given(_bodies())
def test_diff_of_a_body_with_itself_is_empty(a: dict[str, Any]) -> None:
    """diff(a, a) = ∅."""
    assert diff_fields(a, a) == []


@given(_bodies(), _bodies())
def test_applying_the_diff_reaches_the_desired_body(a: dict[str, Any], b: dict[str, Any]) -> None:
    """apply(a, diff(a, b)) is b laid over a, and nothing is left to change."""
    result = apply_fields(a, diff_fields(a, b))
    assert prune(result) == prune(_overlay(a, b))
    assert diff_fields(result, b) == []


ENTITIES = synth_entities(queues=4, skills=3, wrapup_codes=2)
ENTITIES["feature"] = [{"name": n, "enabled": n == "chat"} for n in ("chat", "hipaa")]


def _live() -> LiveState:
    return LiveState.from_entities(ENTITIES)


def _as_desired(live: LiveState, drop: tuple[str, ...] = ()) -> dict[str, dict[str, Any]]:
    return {
        kind: {name: obj.body for name, obj in objects.items() if name not in drop}
        for kind, objects in live.objects.items()
    }


def test_org_against_its_own_export_has_no_changes() -> None:
    """Export then plan = no changes."""
    live = _live()
    assert diff_states(live, DesiredState.from_bodies(_as_desired(live)), Ownership()) == []


def test_creates_updates_and_tokens() -> None:
    """New names are creates; edits are updates carrying the id and the pinned token."""
    live = _live()
    bodies = _as_desired(live)
    bodies["queue"]["Queue 00001"] = {**bodies["queue"]["Queue 00001"], "description": "new"}
    bodies["skill"]["Fresh"] = {"name": "Fresh"}
    changes = diff_states(live, DesiredState.from_bodies(bodies), Ownership())
    assert [(c.action, c.kind, c.name) for c in changes] == [
        (Action.CREATE, "skill", "Fresh"),
        (Action.UPDATE, "queue", "Queue 00001"),
    ]
    update = changes[1]
    assert update.id == ENTITIES["queue"][1]["id"]
    assert update.token == live.get("queue", "Queue 00001").token  # type: ignore[union-attr]
    assert update.token is not None
    assert update.token.scheme == "modified"


def test_undeclared_objects_are_deleted_only_when_owned_or_listed() -> None:
    """Unmanaged objects stay; created-by-cxgate or listed under delete: go."""
    live = _live()
    bodies = _as_desired(live, drop=("Queue 00000", "Queue 00001", "Queue 00002"))
    owned = Ownership.of(
        created=[("queue", ENTITIES["queue"][1]["id"])], listed={"queue": ["Queue 00002"]}
    )
    changes = diff_states(live, DesiredState.from_bodies(bodies), owned)
    assert [(c.action, c.name) for c in changes] == [
        (Action.DELETE, "Queue 00001"),
        (Action.DELETE, "Queue 00002"),
    ]
    assert changes[0].before == live.get("queue", "Queue 00001").body  # type: ignore[union-attr]


def test_rename_is_an_update_not_delete_and_create() -> None:
    """renamedFrom matches the old object and changes its name in place."""
    live = _live()
    bodies = _as_desired(live, drop=("Code 0000",))
    bodies["wrapup_code"]["Won"] = {"name": "Won", "division": "Home", "renamedFrom": "Code 0000"}
    owned = Ownership.of(listed={"wrapup_code": ["Code 0000"]})
    changes = diff_states(live, DesiredState.from_bodies(bodies), owned)
    assert len(changes) == 1
    assert changes[0].action is Action.UPDATE
    assert changes[0].renamed_from == "Code 0000"
    assert changes[0].fields == (FieldChange(("name",), Op.MODIFY, "Code 0000", "Won"),)


def test_org_and_features_are_only_ever_updated() -> None:
    """The org singleton and feature flags cannot be created or deleted."""
    live = _live()
    bodies = {
        "organization": {"organization": {"name": "Renamed Org"}},
        "feature": {"chat": {"enabled": False}, "hipaa": {"enabled": True}},
    }
    changes = diff_states(
        live, DesiredState.from_bodies(bodies), Ownership.of(listed={"feature": ["x"]})
    )
    assert [(c.action, c.kind, c.name) for c in changes] == [
        (Action.UPDATE, "organization", "organization"),
        (Action.UPDATE, "feature", "chat"),
        (Action.UPDATE, "feature", "hipaa"),
    ]
    assert changes[0].token is not None
    assert changes[0].token.value == "7"
