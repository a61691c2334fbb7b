"""The emulator on a loopback socket: a tiny ASGI adapter over the handler, run by uvicorn.

Separate processes pointed at ``GENESYSCLOUD_API_URL=http://127.0.0.1:N`` share one org.
Injected faults are real on the socket: latency is a real wait, a drop sends the status
line and headers then closes the connection mid-body, and a timeout holds the request
until the client gives up and disconnects.

The listening socket is bound before the server starts, so the port (``--port 0`` picks a
free one) is known at once and early connections wait in the backlog; ``ready`` fires once
uvicorn accepts connections.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

import uvicorn

from cxgate.emulator.app import Emulator
from cxgate.emulator.faults import Fault
from cxgate.emulator.wire import Call, Reply

__all__ = ["AsgiEmulator", "EmulatorServer"]

Scope = dict[str, Any]
Receive = Callable[[], Any]
Send = Callable[[dict[str, Any]], Any]

_DROP_LOG = "ASGI callable returned without completing response"


class _QuietInjectedDrops(logging.Filter):
    """uvicorn logs an error for every response we cut short on purpose; hide those."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(_DROP_LOG)


class AsgiEmulator:
    """An ASGI 3 application answering with an Emulator (HTTP only, no lifespan)."""

    def __init__(self, emulator: Emulator, *, hold_limit: float = 300.0) -> None:
        self.emulator = emulator
        self._hold_limit = hold_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        call = _call_from_scope(scope, await _read_body(receive))
        outcome = await asyncio.to_thread(self.emulator.process, call)
        if outcome.reply is not None:
            await _send_reply(send, outcome.reply)
        elif outcome.fault is not None and outcome.fault.kind == "timeout":
            await self._hold_until_client_leaves(receive, send)
        else:
            await _drop(send, outcome.fault)

    async def _hold_until_client_leaves(self, receive: Receive, send: Send) -> None:
        """A timeout: say nothing until the client disconnects (or the hold limit passes)."""
        try:
            await asyncio.wait_for(_disconnected(receive), self._hold_limit)
        except TimeoutError:
            await _drop(send, None)


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def _disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


def _call_from_scope(scope: Scope, body: bytes) -> Call:
    headers: dict[str, str] = {}
    for raw_name, raw_value in scope["headers"]:
        name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
        headers[name] = f"{headers[name]},{value}" if name in headers else value
    query = tuple(parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True))
    return Call(scope["method"], scope["path"], query, headers, body)


async def _send_reply(send: Send, reply: Reply) -> None:
    content = reply.content()
    headers = [(k.lower().encode(), v.encode()) for k, v in reply.headers]
    if content and not any(name == b"content-type" for name, _ in headers):
        headers.append((b"content-type", b"application/json"))
    headers.append((b"content-length", str(len(content)).encode()))
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    await send({"type": "http.response.body", "body": content})


async def _drop(send: Send, fault: Fault | None) -> None:
    """Promise a body, send none, and return: uvicorn closes the connection mid-response,
    which the client sees as a protocol error (``httpx.RemoteProtocolError``)."""
    status = fault.status if fault is not None and fault.status else 502
    headers = [(b"content-type", b"application/json"), (b"content-length", b"64")]
    await send({"type": "http.response.start", "status": status, "headers": headers})


class _Server(uvicorn.Server):
    """uvicorn's server, telling us when it accepts connections."""

    def __init__(self, config: uvicorn.Config, on_ready: Callable[[], None]) -> None:
        super().__init__(config)
        self._on_ready = on_ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started:
            self._on_ready()


class EmulatorServer:
    """Serve an Emulator on ``host:port`` (127.0.0.1 and a free port by default).

    In a test: ``with EmulatorServer(Emulator()) as server: httpx.get(server.url + ...)``.
    From the CLI: ``serve_forever()`` in the main thread, so Ctrl-C stops it.
    """

    def __init__(
        self,
        emulator: Emulator,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        on_ready: Callable[[str], None] | None = None,
    ) -> None:
        self.emulator = emulator
        self._socket = _listen(host, port)
        self.host, self.port = self._socket.getsockname()[:2]
        self._ready = threading.Event()
        self._on_ready = on_ready
        config = uvicorn.Config(
            AsgiEmulator(emulator),
            http="h11",
            lifespan="off",
            log_config=None,
            access_log=False,
            server_header=False,
            timeout_graceful_shutdown=2,
        )
        self._server = _Server(config, self._mark_ready)
        self._thread: threading.Thread | None = None
        logging.getLogger("uvicorn.error").addFilter(_QuietInjectedDrops())

    @property
    def url(self) -> str:
        """The base URL clients use (``GENESYSCLOUD_API_URL``)."""
        return f"http://{self.host}:{self.port}"

    def _mark_ready(self) -> None:
        self._ready.set()
        if self._on_ready is not None:
            self._on_ready(self.url)

    def serve_forever(self) -> None:
        """Serve until stopped (Ctrl-C in the main thread, or ``stop()``)."""
        try:
            self._server.run(sockets=[self._socket])
        finally:
            self._socket.close()

    def start(self, timeout: float = 30.0) -> None:
        """Serve in a background thread; return once connections are accepted."""
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            self.stop()
            raise RuntimeError(f"emulator server on {self.url} did not start in {timeout} s")

    def stop(self) -> None:
        """Ask the server to finish and wait for its thread."""
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join()

    def __enter__(self) -> EmulatorServer:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto must say TCP: asyncio only sets TCP_NODELAY on accepted sockets whose proto is
    # IPPROTO_TCP, and without it Nagle + delayed ACK add ~40 ms to every response.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.listen(128)
    return sock
