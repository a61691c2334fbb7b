"""Each writing command under seeded faults on the served emulator: the org ends as
planned or as it started, nothing lost, nothing created twice, no 429 beyond the injected
ones. A slice of bench/chaos.py's matrix (every mix once, every command under all of them
at once); the full matrix is ``.venv/bin/python bench/chaos.py``.
"""

from __future__ import annotations

import pytest

from cxgate.testing.chaos.commands import COMMANDS
from cxgate.testing.chaos.faultrun import FaultCase, run_fault_case, served_org
from cxgate.testing.chaos.mixes import MIXES
from cxgate.testing.chaos.records import record_problems


def _slice() -> list[tuple[str, str, int]]:
    """Every mix with one command it bites (rotating), and every command under
    "everything"."""
    cases = []
    matrix = {name: mix for name, mix in MIXES.items() if not mix.test_only}
    for index, (name, mix) in enumerate(matrix.items()):
        fitting = [c for c, command in COMMANDS.items() if command.flows or not mix.flows_only]
        cases.append((fitting[index % len(fitting)], name, index))
    cases += [(command, "everything", 1) for command in COMMANDS]
    return cases


def _explained(case: FaultCase) -> str:
    return f"{case.as_dict()}"


@pytest.mark.parametrize(("command", "mix", "seed"), _slice())
def test_a_faulted_command_converges(command: str, mix: str, seed: int) -> None:
    case = run_fault_case(command, mix, seed)
    assert case.converged, _explained(case)
    assert case.lost == (), _explained(case)
    assert case.duplicated == (), _explained(case)
    assert case.unexpected_429s == 0, _explained(case)
    assert case.touched > 0  # the comparison saw the objects the command changes
    assert case.record_problems == (), _explained(case)  # audit chain and outbox agree
    assert not case.resumed_after or case.command == "resume", _explained(case)


def test_the_export_job_of_a_flow_deploy_survives_a_502() -> None:
    """Registering an export job is a read: a 502 on it is retried, so the deploy lands
    (it used to give up at once and leave the org as it was)."""
    case = run_fault_case("flow-deploy", "5xx-burst", 0)
    assert case.faults > 0
    assert (case.where, case.error) == ("desired", None), _explained(case)


def test_a_storm_without_retry_after_is_waited_out() -> None:
    """429s without Retry-After: the client waits its default and goes again; no call
    beyond the injected 429s is refused, and the deployment lands."""
    case = run_fault_case("apply", "429-no-retry-after", 3)
    assert case.faults > 0
    assert (case.where, case.error) == ("desired", None), _explained(case)


def test_the_record_check_sees_a_missing_entry() -> None:
    """The audit/outbox check is not vacuous: against an empty audit log, a finished
    deployment is reported with its start and end missing."""
    with served_org() as org:
        with org.client() as client:
            COMMANDS["apply"].run(org, client)
        with org.store() as store:
            org_id = str(org.emulator.store.organization["id"])
            assert record_problems(store, org.audit, org.secret, org_id) == []
            problems = record_problems(store, org.state.parent / "elsewhere", org.secret, org_id)
    assert any("deployment.started logged 0×, deployment.started queued 1×" in p for p in problems)


def test_a_resume_that_cannot_reach_the_org_loses_nothing() -> None:
    """Every call of the resume times out (its org read included): it gives up, the
    deployment stays unfinished in the journal, and the next resume ends it."""
    case = run_fault_case("resume", "never-answering", 0)
    assert "TransportError" in str(case.error), _explained(case)
    assert case.resumed_after, _explained(case)
    assert (case.converged, case.where) == (True, "desired"), _explained(case)
