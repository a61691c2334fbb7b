"""Drawings: Mermaid and DOT text, with and without coverage colours."""

from __future__ import annotations

import pytest

from cxgate.flow.draw.render import COVERED, UNCOVERED, node_caption, render_dot, render_mermaid
from cxgate.flow.graph import FlowGraph
from cxgate.flow.read.archy import read_flow
from cxgate.flow.trace.explore import explore

from ..helpers import EXAMPLES, flow


@pytest.fixture(scope="module")
def ivr() -> FlowGraph:
    """The demo main IVR."""
    return read_flow(EXAMPLES / "main-ivr.yaml")


def test_mermaid_has_every_node_and_transition(ivr: FlowGraph) -> None:
    """One line per node, one arrow per transition, shapes by kind, labels quoted."""
    text = render_mermaid(ivr)
    assert text.startswith("flowchart TD\n")
    assert text.count(" -->|") == len(ivr.transitions)
    assert '{{"Main Menu"}}' in text
    assert '[["Check Hours"]]' in text
    assert "linkStyle" not in text


def test_mermaid_colours_coverage(ivr: FlowGraph) -> None:
    """Covered transitions get the green style and the others the red dashed one."""
    some = {t.id for t in ivr.transitions[:5]}
    text = render_mermaid(ivr, some)
    assert f"linkStyle 0,1,2,3,4 stroke:{COVERED}" in text
    assert f"stroke:{UNCOVERED},stroke-dasharray" in text
    assert "class n0,n1" in text


def test_mermaid_escapes_quotes_and_marks_dead_ends() -> None:
    """Quotes in names cannot break the diagram; falling off the end is drawn."""
    graph = flow(
        "inboundCall:\n  startUpRef: ./tasks/task[t]\n  tasks:\n    - task:\n        refId: t\n"
        '        actions:\n          - playAudio: {name: Say "hi"}\n'
    )
    text = render_mermaid(graph)
    assert "Say #quot;hi#quot;" in text
    assert "end0((dead end))" in text


def test_dot_is_a_digraph_with_coverage(ivr: FlowGraph) -> None:
    """DOT output names every node and edge and colours what was taken."""
    covered = explore(ivr).coverage.covered_transitions
    text = render_dot(ivr, covered)
    assert text.startswith('digraph "Acme Main IVR" {')
    assert text.count(" -> ") == len(ivr.transitions)
    assert f'color="{UNCOVERED}"' not in text
    assert "shape=hexagon" in text


def test_captions_are_short() -> None:
    """Captions carry the type, name and transfer target, cut to a readable length."""
    graph = read_flow(EXAMPLES / "main-ivr.yaml")
    captions = [node_caption(n) for n in graph.nodes.values()]
    assert "transferToAcd: Transfer to Sales → queu…" in captions
    assert "Pay a bill → queue:Billing" in captions
    assert max(len(c) for c in captions) <= 40
