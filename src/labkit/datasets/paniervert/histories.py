"""Validity-interval histories (SCD type 2): stores, products and customers that change.

Built backwards from the clean table, so the current row (``valid_to`` null) of every
history equals the clean table. Intervals are half-open: ``[valid_from, valid_to)``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from labkit.datasets.paniervert import people, pools
from labkit.datasets.paniervert.settings import DAY, PERIOD_SECONDS, rng, seconds_of, timestamps

Mutator = Callable[[np.random.Generator, pd.DataFrame, pd.DataFrame], pd.DataFrame]
REORGANISED_AT = np.datetime64("2024-03-01T00:00:00", "s")


def change_times(r: np.random.Generator, first: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``counts[i]`` change instants for entity i, after its first version and before END."""
    lower = np.repeat(np.maximum(first, -365 * DAY), counts)
    span = PERIOD_SECONDS - DAY - lower
    return lower + 1 + (r.random(len(lower)) * (span - 1)).astype(np.int64)


def build(
    r: np.random.Generator,
    current: pd.DataFrame,
    key: str,
    columns: list[str],
    first_from: pd.Series,
    events: pd.DataFrame,
    mutate: Mutator,
) -> pd.DataFrame:
    """Walk each entity's change ``events`` (key, at, kind) backwards from its current state."""
    state = current.set_index(key)[columns].copy()
    events = events.drop_duplicates([key, "at"])
    events = events.sort_values([key, "at"], ascending=[True, False]).reset_index(drop=True)
    back = events.groupby(key).cumcount()
    versions = [state.assign(valid_to=pd.NaT, _last=True)]
    for step in range(int(back.max()) + 1 if len(events) else 0):
        event = events[back == step].set_index(key)
        before = mutate(r, state.loc[event.index].copy(), event)
        state.loc[event.index, columns] = before[columns]
        versions.append(before.assign(valid_to=event["at"], _last=False))
    history = pd.concat(versions).rename_axis(key).reset_index()
    history = history.sort_values([key, "_last", "valid_to"], kind="stable").reset_index(drop=True)
    previous_end = history.groupby(key)["valid_to"].shift(1)
    first = history[key].map(first_from.set_axis(current[key]))
    history.insert(1, "valid_from", previous_end.fillna(first).astype("datetime64[s]"))
    history["valid_to"] = history["valid_to"].astype("datetime64[s]")
    return history.drop(columns="_last")[[key, "valid_from", "valid_to", *columns]]


def _random_events(r, current, key, first, share, most) -> pd.DataFrame:
    """Random change events for a ``share`` of entities, 1..``most`` each."""
    counts = np.where(r.random(len(current)) < share, r.integers(1, most + 1, len(current)), 0)
    at = change_times(r, seconds_of(first), counts)
    return pd.DataFrame({key: np.repeat(current[key].to_numpy(), counts), "at": timestamps(at)})


def store_history(seed: int, stores: pd.DataFrame) -> pd.DataFrame:
    """Stores that moved (new address) or changed manager."""
    r = rng(seed, "store_history")
    first = pd.to_datetime(stores["opened_on"]).astype("datetime64[s]")
    events = _random_events(r, stores, "store_id", first, 0.35, 2)
    events["kind"] = r.choice(["manager", "move", "both"], len(events), p=[0.6, 0.25, 0.15])
    columns = ["address", "postal_code", "city", "manager_name"]
    return build(r, stores, "store_id", columns, first, events, _store_before)


def _store_before(r, state: pd.DataFrame, event: pd.DataFrame) -> pd.DataFrame:
    n = len(state)
    new_manager = event["kind"].isin(["manager", "both"]).to_numpy()
    state.loc[new_manager, "manager_name"] = people.full_names(r, n)[new_manager].to_numpy()
    moved = ~event["kind"].eq("manager").to_numpy()
    state.loc[moved, "address"] = people.street_addresses(r, n)[moved].to_numpy()
    return state


def customer_history(seed: int, customers: pd.DataFrame) -> pd.DataFrame:
    """Customers who moved house (address, postal code, city)."""
    r = rng(seed, "customer_history")
    events = _random_events(r, customers, "customer_id", customers["created_at"], 0.1, 2)
    columns = ["address", "postal_code", "city"]
    return build(r, customers, "customer_id", columns, customers["created_at"], events,
                 _customer_before)


def _customer_before(r, state: pd.DataFrame, event: pd.DataFrame) -> pd.DataFrame:
    place = people.places(r, len(state))
    state[["address", "postal_code", "city"]] = place[["address", "postal_code", "city"]].to_numpy()
    return state


def product_history(seed: int, products: pd.DataFrame) -> pd.DataFrame:
    """Price changes, and the 2024-03-01 catalogue reorganisation (category changes)."""
    r = rng(seed, "product_history")
    events = _random_events(r, products, "product_id", products["created_at"], 0.45, 3)
    events["kind"] = "price"
    moved = products[[(c, s) in pools.REORGANISED for c, s in
                      zip(products["category"], products["subcategory"], strict=False)]]
    reorg = pd.DataFrame({"product_id": moved["product_id"], "at": REORGANISED_AT,
                          "kind": "category"})
    events = pd.concat([events[~events["product_id"].isin(reorg["product_id"])
                               | (events["at"] != REORGANISED_AT)], reorg])
    columns = ["category", "subcategory", "unit_price_eur"]
    return build(r, products, "product_id", columns, products["created_at"], events,
                 _product_before)


def _product_before(r, state: pd.DataFrame, event: pd.DataFrame) -> pd.DataFrame:
    price = event["kind"].eq("price").to_numpy()
    change = r.uniform(-0.08, 0.2, len(state))
    old = (state["unit_price_eur"] / (1 + change)).round(2)
    unchanged = old.eq(state["unit_price_eur"])  # a tiny change rounds to the same cents
    old[unchanged] = (state["unit_price_eur"][unchanged] + 0.01).round(2)
    state.loc[price, "unit_price_eur"] = old[price].to_numpy()
    former = [pools.REORGANISED.get((c, s), c) for c, s in
              zip(state["category"], state["subcategory"], strict=False)]
    state.loc[~price, "category"] = np.asarray(former, dtype=object)[~price]
    return state


def last_change(history: pd.DataFrame, key: str) -> pd.Series:
    """Start of each entity's current version (its ``updated_at``), indexed by key."""
    return history.groupby(key)["valid_from"].max()

