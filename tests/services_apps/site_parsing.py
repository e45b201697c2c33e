"""A small strict parser of the competitor's pages, as a learner would write it."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

PRICE = re.compile(r"^(\d{1,3}(?:\u202f\d{3})*),(\d{2})\u00a0€$")
DISCOUNT = re.compile(r"^-(\d+)\u00a0%$")


def parse_price(text: str) -> float:
    """``"1 249,50 €"`` (French format, non-breaking spaces) → ``1249.5``; ValueError otherwise."""
    match = PRICE.match(text.strip())
    if not match:
        raise ValueError(f"not a French price: {text!r}")
    return float(match[1].replace("\u202f", "") + "." + match[2])


def parse_unit_price(text: str) -> tuple[float, str]:
    """``"6,98 € / kg"`` → ``(6.98, "kg")``."""
    price, unit = text.strip().split("\u00a0/\u00a0")
    return parse_price(price), unit


def parse_product(html: str) -> dict:
    """The fields of a well-formed product page (raises on a malformed one)."""
    page = BeautifulSoup(html, "lxml").select_one("article.product-detail")
    old, promo = page.select_one(".price-old"), page.select_one(".promo")
    unit_price, unit = parse_unit_price(page.select_one(".unit-price").get_text())
    return {
        "sku": page["data-sku"],
        "name": page.select_one("h1.product-name").get_text(strip=True),
        "ean13": page.select_one(".ean").get_text(strip=True),
        "price_eur": parse_price(page.select_one(".price").get_text()),
        "old_price_eur": parse_price(old.get_text()) if old else None,
        "discount_pct": int(DISCOUNT.match(promo.get_text(strip=True))[1]) if promo else None,
        "unit_price_eur": unit_price,
        "unit": unit,
        "in_stock": page.select_one(".out-of-stock") is None,
    }


def defects(html: str) -> set[str]:
    """What is wrong with a product page: unclosed_tags, missing_price, price_format."""
    found = set()
    if "</html>" not in html or html.count("<span") != html.count("</span>"):
        found.add("unclosed_tags")
    price = BeautifulSoup(html, "lxml").select_one("article.product-detail .price")
    if price is None:
        found.add("missing_price")
    elif not PRICE.match(price.get_text().strip()):
        found.add("price_format")
    return found
