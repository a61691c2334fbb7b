"""Route declaration and matching."""

from __future__ import annotations

import pytest

from cxgate.emulator.router import Route, RouteGroup, Router
from cxgate.emulator.wire import Reply


def _handler(_: object) -> Reply:
    return Reply(200)


def test_variables_capture_one_segment() -> None:
    """{name} captures exactly one path segment; regex characters in literals are literal."""
    route = Route.build("GET", "/api/v2/a.b/{itemId}/x", _handler)
    match = route.pattern.match("/api/v2/a.b/42/x")
    assert match is not None
    assert match.groupdict() == {"itemId": "42"}
    assert route.pattern.match("/api/v2/aXb/42/x") is None
    assert route.pattern.match("/api/v2/a.b/4/2/x") is None


@pytest.mark.parametrize(
    ("method", "path", "template"),
    [
        ("GET", "/api/v2/things/special", "/api/v2/things/special"),
        ("GET", "/api/v2/things/other", "/api/v2/things/{thingId}"),
        ("DELETE", "/api/v2/things/other", None),
        ("GET", "/api/v2/things", None),
    ],
)
def test_literal_routes_win_over_variables(method: str, path: str, template: str | None) -> None:
    """A literal segment beats a variable whatever the declaration order; method matters."""
    group = RouteGroup()
    group.get("/api/v2/things/{thingId}")(_handler)
    group.get("/api/v2/things/special")(_handler)
    found = Router([group]).match(method, path)
    assert (found[0].template if found else None) == template


def test_every_verb_decorator_registers() -> None:
    """get/post/put/patch/delete each declare a route with that method."""
    group = RouteGroup()
    for verb in (group.get, group.post, group.put, group.patch, group.delete):
        verb("/api/v2/x")(_handler)
    assert [r.method for r in group.routes] == ["GET", "POST", "PUT", "PATCH", "DELETE"]
