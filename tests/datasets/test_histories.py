"""Histories: contiguous non-overlapping intervals whose current row is the clean table."""

from __future__ import annotations

import pandas as pd
import pytest

HISTORIES = {
    "store_history": ("stores", "store_id", ["address", "postal_code", "city", "manager_name"]),
    "product_history": ("products", "product_id", ["category", "subcategory", "unit_price_eur"]),
    "customer_history": ("customers", "customer_id", ["address", "postal_code", "city"]),
}


@pytest.mark.parametrize("name", list(HISTORIES))
def test_intervals_are_contiguous_and_do_not_overlap(clean, name: str) -> None:
    _, key, _ = HISTORIES[name]
    history = clean[name].sort_values([key, "valid_from"])
    following = history.groupby(key)["valid_from"].shift(-1)
    assert (history["valid_to"].isna() == following.isna()).all()
    closed = history["valid_to"].notna()
    assert (history.loc[closed, "valid_to"] == following[closed]).all()
    assert (history.loc[closed, "valid_from"] < history.loc[closed, "valid_to"]).all()


@pytest.mark.parametrize("name", list(HISTORIES))
def test_current_row_equals_the_clean_table(clean, name: str) -> None:
    table, key, columns = HISTORIES[name]
    current = clean[name][clean[name]["valid_to"].isna()].set_index(key)[columns].sort_index()
    expected = clean[table].set_index(key)[columns].sort_index()
    pd.testing.assert_frame_equal(current, expected, check_dtype=False)


@pytest.mark.parametrize("name", list(HISTORIES))
def test_some_entities_really_change(clean, name: str) -> None:
    _, key, _ = HISTORIES[name]
    assert clean[name][key].duplicated().any()


def test_catalogue_reorganisation_changes_categories(clean) -> None:
    history = clean["product_history"]
    moved = history.groupby("product_id")["category"].nunique()
    assert (moved > 1).any()
    assert (clean["products"].set_index("product_id")["updated_at"]
            == history.groupby("product_id")["valid_from"].max()).all()


@pytest.mark.parametrize("name", list(HISTORIES))
def test_every_new_version_changes_something(clean, name: str) -> None:
    """A type 2 version without any change would teach learners a wrong history."""
    _, key, columns = HISTORIES[name]
    history = clean[name].sort_values([key, "valid_from"])
    previous = history.groupby(key)[columns].shift(1)
    follows = history[key].eq(history[key].shift(1))
    same = (history[columns].astype(str) == previous.astype(str)).all(axis=1)
    repeated = history[follows & same]
    assert repeated.empty, f"{len(repeated)} versions repeat the previous one:\n{repeated.head()}"
