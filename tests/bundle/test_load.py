"""Loading bundles: every kind of bad input gives one clear, located problem."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from cxgate.bundle.load import load_bundle, load_or_raise
from cxgate.errors import BundleError, Problem, ValidationError

MakeBundle = Callable[[Mapping[str, str]], Path]
EXAMPLE = Path(__file__).parents[2] / "examples" / "bundle"


def _only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


@pytest.mark.parametrize("env", [None, "dev", "prod"])
def test_example_bundle_loads_cleanly_in_every_environment(env: str | None) -> None:
    """The shipped example is valid for each environment it defines."""
    state, problems = load_bundle(EXAMPLE, env)
    assert problems == []
    assert state is not None
    assert state.count("queue") == 2
    assert state.count("skill") == 4


def test_environment_variables_change_names_and_values() -> None:
    """``--env dev`` prefixes queue names and lengthens the timeout."""
    state, _ = load_or_raise(EXAMPLE, "dev")
    sales = state.get("queue", "DEV Sales")
    assert sales is not None
    assert sales.body["mediaSettings"]["call"]["alertingTimeoutSeconds"] == 15


def test_shorthands_expand() -> None:
    """``- Billing`` is a skill called Billing; ``chat: true`` is a feature flag."""
    state, _ = load_or_raise(EXAMPLE)
    assert state.get("skill", "Billing").body == {"name": "Billing"}  # type: ignore[union-attr]
    assert state.get("feature", "chat").body == {"enabled": True}  # type: ignore[union-attr]
    assert state.deletes == {"wrapup_code": frozenset({"Legacy Outcome"})}


CASES = [
    (
        {"queues/q.yaml": "name: Q\nskilEvaluationMethod: BEST\n"},
        "queues/q.yaml",
        2,
        "unknown key 'skilEvaluationMethod'",
        "did you mean 'skillEvaluationMethod'?",
    ),
    (
        {"queues/q.yaml": "name: Q\nskillEvaluationMethod: BESTT\n"},
        "queues/q.yaml",
        2,
        "'BESTT' is not allowed",
        "did you mean 'BEST'?",
    ),
    (
        {"queues/q.yaml": "name: Q\nmediaSettings:\n  call:\n    alertingTimeoutSeconds: soon\n"},
        "queues/q.yaml",
        4,
        "expected a whole number, got 'soon'",
        "whole number",
    ),
    (
        {"queues/q.yaml": "name: Q\nmediaSettings: {call: {alertingTimeoutSeconds: 3}}\n"},
        "queues/q.yaml",
        2,
        "out of range",
        "use a value ≥ 7",
    ),
    (
        {"queues/q.yaml": "name: Q\nmediaSettings:\n  call:\n    serviceLevel: {percentage: 80}\n"},
        "queues/q.yaml",
        4,
        "80 is out of range",
        'it is a fraction, so write 0.8 (or "80%")',
    ),
    (
        {"queues/q.yaml": "description: no name\n"},
        "queues/q.yaml",
        1,
        "required key 'name' is missing",
        "add 'name:'",
    ),
    ({"queues/q.yaml": "- name: Q\n"}, "queues/q.yaml", 1, "must be a mapping", "name:"),
    ({"queues/q.yaml": "name: [Q\n"}, "queues/q.yaml", 2, "not valid YAML", "indentation"),
    (
        {"org.yaml": "organisation: {name: A}\n"},
        "org.yaml",
        1,
        "unknown section 'organisation'",
        "did you mean 'organization'?",
    ),
    (
        {"org.yaml": "features: {chatt: true}\n"},
        "org.yaml",
        1,
        "unknown organization feature",
        "did you mean 'chat'?",
    ),
    ({"org.yaml": "features: {chat: maybe}\n"}, "org.yaml", 1, "expected true or false", ""),
    ({"skills.yaml": "skills: Billing\n"}, "skills.yaml", 1, "must be a list", "- "),
    ({"skills.yaml": "skills: [1]\n"}, "skills.yaml", 1, "expected a skill name or mapping", ""),
    (
        {"skills.yaml": "skills: [{name: A, renamedFrom: B}]\n"},
        "skills.yaml",
        1,
        "unknown key 'renamedFrom'",
        "",
    ),
    (
        {"wrapup_codes.yaml": "wrapupCodes: [A, A]\n"},
        "wrapup_codes.yaml",
        1,
        "declared twice",
        "wrapup_codes.yaml:1",
    ),
    (
        {"queues/a.yaml": "name: '{{ nope }}'\n"},
        "queues/a.yaml",
        1,
        "unknown variable 'nope'",
        "vars",
    ),
    (
        {"cxgate.yaml": "version: 1\ndelete: {organization: [x]}\n"},
        "cxgate.yaml",
        2,
        "cannot be deleted",
        "",
    ),
    (
        {"cxgate.yaml": "version: 1\npolicy: {timezone: Mars/Olympus}\n"},
        "cxgate.yaml",
        2,
        "unknown time zone",
        "",
    ),
    (
        {"cxgate.yaml": "version: 1\npolicy:\n  freeze:\n    - {name: x, from: '08:00'}\n"},
        "cxgate.yaml",
        4,
        "either from/to",
        "",
    ),
    ({"cxgate.yaml": "version: 2\n"}, "cxgate.yaml", 1, "'2' is not allowed", ""),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case[3])
def test_bad_input_gives_one_clear_problem(
    make_bundle: MakeBundle, case: tuple[dict[str, str], str, int | None, str, str]
) -> None:
    """Each mistake yields exactly one problem naming file, line, what is wrong and the fix."""
    files, file, line, message, fix = case
    _, problems = load_bundle(make_bundle(files))
    problem = _only(problems)
    assert (problem.file, problem.line) == (file, line)
    assert message in problem.message
    assert fix in problem.fix
    assert problem.severity == "error"


def test_duplicate_queue_across_files_points_at_the_first(make_bundle: MakeBundle) -> None:
    """Two files declaring one queue: the second is reported, naming the first."""
    root = make_bundle({"queues/a.yaml": "name: Q\n", "queues/b.yaml": "name: Q\n"})
    problem = _only(load_bundle(root)[1])
    assert problem.file == "queues/b.yaml"
    assert "queues/a.yaml:1" in problem.fix


def test_stray_yaml_files_are_warnings(make_bundle: MakeBundle) -> None:
    """A root YAML file no kind owns is ignored with a warning, not an error."""
    state, problems = load_or_raise(make_bundle({"notes.yaml": "x: 1\n"}))
    assert state is not None
    assert [(p.file, p.severity) for p in problems] == [("notes.yaml", "warning")]


def test_many_problems_are_raised_together(make_bundle: MakeBundle) -> None:
    """load_or_raise lists every error at once."""
    root = make_bundle({"queues/a.yaml": "name: A\nfoo: 1\n", "skills.yaml": "skills: [[]]\n"})
    with pytest.raises(ValidationError) as caught:
        load_or_raise(root)
    assert len(caught.value.problems) == 2


def test_missing_config_file_is_a_bundle_error(tmp_path: Path) -> None:
    """A directory without cxgate.yaml is named as not a bundle, with the fix."""
    with pytest.raises(BundleError, match=r"not a cxgate bundle.*cxgate\.yaml"):
        load_bundle(tmp_path)


def test_unknown_environment(make_bundle: MakeBundle) -> None:
    """``--env`` must name an environment of cxgate.yaml."""
    root = make_bundle({"cxgate.yaml": "version: 1\nenvironments: {dev: {}}\n"})
    state, problems = load_bundle(root, "prod")
    assert state is None
    assert "no environment 'prod'" in _only(problems).message
    assert "dev" in problems[0].fix
