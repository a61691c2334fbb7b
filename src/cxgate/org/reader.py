"""Reading helpers over an ``ApiReader``: one GET per path per run, even from many threads.

The organization and its feature flags are two kinds but one object
(``GET /api/v2/organizations/me``); validate also needs the org's features. ``CachingReader``
answers the second and later GETs of the same path and parameters from memory, and makes a
thread that asks while the first call is in flight wait for it instead of calling again.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from concurrent.futures import Future
from typing import Any

from cxgate.resource.base import ApiReader, canonical_json

__all__ = ["CachingReader"]


class CachingReader:
    """An ``ApiReader`` that reads each GET once; listings pass straight through."""

    def __init__(self, inner: ApiReader) -> None:
        self.inner = inner
        self._lock = threading.Lock()
        self._gets: dict[tuple[str, str], Future[Any]] = {}

    def get(self, path: str, *, params: Mapping[str, Any] | None = None) -> Any:
        """The GET's answer, from the first call for this path and these parameters."""
        key = (path, canonical_json(dict(params or {})))
        with self._lock:
            pending = self._gets.get(key)
            first = pending is None
            if pending is None:
                pending = self._gets[key] = Future()
        if first:
            try:
                pending.set_result(self.inner.get(path, params=params))
            except BaseException as exc:
                with self._lock:
                    del self._gets[key]  # an error is not remembered: a retry may succeed
                pending.set_exception(exc)
        return pending.result()

    def list_all(
        self,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        page_size: int | None = None,
    ) -> list[dict[str, Any]]:
        """Every entity of a listing (not cached: each listing is read once anyway)."""
        return self.inner.list_all(path, params, page_size=page_size)
