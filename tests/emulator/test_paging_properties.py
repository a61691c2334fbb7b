"""Property tests of the paging envelope and the queue name filter (pure functions)."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from cxgate.clock import FakeClock
from cxgate.emulator.paging import Page, listing
from cxgate.emulator.router import ApiRequest
from cxgate.emulator.routes.common import name_matches_wildcard
from cxgate.emulator.store import Store
from cxgate.emulator.wire import Call


def _request() -> ApiRequest:
    return ApiRequest(Call("GET", "/api/v2/x"), {}, Store(), FakeClock(), "c")


@given(total=st.integers(0, 300), size=st.integers(1, 60))
def test_pages_partition_the_items(total: int, size: int) -> None:
    """Pages 1..pageCount hold every item once, in order; links appear exactly when due."""
    items = [{"id": str(i)} for i in range(total)]
    request = _request()
    count = listing(request, items, Page(1, size))["pageCount"]
    assert count == math.ceil(total / size)
    seen = []
    for number in range(1, count + 1):
        body = listing(request, items, Page(number, size))
        seen += body["entities"]
        assert ("nextUri" in body) is (number < count)
        assert ("previousUri" in body) is (number > 1)
    assert seen == items


@given(
    name=st.text(st.characters(codec="ascii", exclude_characters="*"), min_size=1, max_size=12),
    cut=st.integers(0, 12),
)
def test_wildcards_match_prefixes_suffixes_and_substrings(name: str, cut: int) -> None:
    """Every prefix*, *suffix and *part* of a name matches it, in any letter case."""
    head, tail = name[:cut], name[cut:]
    assert name_matches_wildcard(name, name.upper())
    if head:
        assert name_matches_wildcard(name, f"{head}*")
    if tail:
        assert name_matches_wildcard(name, f"*{tail}")
        assert name_matches_wildcard(name, f"*{tail[: len(tail) // 2 + 1]}*")
