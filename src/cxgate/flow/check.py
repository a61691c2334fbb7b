"""``cxgate flow check``: findings about a flow's call graph, each with rule, place and fix.

Architect validates a flow only on the server when it is published. These checks run offline
on the FlowGraph in linear time: broken references, unreachable parts, dead ends, menus
without a default, duplicate keys, unhandled data-action and input failures, transfers that
fail into nothing, loops that never wait for the caller, and names the org does not have.
"""

from __future__ import annotations

from collections.abc import Sequence

from cxgate.flow.finding import Finding, Resolver
from cxgate.flow.graph import FlowGraph
from cxgate.flow.rules import run_all

__all__ = ["check", "check_all", "has_errors"]


def check(graph: FlowGraph, resolver: Resolver | None = None) -> list[Finding]:
    """Every finding for one flow, sorted by line."""
    findings = [Finding(n.rule, n.severity, n.file, n.line, n.message, n.fix) for n in graph.notes]
    findings.extend(run_all(graph, resolver))
    return sorted(set(findings), key=lambda f: (f.file, f.line, f.rule, f.message))


def check_all(graphs: Sequence[FlowGraph], resolver: Resolver | None = None) -> list[Finding]:
    """Findings for several flows, file by file."""
    return [finding for graph in graphs for finding in check(graph, resolver)]


def has_errors(findings: Sequence[Finding]) -> bool:
    """True when any finding is an error (exit code 1)."""
    return any(f.severity == "error" for f in findings)
