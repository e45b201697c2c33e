"""The chain's dimensions: régions, départements, stores, suppliers, products, customers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from labkit.datasets.paniervert import identifiers, people, pools, reference
from labkit.datasets.paniervert.settings import DAY, PERIOD_SECONDS, Sizes, choice, rng, timestamps

BEFORE_PERIOD = 8 * 365 * DAY  # history reaches back to 2015


def with_region(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``region_code`` from the département reference."""
    region = reference.read("departements").set_index("departement_code")["region_code"]
    return frame.assign(region_code=frame["departement_code"].map(region).astype("str"))


def regions() -> pd.DataFrame:
    return reference.read("regions")


def departements() -> pd.DataFrame:
    return reference.read("departements")


def stores(seed: int, sizes: Sizes) -> pd.DataFrame:
    """Shops: a code, a place in a pooled commune, a manager, a surface, an opening date."""
    r = rng(seed, "stores")
    n = sizes.stores
    frame = with_region(people.places(r, n))
    rank = frame.groupby("city").cumcount()
    suffix = np.where(rank > 0, " " + (rank + 1).astype(str), "")
    opened = timestamps(-r.integers(30 * DAY, 15 * 365 * DAY, n)).dt.normalize().dt.date
    frame.insert(0, "store_id", np.arange(1, n + 1))
    frame.insert(1, "store_code", [f"PV{i:03d}" for i in range(1, n + 1)])
    frame.insert(2, "name", ("Panier Vert " + frame["city"] + suffix).astype("str"))
    return frame.assign(
        manager_name=people.full_names(r, n),
        surface_m2=(r.integers(12, 90, n) * 10).astype(np.int64),
        opened_on=opened,
    )


def suppliers(seed: int, sizes: Sizes) -> pd.DataFrame:
    """Local producers: valid SIRET, a commune, an organic certifier, a specialty category."""
    r = rng(seed, "suppliers")
    n = sizes.suppliers
    place = people.places(r, n)
    kind = choice(r, pools.SUPPLIER_KINDS, n)
    of_city = np.where(place["city"].str[0].isin(list("AEIOUÉ")), "d'", "de ") + place["city"]
    owner = np.where(r.random(n) < 0.5, choice(r, pools.LAST_NAMES, n), of_city)
    certifier = np.where(r.random(n) < 0.9, choice(r, pools.CERTIFIERS, n), None)
    return pd.DataFrame(
        {
            "supplier_id": np.arange(1, n + 1),
            "siret": identifiers.siret_codes(r, n),
            "name": (pd.Series(kind) + " " + pd.Series(owner)).astype("str"),
            "departement_code": place["departement_code"],
            "city": place["city"],
            "organic_certifier": pd.Series(certifier, dtype="str"),
            "specialty": choice(r, list(pools.CATALOGUE), n),
            "created_at": timestamps(-r.integers(DAY, BEFORE_PERIOD, n)),
        }
    )


def catalogue_rows() -> pd.DataFrame:
    """One row per subcategory of the pooled catalogue, with its unit and price range."""
    rows = [
        (cat, sub, unit, low, high, bases.split("|"))
        for cat, subs in pools.CATALOGUE.items()
        for sub, (unit, low, high, bases) in subs.items()
    ]
    return pd.DataFrame(rows, columns=["category", "subcategory", "unit", "low", "high", "bases"])


