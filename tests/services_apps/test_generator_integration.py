"""Both apps on the real case-study generator (small scale)."""

from __future__ import annotations

import pytest
from apps_helpers import API_KEY, client_for
from site_parsing import parse_product

from labkit.datasets import paniervert
from labkit.services import partner_api, website


@pytest.fixture(scope="module")
def generated():
    return paniervert.tables(scale=0.05, seed=42)


def test_api_serves_generated_tables(generated) -> None:
    settings = partner_api.Settings(rate=None)
    client = client_for(partner_api.create_app(generated, settings))
    for resource in ("products", "stock"):
        body = client.get(f"/v1/{resource}?size=100", headers=API_KEY).json()
        assert body["total"] == len(generated[resource]) and len(body["items"]) == 100
    first = generated["products"].sort_values("product_id").iloc[0]
    product = client.get(f"/v1/products/{first['product_id']}", headers=API_KEY).json()
    assert product["ean13"] == first["ean13"] and product["updated_at"].endswith("+00:00")
    deliveries = client.get("/v1/deliveries?size=100", headers=API_KEY).json()
    tracking = deliveries["items"][0]["tracking_number"]
    assert client.get(f"/v1/deliveries/{tracking}", headers=API_KEY).status_code == 200
    assert deliveries["next_cursor"]


def test_website_serves_generated_products(generated) -> None:
    client = client_for(website.create_app(generated, seed=42))
    truth = website.ground_truth(generated, seed=42)
    assert len(truth["items"]) > 100 and len(truth["malformed"]) == 3
    eans = set(generated["products"]["ean13"])
    for item in truth["items"][:40]:
        parsed = parse_product(client.get(item["url"]).text)
        assert parsed["price_eur"] == item["price_eur"] and parsed["ean13"] in eans
