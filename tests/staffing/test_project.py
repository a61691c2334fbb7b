"""Projections: rows around the requirement and the JSON document of ``--output json``."""

from __future__ import annotations

import math

import pytest

from cxgate.staffing.project import agent_counts, project
from cxgate.staffing.required import Target
from cxgate.staffing.traffic import Traffic

ROW_KEYS = {
    "agents",
    "service_level",
    "prob_wait",
    "asa_seconds",
    "abandon_rate",
    "occupancy",
    "queue_length",
}


@pytest.mark.parametrize(
    ("required", "agents", "span", "expected"),
    [
        (14, None, 2, [12, 13, 14, 15, 16]),
        (14, 20, 1, [13, 14, 15, 19, 20, 21]),
        (14, 14, 0, [13, 14, 15]),
        (1, None, 3, [0, 1, 2, 3, 4]),
        (0, 0, 0, [0, 1]),
    ],
)
def test_agent_counts(required: int, agents: int | None, span: int, expected: list[int]) -> None:
    """Rows cover required ± span and the asked-about level ± 1, never below zero."""
    assert agent_counts(required, agents, span) == expected


def test_projection_of_the_reference_queue() -> None:
    """A = 10 at 80/20: 14 required, 20 scheduled with 30% shrinkage, rows 11..17."""
    result = project(Traffic(10 / 180, 180.0), Target(0.8, 20.0), shrinkage=0.3)
    assert (result.required_agents, result.scheduled_agents) == (14, 20)
    assert [row.agents for row in result.rows] == list(range(11, 18))
    row = result.row_for(14)
    assert row is not None
    assert row.service_level == pytest.approx(0.888350, abs=1e-6)
    assert result.row_for(99) is None


def test_json_document_has_exactly_the_documented_fields() -> None:
    """Top-level and row keys are those of issue 5; fractions, not percentages."""
    document = project(Traffic(450 / 1800, 240.0), Target(0.8, 20.0), agents=50).to_json()
    assert set(document) == {"required_agents", "scheduled_agents", "offered_load_erlangs", "rows"}
    assert document["offered_load_erlangs"] == pytest.approx(60.0)
    for row in document["rows"]:
        assert set(row) == ROW_KEYS
        assert row["abandon_rate"] is None
        assert 0.0 <= row["service_level"] <= 1.0


def test_overloaded_rows_have_null_waits_in_json() -> None:
    """An overloaded row says so with null ASA and queue length, never a fine-looking number."""
    document = project(Traffic(450 / 1800, 240.0), Target(0.8, 20.0), agents=20).to_json()
    row = next(r for r in document["rows"] if r["agents"] == 20)
    assert (row["asa_seconds"], row["queue_length"], row["prob_wait"]) == (None, None, 1.0)


def test_patience_fills_in_abandon_rate() -> None:
    """With a patience, every row carries a finite abandon rate."""
    document = project(Traffic(450 / 1800, 240.0, 120.0), Target(0.8, 20.0), agents=20).to_json()
    assert all(isinstance(r["abandon_rate"], float) for r in document["rows"])
    assert all(math.isfinite(r["asa_seconds"]) for r in document["rows"])


def test_negative_agents_are_refused() -> None:
    """Asking about a negative staffing level is an error."""
    with pytest.raises(ValueError, match="agents"):
        project(Traffic(0.1, 180.0), Target(0.8, 20.0), agents=-1)


def test_negative_span_is_refused() -> None:
    """A negative number of rows each side makes no sense."""
    with pytest.raises(ValueError, match="span"):
        agent_counts(14, None, -1)
