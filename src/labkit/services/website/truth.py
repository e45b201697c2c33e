"""Ground truth of the site for graders and tests (never served)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from labkit.services.website.data import Item, build_catalogue


def expected_item(item: Item) -> dict[str, Any]:
    """What a correct scraper extracts from a well-formed product page."""
    return {
        "url": item.url,
        "sku": item.sku,
        "name": item.name,
        "ean13": item.ean13,
        "category": item.category,
        "price_eur": item.price_eur,
        "old_price_eur": item.old_price_eur,
        "discount_pct": item.discount_pct,
        "unit_price_eur": item.unit_price_eur,
        "unit": item.unit,
        "in_stock": item.in_stock,
    }


def ground_truth(tables: dict[str, pd.DataFrame], seed: int = 42) -> dict[str, list[dict]]:
    """Expected items of the well-formed product pages; the malformed pages and their defect."""
    items = build_catalogue(tables, seed)
    return {
        "items": [expected_item(item) for item in items if item.malformation is None],
        "malformed": [
            {"url": item.url, "sku": item.sku, "kind": item.malformation}
            for item in items
            if item.malformation
        ],
    }
