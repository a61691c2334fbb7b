"""Every exception cxgate raises, grouped by what the caller can do next.

::

    CxgateError
    ├── ConfigError ................ fix your settings: region, credentials, profile, policy file
    ├── BundleError ................ fix the bundle files (names file, YAML path, line, the fix)
    │   └── ValidationError ........ many problems at once, every one listed
    ├── PolicyError ................ the change is not allowed now: wait, or override with a reason
    │   ├── ChangeFreezeError ...... inside a change-freeze window
    │   ├── CooldownError .......... object changed too recently
    │   └── UnsafePlanError ........ plan passes a safety threshold: review, then --force
    ├── RefusedError ............... cxgate refused before writing, from what it read
    │   ├── MissingError ........... the name or version asked for is not in the org
    │   └── LockedError ............ a flow is locked by another user or client (its
    │                                lockedUser / lockedClient, read fresh)
    ├── PlanError .................. the plan file cannot be honoured: re-run plan
    │   └── ChecksumMismatchError .. plan file differs from what was reviewed
    ├── ApiError ................... Genesys answered with an error (status, code, correlation id)
    │   ├── BadRequestError ........ 400: fix the payload
    │   ├── AuthError .............. 401/403: check the OAuth client's credentials and roles
    │   ├── NotFoundError .......... 404: the object is gone or the id is wrong
    │   ├── ConflictError .......... 409 or stale version: someone else changed it; re-plan
    │   ├── TransientApiError ...... 429/5xx still failing after the retry budget: try again later
    │   │   └── RateLimitedError ... 429 past the retry budget
    │   └── UnexpectedResponseError  not a Genesys answer (a proxy's page, no JSON, wrong shape):
    │                                check the API URL and the network path
    ├── TransportError ............. the network failed after retries (connection, timeout)
    ├── StateStoreError ............ the state store failed mid-run (lost connection): run again
    ├── AsyncWorkError ............. an Operation or job did not succeed
    │   ├── JobFailedError ......... it ended in failure; its messages say why
    │   └── DeadlineExceededError .. it did not finish in time; check it in the org
    └── DeploymentError ............ apply stopped
        ├── DeploymentLockedError .. another deployment holds the org lock
        ├── VerificationError ...... read-back differs from what was written
        └── RollbackError .......... rollback left objects that need a person (listed)

An ApiError is always an answer the org gave; a refusal cxgate makes itself (policy, a
missing version, a lock it saw) is never dressed as one (no made-up status or code).
Messages name the object, the problem and the fix. Nothing here ever holds a secret: API
errors keep only the parsed Genesys error body and the correlation id, never the request.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ApiError",
    "AsyncWorkError",
    "AuthError",
    "BadRequestError",
    "BundleError",
    "ChangeFreezeError",
    "ChecksumMismatchError",
    "ConfigError",
    "ConflictError",
    "CooldownError",
    "CxgateError",
    "DeadlineExceededError",
    "DeploymentError",
    "DeploymentLockedError",
    "JobFailedError",
    "LockedError",
    "MissingError",
    "NotFoundError",
    "PlanError",
    "PolicyError",
    "Problem",
    "RateLimitedError",
    "RefusedError",
    "RollbackError",
    "StateStoreError",
    "TransientApiError",
    "TransportError",
    "UnexpectedResponseError",
    "UnsafePlanError",
    "ValidationError",
    "VerificationError",
    "api_error_for",
]


class CxgateError(Exception):
    """Base of every cxgate error; catch this to handle them all."""


class ConfigError(CxgateError):
    """Settings are missing or wrong (region, credentials, profile, policy)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input: where it is, what is wrong, and how to fix it."""

    file: str
    path: str
    message: str
    fix: str = ""
    line: int | None = None
    severity: str = "error"
    rule: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        at = f" at {self.path}" if self.path else ""
        fix = f" (fix: {self.fix})" if self.fix else ""
        return f"{where}{at}: {self.message}{fix}"


class BundleError(CxgateError):
    """A bundle file is wrong; the message names the file, the field and the fix."""


class ValidationError(BundleError):
    """Many problems found at once; ``problems`` lists every one."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s):\n{lines}")


class PolicyError(CxgateError):
    """The change is not allowed right now by the bundle's change policy."""


class ChangeFreezeError(PolicyError):
    """Inside a change-freeze window; wait or pass --override-freeze with a reason."""


