"""Every check rule with a flow that trips it and a close variant that does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxgate.flow.check.finding import RULES, Finding
from cxgate.flow.check.run import check, check_all, check_paths, has_errors

from ..helpers import flow


def _task_flow(actions: str, extra: str = "") -> str:
    """An inbound flow whose startup task runs ``actions`` (YAML list items, 8-space indent)."""
    return f"""
inboundCall:
  name: T
  startUpRef: ./tasks/task[t]
  tasks:
    - task:
        name: Main task
        refId: t
        actions:
{actions}
{extra}
"""


def _menu_flow(choices: str, menu_extra: str = "", tasks: str = "") -> str:
    return f"""
inboundCall:
  name: M
  startUpRef: ./menus/menu[m]
  menus:
    - menu:
        name: Main
        refId: m
{menu_extra}
        choices:
{choices}
{tasks}
"""


_BYE = "          - disconnect: {name: Bye}"
_TO_SALES = "          - transferToAcd: {name: To Sales, targetQueue: {lit: {name: Sales}}}\n"
_AGAIN = "          - jumpToTask: {targetTaskRef: '/inboundCall/tasks/task[t]'}"

# rule id → (flow that trips it, flow that does not)
CASES: dict[str, tuple[str, str]] = {
    "ref-unresolved": (
        _task_flow("          - jumpToMenu: {targetMenuRef: '/inboundCall/menus/menu[nope]'}"),
        _task_flow(_BYE),
    ),
    "ref-wrong-kind": (
        _task_flow("          - jumpToMenu: {targetMenuRef: '/inboundCall/tasks/task[t]'}"),
        _task_flow(_BYE),
    ),
    "ref-duplicate-id": (
        _task_flow(_BYE, "    - task: {name: Again, refId: t, actions: [disconnect: {}]}"),
        _task_flow(_BYE),
    ),
    "ref-missing": (_task_flow("          - jumpToMenu: {name: Where}"), _task_flow(_BYE)),
    "ref-external": (
        _task_flow(
            "          - jumpToMenu: {targetMenuRef: './shared.yaml#/common/menus/menu[x]'}"
        ),
        _task_flow(_BYE),
    ),
    "start-missing": ("inboundCall:\n  name: X\n", _task_flow(_BYE)),
    "unreachable": (
        _task_flow(_BYE + "\n          - playAudio: {name: Never, audio: {tts: hi}}"),
        _task_flow("          - playAudio: {name: Always, audio: {tts: hi}}\n" + _BYE),
    ),
    "dead-end": (
        _task_flow("          - playAudio: {name: Hello, audio: {tts: hi}}"),
        _task_flow("          - playAudio: {name: Hello, audio: {tts: hi}}\n" + _BYE),
    ),
    "transfer-no-failure-path": (
        _task_flow(
            "          - transferToAcd: {name: To Sales, targetQueue: {lit: {name: Sales}}}"
        ),
        _task_flow(
            "          - transferToAcd: {name: To Sales, targetQueue: {lit: {name: Sales}}}\n"
            + _BYE
        ),
    ),
    "busy-loop": (
        _task_flow(
            "          - loop:\n              name: Forever\n"
            "              outputs: {loop: {actions: [updateData: {name: Count}]}}\n" + _BYE
        ),
        _task_flow(
            "          - loop:\n              name: Twice\n              loopCount: {lit: 2}\n"
            "              outputs: {loop: {actions: [updateData: {name: Count}]}}\n" + _BYE
        ),
    ),
    "loop-no-exit": (
        _task_flow("          - playAudio: {name: Please hold, audio: {tts: hold}}\n" + _AGAIN),
        _task_flow(
            "          - playAudio: {name: Please hold, audio: {tts: hold}}\n"
            "          - decision:\n              condition: {exp: Flow.giveUp}\n"
            "              outputs: {yes: {actions: [disconnect: {}]}}\n" + _AGAIN
        ),
    ),
    "structure-invalid": (
        _task_flow(
            _BYE, "  states:\n    - state: {name: Chat, refId: s, actions: [disconnect: {}]}"
        ),
        _task_flow(_BYE),
    ),
    "menu-no-default": (
        _menu_flow("          - menuDisconnect: {name: Bye, dtmf: digit_9}"),
        _menu_flow(
            "          - menuDisconnect: {name: Bye, refId: bye, dtmf: digit_9}",
            "        defaultChildMenuRef: ./choices/menuDisconnect[bye]",
        ),
    ),
    "menu-no-choices": (
        _menu_flow("          []").replace("choices:\n          []", "choices: []"),
        _menu_flow("          - menuDisconnect: {name: Bye, dtmf: digit_9}"),
    ),
    "dtmf-duplicate": (
        _menu_flow(
            "          - menuDisconnect: {name: A, dtmf: digit_1}\n"
            "          - menuDisconnect: {name: B, dtmf: digit_1}"
        ),
        _menu_flow(
            "          - menuDisconnect: {name: A, dtmf: digit_1}\n"
            "          - menuDisconnect: {name: B, dtmf: digit_2}"
        ),
    ),
    "dtmf-global-clash": (
        _menu_flow(
            "          - menuJumpToMenu: {name: Other, dtmf: digit_1, targetMenuRef: "
            "'/inboundCall/menus/menu[o]'}\n"
            "          - menuDisconnect: {name: Bye, dtmf: digit_9}",
            tasks="    - menu:\n        name: Other\n        refId: o\n        choices:\n"
            "          - menuDisconnect: {name: Hang, dtmf: digit_1, globalDtmf: true}",
        ),
        _menu_flow(
            "          - menuJumpToMenu: {name: Other, dtmf: digit_1, targetMenuRef: "
            "'/inboundCall/menus/menu[o]'}\n"
            "          - menuDisconnect: {name: Bye, dtmf: digit_9}",
            tasks="    - menu:\n        name: Other\n        refId: o\n        choices:\n"
            "          - menuDisconnect: {name: Hang, dtmf: digit_8, globalDtmf: true}",
        ),
    ),
    "speech-only-choice": (
        _menu_flow(
            "          - menuDisconnect:\n              name: Bye\n"
            "              speechRecTerms: {en-us: {terms: [goodbye]}}"
        ),
        _menu_flow(
            "          - menuDisconnect:\n              name: Bye\n              dtmf: digit_9\n"
            "              speechRecTerms: {en-us: {terms: [goodbye]}}"
        ),
    ),
    "calldata-unhandled": (
        _task_flow(
            "          - callData: {name: Look, outputs: {timeout: {actions: []}}}\n"
            + _TO_SALES
            + _BYE
        ),
        _task_flow(
            "          - callData:\n              name: Look\n              outputs:\n"
            "                failure: {actions: [disconnect: {}]}\n"
            "                timeout: {actions: [disconnect: {}]}\n" + _TO_SALES + _BYE
        ),
    ),
    "collectinput-no-failure": (
        _task_flow(
            "          - collectInput: {name: Digits, inputData: {var: Task.x}}\n"
            + _TO_SALES
            + _BYE
        ),
        _task_flow(
            "          - collectInput:\n              name: Digits\n"
            "              outputs: {failure: {actions: [disconnect: {}]}}\n" + _TO_SALES + _BYE
        ),
    ),
    "external-placeholder": (
        _task_flow("          - transferToAcd: {targetQueue: {lit: {name: <queueName>}}}\n" + _BYE),
        _task_flow("          - transferToAcd: {targetQueue: {lit: {name: Sales}}}\n" + _BYE),
    ),
    "substitution-unset": (
        _task_flow("          - transferToAcd: {targetQueue: {lit: {name: {{q}}}}}\n" + _BYE),
        _task_flow("          - transferToAcd: {targetQueue: {lit: {name: Sales}}}\n" + _BYE),
    ),
    "action-unknown": (
        _task_flow("          - teleport: {name: Beam}\n" + _BYE),
        _task_flow("          - playAudio: {name: Beam}\n" + _BYE),
    ),
    "choice-unknown": (
        _menu_flow("          - menuTeleport: {name: Beam, dtmf: digit_1}"),
        _menu_flow("          - menuDisconnect: {name: Beam, dtmf: digit_1}"),
    ),
    "action-malformed": (
        _task_flow("          - playAudio: {}\n            disconnect: {}"),
        _task_flow("          - playAudio: {}\n" + _BYE),
    ),
    "choice-malformed": (
        _menu_flow("          - just a string"),
        _menu_flow("          - menuDisconnect: {name: Bye, dtmf: digit_9}"),
    ),
    "container-malformed": (
        _task_flow(_BYE, "    - state: {name: Wrong list, refId: s}"),
        _task_flow(_BYE),
    ),
    "refid-missing": (
        _task_flow(_BYE, "    - task: {name: Anonymous, actions: [disconnect: {}]}"),
        _task_flow(_BYE, "    - task: {name: Named, refId: n, actions: [disconnect: {}]}"),
    ),
    "loop-control-outside-loop": (
        _task_flow("          - loopExit: {}\n" + _BYE),
        _task_flow(
            "          - loop:\n              loopCount: {lit: 2}\n"
            "              outputs: {loop: {actions: [loopExit: {}]}}\n" + _BYE
        ),
    ),
}


def _rules(text: str) -> set[str]:
    return {f.rule for f in check(flow(text))}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_trips_on_its_example(rule: str) -> None:
    """The failing example produces the rule's finding with its catalogued severity."""
    findings = [f for f in check(flow(CASES[rule][0])) if f.rule == rule]
    assert findings, f"{rule} not reported"
    assert {f.severity for f in findings} == {RULES[rule][0]}
    assert all(f.fix and f.message and f.line >= 1 for f in findings)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_quiet_on_its_counter_example(rule: str) -> None:
    """The close variant that does it right does not produce the rule."""
    assert rule not in _rules(CASES[rule][1])


