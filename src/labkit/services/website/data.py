"""The competitor's catalogue, derived deterministically from the case-study products.

Bio&Co Marché sells a subset of Panier Vert's products (same EAN-13) in packs of
its own, at its own prices, with promotions and stock-outs, and a few product
pages that are malformed on purpose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from labkit.services.website.formatting import quantity_label, slugify

MAX_ITEMS = 600
MALFORMATIONS = ("unclosed_tags", "missing_price", "price_format")
DISCOUNTS = np.array([10, 15, 20, 25, 30, 40, 50])
PACKS = {"kg": np.array([0.25, 0.5, 1.0, 2.0]), "L": np.array([0.5, 0.75, 1.0, 1.5])}
UNIT_KINDS = {"kg": "kg", "g": "kg", "l": "L", "cl": "L", "ml": "L", "litre": "L"}
SIZE_IN_NAME = re.compile(r"\s(\d+)\s?(g|kg|cl|ml|l)$", re.IGNORECASE)
SIZE_UNITS = {
    "g": ("kg", 0.001),
    "kg": ("kg", 1.0),
    "ml": ("L", 0.001),
    "cl": ("L", 0.01),
    "l": ("L", 1.0),
}


def load_tables(scale: float, seed: int) -> dict[str, pd.DataFrame]:
    """The tables served, read from the generated dataset (generated once if missing)."""
    from labkit.datasets import paniervert

    return {name: paniervert.load(name, scale, seed) for name in ("products",)}


@dataclass(frozen=True)
class Item:
    """One product as the competitor sells it."""

    sku: str
    name: str
    ean13: str
    category: str
    label: str | None
    unit: str  # "kg", "L" or "pièce"
    quantity: float  # pack size in ``unit`` (1 for pieces)
    price_eur: float  # price paid today (after promotion)
    old_price_eur: float | None  # crossed-out price, promotions only
    discount_pct: int | None
    in_stock: bool
    updated: str  # ISO date, for the sitemap
    malformation: str | None = None

    @property
    def slug(self) -> str:
        return f"{slugify(self.name)}-{self.sku.lower()}"

    @property
    def url(self) -> str:
        return f"/produit/{self.slug}"

    @property
    def category_slug(self) -> str:
        return slugify(self.category)

    @property
    def pack(self) -> str:
        return quantity_label(self.quantity, self.unit)

    @property
    def unit_price_eur(self) -> float:
        return round(self.price_eur / self.quantity, 2)


def _pack(name: str, unit: object, draw: int) -> tuple[str, float, float]:
    """``(unit kind, pack quantity, price multiplier)`` of a product.

    A size in the name ("Huile d'olive 75 cl") is the pack; otherwise goods sold by
    weight or volume get a pack size drawn from PACKS, and the rest sell by the piece.
    """
    sized = SIZE_IN_NAME.search(name)
    per_unit = str(unit).strip().lower() in UNIT_KINDS
    if sized:
        number, symbol = int(sized[1]), sized[2].lower()
        quantity = number * SIZE_UNITS[symbol][1]
        return SIZE_UNITS[symbol][0], quantity, quantity if per_unit else 1.0
    kind = UNIT_KINDS.get(str(unit).strip().lower(), "pièce")
    if kind in PACKS:
        quantity = float(PACKS[kind][draw % len(PACKS[kind])])
        return kind, quantity, quantity
    return "pièce", 1.0, 1.0


def _pick(products: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """The competitor's assortment: about 70 % of the products, at most MAX_ITEMS."""
    products = products.sort_values("product_id", kind="stable").reset_index(drop=True)
    keep = rng.random(len(products)) < 0.7
    return products[keep].head(MAX_ITEMS).reset_index(drop=True)


def _item(row: pd.Series, draws: dict[str, np.ndarray], i: int) -> Item:
    unit, quantity, multiplier = _pack(str(row["name"]), row.get("unit"), draws["pack"][i])
    price = max(
        0.2, round(float(row["unit_price_eur"]) * multiplier * float(draws["factor"][i]), 2)
    )
    discount = int(DISCOUNTS[draws["discount"][i]]) if draws["promo"][i] else None
    paid = round(price * (1 - discount / 100), 2) if discount else price
    label = row.get("label")
    return Item(
        sku=f"BC-{i + 1:05d}",
        name=str(row["name"]),
        ean13=str(row["ean13"]),
        category=str(row["category"]),
        label=str(label) if pd.notna(label) and label else None,
        unit=unit,
        quantity=quantity,
        price_eur=paid,
        old_price_eur=price if discount else None,
        discount_pct=discount,
        in_stock=bool(draws["stock"][i]),
        updated=pd.Timestamp(row.get("updated_at", "2024-01-01")).date().isoformat(),
    )


def build_catalogue(tables: dict[str, pd.DataFrame], seed: int) -> list[Item]:
    """The competitor's items, the same for the same tables and seed."""
    rng = np.random.default_rng([seed, 2024])
    products = _pick(tables["products"], rng)
    n = len(products)
    draws = {
        "pack": rng.integers(0, 4, n),
        "factor": rng.uniform(0.85, 1.25, n),
        "promo": rng.random(n) < 0.15,
        "discount": rng.integers(0, len(DISCOUNTS), n),
        "stock": rng.random(n) >= 0.08,
    }
    items = [_item(row, draws, i) for i, (_, row) in enumerate(products.iterrows())]
    broken = sorted(rng.choice(n, size=min(3, n // 5), replace=False)) if n else []
    for kind, index in zip(MALFORMATIONS, broken, strict=False):
        items[index] = replace(items[index], malformation=kind)
    return items


@dataclass
class Catalogue:
    """The items with the lookups the pages need."""

    items: list[Item]
    page_size: int = 12
    by_slug: dict[str, Item] = field(init=False)
    categories: dict[str, str] = field(init=False)  # slug -> name, sorted by slug

    def __post_init__(self) -> None:
        self.by_slug = {item.slug: item for item in self.items}
        names = {item.category_slug: item.category for item in self.items}
        self.categories = dict(sorted(names.items()))

    def in_category(self, slug: str) -> list[Item]:
        return [item for item in self.items if item.category_slug == slug]

    def pages(self, slug: str) -> int:
        """Number of listing pages of a category (at least 1)."""
        return max(1, -(-len(self.in_category(slug)) // self.page_size))

    def page(self, slug: str, number: int) -> list[Item]:
        start = (number - 1) * self.page_size
        return self.in_category(slug)[start : start + self.page_size]

    def promotions(self, count: int = 8) -> list[Item]:
        return [item for item in self.items if item.discount_pct][:count]
