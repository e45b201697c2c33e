"""Facts: orders (stores and e-shop), order lines, payments, deliveries, stock."""

from __future__ import annotations

import numpy as np
import pandas as pd

from labkit.datasets.paniervert import pools
from labkit.datasets.paniervert.settings import (
    DAY,
    PERIOD_SECONDS,
    Sizes,
    choice,
    rng,
    seconds_of,
    timestamps,
)

LAST = PERIOD_SECONDS - 1  # the last second of the reference period
HOUR = 3600
STORE_HOURS = [3, 5, 6, 7, 9, 7, 5, 6, 8, 11, 12, 9]  # 8h..19h
WEB_HOURS = [1] * 7 + [3, 4, 5, 5, 6, 7, 6, 5, 5, 6, 7, 9, 11, 12, 10, 6, 3]


def share(weights) -> np.ndarray:
    """Weights normalised into probabilities."""
    w = np.asarray(weights, dtype=float)
    return w / w.sum()


def order_times(r: np.random.Generator, eshop: np.ndarray) -> np.ndarray:
    """Seconds since START: busier Saturdays, Decembers and later months; shop hours in stores."""
    days = np.arange(PERIOD_SECONDS // DAY)
    weekday = (days + 6) % 7  # 2023-01-01 was a Sunday; 0 = Monday
    weight = np.array([1.0, 1.0, 1.1, 1.2, 1.4, 1.8, 0.35])[weekday] * (1 + days / len(days))
    weight *= np.where(timestamps(days * DAY).dt.month == 12, 1.3, 1.0)
    n = len(eshop)
    day = r.choice(days, n, p=share(weight))
    hour = np.where(eshop, r.choice(24, n, p=share(WEB_HOURS)),
                    r.choice(np.arange(8, 20), n, p=share(STORE_HOURS)))
    return day * DAY + hour * HOUR + r.integers(0, HOUR, n)


def _store_customers(r, order_dep: np.ndarray, customers: pd.DataFrame) -> np.ndarray:
    """Loyalty members of the store's département (any member where none lives there)."""
    members = customers[customers["loyalty_id"].notna()]
    fondness = r.gamma(0.6, 1.0, len(members))
    out = np.zeros(len(order_dep), dtype=np.int64)
    for dep in np.unique(order_dep):
        mask = order_dep == dep
        local = (members["departement_code"] == dep).to_numpy()
        local = local if local.any() else np.ones(len(members), dtype=bool)
        ids = members["customer_id"].to_numpy()[local]
        out[mask] = r.choice(ids, mask.sum(), p=share(fondness[local]))
    return out


def _lifecycle(r: np.random.Generator, at: np.ndarray, eshop: np.ndarray) -> dict:
    """Status, update, shipping and delivery instants (seconds), all before END."""
    n = len(at)
    ship = at + r.integers(4 * HOUR, 48 * HOUR, n)
    deliver = ship + r.integers(6 * HOUR, 72 * HOUR, n)
    u = r.random(n)
    in_store = np.select([u < 0.015, u < 0.035], ["annulée", "remboursée"], "payée")
    online = np.select([u < 0.04, ship > LAST, deliver > LAST, u < 0.08],
                       ["annulée", "payée", "en_cours", "remboursée"], "livrée")
    status = np.where(eshop, online, in_store)
    later = r.integers(DAY, 15 * DAY, n)
    updated = np.select(
        [status == "annulée", (status == "remboursée") & ~eshop, status == "remboursée",
         status == "livrée", status == "en_cours"],
        [at + r.integers(60, 3 * HOUR, n), at + later, deliver + later, deliver, ship],
        at,
    )
    return {"status": status, "updated": np.minimum(updated, LAST), "ship": ship,
            "deliver": deliver}


def orders(seed: int, sizes: Sizes, stores: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
    """Receipts and web orders, sorted by time; private ``_ship``/``_deliver`` feed deliveries."""
    r = rng(seed, "orders")
    n = sizes.orders
    eshop = r.random(n) < 0.2
    store_id = r.choice(stores["store_id"].to_numpy(), n, p=share(stores["surface_m2"]))
    dep = stores["departement_code"].to_numpy()[store_id - 1]
    customer = np.where(eshop, r.choice(customers["customer_id"].to_numpy(), n),
                        _store_customers(r, dep, customers))
    anonymous = ~eshop & (r.random(n) < 0.4)
    at = order_times(r, eshop)
    created = seconds_of(customers["created_at"])[customer - 1]
    early = ~anonymous & (at < created)
    at[early] = created[early] + (r.random(early.sum()) * (LAST - created[early])).astype(np.int64)
    life = _lifecycle(r, at, eshop)
    frame = pd.DataFrame(
        {
            "customer_id": pd.array(customer, dtype="Int64").copy(),
            "store_id": pd.array(store_id, dtype="Int64").copy(),
            "channel": pd.Series(np.where(eshop, "eshop", "magasin"), dtype="str"),
            "ordered_at": timestamps(at),
            "status": pd.Series(life["status"], dtype="str"),
            "updated_at": timestamps(life["updated"]),
            "_ship": life["ship"],
            "_deliver": life["deliver"],
        }
    )
    frame.loc[anonymous, "customer_id"] = pd.NA
    frame.loc[eshop, "store_id"] = pd.NA
    frame = frame.iloc[np.argsort(at, kind="stable")].reset_index(drop=True)
    frame.insert(0, "order_id", np.arange(1, n + 1))
    return frame


def prices_at(history: pd.DataFrame, product_id: np.ndarray, at: pd.Series) -> np.ndarray:
    """Unit price of each product at each instant, looked up in the product history."""
    offset = 10**10  # makes every instant positive in the combined key
    hist = history.sort_values(["product_id", "valid_from"])
    keys = hist["product_id"].to_numpy() * 10**11 + seconds_of(hist["valid_from"]) + offset
    wanted = product_id * 10**11 + seconds_of(at) + offset
    return hist["unit_price_eur"].to_numpy()[np.searchsorted(keys, wanted, side="right") - 1]


def order_lines(seed: int, orders: pd.DataFrame, products: pd.DataFrame,
                product_history: pd.DataFrame) -> pd.DataFrame:
    """1..n lines an order; prices as they were on the order date; a few discounts."""
    r = rng(seed, "order_lines")
    eshop = (orders["channel"] == "eshop").to_numpy()
    counts = 1 + np.where(eshop, r.poisson(3.5, len(orders)), r.poisson(1.8, len(orders)))
    order_id = np.repeat(orders["order_id"].to_numpy(), counts)
    line_no = np.arange(len(order_id)) - np.repeat(np.cumsum(counts) - counts, counts) + 1
    product_id = r.choice(products["product_id"].to_numpy(), len(order_id),
                          p=share(r.gamma(0.7, 1.0, len(products))))
    by_weight = (products["unit"].to_numpy() == "kg")[product_id - 1]
    quantity = np.where(by_weight, np.round(r.gamma(2.0, 0.4, len(order_id)) + 0.1, 3),
                        1 + r.poisson(0.4, len(order_id)))
    price = prices_at(product_history, product_id, orders["ordered_at"].iloc[order_id - 1])
    rate = np.where(r.random(len(order_id)) < 0.08, choice(r, (0.1, 0.2, 0.3), len(order_id)), 0)
    return pd.DataFrame(
        {
            "order_id": order_id,
            "line_no": line_no,
            "product_id": product_id,
            "quantity": quantity.astype(float),
            "unit_price_eur": price,
            "discount_eur": np.round(price * quantity * rate.astype(float), 2),
        }
    )


def order_totals(lines: pd.DataFrame) -> pd.Series:
    """Amount due per order id: sum of rounded line amounts minus discounts."""
    amount = (lines["quantity"] * lines["unit_price_eur"]).round(2) - lines["discount_eur"]
    return amount.groupby(lines["order_id"]).sum().round(2)


def payments(seed: int, orders: pd.DataFrame, lines: pd.DataFrame) -> pd.DataFrame:
    """One payment per paid order, a few split with meal vouchers, negative refunds."""
    r = rng(seed, "payments")
    paid = orders[orders["status"] != "annulée"].reset_index(drop=True)
    total = order_totals(lines).loc[paid["order_id"]].to_numpy()
    eshop = (paid["channel"] == "eshop").to_numpy()
    n = len(paid)
    method = np.where(eshop, choice(r, ("carte", "virement"), n, p=[0.93, 0.07]),
                      choice(r, ("carte", "espèces", "ticket_restaurant"), n, p=[0.72, 0.2, 0.08]))
    at = seconds_of(paid["ordered_at"])
    delay = np.select([method == "virement", eshop], [r.integers(DAY, 3 * DAY, n),
                                                      r.integers(5, 60, n)], 0)
    split = ~eshop & (method != "espèces") & (total > 12) & (r.random(n) < 0.06)
    voucher = np.where(split, np.minimum(np.round(total * r.uniform(0.3, 0.7, n), 2), 25.0), 0)
    method = np.where(split, "carte", method)
    refund = (paid["status"] == "remboursée").to_numpy()
    parts = [
        (paid["order_id"], method, total - voucher, np.minimum(at + delay, LAST)),
        (paid["order_id"][split], "ticket_restaurant", voucher[split], at[split]),
        (paid["order_id"][refund], method[refund], -total[refund],
         seconds_of(paid["updated_at"])[refund]),
    ]
    frame = pd.concat(
        [pd.DataFrame({"order_id": o, "method": m, "amount_eur": np.round(a, 2), "_at": t})
         for o, m, a, t in parts], ignore_index=True,
    ).sort_values(["_at", "order_id"], kind="stable").reset_index(drop=True)
    frame.insert(0, "payment_id", np.arange(1, len(frame) + 1))
    frame["method"] = frame["method"].astype("str")
    return frame.assign(paid_at=timestamps(frame.pop("_at")))


def tracking_numbers(r: np.random.Generator, carrier: np.ndarray) -> np.ndarray:
    """Carrier-shaped tracking numbers."""
    n = len(carrier)
    digits = np.char.zfill(r.integers(0, 10**11, n).astype(str), 11)
    forms = {"Colissimo": np.char.add("6A", digits),
             "Chronopost": np.char.add(np.char.add("XW", digits), "FR"),
             "Panier Vert Livraison": np.char.add("PVL-", digits),
             "Stuart": np.char.add("ST", digits)}
    out = np.empty(n, dtype=object)
    for name, values in forms.items():
        out[carrier == name] = values[carrier == name]
    return out


def deliveries(seed: int, orders: pd.DataFrame) -> pd.DataFrame:
    """Home deliveries of the e-shop orders that were not cancelled."""
    r = rng(seed, "deliveries")
    web = orders[(orders["channel"] == "eshop") & (orders["status"] != "annulée")]
    n = len(web)
    carrier = choice(r, pools.CARRIERS, n, p=[0.45, 0.2, 0.25, 0.1])
    status = web["status"].map({"payée": "en_préparation", "en_cours": "expédiée",
                                "livrée": "livrée", "remboursée": "retournée"})
    shipped = timestamps(web["_ship"]).where((status != "en_préparation").to_numpy())
    delivered = timestamps(web["_deliver"]).where(status.isin(["livrée", "retournée"]).to_numpy())
    return pd.DataFrame(
        {
            "delivery_id": np.arange(1, n + 1),
            "order_id": web["order_id"].to_numpy(),
            "carrier": pd.Series(carrier, dtype="str"),
            "tracking_number": pd.Series(tracking_numbers(r, carrier), dtype="str"),
            "status": status.astype("str").to_numpy(),
            "shipped_at": shipped.to_numpy(),
            "delivered_at": delivered.to_numpy(),
            "updated_at": web["updated_at"].to_numpy(),
        }
    )


def stock(seed: int, stores: pd.DataFrame, products: pd.DataFrame) -> pd.DataFrame:
    """End-of-period stock: each store carries about 60 % of the catalogue."""
    r = rng(seed, "stock")
    carried = r.random((len(stores), len(products))) < 0.6
    store_idx, product_idx = np.nonzero(carried)
    n = len(store_idx)
    by_weight = (products["unit"].to_numpy() == "kg")[product_idx]
    quantity = np.where(by_weight, np.round(r.gamma(2.0, 6.0, n), 1), r.integers(0, 80, n))
    return pd.DataFrame(
        {
            "store_id": stores["store_id"].to_numpy()[store_idx],
            "product_id": products["product_id"].to_numpy()[product_idx],
            "quantity": quantity.astype(float),
            "updated_at": timestamps(LAST - r.integers(0, 3 * DAY, n)),
        }
    )
