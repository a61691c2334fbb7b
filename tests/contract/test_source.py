"""Every API path written anywhere in src/cxgate exists in the SDK (with its method, when
the call site shows one). Covers the client and every future module automatically."""

from __future__ import annotations

from pathlib import Path

import pytest

import cxgate
from tests.contract.literals import ApiLiteral, api_literals, literals_in
from tests.contract.sdk import Sdk

SOURCE = Path(cxgate.__file__).parent


def _problem(sdk: Sdk, literal: ApiLiteral) -> str | None:
    path = literal.path.split("?", 1)[0]
    if "*" in path or path.endswith("/"):
        prefix = path.split("*", 1)[0]
        return None if sdk.has_prefix(prefix) else f"{literal}: no SDK path starts like this"
    if literal.method is not None:
        if sdk.operation(literal.method, path) is None:
            return f"{literal}: not an SDK operation"
        return None
    return None if sdk.has_path(path) else f"{literal}: not an SDK path"


def test_every_api_path_in_the_source_is_real(sdk: Sdk) -> None:
    """No module names an /api/v2 path (or method + path) the real API does not have."""
    literals = api_literals(SOURCE)
    assert len(literals) >= 10  # the scan sees the emulator's routes at least
    problems = [p for p in (_problem(sdk, lit) for lit in literals) if p]
    assert problems == []


SAMPLE = '''
def f(client, queue_id, code):
    """Docstring mentioning /api/v2/routing/queues is prose, not a path."""
    client.get("/api/v2/routing/queues", params={})
    client.put(f"/api/v2/routing/queues/{queue_id}", json={})
    client.request("PATCH", f"/api/v2/routing/queues/{queue_id}")
    client.get(f"/api/v2/architect/flows/{code}")
    return "/api/v2/routing/wrapupcodes/{codeId}"
'''


def test_scanner_reads_constants_fstrings_and_methods() -> None:
    """Constants and f-strings are found, with the method of the call around them."""
    found = [(lit.method, lit.path) for lit in literals_in(SAMPLE)]
    assert sorted(found, key=str) == sorted(
        [
            ("GET", "/api/v2/routing/queues"),
            ("PUT", "/api/v2/routing/queues/{}"),
            ("PATCH", "/api/v2/routing/queues/{}"),
            ("GET", "/api/v2/architect/flows/{}"),
            (None, "/api/v2/routing/wrapupcodes/{codeId}"),
        ],
        key=str,
    )


@pytest.mark.parametrize(
    ("method", "path", "bad"),
    [
        ("PATCH", "/api/v2/routing/queues/{}", True),
        ("PUT", "/api/v2/routing/queues/{}", False),
        ("GET", "/api/v2/architect/flows/{}", True),
        (None, "/api/v2/routing/wrapupcodes/{codeId}", False),
        (None, "/api/v2/routing/strategies", True),
        (None, "/api/v2/routing/*", False),
        (None, "/api/v3/*", True),
    ],
)
def test_invented_paths_and_methods_are_caught(
    sdk: Sdk, method: str | None, path: str, bad: bool
) -> None:
    """A wrong method on a real path, or a made-up path, is reported."""
    assert (_problem(sdk, ApiLiteral("x.py", 1, path, method)) is not None) is bad
