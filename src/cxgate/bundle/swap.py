"""Replace a bundle's files all together or not at all: stage beside it, then move in.

An export used to write into the bundle as it went; a failure half-way (a full disk, a file
in the way) left some files new and some old, and files of objects "gone from the org" were
deleted before the new ones existed. Now every file is written to a staging folder beside the
bundle (same file system, so a move is a rename) and checked to land inside the bundle; only
then are they moved in, one atomic rename each, and the stale files removed. Any error before
the first move leaves the bundle exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from cxgate.errors import BundleError

__all__ = ["Swapped", "check_folder", "swap_in"]


@dataclass(frozen=True, slots=True)
class Swapped:
    """What the swap did: files written (sorted) and stale files removed (sorted)."""

    written: list[Path]
    removed: list[Path]


def swap_in(root: Path, files: Mapping[Path, str], stale: Iterable[Path]) -> Swapped:
    """Write ``files`` (path under ``root`` → text) and remove ``stale``, all or nothing."""
    check_folder(root)
    root.mkdir(parents=True, exist_ok=True)
    for path in files:
        _check_target(root, path)
    staging = Path(tempfile.mkdtemp(prefix=f".{root.resolve().name}.", dir=root.resolve().parent))
    try:
        _stage(root, staging, files)
        for path in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / path.relative_to(root), path)
        removed = sorted(path for path in set(stale) - set(files) if _is_file(path))
        for path in removed:
            path.unlink()
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Swapped(sorted(files), removed)


def _stage(root: Path, staging: Path, files: Mapping[Path, str]) -> None:
    try:
        for path, text in files.items():
            out = staging / path.relative_to(root)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise BundleError(
            f"cannot write the export beside {root} ({exc.strerror}); nothing in {root} was "
            "changed (fix: free disk space or choose another folder)"
        ) from None


def check_folder(root: Path) -> None:
    """BundleError when ``root`` exists but is not a folder (an export onto a file)."""
    if root.exists() and not root.is_dir():
        raise BundleError(
            f"{root} is a file, not a folder (fix: give the bundle folder to export into)"
        )


def _check_target(root: Path, path: Path) -> None:
    """Inside the bundle once links are followed, and not a folder."""
    name = path.relative_to(root).as_posix()
    folder = path.parent
    while not folder.exists():  # the nearest folder that exists: root at the latest
        folder = folder.parent
    if not folder.resolve().is_relative_to(root.resolve()):
        raise BundleError(
            f"{root}: {name} would be written through a link to a folder outside the bundle; "
            "nothing was changed (fix: replace the link with a folder)"
        )
    if path.is_dir() and not path.is_symlink():
        raise BundleError(
            f"{root}: {name} is a folder where the export writes a file; nothing was changed "
            "(fix: rename or remove the folder)"
        )


def _is_file(path: Path) -> bool:
    return path.is_symlink() or path.is_file()
