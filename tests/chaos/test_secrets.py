"""Canary secrets never leave the process, and TLS verification cannot be turned off.

The canary run hands a client secret, a webhook key and a database password (the tokens the
org mints are canaries too) to real `cxgate` processes at -vv, then searches every byte
they wrote: output, process titles, files, state-store rows. The full run (every command,
every verbosity) is in bench/chaos.py.
"""

from __future__ import annotations

import os
import shutil
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from cxgate.testing.chaos.canary import run_canaries

CXGATE = Path(sys.executable).parent / "cxgate"
SRC = Path(__file__).resolve().parents[2] / "src" / "cxgate"


def test_no_canary_in_anything_a_run_writes() -> None:
    found = run_canaries(verbosities=(("-vv",),), quick=True)
    assert found.canary_hits == 0, found.hits
    assert found.tokens >= 2  # a refused login and several runs: real tokens were searched
    assert found.tracebacks == 0
    assert 1 in found.exit_codes  # the failing apply and the refused login were tried
    assert found.bytes_searched > 10_000


class _Hello(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.send_response(200)
        self.send_header("content-length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    do_GET = do_POST  # noqa: N815 - http.server's name

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def self_signed(tmp_path: Path) -> Iterator[str]:
    """An HTTPS server on 127.0.0.1 whose certificate nobody signed."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hello)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _org_show(url: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GENESYSCLOUD_", "CXGATE_"))}
    env |= {
        "GENESYSCLOUD_API_URL": url,
        "GENESYSCLOUD_OAUTHCLIENT_ID": "tls",
        "GENESYSCLOUD_OAUTHCLIENT_SECRET": "tls-secret",
        **extra,
    }
    return subprocess.run(
        [str(CXGATE), "org", "show"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_an_unsigned_certificate_is_refused_whatever_the_environment_says(
    self_signed: str,
) -> None:
    """The switches other tools read to skip verification change nothing."""
    done = _org_show(
        self_signed,
        PYTHONHTTPSVERIFY="0",
        CURL_CA_BUNDLE="",
        REQUESTS_CA_BUNDLE="",
        CXGATE_INSECURE="1",
        CXGATE_VERIFY="false",
        CXGATE_TLS_VERIFY="0",
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "CERTIFICATE_VERIFY_FAILED" in done.stderr or "certificate" in done.stderr.lower()
    assert "Traceback" not in done.stderr


def test_plain_http_to_another_machine_is_refused_before_any_connection() -> None:
    done = _org_show("http://10.255.255.1")
    assert done.returncode == 1
    assert "plain http to another machine" in done.stderr
    assert "Traceback" not in done.stderr


def test_no_code_turns_verification_off() -> None:
    """Nothing in cxgate passes verify=False or builds an unverified SSL context."""
    sources = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py"))
    for switch in ("verify=False", "CERT_NONE", "_create_unverified_context", "check_hostname ="):
        assert switch not in sources, switch
