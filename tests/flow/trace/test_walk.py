"""Simulated callers: inputs, pins, data, schedules, loops, calls; expectations met and missed."""

from __future__ import annotations

import pytest

from cxgate.flow.graph import FlowGraph
from cxgate.flow.read.archy import read_flow
from cxgate.flow.trace.expect import evaluate_journey
from cxgate.flow.trace.machine import OutcomeKind
from cxgate.flow.trace.scenario import Journey
from cxgate.flow.trace.walk import run_journey

from ..helpers import BROKEN, EXAMPLES, flow

IVR = """
inboundCall:
  name: Test IVR
  startUpRef: ./tasks/task[hours]
  initialGreeting: {tts: Welcome to Test.}
  menus:
    - menu:
        name: Main
        refId: main
        audio: {tts: Press 1 for sales or say support.}
        defaultChildMenuRef: ./choices/menuDisconnect[bye]
        choices:
          - menuJumpToTask:
              name: Sales choice
              dtmf: digit_1
              targetTaskRef: /inboundCall/tasks/task[sales]
          - menuJumpToTask:
              name: Support choice
              dtmf: digit_2
              speechRecTerms: {en-us: {terms: [support, help]}}
              targetTaskRef: /inboundCall/tasks/task[support]
          - menuDisconnect:
              name: Bye
              refId: bye
              dtmf: digit_9
  tasks:
    - task:
        name: Hours
        refId: hours
        actions:
          - evaluateSchedule:
              name: Open?
              outputs:
                inactive: {actions: [playAudio: {audio: {tts: We are closed.}}, disconnect: {}]}
          - jumpToMenu: {targetMenuRef: "/inboundCall/menus/menu[main]"}
    - task:
        name: Sales
        refId: sales
        actions:
          - transferToAcd:
              name: To Sales
              targetQueue: {lit: {name: Sales}}
              outputs:
                failure: {actions: [playAudio: {audio: {tts: Sales is busy.}}]}
          - jumpToMenu: {targetMenuRef: "/inboundCall/menus/menu[main]"}
    - task:
        name: Support
        refId: support
        actions:
          - collectInput:
              name: Account
              inputData: {var: Task.account}
              outputs:
                failure: {actions: [disconnect: {name: No account}]}
          - decision:
              name: VIP?
              condition: {exp: 'Task.account == "42" or Flow.vip'}
              outputs:
                yes: {actions: [transferToAcd: {name: To VIP, targetQueue: {lit: {name: VIP}}}]}
          - transferToAcd: {name: To Support, targetQueue: {lit: {name: Support}}}
          - disconnect: {}
"""


@pytest.fixture(scope="module")
def ivr() -> FlowGraph:
    """The small IVR every trace here walks."""
    return flow(IVR, "ivr.yaml")


def _run(graph: FlowGraph, **journey: object) -> tuple[object, object]:
    j = Journey.model_validate({"name": "j", **journey})
    trace = run_journey(graph, j)
    return trace, evaluate_journey(graph, j, trace)


@pytest.mark.parametrize(
    ("inputs", "extra", "outcome", "detail"),
    [
        ([1], {}, OutcomeKind.TRANSFER, "queue:Sales"),
        ([2, "7#"], {"variables": {"Flow.vip": False}}, OutcomeKind.TRANSFER, "queue:Support"),
        ([2, "42"], {}, OutcomeKind.TRANSFER, "queue:VIP"),
        ([2, "7"], {"variables": {"Flow.vip": True}}, OutcomeKind.TRANSFER, "queue:VIP"),
        (
            [{"speech": "HELP"}, "7"],
            {"variables": {"Flow.vip": "false"}},
            OutcomeKind.TRANSFER,
            "queue:Support",
        ),
        (["no_input"], {}, OutcomeKind.DISCONNECT, ""),
        ([2, "no_input"], {}, OutcomeKind.DISCONNECT, ""),
        ([], {}, OutcomeKind.AWAITING_INPUT, "Main"),
        ([], {"schedule": "closed"}, OutcomeKind.DISCONNECT, ""),
        ([1, 9], {"outcomes": {"To Sales": "failure"}}, OutcomeKind.DISCONNECT, ""),
        ([{"choose": "Bye"}], {}, OutcomeKind.DISCONNECT, ""),
    ],
)
def test_journeys_end_where_the_inputs_lead(
    ivr: FlowGraph,
    inputs: list[object],
    extra: dict[str, object],
    outcome: OutcomeKind,
    detail: str,
) -> None:
    """Keys, speech, silence, digits, schedule, pins and variables steer the caller."""
    trace, _ = _run(ivr, inputs=inputs, **extra)
    assert (trace.outcome.kind, trace.outcome.detail) == (outcome, detail)  # type: ignore[attr-defined]


