"""FlowGraph: the shared model of an Architect flow — nodes, transitions, external references.

Everything offline works on this graph: ``check`` walks it, ``trace`` and ``explore`` move
callers through it, ``coverage`` counts what they touched and ``render`` draws it. Each node and
transition keeps the file and line it came from, so every finding points at the YAML.

A transition whose ``target`` is None falls off the end of a task or state: the caller reaches
the end of a sequence with no closing action (a dead end).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = [
    "Ending",
    "ExternalRef",
    "FlowGraph",
    "Node",
    "NodeKind",
    "ParseNote",
    "Transition",
    "TransitionKind",
]


class NodeKind(enum.StrEnum):
    """What a node is in the flow's structure."""

    ENTRY = "entry"  # the flow itself: where a caller starts
    MENU = "menu"  # a menu (or sub-menu): waits for a key or a speech term
    CHOICE = "choice"  # one menu choice
    TASK = "task"  # a task, state, bot or the startup task actions: a sequence
    ACTION = "action"  # one action in a sequence


class Ending(enum.StrEnum):
    """How control leaves a node; CONTINUES means through its transitions only."""

    CONTINUES = "continues"
    DISCONNECT = "disconnect"  # ends the interaction: disconnect, a menu's disconnect choice
    END = "end"  # ends the flow: endWorkflow, endFlow, completing or aborting a survey invite…
    EXIT = "exit"  # a bot flow hands back to the flow that called it (exitBotFlow)
    TRANSFER = "transfer"  # success leaves the flow; failure takes the `failure` output
    RETURN = "return"  # endTask: back to the callTask that called this task

    @property
    def final(self) -> bool:
        """Nothing follows in this flow: a disconnect, an end or a bot exit."""
        return self in (Ending.DISCONNECT, Ending.END, Ending.EXIT)


class TransitionKind(enum.StrEnum):
    """Why control moves along a transition."""

    START = "start"  # flow entry → startUpRef target
    CHOICE = "choice"  # menu → its choice (DTMF key and/or speech terms)
    GLOBAL = "global"  # menu → a global choice of another menu
    DEFAULT = "default"  # menu → default choice, after the last repeat with no input
    JUMP = "jump"  # one-way jump to a menu, task or state
    CALL = "call"  # callTask → the reusable task
    RETURN = "return"  # callTask → what follows it, once the task ends with endTask
    OUTPUT = "output"  # an action's named output (success, failure, yes, case…)
    NEXT = "next"  # fall-through to the next action, or into a sequence's first action
    LOOP = "loop"  # back to a loop action for its next iteration


@dataclass(frozen=True, slots=True)
class Node:
    """One menu, choice, task or action; ``id`` is its path in the flow file."""

    id: str
    kind: NodeKind
    type: str
    name: str
    file: str
    line: int
    ref_id: str = ""
    ending: Ending = Ending.CONTINUES
    waits: bool = False  # waits for the caller (input) or for time (hold music, wait)
    bounded: bool = False  # a loop action with a loop count
    known: bool = True  # False: an action type cxgate does not know (kept opaque)
    audio: tuple[str, ...] = ()  # what the caller hears here: TTS text, prompt names
    target: str = ""  # for transfers: "queue:Sales", "flow:Secure Payment"…
    condition: str = ""  # decision condition or switch value expression
    input_var: str = ""  # collectInput: the variable receiving the digits
    loop_count: int | None = None  # loop action with a literal count
    output_path: str = ""  # endTask: the output path it ends through
    repeat_count: int | None = None  # menus: prompts before the default (settingsMenu)

    @property
    def label(self) -> str:
        """A short human name: the node's name, else its type."""
        return self.name or self.ref_id or self.type


@dataclass(frozen=True, slots=True)
class Transition:
    """A directed move from ``source`` to ``target`` (None: falls off the end)."""

    id: str
    source: str
    target: str | None
    kind: TransitionKind
    label: str
    line: int
    implicit: bool = False  # an output the YAML omits: it falls through (GRAMMAR.md §6)
    dtmf: str = ""  # for choices: the key ('0'-'9', '*', '#')
    terms: tuple[str, ...] = ()  # for choices: speech recognition terms
    value: str = ""  # for switch cases: the literal the case matches


@dataclass(frozen=True, slots=True)
class ExternalRef:
    """Something the flow names that lives in the org: queue, flow, schedule, prompt…"""

    kind: str
    name: str
    file: str
    line: int


@dataclass(frozen=True, slots=True)
class ParseNote:
    """Something the reader noticed but could still build a graph around."""

    rule: str
    severity: str
    file: str
    line: int
    message: str
    fix: str


@dataclass(slots=True)
class FlowGraph:
    """A parsed flow: nodes in file order, transitions, entry node, and what it refers to."""

    file: str
    kind: str
    name: str
    entry: str
    nodes: dict[str, Node]
    transitions: list[Transition]
    external_refs: list[ExternalRef] = field(default_factory=list)
    notes: list[ParseNote] = field(default_factory=list)
    error_handling: str = ""  # settingsErrorHandling: disconnect, queue:<name>, exit…
    description: str = ""  # the flow's own description (deployed as Flow.description)
    _out: dict[str, list[Transition]] = field(default_factory=dict, repr=False)
    _in: dict[str, list[Transition]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._out = {node_id: [] for node_id in self.nodes}
        self._in = {node_id: [] for node_id in self.nodes}
        for transition in self.transitions:
            self._out[transition.source].append(transition)
            if transition.target is not None:
                self._in[transition.target].append(transition)

    def outgoing(self, node_id: str) -> Sequence[Transition]:
        """Transitions leaving a node, in file order."""
        return self._out[node_id]

    def incoming(self, node_id: str) -> Sequence[Transition]:
        """Transitions arriving at a node."""
        return self._in[node_id]

    def find(self, selector: str) -> list[Node]:
        """Nodes a scenario or a person names: by id, refId, or name (names may repeat)."""
        if selector in self.nodes:
            return [self.nodes[selector]]
        return [n for n in self.nodes.values() if selector in (n.ref_id, n.name)]

    @property
    def division(self) -> str:
        """The division the file names (``division: Home``), or ""."""
        return next((ref.name for ref in self.external_refs if ref.kind == "division"), "")
