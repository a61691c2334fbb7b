"""switch_flow / rollback_flow against the emulator: policy, checks, locks, Operation failures."""

from __future__ import annotations

import pytest

from cxgate.client import GenesysClient
from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.emulator.architect.editor import find_flow, lock_flow, published_content
from cxgate.emulator.architect.importer import import_flow
from cxgate.emulator.architect.model import user_actor
from cxgate.errors import (
    ApiError,
    JobFailedError,
    LockedError,
    MissingError,
    PolicyError,
    ValidationError,
)
from cxgate.flow.check.policy import FlowPolicy
from cxgate.org.flows.deploy import deploy_flow
from cxgate.org.flows.switch import rollback_flow, switch_flow
from tests.flow.helpers import BROKEN, EXAMPLES

MAIN = "Acme Main IVR"
PUBLISH = "/api/v2/flows/actions/publish"
STRICT = FlowPolicy(rules={"transfer-no-failure-path": "error"})  # the demo bundle's policy


def _published(emulator: Emulator, name: str = MAIN) -> str:
    return str(find_flow(emulator.store, name)["publishedVersion"]["id"])


def test_switch_publishes_an_older_version(client: GenesysClient, emulator: Emulator) -> None:
    """1.0's content is published as a new version (3.0), one version back, the reason kept;
    the emulator refuses in-place republishing and it is never asked for."""
    result = switch_flow(client, MAIN, "1.0", reason="bad prompt in 2.0")
    assert (result.from_version, result.to_version, result.versions_back) == ("2.0", "1.0", 1)
    assert (result.changed, result.reason, result.published) == (True, "bad prompt in 2.0", "3.0")
    assert (_published(emulator), published_content(emulator.store, MAIN)) == ("3.0", "1.0")
    assert emulator.count("POST", PUBLISH) == 0
    assert emulator.count("POST", "/api/v2/flows/export/jobs") == 1
    assert emulator.count("POST", "/api/v2/flows/jobs") == 1


def test_the_copy_has_the_old_versions_configuration(
    client: GenesysClient, emulator: Emulator
) -> None:
    """The new version's configuration equals the old one's, read back through the API."""
    switch_flow(client, MAIN, "1.0")
    flow_id = find_flow(emulator.store, MAIN)["id"]
    path = "/api/v2/flows/{}/versions/{}/configuration"

    def body(version: str) -> dict[str, object]:
        found = dict(client.get(path.format(flow_id, version)))
        found.pop("version", None)  # the configuration names its own version
        return found

    assert body("3.0") == body("1.0")
    assert body("3.0") != body("2.0")


def test_in_place_republishes_the_old_version_itself(
    client: GenesysClient, emulator: Emulator
) -> None:
    """--in-place asks publish?version= (served when the emulator allows it); no new version."""
    emulator.behaviour = "in-place-publish=on"
    result = switch_flow(client, MAIN, "1.0", in_place=True)
    assert (result.published, result.in_place, _published(emulator)) == ("1.0", True, "1.0")
    assert emulator.count("POST", "/api/v2/flows/jobs") == 0


@pytest.mark.wire_unchecked
def test_in_place_where_the_api_refuses_it_is_its_error(client: GenesysClient) -> None:
    """If Genesys does not republish in place, --in-place fails with its answer, unchanged."""
    with pytest.raises(ApiError) as caught:
        switch_flow(client, MAIN, "1.0", in_place=True)
    assert caught.value.status == 400


def test_switching_to_the_published_version_does_nothing(
    client: GenesysClient, emulator: Emulator
) -> None:
    """No publish call when the target is already live."""
    assert not switch_flow(client, MAIN, "2.0").changed
    assert emulator.count("POST", PUBLISH) == 0


def test_an_unknown_version_lists_the_real_ones(client: GenesysClient) -> None:
    """MissingError names the versions that exist."""
    with pytest.raises(MissingError, match=r"no version 7\.0 \(versions: 1\.0, 2\.0\)"):
        switch_flow(client, MAIN, "7.0")


def test_an_unknown_flow_is_not_found(client: GenesysClient) -> None:
    """A name the org lacks is a MissingError saying so."""
    with pytest.raises(MissingError, match="no flow named 'Nope'"):
        switch_flow(client, "Nope", "1.0")