def test_every_rule_is_exercised() -> None:
    """Each catalogued rule has an example here (except those only the CLI or a resolver make)."""
    assert set(RULES) - set(CASES) == {"external-unresolved", "file-invalid"}


@pytest.mark.parametrize(
    ("names", "expected"),
    [({"Sales"}, set()), (set(), {"external-unresolved"}), ({"sales"}, {"external-unresolved"})],
)
def test_external_names_resolve_through_the_resolver(names: set[str], expected: set[str]) -> None:
    """With a resolver, a queue the org lacks (names match exactly) is an error."""
    graph = flow(
        _task_flow("          - transferToAcd: {targetQueue: {lit: {name: Sales}}}\n" + _BYE)
    )
    findings = check(graph, lambda kind, name: kind != "queue" or name in names)
    assert {f.rule for f in findings} == expected


def test_unsubstituted_names_are_not_sent_to_the_resolver() -> None:
    """A name still holding {{key}} is reported as unset, not as missing in the org."""
    asked: list[tuple[str, str]] = []
    graph = flow(
        _task_flow("          - transferToAcd: {targetQueue: {lit: {name: {{q}}}}}\n" + _BYE)
    )
    check(graph, lambda kind, name: asked.append((kind, name)) is None)
    assert asked == []


def test_dead_end_reported_once_per_end_not_per_branch() -> None:
    """Branches falling through into the same unterminated end give one finding."""
    text = _task_flow(
        "          - decision:\n              condition: {exp: Flow.x}\n"
        "              outputs:\n                yes: {actions: [playAudio: {}]}\n"
        "                no: {actions: [playAudio: {}]}\n"
        "          - playAudio: {name: Last}"
    )
    dead = [f for f in check(flow(text)) if f.rule == "dead-end"]
    assert len(dead) == 1
    assert "'Last'" in dead[0].message


