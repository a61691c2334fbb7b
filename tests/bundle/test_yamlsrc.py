"""YAML with line numbers."""

from __future__ import annotations

import pytest

from cxgate.bundle.yamlsrc import load_yaml_text, path_text

TEXT = """\
name: Q
rings:
  - threshold: 15
    when: 2025-01-01
name: again
"""


def test_every_path_has_its_line() -> None:
    """Keys and list items carry 1-based lines; parents cover missing children."""
    doc, _ = load_yaml_text(TEXT, "q.yaml")
    assert doc is not None
    assert doc.line_of(("rings", 0, "threshold")) == 3
    assert doc.line_of(("rings", 0, "nothing", "deeper")) == 3
    assert doc.data["rings"][0]["when"] == "2025-01-01"  # dates stay strings


def test_duplicate_keys_are_reported_with_the_second_line() -> None:
    """PyYAML would keep the last silently; we say so."""
    _, problems = load_yaml_text(TEXT, "q.yaml")
    assert [(p.path, p.line, p.rule) for p in problems] == [("name", 5, "yaml")]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: [1\nb: 2\n", 2, "not valid YAML"),
        ("a: 1\n  b: 2\n", 2, "not valid YAML"),
        ("a: 1\n---\nb: 2\n", None, "several YAML documents"),
        ("? [a, b]\n: 1\n", 1, "plain word"),
    ],
)
def test_syntax_errors_are_one_problem_with_a_line(
    text: str, line: int | None, message: str
) -> None:
    """Bad YAML never raises; it yields one located problem."""
    _, problems = load_yaml_text(text, "x.yaml")
    assert len(problems) == 1
    assert problems[0].line == line
    assert message in problems[0].message


def test_merge_keys_and_empty_files() -> None:
    """``<<: *anchor`` merges; an empty file is None data, no problem."""
    doc, _ = load_yaml_text("base: &b {k: 1}\nm:\n  <<: *b\n  j: 2\n", "x.yaml")
    assert doc is not None
    assert doc.data["m"] == {"k": 1, "j": 2}
    empty, problems = load_yaml_text("", "x.yaml")
    assert empty is not None
    assert empty.data is None
    assert problems == []


@pytest.mark.parametrize(
    ("path", "text"), [((), ""), (("a",), "a"), (("a", 0, "b"), "a[0].b"), ((0,), "[0]")]
)
def test_path_text(path: tuple[str | int, ...], text: str) -> None:
    """Paths print the way people write them."""
    assert path_text(path) == text