@pytest.mark.parametrize(
    ("policy", "reason", "message"),
    [
        (FlowPolicy.model_validate({"requireReason": True}), "", "needs a reason"),
        (FlowPolicy.model_validate({"maxVersionsBack": 0}), "", "goes 1 versions back; the policy"),
    ],
)
def test_policy_refusals_publish_nothing(
    client: GenesysClient, emulator: Emulator, policy: FlowPolicy, reason: str, message: str
) -> None:
    """A missing reason or a jump past maxVersionsBack is a PolicyError before any write."""
    with pytest.raises(PolicyError, match=message):
        switch_flow(client, MAIN, "1.0", reason=reason, policy=policy)
    assert emulator.count("POST", PUBLISH) == 0


def test_going_forward_is_never_capped(client: GenesysClient, emulator: Emulator) -> None:
    """maxVersionsBack: 0 still allows a switch to a newer version (after an in-place one)."""
    emulator.behaviour = "in-place-publish=on"
    switch_flow(client, MAIN, "1.0", in_place=True)
    result = switch_flow(
        client, MAIN, "2.0", policy=FlowPolicy.model_validate({"maxVersionsBack": 0}), in_place=True
    )
    assert (result.versions_back, _published(emulator)) == (0, "2.0")


def test_check_refuses_a_version_with_errors(
    client: GenesysClient, emulator: Emulator, clock: FakeClock
) -> None:
    """--check exports the target's file and refuses it when flow check finds an error
    (under the policy given)."""
    broken = BROKEN.read_text(encoding="utf-8")
    broken = broken.replace("Acme After Hours", MAIN)
    with emulator.store.lock:
        import_flow(emulator.store, broken, user_actor("bo@example.com"), clock.time())
    switch_flow(client, MAIN, "2.0")
    with pytest.raises(ValidationError) as caught:
        switch_flow(client, MAIN, "3.0", check_first=True, policy=STRICT)
    assert [p.rule for p in caught.value.problems] == ["transfer-no-failure-path"]
    assert caught.value.problems[0].file == "Acme Main IVR v3.0"
    assert published_content(emulator.store, MAIN) == "2.0"


def test_check_passes_a_clean_version(client: GenesysClient, emulator: Emulator) -> None:
    """A version without errors is published after the check; one export job ran."""
    assert switch_flow(client, MAIN, "1.0", check_first=True).checked
    assert emulator.count("POST", "/api/v2/flows/export/jobs") == 1


def test_a_failed_publish_operation_raises_with_the_orgs_message(
    client: GenesysClient, emulator: Emulator
) -> None:
    """The Operation ends FAILURE (a queue 1.0 uses is gone): JobFailedError says which."""
    billing = emulator.find("queue", "Billing")
    assert billing is not None
    emulator.delete("queue", billing["id"])
    with pytest.raises(JobFailedError) as caught:
        switch_flow(client, MAIN, "1.0")
    assert "flow 'Acme Main IVR' (a copy of v1.0)" in str(caught.value)
    assert "queue named 'Billing'" in str(caught.value)
    assert _published(emulator) == "2.0"


def test_a_colleagues_lock_refuses_the_switch(
    client: GenesysClient, emulator: Emulator, clock: FakeClock
) -> None:
    """LockedError before publishing, naming who holds the flow."""
    lock_flow(emulator.store, MAIN, by="ana@example.com", now=clock.time())
    with pytest.raises(LockedError, match=r"ana@example\.com"):
        switch_flow(client, MAIN, "1.0")
    assert emulator.count("POST", PUBLISH) == 0


def test_faults_while_polling_the_operation_are_retried(
    client: GenesysClient, emulator: Emulator
) -> None:
    """502s and dropped answers on the flow GET are retried; the switch completes."""
    emulator.faults = "502[GET /api/v2/flows/*]=0.3,drop[GET /api/v2/flows/*]=0.1,seed=11"
    assert switch_flow(client, MAIN, "1.0").changed
    assert published_content(emulator.store, MAIN) == "1.0"
    assert emulator.injected


def test_rollback_restores_what_the_last_deploy_replaced(
    client: GenesysClient, emulator: Emulator
) -> None:
    """After a deploy (3.0), rollback publishes 2.0 again; a second rollback goes to 3.0."""
    deploy_flow(client, (EXAMPLES / "main-ivr.yaml").read_text(encoding="utf-8"), force=True)
    first = rollback_flow(client, MAIN, reason="3.0 misroutes billing")
    assert (first.from_version, first.to_version) == ("3.0", "2.0")
    assert rollback_flow(client, MAIN).to_version == "3.0"


def test_rollback_without_history_is_not_found(client: GenesysClient) -> None:
    """Acme Hold was only ever published at 1.0: nothing to roll back to."""
    with pytest.raises(MissingError, match="no earlier published version"):
        rollback_flow(client, "Acme Hold")
