"""Architect import and export jobs, with the presigned upload and download they hand out."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import httpx
import pytest

from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.emulator.architect.editor import find_flow, lock_flow

JOBS = "/api/v2/flows/jobs"
EXPORTS = "/api/v2/flows/export/jobs"
EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "bundle" / "flows"
MAIN = (EXAMPLES / "main-ivr.yaml").read_text(encoding="utf-8")


def _register(api: httpx.Client) -> dict[str, Any]:
    response = api.post(JOBS, json={})
    assert response.status_code == 200, response.text
    job: dict[str, Any] = response.json()
    return job


def _upload(emulator: Emulator, job: dict[str, Any], text: str, **headers: str) -> httpx.Response:
    """PUT to the presigned URL as a storage client would: no bearer token."""
    with httpx.Client(transport=httpx.MockTransport(emulator)) as storage:
        return storage.put(
            job["presignedUrl"], content=text.encode(), headers={**job["headers"], **headers}
        )


def _finish(api: httpx.Client, path: str) -> dict[str, Any]:
    for _ in range(5):
        state: dict[str, Any] = api.get(path, params={"expand": "messages"}).json()
        if state["status"] in ("Success", "Failure"):
            return state
    raise AssertionError(f"{path} did not finish: {state}")


def _deploy(api: httpx.Client, emulator: Emulator, text: str) -> dict[str, Any]:
    job = _register(api)
    assert _upload(emulator, job, text).status_code == 200
    return _finish(api, f"{JOBS}/{job['id']}")


def test_import_job_goes_registered_started_success(api: httpx.Client, emulator: Emulator) -> None:
    """Registered until the upload, Started after it, then Success with a new version."""
    job = _register(api)
    assert job["presignedUrl"].startswith("https://api.mypurecloud.com/presigned/")
    path = f"{JOBS}/{job['id']}"
    assert api.get(path).json()["status"] == "Registered"
    _upload(emulator, job, MAIN)
    assert api.get(path).json()["status"] == "Started"
    done = _finish(api, path)
    assert (done["status"], done["command"], done["messages"]) == ("Success", "Publish", [])
    flow = api.get(done["flow"]["selfUri"]).json()
    assert flow["publishedVersion"]["id"] == "3.0"
    assert flow["publishedVersion"]["createdByClient"]["id"] == "cxgate-test"


def test_import_creates_a_new_flow_and_its_dependency_rows(
    api: httpx.Client, emulator: Emulator
) -> None:
    """A flow the org lacks is created in its division, published, its queues recorded."""
    text = (EXAMPLES.parents[1] / "broken-flows" / "after-hours.yaml").read_text(encoding="utf-8")
    done = _deploy(api, emulator, text.replace("Acme After Hours", "Acme Night Line"))
    assert done["status"] == "Success", done
    flow = find_flow(emulator.store, "Acme Night Line")
    rows = [
        r for r in emulator.store.table("flow_dependencies").values() if r["flowId"] == flow["id"]
    ]
    assert [(r["version"], r["published"], r["objectType"]) for r in rows] == [
        ("1.0", True, "INBOUNDCALLFLOW")
    ]
    queues = [c["name"] for c in rows[0]["consumed"] if c["type"] == "QUEUE"]
    assert queues == ["After Hours", "Spanish Support", "Billing"]


def test_a_new_version_unpublishes_the_old_rows(api: httpx.Client, emulator: Emulator) -> None:
    """Only the newest published version's row counts as published."""
    _deploy(api, emulator, MAIN)
    flow_id = find_flow(emulator.store, "Acme Main IVR")["id"]
    rows = emulator.store.table("flow_dependencies")
    assert {v: rows[f"{flow_id}:{v}"]["published"] for v in ("1.0", "2.0", "3.0")} == {
        "1.0": False,
        "2.0": False,
        "3.0": True,
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("inboundCall: [\n", "Unable to read the flow file"),
        ("hello: {name: x}\n", "not an Archy flow kind"),
        ("inboundCall:\n  division: Home\n", "has no 'name'"),
        (MAIN.replace("Support - Tier 1", "Support"), "Unable to find a queue named 'Support'"),
        (MAIN.replace("division: Home", "division: Nowhere"), "division named 'Nowhere'"),
        (MAIN.replace("task[Check Hours_10]", "task[Missing_1]"), "Validation error at line 5"),
        (MAIN.replace("name: Billing\n", "name: {{billingQueue}}\n"), "billingQueue"),
        ("", "No flow file was uploaded"),
    ],
)
def test_import_failures_carry_archy_like_messages(
    api: httpx.Client, emulator: Emulator, text: str, message: str
) -> None:
    """Bad YAML, no name, unknown queues or divisions, broken references: Failure + why."""
    done = _deploy(api, emulator, text) if text else _empty_upload(api, emulator)
    assert done["status"] == "Failure"
    assert done["messages"][0]["type"] == "Error"
    assert message in " ".join(m["text"] for m in done["messages"])
    assert find_flow(emulator.store, "Acme Main IVR")["publishedVersion"]["id"] == "2.0"


def _empty_upload(api: httpx.Client, emulator: Emulator) -> dict[str, Any]:
    job = _register(api)
    _upload(emulator, job, "")
    return _finish(api, f"{JOBS}/{job['id']}")


