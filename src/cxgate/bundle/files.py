"""Which files a bundle may read: regular files inside its folder, as UTF-8 text.

A bundle arrives in pull requests, so its files are not trusted: a 50 MB file would be held
in memory many times over while parsed, a link
``queues/x.yaml -> /etc/shadow`` would otherwise be read and quoted in CI logs, a folder named
``x.yaml`` or a dangling link would crash the reader, and a named pipe would hang it. Each
refusal is a Problem naming the file (never its target or content), so validation goes on
with the other files.
"""

from __future__ import annotations

from pathlib import Path

from cxgate.errors import BundleError, Problem
from cxgate.yamlguard import size_problem

__all__ = ["UnreadableFileError", "bundle_glob", "read_bundle_text"]


class UnreadableFileError(BundleError):
    """A bundle file cannot be read safely; ``problem`` says which and why."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def bundle_glob(root: Path, pattern: str) -> list[Path]:
    """The paths matching ``pattern`` under ``root``, sorted (links and folders included:
    ``read_bundle_text`` refuses them one by one, so each gets its own message)."""
    return sorted(root.glob(pattern))


def read_bundle_text(root: Path, path: Path) -> str:
    """The text of ``path`` (UTF-8, BOM dropped, ``\\n`` line ends) if it is safe to read."""
    name = path.relative_to(root).as_posix()
    _check_place(root, path, name)
    try:
        too_big = size_problem(path.stat().st_size)
        if too_big:
            raise _refused(name, too_big, "split it into smaller files (one per object)")
        raw = path.read_bytes()
    except OSError as exc:
        raise _refused(name, f"cannot be read ({exc.strerror})", "check its permissions") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refused(
            name, f"is not UTF-8 text (byte {exc.start})", "save it as UTF-8 text"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _check_place(root: Path, path: Path, name: str) -> None:
    """Inside the bundle once every link is followed, and a regular file."""
    target = path.resolve()
    if not target.is_relative_to(root.resolve()):
        raise _refused(
            name,
            "is a symbolic link to a place outside the bundle; not read",
            "replace the link with the file itself: cxgate reads only files inside the bundle",
        )
    if path.is_symlink() and not path.exists():
        raise _refused(name, "is a symbolic link to nothing", "remove the link or fix its target")
    if target.is_dir():
        raise _refused(name, "is a folder, not a file", "rename the folder or move it out")
    if not target.is_file():
        raise _refused(name, "is not a regular file", "replace it with a plain text file")


def _refused(name: str, message: str, fix: str) -> UnreadableFileError:
    return UnreadableFileError(Problem(name, "", f"the file {message}", fix, rule="files"))
