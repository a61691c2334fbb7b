"""Read an Archy YAML flow file into a FlowGraph.

One document, one top-level key naming the flow kind (GRAMMAR.md §1). Containers are list
items (``menus: [- menu: …]``, ``tasks``, ``states``, ``bots``) or the ``startUpTaskActions``
list of in-queue flows and common modules; the entry is ``startUpRef``. Substitutions are
applied (or masked) before YAML parsing, so template files read without their values.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import yaml

from cxgate.flow.actions import CHOICE_TYPES, MENU_CHOICE_TRANSFERS
from cxgate.flow.builder import Cont, GraphBuilder
from cxgate.flow.externals import collect_external_refs
from cxgate.flow.graph import (
    Ending,
    ExternalRef,
    FlowGraph,
    Node,
    NodeKind,
    ParseNote,
    TransitionKind,
)
from cxgate.flow.refs import to_path
from cxgate.flow.sequence import SequenceReader
from cxgate.flow.source import FlowFileError, prepare_text, read_flow_text
from cxgate.flow.values import audio_texts, dtmf_key, speech_terms, transfer_target
from cxgate.flow.yamltree import (
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
    for key, line in prepared.unset.items():
        graph.notes.append(reader.unset_note(key, line))
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
        self.path_of: dict[str, tuple[str, ...]] = {}
        self.seq = SequenceReader(self.b, self.path_of)
        self.menus: list[str] = []
        self.globals: list[tuple[str, str, str, tuple[str, ...], int]] = []

    def read(self) -> FlowGraph:
        name = scalar(child(self.flow, "name")) or ""
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
        self.path_of[entry.id] = (self.kind,)
        for menu_item in sequence(child(self.flow, "menus")):
            self._menu_item(menu_item)
        for list_key, item_key in _CONTAINERS:
            for item in sequence(child(self.flow, list_key)):
                self._container(list_key, item_key, item)
        self._start(entry)
        self._global_choices()
        return self.b.finish(name, entry.id, self._external_refs())

    def unset_note(self, key: str, line: int) -> ParseNote:
        """The warning for a ``{{key}}`` left without a value."""
        return ParseNote(
            "substitution-unset",
            "warning",
            self.b.file,
            line,
            f"substitution '{{{{{key}}}}}' has no value; read with a placeholder",
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
            self.path_of[task_id] = (self.kind, "startUpTaskActions")
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
        self._register(node, path, ref_id)
        head = self.seq.read(child(body, "actions"), node.id, Cont(None))
        self.b.follow(node.id, Cont(head.target, head.kind, "start"), node.line)

    def _register(self, node: Node, path: tuple[str, ...], ref_id: str) -> None:
        self.path_of[node.id] = path
        if ref_id:
            self.b.register(path, node.id, node.line)
        else:
            self.b.note(
                "refid-missing",
                "warning",
                node.line,
                f"{node.type} '{node.label}' has no refId; nothing can refer to it",
                "add refId: <unique id> so references can reach it",
            )

    # -- menus ----------------------------------------------------------------------------------

    def _menu_item(self, item: yaml.Node) -> None:
        pair = single_key(item)
        if pair is None or pair[0] != "menu":
            self.b.note(
                "container-malformed",
                "error",
                line_of(item),
                "items of menus must be `- menu: {...}`",
                "write each item as `- menu:` with name, refId, audio and choices",
            )
            return
        body = pair[1]
        ref_id = scalar(child(body, "refId")) or ""
        path = (self.kind, "menus", f"menu[{ref_id or scalar(child(body, 'name')) or ''}]")
        self._menu(body, path, "menu", line_of(item), ref_id)

    def _menu(
        self, body: yaml.Node, path: tuple[str, ...], type_: str, line: int, ref_id: str
    ) -> str:
        node = self.b.add(
            Node(
                self.b.unique_id(to_path(path)),
                NodeKind.MENU,
                type_,
                scalar(child(body, "name")) or "",
                self.b.file,
                line,
                ref_id=ref_id,
                waits=True,
                audio=audio_texts(child(body, "audio")),
            )
        )
        self._register(node, path, ref_id)
        self.menus.append(node.id)
        for index, choice in enumerate(sequence(child(body, "choices"))):
            self._choice(node, path, index, choice)
        default = child(body, "defaultChildMenuRef")
        if scalar(default):
            self.b.refer(
                node.id,
                scalar(default) or "",
                path,
                "defaultChildMenuRef",
                line_of(default),
                kind=TransitionKind.DEFAULT,
                label="no input",
            )
        return node.id

    def _choice(self, menu: Node, menu_path: tuple[str, ...], index: int, item: yaml.Node) -> None:
        pair = single_key(item)
        if pair is None:
            self.b.note(
                "choice-malformed",
                "error",
                line_of(item),
                "a menu choice must be a one-key mapping like `- menuTask: {...}`",
                "write each choice as a list item with exactly one key, its type",
            )
            return
        type_, body = pair
        ref_id = scalar(child(body, "refId")) or ""
        path = (*menu_path, "choices", f"{type_}[{ref_id}]")
        node_id = self.b.unique_id(to_path(path) if ref_id else f"{menu.id}/choices/{index}")
        dtmf = dtmf_key(scalar(child(body, "dtmf")))
        terms = speech_terms(child(body, "speechRecTerms"))
        line = line_of(item)
        if type_ == "menuSubMenu":
            target = self._menu(
                body,
                path if ref_id else (*menu_path, "choices", str(index)),
                "menuSubMenu",
                line,
                ref_id,
            )
        else:
            target = self._choice_node(
                menu, type_, body, path, node_id=node_id, line=line, ref_id=ref_id
            )
        label = dtmf or (f"say: {terms[0]}" if terms else f"choice {index + 1}")
        self.b.link(menu.id, target, TransitionKind.CHOICE, label, line, dtmf=dtmf, terms=terms)
        global_dtmf = dtmf if scalar(child(body, "globalDtmf")) == "true" else ""
        global_terms = terms if scalar(child(body, "globalSpeechRecTerms")) == "true" else ()
        if global_dtmf or global_terms:
            self.globals.append((menu.id, target, global_dtmf, global_terms, line))

    def _choice_node(
        self,
        menu: Node,
        type_: str,
        body: yaml.Node,
        path: tuple[str, ...],
        *,
        node_id: str,
        line: int,
        ref_id: str,
    ) -> str:
        known = type_ in CHOICE_TYPES
        ending = Ending.CONTINUES
        if type_ == "menuDisconnect":
            ending = Ending.DISCONNECT
        elif type_ in MENU_CHOICE_TRANSFERS or type_ == "menuDialByExtension":
            ending = Ending.TRANSFER
        node = self.b.add(
            Node(
                node_id,
                NodeKind.CHOICE,
                type_,
                scalar(child(body, "name")) or "",
                self.b.file,
                line,
                ref_id=ref_id,
                ending=ending,
                known=known,
                audio=audio_texts(child(body, "preTransferAudio")),
                target=transfer_target(type_, body),
            )
        )
        self.path_of[node_id] = path if ref_id else (*path[:-1], type_)
        if ref_id:
            self.b.register(path, node_id, line)
        self._choice_out(menu, node, body)
        return node_id

    def _choice_out(self, menu: Node, node: Node, body: yaml.Node) -> None:
        type_ = node.type
        if type_ == "menuTask":
            head = self.seq.read(
                child(child(body, "task"), "actions"), f"{node.id}/task", Cont(None)
            )
            self.b.follow(node.id, Cont(head.target, head.kind, "do"), node.line)
        elif type_ in ("menuJumpToTask", "menuJumpToMenu"):
            key = "targetTaskRef" if type_ == "menuJumpToTask" else "targetMenuRef"
            ref = child(body, key)
            if scalar(ref):
                self.b.refer(node.id, scalar(ref) or "", self.path_of[node.id], key, line_of(ref))
            else:
                self.b.note(
                    "ref-missing",
                    "error",
                    node.line,
                    f"{type_} has no {key}",
                    f"add {key}: with the path of its target",
                )
                self.b.link(node.id, None, TransitionKind.JUMP, key, node.line)
        elif type_ in ("menuRepeatMenu", "menuPreviousMenu"):
            self.b.link(node.id, menu.id, TransitionKind.JUMP, "repeat", node.line)
        elif node.ending is Ending.TRANSFER:
            # A failed transfer from a menu choice repeats the menu; no failure output can be
            # set there (help.mypurecloud.com/articles/transfer-acd-action/).
            self.b.link(
                node.id, menu.id, TransitionKind.OUTPUT, "failure", node.line, implicit=True
            )
        elif not node.known:
            self.b.note(
                "choice-unknown",
                "warning",
                node.line,
                f"menu choice type '{type_}' is not known to cxgate; kept opaque",
                "check the spelling against Architect's menu choice types",
            )

    def _global_choices(self) -> None:
        """Global choices answer in every other menu too ([SDK] ArchBaseMenuChoice)."""
        for owner, target, dtmf, terms, line in self.globals:
            for menu in self.menus:
                if menu != owner:
                    label = f"global {dtmf}" if dtmf else f"global say: {terms[0]}"
                    self.b.link(
                        menu, target, TransitionKind.GLOBAL, label, line, dtmf=dtmf, terms=terms
                    )
