"""Bot flow task references outside action lists: intent tasks and knowledge tasks."""

from __future__ import annotations

import pytest

from cxgate.flow.check.run import check
from cxgate.flow.graph import TransitionKind
from cxgate.flow.trace.explore import explore

from ..helpers import flow


def _bot(intent_task: str, knowledge: str = "") -> str:
    return f"""
digitalBot:
  name: Store
  startUpRef: /digitalBot/bots/bot[b]
  settingsBotFlow:
    intentSettings:
      - intent:
          name: Track order
          confirmation: {{exp: "ToCommunication(\\"Track an order?\\")"}}
          task: {intent_task}
{knowledge}
  bots:
    - bot:
        name: Greeting
        refId: b
        actions:
          - askForIntent: {{name: How can I help}}
          - exitBotFlow: {{name: Bye}}
  tasks:
    - task:
        name: Track
        refId: track
        actions:
          - communicate: {{name: Tracking}}
          - exitBotFlow: {{name: Tracked}}
    - task:
        name: Answer
        refId: answer
        actions:
          - exitBotFlow: {{name: Answered}}
"""


KNOWLEDGE = """  settingsKnowledge:
    Store FAQ:
      knowledgePath:
        targetTaskRef: /digitalBot/tasks/task[answer]"""


@pytest.mark.parametrize(
    "task", ["/digitalBot/tasks/task[track]", "{targetTaskRef: '/digitalBot/tasks/task[track]'}"]
)
def test_a_task_reached_only_from_an_intent_is_reachable(task: str) -> None:
    """The intent's task (as a path, or a mapping holding targetTaskRef) is linked from the
    flow's entry; the knowledge task too; nothing is unreachable."""
    graph = flow(_bot(task, KNOWLEDGE))
    starts = {t.label: t.target for t in graph.outgoing(graph.entry)}
    assert starts == {
        "start": "/digitalBot/bots/bot[b]",
        "intent: Track order": "/digitalBot/tasks/task[track]",
        "knowledge": "/digitalBot/tasks/task[answer]",
    }
    assert graph.outgoing(graph.entry)[1].kind is TransitionKind.JUMP
    assert check(graph) == []


def test_without_the_settings_those_tasks_are_unreachable() -> None:
    """The same tasks with no intent or knowledge pointing at them are reported."""
    graph = flow(_bot("''"))
    unreachable = [f.message for f in check(graph) if f.rule == "unreachable"]
    assert len(unreachable) == 2
    assert "task 'Track' is unreachable" in unreachable[0]


def test_a_reference_to_a_missing_task_is_an_error() -> None:
    """An intent or knowledge task that names nothing is ref-unresolved, saying where."""
    knowledge = KNOWLEDGE.replace("task[answer]", "task[faq]")
    findings = check(flow(_bot("/digitalBot/tasks/task[trak]", knowledge)))
    unresolved = [f for f in findings if f.rule == "ref-unresolved"]
    assert [f.severity for f in unresolved] == ["error", "error"]
    assert "intent: Track order task '/digitalBot/tasks/task[trak]'" in unresolved[0].message
    assert "knowledge task '/digitalBot/tasks/task[faq]'" in unresolved[1].message


def test_exploration_enters_intent_tasks() -> None:
    """Explore reaches the intent and knowledge tasks and covers the whole bot."""
    result = explore(flow(_bot("/digitalBot/tasks/task[track]", KNOWLEDGE)))
    assert result.coverage.node_fraction == 1.0
