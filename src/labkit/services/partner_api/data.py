"""The partner API's data: tables of the Panier Vert generator, prepared for serving."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from labkit.datasets.paniervert.clock import to_utc

# Columns served per resource, and the key each resource is sorted by.
COLUMNS: dict[str, list[str]] = {
    "products": [
        "product_id",
        "ean13",
        "name",
        "category",
        "subcategory",
        "organic",
        "label",
        "unit",
        "unit_price_eur",
        "supplier_id",
        "updated_at",
    ],
    "stock": ["store_id", "product_id", "quantity", "updated_at"],
    "deliveries": [
        "delivery_id",
        "order_id",
        "carrier",
        "tracking_number",
        "status",
        "shipped_at",
        "delivered_at",
        "updated_at",
    ],
}
KEYS: dict[str, list[str]] = {
    "products": ["product_id"],
    "stock": ["store_id", "product_id"],
    "deliveries": ["delivery_id"],
}


def load_tables(scale: float, seed: int) -> dict[str, pd.DataFrame]:
    """The tables served, read from the generated dataset (generated once if missing)."""
    from labkit.datasets import paniervert

    return {name: paniervert.load(name, scale, seed) for name in COLUMNS}


def _prepare(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Served columns only, timestamps in UTC, sorted by key, fresh index."""
    frame = frame[[c for c in COLUMNS[name] if c in frame.columns]].copy()
    for column in [c for c in frame.columns if c.endswith("_at")]:
        frame[column] = to_utc(pd.to_datetime(frame[column], format="ISO8601"))
    return frame.sort_values(KEYS[name], kind="stable").reset_index(drop=True)


def json_value(value: Any) -> Any:
    """A JSON-ready Python value: ISO 8601 timestamps, None for missing values."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of ``frame`` as JSON-ready dicts."""
    rows = frame.astype(object).to_dict("records")
    return [{key: json_value(value) for key, value in row.items()} for row in rows]


class PartnerData:
    """The served tables, with string views of id columns for exact-match filters."""

    def __init__(self, tables: dict[str, pd.DataFrame]) -> None:
        missing = sorted(set(COLUMNS) - set(tables))
        if missing:
            raise ValueError(f"tables manquantes pour l'API partenaires : {missing}")
        self.frames = {name: _prepare(tables[name], name) for name in COLUMNS}
        self._strings: dict[tuple[str, str], pd.Series] = {}

    def _as_str(self, name: str, column: str) -> pd.Series:
        if (name, column) not in self._strings:
            self._strings[name, column] = self.frames[name][column].astype(str)
        return self._strings[name, column]

    def select(
        self, name: str, since: pd.Timestamp | None = None, **equals: str | None
    ) -> pd.DataFrame:
        """Rows of table ``name`` updated at or after ``since`` whose columns equal ``equals``."""
        frame = self.frames[name]
        mask = pd.Series(True, index=frame.index)
        if since is not None:
            mask &= frame["updated_at"] >= since
        for column, value in equals.items():
            if value is not None:
                mask &= self._as_str(name, column) == value
        return frame[mask]
