"""Reduce a table to canonical rows: tuples of hashable values that compare as they should.

Numbers become floats, dates and timestamps UTC microseconds (a DATE equals the TIMESTAMP
at midnight), text becomes str, and every flavour of null becomes None.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from pandas.api import types as ptypes

from labkit.checks import messages as m
from labkit.checks.kinds import DATETIME, NUMERIC, TEXT

Row = tuple[Any, ...]


def _hashable(value: Any) -> Any:
    """A hashable stand-in for any cell, with every flavour of null mapped to None."""
    if m.is_null(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return tuple(sorted((str(k), _hashable(v)) for k, v in value.items()))
    if isinstance(value, list | tuple | np.ndarray):
        return tuple(_hashable(v) for v in value)
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def _numbers(series: pd.Series) -> list[Any]:
    if ptypes.is_object_dtype(series.dtype) or isinstance(series.dtype, pd.CategoricalDtype):
        series = pd.to_numeric(series.astype(object), errors="coerce")
    values = series.to_numpy(dtype="float64", na_value=np.nan)
    return [None if v != v else v for v in values.tolist()]


def _micros(values: np.ndarray) -> list[Any]:
    """datetime64 values as integer microseconds since the epoch (NaT -> None)."""
    ints = values.astype("datetime64[us]").astype("int64").astype(object)
    ints[np.isnat(values)] = None
    return ints.tolist()


def _instant(value: Any) -> Any:
    """Dates and date-times as naive UTC microseconds (DATE == TIMESTAMP at midnight)."""
    if isinstance(value, pd.Period):
        value = value.to_timestamp()
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return _hashable(value)  # e.g. datetime.time: compared as is
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return _micros(np.array([stamp.to_datetime64()]))[0]


def _datetimes(series: pd.Series) -> list[Any]:
    if ptypes.is_datetime64_any_dtype(series.dtype) and not isinstance(series.dtype, pd.ArrowDtype):
        if getattr(series.dtype, "tz", None) is not None:
            series = series.dt.tz_convert("UTC").dt.tz_localize(None)
        return _micros(series.to_numpy(dtype="datetime64[us]"))
    return [None if m.is_null(v) else _instant(v) for v in series.to_numpy(dtype=object)]


def _texts(series: pd.Series) -> list[Any]:
    return [None if m.is_null(v) else str(v) for v in series.to_numpy(dtype=object)]


def _canonical(series: pd.Series, kind: str | None) -> list[Any]:
    if kind == NUMERIC:
        return _numbers(series)
    if kind == DATETIME:
        return _datetimes(series)
    if kind == TEXT:
        return _texts(series)
    return [_hashable(v) for v in series.to_numpy(dtype=object)]


def canonical_rows(frame: pd.DataFrame, positions: list[int], kinds: list[str | None]) -> list[Row]:
    """The rows of ``frame`` restricted to ``positions``, each cell read as its column kind."""
    columns = [_canonical(frame.iloc[:, p], k) for p, k in zip(positions, kinds, strict=True)]
    if not columns:
        return [()] * len(frame)
    return list(zip(*columns, strict=True))
