"""pydantic errors as Problems: values quoted short, whatever the file holds."""

from __future__ import annotations

from pathlib import Path

from cxgate.bundle.load import load_bundle


def test_long_values_are_cut_in_messages(tmp_path: Path) -> None:
    """A wrong value is quoted, but never more than 60 characters of it."""
    (tmp_path / "queues").mkdir()
    (tmp_path / "cxgate.yaml").write_text("version: 1\n")
    long_list = "[" + ", ".join(f"item-{n}" for n in range(500)) + "]"
    (tmp_path / "queues" / "q.yaml").write_text(f"name: Q\ndescription: {long_list}\n")
    _, problems = load_bundle(tmp_path)
    (problem,) = problems
    assert problem.message.startswith("expected text, got ['item-0', 'item-1'")
    assert problem.message.endswith("…")
    assert "item-499" not in problem.message
    assert len(problem.message) < 100
