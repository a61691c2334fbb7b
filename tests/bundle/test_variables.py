"""``{{ var }}`` substitution per environment."""

from __future__ import annotations

from cxgate.bundle.variables import substitute
from cxgate.bundle.yamlsrc import load_yaml_text


def _doc(text: str):  # type: ignore[no-untyped-def]
    doc, _ = load_yaml_text(text, "q.yaml")
    assert doc is not None
    return doc


def test_whole_placeholders_keep_the_variable_type() -> None:
    """``"{{ t }}"`` with t=8 is the integer 8; inside text it is formatted in."""
    doc, problems = substitute(
        _doc('a: "{{ t }}"\nb: "Q {{t}} s"\nc: [x, "{{ t }}"]\n'), {"t": 8}, None
    )
    assert doc.data == {"a": 8, "b": "Q 8 s", "c": ["x", 8]}
    assert problems == []


def test_unknown_variables_are_located_problems() -> None:
    """Each unknown name is reported at its line, with the place to define it."""
    _, problems = substitute(_doc("a: 1\nb: '{{ nope }}'\n"), {}, "prod")
    assert len(problems) == 1
    assert problems[0].line == 2
    assert "unknown variable 'nope'" in problems[0].message
    assert "environments.prod.vars" in problems[0].fix


def test_strings_without_placeholders_are_untouched() -> None:
    """Braces that are not placeholders stay as written."""
    doc, _ = substitute(_doc("a: '{ x }'\nb: 3\n"), {}, None)
    assert doc.data == {"a": "{ x }", "b": 3}
