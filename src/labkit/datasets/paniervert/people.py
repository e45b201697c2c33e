"""Vectorised French people: names, e-mails, phones and postal addresses."""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd

from labkit.datasets.paniervert import pools
from labkit.datasets.paniervert.settings import choice


def ascii_slug(text: str) -> str:
    """Lowercase ASCII without accents, spaces or apostrophes ('Lévêque' -> 'leveque')."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return plain.lower().replace(" ", "").replace("'", "").replace("-", "")


def names(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """First name, last name and sex ('F'/'M') of ``n`` people."""
    female = rng.random(n) < 0.52
    women, men = choice(rng, pools.FIRST_NAMES_F, n), choice(rng, pools.FIRST_NAMES_M, n)
    first = np.where(female, women, men)
    return pd.DataFrame(
        {"first_name": first, "last_name": choice(rng, pools.LAST_NAMES, n),
         "sex": np.where(female, "F", "M")}
    )


def full_names(rng: np.random.Generator, n: int) -> pd.Series:
    """'Prénom Nom' strings."""
    people = names(rng, n)
    return people["first_name"] + " " + people["last_name"]


def emails(rng: np.random.Generator, first: pd.Series, last: pd.Series) -> pd.Series:
    """Unique e-mails derived from the names, with realistic French domains."""
    f = first.map(ascii_slug)
    ln = last.map(ascii_slug)
    n = len(first)
    number = pd.Series(rng.integers(1, 99, n).astype(str))
    styles = [f + "." + ln, f + ln, f.str[0] + ln, f + "." + ln + number, ln + "." + f,
              f + "_" + ln]
    pick = rng.choice(len(styles), size=n, p=[0.35, 0.12, 0.15, 0.2, 0.1, 0.08])
    local = pd.Series(np.choose(pick, [s.to_numpy(dtype=object) for s in styles]))
    domain = pd.Series(choice(rng, pools.EMAIL_DOMAINS, n))
    while True:
        address = local + "@" + domain
        repeat = address.groupby(address).cumcount()
        if not repeat.any():
            return address.astype("str")
        local = local.where(repeat == 0, local + repeat.astype(str))


def phones(rng: np.random.Generator, region_codes: pd.Series) -> pd.Series:
    """National-format numbers ('06 12 34 56 78'): mobiles or the region's landline prefix."""
    n = len(region_codes)
    landline = region_codes.map(pools.LANDLINE_BY_REGION).fillna("09").to_numpy(dtype=object)
    mobile = choice(rng, pools.MOBILE_PREFIXES, n)
    prefix = np.where(rng.random(n) < 0.7, mobile, landline)
    rest = pd.Series(np.char.zfill(rng.integers(0, 10**8, n).astype(str), 8))
    pairs = [rest.str[i : i + 2] for i in range(0, 8, 2)]
    number = pd.Series(prefix)
    for pair in pairs:
        number = number + " " + pair
    return number.astype("str")


def street_addresses(rng: np.random.Generator, n: int) -> pd.Series:
    """'12 rue Victor Hugo' style street addresses."""
    number = rng.integers(1, 160, n).astype(str)
    bis = np.where(rng.random(n) < 0.04, " bis", "")
    kind = choice(rng, pools.STREET_TYPES, n)
    street = choice(rng, pools.STREET_NAMES, n)
    return pd.Series(number + bis + " " + kind + " " + street, dtype="str")


def places(rng: np.random.Generator, n: int, departements: list[str] | None = None) -> pd.DataFrame:
    """Address, postal code, city, département of ``n`` places (optionally within départements)."""
    communes = pd.DataFrame(pools.cities(), columns=["departement_code", "city", "postal_code"])
    if departements is not None:
        communes = communes[communes["departement_code"].isin(departements)].reset_index(drop=True)
    picked = communes.iloc[rng.integers(0, len(communes), n)].reset_index(drop=True)
    picked.insert(0, "address", street_addresses(rng, n))
    return picked
