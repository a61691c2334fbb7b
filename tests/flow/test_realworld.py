"""A real-world set: flows written in the styles of the public blueprints, one or more per flow
type, with every finding pinned (none for the clean ones), and exploration that covers them.

The files in ``realworld/`` are ours (not copies): they use what published flows use — export
settings blocks, ``{{substitutions}}`` filled per environment, ``noValue`` wrappers, quoted
``"yes"``/``"no"`` outputs, bot intents routed to tasks, in-queue hold loops — so a false alarm
or a misread bot shows up here first.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cxgate.flow.analysis import reachable
from cxgate.flow.check.run import check
from cxgate.flow.read.archy import read_flow
from cxgate.flow.trace.explore import explore
from cxgate.flow.trace.machine import OutcomeKind
from cxgate.flow.trace.walk import run_journey

REALWORLD = Path(__file__).parent / "realworld"

# What Terraform (or --vars) fills in before the flow reaches Archy.
VALUES = {
    "flow_name": "Order Status Bot",
    "module_name": "Lookup Contact",
    "prefix": "",
    "division": "Home",
    "data_action_category": "Web Services Data Actions",
    "lookup_data_action": "Lookup Customer By Phone",
    "search_data_action": "Search External Contacts",
    "queue_name": "Support",
}

# file → the findings (rule, line, severity) it must produce, and nothing else
EXPECTED: dict[str, list[tuple[str, int, str]]] = {
    "botflow__order-status-bot.yaml": [],
    "commonmodule__lookup-contact.yaml": [],
    "digitalbot__book-store.yaml": [],
    "inboundcall__bank-ivr.yaml": [],
    "inboundcall__callback-template.yaml": [
        ("calldata-unhandled", 30, "warning"),
        ("external-placeholder", 38, "warning"),
        ("external-placeholder", 43, "warning"),
        ("external-placeholder", 50, "warning"),
    ],
    "inboundchat__bot-then-agent.yaml": [],
    "inboundemail__route-by-topic.yaml": [],
    "inboundshortmessage__sms-hours.yaml": [("transfer-no-failure-path", 88, "warning")],
    "inqueuecall__callback-offer.yaml": [],
    "inqueuecall__position-announcements.yaml": [],
    "outboundcall__appointment-reminder.yaml": [],
    "surveyinvite__post-chat-survey.yaml": [],
    "workflow__transcript-mailer.yaml": [],
    "workitem__claim-router.yaml": [],
}
KINDS_COVERED = {
    "botFlow", "digitalBot", "inqueueCall", "inboundShortMessage", "inboundEmail", "workflow",
    "commonModule", "inboundCall", "inboundChat", "outboundCall", "workitem", "surveyInvite",
}  # fmt: skip
_NEVER = {OutcomeKind.DEAD_END, OutcomeKind.OPAQUE, OutcomeKind.UNRESOLVED}


def test_the_set_is_complete() -> None:
    """Every file has pinned findings, and every flow type of the issue is there."""
    files = sorted(p.name for p in REALWORLD.glob("*.yaml"))
    assert files == sorted(EXPECTED)
    assert {read_flow(REALWORLD / f, VALUES).kind for f in files} == KINDS_COVERED


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_findings_are_exactly_the_pinned_ones(name: str) -> None:
    """The flow check of a published-style flow: the pinned findings, no false alarms."""
    findings = check(read_flow(REALWORLD / name, VALUES))
    assert [(f.rule, f.line, f.severity) for f in findings] == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_exploration_covers_the_flow_and_replays(name: str) -> None:
    """Every reachable node is visited, every journey replays to the same path, and none ends
    in an opaque step, an unresolved reference or (unless a failed transfer is pinned as
    ending the flow) a dead end."""
    graph = read_flow(REALWORLD / name, VALUES)
    result = explore(graph)
    assert set(result.coverage.covered_nodes) == reachable(graph)
    assert reachable(graph) == set(graph.nodes)
    ends_after_failed_transfer = any(r == "transfer-no-failure-path" for r, *_ in EXPECTED[name])
    never = _NEVER - ({OutcomeKind.DEAD_END} if ends_after_failed_transfer else set())
    for trace, journey in zip(result.traces, result.journeys(), strict=True):
        assert trace.outcome.kind not in never, trace.outcome
        assert run_journey(graph, journey).transitions == trace.transitions
