"""Column kinds (numeric, text, boolean, date-time, other) and the message when they differ."""

from __future__ import annotations

from typing import Any

import pandas as pd
from pandas.api import types as ptypes

from labkit.checks import messages as m
from labkit.checks.messages import CheckFailed

NUMERIC, TEXT, BOOLEAN, DATETIME, OTHER = "numeric", "text", "boolean", "datetime", "other"

_INFERRED_KINDS: dict[str, str] = {
    "string": TEXT,
    "integer": NUMERIC,
    "floating": NUMERIC,
    "mixed-integer-float": NUMERIC,
    "decimal": NUMERIC,
    "boolean": BOOLEAN,
    "datetime64": DATETIME,
    "datetime": DATETIME,
    "date": DATETIME,
    "time": DATETIME,
    "period": DATETIME,
}


def _arrow_kind(arrow_type: Any) -> str:
    import pyarrow.types as pat

    if pat.is_boolean(arrow_type):
        return BOOLEAN
    if pat.is_integer(arrow_type) or pat.is_floating(arrow_type) or pat.is_decimal(arrow_type):
        return NUMERIC
    if pat.is_date(arrow_type) or pat.is_timestamp(arrow_type) or pat.is_time(arrow_type):
        return DATETIME
    if pat.is_string(arrow_type) or pat.is_large_string(arrow_type):
        return TEXT
    return TEXT if str(arrow_type) == "string_view" else OTHER


def _object_kind(series: pd.Series) -> str | None:
    inferred = ptypes.infer_dtype(series, skipna=True)
    return None if inferred == "empty" else _INFERRED_KINDS.get(inferred, OTHER)


def column_kind(series: pd.Series) -> str | None:
    """Kind of a column (numeric, text, boolean, datetime, other); None if untyped and empty."""
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return _object_kind(series.astype(object))
    if isinstance(dtype, pd.ArrowDtype):
        return _arrow_kind(dtype.pyarrow_dtype)
    if ptypes.is_object_dtype(dtype):
        return _object_kind(series)
    if ptypes.is_bool_dtype(dtype):
        return BOOLEAN
    if ptypes.is_complex_dtype(dtype):
        return OTHER
    if ptypes.is_numeric_dtype(dtype):
        return NUMERIC
    if ptypes.is_datetime64_any_dtype(dtype) or isinstance(dtype, pd.PeriodDtype):
        return DATETIME
    return TEXT if ptypes.is_string_dtype(dtype) else OTHER


def _kind_message(name: Any, wanted: str, got: str) -> str:
    return (
        f"La colonne {m.quote(name)} devrait contenir {m.KIND_WORDS[wanted]}, "
        f"mais elle contient {m.KIND_WORDS[got]}."
    )


def check_kinds(act_kinds: list[str | None], exp_kinds: list[str | None], names: list[Any]) -> None:
    """Fail on the first column whose kinds differ (an unknown kind, None, matches any)."""
    for name, got, wanted in zip(names, act_kinds, exp_kinds, strict=True):
        if got and wanted and got != wanted:
            raise CheckFailed(_kind_message(name, wanted, got))
