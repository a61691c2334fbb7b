"""Answers that are not Genesys' JSON, from a real loopback server: errors, never an empty org."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest
from tests.hostile import Answer, HostileServer, json_answer

from cxgate.client import GenesysClient, RetryPolicy
from cxgate.client.envelopes import ImportJob, Listing, checked, describe
from cxgate.errors import UnexpectedResponseError
from cxgate.settings import Settings

QUEUES = "/api/v2/routing/queues"
PAGE = {"entities": [{"id": "q1", "name": "Sales"}], "pageNumber": 1, "pageCount": 1}

BAD_ANSWERS = {
    "html": (Answer(body=b"<html><body>Proxy error</body></html>", content_type="text/html"),
             "text/html: '<html><body>Proxy error</body></html>' (37 bytes)"),
    "empty": (Answer(body=b""), "an empty body (application/json)"),
    "invalid-json": (Answer(body=b'{"entities": [tru'), "expected valid JSON"),
    "no-entities": (json_answer({"total": 0}), "entities: field required"),
    "null-entities": (json_answer({"entities": None}), "entities: input should be a valid list"),
    "string": (json_answer("queues"), "expected a JSON object"),
    "list": (json_answer([PAGE]), "expected a JSON object"),
    "entity-not-object": (json_answer({"entities": ["Sales"]}), "entities.0: input should be"),
    "absurd-page-count": (json_answer({**PAGE, "pageCount": 10**9}), "pageCount: input should"),
}  # fmt: skip


@pytest.fixture
def connect() -> Iterator[Callable[[Callable[[str, str], Answer]], GenesysClient]]:
    """A client (one attempt, no pacing waits) for a hostile server answering ``script``."""
    servers: list[HostileServer] = []
    clients: list[GenesysClient] = []

    def make(script: Callable[[str, str], Answer]) -> GenesysClient:
        server = HostileServer(script).__enter__()
        servers.append(server)
        settings = Settings.for_url(server.url, "id", "secret", timeout_s=5.0)
        client = GenesysClient(settings, retry=RetryPolicy(attempts=1))
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
    for server in servers:
        server.__exit__()


@pytest.mark.parametrize("name", list(BAD_ANSWERS))
def test_a_bad_listing_is_an_error_naming_the_endpoint(
    connect: Callable[[Callable[[str, str], Answer]], GenesysClient], name: str
) -> None:
    """HTML, empty, broken JSON, wrong shapes: UnexpectedResponseError, never zero queues."""
    answer, shown = BAD_ANSWERS[name]
    client = connect(lambda method, path: answer)
    with pytest.raises(UnexpectedResponseError) as caught:
        client.list_all(QUEUES)
    message = str(caught.value)
    assert message.startswith(f"GET {QUEUES}: 200 unexpected.response: expected ")
    assert shown in message
    assert "GENESYSCLOUD_API_URL" in message


def test_a_good_listing_still_reads(
    connect: Callable[[Callable[[str, str], Answer]], GenesysClient],
) -> None:
    """The shape check lets real listings through untouched."""
    client = connect(lambda method, path: json_answer(PAGE))
    assert client.list_all(QUEUES) == PAGE["entities"]
    assert list(client.paginate(QUEUES)) == PAGE["entities"]


def test_a_later_page_going_bad_fails_the_whole_listing(
    connect: Callable[[Callable[[str, str], Answer]], GenesysClient],
) -> None:
    """Page 2 answering HTML is an error, not a listing with page 1 only."""
    pages = iter([json_answer({**PAGE, "pageCount": 2}), BAD_ANSWERS["html"][0]])
    client = connect(lambda method, path: next(pages))
    with pytest.raises(UnexpectedResponseError, match="text/html"):
        client.list_all(QUEUES)


def test_large_bodies_are_never_echoed_whole() -> None:
    """describe() keeps 80 characters of a body, whatever its size."""
    page = httpx.Response(200, text="<p>" + "x" * 100_000, headers={"content-type": "text/html"})
    shown = describe(page)
    assert len(shown) < 140
    assert shown.endswith("(100,003 bytes)")


def test_job_envelopes_name_the_missing_field() -> None:
    """An import job without its upload URL says so instead of a KeyError."""
    with pytest.raises(UnexpectedResponseError, match="presignedUrl: field required"):
        checked(ImportJob, {"id": "j1"}, method="POST", path="/api/v2/flows/jobs")
    assert checked(Listing, PAGE, method="GET", path=QUEUES).pageCount == 1


def test_a_write_may_answer_a_list_a_get_may_not(
    connect: Callable[[Callable[[str, str], Answer]], GenesysClient],
) -> None:
    """POST …/queues/{id}/wrapupcodes answers list[WrapupCode]; a GET answering a list, or a
    write answering a bare string, is still refused."""
    codes = [{"id": "c1", "name": "Resolved"}]
    client = connect(lambda method, path: json_answer(codes))
    assert client.post(f"{QUEUES}/q1/wrapupcodes", [{"id": "c1"}]) == codes
    with pytest.raises(UnexpectedResponseError, match="expected a JSON object"):
        client.get(f"{QUEUES}/q1")
    text = connect(lambda method, path: json_answer("done"))
    with pytest.raises(UnexpectedResponseError, match="expected a JSON object"):
        text.post(QUEUES, {"name": "Q"})
