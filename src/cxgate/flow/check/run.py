"""``cxgate flow check``: findings about a flow's call graph, each with rule, place and fix.

Architect validates a flow only on the server when it is published. These checks run offline
on the FlowGraph in linear time: broken references, unreachable parts, dead ends, menus
without a default, duplicate keys, unhandled data-action and input failures, transfers that
fail into nothing, loops that never wait for the caller, and names the org does not have.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from cxgate.flow.check.finding import Finding, Resolver
from cxgate.flow.check.policy import FlowPolicy
from cxgate.flow.check.rules import run_all
from cxgate.flow.graph import FlowGraph
from cxgate.flow.read.archy import read_flow
from cxgate.flow.read.source import FlowFileError

__all__ = ["check", "check_all", "check_paths", "has_errors"]


def check(
    graph: FlowGraph, resolver: Resolver | None = None, policy: FlowPolicy | None = None
) -> list[Finding]:
    """Every finding for one flow, sorted by line, with the policy's severities."""
    findings = [Finding(n.rule, n.severity, n.file, n.line, n.message, n.fix) for n in graph.notes]
    findings.extend(run_all(graph, resolver))
    if policy is not None:
        findings = policy.apply(findings)
    return sorted(set(findings), key=lambda f: (f.file, f.line, f.rule, f.message))


def check_all(
    graphs: Sequence[FlowGraph], resolver: Resolver | None = None, policy: FlowPolicy | None = None
) -> list[Finding]:
    """Findings for several flows, file by file."""
    return [finding for graph in graphs for finding in check(graph, resolver, policy)]


def check_paths(
    paths: Sequence[Path],
    values: Mapping[str, str] | None = None,
    resolver: Resolver | None = None,
    policy: FlowPolicy | None = None,
) -> list[Finding]:
    """Read and check flow files; a file that cannot be read is a ``file-invalid`` finding,
    so one broken file does not hide the findings of the others (``cxgate validate``)."""
    findings: list[Finding] = []
    for path in paths:
        try:
            findings.extend(check(read_flow(path, values), resolver, policy))
        except FlowFileError as exc:
            findings.append(
                Finding("file-invalid", "error", exc.file, exc.line, exc.problem, exc.fix)
            )
    return findings


def has_errors(findings: Sequence[Finding]) -> bool:
    """True when any finding is an error (exit code 1)."""
    return any(f.severity == "error" for f in findings)
