"""deploy_flow / deploy_flows against the emulator: import jobs, locks, failures, rollback."""

from __future__ import annotations

import pytest

from cxgate.client import GenesysClient
from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.emulator.architect.editor import find_flow, lock_flow, published_content
from cxgate.errors import (
    DeploymentError,
    JobFailedError,
    LockedError,
    RollbackError,
    ValidationError,
)
from cxgate.flow.check.policy import FlowPolicy
from cxgate.flow.read.source import FlowFileError
from cxgate.org.flows.deploy import FlowFile, deploy_flow, deploy_flows
from cxgate.org.flows.lookup import LiveFlow
from cxgate.org.flows.unchanged import published_matches
from cxgate.resource.flowkinds import kind_for_archy
from tests.flow.helpers import BROKEN, EXAMPLES

# The demo org publishes the example file as v2.0 already, and a deploy skips a file the
# org publishes unchanged; these tests deploy a changed greeting so a new version is made.
SAME_AS_V2 = (EXAMPLES / "main-ivr.yaml").read_text(encoding="utf-8")
MAIN = SAME_AS_V2.replace("Thank you for calling Acme.", "Thank you for calling Acme today.")
HOLD = (EXAMPLES / "in-queue.yaml").read_text(encoding="utf-8")
JOBS = "/api/v2/flows/jobs"

NEW_LINE = """\
inboundCall:
  name: Acme Test Line
  division: Home
  startUpRef: "/inboundCall/tasks/task[Main_1]"
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - transferToAcd:
              name: To {{queue}}
              targetQueue: {lit: {name: "{{queue}}"}}
          - disconnect:
              name: Bye
"""


def _published(emulator: Emulator, name: str) -> str:
    return str(find_flow(emulator.store, name)["publishedVersion"]["id"])


def test_deploy_publishes_a_new_version_and_remembers_the_previous(
    client: GenesysClient, emulator: Emulator
) -> None:
    """One import job; version 3.0 is published; 2.0 is what rollback would restore."""
    deployment = deploy_flow(client, MAIN, file="main-ivr.yaml")
    assert (deployment.version, deployment.previous, deployment.created) == ("3.0", "2.0", False)
    assert (deployment.name, deployment.type) == ("Acme Main IVR", "INBOUNDCALL")
    assert _published(emulator, "Acme Main IVR") == "3.0"
    assert emulator.count("POST", JOBS) == 1
    assert client.upload_stats.calls == 2  # the published file to compare, then the upload


def test_deploy_substitutes_values_before_upload(client: GenesysClient, emulator: Emulator) -> None:
    """{{queue}} is filled client-side, as Archy does; the org gets the substituted text."""
    deployment = deploy_flow(client, NEW_LINE, values={"queue": "Billing"})
    assert deployment.created
    assert deployment.previous is None
    record = emulator.store.table("flow_versions")[f"{deployment.flow_id}:1.0"]
    assert "{{" not in record["yaml"]
    assert "name: To Billing" in record["yaml"]


def test_a_missing_value_stops_before_any_call(client: GenesysClient, emulator: Emulator) -> None:
    """An unset substitution is a FlowFileError naming the key; nothing reaches the org."""
    with pytest.raises(FlowFileError, match=r"\{\{queue\}\}"):
        deploy_flow(client, NEW_LINE)
    assert emulator.requests == []


def test_check_errors_stop_the_deploy(client: GenesysClient, emulator: Emulator) -> None:
    """Under a policy that makes transfer-no-failure-path an error, the after-hours flow is
    never sent to the org."""
    text = BROKEN.read_text(encoding="utf-8")
    policy = FlowPolicy(rules={"transfer-no-failure-path": "error"})
    with pytest.raises(ValidationError) as caught:
        deploy_flow(client, text, file="after-hours.yaml", policy=policy)
    assert [p.rule for p in caught.value.problems] == ["transfer-no-failure-path"]
    assert emulator.requests == []


