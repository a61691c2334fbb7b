"""Value wrappers: audio text, keys, literal names and transfer targets."""

from __future__ import annotations

import pytest

from cxgate.flow.read.values import audio_texts, dtmf_key, lit_int, transfer_target, wrapper
from cxgate.flow.read.yamltree import compose


def _node(text: str):  # type: ignore[no-untyped-def]
    return compose(text, "t.yaml")


@pytest.mark.parametrize(
    ("text", "heard"),
    [
        ("tts: Hello there", ("Hello there",)),
        ("prompt: PromptSystem.beep", ("PromptSystem.beep",)),
        ("lit: {name: PromptUser.hold}", ("PromptUser.hold",)),
        ('exp: AudioPlaybackOptions(ToAudioTTS("Say \\"hi\\""), false)', ('Say "hi"',)),
        ("exp: Append(ToAudio(PromptUser.a), ToAudioBlank(100))", ("PromptUser.a",)),
        ("exp: ToAudioBlank(1)", ("ToAudioBlank(1)",)),
        ("noValue: true", ()),
        ("{}", ()),
    ],
)
def test_audio_texts(text: str, heard: tuple[str, ...]) -> None:
    """What a caller hears: TTS, prompts by name, TTS inside expressions, else the expression."""
    assert audio_texts(_node(text)) == heard


@pytest.mark.parametrize(
    ("text", "key"),
    [("digit_1", "1"), ("digit_*", "*"), ("digit_#", "#"), ("7", "7"), ("digit_x", ""), (None, "")],
)
def test_dtmf_key(text: str | None, key: str) -> None:
    """Archy key spellings become the key itself."""
    assert dtmf_key(text) == key


def test_wrapper_and_literal_ints() -> None:
    """A wrapper is a one-key mapping; only literal integers count as counts."""
    assert wrapper(_node("a: 1\nb: 2")) is None
    assert lit_int(_node("lit: 3")) == 3
    assert lit_int(_node("lit: x")) is None
    assert lit_int(_node("exp: Count(x)")) is None


@pytest.mark.parametrize(
    ("action", "body", "target"),
    [
        ("transferToAcd", "targetQueue: {lit: {name: Sales}}", "queue:Sales"),
        ("transferToAcd", "targetQueue: {exp: Task.Queue}", "queue:exp(Task.Queue)"),
        ("menuTransferToAcd", "targetQueue: {lit: {name: Billing}}", "queue:Billing"),
        ("transferToFlow", "targetFlow: {name: Pay}", "flow:Pay"),
        (
            "transferToVoicemail",
            "destination: {queue: {targetQueue: {lit: {name: Q}}}}",
            "voicemail:queue:Q",
        ),
        ("transferToNumber", "targetNumber: {lit: '+15551234'}", "number:+15551234"),
        ("transferToUser", "targetUser: {lit: {name: Ann}}", "user:Ann"),
        ("playAudio", "audio: {tts: x}", ""),
    ],
)
def test_transfer_target(action: str, body: str, target: str) -> None:
    """Transfers say where they send the caller."""
    assert transfer_target(action, _node(body)) == target