def test_transfer_failure_through_audio_into_dead_end() -> None:
    """A failure branch that only plays audio and ends is a transfer without a failure path."""
    text = _task_flow(
        "          - transferToAcd:\n              targetQueue: {lit: {name: Sales}}\n"
        "              outputs: {failure: {actions: [playAudio: {name: Sorry}]}}"
    )
    rules = [f.rule for f in check(flow(text))]
    assert rules.count("transfer-no-failure-path") == 1
    assert "dead-end" not in rules


def test_cycle_through_a_menu_is_not_a_busy_loop() -> None:
    """A task jumping back to a menu waits for the caller each time round."""
    text = _menu_flow(
        "          - menuJumpToTask: {dtmf: digit_1, targetTaskRef: '/inboundCall/tasks/task[t]'}",
        tasks="  tasks:\n    - task:\n        refId: t\n        actions:\n"
        "          - jumpToMenu: {targetMenuRef: '/inboundCall/menus/menu[m]'}",
    )
    assert "busy-loop" not in _rules(text)


def test_in_queue_start_over_without_audio_or_hold_music_is_a_busy_loop() -> None:
    """An in-queue task with nothing that waits or plays spins when it starts over; audio or
    hold music paces it, and the endless hold loop of an in-queue flow is no finding at all."""
    text = "inqueueCall:\n  name: Hold\n  startUpTaskActions:\n    - updateData: {name: Count}\n"
    assert "busy-loop" in _rules(text)
    playing = text + "    - playAudio: {audio: {tts: Your call is important to us.}}\n"
    waiting = text + "    - holdMusic: {prompt: {lit: {name: PromptSystem.on_hold_music}}}\n"
    assert _rules(playing) == _rules(waiting) == set()


