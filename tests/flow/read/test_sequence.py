"""Action sequences: asks and other actions whose outputs are optional succeed into the next
action; each enabled optional output adds a branch, a disabled one adds nothing."""

from __future__ import annotations

from cxgate.flow.check.run import check
from cxgate.flow.graph import FlowGraph
from cxgate.flow.trace.explore import explore
from cxgate.flow.trace.machine import OutcomeKind
from cxgate.flow.trace.scenario import Journey
from cxgate.flow.trace.walk import run_journey

from ..helpers import flow

ASK_FOR_SLOT = """
botFlow:
  name: Orders
  startUpRef: /botFlow/bots/bot[b]
  bots:
    - bot:
        name: Order bot
        refId: b
        actions:
          - askForSlot:
              name: Ask for the order number
              slot: {name: OrderNumber}
              question: {exp: "MakeCommunication(\\"Your order number?\\")"}
              outputs:
                maxNoInputs:
                  enabled: true
                  actions:
                    - exitBotFlow: {name: Give up}
                maxNoMatches:
                  enabled: false
          - decision:
              name: Known order?
              condition: {exp: "IsSet(Slot.OrderNumber)"}
              outputs:
                no:
                  actions:
                    - communicate:
                        name: Sorry
                        communication: {exp: "MakeCommunication(\\"No.\\")"}
          - exitBotFlow: {name: Done}
"""


def _labels(graph: FlowGraph, name: str) -> list[str]:
    (node,) = graph.find(name)
    return [t.label for t in graph.outgoing(node.id)]


def test_ask_for_slot_succeeds_into_the_next_action() -> None:
    """The decision after askForSlot is reachable: no unreachable finding, no dead end."""
    graph = flow(ASK_FOR_SLOT)
    assert _labels(graph, "Ask for the order number") == ["success", "maxNoInputs"]
    assert check(graph) == []


def test_a_disabled_output_adds_no_edge_and_an_enabled_one_does() -> None:
    """maxNoMatches (enabled: false) is no transition; maxNoInputs leads to its branch."""
    graph = flow(ASK_FOR_SLOT)
    (ask,) = graph.find("Ask for the order number")
    targets = {t.label: t.target for t in graph.outgoing(ask.id)}
    assert "maxNoMatches" not in targets
    assert graph.nodes[targets["maxNoInputs"] or ""].name == "Give up"
    assert graph.nodes[targets["success"] or ""].name == "Known order?"


def test_a_bot_trace_walks_the_success_path_to_its_exit() -> None:
    """The default journey takes success, not an opaque stop, and ends in an exit."""
    graph = flow(ASK_FOR_SLOT)
    trace = run_journey(graph, Journey(name="order"))
    assert trace.outcome.kind is OutcomeKind.EXIT
    assert trace.outcome.describe() == "exit (exitBotFlow)"
    names = [graph.nodes[n].name for n in trace.nodes]
    assert names[2:] == ["Ask for the order number", "Known order?", "Sorry", "Done"]


def test_exploring_a_bot_flow_covers_every_node() -> None:
    """Every action of the bot is reached by some explored journey."""
    result = explore(flow(ASK_FOR_SLOT))
    assert result.coverage.node_fraction == 1.0
    assert {t.outcome.kind for t in result.traces} == {OutcomeKind.EXIT}


def test_digital_menu_paths_and_fall_through() -> None:
    """digitalMenu: each path is a branch, and a choice without a path goes on to the next
    action, which is therefore reachable."""
    graph = flow(
        """
        digitalBot:
          name: Books
          startUpRef: /digitalBot/bots/bot[b]
          bots:
            - bot:
                name: Greeting
                refId: b
                actions:
                  - digitalMenu:
                      name: What next
                      outputs:
                        maxNoInputs: {enabled: false}
                        paths:
                          - path:
                              name: Buy a book
                              actions:
                                - exitBotFlow: {name: To sales}
                  - communicate: {name: Anything else}
                  - exitBotFlow: {name: Bye}
        """
    )
    assert _labels(graph, "What next") == ["success", "paths: Buy a book"]
    assert check(graph) == []


def test_ask_for_intent_without_a_path_for_the_intent_carries_on() -> None:
    """askForIntent: intents and noIntent are branches; the action also succeeds into the
    next action (an intent with no path of its own)."""
    graph = flow(
        """
        botFlow:
          name: Help
          startUpRef: /botFlow/bots/bot[b]
          bots:
            - bot:
                name: Help bot
                refId: b
                actions:
                  - askForIntent:
                      name: What do you need
                      outputs:
                        intents:
                          - intent: {name: Cancel, enabled: true, actions: [exitBotFlow: {}]}
                        noIntent: {actions: [exitBotFlow: {name: Unknown}]}
                  - exitBotFlow: {name: Other intents}
        """
    )
    assert _labels(graph, "What do you need") == ["success", "intents: Cancel", "noIntent"]
    assert check(graph) == []


def test_an_optional_failure_path_is_a_branch_beside_success() -> None:
    """setExternalTag's failure is optional: success goes on, a given failure branches."""
    graph = flow(
        """
        inboundShortMessage:
          name: Tagging
          startUpRef: ./states/state[s]
          states:
            - state:
                name: Start
                refId: s
                actions:
                  - setExternalTag:
                      name: Tag
                      outputs: {failure: {actions: [disconnect: {name: Tag failed}]}}
                  - disconnect: {name: Tagged}
        """
    )
    assert _labels(graph, "Tag") == ["success", "failure"]
    assert check(graph) == []
