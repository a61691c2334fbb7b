"""Archy reference paths: ``/inboundCall/menus/menu[Main Menu_10]``, ``./tasks/task[x]``, ``../..``.

The grammar (Archy lessons 4a–4c, GRAMMAR.md §4): a path walks from the root, a property adds
``/<prop>``, a list item adds ``/<itemType>[<refId>]``. ``.`` is the object holding the
reference and ``..`` goes up one segment. ``file.yaml#/path`` points into another file.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Ref", "parse_ref", "resolve", "segments", "to_path"]

Path = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Ref:
    """A parsed reference: its segments, whether absolute, and the file it points into."""

    text: str
    absolute: bool
    parts: Path
    file: str = ""


def segments(path: str) -> list[str]:
    """Split on ``/`` outside ``[...]`` (refIds may hold slashes)."""
    out: list[str] = []
    depth = 0
    current: list[str] = []
    for char in path:
        if char == "[":
            depth += 1
        elif char == "]" and depth:
            depth -= 1
        if char == "/" and depth == 0:
            out.append("".join(current))
            current = []
        else:
            current.append(char)
    out.append("".join(current))
    return [part.strip() for part in out if part.strip()]


def parse_ref(text: str) -> Ref:
    """Parse a reference string as written in the flow."""
    text = text.strip()
    file = ""
    into_file = ".yaml#" in text or ".yml#" in text
    if into_file or ("#" in text and not text.startswith(("/", "."))):
        file, _, text = text.partition("#")
    return Ref(text=text, absolute=text.startswith("/"), parts=tuple(segments(text)), file=file)


def resolve(ref: Ref, base: Path) -> Path | None:
    """The absolute segment path ``ref`` names, seen from the object at ``base``.

    None when ``..`` climbs above the root.
    """
    current: list[str] = [] if ref.absolute else list(base)
    for part in ref.parts:
        if part == ".":
            continue
        if part == "..":
            if not current:
                return None
            current.pop()
        else:
            current.append(part)
    return tuple(current)


def to_path(parts: Path) -> str:
    """Segments back to ``/a/b[c]`` text."""
    return "/" + "/".join(parts)
