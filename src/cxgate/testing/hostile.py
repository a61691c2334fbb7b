"""A hostile "Genesys" on a real loopback socket: HTML pages, empty bodies, broken JSON, drips.

``HostileServer(answer)`` mints tokens at ``/oauth/token`` like Genesys (unless told not to)
and answers every other request with ``answer(method, path)``: an ``Answer`` with a status,
body and content type, optionally dripped ``drip`` bytes at a time with ``pause`` seconds
between them (headers included when ``drip_headers``), as a slow or stalled proxy would.
A dripping handler stops as soon as the client hangs up.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["Answer", "HostileServer", "json_answer", "unreachable_url"]


@dataclass(frozen=True)
class Answer:
    """One HTTP answer; ``pause`` > 0 drips it ``drip`` bytes at a time."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    pause: float = 0.0
    drip: int = 1
    drip_headers: bool = False


def json_answer(data: Any, status: int = 200) -> Answer:
    return Answer(status, json.dumps(data).encode())


Script = Callable[[str, str], Answer]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests read what matters from ``HostileServer.requests``."""

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def do_PUT(self) -> None:
        self._answer()

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("content-length") or 0))
        path = self.path.split("?")[0]
        self.server.requests.append((self.command, path))
        if path == "/oauth/token" and self.server.tokens:
            answer = json_answer({"access_token": "tok-hostile", "expires_in": 3600})
        else:
            answer = self.server.script(self.command, path)
        self._send(answer)

    def _send(self, answer: Answer) -> None:
        head = (
            f"HTTP/1.1 {answer.status} X\r\ncontent-type: {answer.content_type}\r\n"
            f"content-length: {len(answer.body)}\r\n\r\n"
        ).encode()
        if answer.pause <= 0:
            self.wfile.write(head + answer.body)
            return
        if not answer.drip_headers:
            self.wfile.write(head)
            head = b""
        self._drip(head + answer.body, answer)

    def _drip(self, data: bytes, answer: Answer) -> None:
        try:
            for start in range(0, len(data), answer.drip):
                self.wfile.write(data[start : start + answer.drip])
                self.wfile.flush()
                if self.server.stopping.wait(answer.pause):
                    return
        except OSError:  # the client gave up: what a deadline is for
            self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, script: Script, tokens: bool) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script, self.tokens = script, tokens
        self.requests: list[tuple[str, str]] = []
        self.stopping = threading.Event()


class HostileServer:
    """``with HostileServer(script) as server:`` then point a client at ``server.url``."""

    def __init__(self, script: Script, *, tokens: bool = True) -> None:
        self._server = _Server(script, tokens)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def requests(self) -> list[tuple[str, str]]:
        return list(self._server.requests)

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


def unreachable_url() -> str:
    """A loopback URL nothing listens on (a free port, bound and released again)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
