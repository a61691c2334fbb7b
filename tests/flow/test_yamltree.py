"""YAML nodes with lines, and YAML 1.2 scalars instead of YAML 1.1 surprises."""

from __future__ import annotations

import pytest

from cxgate.flow.yamltree import child, compose, items, line_of, plain, scalar, sequence, single_key


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: yes", {"a": "yes"}),
        ("a: no", {"a": "no"}),
        ("a: on", {"a": "on"}),
        ("a: true", {"a": True}),
        ("a: False", {"a": False}),
        ("a: '1'", {"a": "1"}),
        ("a: 1", {"a": 1}),
        ("a: -2.5", {"a": -2.5}),
        ("a: ~", {"a": None}),
        ("a:", {"a": None}),
        ("a: [x, 'y']", {"a": ["x", "y"]}),
        ("yes: no", {"yes": "no"}),
    ],
)
def test_plain_uses_yaml_12_scalars(text: str, value: object) -> None:
    """Only true/false are booleans; quoted scalars stay strings."""
    assert plain(compose(text, "t.yaml")) == value


def test_accessors_and_lines() -> None:
    """child/items/sequence/single_key read mappings and lists; lines are 1-based."""
    root = compose("top:\n  list:\n    - one: {x: 1}\n    - two\n", "t.yaml")
    top = child(root, "top")
    entries = sequence(child(top, "list"))
    assert [line_of(e) for e in entries] == [3, 4]
    assert single_key(entries[0]) is not None
    assert single_key(entries[1]) is None
    assert scalar(entries[1]) == "two"
    assert [k for k, _ in items(top)] == ["list"]
    assert (items(entries[1]), sequence(top), child(entries[1], "x"), line_of(None, 7)) == (
        [],
        [],
        None,
        7,
    )
