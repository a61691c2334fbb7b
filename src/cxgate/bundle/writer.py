"""Write objects as bundle files: deterministic, so a daily export diffs cleanly in git.

Keys are sorted (``name`` first, for people), lists keep the API's order except where order
means nothing (names are sorted by ``from_api`` already), queue files get stable slugs of their
names. Whatever ``write_bundle`` writes, ``load_bundle`` reads back to the same bodies.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

import yaml

from cxgate.bundle.swap import Swapped, swap_in
from cxgate.resource.base import Body, Layout, ResourceKind
from cxgate.resource.live import LiveState
from cxgate.resource.registry import KINDS, get_kind

__all__ = ["Selector", "dump_yaml", "live_bodies", "selected", "slug", "write_bundle"]


@dataclass(frozen=True, slots=True)
class Selector:
    """``--include``/``--exclude`` item: ``queue`` or ``queue:Sales*`` (shell-style pattern)."""

    kind: str
    pattern: str = "*"

    @classmethod
    def parse(cls, text: str) -> Selector:
        """Parse ``kind[:pattern]``; an unknown kind is a config error."""
        kind, _, pattern = text.partition(":")
        get_kind(kind)
        return cls(kind, pattern or "*")

    def matches(self, kind: str, name: str) -> bool:
        """True when this selector covers ``kind``/``name``."""
        return kind == self.kind and fnmatch.fnmatchcase(name, self.pattern)


def selected(
    kind: str, name: str, include: Iterable[Selector] = (), exclude: Iterable[Selector] = ()
) -> bool:
    """True when an object passes the include list (empty = all) and no exclude."""
    include, exclude = list(include), list(exclude)
    if include and not any(s.matches(kind, name) for s in include):
        return False
    return not any(s.matches(kind, name) for s in exclude)


def slug(name: str) -> str:
    """A file-name-safe, lower-case form of a name (``Sales – EMEA`` → ``sales-emea``)."""
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return text or "unnamed"


def _ordered(value: Any) -> Any:
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: (k != "name", k))
        return {key: _ordered(value[key]) for key in keys}
    if isinstance(value, list):
        return [_ordered(item) for item in value]
    return value


# libyaml's emitter when PyYAML has it (4x faster, same text: tests/bundle/test_writer.py).
_BaseDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[valid-type,misc]
    """Block style, unicode kept, and no anchors/aliases for repeated values."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_yaml(data: Any) -> str:
    """YAML text in cxgate's stable form."""
    return yaml.dump(
        _ordered(data),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )


def _item(kind: ResourceKind, body: Body) -> Any:
    """The list item for a body: a bare name when that is all there is."""
    if kind.shorthand == "name" and set(body) == {"name"}:
        return body["name"]
    return body


def _sections(objects: Mapping[str, Mapping[str, Body]]) -> dict[str, dict[str, Any]]:
    """File name → {section: data} for the non-document kinds."""
    files: dict[str, dict[str, Any]] = {}
    for kind_name, bodies in objects.items():
        kind = KINDS[kind_name]
        if kind.layout is Layout.DOCUMENT or not bodies:
            continue
        content = files.setdefault(kind.files[0], {})
        if kind.layout is Layout.SECTION:
            content[kind.section] = next(iter(bodies.values()))
        elif kind.layout is Layout.MAPPING:
            short = kind.shorthand
            content[kind.section] = {
                n: b[short] if short and set(b) == {short} else b for n, b in sorted(bodies.items())
            }
        else:
            content[kind.section] = [_item(kind, bodies[n]) for n in sorted(bodies)]
    return files


def write_bundle(
    root: FsPath, objects: Mapping[str, Mapping[str, Body]], config: Mapping[str, Any] | None
) -> Swapped:
    """Write ``objects`` (kind → name → YAML-form body) and cxgate.yaml under ``root``.

    ``config`` None keeps an existing cxgate.yaml (its policy and environments are the
    team's, not the org's). Files of the written kinds that would now be empty are removed, so
    a re-export into the same directory leaves nothing stale behind; files of kinds not in
    ``objects`` are left alone. All files change together or none does (swap.py).
    """
    written: dict[FsPath, str] = {}
    if config is not None or not (root / "cxgate.yaml").is_file():
        written[root / "cxgate.yaml"] = dump_yaml(dict(config or {"version": 1}))
    for file_name, content in _sections(objects).items():
        written[root / file_name] = dump_yaml(content)
    for kind_name, bodies in objects.items():
        kind = KINDS[kind_name]
        if kind.layout is Layout.DOCUMENT:
            written.update(_document_files(root, kind, bodies))
    return swap_in(root, written, _stale(root, objects.keys()))


def _document_files(
    root: FsPath, kind: ResourceKind, bodies: Mapping[str, Body]
) -> dict[FsPath, str]:
    folder = root / kind.files[0].split("/")[0]
    out: dict[FsPath, str] = {}
    for name in sorted(bodies):
        base, counter = slug(name), 1
        path = folder / f"{base}.yaml"
        while path in out:
            counter += 1
            path = folder / f"{base}-{counter}.yaml"
        out[path] = dump_yaml(bodies[name])
    return out


def _stale(root: FsPath, kinds: Iterable[str]) -> list[FsPath]:
    """Every existing file of the written kinds (``swap_in`` keeps those written again)."""
    written = set(kinds)
    return [
        path
        for kind in KINDS.values()
        if kind.name in written
        for pattern in kind.files
        for path in root.glob(pattern)
    ]


def live_bodies(
    live: LiveState, include: Iterable[Selector] = (), exclude: Iterable[Selector] = ()
) -> dict[str, dict[str, Body]]:
    """The live org's YAML-form bodies, kind → name → body, filtered by the selectors."""
    return {
        kind: {
            name: obj.body
            for name, obj in objects.items()
            if selected(kind, name, include, exclude)
        }
        for kind, objects in live.objects.items()
    }
