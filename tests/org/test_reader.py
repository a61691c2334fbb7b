"""CachingReader: one GET per path and parameters, whichever thread asks first."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from cxgate.errors import TransportError
from cxgate.org.reader import CachingReader
from cxgate.testing.entities import StaticReader


class SlowReader(StaticReader):
    """Holds every GET until released, so concurrent callers overlap."""

    def __init__(self) -> None:
        super().__init__(gets={"/me": {"id": "org"}}, lists={"/things": [{"id": "1"}]})
        self.release = threading.Event()

    def get(self, path: str, *, params: Any = None) -> Any:
        self.release.wait(5)
        return super().get(path, params=params)


def test_concurrent_gets_share_one_call() -> None:
    """Eight threads asking at once cause one call; all get the same answer."""
    inner = SlowReader()
    reader = CachingReader(inner)
    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(reader.get, "/me") for _ in range(8)]
        inner.release.set()
        answers = [f.result() for f in futures]
    assert answers == [{"id": "org"}] * 8
    assert inner.calls == ["GET /me"]


def test_parameters_are_part_of_the_key_and_lists_pass_through() -> None:
    """Different parameters are different calls; listings are never cached."""
    inner = StaticReader(gets={"/me": {"id": "org"}}, lists={"/things": [{"id": "1"}]})
    reader = CachingReader(inner)
    reader.get("/me", params={"a": 1})
    reader.get("/me", params={"a": 1})
    reader.get("/me", params={"a": 2})
    reader.list_all("/things")
    reader.list_all("/things")
    assert len(inner.calls) == 4


def test_errors_are_not_remembered() -> None:
    """A failed GET raises for its caller; the next caller tries again."""
    attempts = iter([TransportError("network down"), {"id": "org"}])

    def answer(params: Any) -> Any:
        outcome = next(attempts)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    reader = CachingReader(StaticReader(gets={"/me": answer}))
    with pytest.raises(TransportError):
        reader.get("/me")
    assert reader.get("/me") == {"id": "org"}
