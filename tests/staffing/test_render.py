"""The words and tables the CLI prints."""

from __future__ import annotations

import dataclasses

import pytest

from cxgate.staffing.agents import QueueAgents
from cxgate.staffing.project import project
from cxgate.staffing.render import HEADERS, live_line, markdown, row_cells, summary_lines
from cxgate.staffing.required import Target
from cxgate.staffing.traffic import Traffic


def test_summary_states_load_target_and_answer() -> None:
    """The summary names the load, the model, the target and required/scheduled agents."""
    lines = summary_lines(
        project(Traffic(10 / 180, 180.0), Target(0.8, 20.0, max_asa=30.0), shrinkage=0.3, agents=12)
    )
    text = "\n".join(lines)
    assert "10 Erlangs" in text
    assert "Erlang C" in text
    assert "80.0% answered within 20s, ASA ≤ 30s" in text
    assert "Required: 14 agents on queue; scheduled: 20 (30.0% shrinkage)" in text
    assert "With 12 agents: service level 64.0%" in text
    assert "misses the target" in text


def test_overloaded_row_is_marked() -> None:
    """An overloaded row shows ∞ waits and a note; the summary explains overload."""
    result = project(Traffic(10 / 180, 180.0), Target(0.8, 20.0), agents=9)
    cells = row_cells(result, result.rows[0])
    assert cells[0] == "8"
    assert cells[3] == "∞"
    assert cells[-1] == "overloaded"
    assert any("grows without bound" in line for line in summary_lines(result))


def test_overload_is_said_only_of_the_staffing_asked_about() -> None:
    """Overloaded rows in the table do not make a fine staffing "overloaded" in the summary."""
    fine = project(Traffic(10 / 180, 180.0), Target(0.8, 20.0), agents=14, span=5)
    assert any(row.overloaded for row in fine.rows)
    assert not any("overloaded" in line for line in summary_lines(fine))
    required_only = project(Traffic(10 / 180, 180.0), Target(0.8, 20.0), span=5)
    assert not any("overloaded" in line for line in summary_lines(required_only))
    short = project(Traffic(10 / 180, 180.0), Target(0.8, 20.0), agents=9)
    assert summary_lines(short)[-1] == (
        "overloaded: 9 agents for 10 Erlangs offered, the queue grows without bound"
    )


def test_markdown_table_has_a_row_per_agent_count() -> None:
    """Markdown output: summary bullets, header, separator and one line per row."""
    result = project(Traffic(10 / 180, 180.0, 60.0), Target(max_abandon=0.05), span=1)
    text = markdown(result)
    table = [line for line in text.splitlines() if line.startswith("|")]
    assert len(table) == 2 + len(result.rows)
    assert table[0].count("|") == len(HEADERS) + 1
    assert "Erlang A, mean patience 1m" in text
    assert "required" in table[2 + [r.agents for r in result.rows].index(result.required_agents)]


@pytest.mark.parametrize(
    ("seen", "expected"),
    [
        (
            QueueAgents("q", {"IDLE": 1}, active=3, members=5),
            "Live: 1 agent on queue in 'Sales' now (IDLE 1; 3 logged in of 5 members)",
        ),
        (
            QueueAgents("q", {}, active=0, members=5),
            "Live: 0 agents on queue in 'Sales' now (nobody on queue; 0 logged in of 5 members)",
        ),
    ],
)
def test_live_line_says_where_the_agents_came_from(seen: QueueAgents, expected: str) -> None:
    """The live line names the queue, the statuses summed, and the API read."""
    line = live_line("Sales", seen)
    assert line.startswith(expected)
    assert line.endswith("from POST /api/v2/analytics/queues/observations/query")


def test_the_asked_row_is_marked_by_its_source() -> None:
    """The asked-about row's note says where its agent count came from."""
    result = project(Traffic(10 / 180, 180.0), Target(0.8, 20.0), agents=12)
    live = dataclasses.replace(result, agents_source="live")
    row = result.row_for(12)
    assert row is not None
    assert row_cells(result, row)[-1] == "--agents"
    assert row_cells(live, row)[-1] == "live"
    assert markdown(live, ("Live: 12 agents",)).startswith("- Live: 12 agents\n- Offered load")
