"""A check finding and the catalogue of rules that produce them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cxgate.errors import Problem
from cxgate.flow.graph import FlowGraph

__all__ = ["RULES", "Context", "Finding", "Resolver"]

Resolver = Callable[[str, str], bool]
"""``resolver(kind, name)`` is True when the org (or bundle) has an object of that kind."""

RULES: dict[str, tuple[str, str]] = {
    "file-invalid": ("error", "the file cannot be read or is not an Archy flow"),
    "structure-invalid": ("error", "a container or entry the flow kind does not have"),
    "ref-unresolved": ("error", "a startUpRef/target*Ref/defaultChildMenuRef names nothing"),
    "ref-wrong-kind": ("error", "a reference names the wrong kind of object"),
    "ref-duplicate-id": ("error", "two objects share one refId path"),
    "ref-missing": ("error", "a jump or call has no target reference"),
    "ref-external": ("warning", "a reference into another file, not followed offline"),
    "start-missing": ("error", "the flow has no startUpRef or startUpTaskActions"),
    "unreachable": ("warning", "a menu, task, state or action no caller can reach"),
    "dead-end": ("error", "a path ends without disconnect, transfer, jump or end task"),
    "transfer-no-failure-path": ("warning", "a failed transfer leads into a dead end"),
    "busy-loop": ("error", "a cycle with nothing that waits or plays, and no loop bound"),
    "loop-no-exit": ("info", "a cycle that waits but has no way out"),
    "menu-no-default": ("warning", "a menu without defaultChildMenuRef for no input"),
    "menu-no-choices": ("error", "a menu with no choices"),
    "dtmf-duplicate": ("error", "two choices of one menu use the same key"),
    "dtmf-global-clash": ("warning", "a menu key is also a global choice's key"),
    "speech-only-choice": ("warning", "a choice with speech terms but no key"),
    "calldata-unhandled": ("warning", "callData without a failure or timeout branch"),
    "collectinput-no-failure": ("warning", "collectInput without a failure branch"),
    "external-unresolved": ("error", "a queue/flow/schedule/... the bundle and org lack"),
    "external-placeholder": ("warning", "a literal that is a placeholder such as <queueName>"),
    "substitution-unset": ("warning", "a {{key}} substitution without a value"),
    "action-unknown": ("warning", "an action type cxgate does not know (kept opaque)"),
    "choice-unknown": ("warning", "a menu choice type cxgate does not know"),
    "action-malformed": ("error", "an actions item that is not a one-key mapping"),
    "choice-malformed": ("error", "a choices item that is not a one-key mapping"),
    "container-malformed": ("error", "a menus/tasks/states item of the wrong shape"),
    "refid-missing": ("warning", "a menu, task or state without refId"),
    "loop-control-outside-loop": ("error", "loopNext/loopExit outside a loop body"),
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing wrong (or worth a look) in a flow, with where and how to fix it."""

    rule: str
    severity: str
    file: str
    line: int
    message: str
    fix: str

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``--output json``."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "message": self.message,
            "fix": self.fix,
        }

    def as_problem(self) -> Problem:
        """As a bundle Problem, for ``cxgate validate``."""
        return Problem(
            file=self.file,
            path="",
            message=self.message,
            fix=self.fix,
            line=self.line,
            severity=self.severity,
            rule=self.rule,
        )

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return f"{where}: {self.severity} [{self.rule}] {self.message} (fix: {self.fix})"


@dataclass(slots=True)
class Context:
    """What every rule needs: the graph, what a caller can reach, and the name resolver."""

    graph: FlowGraph
    reached: set[str]
    resolver: Resolver | None
    transfer_ends: dict[str, str] = field(default_factory=dict)

    def finding(self, rule: str, line: int, message: str, fix: str) -> Finding:
        """A finding of ``rule`` at ``line`` with the rule's catalogued severity."""
        return Finding(rule, RULES[rule][0], self.graph.file, line, message, fix)
