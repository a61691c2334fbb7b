"""The shapes of the answers cxgate reads, checked where they arrive, before anyone trusts them.

A proxy's error page, an empty or cut-off body, or JSON of another shape once read as "the org
has no queues" and let ``export`` delete every queue file. Now every successful answer must
be JSON (``application/json``, genesys-api.md §1), a GET must answer an object, a listing must
carry its ``entities`` list (SDK ``QueueEntityListing`` and its siblings: ``entities``,
``pageNumber``, ``pageSize``, ``pageCount``, ``nextUri``, cursor listings ``cursor``), and a job
document must carry the fields cxgate uses. Anything else is an ``UnexpectedResponseError``
naming the endpoint and what came back, shortened: a body is never echoed whole.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TypeVar

import pydantic
from pydantic import BaseModel, ConfigDict, Field

from cxgate.errors import UnexpectedResponseError

if TYPE_CHECKING:  # checking a job document (validate reads flows offline) needs no httpx
    import httpx

__all__ = [
    "ExportDone",
    "ImportDone",
    "ImportJob",
    "JobStarted",
    "Listing",
    "checked",
    "decoded",
    "describe",
    "unexpected",
]

M = TypeVar("M", bound=BaseModel)
_SHOWN = 80  # characters of a body quoted in an error, at most
MAX_PAGES = 100_000
"""A listing claiming more pages is not believed (50 million objects at 500 a page)."""


class _Envelope(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class Listing(_Envelope):
    """One page of any Genesys listing (``*EntityListing``)."""

    entities: list[dict[str, Any]]
    pageNumber: int | None = Field(default=None, ge=0)  # noqa: N815 - the API's spelling
    pageCount: int | None = Field(default=None, ge=0, le=MAX_PAGES)  # noqa: N815
    nextUri: str | None = None  # noqa: N815
    cursor: str | None = None


class JobStarted(_Envelope):
    """``POST /api/v2/flows/jobs`` or ``…/export/jobs``: the job's id."""

    id: str = Field(min_length=1)


class ImportJob(JobStarted):
    """``POST /api/v2/flows/jobs`` (``RegisterArchitectJobResponse``): where to upload."""

    presignedUrl: str = Field(min_length=1)  # noqa: N815
    headers: dict[str, str] = Field(default_factory=dict)


class _Ref(_Envelope):
    id: str = Field(min_length=1)


class ImportDone(_Envelope):
    """A finished import job (``ArchitectJobStateResponse``): the flow it made or updated."""

    flow: _Ref


class ExportDone(_Envelope):
    """A finished export job (``ArchitectExportJobStateResponse``): where to download."""

    downloadUrl: str = Field(min_length=1)  # noqa: N815


def decoded(response: httpx.Response, *, method: str, path: str) -> Any:
    """The JSON of a successful answer (None when it has no body, which only a write may
    send); UnexpectedResponseError for a redirect, another content type or broken JSON."""
    if not response.is_success:
        raise unexpected(method, path, "a Genesys answer", response)
    if not response.content or response.status_code == 204:
        if method == "GET":
            raise unexpected(method, path, "a JSON document", response)
        return None
    if "json" not in response.headers.get("content-type", "").lower():
        raise unexpected(method, path, "JSON (application/json)", response)
    try:
        data = json.loads(response.content)
    except ValueError:
        raise unexpected(method, path, "valid JSON", response) from None
    # Every GET cxgate makes answers an object; a few writes answer a list (adding wrap-up
    # codes to a queue answers list[WrapupCode], WHL routing_api.py).
    if not isinstance(data, dict) and not (method != "GET" and isinstance(data, list)):
        raise unexpected(method, path, "a JSON object", response)
    return data


def checked(model: type[M], data: Any, *, method: str, path: str) -> M:
    """``data`` as ``model``; UnexpectedResponseError says which field is wrong."""
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]) or "the answer"
        got = f"{where}: {error['msg'].lower()}"
        raise UnexpectedResponseError(
            f"expected {_NAMES.get(model, model.__name__)}, got {_short(got)}; {_FIX}",
            status=200,
            code="unexpected.response",
            method=method,
            path=path,
        ) from None


def unexpected(
    method: str, path: str, wanted: str, response: httpx.Response
) -> UnexpectedResponseError:
    """The error for an answer that is not ``wanted``: what came back, shortened."""
    return UnexpectedResponseError(
        f"expected {wanted}, got {describe(response)}; {_FIX}",
        status=response.status_code,
        code="unexpected.response",
        method=method,
        path=path,
    )


def describe(response: httpx.Response) -> str:
    """``an empty body`` or ``text/html: '<html>…'``: enough to recognise, never the whole."""
    kind = response.headers.get("content-type", "no content type").split(";")[0].strip()
    if not response.content:
        return f"an empty body ({kind})"
    text = response.content[: _SHOWN * 4].decode("utf-8", "replace")
    return f"{kind}: {_short(text)!r} ({len(response.content):,} bytes)"


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _SHOWN else flat[: _SHOWN - 1] + "…"


_FIX = "check GENESYSCLOUD_API_URL (or the region) and any proxy between here and Genesys"
_NAMES: dict[type[BaseModel], str] = {
    Listing: "a listing with an 'entities' list",
    JobStarted: "a job with an 'id'",
    ImportJob: "an import job with 'id' and 'presignedUrl'",
    ImportDone: "a finished import job naming its 'flow'",
    ExportDone: "a finished export job with a 'downloadUrl'",
}
