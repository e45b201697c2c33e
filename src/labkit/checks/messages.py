"""French wording for check failures: the exception type and value/row formatting.

Everything shown to learners goes through these helpers, which only ever receive the
learner's own values, never the reference ones.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

MAX_TEXT = 40  # longest value shown before truncation
MAX_ROW_COLUMNS = 12  # widest row shown before truncation

KIND_WORDS: dict[str, str] = {
    "numeric": "des nombres",
    "text": "du texte",
    "boolean": "des booléens (vrai/faux)",
    "datetime": "des dates ou des horodatages",
    "other": "des valeurs d'un autre type (listes, structures…)",
}


class CheckFailed(AssertionError):
    """A learner's answer does not match; the message is in French and reveals no answer."""


def cap(text: str) -> str:
    """Capitalise the first letter only (``"votre résultat"`` -> ``"Votre résultat"``)."""
    return text[:1].upper() + text[1:]


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """``"1 ligne"``, ``"0 ligne"``, ``"3 lignes"`` (French: singular below 2)."""
    word = singular if abs(n) < 2 else (plural_form or singular + "s")
    return f"{n} {word}"


def quote(name: Any) -> str:
    """A column name between single quotes."""
    return f"'{name}'"


def quote_all(names: Iterable[Any]) -> str:
    """``'a', 'b'``: quoted names separated by commas."""
    return ", ".join(quote(n) for n in names)


def first_line(exc: BaseException) -> str:
    """First line of an exception's text, or its type name when the text is empty."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def is_null(value: Any) -> bool:
    """Scalar-safe null test: None, NaN, pd.NA and NaT (never raises on lists)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return bool(np.isnan(value))
    if isinstance(value, np.datetime64 | np.timedelta64):
        return bool(np.isnat(value))
    return False


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def format_value(value: Any) -> str:
    """Learner-facing rendering of one cell: ``'UA'``, ``12``, ``12.5``, ``NULL``."""
    if is_null(value):
        return "NULL"
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, str):
        return repr(_shorten(value))
    if isinstance(value, bool | int | float):
        return repr(value)
    if isinstance(value, decimal.Decimal | pd.Timestamp | dt.date | dt.time):
        return str(value)
    return _shorten(repr(value))


def format_row(names: Sequence[Any], values: Sequence[Any]) -> str:
    """``{carrier: 'UA', n: 12}``, truncated after a dozen columns."""
    cells = [f"{n}: {format_value(v)}" for n, v in zip(names, values, strict=True)]
    if len(cells) > MAX_ROW_COLUMNS:
        cells = [*cells[:MAX_ROW_COLUMNS], "…"]
    return "{" + ", ".join(cells) + "}"
