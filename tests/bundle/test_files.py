"""Bundle files from a pull request: links out, odd file types and encodings are refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cxgate.bundle.files import UnreadableFileError, read_bundle_text
from cxgate.bundle.flows import load_flows
from cxgate.bundle.load import load_bundle

from .conftest import MakeBundle

SECRET = "root:$6$s3cr3t-hash:19000:0:99999:7:::"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside the bundle holding something that must never reach a log."""
    path = tmp_path / "shadow"
    path.write_text(f"{SECRET}\nname: leaked\n", encoding="utf-8")
    return path


def _messages(root: Path) -> list[str]:
    _, problems = load_bundle(root)
    return [str(p) for p in problems]


def test_a_link_out_of_the_bundle_is_refused_and_never_read(
    make_bundle: MakeBundle, outside: Path
) -> None:
    """``queues/x.yaml -> /etc/shadow``: one error naming the link, nothing of the target."""
    root = make_bundle({"queues/sales.yaml": "name: Sales\n"})
    (root / "queues" / "x.yaml").symlink_to(outside)
    messages = _messages(root)
    assert any("queues/x.yaml" in m and "outside the bundle" in m for m in messages)
    assert not any(SECRET in m or "leaked" in m or str(outside) in m for m in messages)


def test_a_linked_folder_out_of_the_bundle_is_refused(
    make_bundle: MakeBundle, outside: Path
) -> None:
    """A folder link (``queues -> /etc``) lists files outside: each one is refused."""
    root = make_bundle({})
    (outside.parent / "elsewhere").mkdir()
    os.replace(outside, outside.parent / "elsewhere" / "q.yaml")
    (root / "queues").symlink_to(outside.parent / "elsewhere")
    messages = _messages(root)
    assert any("queues/q.yaml" in m and "outside the bundle" in m for m in messages)
    assert not any(SECRET in m for m in messages)


def test_links_inside_the_bundle_are_read(make_bundle: MakeBundle) -> None:
    """A link to another file of the same bundle is fine."""
    root = make_bundle({"shared/sales.yaml": "name: Sales\n"})
    (root / "queues").mkdir()
    (root / "queues" / "sales.yaml").symlink_to(root / "shared" / "sales.yaml")
    state, problems = load_bundle(root)
    assert state is not None
    assert "Sales" in state.objects["queue"]
    assert not [p for p in problems if p.rule == "files"]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.symlink_to(p.parent / "missing.yaml"), "symbolic link to nothing"),
        (lambda p: p.mkdir(), "is a folder"),
        (os.mkfifo, "not a regular file"),
        (lambda p: p.write_bytes(b"name: Caf\xe9\n"), "not UTF-8 text (byte 9)"),
        (lambda p: p.write_bytes(b"\x00\x01\x02binary"), "not valid YAML"),
    ],
    ids=["dangling-link", "folder", "fifo", "latin-1", "binary"],
)
def test_odd_files_are_one_problem_each(
    make_bundle: MakeBundle, make: object, message: str
) -> None:
    """Never a traceback, never a hang: the file is named, the rest still loads."""
    root = make_bundle({"queues/sales.yaml": "name: Sales\n"})
    assert callable(make)
    make(root / "queues" / "x.yaml")
    state, problems = load_bundle(root)
    assert state is not None
    assert "Sales" in state.objects["queue"]
    assert [p.file for p in problems if message in p.message] == ["queues/x.yaml"]


def test_a_linked_config_file_out_of_the_bundle_is_refused(tmp_path: Path, outside: Path) -> None:
    """cxgate.yaml itself may not point out of the bundle either."""
    root = tmp_path / "bundle"
    root.mkdir()
    (root / "cxgate.yaml").symlink_to(outside)
    state, problems = load_bundle(root)
    assert state is None
    assert [p.file for p in problems] == ["cxgate.yaml"]
    assert SECRET not in str(problems[0])


def test_flow_files_follow_the_same_rules(tmp_path: Path, outside: Path) -> None:
    """flows/*.yaml links out of the bundle are refused by the flow loader too."""
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "x.yaml").symlink_to(outside)
    (tmp_path / "flows" / "dir.yaml").mkdir()
    flows, problems = load_flows(tmp_path, {})
    assert flows == []
    assert sorted(p.file for p in problems) == ["flows/dir.yaml", "flows/x.yaml"]
    assert not any(SECRET in str(p) for p in problems)


def test_text_is_utf8_without_bom_and_with_newlines(tmp_path: Path) -> None:
    """A BOM is dropped and CRLF line ends become LF, as for flow files."""
    path = tmp_path / "a.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\r\nb: 2\r\n")
    assert read_bundle_text(tmp_path, path) == "a: 1\nb: 2\n"


def test_unreadable_file_names_the_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read error says why (simulated: the suite may run as root, who reads everything)."""
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n", encoding="utf-8")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(UnreadableFileError, match=r"cannot be read \(Permission denied\)"):
        read_bundle_text(tmp_path, path)
