"""Draw a FlowGraph as Mermaid (renders in pull-request comments) or Graphviz DOT.

With a set of covered transition ids, taken transitions are drawn green and solid, untaken
ones red and dashed, and nodes are filled by whether any trace reached them. Transitions
that fall off the end of a sequence point at a red "dead end" marker.
"""

from __future__ import annotations

from collections.abc import Set

from cxgate.flow.graph import Ending, FlowGraph, Node, NodeKind, Transition

__all__ = ["COVERED", "UNCOVERED", "node_caption", "render_dot", "render_mermaid"]

COVERED = "#2e7d32"
UNCOVERED = "#c62828"
_FILL_COVERED = "#e8f5e9"
_FILL_UNCOVERED = "#ffebee"
_MAX_CAPTION = 40


def node_caption(node: Node) -> str:
    """A short caption: name (or type) and, for transfers, the target."""
    if node.kind is NodeKind.ENTRY:
        text = f"{node.type}: {node.name}" if node.name else node.type
    elif node.kind is NodeKind.ACTION and node.name and node.name != node.type:
        text = f"{node.type}: {node.name}"
    else:
        text = node.label
    if node.target:
        text += f" → {node.target}"
    return text if len(text) <= _MAX_CAPTION else text[: _MAX_CAPTION - 1] + "…"


def _shape(graph: FlowGraph, node: Node) -> tuple[str, str]:
    """Mermaid opening and closing brackets for the node's shape."""
    if node.kind is NodeKind.ENTRY or node.ending in (Ending.TRANSFER, Ending.RETURN):
        return "([", "])"
    if node.ending.final:
        return "(((", ")))"
    if node.kind is NodeKind.MENU:
        return "{{", "}}"
    if node.kind is NodeKind.TASK:
        return "[[", "]]"
    if node.kind is NodeKind.CHOICE:
        return "(", ")"
    if len(graph.outgoing(node.id)) > 1:
        return "{", "}"
    return "[", "]"


def _mermaid_text(text: str) -> str:
    return '"' + text.replace('"', "#quot;").replace("\n", " ") + '"'


def render_mermaid(graph: FlowGraph, covered: Set[str] | None = None) -> str:
    """Mermaid ``flowchart TD`` text; colours coverage when ``covered`` is given."""
    ids = {node_id: f"n{i}" for i, node_id in enumerate(graph.nodes)}
    lines = ["flowchart TD"]
    for node in graph.nodes.values():
        left, right = _shape(graph, node)
        lines.append(f"  {ids[node.id]}{left}{_mermaid_text(node_caption(node))}{right}")
    ends = 0
    styles: dict[str, list[int]] = {COVERED: [], UNCOVERED: []}
    for index, t in enumerate(graph.transitions):
        if t.target is None:
            target = f"end{ends}"
            ends += 1
            lines.append(f"  {target}((dead end))")
            lines.append(f"  style {target} fill:{_FILL_UNCOVERED},stroke:{UNCOVERED}")
        else:
            target = ids[t.target]
        lines.append(f"  {ids[t.source]} -->|{_mermaid_text(t.label)}| {target}")
        if covered is not None:
            styles[COVERED if t.id in covered else UNCOVERED].append(index)
    if covered is not None:
        lines.extend(_mermaid_coverage(graph, ids, covered, styles))
    return "\n".join(lines) + "\n"


def _mermaid_coverage(
    graph: FlowGraph, ids: dict[str, str], covered: Set[str], styles: dict[str, list[int]]
) -> list[str]:
    reached = _reached_nodes(graph, covered)
    out = [
        f"  classDef covered fill:{_FILL_COVERED},stroke:{COVERED}",
        f"  classDef uncovered fill:{_FILL_UNCOVERED},stroke:{UNCOVERED}",
    ]
    for name, members in (("covered", reached), ("uncovered", set(graph.nodes) - reached)):
        if members:
            out.append(f"  class {','.join(ids[n] for n in graph.nodes if n in members)} {name}")
    if styles[COVERED]:
        out.append(
            f"  linkStyle {','.join(map(str, styles[COVERED]))} stroke:{COVERED},stroke-width:2px"
        )
    if styles[UNCOVERED]:
        indices = ",".join(map(str, styles[UNCOVERED]))
        out.append(f"  linkStyle {indices} stroke:{UNCOVERED},stroke-dasharray:4 3")
    return out


def _reached_nodes(graph: FlowGraph, covered: Set[str]) -> set[str]:
    """Nodes a covered transition enters or leaves (the entry counts once anything ran)."""
    reached: set[str] = set()
    for t in graph.transitions:
        if t.id in covered:
            reached.add(t.source)
            if t.target is not None:
                reached.add(t.target)
    return reached


_DOT_SHAPES = {
    NodeKind.ENTRY: "oval",
    NodeKind.MENU: "hexagon",
    NodeKind.CHOICE: "box",
    NodeKind.TASK: "folder",
}


def _dot_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def render_dot(graph: FlowGraph, covered: Set[str] | None = None) -> str:
    """Graphviz DOT text; colours coverage when ``covered`` is given."""
    ids = {node_id: f"n{i}" for i, node_id in enumerate(graph.nodes)}
    reached = _reached_nodes(graph, covered) if covered is not None else set()
    lines = [
        f"digraph {_dot_text(graph.name or graph.kind)} {{",
        "  rankdir=TB;",
        '  node [fontname="Helvetica", fontsize=10, style=filled, fillcolor=white];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    for node in graph.nodes.values():
        attrs = [f"label={_dot_text(node_caption(node))}", f"shape={_dot_shape(graph, node)}"]
        attrs.append(f"tooltip={_dot_text(f'{node.id} (line {node.line})')}")
        if covered is not None:
            fill = _FILL_COVERED if node.id in reached else _FILL_UNCOVERED
            attrs.append(f'fillcolor="{fill}"')
        lines.append(f"  {ids[node.id]} [{', '.join(attrs)}];")
    for index, t in enumerate(graph.transitions):
        lines.extend(_dot_edge(ids, index, t, covered))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_shape(graph: FlowGraph, node: Node) -> str:
    if node.ending.final:
        return "doublecircle"
    if node.ending in (Ending.TRANSFER, Ending.RETURN):
        return "cds"
    if node.kind is NodeKind.ACTION:
        return "diamond" if len(graph.outgoing(node.id)) > 1 else "box"
    return _DOT_SHAPES[node.kind]


def _dot_edge(
    ids: dict[str, str], index: int, t: Transition, covered: Set[str] | None
) -> list[str]:
    out = []
    target = ids[t.target] if t.target is not None else f"end{index}"
    if t.target is None:
        out.append(f'  {target} [label="dead end", shape=point, color="{UNCOVERED}"];')
    attrs = [f"label={_dot_text(t.label)}"]
    if covered is not None:
        taken = t.id in covered
        attrs.append(f'color="{COVERED if taken else UNCOVERED}"')
        attrs.append("penwidth=2" if taken else "style=dashed")
    out.append(f"  {ids[t.source]} -> {target} [{', '.join(attrs)}];")
    return out