def test_a_colleagues_lock_is_refused_with_who_and_since_when(
    client: GenesysClient, emulator: Emulator, clock: FakeClock
) -> None:
    """LockedError names the user and the time of their last save; no job is registered."""
    lock_flow(emulator.store, "Acme Main IVR", by="ana@example.com", now=clock.time())
    with pytest.raises(LockedError) as caught:
        deploy_flow(client, MAIN)
    message = str(caught.value)
    assert "locked by user ana@example.com since" in message
    assert "(last save)" in message
    assert "--force-unlock" in message
    assert emulator.count("POST", JOBS) == 0


def test_force_unlock_breaks_the_lock_and_keeps_their_draft(
    client: GenesysClient, emulator: Emulator, clock: FakeClock
) -> None:
    """Unlock checks their draft in as 3.0; our file becomes 4.0, published."""
    lock_flow(emulator.store, "Acme Main IVR", by="ana@example.com", now=clock.time())
    deployment = deploy_flow(client, MAIN, force_unlock=True)
    assert deployment.unlocked == "user ana@example.com"
    assert (deployment.version, deployment.previous) == ("4.0", "2.0")
    assert emulator.count("POST", "/api/v2/flows/actions/unlock") == 1


def test_our_own_checkout_does_not_block(client: GenesysClient, emulator: Emulator) -> None:
    """A lock our OAuth client holds (a check-out of ours) is not someone else's."""
    flow_id = find_flow(emulator.store, "Acme Main IVR")["id"]
    client.post("/api/v2/flows/actions/checkout", params={"flow": flow_id})
    assert deploy_flow(client, MAIN).version == "3.0"
    assert emulator.count("POST", "/api/v2/flows/actions/unlock") == 0


def test_a_failed_job_surfaces_the_orgs_messages(client: GenesysClient) -> None:
    """A queue the org lacks fails the job; the error carries its message and the file."""
    text = MAIN.replace("name: Billing\n", "name: Billing Desk\n")
    with pytest.raises(JobFailedError) as caught:
        deploy_flow(client, text, file="main-ivr.yaml")
    assert caught.value.status == "Failure"
    assert "Unable to find a queue named 'Billing Desk'" in str(caught.value)
    assert "main-ivr.yaml" in str(caught.value)


def test_faults_while_polling_and_uploading_are_retried(
    client: GenesysClient, emulator: Emulator
) -> None:
    """503s on the job poll and the upload are retried; the deploy still lands once."""
    emulator.faults = "503[GET /api/v2/flows/jobs/*]=0.5,503[PUT /presigned/*]=0.5,seed=3"
    deployment = deploy_flow(client, MAIN)
    assert deployment.version == "3.0"
    assert {f.kind for f in emulator.injected} == {"503"}
    assert emulator.count("POST", JOBS) == 1


def _files(*texts: tuple[str, str]) -> list[FlowFile]:
    return [FlowFile.from_text(text, file) for text, file in texts]


def test_several_files_deploy_in_order(client: GenesysClient, emulator: Emulator) -> None:
    """Both flows get a new version, in the order given (forced: Hold is unchanged)."""
    done = deploy_flows(client, _files((MAIN, "main.yaml"), (HOLD, "hold.yaml")), force=True)
    assert [(d.name, d.version) for d in done] == [("Acme Main IVR", "3.0"), ("Acme Hold", "2.0")]


def test_an_unchanged_file_is_skipped_after_one_export(
    client: GenesysClient, emulator: Emulator
) -> None:
    """The published version has this content (a comment aside): no import job, no new
    version; the Deployment says skipped. ``force`` publishes anyway."""
    commented = "# the same flow, with a comment\n" + SAME_AS_V2
    skipped = deploy_flow(client, commented, file="main-ivr.yaml")
    assert (skipped.skipped, skipped.version, skipped.previous) == (True, "2.0", "2.0")
    assert emulator.count("POST", JOBS) == 0
    assert emulator.count("POST", "/api/v2/flows/export/jobs") == 1
    assert _published(emulator, "Acme Main IVR") == "2.0"
    forced = deploy_flow(client, SAME_AS_V2, file="main-ivr.yaml", force=True)
    assert (forced.skipped, forced.version) == (False, "3.0")


