"""YAML nodes with lines, and YAML 1.2 scalars instead of YAML 1.1 surprises."""

from __future__ import annotations

import pytest

from cxgate.flow.read.source import FlowFileError
from cxgate.flow.read.yamltree import (
    child,
    compose,
    items,
    line_of,
    plain,
    scalar,
    sequence,
    single_key,
)


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


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("inboundCall:\n  name: A\n  name: B\n", 3, "key 'name' appears twice in one mapping"),
        ('inboundCall:\n  name: "A\\0B"\n', 2, "a NUL character (\\0) in the text"),
        ("a: &a [1, *a]\n", 1, "alias *a refers to itself"),
        ("[" * 100_000 + "]" * 100_000, 1, "nested deeper than 100 levels"),
        ("a: 1\n---\nb: 2\n", 3, "invalid YAML: the file holds several documents"),
    ],
    ids=["duplicate-key", "nul", "cycle", "deep", "two-documents"],
)
def test_flow_files_follow_the_bundle_rules(text: str, line: int, message: str) -> None:
    """Duplicate keys, NUL, cycles and deep nesting stop the read with file and line."""
    with pytest.raises(FlowFileError) as caught:
        compose(text, "f.yaml")
    assert (caught.value.file, caught.value.line, caught.value.problem) == ("f.yaml", line, message)


def test_alias_bombs_in_flow_files_stop_at_the_budget() -> None:
    """Nine levels of nine aliases are refused before anything walks them."""
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 10)]
    with pytest.raises(FlowFileError, match="aliases expand to more than"):
        compose("\n".join(lines), "f.yaml")
