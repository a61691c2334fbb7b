"""How journeys end: each ending labelled by what it is, not all called a disconnect."""

from __future__ import annotations

import pytest

from cxgate.flow.trace.explore import explore
from cxgate.flow.trace.machine import OutcomeKind
from cxgate.flow.trace.scenario import Journey
from cxgate.flow.trace.walk import run_journey

from ..helpers import flow


def _ending(kind: str, container: str, action: str) -> str:
    item = container[:-1]
    return f"""
{kind}:
  name: Ends
  startUpRef: /{kind}/{container}/{item}[a]
  {container}:
    - {item}:
        name: Only
        refId: a
        actions:
          - {action}: {{name: The end}}
"""


@pytest.mark.parametrize(
    ("kind", "container", "action", "outcome", "described"),
    [
        ("inboundCall", "tasks", "disconnect", OutcomeKind.DISCONNECT, "disconnect"),
        ("inboundShortMessage", "states", "disconnect", OutcomeKind.DISCONNECT, "disconnect"),
        ("botFlow", "bots", "exitBotFlow", OutcomeKind.EXIT, "exit (exitBotFlow)"),
        ("digitalBot", "bots", "exitBotFlow", OutcomeKind.EXIT, "exit (exitBotFlow)"),
        ("workflow", "states", "endWorkflow", OutcomeKind.END, "end (endWorkflow)"),
        ("workitem", "states", "endFlow", OutcomeKind.END, "end (endFlow)"),
        ("workitem", "states", "exitWorkitemFlow", OutcomeKind.END, "end (exitWorkitemFlow)"),
        ("surveyInvite", "states", "completeSurveyInvite", OutcomeKind.END,
         "end (completeSurveyInvite)"),
        ("surveyInvite", "states", "abortSurveyInvite", OutcomeKind.END,
         "end (abortSurveyInvite)"),
        ("secureCall", "tasks", "returnToAgent", OutcomeKind.TRANSFER, "transfer to agent"),
    ],
)  # fmt: skip
def test_each_ending_is_labelled_by_what_it_is(
    kind: str, container: str, action: str, outcome: OutcomeKind, described: str
) -> None:
    """Traces and explored journeys end with the ending's own kind and name."""
    graph = flow(_ending(kind, container, action))
    trace = run_journey(graph, Journey(name="end"))
    assert trace.outcome.kind is outcome
    assert trace.outcome.describe() == described
    assert [t.outcome.kind for t in explore(graph).traces] == [outcome]


def test_end_task_without_a_caller_returns() -> None:
    """A common module's endTask is a return through its output path, not a disconnect."""
    graph = flow(
        "commonModule:\n  name: M\n  startUpTaskActions:\n"
        "    - endTask: {name: Done, outputPath: {name: default}}\n"
    )
    trace = run_journey(graph, Journey(name="module"))
    assert (trace.outcome.kind, trace.outcome.describe()) == (
        OutcomeKind.RETURN,
        "return (default)",
    )


def test_scenarios_can_expect_the_new_endings() -> None:
    """`ends: exit` and `ends: end` are valid expectations."""
    journey = Journey.model_validate({"name": "bot", "expect": {"ends": "exit"}})
    assert journey.expect.ends is OutcomeKind.EXIT
    assert Journey.model_validate({"name": "w", "expect": {"ends": "end"}}).expect.ends is (
        OutcomeKind.END
    )
