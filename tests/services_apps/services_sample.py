"""Small hand-built case-study tables, and app factories serving them (for uvicorn)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from labkit.services import partner_api, website

CATEGORIES = [
    ("Fruits et légumes", "Fruits", "kg", "Pommes Gala"),
    ("Fruits et légumes", "Légumes", "kg", "Carottes"),
    ("Crèmerie", "Fromages", "pièce", "Comté 18 mois 250 g"),
    ("Crèmerie", "Lait", "l", "Lait entier 1 l"),
    ("Épicerie salée", "Huiles et vinaigres", "l", "Huile d'olive 75 cl"),
    ("Épicerie sucrée", "Biscuits", "pièce", "Sablés au beurre"),
]
N_PRODUCTS, N_STORES, N_DELIVERIES = 90, 3, 57
START = pd.Timestamp("2024-01-01", tz="UTC")


def ean13(body: int) -> str:
    """A valid EAN-13 from a 12-digit body."""
    digits = f"{body:012d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


def products() -> pd.DataFrame:
    ids = np.arange(1, N_PRODUCTS + 1)
    kinds = [CATEGORIES[i % len(CATEGORIES)] for i in ids]
    return pd.DataFrame(
        {
            "product_id": ids,
            "ean13": [ean13(376_000_000_000 + i) for i in ids],
            "name": [
                f"{k[3]} n°{i}" if k[2] == "kg" else k[3] for i, k in zip(ids, kinds, strict=True)
            ],
            "category": [k[0] for k in kinds],
            "subcategory": [k[1] for k in kinds],
            "organic": ids % 3 != 0,
            "label": pd.Series(np.where(ids % 3 != 0, "AB", None), dtype="str"),
            "unit": [k[2] for k in kinds],
            "unit_price_eur": np.round(1.49 + (ids * 37 % 100) / 10, 2),
            "supplier_id": ids % 7 + 1,
            "updated_at": START + pd.to_timedelta(ids * 3, unit="D"),
        }
    )


def stock() -> pd.DataFrame:
    stores, items = np.meshgrid(np.arange(1, N_STORES + 1), np.arange(1, N_PRODUCTS + 1))
    n = stores.size
    return pd.DataFrame(
        {
            "store_id": stores.ravel(),
            "product_id": items.ravel(),
            "quantity": np.arange(n) * 7 % 50,
            "updated_at": START + pd.to_timedelta(np.arange(n) % 120, unit="D"),
        }
    )


def deliveries() -> pd.DataFrame:
    ids = np.arange(1, N_DELIVERIES + 1)
    shipped = START + pd.to_timedelta(ids * 2, unit="D")
    delivered = pd.Series(shipped + pd.Timedelta(days=2)).where(ids % 4 != 0)
    return pd.DataFrame(
        {
            "delivery_id": ids,
            "order_id": ids * 10,
            "carrier": np.where(ids % 2, "Colissimo", "Chronopost"),
            "tracking_number": [f"PV{i:08d}FR" for i in ids],
            "status": np.where(ids % 4 == 0, "in_transit", "delivered"),
            "shipped_at": shipped,
            "delivered_at": delivered,
            "updated_at": shipped + pd.Timedelta(hours=5),
        }
    )


def tables() -> dict[str, pd.DataFrame]:
    return {"products": products(), "stock": stock(), "deliveries": deliveries()}


def api_app():
    """The partner API on the sample tables (settings from the environment)."""
    return partner_api.create_app(tables())


def website_app():
    """The competitor's site on the sample tables."""
    return website.create_app(tables())