class CooldownError(PolicyError):
    """The same object was changed too recently for the configured minimum interval."""


class UnsafePlanError(PolicyError):
    """The plan passes a safety threshold; review it and re-run with --force."""


class RefusedError(CxgateError):
    """cxgate refused, from what it read, before writing anything; not an API answer."""


class MissingError(RefusedError):
    """The object, name or version asked for is not in the org."""


class LockedError(RefusedError):
    """A flow is locked by another user or OAuth client (its ``lockedUser`` or
    ``lockedClient``, read fresh); ask them to check it in, or break the lock."""


class PlanError(CxgateError):
    """A saved plan cannot be applied as reviewed; re-run plan."""


class ChecksumMismatchError(PlanError):
    """The plan file's checksum does not match its content or the live org moved on."""


class ApiError(CxgateError):
    """Genesys Cloud answered with an error body.

    Carries what support needs and nothing secret: HTTP status, the Genesys ``code``,
    ``message``, the correlation id (``contextId`` / ``ININ-Correlation-Id``), and the
    method and path of the request (never its headers or body).
    """

    def __init__(
        self,
        message: str,
        *,
        status: int,
        code: str = "",
        correlation_id: str = "",
        method: str = "",
        path: str = "",
        body: Mapping[str, Any] | None = None,
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.correlation_id = correlation_id
        self.method = method
        self.path = path
        self.body: Mapping[str, Any] = body or {}
        super().__init__(self._render())

    def _render(self) -> str:
        where = f"{self.method} {self.path}: " if self.method else ""
        code = f" {self.code}" if self.code else ""
        cid = f" (correlation-id {self.correlation_id})" if self.correlation_id else ""
        return f"{where}{self.status}{code}: {self.message}{cid}"


class BadRequestError(ApiError):
    """400: the request body or parameters are invalid; fix the payload."""


class AuthError(ApiError):
    """401/403: credentials are wrong or the OAuth client lacks a permission."""


class NotFoundError(ApiError):
    """404: the object does not exist (any more) or the id is wrong."""


class ConflictError(ApiError):
    """409 or a stale version: someone else changed the object; re-run plan."""


class TransientApiError(ApiError):
    """429 or 5xx that outlasted the retry budget; try again later."""


class RateLimitedError(TransientApiError):
    """429 Too Many Requests that outlasted the retry budget."""


class UnexpectedResponseError(ApiError):
    """A success status, but not the JSON Genesys sends (a proxy's error page, an empty or
    cut-off body, another shape); nothing was read from it. Check the API URL and proxies."""


class TransportError(CxgateError):
    """The network failed (connection refused, reset, timeout) after retries.

    ``never_connected`` is True when no connection was ever made (DNS, refused, connect
    timeout): the host cannot be reached at all, rather than dropping a request.
    """

    def __init__(self, message: str, *, never_connected: bool = False) -> None:
        self.never_connected = never_connected
        super().__init__(message)


class StateStoreError(CxgateError):
    """The state store failed mid-run (a lost connection); the rows already committed stand."""


class AsyncWorkError(CxgateError):
    """An asynchronous Operation or job did not succeed."""


@dataclass(eq=False)
class JobFailedError(AsyncWorkError):
    """The Operation or job ended in failure; ``messages`` holds what Genesys said."""

    what: str
    status: str
    messages: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        detail = "; ".join(self.messages) if self.messages else "no message given"
        super().__init__(f"{self.what} ended {self.status}: {detail}")


class DeadlineExceededError(AsyncWorkError):
    """Polling gave up before the work finished; check its state in the org."""


class DeploymentError(CxgateError):
    """An apply stopped before completing."""


class DeploymentLockedError(DeploymentError):
    """Another deployment holds the org lock."""


class VerificationError(DeploymentError):
    """Reading back an object after writing it did not give what was written."""


class RollbackError(DeploymentError):
    """Rollback could not restore everything; ``leftovers`` lists what needs a person."""

    def __init__(self, message: str, leftovers: Sequence[str] = ()) -> None:
        self.leftovers = tuple(leftovers)
        lines = "".join(f"\n  - {item}" for item in self.leftovers)
        super().__init__(message + lines)


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthError,
    403: AuthError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitedError,
}


def api_error_for(status: int) -> type[ApiError]:
    """The ApiError subclass for an HTTP status; 5xx are transient, anything else generic."""
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    if status >= 500:
        return TransientApiError
    return ApiError
