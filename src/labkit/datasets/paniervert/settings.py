"""Reference period, sizes by scale factor, and the seeded random streams."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

DEFAULT_SEED = 42
GENERATOR_VERSION = "1.1.0"  # 1.1: no product version without a change

START = np.datetime64("2023-01-01T00:00:00", "s")  # the reference period, no now() anywhere
END = np.datetime64("2025-01-01T00:00:00", "s")  # exclusive
PERIOD_SECONDS = int((END - START) / np.timedelta64(1, "s"))
DAY = 86_400


@dataclass(frozen=True)
class Sizes:
    """Row counts for one scale factor: facts grow linearly, dimensions sub-linearly."""

    stores: int
    suppliers: int
    products: int
    customers: int
    orders: int
    clicks: int
    reviews: int
    gdpr_requests: int

    @classmethod
    def for_scale(cls, scale: float) -> Sizes:
        if scale <= 0:
            raise ValueError(f"scale must be positive, got {scale}")
        root = scale**0.5
        return cls(
            stores=max(5, round(40 * root)),
            suppliers=max(10, round(100 * root)),
            products=max(150, round(2_000 * root)),
            customers=max(500, round(20_000 * scale**0.8)),
            orders=max(1_000, round(150_000 * scale)),
            clicks=max(5_000, round(1_000_000 * scale)),
            reviews=max(200, round(15_000 * scale)),
            gdpr_requests=max(20, round(200 * scale**0.8)),
        )


def rng(seed: int, stream: str) -> np.random.Generator:
    """An independent random stream per component: adding one never shifts the others."""
    return np.random.default_rng([seed, zlib.crc32(stream.encode())])


def timestamps(seconds: np.ndarray) -> pd.Series:
    """Seconds since ``START`` as a timestamp column (second precision)."""
    return pd.Series(START + np.asarray(seconds, dtype=np.int64).astype("timedelta64[s]"))


def seconds_of(values: pd.Series) -> np.ndarray:
    """Inverse of :func:`timestamps`: seconds since ``START`` (negative before it)."""
    as_seconds = values.to_numpy().astype("datetime64[s]")
    return ((as_seconds - START) / np.timedelta64(1, "s")).astype(np.int64)


def choice(rng: np.random.Generator, pool, size: int, p=None) -> np.ndarray:
    """Sample ``size`` values from a pool (a tuple or list of strings) as an object array."""
    values = np.asarray(pool, dtype=object)
    return values[rng.choice(len(values), size=size, p=p)]
