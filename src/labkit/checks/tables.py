"""Turn whatever a learner produced into a pandas DataFrame.

Accepted: a DataFrame, a DuckDB relation, a pyarrow Table (or RecordBatch / reader) or a
list of dicts. Anything else (a Series, None, ...) fails with a French hint.
"""

from __future__ import annotations

import sys
from typing import Any

import pandas as pd

from labkit.checks import messages as m
from labkit.checks.messages import CheckFailed
from labkit.checks.quiet import quiet

_SERIES_HINT = (
    "Le résultat est une Series pandas, pas un tableau : "
    "utilisez .reset_index() ou .to_frame() pour obtenir un DataFrame."
)


def is_instance_of(obj: Any, module: str, name: str) -> bool:
    """isinstance against ``module.name`` without importing the module (if absent, False)."""
    cls = getattr(sys.modules.get(module), name, None)
    return isinstance(cls, type) and isinstance(obj, cls)


def _not_a_table(result: Any) -> CheckFailed:
    text = (
        "Le résultat doit être un tableau (DataFrame pandas ou relation DuckDB), "
        f"pas un objet de type {type(result).__name__}."
    )
    if result is None:
        text += " Avez-vous bien affecté votre résultat à la variable attendue ?"
    return CheckFailed(text)


def _relation_to_frame(relation: Any) -> pd.DataFrame:
    try:
        return relation.df()
    except Exception as exc:
        raise CheckFailed(f"Votre résultat n'a pas pu être calculé : {m.first_line(exc)}") from None


def _arrow_to_frame(result: Any) -> pd.DataFrame | None:
    pa = sys.modules.get("pyarrow")
    if pa is None:
        return None
    if isinstance(result, pa.RecordBatchReader):
        return result.read_all().to_pandas()
    if isinstance(result, pa.Table | pa.RecordBatch):
        return result.to_pandas()
    return None


def learner_frame(result: Any) -> pd.DataFrame:
    """The learner's result as a DataFrame (not silenced); CheckFailed if it is no table."""
    if isinstance(result, pd.DataFrame):
        return result
    if isinstance(result, pd.Series):
        raise CheckFailed(_SERIES_HINT)
    if is_instance_of(result, "duckdb", "DuckDBPyRelation"):
        return _relation_to_frame(result)
    frame = _arrow_to_frame(result)
    if frame is not None:
        return frame
    if isinstance(result, list) and all(isinstance(row, dict) for row in result):
        return pd.DataFrame(result)
    raise _not_a_table(result)


def reference_frame(expected: Any) -> pd.DataFrame:
    """The test author's reference as a DataFrame; TypeError (an authoring bug) if no table."""
    try:
        return learner_frame(expected)
    except CheckFailed:
        raise TypeError(f"expected: unsupported type {type(expected).__name__}") from None


def to_frame(result: Any) -> pd.DataFrame:
    """Turn a learner's result into a pandas DataFrame.

    Accepts a DataFrame, a DuckDB relation, a pyarrow Table (or RecordBatch / reader) or a
    list of dicts; anything else raises :class:`CheckFailed` with a French message.
    """
    with quiet():
        return learner_frame(result)