def test_findings_are_sorted_and_errors_detected() -> None:
    """check_all keeps file order; has_errors looks only at severities."""
    graphs = [flow(CASES["dead-end"][0], "a.yaml"), flow(CASES["menu-no-default"][0], "b.yaml")]
    findings = check_all(graphs)
    assert [f.file for f in findings] == sorted(f.file for f in findings)
    assert has_errors(findings)
    assert not has_errors([f for f in findings if f.severity != "error"])


def test_finding_shapes() -> None:
    """A finding prints as file:line, serialises to the JSON keys, and becomes a Problem."""
    finding = Finding("dead-end", "error", "f.yaml", 3, "it ends", "end it")
    assert str(finding) == "f.yaml:3: error [dead-end] it ends (fix: end it)"
    assert set(finding.as_dict()) == {"rule", "severity", "file", "line", "message", "fix"}
    problem = finding.as_problem()
    assert (problem.rule, problem.line, problem.severity) == ("dead-end", 3, "error")


def test_check_paths_turns_unreadable_files_into_findings(tmp_path: Path) -> None:
    """A broken file is a file-invalid finding with its line; the good file is still checked."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("inboundCall:\n  name: [\n", encoding="utf-8")
    good = tmp_path / "good.yaml"
    good.write_text(_task_flow("          - playAudio: {name: Hi}"), encoding="utf-8")
    findings = check_paths([bad, good])
    assert [(f.rule, f.file) for f in findings] == [
        ("file-invalid", str(bad)),
        ("dead-end", str(good)),
    ]
    assert findings[0].line == 3


def _unhandled(text: str) -> list[Finding]:
    return [f for f in check(flow(text)) if f.rule == "calldata-unhandled"]


def test_one_finding_per_data_action_naming_both_missing_outputs() -> None:
    """A callData without failure and timeout is one finding, not two."""
    (finding,) = _unhandled(_task_flow("          - callData: {name: Look}\n" + _TO_SALES + _BYE))
    assert "has no failure or timeout branch" in finding.message
    assert "the caller silently carries on" in finding.message
    assert finding.fix == "add outputs.failure, outputs.timeout with actions that handle it"


@pytest.mark.parametrize(
    "after",
    [
        _BYE,
        "          - playAudio: {name: Goodbye, audio: {tts: bye}}\n" + _BYE,
        "          - updateData: {name: Note it}\n" + _BYE,
    ],
)
def test_no_finding_where_the_fall_through_already_ends_the_flow(after: str) -> None:
    """On failure the flow would end anyway (straight-line steps to a disconnect)."""
    assert _unhandled(_task_flow("          - callData: {name: Look}\n" + after)) == []


def test_data_action_findings_speak_of_the_flow_in_a_workflow() -> None:
    """A workflow has no caller: the message says the flow carries on."""
    text = """
    workflow:
      name: W
      startUpRef: ./states/state[s]
      states:
        - state:
            name: S
            refId: s
            actions:
              - callData: {name: Look, outputs: {timeout: {actions: [endWorkflow: {}]}}}
              - callData: {name: Save, outputs: {failure: {actions: [endWorkflow: {}]}}}
              - endWorkflow: {}
    """
    (finding,) = _unhandled(text)
    assert finding.message.startswith("callData 'Look' has no failure branch: on failure the flow")


def test_nothing_inside_an_unreachable_menu_beyond_its_unreachable_finding() -> None:
    """An unreachable menu without default, with a speech-only choice and a data action in
    its task gets only `unreachable`."""
    text = _task_flow(
        _BYE,
        "  menus:\n    - menu:\n        name: Old menu\n        refId: old\n        choices:\n"
        "          - menuTask:\n              name: Ask\n"
        "              speechRecTerms: {en-us: {terms: [account]}}\n"
        "              task:\n                actions:\n"
        "                  [callData: {name: Look}, transferToAcd: {}, disconnect: {}]",
    )
    assert [f.rule for f in check(flow(text))] == ["unreachable"]


def test_substitution_unset_once_per_key_with_the_count_of_uses() -> None:
    """A token used three times is one warning at its first line, saying how often."""
    text = _task_flow(
        "          - transferToAcd: {targetQueue: {lit: {name: '{{q}}'}}}\n"
        "          - transferToAcd: {targetQueue: {lit: {name: '{{q}}'}}}\n"
        "          - transferToAcd: {targetQueue: {lit: {name: '{{q}}'}}}\n"
        "          - transferToAcd: {targetQueue: {lit: {name: '{{other}}'}}}\n" + _BYE
    )
    unset = [(f.line, f.message) for f in check(flow(text)) if f.rule == "substitution-unset"]
    assert [line for line, _ in unset] == [9, 12]
    assert "'{{q}}' has no value (used 3 times, first here)" in unset[0][1]
    assert "'{{other}}' has no value (used once)" in unset[1][1]


def test_a_transfer_without_failure_path_is_a_warning_naming_who_is_left() -> None:
    """Architect publishes it: a warning, worded for the flow's participant."""
    text = CASES["transfer-no-failure-path"][0].replace("inboundCall", "inboundShortMessage")
    text = (
        text.replace("tasks", "states")
        .replace("- task:", "- state:")
        .replace("task[t]", "state[t]")
    )
    (finding,) = [f for f in check(flow(text)) if f.rule == "transfer-no-failure-path"]
    assert finding.severity == "warning"
    assert "the customer gets no next step" in finding.message