def test_trace_records_path_heard_and_notes(ivr: FlowGraph) -> None:
    """The trace lists the nodes, transitions and audio, and says why it branched."""
    trace, _ = _run(ivr, inputs=[1, 9], outcomes={"To Sales": ["failure"]})
    assert trace.heard[:3] == (
        "Welcome to Test.",
        "Press 1 for sales or say support.",
        "Sales is busy.",
    )  # type: ignore[attr-defined]
    notes = [s.note for s in trace.steps if s.note]  # type: ignore[attr-defined]
    assert notes == ["active (default)", "pressed 1", "failure (pinned)", "pressed 9"]
    assert len(trace.transitions) == len(trace.steps) - 1  # type: ignore[attr-defined]


def test_invalid_key_repeats_the_menu(ivr: FlowGraph) -> None:
    """A key no choice uses is noted and the menu listens again."""
    trace, _ = _run(ivr, inputs=[5, 9])
    assert trace.outcome.kind is OutcomeKind.DISCONNECT  # type: ignore[attr-defined]
    assert any("pressed 5 matches no choice" in n for n in trace.notes)  # type: ignore[attr-defined]


def test_unused_inputs_are_noted(ivr: FlowGraph) -> None:
    """Inputs left after the journey ends are reported."""
    trace, _ = _run(ivr, inputs=[1, 2, 3])
    assert "2 input(s) left unused" in trace.notes  # type: ignore[attr-defined]


def test_pin_that_names_no_output_is_noted(ivr: FlowGraph) -> None:
    """Pinning an output the action does not have falls back to the default, with a note."""
    trace, _ = _run(ivr, inputs=[1], outcomes={"To Sales": "busy"})
    assert trace.outcome.kind is OutcomeKind.TRANSFER  # type: ignore[attr-defined]
    assert any("pinned 'busy' is not one of" in n for n in trace.notes)  # type: ignore[attr-defined]


def test_pins_apply_per_visit_in_order(ivr: FlowGraph) -> None:
    """A list of pins is consumed visit by visit; the last one repeats."""
    trace, _ = _run(
        ivr, inputs=[1, 1, 1], outcomes={"To Sales": ["failure", "failure", "transfer"]}
    )
    assert trace.outcome.detail == "queue:Sales"  # type: ignore[attr-defined]
    assert trace.nodes.count("/inboundCall/menus/menu[main]") == 3  # type: ignore[attr-defined]


def test_expectations_met(ivr: FlowGraph) -> None:
    """A journey whose path, ending and audio match passes."""
    _, result = _run(
        ivr,
        inputs=[2, "42"],
        expect={
            "visits": ["Main", "Support", "VIP?"],
            "avoids": ["Sales"],
            "ends": "transfer",
            "transfer_to": "VIP",
            "hears": ["welcome to test"],
        },
    )
    assert result.passed  # type: ignore[attr-defined]


def test_expectations_missed_give_a_diff(ivr: FlowGraph) -> None:
    """Each missed expectation gives expected and actual lines."""
    _, result = _run(
        ivr,
        inputs=[1],
        expect={
            "visits": ["Main", "Support"],
            "avoids": ["Sales"],
            "ends": "disconnect",
            "transfer_to": "Support",
            "hears": ["goodbye"],
        },
    )
    assert not result.passed  # type: ignore[attr-defined]
    by_field = {m.field: m for m in result.mismatches}  # type: ignore[attr-defined]
    assert set(by_field) == {"visits (in order)", "avoids", "ends", "transfer_to", "hears"}
    assert by_field["ends"].diff() == ["ends:", "  - disconnect", "  + transfer to queue:Sales"]
    assert "then not 'Support'" in by_field["visits (in order)"].actual
    assert by_field["transfer_to"].expected == "Support"


def test_expectation_naming_nothing_is_a_mismatch(ivr: FlowGraph) -> None:
    """A typo in a node name fails loudly instead of silently never matching."""
    _, result = _run(ivr, inputs=[9], expect={"avoids": ["Slaes"]})
    assert [m.actual for m in result.mismatches] == ["no node has that id, refId or name"]  # type: ignore[attr-defined]


LOOPS = """
workflow:
  name: Loops
  startUpRef: ./states/state[s]
  states:
    - state:
        name: S
        refId: s
        actions:
          - loop:
              name: Three times
              loopCount: {lit: 3}
              outputs:
                loop:
                  actions:
                    - callTask: {name: Call helper, targetTaskRef: '/workflow/tasks/task[h]'}
          - loop:
              name: Until done
              loopCount: {exp: Count(Flow.items)}
              outputs:
                loop:
                  actions:
                    - decision:
                        name: Done?
                        condition: {exp: Flow.done}
                        outputs: {yes: {actions: [loopExit: {}]}, no: {actions: [loopNext: {}]}}
          - endWorkflow: {}
  tasks:
    - task:
        name: Helper
        refId: h
        actions:
          - playAudio: {name: Helping}
          - endTask: {outputPath: {name: default}}
"""


