"""Loop rules: only loops with nothing that waits are errors; endless waiting loops are a note,
and none in in-queue flows, whose hold loop is the point."""

from __future__ import annotations

import pytest

from cxgate.flow.check.finding import Finding
from cxgate.flow.check.run import check

from ..helpers import flow


def _retry(step: str, kind: str = "inboundCall") -> str:
    """A task that does ``step`` then jumps back to itself."""
    return f"""
{kind}:
  name: Loop
  startUpRef: /{kind}/tasks/task[t]
  tasks:
    - task:
        name: Retry
        refId: t
        actions:
          - {step}
          - jumpToTask: {{name: Again, targetTaskRef: '/{kind}/tasks/task[t]'}}
"""


def _loops(text: str) -> list[Finding]:
    return [f for f in check(flow(text)) if f.rule in ("busy-loop", "loop-no-exit")]


def test_a_loop_that_waits_for_nothing_is_an_error() -> None:
    """A data lookup retried at once forever: busy-loop, an error naming the 10,000 limit."""
    (finding,) = _loops(_retry("updateData: {name: Try again}"))
    assert (finding.rule, finding.severity) == ("busy-loop", "error")
    assert "10,000 actions" in finding.message


@pytest.mark.parametrize(
    "step",
    [
        "playAudio: {name: Still busy, audio: {tts: All our agents are busy.}}",
        "playAudio: {name: Music, audio: {prompt: PromptSystem.on_hold_music}}",
        "playEstimatedWaitTime: {name: Wait time}",
        "wait: {name: Pause, duration: {lit: {seconds: 30}}}",
    ],
)
def test_a_loop_that_plays_audio_or_waits_is_no_busy_loop(step: str) -> None:
    """Audio takes real time to play: at most a note that the loop never lets go."""
    (finding,) = _loops(_retry(step))
    assert (finding.rule, finding.severity) == ("loop-no-exit", "info")
    assert "the caller stays in it until the interaction ends" in finding.message


def test_a_waiting_loop_with_a_way_out_is_no_finding() -> None:
    """A hold loop that can transfer (success leaves the flow) has an exit."""
    text = _retry("transferToAcd: {name: Try sales, targetQueue: {lit: {name: Sales}}}")
    text = text.replace("          - jumpToTask", "          - playAudio: {audio: {tts: x}}\n"
                        "          - jumpToTask")  # fmt: skip
    assert _loops(text) == []


def test_in_queue_hold_loops_are_no_finding() -> None:
    """An in-queue flow's startup task loops by design with hold music or prompts."""
    text = """
    inqueueCall:
      name: Hold
      startUpTaskActions:
        - playEstimatedWaitTime: {name: EWT}
        - holdMusic: {name: Music, prompt: {lit: {name: PromptSystem.on_hold_music}}}
    """
    assert check(flow(text)) == []


def test_a_message_flow_waiting_loop_speaks_of_the_customer() -> None:
    """The note names who is kept: a customer in a message flow."""
    text = """
    inboundShortMessage:
      name: Wait
      startUpRef: ./states/state[s]
      states:
        - state:
            name: Waiting
            refId: s
            actions:
              - wait: {name: Pause}
              - changeState: {name: Again, targetStateRef: '/inboundShortMessage/states/state[s]'}
    """
    (finding,) = _loops(text)
    assert "the customer stays in it" in finding.message
