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


def _laughs(levels: int) -> str:
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (_laughs(9), "aliases expand to more than 10,000 values"),
        ("[" * 100_000 + "]" * 100_000, "nested deeper than 100 levels"),
        ("".join(f"{'  ' * n}k:\n" for n in range(5_000)), "nested deeper than 100 levels"),
        ("a: &a [*a]\n", "refers to itself"),
    ],
    ids=["billion-laughs", "brackets", "blocks", "cycle"],
)
def test_hostile_yaml_is_one_problem_not_a_hang_or_crash(text: str, message: str) -> None:
    """Alias bombs, deep nesting and cycles stop at a limit, as one located problem."""
    doc, problems = load_yaml_text(text, "queues/x.yaml")
    assert doc is None
    assert [(p.file, p.rule) for p in problems] == [("queues/x.yaml", "yaml")]
    assert message in problems[0].message
    assert problems[0].line is not None


def test_nul_characters_are_refused() -> None:
    """A NUL in a name is an error with its line; the rest of the file still reads."""
    doc, problems = load_yaml_text('name: "Sales\\0"\ndescription: ok\n', "queues/x.yaml")
    assert doc is not None
    assert [(p.line, p.message) for p in problems] == [(1, "a NUL character (\\0) in the text")]


def test_unsafe_tags_are_a_problem_and_never_constructed() -> None:
    """A python tag is refused by the safe constructor: one problem, no traceback."""
    doc, problems = load_yaml_text("name: !!python/name:os.system x\n", "queues/x.yaml")
    assert doc is None
    assert problems[0].message.startswith("not valid YAML: could not determine a constructor")


def test_syntax_errors_never_quote_the_file() -> None:
    """The reason and the line, never the file's text around it."""
    _, problems = load_yaml_text("secret: s3cr3t-value\n  bad: [\n", "queues/x.yaml")
    assert len(problems) == 1
    assert "s3cr3t" not in str(problems[0])
