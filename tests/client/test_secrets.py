"""The client secret and tokens never reach logs, reprs or exception messages.

A real session over a loopback socket (so httpx and httpcore log what they really log),
with DEBUG logging of every logger written to a file, and errors of every kind triggered;
then the file, and the repr/str of everything the caller can hold, are searched.
"""

from __future__ import annotations

import base64
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from client_fakes import CLIENT_ID, SECRET, FakeGenesys, error

from cxgate.client import GenesysClient, RetryPolicy
from cxgate.clock import FakeClock
from cxgate.errors import AuthError
from cxgate.settings import Settings

ME = "/api/v2/organizations/me"


def serve(fake: FakeGenesys) -> tuple[ThreadingHTTPServer, str]:
    """Put the fake on 127.0.0.1 behind a real HTTP server."""

    class Handler(BaseHTTPRequestHandler):
        def _any(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            request = httpx.Request(
                self.command,
                f"http://127.0.0.1{self.path}",
                headers=dict(self.headers.items()),
                content=self.rfile.read(length),
            )
            response = fake(request)
            self.send_response(response.status_code)
            for name, value in response.headers.items():
                if name.lower() not in ("content-length", "transfer-encoding"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.content)))
            self.end_headers()
            self.wfile.write(response.content)

        do_GET = do_PUT = do_POST = do_DELETE = _any  # noqa: N815 - http.server's names

        def log_message(self, format: str, *args: object) -> None:
            logging.getLogger("test.server").debug(format, *args)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


class EverythingFormatter(logging.Formatter):
    """The message plus every attribute of the record (``extra=`` fields included)."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{record.name} {super().format(record)} {vars(record)!r}"


@pytest.fixture
def debug_log(tmp_path: Path) -> Iterator[Path]:
    """Every logger at DEBUG into a file, for the length of the test."""
    path = tmp_path / "run.log"
    handler = logging.FileHandler(path)
    handler.setFormatter(EverythingFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield path
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        handler.close()


def test_no_secret_anywhere(debug_log: Path, clock: FakeClock) -> None:
    """Secret, Basic credentials and every token are absent from all output of a full run."""
    fake = FakeGenesys(clock)
    fake.api_host = "127.0.0.1"
    server, url = serve(fake)
    outputs: list[str] = []
    try:
        fake.route(
            "GET",
            ME,
            [
                error(429, **{"Retry-After": "1"}),
                error(503),
                httpx.Response(200, json={"id": "org"}),
            ],
        )
        fake.route("PUT", ME, [error(400, "Version 1 does not match the current version 2")])
        fake.route("POST", ME, [error(503)])
        settings = Settings.for_url(url, CLIENT_ID, SECRET)
        with GenesysClient(settings, clock=clock, retry=RetryPolicy(attempts=3)) as client:
            client.get(ME)
            fake.valid.clear()  # force a 401 and a replay with a new token
            for call in (
                lambda: client.put(ME, {"version": 1}),
                lambda: client.post(ME, {}),
                lambda: client.get("/api/v2/missing"),
            ):
                with pytest.raises(Exception) as info:  # noqa: PT011 - any error, we read it
                    call()
                outputs += [str(info.value), repr(info.value)]
            outputs += [
                repr(client),
                str(client),
                repr(client.tokens),
                repr(client.stats),
                repr(client._api.auth),
                repr(settings),
                str(settings),
            ]
        wrong = Settings.for_url(url, CLIENT_ID, "wrong-" + SECRET)
        with GenesysClient(wrong, clock=clock) as bad, pytest.raises(AuthError) as refused:
            bad.get(ME)
        outputs += [str(refused.value), repr(refused.value)]
    finally:
        server.shutdown()
        server.server_close()

    log = debug_log.read_text()
    assert "HTTP Request: PUT" in log  # the log really captured the run
    assert len(fake.issued) >= 2
    basic = base64.b64encode(f"{CLIENT_ID}:{SECRET}".encode()).decode()
    everything = "\n".join([log, *outputs])
    for secret in (SECRET, basic, *fake.issued):
        assert secret not in everything
