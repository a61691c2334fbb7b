"""A self-contained HTML page for a flow: inline SVG we lay out ourselves, no script, no CDN.

Mermaid needs its JavaScript to draw, which a self-contained file would have to embed; an
SVG laid out by ``layout`` opens anywhere, prints, and diffs as text. The page adds the
coverage figures, a legend, and tables of untaken transitions and check findings.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from html import escape

from cxgate.flow.check.finding import Finding
from cxgate.flow.draw.layout import NODE_H, NODE_W, Layout, layered_layout
from cxgate.flow.draw.render import COVERED, UNCOVERED, node_caption
from cxgate.flow.graph import FlowGraph, Node, NodeKind, Transition

__all__ = ["render_html"]

_NEUTRAL = "#546e7a"
_FILLS = {
    NodeKind.ENTRY: "#e3f2fd",
    NodeKind.MENU: "#fff8e1",
    NodeKind.CHOICE: "#f3e5f5",
    NodeKind.TASK: "#e0f2f1",
    NodeKind.ACTION: "#ffffff",
}
_STYLE = """
body{font-family:system-ui,Helvetica,Arial,sans-serif;margin:1.5rem;color:#212121}
h1{font-size:1.3rem;margin:0 0 .3rem}h2{font-size:1.05rem;margin-top:1.6rem}
.meta{color:#555;margin:0 0 .8rem}.canvas{overflow:auto;border:1px solid #ddd;max-height:80vh}
table{border-collapse:collapse;font-size:.85rem}td,th{border:1px solid #ddd;padding:.2rem .5rem;
text-align:left}.legend span{display:inline-block;margin-right:1rem}
svg text{font-size:11px;font-family:system-ui,Helvetica,Arial,sans-serif}
"""


def render_html(
    graph: FlowGraph,
    covered: Set[str] | None = None,
    findings: Sequence[Finding] = (),
) -> str:
    """The whole page as one string."""
    layout = layered_layout(graph)
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(graph.name or graph.file)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(graph.kind)}: {escape(graph.name)}</h1>",
        f'<p class="meta">{escape(graph.file)} · {len(graph.nodes)} nodes · '
        f"{len(graph.transitions)} transitions{_coverage_summary(graph, covered)}</p>",
        _legend(covered is not None),
        f'<div class="canvas">{_svg(graph, layout, covered)}</div>',
    ]
    if covered is not None:
        parts.append(_uncovered_table(graph, covered))
    if findings:
        parts.append(_findings_table(findings))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _coverage_summary(graph: FlowGraph, covered: Set[str] | None) -> str:
    if covered is None:
        return ""
    taken = sum(1 for t in graph.transitions if t.id in covered)
    total = len(graph.transitions) or 1
    return f" · transition coverage {taken}/{len(graph.transitions)} ({taken / total:.0%})"


def _legend(with_coverage: bool) -> str:
    items = [
        ("■", _FILLS[NodeKind.MENU], "menu"),
        ("■", _FILLS[NodeKind.TASK], "task/state"),
        ("■", _FILLS[NodeKind.CHOICE], "menu choice"),
    ]
    if with_coverage:
        items += [("━", COVERED, "taken"), ("┅", UNCOVERED, "not taken")]
    spans = "".join(
        f'<span><b style="color:{color}">{mark}</b> {escape(text)}</span>'
        for mark, color, text in items
    )
    return f'<p class="legend">{spans}</p>'


def _svg(graph: FlowGraph, layout: Layout, covered: Set[str] | None) -> str:
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{layout.width:.0f}" '
        f'height="{layout.height:.0f}" viewBox="0 0 {layout.width:.0f} {layout.height:.0f}">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="context-stroke"/></marker></defs>',
    ]
    parallel: dict[tuple[str, str | None], int] = {}
    for t in graph.transitions:
        rank = parallel.get((t.source, t.target), 0)
        parallel[(t.source, t.target)] = rank + 1
        out.append(_edge(layout, t, covered, rank))
    out.extend(_node(graph, layout, node) for node in graph.nodes.values())
    out.append("</svg>")
    return "\n".join(out)


def _edge(layout: Layout, t: Transition, covered: Set[str] | None, rank: int) -> str:
    """One transition; ``rank`` counts earlier transitions between the same two nodes, whose
    labels this one's must not cover."""
    source = layout.boxes[t.source]
    color = _NEUTRAL if covered is None else (COVERED if t.id in covered else UNCOVERED)
    dash = ' stroke-dasharray="5 4"' if covered is not None and t.id not in covered else ""
    x1, y1 = source.cx, source.y + NODE_H
    if t.target is None:
        x2, y2 = x1, y1 + 34
        path = f"M{x1:.0f},{y1:.0f} L{x2:.0f},{y2:.0f}"
        label_x, label_y = x1 + 4, y1 + 20
        extra = f'<text x="{x2 - 24:.0f}" y="{y2 + 12:.0f}" fill="{UNCOVERED}">✕ dead end</text>'
    else:
        target = layout.boxes[t.target]
        x2, y2 = target.cx, target.y
        if target.layer > source.layer:
            mid = (y1 + y2) / 2
            path = f"M{x1:.0f},{y1:.0f} C{x1:.0f},{mid:.0f} {x2:.0f},{mid:.0f} {x2:.0f},{y2:.0f}"
            label_x, label_y = (x1 + x2) / 2, mid
        else:  # back or sideways edge: loop around the right-hand side
            rx, ry = source.x + NODE_W, source.y + NODE_H / 2
            tx, ty = target.x + NODE_W, target.y + NODE_H / 2
            bend = max(rx, tx) + 40
            path = f"M{rx:.0f},{ry:.0f} C{bend:.0f},{ry:.0f} {bend:.0f},{ty:.0f} {tx:.0f},{ty:.0f}"
            label_x, label_y = bend - 10, (ry + ty) / 2
        extra = ""
    label_y += 12 * rank
    title = f"<title>{escape(t.id)} (line {t.line})</title>"
    return (
        f'<g><path d="{path}" fill="none" stroke="{color}" stroke-width="1.4"{dash} '
        f'marker-end="url(#arrow)">{title}</path>'
        f'<text x="{label_x:.0f}" y="{label_y:.0f}" fill="{color}">{escape(t.label[:24])}</text>'
        f"{extra}</g>"
    )


def _node(graph: FlowGraph, layout: Layout, node: Node) -> str:
    box = layout.boxes[node.id]
    stroke = UNCOVERED if node.ending.final else "#455a64"
    radius = 18 if node.kind in (NodeKind.ENTRY, NodeKind.MENU) else 4
    title = escape(f"{node.type} '{node.label}' — {node.id} ({graph.file}:{node.line})")
    return (
        f'<g><title>{title}</title><rect x="{box.x:.0f}" y="{box.y:.0f}" width="{NODE_W:.0f}" '
        f'height="{NODE_H:.0f}" rx="{radius}" fill="{_FILLS[node.kind]}" stroke="{stroke}"/>'
        f'<text x="{box.cx:.0f}" y="{box.y + NODE_H / 2 + 4:.0f}" text-anchor="middle">'
        f"{escape(node_caption(node))}</text></g>"
    )


def _uncovered_table(graph: FlowGraph, covered: Set[str]) -> str:
    rows = [
        f"<tr><td>{t.line}</td><td>{escape(graph.nodes[t.source].label)}</td>"
        f"<td>{escape(t.label)}</td><td>{escape(_target_label(graph, t))}</td></tr>"
        for t in graph.transitions
        if t.id not in covered
    ]
    if not rows:
        return "<h2>Untaken transitions</h2><p>None: every transition was taken.</p>"
    head = "<tr><th>line</th><th>from</th><th>via</th><th>to</th></tr>"
    return f"<h2>Untaken transitions ({len(rows)})</h2><table>{head}{''.join(rows)}</table>"


def _target_label(graph: FlowGraph, t: Transition) -> str:
    return graph.nodes[t.target].label if t.target is not None else "dead end"


def _findings_table(findings: Sequence[Finding]) -> str:
    rows = "".join(
        f"<tr><td>{escape(f.severity)}</td><td>{escape(f.rule)}</td><td>{f.line}</td>"
        f"<td>{escape(f.message)}</td><td>{escape(f.fix)}</td></tr>"
        for f in findings
    )
    head = "<tr><th>severity</th><th>rule</th><th>line</th><th>finding</th><th>fix</th></tr>"
    return f"<h2>Findings ({len(findings)})</h2><table>{head}{rows}</table>"
