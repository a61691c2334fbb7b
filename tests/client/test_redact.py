"""Presigned URLs in logs: the signed query is redacted, everything else stays readable."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest
from tests.flow.helpers import EXAMPLES

from cxgate.client.redact import RedactingFilter, protect_http_logs, redact
from cxgate.emulator import Emulator
from cxgate.emulator.serve import EmulatorServer

S3 = (
    "https://bucket.s3.amazonaws.com/import/j1.yaml?X-Amz-Algorithm=AWS4-HMAC-SHA256"
    "&X-Amz-Credential=AKIAEXAMPLE%2F20250101&X-Amz-Security-Token=FQoGZXIvYXdzEJr"
    "&X-Amz-Signature=4f1e2d3c"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f'HTTP Request: PUT {S3} "HTTP/1.1 200 OK"',
         'HTTP Request: PUT https://bucket.s3.amazonaws.com/import/j1.yaml?<redacted> '
         '"HTTP/1.1 200 OK"'),
        ("GET https://x.blob.core.windows.net/f?sv=2024&sig=abc%3D done",
         "GET https://x.blob.core.windows.net/f?<redacted> done"),
        ("GET https://api.mypurecloud.com/api/v2/routing/queues?pageSize=500&name=Sales",
         "GET https://api.mypurecloud.com/api/v2/routing/queues?pageSize=500&name=Sales"),
        ("no url here? none", "no url here? none"),
    ],
    ids=["s3", "azure-sas", "api-query-kept", "no-url"],
)  # fmt: skip
def test_redact(text: str, expected: str) -> None:
    """Signed queries go, API paging queries stay."""
    assert redact(text) == expected


def test_the_filter_rewrites_records_and_keeps_them() -> None:
    """A record with a signed URL in its arguments is rewritten, never dropped."""
    record = logging.LogRecord(
        "httpx", logging.INFO, "f", 1, "HTTP Request: %s %s", ("PUT", S3), None
    )
    assert RedactingFilter().filter(record)
    assert record.getMessage().endswith("j1.yaml?<redacted>")
    assert "4f1e2d3c" not in record.getMessage()


def test_clients_guard_the_http_loggers_once() -> None:
    """protect_http_logs is idempotent: one filter per logger however many clients."""
    protect_http_logs()
    protect_http_logs()
    for name in ("httpx", "httpcore"):
        filters = logging.getLogger(name).filters
        assert sum(isinstance(f, RedactingFilter) for f in filters) == 1


def test_deploy_with_vv_never_logs_a_signature(tmp_path: object) -> None:
    """``cxgate -vv flow deploy`` over a real socket: the upload and download URLs are logged
    with their signed query redacted, on every line."""
    with EmulatorServer(Emulator(seed="demo", rate_limit=0)) as server:
        env = {
            **{
                k: v for k, v in os.environ.items() if not k.startswith(("GENESYSCLOUD_", "CXGATE"))
            },
            "GENESYSCLOUD_API_URL": server.url,
            "GENESYSCLOUD_OAUTHCLIENT_ID": "log-test",
            "GENESYSCLOUD_OAUTHCLIENT_SECRET": "log-secret",
        }
        result = subprocess.run(
            [sys.executable, "-c", "from cxgate.cli.main import main; main()", "-vv",
             "flow", "deploy", str(EXAMPLES / "main-ivr.yaml"), "--force"],
            capture_output=True, text=True, env=env, check=False, timeout=120,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    presigned = [line for line in result.stderr.splitlines() if "/presigned/" in line]
    assert any("PUT" in line for line in presigned)
    assert presigned
    assert all("?<redacted>" in line for line in presigned)
    assert "X-Amz-Signature" not in result.stderr