def products(seed: int, sizes: Sizes, supplier_frame: pd.DataFrame) -> pd.DataFrame:
    """Products with a valid EAN-13 (supplier prefix), a 2-level category, label, unit, price."""
    r = rng(seed, "products")
    n = sizes.products
    subs = catalogue_rows()
    weight = np.where(subs["category"] == "Fruits et légumes", 3.0, 1.0)
    row = subs.iloc[r.choice(len(subs), n, p=weight / weight.sum())].reset_index(drop=True)
    pick = r.integers(0, 997, n)
    base = [bases[i % len(bases)] for bases, i in zip(row["bases"], pick, strict=True)]
    fmt = [pools.PRODUCT_FORMATS[u][i % len(pools.PRODUCT_FORMATS[u])] for u, i in
           zip(row["unit"], r.integers(0, 997, n), strict=False)]
    name = pd.Series(base) + choice(r, pools.QUALIFIERS, n) + pd.Series(fmt)
    supplier_id = _supplier_for(r, row["category"], supplier_frame)
    certified = supplier_frame.set_index("supplier_id")["organic_certifier"].notna()
    organic = certified.loc[supplier_id].to_numpy() & (r.random(n) < 0.9)
    price = row["low"] + r.random(n) * (row["high"] - row["low"])
    rank = pd.Series(supplier_id).groupby(supplier_id).cumcount().to_numpy()
    bodies = 300_000_000_000 + (370_000 + supplier_id) * 100_000 + rank
    return pd.DataFrame(
        {
            "product_id": np.arange(1, n + 1),
            "ean13": identifiers.ean13_codes(bodies),
            "name": name.astype("str"),
            "category": row["category"].astype("str"),
            "subcategory": row["subcategory"].astype("str"),
            "organic": organic,
            "label": pd.Series(np.where(organic, choice(r, pools.ORGANIC_LABELS, n), None),
                               dtype="str"),
            "unit": row["unit"].astype("str"),
            "unit_price_eur": np.maximum(np.round(price, 1) - 0.01, 0.49).round(2),
            "supplier_id": supplier_id,
            "created_at": timestamps(-r.integers(DAY, BEFORE_PERIOD, n)),
        }
    )


def _supplier_for(r: np.random.Generator, category: pd.Series, frame: pd.DataFrame) -> np.ndarray:
    """A supplier whose specialty is the product's category (any supplier when none is)."""
    out = r.choice(frame["supplier_id"].to_numpy(), len(category))
    for cat, idx in category.groupby(category).groups.items():
        candidates = frame.loc[frame["specialty"] == cat, "supplier_id"].to_numpy()
        if len(candidates):
            out[np.asarray(idx)] = r.choice(candidates, len(idx))
    return out


def customers(seed: int, sizes: Sizes) -> pd.DataFrame:
    """Loyalty members and e-shop accounts, with personal data and dated consents."""
    r = rng(seed, "customers")
    n = sizes.customers
    who = people.names(r, n)
    place = with_region(people.places(r, n))
    created = np.where(r.random(n) < 0.7, -r.integers(DAY, BEFORE_PERIOD, n),
                       r.integers(0, PERIOD_SECONDS - 30 * DAY, n))
    age_years = np.clip(r.normal(47, 15, n), 18, 92)
    age_days = (age_years * 365.25 * DAY).astype(np.int64) + r.integers(0, 300 * DAY, n)
    ids = np.arange(1, n + 1)
    loyalty = np.where(r.random(n) < 0.88, identifiers.ean13_codes(290_000_000_000 + ids), None)
    frame = pd.DataFrame(
        {
            "customer_id": ids,
            "loyalty_id": pd.Series(loyalty, dtype="str"),
            "first_name": who["first_name"].astype("str"),
            "last_name": who["last_name"].astype("str"),
            "sex": who["sex"].astype("str"),
            "email": people.emails(r, who["first_name"], who["last_name"]),
            "phone": people.phones(r, place["region_code"]),
            "address": place["address"],
            "postal_code": place["postal_code"].astype("str"),
            "city": place["city"].astype("str"),
            "departement_code": place["departement_code"].astype("str"),
            "birth_date": timestamps(PERIOD_SECONDS - age_days).dt.normalize().dt.date,
            "created_at": timestamps(created),
        }
    )
    for purpose, share in (("marketing", 0.55), ("profiling", 0.3)):
        given, when = _consent(r, created, share)
        frame[f"consent_{purpose}"] = given
        frame[f"consent_{purpose}_at"] = timestamps(when).where(given)
    return frame


def _consent(r: np.random.Generator, created: np.ndarray, share: float):
    """Who consented, and when: at sign-up for most, later for the others."""
    n = len(created)
    given = r.random(n) < share
    later = np.maximum(created, 0) + (r.random(n) * (PERIOD_SECONDS - np.maximum(created, 0)))
    when = np.where(r.random(n) < 0.6, created, later.astype(np.int64))
    return given, when
