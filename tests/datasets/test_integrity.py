"""Clean tables: keys, foreign keys, valid codes, coherent facts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from labkit.datasets import paniervert
from labkit.datasets.paniervert import sales

FOREIGN_KEYS = [  # (table, column, referenced table, referenced column)
    ("departements", "region_code", "regions", "region_code"),
    ("stores", "departement_code", "departements", "departement_code"),
    ("stores", "region_code", "regions", "region_code"),
    ("suppliers", "departement_code", "departements", "departement_code"),
    ("products", "supplier_id", "suppliers", "supplier_id"),
    ("customers", "departement_code", "departements", "departement_code"),
    ("orders", "customer_id", "customers", "customer_id"),
    ("orders", "store_id", "stores", "store_id"),
    ("order_lines", "order_id", "orders", "order_id"),
    ("order_lines", "product_id", "products", "product_id"),
    ("payments", "order_id", "orders", "order_id"),
    ("deliveries", "order_id", "orders", "order_id"),
    ("stock", "store_id", "stores", "store_id"),
    ("stock", "product_id", "products", "product_id"),
    ("reviews", "customer_id", "customers", "customer_id"),
    ("reviews", "product_id", "products", "product_id"),
    ("gdpr_requests", "customer_id", "customers", "customer_id"),
    ("store_history", "store_id", "stores", "store_id"),
    ("product_history", "product_id", "products", "product_id"),
    ("customer_history", "customer_id", "customers", "customer_id"),
]
PRIMARY_KEYS = {"regions": ["region_code"], "departements": ["departement_code"],
                "stores": ["store_id"], "suppliers": ["supplier_id"], "products": ["product_id"],
                "customers": ["customer_id"], "orders": ["order_id"],
                "order_lines": ["order_id", "line_no"], "payments": ["payment_id"],
                "deliveries": ["delivery_id"], "stock": ["store_id", "product_id"],
                "reviews": ["review_id"], "gdpr_requests": ["request_id"],
                "store_history": ["store_id", "valid_from"],
                "product_history": ["product_id", "valid_from"],
                "customer_history": ["customer_id", "valid_from"]}


def test_every_table_is_there_and_not_empty(clean) -> None:
    assert list(clean) == list(paniervert.TABLES)
    assert all(len(frame) for frame in clean.values())


@pytest.mark.parametrize("table", list(PRIMARY_KEYS))
def test_primary_keys_are_unique(clean, table: str) -> None:
    assert not clean[table].duplicated(PRIMARY_KEYS[table]).any()


@pytest.mark.parametrize(("table", "column", "ref", "ref_column"), FOREIGN_KEYS,
                         ids=[f"{t}.{c}" for t, c, *_ in FOREIGN_KEYS])
def test_foreign_keys_resolve(clean, table, column, ref, ref_column) -> None:
    values = clean[table][column].dropna()
    assert values.isin(clean[ref][ref_column]).all()


def test_codes_are_valid_and_unique(clean) -> None:
    assert clean["products"]["ean13"].map(paniervert.is_valid_ean13).all()
    assert clean["suppliers"]["siret"].map(paniervert.is_valid_siret).all()
    assert clean["customers"]["loyalty_id"].dropna().map(paniervert.is_valid_ean13).all()
    assert clean["products"]["ean13"].is_unique and clean["suppliers"]["siret"].is_unique
    assert clean["customers"]["email"].is_unique


def test_places_are_consistent(clean) -> None:
    for table in ("stores", "customers"):
        frame = clean[table]
        assert (frame["postal_code"].str[:2] == frame["departement_code"].str[:2]).all()
    phone = r"^0[1-79]( \d\d){4}$"
    assert clean["customers"]["phone"].str.match(phone).all()


def test_enumerations(clean) -> None:
    assert set(clean["orders"]["channel"]) == {"magasin", "eshop"}
    assert set(clean["orders"]["status"]) <= {"payée", "livrée", "annulée", "remboursée",
                                              "en_cours"}
    assert set(clean["payments"]["method"]) <= {"carte", "espèces", "ticket_restaurant",
                                                "virement"}
    assert set(clean["products"]["unit"]) <= {"kg", "pièce", "l", "botte"}
    assert set(clean["gdpr_requests"]["type"]) <= {"accès", "effacement", "rectification",
                                                   "opposition"}
    assert clean["reviews"]["rating"].between(1, 5).all()


def test_channels_stores_and_deliveries_agree(clean) -> None:
    orders = clean["orders"]
    eshop = orders["channel"] == "eshop"
    assert orders.loc[eshop, "store_id"].isna().all()
    assert orders.loc[~eshop, "store_id"].notna().all()
    assert orders.loc[eshop, "customer_id"].notna().all()
    delivered = orders.set_index("order_id").loc[clean["deliveries"]["order_id"]]
    assert (delivered["channel"] == "eshop").all()
    assert (delivered["status"] != "annulée").all()


def test_payments_balance_orders(clean) -> None:
    orders = clean["orders"].set_index("order_id")
    paid = clean["payments"].groupby("order_id")["amount_eur"].sum()
    totals = sales.order_totals(clean["order_lines"])
    settled = orders.index[orders["status"].isin(["payée", "livrée", "en_cours"])]
    assert np.allclose(paid.loc[settled], totals.loc[settled], atol=0.011)
    assert not orders.loc[orders["status"] == "annulée"].index.isin(paid.index).any()


def test_times_stay_in_the_reference_period(clean) -> None:
    start, end = pd.Timestamp("2023-01-01"), pd.Timestamp("2025-01-01")
    for table, column in [("orders", "ordered_at"), ("orders", "updated_at"),
                          ("payments", "paid_at"), ("reviews", "created_at")]:
        assert clean[table][column].between(start, end, inclusive="left").all(), column
    orders = clean["orders"]
    assert (orders["updated_at"] >= orders["ordered_at"]).all()


def test_line_prices_come_from_the_product_history(clean) -> None:
    lines = clean["order_lines"].merge(clean["orders"][["order_id", "ordered_at"]])
    history = clean["product_history"]
    sample = lines.sample(200, random_state=0)
    for row in sample.itertuples():
        versions = history[(history["product_id"] == row.product_id)
                           & (history["valid_from"] <= row.ordered_at)
                           & ~(history["valid_to"] <= row.ordered_at)]
        assert versions["unit_price_eur"].tolist() == [row.unit_price_eur]
