"""Scenario-to-flow matching, values files and names files."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxgate.flow.inputs import load_names, load_values
from cxgate.flow.read.source import FlowFileError
from cxgate.flow.suite import journeys_by_flow

from .helpers import EXAMPLES

MAIN = EXAMPLES / "main-ivr.yaml"
QUEUE = EXAMPLES / "in-queue.yaml"
SCENARIOS = EXAMPLES / "scenarios"


def test_scenarios_go_to_the_flow_they_name() -> None:
    """Each scenario's journeys attach to the flow its `flow:` points at."""
    by_flow = journeys_by_flow(
        [MAIN, QUEUE],
        [SCENARIOS / "main-ivr.scenarios.yaml", SCENARIOS / "in-queue.scenarios.yaml"],
    )
    assert len(by_flow[MAIN]) == 10
    assert len(by_flow[QUEUE]) == 3


def test_scenario_without_flow_needs_a_single_flow(tmp_path: Path) -> None:
    """Without `flow:` a scenario applies to the only flow, and is refused with two."""
    path = tmp_path / "s.yaml"
    path.write_text("journeys:\n  - name: j\n", encoding="utf-8")
    assert len(journeys_by_flow([MAIN], [path])[MAIN]) == 1
    with pytest.raises(FlowFileError, match="does not say which flow"):
        journeys_by_flow([MAIN, QUEUE], [path])


def test_scenario_for_another_flow_is_refused() -> None:
    """A scenario naming a flow not being traced is an error with the fix."""
    with pytest.raises(FlowFileError, match="not being traced"):
        journeys_by_flow([QUEUE], [SCENARIOS / "main-ivr.scenarios.yaml"])


def test_values_file(tmp_path: Path) -> None:
    """Values are flat; booleans and numbers become the text Archy would paste."""
    path = tmp_path / "v.yaml"
    path.write_text("name: Main\nflag: true\ncount: 3\nempty:\n", encoding="utf-8")
    assert load_values(path) == {"name": "Main", "flag": "true", "count": "3", "empty": ""}
    assert load_values(None) == {}
    path.write_text("nested: {a: 1}\n", encoding="utf-8")
    with pytest.raises(FlowFileError, match="flat mapping"):
        load_values(path)


def test_names_file(tmp_path: Path) -> None:
    """Listed kinds resolve only listed names; unlisted kinds pass."""
    path = tmp_path / "n.yaml"
    path.write_text("queue: [Sales, Support]\n", encoding="utf-8")
    resolver = load_names(path)
    assert resolver is not None
    assert (resolver("queue", "Sales"), resolver("queue", "Nope"), resolver("flow", "Any")) == (
        True,
        False,
        True,
    )
    assert load_names(None) is None
    path.write_text("queue: Sales\n", encoding="utf-8")
    with pytest.raises(FlowFileError, match="list of names"):
        load_names(path)
