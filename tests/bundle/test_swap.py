"""All files of an export change together or none does; the removed ones are listed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cxgate.bundle.swap import swap_in
from cxgate.errors import BundleError


def _tree(root: Path) -> dict[str, str]:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return {p.relative_to(root).as_posix(): p.read_text() for p in files}


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    root = tmp_path / "bundle"
    (root / "queues").mkdir(parents=True)
    (root / "queues" / "old.yaml").write_text("name: Old\n")
    (root / "queues" / "kept.yaml").write_text("name: Kept v1\n")
    (root / "README.md").write_text("ours\n")
    return root


def test_files_move_in_and_stale_ones_are_removed(bundle: Path) -> None:
    """New and changed files land; stale files go and are listed; others stay."""
    files = {bundle / "queues" / "kept.yaml": "name: Kept v2\n", bundle / "skills.yaml": "s\n"}
    stale = [bundle / "queues" / "old.yaml", bundle / "queues" / "kept.yaml"]
    swapped = swap_in(bundle, files, stale)
    assert swapped.removed == [bundle / "queues" / "old.yaml"]
    assert swapped.written == sorted(files)
    assert _tree(bundle) == {
        "README.md": "ours\n",
        "queues/kept.yaml": "name: Kept v2\n",
        "skills.yaml": "s\n",
    }
    assert [p.name for p in bundle.parent.iterdir()] == ["bundle"]  # no staging folder left


def test_a_failed_write_changes_nothing(bundle: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk half-way through: nothing moved in, nothing removed, no staging left."""
    before = _tree(bundle)
    real_write = Path.write_text
    calls = iter(range(10))

    def full_disk(self: Path, text: str, encoding: str | None = None) -> int:
        if next(calls) == 1:
            raise OSError(28, "No space left on device")
        return real_write(self, text, encoding=encoding)

    monkeypatch.setattr(Path, "write_text", full_disk)
    files = {bundle / "a.yaml": "a\n", bundle / "b.yaml": "b\n"}
    with pytest.raises(BundleError, match=r"No space left on device.*nothing in .* was changed"):
        swap_in(bundle, files, [bundle / "queues" / "old.yaml"])
    monkeypatch.undo()
    assert _tree(bundle) == before
    assert [p.name for p in bundle.parent.iterdir()] == ["bundle"]


def test_a_file_or_a_folder_in_the_way_is_refused_before_anything(bundle: Path) -> None:
    """Exporting onto a file, or where a folder stands: one error, no change."""
    before = _tree(bundle)
    with pytest.raises(BundleError, match="is a file, not a folder"):
        swap_in(bundle / "README.md", {}, [])
    (bundle / "queues" / "x.yaml").mkdir()
    with pytest.raises(BundleError, match=r"queues/x.yaml is a folder"):
        swap_in(bundle, {bundle / "queues" / "x.yaml": "x\n"}, [bundle / "queues" / "old.yaml"])
    assert _tree(bundle) == before


def test_never_writes_through_a_link_out_of_the_bundle(bundle: Path, tmp_path: Path) -> None:
    """``queues -> /elsewhere``: refused, the outside folder untouched."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (bundle / "flows").symlink_to(elsewhere)
    with pytest.raises(BundleError, match="through a link to a folder outside the bundle"):
        swap_in(bundle, {bundle / "flows" / "f.yaml": "x\n"}, [])
    assert os.listdir(elsewhere) == []


def test_a_link_inside_is_replaced_not_written_through(bundle: Path, tmp_path: Path) -> None:
    """A file that is a link gets replaced by the file; the link's target is left alone."""
    target = tmp_path / "target.yaml"
    target.write_text("theirs\n")
    (bundle / "queues" / "kept.yaml").unlink()
    (bundle / "queues" / "kept.yaml").symlink_to(target)
    swap_in(bundle, {bundle / "queues" / "kept.yaml": "ours\n"}, [])
    assert target.read_text() == "theirs\n"
    assert not (bundle / "queues" / "kept.yaml").is_symlink()