def test_a_failure_after_skipped_files_undoes_nothing_they_did(
    client: GenesysClient, emulator: Emulator
) -> None:
    """Skipped files changed nothing, so a later failure is raised as it came."""
    broken = MAIN.replace("Support - Tier 1", "No Such Queue")
    with pytest.raises(JobFailedError):
        deploy_flows(client, _files((HOLD, "hold.yaml"), (broken, "main.yaml")))
    assert _published(emulator, "Acme Hold") == "1.0"


def test_a_failure_rolls_the_earlier_flows_back(client: GenesysClient, emulator: Emulator) -> None:
    """Main IVR goes back to 2.0, the created test line is deleted, the error says so."""
    new_line = NEW_LINE.replace("{{queue}}", "Billing")
    broken = HOLD.replace("Support - Tier 1", "No Such Queue")
    files = _files((MAIN, "main.yaml"), (new_line, "line.yaml"), (broken, "hold.yaml"))
    with pytest.raises(DeploymentError) as caught:
        deploy_flows(client, files)
    message = str(caught.value)
    assert "deploy stopped at hold.yaml" in message
    assert "'Acme Main IVR' back to the content of v2.0, published as v4.0 (was v3.0)" in message
    assert "'Acme Test Line' deleted" in message
    assert published_content(emulator.store, "Acme Main IVR") == "2.0"
    assert emulator.count("POST", "/api/v2/flows/actions/publish") == 0  # never in place
    assert emulator.store.find_by_name("flows", "Acme Test Line") is None


def test_no_rollback_keeps_what_was_deployed(client: GenesysClient, emulator: Emulator) -> None:
    """--no-rollback leaves the first flow at its new version and says so."""
    broken = HOLD.replace("Support - Tier 1", "No Such Queue")
    with pytest.raises(DeploymentError, match="left deployed"):
        deploy_flows(client, _files((MAIN, "m.yaml"), (broken, "h.yaml")), rollback=False)
    assert _published(emulator, "Acme Main IVR") == "3.0"


def test_first_failure_is_raised_as_it_came(client: GenesysClient) -> None:
    """When the first file fails nothing changed: its own error, not a DeploymentError."""
    broken = HOLD.replace("Support - Tier 1", "No Such Queue")
    with pytest.raises(JobFailedError, match="No Such Queue"):
        deploy_flows(client, _files((broken, "h.yaml"), (MAIN, "m.yaml")))


def test_a_rollback_that_fails_lists_what_needs_a_person(
    client: GenesysClient, emulator: Emulator, clock: FakeClock
) -> None:
    """A colleague locks Main IVR before the rollback's copy: RollbackError names it."""
    broken = HOLD.replace("Support - Tier 1", "No Such Queue")
    # Before the second import job (Hold's), so the third (the rollback's copy) is refused.
    emulator.before_next(
        "POST",
        "/api/v2/flows/jobs",
        lambda: emulator.before_next(
            "POST",
            "/api/v2/flows/jobs",
            lambda: lock_flow(
                emulator.store, "Acme Main IVR", by="bo@example.com", now=clock.time()
            ),
        ),
    )
    with pytest.raises(RollbackError) as caught:
        deploy_flows(client, _files((MAIN, "m.yaml"), (broken, "h.yaml")))
    assert "deploy stopped at h.yaml" in str(caught.value)
    assert len(caught.value.leftovers) == 1
    assert "flow 'Acme Main IVR' still at v3.0" in caught.value.leftovers[0]
    assert "bo@example.com" in caught.value.leftovers[0]


def test_a_flow_never_published_is_not_compared(client: GenesysClient) -> None:
    """Only a published version can make a file "unchanged": no export job is started."""
    live = LiveFlow("f1", "Draft", kind_for_archy("inboundCall"), None, "1.0", None, "Home")
    assert not published_matches(client, live, SAME_AS_V2, 30.0)
    assert client.stats.calls == 0
