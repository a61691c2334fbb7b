"""The YAML limits: alias bombs, deep nesting, cycles, duplicate keys and NUL, before recursion."""

from __future__ import annotations

import pytest
import yaml

from cxgate.yamlguard import ALIAS_NODES, MAX_DEPTH, YamlLimitError, compose_guarded

TEXT_TAGS = {
    yaml.ScalarNode: "tag:yaml.org,2002:str",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
    yaml.MappingNode: "tag:yaml.org,2002:map",
}


def as_text(kind: type[yaml.Node], value: object, implicit: object) -> str:
    return TEXT_TAGS[kind]


def laughs(levels: int = 9) -> str:
    """The billion laughs: each level is nine aliases of the one before."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"l{level}: &l{level} [{refs}]")
    return "\n".join(lines) + "\n"


def nested_flow(depth: int) -> str:
    return "[" * depth + "]" * depth + "\n"


def nested_block(depth: int) -> str:
    return "".join(f"{'  ' * level}k:\n" for level in range(depth)) + "  " * depth + "v\n"


def test_billion_laughs_stops_at_the_alias_budget_with_its_line() -> None:
    """Nine levels of nine aliases are refused at the alias that passes the budget."""
    with pytest.raises(YamlLimitError, match=f"more than {ALIAS_NODES:,}") as caught:
        compose_guarded(laughs(), as_text)
    assert 4 <= caught.value.line <= 10
    assert "write the values out" in caught.value.fix


def test_aliases_within_the_budget_share_one_node() -> None:
    """A few aliases read as before: the anchored node itself, not a copy."""
    composed = compose_guarded(laughs(2), as_text)
    root = composed.documents[0]
    level2 = root.value[2][1]
    assert len(level2.value) == 9
    assert level2.value[0] is root.value[1][1]


def test_an_alias_inside_its_own_anchor_is_refused() -> None:
    """``&a [*a]`` would make a cycle every walker loops on forever."""
    with pytest.raises(YamlLimitError, match=r"alias \*a refers to itself"):
        compose_guarded("a: &a [1, *a]\n", as_text)


def test_an_undefined_alias_is_a_syntax_error() -> None:
    """An alias to nothing is bad YAML, as PyYAML says too, with its mark."""
    with pytest.raises(yaml.MarkedYAMLError, match="undefined alias"):
        compose_guarded("a: *nowhere\n", as_text)


@pytest.mark.parametrize("make", [nested_flow, nested_block])
def test_depth_is_bounded_before_anything_recursive(make: object) -> None:
    """MAX_DEPTH levels read; one more is refused with its line, flow or block style."""
    assert callable(make)
    assert compose_guarded(make(MAX_DEPTH), as_text).documents
    with pytest.raises(YamlLimitError, match=f"deeper than {MAX_DEPTH}"):
        compose_guarded(make(MAX_DEPTH + 1), as_text)


def test_very_deep_nesting_never_reaches_the_recursion_limit() -> None:
    """5,000 block levels and 100,000 brackets end in the limit error, not RecursionError."""
    for text in (nested_block(5_000), nested_flow(100_000)):
        with pytest.raises(YamlLimitError):
            compose_guarded(text, as_text)


def test_duplicate_keys_and_nul_are_noted_with_lines() -> None:
    """Both are reported (the caller refuses them); merge keys ``<<`` may repeat."""
    text = 'a: 1\nb: "x\\0y"\na: 2\nm:\n  <<: {k: 1}\n  <<: {j: 2}\n'
    notes = compose_guarded(text, as_text).notes
    assert [(n.line, n.message) for n in notes] == [
        (2, "a NUL character (\\0) in the text"),
        (3, "key 'a' appears twice in one mapping"),
    ]


def test_documents_are_kept_apart_with_their_anchors() -> None:
    """Each document is one root; an anchor does not reach into the next document."""
    composed = compose_guarded("a: &x 1\n---\nb: 2\n", as_text)
    assert len(composed.documents) == 2
    with pytest.raises(yaml.MarkedYAMLError):
        compose_guarded("a: &x 1\n---\nb: *x\n", as_text)
    assert compose_guarded("", as_text).documents == []


def test_explicit_tags_are_kept_for_the_constructor() -> None:
    """An explicit tag is left as written (the safe constructor refuses unknown ones)."""
    root = compose_guarded("a: !!python/name:os.system x\nb: !!set {x: null}\n", as_text)
    values = [value.tag for _, value in root.documents[0].value]
    assert values == ["tag:yaml.org,2002:python/name:os.system", "tag:yaml.org,2002:set"]


def test_control_characters_are_a_syntax_error_with_a_line() -> None:
    """libyaml's reader error has no line of its own; we add it and name the character."""
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        compose_guarded("a: 1\nb: secret-\x01-value\n", as_text)
    assert caught.value.problem_mark is not None
    assert caught.value.problem_mark.line + 1 == 2
    assert caught.value.problem == "control characters are not allowed (character #x0001)"
    assert "secret" not in str(caught.value)
