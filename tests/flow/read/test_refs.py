"""Archy reference paths: splitting, parsing and resolving (lessons 4a-4c, GRAMMAR.md §4)."""

from __future__ import annotations

import pytest

from cxgate.flow.read.refs import parse_ref, resolve, segments, to_path


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("/inboundCall/menus/menu[Main Menu_10]", ["inboundCall", "menus", "menu[Main Menu_10]"]),
        ("./tasks/task[a/b]", [".", "tasks", "task[a/b]"]),
        ("../../..", ["..", "..", ".."]),
        ("/x//y/", ["x", "y"]),
    ],
)
def test_segments_split_outside_brackets(text: str, parts: list[str]) -> None:
    """Slashes inside [refId] do not split."""
    assert segments(text) == parts


BASE = (
    "inboundCall",
    "menus",
    "menu[m]",
    "choices",
    "menuSubMenu[s]",
    "choices",
    "menuJumpToMenu[j]",
)


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("/inboundCall/tasks/task[t]", ("inboundCall", "tasks", "task[t]")),
        ("../../../..", ("inboundCall", "menus", "menu[m]")),
        ("../../../../../menu[x]", ("inboundCall", "menus", "menu[x]")),
        ("./choices/menuTask[c]", (*BASE, "choices", "menuTask[c]")),
        ("../../../../../../../../..", None),
    ],
)
def test_resolve_relative_and_absolute(ref: str, expected: tuple[str, ...] | None) -> None:
    """``.`` stays, ``..`` climbs one segment, ``/`` starts at the root; too far is None."""
    assert resolve(parse_ref(ref), BASE) == expected


def test_external_file_reference() -> None:
    """``file.yaml#/path`` keeps the file apart from the path inside it."""
    ref = parse_ref("./shared/startupTasks.yaml#/common/tasks/task[getCallerData]")
    assert ref.file == "./shared/startupTasks.yaml"
    assert ref.absolute
    assert to_path(ref.parts) == "/common/tasks/task[getCallerData]"


def test_hash_inside_an_absolute_path_is_not_a_file() -> None:
    """A refId holding '#' in an absolute path is just a refId."""
    ref = parse_ref("/inboundCall/menus/menu[Main #1]")
    assert (ref.file, ref.parts[-1]) == ("", "menu[Main #1]")
