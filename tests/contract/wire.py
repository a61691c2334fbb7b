"""Check every request cxgate sends against the SDK, and count what was checked.

The root conftest wraps ``Emulator.process``: each call cxgate's client makes (its
``User-Agent`` is ``cxgate/…``) to an ``/api/v2`` path is checked here —

- the operation exists (method + path, matched against every SDK ``resource_path``);
- every query parameter is one of the operation's (the SDK's ``query_params``), a whole
  number where the SDK declares ``int``, ``true``/``false`` where ``bool``, and, where the
  API documents an enum for it (``query_enums.py``), one of those values;
- the body conforms to the operation's body model (``check_payload``: field names, JSON
  types, enum values), and an operation without a body gets none;
- the answer's status is one the API documents, and an error's ``code`` is in the
  emulator's code table (``emulator/codes.py``), confirmed or not.

Problems fail the test that caused them; ``Coverage`` adds up what was checked over the run
(printed at the end of the test output).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from cxgate.emulator.codes import CODES
from tests.contract.query_enums import QUERY_ENUMS
from tests.contract.sdk import Operation, Sdk, check_payload, normalize_path

__all__ = ["Coverage", "WireCheck"]

# Statuses the swagger documents for these operations: the success codes, and the error
# responses every operation lists (400, 401, 403, 404, 408, 409, 413, 415, 429, 500, 503,
# 504), plus 502 from gateways (genesys-api.md §2-§3).
DOCUMENTED_STATUSES = frozenset(
    {200, 201, 202, 204, 400, 401, 403, 404, 408, 409, 412, 413, 415, 429, 500, 502, 503, 504}
)


@dataclass
class Coverage:
    """What the checks covered, as sets so a figure counts distinct things."""

    operations: set[str] = field(default_factory=set)
    params: set[tuple[str, str]] = field(default_factory=set)
    enum_params: set[tuple[str, str]] = field(default_factory=set)
    body_fields: set[tuple[str, str]] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)
    statuses: set[tuple[str, int]] = field(default_factory=set)

    def figures(self) -> dict[str, int]:
        """The counts the README and the test output report."""
        return {
            "operations": len(self.operations),
            "query_parameters": len(self.params),
            "query_parameters_against_enum": len(self.enum_params),
            "body_fields": len(self.body_fields),
            "error_codes": len(self.codes),
            "error_codes_confirmed": sum(1 for c in self.codes if CODES[c].confirmed),
            "statuses": len(self.statuses),
        }

    def line(self) -> str:
        """One line for the test output."""
        f = self.figures()
        return (
            f"contract check: {f['operations']} operations, {f['query_parameters']} query "
            f"parameters ({f['query_parameters_against_enum']} against an enum), "
            f"{f['body_fields']} body fields, {f['error_codes']} error codes "
            f"({f['error_codes_confirmed']} confirmed), {f['statuses']} statuses"
        )


class WireCheck:
    """Matches concrete paths to SDK operations and checks each call (thread-safe)."""

    def __init__(self, sdk: Sdk) -> None:
        self.sdk = sdk
        self.coverage = Coverage()
        self._lock = threading.Lock()
        self._by_shape: dict[tuple[str, int], list[tuple[tuple[str, ...], Operation]]] = {}
        for op in sdk.operations:
            segments = tuple(normalize_path(op.path).strip("/").split("/"))
            self._by_shape.setdefault((op.method, len(segments)), []).append((segments, op))
        for candidates in self._by_shape.values():
            candidates.sort(key=lambda item: item[0].count("{}"))  # literal segments first

    def operation(self, method: str, path: str) -> Operation | None:
        """The SDK operation serving this concrete path, if any."""
        segments = tuple(path.strip("/").split("/"))
        for template, op in self._by_shape.get((method.upper(), len(segments)), ()):
            if all(t in ("{}", s) for t, s in zip(template, segments, strict=True)):
                return op
        return None

    def check_request(
        self, method: str, path: str, query: Iterable[tuple[str, str]], body: bytes
    ) -> tuple[Operation | None, list[str]]:
        """The operation and every way this request breaks the API's contract."""
        where = f"{method} {path}"
        op = self.operation(method, path)
        if op is None:
            return None, [f"{where}: no such operation in the SDK"]
        key = f"{op.method} {normalize_path(op.path)}"
        problems = list(self._query(op, key, where, list(query)))
        problems += self._body(op, key, where, body)
        with self._lock:
            self.coverage.operations.add(key)
        return op, problems

    def check_answer(self, op: Operation, status: int, content: bytes) -> list[str]:
        """Problems with what the emulator answered cxgate (status, error code)."""
        key = f"{op.method} {normalize_path(op.path)}"
        problems: list[str] = []
        if status not in DOCUMENTED_STATUSES:
            problems.append(f"{key}: status {status} is not one the API documents")
        code = _error_code(content) if status >= 400 else None
        if code is not None and code not in CODES:
            problems.append(f"{key}: error code {code!r} is not in emulator/codes.py")
        with self._lock:
            self.coverage.statuses.add((key, status))
            if code is not None and code in CODES:
                self.coverage.codes.add(code)
        return problems

    def _query(
        self, op: Operation, key: str, where: str, query: list[tuple[str, str]]
    ) -> Iterator[str]:
        for name, value in query:
            if name not in op.query_params:
                known = ", ".join(sorted(op.query_params)) or "none"
                yield f"{where}: query parameter {name!r} is not the operation's ({known})"
                continue
            with self._lock:
                self.coverage.params.add((key, name))
            kind = op.query_types.get(name, "str")
            yield from _typed(where, name, value, kind)
            allowed = QUERY_ENUMS.get((key, name)) or _BOOL.get(kind)
            if allowed is None:
                continue
            with self._lock:
                self.coverage.enum_params.add((key, name))
            for item in value.split(","):
                if item and item not in allowed:
                    yield f"{where}: {name}={item!r} is not one of {', '.join(allowed)}"

    def _body(self, op: Operation, key: str, where: str, body: bytes) -> list[str]:
        if not body.strip():
            return []
        try:
            payload = json.loads(body)
        except ValueError:
            return [f"{where}: the body is not JSON"]
        if op.body_type is None:
            return [f"{where}: the operation takes no body, got {type(payload).__name__}"]
        problems = [f"{where}: {p}" for p in check_payload(op.body_type, payload, sdk=self.sdk)]
        with self._lock:
            self.coverage.body_fields.update((key, f) for f in _field_paths(payload))
        return problems


_BOOL = {"bool": ("true", "false")}


def _typed(where: str, name: str, value: str, kind: str) -> Iterator[str]:
    """A whole number where the SDK declares an ``int``."""
    if kind == "int" and not value.lstrip("-").isdigit():
        yield f"{where}: {name}={value!r} is not a whole number (the SDK declares int)"


def _field_paths(value: Any, prefix: str = "") -> Iterator[str]:
    """Dotted paths of every field in a JSON value (list items share one ``[]`` path)."""
    if isinstance(value, dict):
        for name, child in value.items():
            here = f"{prefix}.{name}" if prefix else str(name)
            yield here
            yield from _field_paths(child, here)
    elif isinstance(value, list):
        for child in value:
            yield from _field_paths(child, f"{prefix}[]")


def _error_code(content: bytes) -> str | None:
    try:
        body = json.loads(content or b"null")
    except ValueError:
        return None
    code = body.get("code") if isinstance(body, dict) else None
    return str(code) if code else None