def test_an_in_queue_offer_nobody_answers_keeps_the_caller_holding() -> None:
    """In an in-queue flow, silence at an offer falls through to hold music by design."""
    text = """
    inqueueCall:
      name: Offer
      startUpTaskActions:
        - collectInput: {name: Press 1 for a callback, inputData: {var: Flow.x}}
        - playAudio: {name: Keep holding, audio: {tts: Please hold.}}
        - holdMusic: {name: Music}
    """
    assert check(flow(text)) == []
    inbound = _task_flow("          - collectInput: {name: Offer}\n" + _TO_SALES + _BYE)
    assert "collectinput-no-failure" in _rules(inbound)


def test_a_fall_through_into_a_busy_loop_is_followed_a_bounded_way() -> None:
    """A data action whose failure falls into a loop of straight steps: the walk stops, the
    data action is reported, and so is the loop."""
    text = _task_flow(
        "          - callData: {name: Look}\n"
        "          - updateData: {name: Spin}\n"
        "          - jumpToTask: {name: Again, targetTaskRef: '/inboundCall/tasks/task[t2]'}",
        "    - task:\n        name: Spin task\n        refId: t2\n        actions:\n"
        "          - updateData: {name: Spin more}\n"
        "          - jumpToTask: {targetTaskRef: '/inboundCall/tasks/task[t2]'}",
    )
    assert {"calldata-unhandled", "busy-loop"} <= _rules(text)
