"""The exception tree: remedy groups, API error details, and messages."""

from __future__ import annotations

import pytest

from cxgate import errors


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthError),
        (403, errors.AuthError),
        (404, errors.NotFoundError),
        (409, errors.ConflictError),
        (429, errors.RateLimitedError),
        (500, errors.TransientApiError),
        (503, errors.TransientApiError),
        (418, errors.ApiError),
    ],
)
def test_api_error_for_status(status: int, kind: type[errors.ApiError]) -> None:
    """Each HTTP status maps to the error class that names its remedy."""
    assert errors.api_error_for(status) is kind


def test_api_error_message_carries_code_and_correlation_id() -> None:
    """What support needs is in the message: method, path, status, code, correlation id."""
    exc = errors.ConflictError(
        "version 7 changed",
        status=409,
        code="general.conflict",
        correlation_id="4f1",
        method="PUT",
        path="/api/v2/organizations/me",
    )
    assert str(exc) == (
        "PUT /api/v2/organizations/me: 409 general.conflict: version 7 changed (correlation-id 4f1)"
    )
    assert isinstance(exc, errors.CxgateError)


def test_validation_error_lists_every_problem() -> None:
    """A ValidationError reports all its problems, each with file, line, path and fix."""
    problems = [
        errors.Problem(
            "queues/sales.yaml",
            "mediaSettings.call.serviceLevel.percentage",
            "must be between 0 and 1, got 80",
            fix="write 0.8",
            line=12,
        ),
        errors.Problem("skills.yaml", "skills[3].name", "duplicate skill 'Billing'"),
    ]
    exc = errors.ValidationError(problems)
    text = str(exc)
    assert "2 problem(s)" in text
    assert "queues/sales.yaml:12 at mediaSettings.call.serviceLevel.percentage" in text
    assert "(fix: write 0.8)" in text
    assert "skills.yaml at skills[3].name: duplicate skill 'Billing'" in text


def test_job_failed_and_rollback_messages() -> None:
    """Async failures and rollback leftovers read as one clear message."""
    job = errors.JobFailedError("flow import job j1", "Failure", ["line 3: bad ref"])
    assert str(job) == "flow import job j1 ended Failure: line 3: bad ref"
    assert str(errors.JobFailedError("op", "FAILURE")).endswith("no message given")
    rb = errors.RollbackError("rollback incomplete", ["queue 'Sales': restore by hand"])
    assert rb.leftovers == ("queue 'Sales': restore by hand",)
    assert "\n  - queue 'Sales'" in str(rb)
