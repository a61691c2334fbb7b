"""What the flow reader no longer reads past: missing names and non-lists under list keys."""

from __future__ import annotations

import pytest

from tests.flow.helpers import flow


def _rules(text: str) -> list[tuple[str, int]]:
    return [(n.rule, n.line) for n in flow(text).notes if n.rule in {"flow-name", "not-a-list"}]


def test_text_where_an_action_list_belongs_is_a_type_error() -> None:
    """``actions: disconnect`` is reported as what it is, with its line."""
    text = """
        inboundCall:
          name: Main
          startUpRef: ./tasks/task[t]
          tasks:
            - task:
                name: T
                refId: t
                actions: disconnect
        """
    graph = flow(text)
    note = next(n for n in graph.notes if n.rule == "not-a-list")
    assert (note.severity, note.line) == ("error", 8)
    assert note.message == "'actions' must be a list, found text"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("", [("flow-name", 2)]), ('"  "', [("flow-name", 2)]), ("Main", [])],
)
def test_a_flow_needs_a_name(name: str, expected: list[tuple[str, int]]) -> None:
    """An empty or blank name is an error, as the bundle loader says for every object."""
    text = f"""
        inboundCall:
          name: {name}
          startUpTaskActions:
            - disconnect: {{}}
        """
    assert _rules(text) == expected


def test_a_missing_name_points_at_the_flow() -> None:
    """No ``name:`` at all: the error sits on the flow's first line."""
    assert _rules("inboundCall:\n  startUpTaskActions:\n    - disconnect: {}\n") == [
        ("flow-name", 2)
    ]


def test_mappings_under_list_keys_and_empty_lists() -> None:
    """A mapping where a list belongs is an error; an empty value or ``[]`` is fine."""
    text = """
        inboundCall:
          name: Main
          menus: {menu: {name: M}}
          tasks:
          states: []
          startUpTaskActions: null
        """
    assert _rules(text) == [("not-a-list", 3)]


def test_aliased_nodes_are_looked_at_once() -> None:
    """The same node reached through an alias is not reported twice."""
    text = """
        inboundCall:
          name: Main
          tasks: &t
            - task: {name: T, refId: t, actions: oops}
          states: *t
        """
    assert [r for r in _rules(text) if r[0] == "not-a-list"] == [("not-a-list", 4)]
