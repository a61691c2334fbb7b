"""The synthetic flow generator: requested size, clean checks."""

from __future__ import annotations

import pytest

from cxgate.flow.check.run import check
from cxgate.flow.read.archy import parse_flow
from cxgate.testing.flows import synthetic_flow


@pytest.mark.parametrize("nodes", [60, 600, 3000])
def test_size_is_close_to_the_request_and_checks_clean(nodes: int) -> None:
    """The flow has about the requested node count and no findings at all."""
    graph = parse_flow(synthetic_flow(nodes), "s.yaml")
    assert 0.85 * nodes <= len(graph.nodes) <= 1.15 * nodes
    assert check(graph) == []
