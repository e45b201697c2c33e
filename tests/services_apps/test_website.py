"""Competitor website: navigation, pagination, robots.txt, sitemap, prices, malformed pages."""

from __future__ import annotations

from collections import Counter
from urllib.robotparser import RobotFileParser
from xml.etree import ElementTree

import pytest
from apps_helpers import TestClient, client_for
from bs4 import BeautifulSoup
from site_parsing import defects, parse_price, parse_product

from labkit.services.website import create_app, ground_truth
from labkit.services.website.formatting import euros, per_unit, percent_off, quantity_label


@pytest.fixture(scope="module")
def site(tables) -> TestClient:
    return client_for(create_app(tables, seed=42))


@pytest.fixture(scope="module")
def truth(tables) -> dict:
    return ground_truth(tables, seed=42)


def soup(client: TestClient, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.text, "lxml")


def listed_products(client: TestClient) -> Counter:
    """Product links of every category, following rel=next from each category's first page."""
    seen: Counter = Counter()
    for link in soup(client, "/").select("a.category-link"):
        url = link["href"]
        while url:
            page = soup(client, url)
            seen.update(a["href"] for a in page.select("article.product a.product-link"))
            following = page.select_one('a[rel="next"]')
            url = following["href"] if following else None
    return seen


def test_health(site) -> None:
    assert site.get("/health").json()["status"] == "ok"


def test_pagination_reaches_every_product_exactly_once(site, truth) -> None:
    seen = listed_products(site)
    every = {item["url"] for item in truth["items"]} | {page["url"] for page in truth["malformed"]}
    assert set(seen) == every and set(seen.values()) == {1}


def test_category_pages_announce_next_and_prev(site) -> None:
    first = soup(site, "/").select_one("a.category-link")["href"]
    page = soup(site, first)
    assert page.select_one('link[rel="next"]') and not page.select_one('link[rel="prev"]')
    second = soup(site, page.select_one('a[rel="next"]')["href"])
    assert second.select_one('a[rel="prev"]')["href"].endswith("page=1")
    assert site.get(f"{first}?page=99").status_code == 404
    assert site.get("/categorie/inconnue").status_code == 404


def test_robots_txt(site) -> None:
    text = site.get("/robots.txt").text
    robots = RobotFileParser()
    robots.parse(text.splitlines())
    for path in ("/panier", "/compte", "/admin", "/panier?ajouter=BC-00001"):
        assert not robots.can_fetch("*", f"http://testserver{path}"), path
    for path in ("/", "/categorie/cremerie", "/produit/x", "/sitemap.xml"):
        assert robots.can_fetch("*", f"http://testserver{path}"), path
    assert robots.crawl_delay("*") == 1
    assert robots.site_maps() == ["http://testserver/sitemap.xml"]


def test_disallowed_pages_exist_and_admin_is_forbidden(site) -> None:
    assert site.get("/panier").status_code == 200 and site.get("/compte").status_code == 200
    assert site.get("/admin").status_code == 403
    assert site.get("/nimporte-quoi").status_code == 404


def test_sitemap_lists_every_product(site, truth) -> None:
    tree = ElementTree.fromstring(site.get("/sitemap.xml").content)
    locations = {
        node.text for node in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    }
    for item in truth["items"] + truth["malformed"]:
        assert f"http://testserver{item['url']}" in locations


def test_product_pages_parse_to_the_ground_truth(site, truth) -> None:
    for item in truth["items"]:
        parsed = parse_product(site.get(item["url"]).text)
        expected = {key: item[key] for key in parsed}
        assert parsed == expected, item["url"]


def test_sample_exercises_promotions_and_stock_outs(truth) -> None:
    promos = [item for item in truth["items"] if item["discount_pct"]]
    assert promos and any(not item["in_stock"] for item in truth["items"])
    for item in promos:
        assert item["price_eur"] == round(
            item["old_price_eur"] * (1 - item["discount_pct"] / 100), 2
        )


def test_malformed_pages_are_exactly_the_declared_ones(site, truth) -> None:
    declared = {page["url"]: page["kind"] for page in truth["malformed"]}
    assert sorted(declared.values()) == ["missing_price", "price_format", "unclosed_tags"]
    for url, kind in declared.items():
        assert kind in defects(site.get(url).text), url
    for item in truth["items"]:
        assert defects(site.get(item["url"]).text) == set(), item["url"]


def test_ground_truth_is_deterministic(tables) -> None:
    assert ground_truth(tables, seed=42) == ground_truth(tables, seed=42)
    assert ground_truth(tables, seed=43) != ground_truth(tables, seed=42)


def test_french_formats() -> None:
    assert euros(3.49) == "3,49\u00a0€" and parse_price(euros(1249.5)) == 1249.5
    assert euros(1249.5) == "1\u202f249,50\u00a0€"
    assert per_unit(6.98, "kg") == "6,98\u00a0€\u00a0/\u00a0kg"
    assert percent_off(20) == "-20\u00a0%"
    assert [quantity_label(q, u) for q, u in [(0.25, "kg"), (0.75, "L"), (1.5, "L")]] == [
        "250\u00a0g",
        "75\u00a0cl",
        "1,5\u00a0L",
    ]
    with pytest.raises(ValueError):
        parse_price("EUR 3.49")
