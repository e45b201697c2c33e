"""High-volume data: web clickstream (JSON lines by day) and store sensors (Parquet by month)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from labkit.datasets.paniervert import output, pools
from labkit.datasets.paniervert.sales import LAST, WEB_HOURS, share
from labkit.datasets.paniervert.settings import DAY, PERIOD_SECONDS, START, Sizes, choice, rng

STEPS = ("page_view", "search", "add_to_cart", "remove_from_cart", "begin_checkout")
DEVICES = {"mobile": ("Android", "iOS"), "desktop": ("Windows", "macOS", "Linux"),
           "tablet": ("iPadOS", "Android")}
REFERRERS = ("direct", "google", "newsletter", "instagram", "facebook", "bing")
# Summer time in France (local naive instants): [start, end) per year, in seconds since START.
SUMMER = [(np.datetime64(a) - START).astype(int) for a in
          ("2023-03-26T02:00", "2023-10-29T03:00", "2024-03-31T02:00", "2024-10-27T03:00")]


def summer_time(seconds: np.ndarray) -> np.ndarray:
    """True where a local instant falls in French summer time (UTC+2)."""
    return ((seconds >= SUMMER[0]) & (seconds < SUMMER[1])) | (
        (seconds >= SUMMER[2]) & (seconds < SUMMER[3]))


def _sessions(r, sizes: Sizes, orders: pd.DataFrame) -> pd.DataFrame:
    """One session per e-shop order (ending in its purchase), plus browsing-only sessions."""
    web = orders[orders["channel"] == "eshop"]
    buy_len = 4 + r.poisson(5, len(web))
    rest = max(sizes.clicks - int(buy_len.sum()), 0)
    browse_len = 1 + r.poisson(6, rest // 7 + 1)
    days = r.integers(0, PERIOD_SECONDS // DAY, len(browse_len))
    hours = r.choice(24, len(browse_len), p=share(WEB_HOURS))
    return pd.DataFrame({
        "length": np.concatenate([buy_len, browse_len]),
        "end": np.concatenate([(web["ordered_at"] - pd.Timestamp(START)).dt.total_seconds()
                               .to_numpy(dtype=np.int64), days * DAY + hours * 3600 + 3000]),
        "order_id": np.concatenate([web["order_id"], np.zeros(len(browse_len), np.int64)]),
        "customer_id": np.concatenate([web["customer_id"].to_numpy(dtype=np.int64),
                                       np.zeros(len(browse_len), np.int64)]),
    })


def clickstream_frame(seed: int, sizes: Sizes, orders: pd.DataFrame, customers: pd.DataFrame,
                      products: pd.DataFrame, totals: pd.Series) -> pd.DataFrame:
    """Flat events (one row each), ordered by time."""
    r = rng(seed, "clickstream")
    s = _sessions(r, sizes, orders)
    browsing = s["order_id"].to_numpy() == 0
    logged = browsing & (r.random(len(s)) < 0.35)
    s.loc[logged, "customer_id"] = r.choice(customers["customer_id"].to_numpy(), logged.sum())
    kind = choice(r, list(DEVICES), len(s), p=[0.55, 0.38, 0.07])
    pick = r.integers(0, 6, len(s))
    os_ = [DEVICES[k][i % len(DEVICES[k])] for k, i in zip(kind, pick, strict=True)]
    length = s["length"].to_numpy()
    session = np.repeat(np.arange(len(s)), length)
    last = np.cumsum(length) - 1
    from_end = last[session] - np.arange(len(session))
    elapsed = np.cumsum(r.integers(5, 150, len(session)))
    ts = np.clip(s["end"].to_numpy()[session] - (elapsed[last][session] - elapsed), 0, LAST)
    buying = ~browsing[session]
    step = choice(r, STEPS, len(session), p=[0.6, 0.15, 0.15, 0.03, 0.07])
    event = np.where(buying & (from_end == 0), "purchase", step)
    n_products = len(products)
    frame = pd.DataFrame({
        "session": session, "ts": ts, "event_type": event,
        "customer_id": s["customer_id"].to_numpy()[session],
        "order_id": s["order_id"].to_numpy()[session],
        "product_id": r.integers(1, n_products + 1, len(session)),
        "device_type": kind[session], "device_os": np.asarray(os_, dtype=object)[session],
        "first": from_end == length[session] - 1,
    })
    frame["amount"] = frame["order_id"].map(totals).fillna(0.0)
    return frame.iloc[np.argsort(ts, kind="stable")].reset_index(drop=True)


CLICK_SQL = """
SELECT to_json({
  event_id: printf('%016x', event_id),
  ts: strftime(TIMESTAMP '2023-01-01' + to_seconds(ts), '%Y-%m-%dT%H:%M:%S')
      || CASE WHEN summer THEN '+02:00' ELSE '+01:00' END,
  session_id: printf('%012x', session * 7919 + 104729),
  customer_id: NULLIF(customer_id, 0), event_type: event_type,
  page: CASE WHEN event_type = 'search' THEN '/recherche'
             WHEN event_type = 'remove_from_cart' THEN '/panier'
             WHEN event_type = 'begin_checkout' THEN '/commande'
             WHEN event_type = 'purchase' THEN '/commande/confirmation'
             WHEN on_product THEN '/produit/' || product_id ELSE '/' END,
  product_id: CASE WHEN on_product THEN product_id END,
  device: {type: device_type, os: device_os},
  properties: CASE
    WHEN event_type = 'page_view' AND first THEN to_json({referrer: referrer})
    WHEN event_type = 'search' THEN to_json({query: query, results: results})
    WHEN event_type = 'add_to_cart' THEN to_json({quantity: quantity, price_eur: price_eur})
    WHEN event_type = 'purchase' THEN to_json({order_id: order_id, amount_eur: amount})
    ELSE '{}'::JSON END
})::VARCHAR AS line FROM events
"""


def _categories(r: np.random.Generator, pool, n: int) -> pd.Categorical:
    """``n`` values drawn from a pool, as a categorical (cheap to hand to DuckDB)."""
    return pd.Categorical.from_codes(r.integers(0, len(pool), n), categories=list(pool))


def json_lines(r: np.random.Generator, frame: pd.DataFrame, products: pd.DataFrame) -> list[str]:
    """One compact nested JSON document per event (rendered by DuckDB, in frame order)."""
    n = len(frame)
    terms = sorted({w.lower() for sub in pools.CATALOGUE.values() for *_, b in sub.values()
                    for w in b.split("|")})
    event = pd.Categorical(frame["event_type"], categories=[*STEPS, "purchase"])
    events = pd.DataFrame({
        "event_id": r.integers(0, 2**62, n), "ts": frame["ts"],
        "summer": summer_time(frame["ts"].to_numpy()), "session": frame["session"],
        "customer_id": frame["customer_id"], "event_type": event,
        "on_product": event.isin(["page_view", "add_to_cart"]) & ~frame["first"].to_numpy(),
        "product_id": frame["product_id"],
        "device_type": pd.Categorical(frame["device_type"]),
        "device_os": pd.Categorical(frame["device_os"]), "first": frame["first"],
        "referrer": _categories(r, REFERRERS, n), "query": _categories(r, terms, n),
        "results": r.integers(0, 60, n), "quantity": r.integers(1, 4, n),
        "price_eur": products["unit_price_eur"].to_numpy()[frame["product_id"] - 1],
        "order_id": frame["order_id"], "amount": frame["amount"].round(2),
    })
    with duckdb.connect() as con:
        con.execute("SET threads = 2; SET enable_progress_bar = false")
        con.register("events", events)
        return con.sql(CLICK_SQL).to_arrow_table().column("line").to_pylist()


def write_clickstream(seed: int, folder: Path, frame: pd.DataFrame,
                      products: pd.DataFrame) -> int:
    """Write ``day=YYYY-MM-DD/part-0.jsonl`` files of nested JSON events; return the count."""
    r = rng(seed, "clickstream-json")
    day = (frame["ts"].to_numpy() // DAY).astype(np.int64)
    bounds = np.searchsorted(day, np.arange(day.max() + 2))
    for first in range(0, int(day.max()) + 1, 30):  # a month at a time bounds the memory
        chunk = frame.iloc[bounds[first] : bounds[min(first + 30, len(bounds) - 1)]]
        lines = json_lines(r, chunk, products)
        offset = bounds[first]
        for d in np.unique(day[offset : offset + len(chunk)]):
            name = str(START.astype("datetime64[D]") + d)
            text = "\n".join(lines[bounds[d] - offset : bounds[d + 1] - offset]) + "\n"
            output.write_text(folder / f"day={name}" / "part-0.jsonl", text)
    return len(frame)


def sensors_frame(seed: int, stores: pd.DataFrame) -> pd.DataFrame:
    """Hourly fridge temperatures (with failures and glitches) and entrance counts, in 2024."""
    r = rng(seed, "sensors")
    hours = np.arange(365 * 24, (365 + 366) * 24)  # 2024 in hours since START
    fridges = [(s, f"S{s:03d}-F{k}") for s in stores["store_id"] for k in range(1, 2 + s % 3 + 1)]
    n_h = len(hours)
    temp = 3.5 + 0.4 * np.sin(2 * np.pi * (hours % 24) / 24) + r.normal(0, 0.3, (len(fridges), n_h))
    anomalies = _inject_fridge_anomalies(r, temp, fridges, hours)
    hour_of_day = hours % 24
    open_hours = (hour_of_day >= 8) & (hour_of_day < 20) & (((hours // 24) + 6) % 7 != 6)
    surface = stores["surface_m2"].to_numpy()[:, None]
    visitors = r.poisson(np.where(open_hours, surface / 12, 0) * np.ones((len(stores), 1)))
    parts = [
        _long(np.array([f[0] for f in fridges]), [f[1] for f in fridges],
              "temperature_frigo", hours, temp.round(2)),
        _long(stores["store_id"].to_numpy(), [f"S{s:03d}-E1" for s in stores["store_id"]],
              "comptage_entrees", hours, visitors.astype(float)),
    ]
    frame = pd.concat(parts, ignore_index=True)
    frame.attrs["anomalies"] = anomalies
    return frame


def _inject_fridge_anomalies(r, temp: np.ndarray, fridges: list, hours: np.ndarray) -> list[dict]:
    """Failures (slow rise for hours), glitches (-40/85 °C) and gaps (NaN); returns them."""
    found = []
    for row, (_, sensor) in enumerate(fridges):
        for _ in range(r.poisson(0.8)):
            start, length = int(r.integers(0, len(hours) - 24)), int(r.integers(3, 18))
            temp[row, start : start + length] += np.linspace(1.0, r.uniform(5, 10), length)
            found.append(_anomaly(sensor, "panne", hours[start], hours[start + length - 1]))
        for label, value in (("valeur_aberrante", None), ("valeur_manquante", np.nan)):
            for at in r.integers(0, len(hours), r.poisson(1.5)):
                temp[row, at] = value if value is not None else r.choice([-40.0, 85.0])
                found.append(_anomaly(sensor, label, hours[at], hours[at]))
    return found


def _anomaly(sensor: str, kind: str, first: int, last: int) -> dict:
    stamp = START.astype("datetime64[h]")
    return {"sensor_id": sensor, "anomaly": kind, "from": str(stamp + int(first)),
            "to": str(stamp + int(last))}


def _long(store_ids: np.ndarray, sensor_ids: list[str], kind: str, hours: np.ndarray,
          values: np.ndarray) -> pd.DataFrame:
    """Sensors x hours matrix as rows (store_id, sensor_id, kind, ts, value)."""
    n_h = len(hours)
    return pd.DataFrame({
        "store_id": np.repeat(store_ids, n_h),
        "sensor_id": np.repeat(np.asarray(sensor_ids, dtype=object), n_h),
        "kind": kind,
        "ts": START + (np.tile(hours, len(sensor_ids)) * 3600).astype("timedelta64[s]"),
        "value": values.ravel(),
    })


def write_sensors(folder: Path, frame: pd.DataFrame) -> int:
    """Write ``month=YYYY-MM/part-0.parquet`` files and ``_anomalies.json``; return rows."""
    month = frame["ts"].to_numpy().astype("datetime64[M]")
    for m in np.unique(month):
        part = frame[month == m].sort_values(["store_id", "sensor_id", "ts"], kind="stable")
        output.write_parquet(part, folder / f"month={m}" / "part-0.parquet")
    output.write_json(folder / "_anomalies.json", frame.attrs.get("anomalies", []))
    return len(frame)
