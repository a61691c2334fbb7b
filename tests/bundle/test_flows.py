"""The bundle's flow files: read with the Archy reader, substituted, normalised."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cxgate.bundle.flows import load_flows, normal_definition
from tests.flow.helpers import BROKEN, EXAMPLES

OUTPUTS = """\
inboundCall:
  name: Line
  # a comment the normal form drops
  startUpRef: "/inboundCall/tasks/task[T_1]"
  tasks:
    - task:
        name: T
        refId: T_1
        actions:
          - decision:
              name: D
              condition: {exp: "true"}
              outputs:
                yes: {actions: [{disconnect: {name: Y}}]}
                no: {actions: [{disconnect: {name: N}}]}
"""


def _bundle(tmp_path: Path, *files: tuple[str, str]) -> Path:
    for name, text in files:
        path = tmp_path / "flows" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_the_demo_bundle_flows_load_with_metadata() -> None:
    """Three flows, keyed by type and name, with division and description from the file."""
    flows, problems = load_flows(EXAMPLES.parent, {})
    assert problems == []
    by_name = {f.name: f for f in flows}
    assert sorted(by_name) == ["Acme After Hours", "Acme Hold", "Acme Main IVR"]
    main = by_name["Acme Main IVR"].body()
    assert (main["type"], main["division"]) == ("inboundCall", "Home")
    assert main["description"].startswith("Main inbound line")
    assert by_name["Acme Hold"].key == ("inqueueCall", "acme hold")


def test_the_normal_form_keeps_archy_words_and_drops_layout() -> None:
    """`yes` stays an output name (YAML 1.2), comments and key order do not matter."""
    text = normal_definition(OUTPUTS, "f.yaml")
    assert "'yes':" in text
    assert "comment" not in text
    reordered = OUTPUTS.replace('  startUpRef: "/inboundCall/tasks/task[T_1]"\n', "").replace(
        "  name: Line\n", '  name: Line\n  startUpRef: "/inboundCall/tasks/task[T_1]"\n'
    )
    assert normal_definition(reordered, "g.yaml") == text


def test_bundle_variables_fill_substitutions(tmp_path: Path) -> None:
    """{{queue}} takes the environment's value; unset, it is a problem naming the key."""
    flow = OUTPUTS.replace("name: Y", "name: '{{who}}'")
    root = _bundle(tmp_path, ("line.yaml", flow))
    flows, problems = load_flows(root, {"who": "Agent"})
    assert problems == []
    assert "name: 'Agent'" in flows[0].text
    flows, problems = load_flows(root, {})
    assert flows == []
    assert [(p.file, p.line, p.rule) for p in problems] == [("flows/line.yaml", 14, "flow-file")]
    assert "{{who}}" in problems[0].message


@pytest.mark.parametrize(
    ("text", "message"),
    [("inboundCall: [\n", "invalid YAML"), ("inboundCall:\n  division: Home\n", "no name")],
)
def test_unreadable_files_are_problems(tmp_path: Path, text: str, message: str) -> None:
    """A file that is not a flow becomes one problem; the others still load."""
    root = _bundle(tmp_path, ("bad.yaml", text), ("good.yml", OUTPUTS))
    flows, problems = load_flows(root, {})
    assert [f.name for f in flows] == ["Line"]
    assert len(problems) == 1
    assert message in problems[0].message


def test_two_files_for_one_flow(tmp_path: Path) -> None:
    """The same type and name twice is a duplicate-name problem on the second file."""
    root = _bundle(tmp_path, ("a.yaml", OUTPUTS), ("b.yaml", OUTPUTS.replace("Line", "line")))
    flows, problems = load_flows(root, {})
    assert len(flows) == 1
    assert [(p.file, p.rule) for p in problems] == [("flows/b.yaml", "duplicate-name")]
    assert "also declared in flows/a.yaml" in problems[0].message


def test_files_outside_flows_are_not_read(tmp_path: Path) -> None:
    """Only flows/*.yaml and flows/*.yml belong to the bundle (a sub-folder does not)."""
    root = _bundle(tmp_path, ("keep/old.yaml", OUTPUTS))
    shutil.copy(BROKEN, tmp_path / "after-hours.yaml")
    assert load_flows(root, {}) == ([], [])
