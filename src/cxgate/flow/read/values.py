"""Read Archy's value wrappers: ``lit:``, ``exp:``, ``noValue:``, ``tts:``, ``prompt:``, ``var:``.

Every settable property is a one-key mapping naming how the value is given (GRAMMAR.md §3).
``noValue: true`` (explicitly unset) differs from an absent key, and ``none: true`` from both;
``wrapper()`` keeps that distinction for the callers that care.
"""

from __future__ import annotations

import re

import yaml

from cxgate.flow.read.yamltree import child, items, scalar, sequence

__all__ = [
    "audio_texts",
    "dtmf_key",
    "expression",
    "lit_int",
    "lit_name",
    "speech_terms",
    "transfer_target",
    "wrapper",
]

_TTS_IN_EXP = re.compile(r'ToAudioTTS\(\s*"((?:[^"\\]|\\.)*)"')
_PROMPT_IN_EXP = re.compile(r"\bPrompt(?:User|System)\.[A-Za-z0-9_]+")
_DTMF = re.compile(r"(?:digit_)?([0-9*#])")


def wrapper(node: yaml.Node | None) -> tuple[str, yaml.Node] | None:
    """The (wrapper kind, inner node) of a value such as ``{lit: 3}``; None if absent."""
    pairs = items(node)
    if len(pairs) == 1:
        return pairs[0]
    return None


def expression(node: yaml.Node | None) -> str:
    """The text of an ``exp:`` value, or ''."""
    wrapped = wrapper(node)
    if wrapped and wrapped[0] == "exp":
        return scalar(wrapped[1]) or ""
    return ""


def lit_name(node: yaml.Node | None) -> str:
    """The name in ``{lit: {name: N}}`` (queues, schedules, prompts by name), or ''."""
    return scalar(child(child(node, "lit"), "name")) or ""


def lit_int(node: yaml.Node | None) -> int | None:
    """The integer in ``{lit: 3}``, or None when not a literal integer."""
    text = scalar(child(node, "lit"))
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        return None


def audio_texts(node: yaml.Node | None) -> tuple[str, ...]:
    """What a caller hears from an audio value: TTS text, prompt names, or the expression."""
    wrapped = wrapper(node)
    if wrapped is None:
        return ()
    kind, inner = wrapped
    text = scalar(inner)
    if kind in ("tts", "prompt") and text:
        return (text,)
    if kind == "lit":
        name = scalar(child(inner, "name"))
        return (name,) if name else ()
    if kind == "exp" and text:
        spoken = [m.group(1).replace('\\"', '"') for m in _TTS_IN_EXP.finditer(text)]
        spoken += _PROMPT_IN_EXP.findall(text)
        return tuple(spoken) if spoken else (text,)
    return ()


def dtmf_key(text: str | None) -> str:
    """``digit_1`` → ``1``, ``digit_*`` → ``*``; '' when absent or not a key."""
    if not text:
        return ""
    match = _DTMF.fullmatch(text.strip())
    return match.group(1) if match else ""


def speech_terms(node: yaml.Node | None) -> tuple[str, ...]:
    """All speech terms of a choice, across its languages (``{en-us: {terms: [...]}}``)."""
    terms: list[str] = []
    for _language, body in items(node):
        terms.extend(scalar(t) or "" for t in sequence(child(body, "terms")))
    return tuple(t for t in terms if t)


def transfer_target(action_type: str, body: yaml.Node) -> str:
    """Where a transfer sends the caller: ``queue:Sales``, ``flow:X``, ``voicemail:queue:Y``…"""
    if action_type == "returnToAgent":  # a secure flow hands the call back to its agent
        return "agent"
    if action_type in ("transferToAcd", "menuTransferToAcd"):
        return _named("queue", child(body, "targetQueue"))
    if action_type in (
        "transferToFlow",
        "transferToFlowSecure",
        "menuTransferToFlow",
        "menuTransferToFlowSecure",
    ):
        flow = child(body, "targetFlow")
        return f"flow:{scalar(child(flow, 'name')) or lit_name(flow) or expression(flow)}"
    if action_type in ("transferToVoicemail", "menuTransferToVoicemail"):
        queue = child(child(child(body, "destination"), "queue"), "targetQueue")
        return "voicemail:" + (_named("queue", queue) if queue is not None else "user")
    for kind in ("User", "Group", "Number"):
        if action_type in (f"transferTo{kind}", f"menuTransferTo{kind}"):
            value = child(body, f"target{kind}")
            return f"{kind.lower()}:{lit_name(value) or expression(value) or _lit(value)}"
    return ""


def _named(kind: str, node: yaml.Node | None) -> str:
    name = lit_name(node) or (f"exp({expression(node)})" if expression(node) else "")
    return f"{kind}:{name}"


def _lit(node: yaml.Node | None) -> str:
    return scalar(child(node, "lit")) or ""
