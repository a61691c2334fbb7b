"""The one YAML reader every cxgate file goes through, bundle or flow, with hostile-input limits.

YAML's own features can be turned against a reader: nine anchors of nine aliases each (the
"billion laughs") expand a 1 KB file to a billion nodes, and 100,000 ``[`` overflow the C
stack of libyaml's recursive composer (a segmentation fault), while a few thousand block
levels overflow Python's recursion in whatever walks the tree next. So this module composes
the node tree itself, from libyaml's event stream (a state machine with no recursion), and
checks as it goes, before anything recursive runs:

- nesting deeper than ``MAX_DEPTH`` levels stops the read (real Archy files reach ~30);
- aliases may add at most ``ALIAS_NODES`` nodes in total; an alias inside its own anchor
  (a cycle) is refused;
- a key twice in one mapping and a NUL character in any text are reported (``Composed.notes``)
  for the caller to refuse: YAML would keep one of the keys silently, and a NUL cuts a name
  short in every C string it reaches.

Nodes are PyYAML's own (``ScalarNode`` …) with their marks, so callers read them as before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

__all__ = [
    "ALIAS_NODES",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "Composed",
    "Note",
    "Resolve",
    "YamlLimitError",
    "compose_guarded",
    "size_problem",
]

MAX_DEPTH = 100
ALIAS_NODES = 10_000
# A file larger than this is refused before it is read: the biggest real Archy exports are a
# few MB, and a 50 MB file would hold hundreds of MB while parsed (and reach the org whole).
MAX_FILE_BYTES = 16 * 1024 * 1024


def size_problem(size: int) -> str | None:
    """Why a file of ``size`` bytes is not read, if it is too big."""
    if size <= MAX_FILE_BYTES:
        return None
    return f"is {size / 2**20:.1f} MB; cxgate reads files of at most {MAX_FILE_BYTES // 2**20} MB"


_Parser: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_START = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_END = (yaml.MappingEndEvent, yaml.SequenceEndEvent)

Resolve = Callable[[type[yaml.Node], Any, Any], str]
"""The tag for an untagged node: ``(node class, scalar text or None, implicit) -> tag``."""


class YamlLimitError(ValueError):
    """The file passes one of the limits; ``line`` (1-based) is where it did."""

    def __init__(self, line: int, message: str, fix: str) -> None:
        self.line, self.message, self.fix = line, message, fix
        super().__init__(f"line {line}: {message} (fix: {fix})")


@dataclass(frozen=True, slots=True)
class Note:
    """Something the caller must refuse but that does not stop reading (line is 1-based)."""

    line: int
    message: str
    fix: str


@dataclass(frozen=True, slots=True)
class Composed:
    """Each document's root node (in order), and what was noted on the way."""

    documents: list[yaml.Node]
    notes: list[Note] = field(default_factory=list)


@dataclass(slots=True)
class _Open:
    """A mapping or sequence being read: its node, size so far, pending key, keys seen."""

    node: yaml.Node
    anchor: str | None
    size: int = 1
    key: yaml.Node | None = None
    keys: set[tuple[str, str]] = field(default_factory=set)


