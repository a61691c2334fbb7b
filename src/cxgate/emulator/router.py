"""Routes declared per endpoint group, matched on the path whatever the host.

An endpoint group is one module under ``emulator/routes/`` with a ``RouteGroup`` whose
decorators declare each route with its real path template (``/api/v2/routing/queues/
{queueId}``). Adding a group is one module plus one line in ``routes/__init__.py``; the
contract tests check every declared route against the SDK.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from cxgate.clock import Clock
from cxgate.emulator.behaviour import Behaviour
from cxgate.emulator.store import Store
from cxgate.emulator.wire import Call, Reply, bad_request, iso_ms

__all__ = ["ApiRequest", "Handler", "Route", "RouteGroup", "Router"]


@dataclass(slots=True)
class ApiRequest:
    """What a handler sees: the call, its path parameters, the org state and the caller."""

    call: Call
    params: dict[str, str]
    store: Store
    clock: Clock
    caller: str
    settings: dict[str, Any] = field(default_factory=dict)
    behaviour: Behaviour = field(default_factory=Behaviour)

    @property
    def now(self) -> float:
        """Wall-clock seconds (from the injected clock)."""
        return self.clock.time()

    def now_iso(self) -> str:
        """Now, formatted as Genesys timestamps are."""
        return iso_ms(self.now)

    def query_value(self, name: str) -> str | None:
        """The last value of a query parameter, or None."""
        found = [v for k, v in self.call.query if k == name]
        return found[-1] if found else None

    def query_values(self, name: str) -> list[str]:
        """All values of a list parameter, repeated (``id=a&id=b``) or comma-joined as the
        Python SDK sends lists (WHL ``api_client.py`` ``to_path_value``)."""
        values: list[str] = []
        for key, value in self.call.query:
            if key == name:
                values.extend(v for v in value.split(",") if v)
        return values

    def query_bool(self, name: str) -> bool:
        """A boolean query parameter (``true``/``false``), false when absent."""
        value = self.query_value(name)
        if value is None:
            return False
        if value.lower() not in ("true", "false"):
            raise bad_request(f"Value [{value}] is not valid for field [{name}].", name)
        return value.lower() == "true"

    def json_body(self) -> Any:
        """The parsed JSON body; 400 with the API's malformed-syntax message otherwise."""
        try:
            return json.loads(self.call.body or b"null")
        except ValueError:
            raise bad_request(
                "The request could not be understood by the server due to malformed syntax."
            ) from None


Handler = Callable[[ApiRequest], Reply]

_VARIABLE = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True, slots=True)
class Route:
    """One method + path template, its compiled pattern and its handler."""

    method: str
    template: str
    handler: Handler
    pattern: re.Pattern[str]

    @classmethod
    def build(cls, method: str, template: str, handler: Handler) -> Route:
        """Compile ``{name}`` variables to one path segment each."""
        parts: list[str] = []
        position = 0
        for variable in _VARIABLE.finditer(template):
            parts.append(re.escape(template[position : variable.start()]))
            parts.append(f"(?P<{variable.group(1)}>[^/]+)")
            position = variable.end()
        parts.append(re.escape(template[position:]))
        return cls(method, template, handler, re.compile("^" + "".join(parts) + "$"))


class RouteGroup:
    """The routes of one endpoint group, declared with ``@group.get(template)`` etc."""

    def __init__(self) -> None:
        self.routes: list[Route] = []

    def route(self, method: str, template: str) -> Callable[[Handler], Handler]:
        """Declare ``handler`` for ``method template``."""

        def register(handler: Handler) -> Handler:
            self.routes.append(Route.build(method, template, handler))
            return handler

        return register

    def get(self, template: str) -> Callable[[Handler], Handler]:
        """Declare a GET route."""
        return self.route("GET", template)

    def post(self, template: str) -> Callable[[Handler], Handler]:
        """Declare a POST route."""
        return self.route("POST", template)

    def put(self, template: str) -> Callable[[Handler], Handler]:
        """Declare a PUT route."""
        return self.route("PUT", template)

    def patch(self, template: str) -> Callable[[Handler], Handler]:
        """Declare a PATCH route."""
        return self.route("PATCH", template)

    def delete(self, template: str) -> Callable[[Handler], Handler]:
        """Declare a DELETE route."""
        return self.route("DELETE", template)


class Router:
    """Finds the route for a method and path; literal segments win over variables."""

    def __init__(self, groups: Iterable[RouteGroup]) -> None:
        routes = [route for group in groups for route in group.routes]
        # Fewer variables first, so /queues/divisionviews would beat /queues/{queueId}.
        self.routes: tuple[Route, ...] = tuple(sorted(routes, key=lambda r: r.template.count("{")))

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        """The route and its path parameters, or None when nothing serves this call."""
        for route in self.routes:
            if route.method != method:
                continue
            found = route.pattern.match(path)
            if found is not None:
                return route, found.groupdict()
        return None
