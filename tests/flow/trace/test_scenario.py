"""Scenario files: shorthand inputs, validation errors with lines, and writing them back."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxgate.errors import ValidationError
from cxgate.flow.trace.scenario import CallerInput, Journey, Scenario, dump_scenario, load_scenario


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (1, CallerInput(dtmf="1")),
        ("123#", CallerInput(dtmf="123#")),
        ("no_input", CallerInput(no_input=True)),
        ("TIMEOUT", CallerInput(no_input=True)),
        ("billing", CallerInput(speech="billing")),
        ({"digits": 42}, CallerInput(dtmf="42")),
        ({"choose": "Operator"}, CallerInput(choose="Operator")),
    ],
)
def test_input_shorthand(raw: object, expected: CallerInput) -> None:
    """Numbers and key strings are DTMF, silence words are no input, other words speech."""
    assert CallerInput.model_validate(raw) == expected


@pytest.mark.parametrize("raw", [True, {"dtmf": "1", "speech": "x"}, {"dtmf": "12a"}, {}])
def test_bad_inputs_are_refused(raw: object) -> None:
    """Booleans, two kinds at once, non-keypad digits and nothing at all are errors."""
    with pytest.raises(ValueError):  # noqa: PT011 - pydantic wraps the message
        CallerInput.model_validate(raw)


def test_describe_and_shorthand_round_trip() -> None:
    """Each input describes itself for a person and writes back in its short form."""
    inputs = [
        CallerInput(dtmf="1"),
        CallerInput(speech="x"),
        CallerInput(choose="c"),
        CallerInput(no_input=True),
    ]
    assert [i.describe() for i in inputs] == ["pressed 1", 'said "x"', "chose c", "stayed silent"]
    assert [CallerInput.model_validate(i.shorthand()) for i in inputs] == inputs


def test_load_reports_every_problem_with_its_line(tmp_path: Path) -> None:
    """A bad scenario lists each problem with the field path and the line it is on."""
    path = tmp_path / "s.yaml"
    path.write_text(
        "journeys:\n"
        "  - name: ok\n"
        "    inputs: [1]\n"
        "  - name: bad\n"
        "    schedule: sometimes\n"
        "    expect:\n"
        "      ends: nowhere\n"
        "      colour: blue\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as info:
        load_scenario(path)
    lines = {p.path: p.line for p in info.value.problems}
    assert lines == {
        "journeys.1.schedule": 5,
        "journeys.1.expect.ends": 7,
        "journeys.1.expect.colour": 8,
    }
    assert all(p.file == str(path) for p in info.value.problems)


def test_yes_and_no_pins_stay_words(tmp_path: Path) -> None:
    """Pins written as bare yes/no are output names, not booleans."""
    path = tmp_path / "s.yaml"
    path.write_text(
        "journeys:\n  - name: j\n    outcomes: {Decide: yes, Other: [no, yes]}\n", encoding="utf-8"
    )
    journey = load_scenario(path).journeys[0]
    assert journey.outcomes == {"Decide": ["yes"], "Other": ["no", "yes"]}


def test_dump_then_load_is_identity(tmp_path: Path) -> None:
    """Writing a scenario and reading it back gives the same scenario."""
    scenario = Scenario(
        flow="../f.yaml",
        journeys=[
            Journey.model_validate(
                {
                    "name": "j",
                    "inputs": [1, "no_input", {"speech": "yes"}],
                    "outcomes": {"A": "no", "B": ["yes", "no"]},
                    "variables": {"Flow.x": True, "Flow.n": 3},
                    "schedule": "open",
                    "expect": {"ends": "transfer", "transfer_to": "Sales", "hears": ["hi"]},
                }
            ),
            Journey(name="bare"),
        ],
    )
    path = tmp_path / "s.yaml"
    path.write_text(dump_scenario(scenario), encoding="utf-8")
    assert load_scenario(path) == scenario
