"""Template placeholders are found in every literal, once per token, and real text is left."""

from __future__ import annotations

import pytest

from cxgate.flow.check.run import check

from ..helpers import flow

FLOW = """
inboundCall:
  name: Callback
  startUpRef: ./tasks/task[t]
  tasks:
    - task:
        name: Main
        refId: t
        actions:
          - callData:
              name: Start the callback workflow
              category:
                <integrationName>:
                  dataAction:
                    Execute workflow:
                      inputs:
                        flowId: {lit: <workflowId>}
                        contactList: {lit: <contactListId>}
                        queue: {exp: 'FindQueue("<targetQueueName>")'}
              outputs:
                failure: {actions: [disconnect: {}]}
                timeout: {actions: [disconnect: {}]}
          - updateData:
              statements:
                - string: {variable: Task.list, value: {lit: <contactListId>}}
                - string: {variable: Task.subject, value: {lit: <empty>}}
                - string: {variable: Task.ssml, value: {lit: "<speak>Hello</speak>"}}
                - string: {variable: Task.todo, value: {lit: <TODO>}}
          - disconnect: {}
"""


def _placeholders() -> list[tuple[int, str]]:
    return [(f.line, f.message) for f in check(flow(FLOW)) if f.rule == "external-placeholder"]


def test_placeholders_in_keys_ids_expressions_and_any_field_are_found_once_each() -> None:
    """A mapping key, literal ids in data-action inputs, a quoted string in an expression,
    a variable's value: one warning per token, counting where it repeats."""
    found = _placeholders()
    assert [m.split("'")[1] for _, m in found] == [
        "<integrationName>",
        "<workflowId>",
        "<contactListId>",
        "<targetQueueName>",
        "<TODO>",
    ]
    assert found[0] == (12, "'<integrationName>' under category looks like a template placeholder")
    assert "(2 places)" in found[2][1]


@pytest.mark.parametrize("text", ["<empty>", "<speak>Hello</speak>", "a <b> c", "<br>"])
def test_real_text_with_angle_brackets_is_not_a_placeholder(text: str) -> None:
    """A one-word token (a real survey subject in the corpus is `<empty>`) or markup is left."""
    assert all(text not in m for _, m in _placeholders())


def test_a_placeholder_is_a_warning_and_not_sent_to_the_resolver() -> None:
    """The placeholder queue name is reported once, never looked up in the org."""
    asked: list[str] = []
    graph = flow(FLOW.replace("queue: {exp: 'FindQueue(\"<targetQueueName>\")'}", "x: {lit: 1}"))
    findings = check(graph, lambda kind, name: asked.append(name) is None)
    assert not any(name.startswith("<") for name in asked)
    assert {f.severity for f in findings if f.rule == "external-placeholder"} == {"warning"}
