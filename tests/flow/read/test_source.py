"""Text before YAML: substitutions, masking and the errors that name file and line."""

from __future__ import annotations

from cxgate.flow.read.source import FlowFileError, prepare_text, unmask


def test_tokens_with_values_are_replaced_and_others_masked() -> None:
    """Known keys become values, unknown ones a mask on the same line, remembered by line."""
    prepared = prepare_text("a: {{x}}\nb: {{ y }}\nc: {{y}}\n", {"x": "1"}, "f.yaml")
    assert prepared.text == "a: 1\nb: «y»\nc: «y»\n"
    assert prepared.unset == {"y": 2}
    assert prepared.substituted == {"x"}


def test_unmask_restores_the_author_text() -> None:
    """Masked tokens read back as ``{{key}}``; other guillemets are left alone."""
    assert unmask("«a» and « b »") == "{{a}} and « b »"
    assert unmask("plain") == "plain"


def test_flow_file_error_message() -> None:
    """The error carries file, line, problem and fix, and prints them together."""
    error = FlowFileError("f.yaml", 4, "bad thing", "do better")
    assert str(error) == "f.yaml:4: bad thing (fix: do better)"
    assert (error.file, error.line, error.problem, error.fix) == (
        "f.yaml",
        4,
        "bad thing",
        "do better",
    )
    assert (
        str(FlowFileError("f.yaml", 0, "unreadable", "check")) == "f.yaml: unreadable (fix: check)"
    )
