"""Renderers: text, Markdown and JSON show every change, its risk and the verdict."""

from __future__ import annotations

from rich.console import Console

from cxgate.plan.change import Action, Assessment, Change, FieldChange, Op, Reason, Risk
from cxgate.plan.plan import Plan
from cxgate.plan.render import render_json, render_markdown, render_text

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
