"""The in-process transport: ``httpx.Request`` in, ``httpx.Response`` (or a network error) out.

Injected connection faults become the exceptions httpx raises for the real thing: a drop is
``RemoteProtocolError``, a refused connection ``ConnectError``, a timeout ``ReadTimeout``
after waiting the client's read timeout on the injected clock.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from cxgate.clock import Clock
from cxgate.emulator.faults import Fault
from cxgate.emulator.wire import Call, Reply

__all__ = ["Outcome", "call_from_httpx", "to_httpx"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the emulator decided for a call: a reply, and the fault injected (if any).
    ``reply`` is None when the connection fails instead of answering."""

    reply: Reply | None
    fault: Fault | None = None


def call_from_httpx(request: httpx.Request) -> Call:
    """The transport-neutral view of an httpx request (reads its body)."""
    headers = {k.lower(): v for k, v in request.headers.items()}
    query = tuple(request.url.params.multi_items())
    return Call(request.method, request.url.path, query, headers, request.read())


def to_httpx(outcome: Outcome, request: httpx.Request, clock: Clock) -> httpx.Response:
    """The httpx response for an outcome, or the network error its fault stands for."""
    if outcome.reply is None:
        raise _connection_error(outcome.fault, request, clock)
    reply = outcome.reply
    headers = list(reply.headers)
    content = reply.content()
    if content and not any(name.lower() == "content-type" for name, _ in headers):
        headers.append(("Content-Type", "application/json"))
    return httpx.Response(reply.status, headers=headers, content=content, request=request)


def _connection_error(fault: Fault | None, request: httpx.Request, clock: Clock) -> Exception:
    kind = fault.kind if fault else "drop"
    if kind == "timeout":
        timeouts = request.extensions.get("timeout", {})
        clock.sleep(float(timeouts.get("read") or 0.0))
        return httpx.ReadTimeout("timed out (injected fault)", request=request)
    if kind == "refuse":
        return httpx.ConnectError(
            "[Errno 111] Connection refused (injected fault)", request=request
        )
    return httpx.RemoteProtocolError(
        "Server disconnected without sending a response (injected fault).", request=request
    )
