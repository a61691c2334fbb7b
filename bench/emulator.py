"""How fast the emulator answers, beside a do-nothing peer, in-process and on a socket.

The emulator must never be what a benchmark of the client measures: at the real budget of
300 calls a minute (5 per second) every path here should be orders of magnitude faster.
Compared side by side in one run: a bare ``httpx.MockTransport`` handler returning the same
bytes (the floor), the emulator in-process, and the emulator over loopback with uvicorn.

Run: ``.venv/bin/python bench/emulator.py``. The last line is one JSON object of figures.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable

import httpx

from cxgate.clock import FakeClock
from cxgate.emulator import Emulator
from cxgate.emulator.serve import EmulatorServer

QUEUES = 5000
PAGE = 500
REPEATS = 5


def _login(client: httpx.Client) -> httpx.Client:
    grant = client.post("/oauth/token", data={"grant_type": "client_credentials"}, auth=("b", "b"))
    client.headers["Authorization"] = f"Bearer {grant.json()['access_token']}"
    return client


def _list_all(client: httpx.Client) -> int:
    count, page, pages = 0, 1, 1
    while page <= pages:
        body = client.get("/api/v2/routing/queues", params={"pageSize": PAGE, "pageNumber": page})
        data = body.json()
        count += len(data["entities"])
        page, pages = page + 1, data["pageCount"]
    return count


def _put_many(client: httpx.Client, queue_id: str, times: int) -> None:
    body = client.get(f"/api/v2/routing/queues/{queue_id}").json()
    for i in range(times):
        body["description"] = f"edit {i}"
        client.put(f"/api/v2/routing/queues/{queue_id}", json=body).raise_for_status()


def _best(run: Callable[[], object]) -> float:
    """The fastest of a few runs, in seconds (least disturbed by other load)."""
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times) if times else statistics.mean(times)


def _floor_client(emulator: Emulator) -> httpx.Client:
    """A peer that only returns canned bytes: what httpx itself costs per page."""
    page = _login(httpx.Client(transport=httpx.MockTransport(emulator), base_url="http://e"))
    canned = page.get("/api/v2/routing/queues", params={"pageSize": PAGE}).content
    headers = {"content-type": "application/json"}
    last = json.loads(canned)
    last["pageCount"] = QUEUES // PAGE
    body = json.dumps(last).encode()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=headers, content=body if request.method else canned)

    return httpx.Client(transport=httpx.MockTransport(handler), base_url="http://floor")


def main() -> None:
    """Measure and print the table, then the JSON line."""
    emulator = Emulator(seed=f"generated:queues={QUEUES}", rate_limit=0, clock=FakeClock())
    queue_id = next(iter(emulator.store.table("queues")))
    inprocess = _login(httpx.Client(transport=httpx.MockTransport(emulator), base_url="http://e"))
    floor = _floor_client(emulator)
    figures: dict[str, float] = {
        "floor_list_s": _best(lambda: _list_all(floor)),
        "inprocess_list_s": _best(lambda: _list_all(inprocess)),
        "inprocess_put_100_s": _best(lambda: _put_many(inprocess, queue_id, 100)),
    }
    with EmulatorServer(emulator) as server:
        socket_client = _login(httpx.Client(base_url=server.url))
        figures["socket_list_s"] = _best(lambda: _list_all(socket_client))
        figures["socket_put_100_s"] = _best(lambda: _put_many(socket_client, queue_id, 100))
        socket_client.close()
    figures["inprocess_vs_floor"] = figures["inprocess_list_s"] / figures["floor_list_s"]
    figures["socket_vs_inprocess_list"] = figures["socket_list_s"] / figures["inprocess_list_s"]
    figures["inprocess_calls_per_s_put"] = 100 / figures["inprocess_put_100_s"]
    figures["socket_calls_per_s_put"] = 100 / figures["socket_put_100_s"]
    _print(figures)


def _print(figures: dict[str, float]) -> None:
    pages = QUEUES // PAGE
    rows = [
        (f"list {QUEUES} queues ({pages} pages of {PAGE})", "floor (canned bytes)", "floor_list_s"),
        ("", "emulator in-process", "inprocess_list_s"),
        ("", "emulator on loopback", "socket_list_s"),
        ("100 queue PUTs (full body)", "emulator in-process", "inprocess_put_100_s"),
        ("", "emulator on loopback", "socket_put_100_s"),
    ]
    print(f"{'workload':<40} {'peer':<24} {'best of ' + str(REPEATS):>12}")
    for workload, peer, key in rows:
        print(f"{workload:<40} {peer:<24} {figures[key] * 1000:>9.1f} ms")
    print(
        f"ratios: in-process / floor = {figures['inprocess_vs_floor']:.1f}x, "
        f"loopback / in-process = {figures['socket_vs_inprocess_list']:.1f}x; "
        f"PUTs per second: {figures['inprocess_calls_per_s_put']:.0f} in-process, "
        f"{figures['socket_calls_per_s_put']:.0f} on loopback (real budget: 5 per second)"
    )
    print(json.dumps({k: round(v, 4) for k, v in figures.items()}, sort_keys=True))


if __name__ == "__main__":
    main()
