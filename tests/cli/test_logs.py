"""CLI logging: quiet by default, readable retry lines with -v."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from stamina import instrumentation

from cxgate.cli.logs import configure_logging, log_retry


@pytest.fixture(autouse=True)
def _restore_hooks() -> Iterator[None]:
    """Leave stamina's global hooks as the other tests expect them."""
    before = instrumentation.get_on_retry_hooks()
    yield
    instrumentation.set_on_retry_hooks(before)


def _details() -> instrumentation.RetryDetails:
    return instrumentation.RetryDetails(
        name="GET /api/v2/routing/queues",
        args=(),
        kwargs={},
        retry_num=2,
        wait_for=1.25,
        waited_so_far=0.5,
        caused_by=RuntimeError("503 service.unavailable"),
    )


@pytest.mark.parametrize(("verbosity", "shown"), [(0, False), (1, True), (2, True)])
def test_retry_lines_show_from_one_v(
    caplog: pytest.LogCaptureFixture, verbosity: int, shown: bool
) -> None:
    """A retry is one readable line with -v and above, silent by default."""
    configure_logging(verbosity)
    with caplog.at_level(logging.NOTSET, logger="cxgate.retry"):
        logging.getLogger("cxgate.retry").setLevel(logging.WARNING if verbosity else logging.ERROR)
        log_retry(_details())
    lines = [r.getMessage() for r in caplog.records if r.name == "cxgate.retry"]
    assert lines == (
        ["retry 2 in 1.2s (waited 0.5s so far): 503 service.unavailable"] if shown else []
    )


def test_configure_logging_sets_levels_and_replaces_the_bare_stamina_hook() -> None:
    """-vv turns on debug for cxgate and httpx; the retry hook is ours, not stamina's logger."""
    configure_logging(2)
    assert logging.getLogger("cxgate").level == logging.DEBUG
    assert logging.getLogger("httpx").level == logging.DEBUG
    hooks = instrumentation.get_on_retry_hooks()
    assert log_retry in hooks
    configure_logging(0)
    assert logging.getLogger("cxgate").level == logging.WARNING
