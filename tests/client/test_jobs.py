"""Waiting for async work: Operations, Architect jobs, audit queries; failure and deadline."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from client_fakes import FakeGenesys

from cxgate.client import AUDIT_QUERY, FLOW_JOB, FLOW_OPERATION, GenesysClient, StatusTable
from cxgate.client.jobs import status_table_for
from cxgate.clock import FakeClock
from cxgate.errors import DeadlineExceededError, JobFailedError

FLOW = "/api/v2/flows/f-1"
JOB = "/api/v2/flows/jobs/j-1"
AUDIT = "/api/v2/audits/query/tx-1"


def answers(*documents: dict[str, Any]) -> list[httpx.Response]:
    return [httpx.Response(200, json=d) for d in documents]


def op(complete: bool, status: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": "f-1",
        "currentOperation": {
            "complete": complete,
            "actionStatus": status,
            "actionName": "PUBLISH",
            **extra,
        },
    }


def test_operation_polled_until_complete(
    client: GenesysClient, fake: FakeGenesys, clock: FakeClock
) -> None:
    """Running, running, SUCCESS: the flow document comes back; waits grow."""
    fake.route(
        "GET",
        FLOW,
        answers(op(False, "STARTED"), op(False, "PENDING_GENERATION"), op(True, "SUCCESS")),
    )
    assert client.wait_operation(FLOW)["currentOperation"]["actionStatus"] == "SUCCESS"
    assert len(fake.api_calls(FLOW)) == 3
    assert clock.slept == [1.0, 1.5]


def test_operation_failure_carries_messages(client: GenesysClient, fake: FakeGenesys) -> None:
    """FAILURE → JobFailedError with errorMessage and errorDetails."""
    failed = op(
        True,
        "FAILURE",
        errorMessage="Flow has errors",
        errorDetails=[{"errorCode": "FLOW_INVALID", "fieldName": "startUpRef"}, {}, "junk"],
    )
    fake.route("GET", FLOW, answers(failed))
    with pytest.raises(JobFailedError) as info:
        client.wait_operation(FLOW)
    assert info.value.status == "FAILURE"
    assert info.value.messages == ["Flow has errors", "FLOW_INVALID (startUpRef)"]
    assert "flow operation /api/v2/flows/f-1 ended FAILURE" in str(info.value)


def test_no_operation_means_nothing_pending(client: GenesysClient, fake: FakeGenesys) -> None:
    """A flow without a currentOperation has nothing to wait for."""
    fake.route("GET", FLOW, answers({"id": "f-1"}))
    assert client.wait_operation(FLOW) == {"id": "f-1"}


def test_flow_job_success_with_messages_expanded(client: GenesysClient, fake: FakeGenesys) -> None:
    """Architect jobs are read with expand=messages until Success."""
    fake.route(
        "GET",
        JOB,
        answers(
            {"status": "Registered"},
            {"status": "Started"},
            {"status": "Success", "flow": {"id": "f-1"}},
        ),
    )
    assert client.wait_job(JOB)["flow"] == {"id": "f-1"}
    assert {r.url.params["expand"] for r in fake.api_calls(JOB)} == {"messages"}


def test_flow_job_failure(client: GenesysClient, fake: FakeGenesys) -> None:
    """Failure → JobFailedError listing the job's messages with their type."""
    failed = {
        "status": "Failure",
        "messages": [
            {"type": "Error", "text": "Unknown queue 'Sales'"},
            {"text": "second"},
            "junk",
        ],
    }
    fake.route("GET", JOB, answers(failed))
    with pytest.raises(JobFailedError) as info:
        client.wait_job(JOB)
    assert info.value.messages == ["Error: Unknown queue 'Sales'", "second"]


@pytest.mark.parametrize("state", ["Failed", "Cancelled"])
def test_audit_query_failure(client: GenesysClient, fake: FakeGenesys, state: str) -> None:
    """Audit query states: Failed and Cancelled are failures (no message given)."""
    fake.route("GET", AUDIT, answers({"state": "Queued"}, {"state": state}))
    with pytest.raises(JobFailedError, match=f"ended {state}: no message given"):
        client.wait_job(AUDIT)


def test_deadline(client: GenesysClient, fake: FakeGenesys, clock: FakeClock) -> None:
    """Still running at the deadline → DeadlineExceededError naming the last status."""
    fake.route("GET", AUDIT, answers({"state": "Running"}))
    with pytest.raises(DeadlineExceededError, match="still Running after 20 s"):
        client.wait_job(AUDIT, deadline_s=20)
    assert sum(clock.slept) == pytest.approx(20.0)
    assert max(clock.slept) <= 15.0


def test_unknown_status_keeps_polling(client: GenesysClient, fake: FakeGenesys) -> None:
    """A status Genesys adds later is treated as running, not as a verdict."""
    fake.route("GET", JOB, answers({"status": "Paused"}, {"status": "Success"}))
    assert client.wait_job(JOB)["status"] == "Success"


def test_custom_kind(client: GenesysClient, fake: FakeGenesys) -> None:
    """Any other job: pass its own status table."""
    path = "/api/v2/architect/dependencytracking/build"
    kind = StatusTable(
        "dependency build", ("status",), frozenset({"OPERATIONAL"}), frozenset({"BUILDINCOMPLETE"})
    )
    fake.route("GET", path, answers({"status": "BUILDINPROGRESS"}, {"status": "OPERATIONAL"}))
    assert client.wait_job(path, kind=kind)["status"] == "OPERATIONAL"


@pytest.mark.parametrize(
    ("path", "table"),
    [(JOB, FLOW_JOB), ("/api/v2/flows/export/jobs/e-1", FLOW_JOB), (AUDIT, AUDIT_QUERY)],
)
def test_kind_from_path(path: str, table: StatusTable) -> None:
    """The job kind is picked from the path."""
    assert status_table_for(path) is table


def test_unknown_job_path() -> None:
    """An unknown path asks for an explicit kind."""
    with pytest.raises(ValueError, match="pass kind="):
        status_table_for("/api/v2/somethingelse/jobs/1")


@pytest.mark.parametrize(
    ("document", "verdict"),
    [
        (op(False, "STARTED"), "running"),
        (op(True, "SUCCESS"), "succeeded"),
        (op(True, "UNLOCKED"), "succeeded"),
        (op(True, "FAILURE"), "failed"),
        ({"currentOperation": None}, "succeeded"),
        ("not a document", "succeeded"),
    ],
)
def test_operation_verdicts(document: Any, verdict: str) -> None:
    """The Operation table: complete decides; then only FAILURE is a failure."""
    assert FLOW_OPERATION.verdict(document) == verdict
