"""Logging for the command line: quiet by default, ``-v`` for progress, ``-vv`` for detail.

Retries are worth a line (a user waiting on a 429 wants to know why), but stamina's own
logging hook writes only its event name; this module swaps it for a readable one. Library code
never configures logging: only the CLI does, here.
"""

from __future__ import annotations

import logging

from stamina import instrumentation

from cxgate.client.redact import RedactingFilter

__all__ = ["configure_logging", "log_retry"]

_log = logging.getLogger("cxgate.retry")


def log_retry(details: instrumentation.RetryDetails) -> None:
    """One readable line per scheduled retry: which attempt, how long, and why."""
    _log.warning(
        "retry %d in %.1fs (waited %.1fs so far): %s",
        details.retry_num,
        details.wait_for,
        details.waited_so_far,
        details.caused_by,
    )


def configure_logging(verbosity: int) -> None:
    """Warnings by default; ``-v`` adds cxgate's info, ``-vv`` debug from cxgate and httpx.

    Every line, whoever logs it, goes through ``RedactingFilter``: a presigned URL's signed
    query never reaches the terminal or a CI log.
    """
    level = logging.WARNING if verbosity <= 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    logging.basicConfig(format="%(levelname)s %(name)s: %(message)s", level=logging.WARNING)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
    logging.getLogger("cxgate").setLevel(level)
    if verbosity >= 2:
        logging.getLogger("httpx").setLevel(logging.DEBUG)
    retry_level = logging.WARNING if verbosity >= 1 else logging.ERROR
    _log.setLevel(retry_level)
    instrumentation.set_on_retry_hooks([instrumentation.PrometheusOnRetryHook, log_retry])
