"""The self-contained HTML page and the layered layout behind it."""

from __future__ import annotations

from dataclasses import replace

from cxgate.flow.check.run import check
from cxgate.flow.draw.html import render_html
from cxgate.flow.draw.layout import NODE_H, layered_layout
from cxgate.flow.read.archy import read_flow
from cxgate.flow.trace.explore import explore

from ..helpers import BROKEN, EXAMPLES


def test_page_is_self_contained_with_coverage_and_findings() -> None:
    """No scripts or remote resources; the SVG, coverage line and tables are inline."""
    graph = read_flow(BROKEN)
    page = render_html(graph, frozenset(), check(graph))
    assert page.startswith("<!doctype html>")
    assert "<script" not in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page
    assert page.count("<svg") == 1
    assert "transition coverage 0/" in page
    assert "transfer-no-failure-path" in page
    assert f"Untaken transitions ({len(graph.transitions)})" in page


def test_page_escapes_text() -> None:
    """Names with markup characters are escaped."""
    graph = read_flow(EXAMPLES / "main-ivr.yaml")
    graph.nodes[graph.entry] = replace(graph.nodes[graph.entry], name="<b>x</b>")
    page = render_html(graph)
    assert "<b>x</b>" not in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page


def test_fully_covered_page_says_so() -> None:
    """With every transition taken, the page says there is nothing left."""
    graph = read_flow(EXAMPLES / "main-ivr.yaml")
    page = render_html(graph, explore(graph).coverage.covered_transitions)
    assert "None: every transition was taken." in page


def test_layout_puts_children_below_and_keeps_boxes_apart() -> None:
    """Forward transitions go down a layer; no two boxes overlap."""
    graph = read_flow(EXAMPLES / "main-ivr.yaml")
    layout = layered_layout(graph)
    assert set(layout.boxes) == set(graph.nodes)
    entry = layout.boxes[graph.entry]
    assert all(b.y >= entry.y for b in layout.boxes.values())
    spots = {(round(b.x), round(b.y)) for b in layout.boxes.values()}
    assert len(spots) == len(layout.boxes)
    for box in layout.boxes.values():
        assert box.x >= 0
        assert box.y + NODE_H <= layout.height
