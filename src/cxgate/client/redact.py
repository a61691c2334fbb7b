"""Presigned URLs never reach a log whole: their query string is a credential.

Architect's import and export jobs hand out object-storage URLs signed in the query
(``X-Amz-Signature``, ``X-Amz-Credential``, a session token: genesys-api.md §5). Anyone
holding one can read or overwrite the flow file until it expires, and httpx logs every URL it
requests (``-vv``). ``redact`` keeps the host and path (enough to follow a request) and
replaces a signed query with ``?<redacted>``; ordinary API queries (``?pageSize=500``) stay.
"""

from __future__ import annotations

import logging
import re

__all__ = ["RedactingFilter", "protect_http_logs", "redact"]

_URL_QUERY = re.compile(r"(?P<base>https?://[^\s\"'<>?]+)\?(?P<query>[^\s\"'<>]*)")
_SIGNED = re.compile(
    r"(?:^|[&;])(?:x-amz-[a-z-]+|x-goog-[a-z-]+|signature|sig|policy|key-pair-id|token|"
    r"security-token|credential)=",
    re.IGNORECASE,
)
REDACTED = "<redacted>"


def redact(text: str) -> str:
    """``text`` with the query of every signed URL replaced by ``<redacted>``."""
    if "?" not in text:
        return text
    return _URL_QUERY.sub(_redacted_url, text)


def _redacted_url(match: re.Match[str]) -> str:
    if _SIGNED.search(match.group("query")):
        return f"{match.group('base')}?{REDACTED}"
    return match.group(0)


class RedactingFilter(logging.Filter):
    """Rewrites a record whose message holds a signed URL; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def protect_http_logs() -> None:
    """Put the filter on the loggers that print request URLs (httpx, httpcore), once.

    Not logging configuration (levels and handlers stay the application's): a guard, so a
    library user who turns httpx logging on never prints a signature either.
    """
    for name in ("httpx", "httpcore"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(RedactingFilter())
