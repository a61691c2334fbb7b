"""Renderers: text, Markdown and JSON show every change, its risk and the verdict."""

from __future__ import annotations

from dataclasses import replace

from rich.console import Console

from cxgate.plan.change import Action, Assessment, Change, FieldChange, Op, Reason, Risk
from cxgate.plan.plan import Plan
from cxgate.plan.render import render_json, render_markdown, render_text
from cxgate.plan.staffing import ProjectionSide, QueueProjection

RISKY = Assessment(Risk.HIGH, (Reason(Risk.HIGH, "routing", "changes how skills are evaluated"),))
PLAN = Plan(
    (
        Change(Action.CREATE, "skill", "New"),
        Change(
            Action.UPDATE,
            "queue",
            "Sales",
            "q1",
            (
                FieldChange(("skillEvaluationMethod",), Op.MODIFY, "BEST", "ALL"),
                FieldChange(("description",), Op.REMOVE, "old", None),
            ),
            risk=RISKY,
        ),
        Change(Action.DELETE, "queue", "Old|Q", "q2"),
    ),
    {"queue": 2, "skill": 0},
)


def _text(plan: Plan) -> str:
    console = Console(width=120, record=True, color_system=None)
    console.print(render_text(plan))
    return console.export_text()


def test_text_groups_by_kind_with_diffs_risks_and_checksum() -> None:
    """Signs, field diffs, reasons and the summary line are all there."""
    text = _text(PLAN)
    assert "+ skill 'New'  [LOW]" in text
    assert '~ skillEvaluationMethod: "BEST" → "ALL"' in text
    assert '- description: "old" → (cleared)' in text
    assert "! HIGH: changes how skills are evaluated" in text
    assert "Plan: 1 to create, 1 to update, 1 to delete. Overall risk: HIGH." in text
    assert PLAN.checksum in text


def test_empty_plan_says_so() -> None:
    """No changes is one clear line and no checksum."""
    text = _text(Plan((), {}))
    assert "No changes." in text
    assert "checksum" not in text


def test_markdown_is_a_table_with_escaped_names() -> None:
    """A PR comment: headline, table (pipes escaped), collapsible diff, checksum."""
    md = render_markdown(PLAN)
    assert md.startswith("### cxgate plan")
    assert "| - | queue | queue 'Old\\|Q' | LOW |" in md
    assert "```diff" in md
    assert PLAN.checksum in md


def test_json_is_the_plan_file() -> None:
    """JSON output and the plan file are one schema."""
    data = render_json(PLAN)
    assert data["format"] == "cxgate-plan"
    assert data["summary"]["risk"] == "HIGH"
    assert [c["action"] for c in data["changes"]] == ["create", "update", "delete"]


SIDE_OK = ProjectionSide("80% in 20s", 0.888, 14, True, "meets")
SIDE_MISS = ProjectionSide("90% in 20s", 0.888, 15, False, "misses")
STAFFED = replace(
    PLAN,
    projections=(
        QueueProjection("Sales", 14, SIDE_OK, SIDE_MISS),
        QueueProjection("New", 9, None, SIDE_OK),
    ),
)


def test_text_shows_staffing_before_and_after() -> None:
    """Each projected queue: its agents, then the target and projection before and after."""
    text = _text(STAFFED)
    assert "queue 'Sales' with 14 agents" in text
    assert "before: target 80% in 20s, projected 88.8%: meets it" in text
    assert "after:  target 90% in 20s, projected 88.8%: misses it (needs 15 agents)" in text
    assert "before: (new queue)" in text
    assert "staffing" not in _text(PLAN)


def test_markdown_and_json_show_staffing() -> None:
    """A table row per queue (a miss in bold); the plan file's staffing list."""
    md = render_markdown(STAFFED)
    assert "| Sales | 14 | target 80% in 20s, projected 88.8%: meets it | **target 90%" in md
    data = render_json(STAFFED)
    assert [s["queue"] for s in data["staffing"]] == ["Sales", "New"]
    assert data["staffing"][1]["before"] is None
    assert data["checksum"] == PLAN.checksum  # projections are not part of what is reviewed
