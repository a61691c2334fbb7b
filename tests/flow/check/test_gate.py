"""What must hold before a flow leaves the machine: values filled in, no check errors."""

from __future__ import annotations

import pytest

from cxgate.flow.check.gate import blocking_problems, prepared_for_upload
from cxgate.flow.check.policy import FlowPolicy
from cxgate.flow.check.run import check
from cxgate.flow.read.source import FlowFileError
from tests.flow.helpers import BROKEN

TEMPLATE = "inboundCall:\r\n  name: {{name}}\r\n  startUpRef: {{start}}\r\n"


def test_values_are_substituted_and_line_ends_normalised() -> None:
    """The upload text has the values and \\n line ends; the graph is read from it."""
    text, graph = prepared_for_upload(TEMPLATE, "t.yaml", {"name": "Line", "start": "x"})
    assert text == "inboundCall:\n  name: Line\n  startUpRef: x\n"
    assert graph.name == "Line"


@pytest.mark.parametrize(
    ("values", "message"),
    [({}, r"'\{\{name\}\}' has no value \(and 1 more\)"), ({"name": "L"}, r"'\{\{start\}\}'")],
)
def test_an_unset_value_stops_the_upload(values: dict[str, str], message: str) -> None:
    """A token without a value is a FlowFileError at its line, naming the key."""
    with pytest.raises(FlowFileError, match=message) as caught:
        prepared_for_upload(TEMPLATE, "t.yaml", values)
    assert caught.value.line == (2 if not values else 3)


def test_only_errors_block() -> None:
    """The after-hours flow's warning passes; its error (under the demo bundle's policy)
    becomes a Problem with rule and line."""
    _, graph = prepared_for_upload(BROKEN.read_text(encoding="utf-8"), "after-hours.yaml", {})
    assert blocking_problems(check(graph)) == []
    findings = check(graph, policy=FlowPolicy(rules={"transfer-no-failure-path": "error"}))
    assert {f.severity for f in findings} == {"error", "warning"}
    problems = blocking_problems(findings)
    assert [(p.rule, p.line, p.severity) for p in problems] == [
        ("transfer-no-failure-path", 59, "error")
    ]