def test_import_refuses_a_flow_locked_by_a_colleague(
    api: httpx.Client, emulator: Emulator, clock: FakeClock
) -> None:
    """The job fails naming who holds the lock; nothing is published."""
    lock_flow(emulator.store, "Acme Main IVR", by="ana@example.com", now=clock.time())
    done = _deploy(api, emulator, MAIN)
    assert done["status"] == "Failure"
    assert "locked by user ana@example.com" in done["messages"][0]["text"]


def test_messages_only_with_expand(api: httpx.Client, emulator: Emulator) -> None:
    """``messages`` appear only with ``expand=messages``."""
    job = _register(api)
    assert "messages" not in api.get(f"{JOBS}/{job['id']}").json()
    assert api.get(f"{JOBS}/unknown").status_code == 404


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"signature": "forged"}, "SignatureDoesNotMatch"),
        ({"header": ("x-amz-server-side-encryption", "aws:kms")}, "SignatureDoesNotMatch"),
    ],
)
def test_upload_needs_the_signature_and_the_exact_headers(
    api: httpx.Client, emulator: Emulator, change: dict[str, Any], code: str
) -> None:
    """A forged signature or a header that differs from what was returned is 403."""
    job = _register(api)
    if "signature" in change:
        job["presignedUrl"] = job["presignedUrl"].rsplit("=", 1)[0] + "=forged"
    else:
        name, value = change["header"]
        job["headers"] = {**job["headers"], name: value}
    response = _upload(emulator, job, MAIN)
    assert (response.status_code, response.json()["code"]) == (403, code)
    assert api.get(f"{JOBS}/{job['id']}").json()["status"] == "Registered"


def test_a_retried_upload_is_harmless_but_another_file_is_refused(
    api: httpx.Client, emulator: Emulator
) -> None:
    """The same file again is accepted (a retry); a different one is 409."""
    job = _register(api)
    _upload(emulator, job, MAIN)
    assert _upload(emulator, job, MAIN).status_code == 200
    assert _upload(emulator, job, MAIN + "\n# changed\n").status_code == 409


def test_presigned_urls_need_no_token_and_count_no_budget(emulator: Emulator) -> None:
    """Storage calls are not API calls: no token, no inin-ratelimit headers."""
    with httpx.Client(transport=httpx.MockTransport(emulator)) as storage:
        response = storage.get("https://api.mypurecloud.com/presigned/architect/export/nope")
    assert response.status_code == 404
    assert "inin-ratelimit-count" not in response.headers


def test_upload_faults_are_injectable(api: httpx.Client, emulator: Emulator) -> None:
    """A fault scoped to the presigned path fails the upload like a flaky store would."""
    emulator.faults = "503[PUT /presigned/*]=1.0"
    job = _register(api)
    assert _upload(emulator, job, MAIN).status_code == 503


def _export(api: httpx.Client, flows: list[dict[str, Any]]) -> dict[str, Any]:
    registered = api.post(EXPORTS, json={"flows": flows})
    assert registered.status_code == 200, registered.text
    assert registered.json()["totalFlows"] == len(flows)
    return _finish(api, f"{EXPORTS}/{registered.json()['id']}")


def test_export_gives_back_each_versions_file(api: httpx.Client, emulator: Emulator) -> None:
    """One flow downloads as its YAML; the version asked for, else the published one."""
    flow_id = find_flow(emulator.store, "Acme Main IVR")["id"]
    done = _export(api, [{"flow": {"id": flow_id}}])
    with httpx.Client(transport=httpx.MockTransport(emulator)) as storage:
        published = storage.get(done["downloadUrl"])
        old = storage.get(
            _export(api, [{"flow": {"id": flow_id, "version": "1.0"}}])["downloadUrl"]
        )
    assert published.text == MAIN
    assert published.headers["content-type"] == "text/yaml"
    assert "no billing sub-menu" in old.text


def test_export_of_several_flows_is_a_zip(api: httpx.Client, emulator: Emulator) -> None:
    """Several flows (by id, or by name and type) download as one zip; Architect is JSON."""
    done = _export(
        api,
        [
            {"flow": {"name": "Acme Hold", "type": "INQUEUECALL"}, "fileName": "hold.yaml"},
            {"flow": {"name": "Acme Main IVR", "type": "INBOUNDCALL"}, "exportType": "Architect"},
        ],
    )
    with httpx.Client(transport=httpx.MockTransport(emulator)) as storage:
        content = storage.get(done["downloadUrl"]).content
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert names == ["hold.yaml", "Acme_Main_IVR_v2-0.json"]


@pytest.mark.parametrize(
    ("flows", "message"),
    [
        ([{"flow": {"id": "nope"}}], "Unable to find flow 'nope'"),
        (
            [{"flow": {"name": "Acme Hold", "type": "INQUEUECALL", "version": "7.0"}}],
            "no version 7.0",
        ),
    ],
)
def test_export_failures(
    api: httpx.Client, emulator: Emulator, flows: list[dict[str, Any]], message: str
) -> None:
    """An unknown flow or version fails the job with a message; there is nothing to download."""
    done = _export(api, flows)
    assert done["status"] == "Failure"
    assert "downloadUrl" not in done
    assert message in done["messages"][0]["text"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"flows": []},
        {"flows": [{"flow": {"name": "x"}}]},
        {"flows": [{"flow": {"id": "x"}, "exportType": "Zip"}]},
    ],
)
def test_export_bodies_the_api_refuses(api: httpx.Client, body: dict[str, Any]) -> None:
    """No flows, a flow without id or name+type, or an unknown exportType: 400."""
    assert api.post(EXPORTS, json=body).status_code == 400
