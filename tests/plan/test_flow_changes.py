"""Flow changes in the plan: their risk, and the YAML diff and graph summary renderers show."""

from __future__ import annotations

import pytest
from rich.console import Console

from cxgate.plan.change import Action, Change, FieldChange, Op, Risk
from cxgate.plan.plan import Plan
from cxgate.plan.render import render_markdown, render_text
from cxgate.plan.risk import RiskContext, assess
from cxgate.resource.base import Token

OLD = """\
inboundCall:
  name: L
  startUpRef: /inboundCall/tasks/task[T_1]
  tasks:
  - task:
      actions:
      - disconnect:
          name: Bye
      name: T
      refId: T_1
"""
HELLO = "      - playAudio:\n          audio:\n            tts: hi\n          name: Hello\n"
NEW = OLD.replace("      - disconnect:\n", HELLO + "      - disconnect:\n")


def _update(kind: str = "inboundCall", published: str = "2.0", token: bool = True) -> Change:
    value = f"published={published};checkedIn=2.0;saved=-;lock=-"
    return Change(
        Action.UPDATE,
        "flow",
        "L",
        "f1",
        (FieldChange(("definition",), Op.MODIFY, OLD, NEW),),
        {"name": "L", "type": kind, "definition": NEW},
        Token("flow", value) if token else None,
    )


@pytest.mark.parametrize(
    ("change", "level", "rule"),
    [
        (_update(), Risk.HIGH, "flow-published"),
        (_update(kind="inqueueCall"), Risk.MEDIUM, "flow-published"),
        (_update(published="-"), Risk.LOW, "flow"),
    ],
)
def test_published_inbound_flows_are_high(change: Change, level: Risk, rule: str) -> None:
    """Callers land on a published inbound flow first: HIGH; other published flows MEDIUM."""
    assessed = assess(change, RiskContext())
    assert assessed.level is level
    assert [r.rule for r in assessed.reasons] == [rule]


@pytest.mark.parametrize(
    "change",
    [_update(token=False), Change(Action.CREATE, "flow", "New", desired={"definition": NEW})],
)
def test_new_flows_and_unknown_publication_carry_no_flow_reason(change: Change) -> None:
    """A flow that does not exist yet (or compared with another bundle) reaches nobody."""
    assert assess(change, RiskContext()).reasons == ()


def test_text_shows_graph_summary_and_diff_not_the_raw_field() -> None:
    """The definition field is drawn as a graph summary and a YAML diff."""
    console = Console(width=160, record=True, color_system=None)
    console.print(render_text(Plan((_update(),), {"flow": 1})))
    text = console.export_text()
    assert "graph: +1 -0 ~0 nodes, +2 -1 transitions" in text
    assert "+ node task:T/action:Hello" in text
    assert "--- L (org)" in text
    assert "definition:" not in text


def test_markdown_puts_the_flow_diff_in_the_details() -> None:
    """Markdown keeps the summary and diff inside the field-changes block."""
    text = render_markdown(Plan((_update(),), {"flow": 1}))
    assert "| ~ | flow | flow 'L' |" in text
    assert "    graph: +1 -0 ~0 nodes" in text
    assert "    +++ L (bundle)" in text
