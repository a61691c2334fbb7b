"""Read Archy menus: choices (keys, speech terms), sub-menus, defaults and global choices.

A menu waits for the caller; each choice is a node the menu reaches by key or speech term.
After the last repeat with no input the menu takes ``defaultChildMenuRef`` (Resource Center,
"Configure default menu settings"). Sub-menus nest inline as ``menuSubMenu`` choices
(Archy lesson 4b). Global choices answer from every other menu too ([SDK]
``ArchBaseMenuChoice.globalDtmf``).
"""

from __future__ import annotations

import yaml

from cxgate.flow.actions import CHOICE_TYPES, MENU_CHOICE_TRANSFERS
from cxgate.flow.graph import Ending, Node, NodeKind, TransitionKind
from cxgate.flow.read.builder import Cont, GraphBuilder
from cxgate.flow.read.refs import to_path
from cxgate.flow.read.sequence import SequenceReader
from cxgate.flow.read.values import audio_texts, dtmf_key, lit_int, speech_terms, transfer_target
from cxgate.flow.read.yamltree import child, line_of, scalar, sequence, single_key

__all__ = ["MenuReader"]


class MenuReader:
    """Builds menu and choice nodes into a GraphBuilder."""

    def __init__(
        self, builder: GraphBuilder, seq: SequenceReader, kind: str, repeat_count: int
    ) -> None:
        self.b = builder
        self.seq = seq
        self.kind = kind
        self.repeat_count = repeat_count  # the flow's settingsMenu default
        self.menus: list[str] = []
        self.parent: dict[str, str] = {}  # sub-menu → the menu holding it
        self.globals: list[tuple[str, str, str, tuple[str, ...], int]] = []

    def read_item(self, item: yaml.Node) -> None:
        """Read one `- menu:` item of the flow's menus list."""
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
        self,
        body: yaml.Node,
        path: tuple[str, ...],
        type_: str,
        line: int,
        ref_id: str,
        *,
        parent: str = "",
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
                repeat_count=lit_int(child(child(body, "settingsMenu"), "repeatCount"))
                or self.parent_repeats(parent),
            )
        )
        self.b.register_object(node, path, ref_id)
        self.menus.append(node.id)
        if parent:
            self.parent[node.id] = parent
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
                parent=menu.id,
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
        self.b.path_of[node_id] = path if ref_id else (*path[:-1], type_)
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
                self.b.refer(node.id, scalar(ref) or "", self.b.path_of[node.id], key, line_of(ref))
            else:
                self.b.note(
                    "ref-missing",
                    "error",
                    node.line,
                    f"{type_} has no {key}",
                    f"add {key}: with the path of its target",
                )
                self.b.link(node.id, None, TransitionKind.JUMP, key, node.line)
        elif type_ == "menuRepeatMenu":
            self.b.link(node.id, menu.id, TransitionKind.JUMP, "repeat", node.line)
        elif type_ == "menuPreviousMenu":
            back = self.parent.get(menu.id, menu.id)
            self.b.link(node.id, back, TransitionKind.JUMP, "previous", node.line)
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

    def parent_repeats(self, parent: str) -> int:
        """A menu whose repeatCount is noValue inherits: a sub-menu from its menu, else the
        flow's settingsMenu."""
        repeats = self.b.nodes[parent].repeat_count if parent else None
        return repeats if repeats is not None else self.repeat_count

    def link_globals(self) -> None:
        """Global choices answer in every other menu too ([SDK] ArchBaseMenuChoice)."""
        for owner, target, dtmf, terms, line in self.globals:
            for menu in self.menus:
                if menu != owner:
                    label = f"global {dtmf}" if dtmf else f"global say: {terms[0]}"
                    self.b.link(
                        menu, target, TransitionKind.GLOBAL, label, line, dtmf=dtmf, terms=terms
                    )
