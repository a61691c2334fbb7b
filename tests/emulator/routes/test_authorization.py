"""``/api/v2/authorization/...``: products and divisions."""

from __future__ import annotations

import httpx


def test_products_in_one_page(api: httpx.Client) -> None:
    """Products come as one page of {id} entities."""
    body = api.get("/api/v2/authorization/products").json()
    assert body["total"] == body["pageSize"] == len(body["entities"]) == 5
    assert body["pageCount"] == 1
    assert all(set(p) == {"id"} for p in body["entities"])


def test_divisions_search_and_get(api: httpx.Client) -> None:
    """Divisions filter by a name search term; one division by id; unknown id is 404."""
    found = api.get("/api/v2/authorization/divisions", params={"name": "home"}).json()
    (home,) = found["entities"]
    assert home["homeDivision"] is True
    assert api.get(f"/api/v2/authorization/divisions/{home['id']}").json() == home
    assert api.get("/api/v2/authorization/divisions/nope").status_code == 404


def test_divisions_by_id(api: httpx.Client) -> None:
    """id narrows the listing to those divisions."""
    everything = api.get("/api/v2/authorization/divisions").json()["entities"]
    chosen = everything[0]["id"]
    narrowed = api.get("/api/v2/authorization/divisions", params={"id": chosen}).json()
    assert [d["id"] for d in narrowed["entities"]] == [chosen]
