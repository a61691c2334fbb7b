"""``flow trace --junit FILE``: each journey of each scenario as a JUnit test case.

CI systems (GitHub test reporters, GitLab, Jenkins, Azure) read JUnit XML and show which
caller journeys passed and what a failing one expected. One ``<testsuite>`` per flow file
(with its coverage as properties), one ``<testcase>`` per journey, a ``<failure>`` holding
the diff of each missed expectation.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree as ET

from cxgate.flow.suite import FlowRun

__all__ = ["trace_junit"]


def trace_junit(runs: Sequence[FlowRun]) -> str:
    """The JUnit XML document of a ``flow trace`` run."""
    root = ET.Element("testsuites", name="cxgate flow trace")
    for run in runs:
        root.append(_suite(run))
    root.set("tests", str(sum(len(run.results) for run in runs)))
    root.set("failures", str(sum(not r.passed for run in runs for r in run.results)))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _suite(run: FlowRun) -> ET.Element:
    graph = run.graph
    name = graph.name or graph.file
    failures = sum(not r.passed for r in run.results)
    suite = ET.Element(
        "testsuite",
        name=name,
        file=graph.file,
        tests=str(len(run.results)),
        failures=str(failures),
        errors="0",
        skipped="0",
    )
    properties = ET.SubElement(suite, "properties")
    for key, value in (
        ("node_coverage", run.coverage.node_fraction),
        ("transition_coverage", run.coverage.transition_fraction),
    ):
        ET.SubElement(properties, "property", name=key, value=f"{value:.6f}")
    for result in run.results:
        case = ET.SubElement(
            suite, "testcase", name=result.journey.name, classname=name, file=graph.file
        )
        if not result.passed:
            diff = [line for m in result.mismatches for line in m.diff()]
            failure = ET.SubElement(
                case,
                "failure",
                message=f"ended: {result.trace.outcome.describe()}",
                type="expectation",
            )
            failure.text = "\n".join(diff)
        notes = list(result.trace.notes)
        if notes:
            ET.SubElement(case, "system-out").text = "\n".join(notes)
    return suite
