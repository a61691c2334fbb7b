"""Error codes: one table in the emulator, and cxgate deciding only by documented things.

The emulator may answer with codes no public source confirms (a locked flow, a running
operation), but they are all in ``emulator/codes.py`` marked unconfirmed, and cxgate's own
code never names one: it decides by status classes, the lock fields of a fresh GET, job and
Operation states and the confirmed codes. A refusal cxgate makes itself is one of its own
error types, never an ApiError with a status or code nobody sent.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import cxgate
from cxgate.emulator.codes import CODES, confirmed
from cxgate.emulator.wire import ReplyError

SOURCE = Path(cxgate.__file__).parent
EMULATOR = SOURCE / "emulator"
# The ApiError family is built from answers in client/ only.
_API_ERRORS = {
    "ApiError",
    "BadRequestError",
    "AuthError",
    "NotFoundError",
    "ConflictError",
    "TransientApiError",
    "RateLimitedError",
}
CONFIRMED_IN_ISSUE = {
    "too.many.requests.retry.after",
    "bad.credentials",
    "authentication.required",
    "request.timeout",
    "invalid.query.param.value",
    "invalid.property",
}


def _strings(file: Path) -> Iterator[tuple[int, str]]:
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def _calls(file: Path) -> Iterator[tuple[int, str]]:
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            yield node.lineno, node.func.id


def _outside_emulator() -> list[Path]:
    """cxgate's own logic: not the emulator, nor cxgate.testing (which plays the server's
    part in chaos runs, as the emulator does)."""
    servers = (EMULATOR, SOURCE / "testing")
    return [f for f in sorted(SOURCE.rglob("*.py")) if not any(s in f.parents for s in servers)]


def test_the_table_marks_the_confirmed_codes() -> None:
    """The codes the audit confirmed are confirmed; the guesses are not."""
    assert confirmed() >= CONFIRMED_IN_ISSUE
    for guess in ("flow.locked", "flow.operation.in.progress", "general.conflict", "bad.gateway"):
        assert not CODES[guess].confirmed
    assert all(code.source for code in CODES.values())


def _codes_sent(file: Path) -> Iterator[str]:
    """Literal codes given to ReplyError / bad_request (``code=``) or as an ``errorCode``."""
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            args = node.args[1:2] if node.func.id == "ReplyError" else []
            args += [k.value for k in node.keywords if k.arg == "code"]
            yield from (a.value for a in args if isinstance(a, ast.Constant))
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                named = isinstance(key, ast.Constant) and key.value == "errorCode"
                if named and isinstance(value, ast.Constant):
                    yield value.value


def test_every_code_the_emulator_sends_is_in_the_table() -> None:
    """Every literal code in the emulator is a key of the table."""
    used = {code for f in EMULATOR.rglob("*.py") for code in _codes_sent(f)}
    assert len(used) >= 8
    assert used <= set(CODES), used - set(CODES)


def test_a_code_missing_from_the_table_cannot_be_sent() -> None:
    """ReplyError refuses an invented code, so the table stays complete."""
    with pytest.raises(ValueError, match=r"not in emulator/codes\.py"):
        ReplyError(409, "flow.made.up", "x")


def test_cxgate_never_names_an_unconfirmed_code() -> None:
    """No module outside the emulator holds an unconfirmed code as a string."""
    unconfirmed = {name for name, code in CODES.items() if not code.confirmed}
    found = [
        f"{f.relative_to(SOURCE)}:{line}: {text}"
        for f in _outside_emulator()
        for line, text in _strings(f)
        if text in unconfirmed
    ]
    assert found == []


def test_local_refusals_are_not_dressed_as_api_answers() -> None:
    """Outside client/, nothing builds an ApiError that no server sent."""
    client = SOURCE / "client"
    found = [
        f"{f.relative_to(SOURCE)}:{line}: {name}("
        for f in _outside_emulator()
        if client not in f.parents and f.name != "errors.py"
        for line, name in _calls(f)
        if name in _API_ERRORS
    ]
    assert found == []
