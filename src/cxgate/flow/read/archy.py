"""Read an Archy YAML flow file into a FlowGraph.

One document, one top-level key naming the flow kind (GRAMMAR.md §1). Containers are list
items (``menus: [- menu: …]``, ``tasks``, ``states``, ``bots``) or the ``startUpTaskActions``
list of in-queue flows and common modules; the entry is ``startUpRef``. Substitutions are
applied (or masked) before YAML parsing, so template files read without their values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path

import yaml

from cxgate.flow.check.placeholders import find_placeholders
from cxgate.flow.graph import (
    ExternalRef,
    FlowGraph,
    Node,
    NodeKind,
    ParseNote,
    TransitionKind,
)
from cxgate.flow.read.botrefs import bot_task_refs
from cxgate.flow.read.builder import Cont, GraphBuilder
from cxgate.flow.read.externals import collect_external_refs
from cxgate.flow.read.menus import MenuReader
from cxgate.flow.read.refs import to_path
from cxgate.flow.read.sequence import SequenceReader
from cxgate.flow.read.shape import shape_notes
from cxgate.flow.read.source import SUBSTITUTION, FlowFileError, prepare_text, read_flow_text
from cxgate.flow.read.structure import structure_problems
from cxgate.flow.read.values import audio_texts, lit_int, lit_name
from cxgate.flow.read.yamltree import (
    child,
    compose,
    gc_paused,
    items,
    line_of,
    scalar,
    sequence,
    single_key,
)

__all__ = ["FLOW_KINDS", "parse_flow", "read_flow"]

FLOW_KINDS = frozenset(
    {
        "inboundCall", "inqueueCall", "outboundCall", "secureCall", "inboundShortMessage",
        "inboundChat", "inboundEmail", "workflow", "workitem", "commonModule", "botFlow",
        "digitalBot", "surveyInvite", "inqueueEmail", "inqueueShortMessage", "voiceSurvey",
        "voicemail",
    }
)  # fmt: skip
_CONTAINERS = (("tasks", "task"), ("states", "state"), ("bots", "bot"))
_REPEATS = 3  # Architect's default menu repeat count (Resource Center, default menu settings)


def _repeat_count(owner: yaml.Node) -> int | None:
    """``settingsMenu.repeatCount`` as a literal, or None (absent or noValue: inherit)."""
    return lit_int(child(child(owner, "settingsMenu"), "repeatCount"))


def _error_handling(flow: yaml.Node) -> str:
    """What the flow does on an unhandled error: ``disconnect``, ``queue:<name>``, ``exit``…"""
    for kind, body in items(child(child(flow, "settingsErrorHandling"), "errorHandling")):
        name = lit_name(child(body, "targetQueue")) if kind == "queue" else ""
        return f"{kind}:{name}" if name else kind
    return ""


def read_flow(path: Path | str, values: Mapping[str, str] | None = None) -> FlowGraph:
    """Read a flow file; ``values`` fill its ``{{key}}`` substitutions."""
    path = Path(path)
    return parse_flow(read_flow_text(path), str(path), values)


def parse_flow(text: str, file: str, values: Mapping[str, str] | None = None) -> FlowGraph:
    """Parse flow text (``file`` names it in messages)."""
    prepared = prepare_text(text.replace("\r\n", "\n"), dict(values or {}), file)
    with gc_paused():
        root = compose(prepared.text, file, masked=bool(prepared.unset))
        kind, flow = _flow_root(root, file)
        reader = _FlowReader(file, kind, flow)
        graph = reader.read()
        graph.notes.extend(shape_notes(flow, kind, file))
    uses = Counter(m.group(1) for m in SUBSTITUTION.finditer(text))
    for key, line in prepared.unset.items():
        graph.notes.append(reader.unset_note(key, line, uses[key]))
    graph.notes.sort(key=lambda n: n.line)
    return graph


def _flow_root(root: yaml.Node, file: str) -> tuple[str, yaml.Node]:
    pairs = items(root)
    if len(pairs) != 1 or not isinstance(pairs[0][1], yaml.MappingNode):
        found = ", ".join(k for k, _ in pairs) or "no mapping"
        raise FlowFileError(
            file,
            1,
            "an Archy flow file has exactly one top-level key, the flow kind, holding a "
            f"mapping; found {found}",
            "start the file with the flow kind, e.g. `inboundCall:`",
        )
    kind, flow = pairs[0]
    if kind not in FLOW_KINDS:
        raise FlowFileError(
            file,
            line_of(root),
            f"'{kind}' is not an Archy flow kind",
            f"use one of {', '.join(sorted(FLOW_KINDS))}",
        )
    return kind, flow


class _FlowReader:
    """Reads one flow mapping; menus and containers first, then the entry and references."""

    def __init__(self, file: str, kind: str, flow: yaml.Node) -> None:
        self.b = GraphBuilder(file, kind)
        self.kind = kind
        self.flow = flow
        self.seq = SequenceReader(self.b)
        self.menus = MenuReader(self.b, self.seq, kind, _repeat_count(flow) or _REPEATS)

    def read(self) -> FlowGraph:
        name = scalar(child(self.flow, "name")) or ""
        entry = self._entry(name)
        for menu_item in sequence(child(self.flow, "menus")):
            self.menus.read_item(menu_item)
        for list_key, item_key in _CONTAINERS:
            for item in sequence(child(self.flow, list_key)):
                self._container(list_key, item_key, item)
        self._start(entry)
        self._settings_refs(entry)
        self._flow_notes()
        self.menus.link_globals()
        graph = self.b.finish(name, entry.id, self._external_refs(), _error_handling(self.flow))
        graph.description = scalar(child(self.flow, "description")) or ""
        return graph

    def _entry(self, name: str) -> Node:
        entry = self.b.add(
            Node(
                id=f"/{self.kind}",
                kind=NodeKind.ENTRY,
                type=self.kind,
                name=name,
                file=self.b.file,
                line=line_of(self.flow),
                audio=audio_texts(child(self.flow, "initialGreeting")),
            )
        )
        self.b.path_of[entry.id] = (self.kind,)
        return entry

    def _settings_refs(self, entry: Node) -> None:
        """Bot flows reach tasks from their intent and knowledge settings too."""
        for ref in bot_task_refs(self.flow):
            self.b.refer(
                entry.id, ref.text, (self.kind,), f"{ref.label} task", ref.line,
                label=ref.label, expect="targetTaskRef",
            )  # fmt: skip

    def _flow_notes(self) -> None:
        """Structure the kind does not have, and placeholders left in any literal."""
        for problem in structure_problems(self.kind, self.flow):
            self.b.note("structure-invalid", "error", *problem)
        for found in find_placeholders(self.flow):
            where = f"under {found.key}" if found.key else "in the flow"
            times = f" ({found.uses} places)" if found.uses > 1 else ""
            self.b.note(
                "external-placeholder",
                "warning",
                found.line,
                f"'{found.text}' {where} looks like a template placeholder{times}",
                "replace it with the real name or id (or a {{key}} substitution per environment)",
            )

    def unset_note(self, key: str, line: int, uses: int) -> ParseNote:
        """The one warning for a ``{{key}}`` left without a value, however often it is used."""
        times = f"used {uses} times, first here" if uses > 1 else "used once"
        return ParseNote(
            "substitution-unset",
            "warning",
            self.b.file,
            line,
            f"substitution '{{{{{key}}}}}' has no value ({times}); read with a placeholder",
            f"pass a values file with `{key}: ...` (--vars) to check the real text",
        )

    def _external_refs(self) -> list[ExternalRef]:
        refs = collect_external_refs(self.flow, self.b.file)
        division = child(self.flow, "division")
        if scalar(division):
            refs.insert(
                0, ExternalRef("division", scalar(division) or "", self.b.file, line_of(division))
            )
        return refs

    # -- entry ----------------------------------------------------------------------------

    def _start(self, entry: Node) -> None:
        ref = child(self.flow, "startUpRef")
        startup = child(self.flow, "startUpTaskActions")
        if scalar(ref):
            self.b.refer(
                entry.id,
                scalar(ref) or "",
                (self.kind,),
                "startUpRef",
                line_of(ref),
                kind=TransitionKind.START,
                label="start",
            )
        elif startup is not None:
            task_id = f"/{self.kind}/startUpTaskActions"
            self.b.add(
                Node(
                    task_id,
                    NodeKind.TASK,
                    "startUpTask",
                    "Startup task",
                    self.b.file,
                    line_of(startup),
                )
            )
            self.b.path_of[task_id] = (self.kind, "startUpTaskActions")
            head = self.seq.read(startup, task_id, self._startup_end(task_id))
            self.b.link(entry.id, task_id, TransitionKind.START, "start", line_of(startup))
            self.b.follow(task_id, Cont(head.target, head.kind, "start"), line_of(startup))
        else:
            self.b.note(
                "start-missing",
                "error",
                entry.line,
                f"{self.kind} has neither startUpRef nor startUpTaskActions",
                "add startUpRef: pointing at the first menu or task",
            )
            self.b.link(entry.id, None, TransitionKind.START, "start", entry.line)

    def _startup_end(self, task_id: str) -> Cont:
        """In-queue flows start their task over when it ends: an implicit loop, paced only by
        the hold music in it (help.mypurecloud.com/articles/hold-music-action/)."""
        if self.kind.startswith("inqueue"):
            return Cont(task_id, TransitionKind.LOOP, "start over")
        return Cont(None)

    # -- tasks, states, bots ------------------------------------------------------------------

    def _container(self, list_key: str, item_key: str, item: yaml.Node) -> None:
        pair = single_key(item)
        if pair is None or pair[0] != item_key:
            self.b.note(
                "container-malformed",
                "error",
                line_of(item),
                f"items of {list_key} must be `- {item_key}: {{...}}`",
                f"write each item as `- {item_key}:` with name, refId and actions",
            )
            return
        body = pair[1]
        ref_id = scalar(child(body, "refId")) or ""
        name = scalar(child(body, "name")) or ""
        path = (self.kind, list_key, f"{item_key}[{ref_id or name}]")
        node = self.b.add(
            Node(
                self.b.unique_id(to_path(path)),
                NodeKind.TASK,
                item_key,
                name,
                self.b.file,
                line_of(item),
                ref_id=ref_id,
            )
        )
        self.b.register_object(node, path, ref_id)
        head = self.seq.read(child(body, "actions"), node.id, Cont(None))
        self.b.follow(node.id, Cont(head.target, head.kind, "start"), node.line)