def test_loops_run_their_count_and_calls_return() -> None:
    """A literal loop count runs that many times; reusable tasks return to their caller."""
    graph = flow(LOOPS)
    trace = run_journey(graph, Journey(name="loops"))
    names = [graph.nodes[n].name for n in trace.nodes]
    assert names.count("Helping") == 3
    assert names.count("Done?") == 1
    assert (trace.outcome.kind, trace.outcome.detail) == (OutcomeKind.END, "endWorkflow")
    assert trace.outcome.describe() == "end (endWorkflow)"


def test_loop_pins_and_variables_drive_iterations() -> None:
    """Pins choose loop/done; loopExit leaves the loop early."""
    graph = flow(LOOPS)
    journey = Journey.model_validate(
        {
            "name": "pinned",
            "outcomes": {
                "Three times": ["loop", "done"],
                "Until done": ["loop", "loop"],
                "Done?": ["no", "yes"],
            },
            "variables": {},
        }
    )
    trace = run_journey(graph, journey)
    names = [graph.nodes[n].name for n in trace.nodes]
    assert names.count("Helping") == 1
    assert names.count("Done?") == 2


def test_busy_loop_stops_at_the_step_limit() -> None:
    """A cycle that never waits ends the trace at the step bound, not forever."""
    graph = flow(
        "inboundCall:\n  startUpRef: ./tasks/task[t]\n  tasks:\n    - task:\n        refId: t\n"
        "        actions:\n          - loop:\n"
        "              outputs: {loop: {actions: [playAudio: {}]}}\n"
        "          - disconnect: {}\n"
    )
    journey = Journey(name="spin", outcomes={"loop": ["loop"]})
    trace = run_journey(graph, journey, max_steps=50)
    assert trace.outcome.kind is OutcomeKind.STEP_LIMIT
    assert len(trace.steps) == 50


def test_switch_cases_follow_variables() -> None:
    """firstMatch compares the subject with case literals; firstTrue takes the first true case."""
    graph = flow(
        """
        workflow:
          startUpRef: ./states/state[s]
          states:
            - state:
                refId: s
                actions:
                  - switch:
                      name: By status
                      evaluate:
                        firstMatch:
                          string:
                            value: {exp: Flow.status}
                            cases:
                              - case: {value: {lit: open}, actions: [endWorkflow: {name: Open end}]}
                              - case: {value: {lit: shut}, actions: [endWorkflow: {name: Shut end}]}
                            default: {actions: [endWorkflow: {name: Other end}]}
                  - endWorkflow: {}
        """
    )

    def end(status: object) -> str:
        journey = Journey.model_validate({"name": "s", "variables": {"Flow.status": status}})
        return graph.nodes[run_journey(graph, journey).outcome.node].name

    assert (end("open"), end("shut"), end("neither")) == ("Open end", "Shut end", "Other end")


def test_first_true_switch() -> None:
    """firstTrue evaluates each case condition in order."""
    graph = flow(
        """
        workflow:
          startUpRef: ./states/state[s]
          states:
            - state:
                refId: s
                actions:
                  - switch:
                      evaluate:
                        firstTrue:
                          cases:
                            - case: {value: {exp: Flow.n > 10}, actions: [endWorkflow: {name: Big}]}
                            - case: {value: {exp: Flow.n > 5}, actions: [endWorkflow: {name: Mid}]}
                          default: {actions: [endWorkflow: {name: Small}]}
        """
    )
    names = []
    for n in (20, 7, 1):
        journey = Journey.model_validate({"name": "n", "variables": {"Flow.n": n}})
        names.append(graph.nodes[run_journey(graph, journey).outcome.node].name)
    assert names == ["Big", "Mid", "Small"]


def test_demo_in_queue_flow_starts_over() -> None:
    """An in-queue journey without a callback ends when the task starts over."""
    graph = read_flow(EXAMPLES / "in-queue.yaml")
    trace = run_journey(graph, Journey.model_validate({"name": "wait", "inputs": ["no_input"]}))
    assert trace.outcome.kind is OutcomeKind.START_OVER


def test_silence_at_a_menu_without_default_is_reported() -> None:
    """No input at a menu without a default ends the journey and says what would follow."""
    graph = read_flow(BROKEN)
    trace = run_journey(graph, Journey.model_validate({"name": "quiet", "inputs": ["no_input"]}))
    assert trace.outcome.kind is OutcomeKind.MENU_EXHAUSTED
    assert trace.outcome.detail == "after 3 prompts; error handling: ?"
