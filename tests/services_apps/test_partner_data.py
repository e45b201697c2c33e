"""Partner API: pagination (page and cursor), size cap, updated_since, lookups, JSON shapes."""

from __future__ import annotations

import pandas as pd
import pytest
from apps_helpers import API_KEY


def follow_pages(client, url: str) -> tuple[list[dict], list[dict]]:
    """Every item and every page envelope, following ``links.next``."""
    items, pages = [], []
    while url:
        body = client.get(url, headers=API_KEY).json()
        items += body["items"]
        pages.append(body)
        url = body["links"]["next"]
    return items, pages


def follow_cursor(client, url: str) -> list[dict]:
    items = []
    while url:
        body = client.get(url, headers=API_KEY).json()
        items += body["items"]
        url = body["links"]["next"]
        assert (url is None) == (body["next_cursor"] is None)
    return items


def test_page_pagination_is_complete_and_disjoint(api, tables) -> None:
    items, pages = follow_pages(api, "/v1/products?size=7")
    ids = [item["product_id"] for item in items]
    assert ids == sorted(tables["products"]["product_id"])  # all, once, in order
    assert pages[0]["total"] == len(ids) and pages[0]["pages"] == len(pages) == 13
    assert pages[0]["links"]["prev"] is None and pages[-1]["links"]["next"] is None


def test_stock_pages_cover_every_row_once(api, tables) -> None:
    items, _ = follow_pages(api, "/v1/stock?size=40")
    keys = [(item["store_id"], item["product_id"]) for item in items]
    assert len(keys) == len(set(keys)) == len(tables["stock"])


def test_page_size_is_capped(api) -> None:
    body = api.get("/v1/stock?size=1000", headers=API_KEY).json()
    assert body["size"] == 100 and len(body["items"]) == 100
    assert api.get("/v1/products?size=0", headers=API_KEY).status_code == 422
    capped = api.get("/v1/deliveries?size=1000", headers=API_KEY).json()
    assert capped["size"] == 100


def test_cursor_pagination_is_complete_and_disjoint(api, tables) -> None:
    items = follow_cursor(api, "/v1/deliveries?size=8")
    ids = [item["delivery_id"] for item in items]
    assert ids == sorted(tables["deliveries"]["delivery_id"])
    first = api.get("/v1/deliveries?size=8", headers=API_KEY).json()
    assert str(first["items"][0]["delivery_id"]) not in first["next_cursor"]  # opaque


def test_bad_cursor_is_a_400_in_french(api) -> None:
    response = api.get("/v1/deliveries?cursor=not-a-cursor", headers=API_KEY)
    assert response.status_code == 400 and "Curseur invalide" in response.json()["detail"]


@pytest.mark.parametrize(
    "since", ["2024-03-01", "2024-03-01T02:00:00+02:00", "2024-03-01T00:00:00Z"]
)
@pytest.mark.parametrize("resource", ["products", "stock", "deliveries"])
def test_updated_since_filters(api, tables, resource: str, since: str) -> None:
    limit = pd.Timestamp("2024-03-01", tz="UTC")
    expected = int((tables[resource]["updated_at"] >= limit).sum())
    url = f"/v1/{resource}?size=100&updated_since={since.replace('+', '%2B')}"
    items = follow_cursor(api, url) if resource == "deliveries" else follow_pages(api, url)[0]
    assert 0 < len(items) == expected < len(tables[resource])
    assert all(pd.Timestamp(item["updated_at"]) >= limit for item in items)


def test_updated_since_rejects_garbage(api) -> None:
    response = api.get("/v1/products?updated_since=hier", headers=API_KEY)
    assert response.status_code == 422 and "ISO 8601" in response.json()["detail"]


def test_lookups_and_404(api) -> None:
    product = api.get("/v1/products/5", headers=API_KEY).json()
    assert product["product_id"] == 5 and isinstance(product["unit_price_eur"], float)
    delivery = api.get("/v1/deliveries/PV00000004FR", headers=API_KEY).json()
    assert delivery["delivery_id"] == 4 and delivery["delivered_at"] is None
    missing = api.get("/v1/products/99999", headers=API_KEY)
    assert missing.status_code == 404 and "introuvable" in missing.json()["detail"]
    assert api.get("/v1/deliveries/XX", headers=API_KEY).status_code == 404


def test_timestamps_are_iso_with_timezone(api) -> None:
    item = api.get("/v1/deliveries?size=1", headers=API_KEY).json()["items"][0]
    for field in ("shipped_at", "delivered_at", "updated_at"):
        assert pd.Timestamp(item[field]).tzinfo is not None
        assert item[field].endswith("+00:00")


def test_filters_by_store_and_category(api, tables) -> None:
    stock = api.get("/v1/stock?store_id=2&size=100", headers=API_KEY).json()
    assert stock["total"] == int((tables["stock"]["store_id"] == 2).sum())
    assert {row["store_id"] for row in stock["items"]} == {2}
    fruits = api.get("/v1/products?category=Crèmerie&size=100", headers=API_KEY).json()
    assert fruits["total"] == int((tables["products"]["category"] == "Crèmerie").sum())
