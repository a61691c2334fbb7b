"""The fault mixes a command is run under, each a seeded emulator plan plus what the
emulator's fault plan cannot say: tokens that expire mid-run, Architect jobs and flow
Operations that fail or never finish.

Rates are high on purpose (a burst, a storm): a client's retries must outlast them or the
run must end where it started.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cxgate.clock import Clock
from cxgate.emulator import Emulator, FaultPlan

__all__ = ["MIXES", "Mix", "every"]

Arm = Callable[[Emulator, Clock], None]


@dataclass(frozen=True, slots=True)
class Mix:
    """One kind of trouble: ``spec`` is a ``--faults`` string without its seed; ``arm``
    adds the rest once the run starts; ``flows_only``: it only bites flow commands."""

    name: str
    spec: str = ""
    arm: Arm | None = None
    flows_only: bool = False
    test_only: bool = False  # a single case for the tests, not part of the matrix

    def plan(self, seed: int) -> FaultPlan:
        """The emulator's fault plan for this seed."""
        return FaultPlan.parse(f"{self.spec},seed={seed}" if self.spec else f"seed={seed}")


def every(emulator: Emulator, method: str, path: str, callback: Callable[[], object]) -> None:
    """Run ``callback`` before every matching call (the emulator's hooks fire once)."""

    def again() -> None:
        emulator.before_next(method, path, again)
        callback()

    emulator.before_next(method, path, again)


def _expire_tokens(emulator: Emulator, clock: Clock) -> None:
    """Revoke every token at the second and fifth write: the next call is answered 401 and
    must go again with a new token."""
    seen = {"writes": 0}

    def maybe_revoke() -> None:
        seen["writes"] += 1
        if seen["writes"] in (2, 5):
            emulator.revoke_tokens()

    for method in ("POST", "PUT", "DELETE"):
        every(emulator, method, "/api/v2/*", maybe_revoke)


def _jobs(outcome: str) -> Arm:
    """Architect import jobs that fail once their file is in, or never leave Started."""

    def arm(emulator: Emulator, clock: Clock) -> None:
        def disturb() -> None:
            with emulator.store.lock:
                for job in emulator.store.table("flow_jobs").values():
                    if job["kind"] != "import" or job["status"] != "Started":
                        continue
                    if outcome == "fail":
                        job["status"] = "Failure"
                        job["messages"] = [{"text": "injected: the import job failed"}]
                    else:
                        job.update(reads=0, since=clock.time())

        every(emulator, "GET", "/api/v2/flows/jobs/*", disturb)

    return arm


def _operations(outcome: str) -> Arm:
    """Publish Operations that end in FAILURE without effect, or never complete."""

    def arm(emulator: Emulator, clock: Clock) -> None:
        def disturb() -> None:
            with emulator.store.lock:
                pending = emulator.store.table("flow_operations")
                for flow_id, row in list(pending.items()):
                    if outcome == "stuck":
                        row.update(reads=-(10**6), started=clock.time())
                        continue
                    operation = {
                        **row["operation"],
                        "complete": True,
                        "actionStatus": "FAILURE",
                        "errorMessage": "injected: the operation failed",
                        "errorCode": "flow.operation.failed",
                    }
                    emulator.store.table("flows")[flow_id]["currentOperation"] = operation
                    del pending[flow_id]

        every(emulator, "GET", "/api/v2/flows/*", disturb)

    return arm


MIXES: dict[str, Mix] = {
    m.name: m
    for m in (
        Mix("5xx-burst", "5xx=0.3,phase=mixed"),
        Mix("429-storm", "429=0.35,retry_after=1"),
        Mix("429-no-retry-after", "429=0.35,retry_after=none"),
        Mix("drop-before-write", "drop=0.2,phase=before"),
        Mix("drop-after-write", "drop=0.2,phase=after"),
        Mix("slow-past-timeout", "timeout=0.08,phase=mixed"),
        Mix("token-expiry", "5xx=0.05", arm=_expire_tokens),
        Mix("everything", "5xx=0.1,429=0.08,drop=0.06,timeout=0.03,phase=mixed"),
        Mix("jobs-fail", arm=_jobs("fail"), flows_only=True),
        Mix("never-answering", "timeout=1.0", test_only=True),
        Mix("jobs-never-finish", arm=_jobs("stuck"), flows_only=True),
        Mix("operations-fail", arm=_operations("fail"), flows_only=True),
        Mix("operations-never-finish", arm=_operations("stuck"), flows_only=True),
    )
}