class _Composer:
    """Builds the node tree event by event on an explicit stack: no recursion to overflow."""

    def __init__(self, resolve: Resolve) -> None:
        self.resolve = resolve
        self.stack: list[_Open] = []
        self.anchors: dict[str, tuple[yaml.Node, int]] = {}
        self.expanded = 0
        self.composed = Composed([])

    def feed(self, event: Any) -> None:
        """One parser event (libyaml's events carry its own Mark type, hence Any)."""
        kind = type(event)
        if kind is yaml.ScalarEvent:
            self._scalar(event)
        elif kind in _START:
            self._open(event)
        elif kind in _END:
            frame = self.stack.pop()
            frame.node.end_mark = event.end_mark
            self._add(frame.node, frame.size, frame.anchor)
        elif kind is yaml.AliasEvent:
            self._alias(event)
        elif kind is yaml.DocumentStartEvent:
            self.anchors = {}

    def _scalar(self, event: Any) -> None:
        value = event.value
        if "\x00" in value:
            self._note(event, "a NUL character (\\0) in the text", "remove the \\0")
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolve(yaml.ScalarNode, value, event.implicit)
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, style=event.style)
        self._add(node, 1, event.anchor)

    def _open(self, event: Any) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise YamlLimitError(
                _line(event),
                f"nested deeper than {MAX_DEPTH} levels",
                f"flatten the structure: cxgate reads at most {MAX_DEPTH} levels of lists "
                "and mappings",
            )
        kind = yaml.MappingNode if isinstance(event, yaml.MappingStartEvent) else yaml.SequenceNode
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolve(kind, None, event.implicit)
        node = kind(tag, [], event.start_mark, None, flow_style=event.flow_style)
        self.stack.append(_Open(node, event.anchor))

    def _alias(self, event: Any) -> None:
        anchor = str(event.anchor)
        if anchor not in self.anchors:
            if any(frame.anchor == anchor for frame in self.stack):
                fix = "an alias cannot stand inside its own anchor; write the value out"
                raise YamlLimitError(_line(event), f"alias *{anchor} refers to itself", fix)
            raise yaml.composer.ComposerError(
                None, None, f"found undefined alias {anchor!r}", event.start_mark
            )
        node, size = self.anchors[anchor]
        self.expanded += size
        if self.expanded > ALIAS_NODES:
            raise YamlLimitError(
                _line(event),
                f"aliases expand to more than {ALIAS_NODES:,} values",
                "write the values out instead of repeating anchors (*alias)",
            )
        self._add(node, size, None)

    def _add(self, node: yaml.Node, size: int, anchor: str | None) -> None:
        if anchor is not None:
            self.anchors[anchor] = (node, size)
        if not self.stack:
            self.composed.documents.append(node)
            return
        frame = self.stack[-1]
        frame.size += size
        if isinstance(frame.node, yaml.SequenceNode):
            frame.node.value.append(node)
        elif frame.key is None:
            frame.key = node
            self._check_key(frame, node)
        else:
            frame.node.value.append((frame.key, node))
            frame.key = None

    def _check_key(self, frame: _Open, key: yaml.Node) -> None:
        if not isinstance(key, yaml.ScalarNode) or key.value == "<<":
            return
        seen = (str(key.tag), str(key.value))
        if seen in frame.keys:
            self._note(key, f"key '{key.value}' appears twice in one mapping", "keep one of them")
        frame.keys.add(seen)

    def _note(self, at: Any, message: str, fix: str) -> None:
        self.composed.notes.append(Note(_line(at), message, fix))


def _line(event: Any) -> int:
    return int(event.start_mark.line) + 1


def compose_guarded(text: str, resolve: Resolve) -> Composed:
    """Compose every document of ``text`` within the limits.

    Syntax errors raise ``yaml.MarkedYAMLError`` as PyYAML's own reader would; a limit passed
    raises ``YamlLimitError``. ``resolve`` tags the untagged nodes (see ``Resolve``).
    """
    composer = _Composer(resolve)
    parser = _Parser(text)
    try:
        while parser.check_event():
            composer.feed(parser.get_event())
    except yaml.reader.ReaderError as exc:  # a control character: the only error without a line
        raise _located(exc, text) from None
    finally:
        parser.dispose()
    return composer.composed


def _located(exc: yaml.reader.ReaderError, text: str) -> yaml.MarkedYAMLError:
    """The reader's error as a syntax error with a line, naming the character, not the text."""
    line = text.count("\n", 0, exc.position)
    mark = yaml.error.Mark("<text>", exc.position, line, 0, None, 0)
    problem = f"{exc.reason} (character #x{exc.character:04x})"
    return yaml.scanner.ScannerError(None, None, problem, mark)
