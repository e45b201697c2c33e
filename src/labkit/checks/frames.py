"""Compare a learner's table (DataFrame, DuckDB relation, SQL query) with a reference one.

The checks run in a fixed order (columns, column kinds, row count, content, row order) and
stop at the first problem with a kind French message. Messages may quote the learner's
own values and rows, never the reference ones.

Content is compared as a multiset of rows. Every cell is first reduced to a canonical,
hashable value (numbers -> float, dates and timestamps -> UTC microseconds, every null ->
None). An exact multiset pass pairs identical rows; the rows left over are then grouped by
their non-float cells and paired within a float tolerance (the ``numpy.isclose`` rule),
each learner row taking the closest reference row still free.
"""

from __future__ import annotations

import bisect
import io
import math
import sys
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import numpy as np
import pandas as pd
from pandas.api import types as ptypes

from labkit.checks import messages as m
from labkit.checks.messages import CheckFailed

NUMERIC, TEXT, BOOLEAN, DATETIME, OTHER = "numeric", "text", "boolean", "datetime", "other"
MAX_EXAMPLES = 3

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

Row = tuple[Any, ...]


# --------------------------------------------------------------------------- plumbing


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence warnings and stray prints: nbgrader fails a test cell that writes to stderr."""
    with (
        warnings.catch_warnings(),
        redirect_stdout(io.StringIO()),
        redirect_stderr(io.StringIO()),
    ):
        warnings.simplefilter("ignore")
        yield


def _is_instance(obj: Any, module: str, name: str) -> bool:
    """isinstance against ``module.name`` without importing the module (if absent, False)."""
    cls = getattr(sys.modules.get(module), name, None)
    return isinstance(cls, type) and isinstance(obj, cls)


# --------------------------------------------------------------------------- to_frame


_SERIES_HINT = (
    "Le résultat est une Series pandas, pas un tableau : "
    "utilisez .reset_index() ou .to_frame() pour obtenir un DataFrame."
)


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


def _to_frame(result: Any) -> pd.DataFrame:
    if isinstance(result, pd.DataFrame):
        return result
    if isinstance(result, pd.Series):
        raise CheckFailed(_SERIES_HINT)
    if _is_instance(result, "duckdb", "DuckDBPyRelation"):
        return _relation_to_frame(result)
    frame = _arrow_to_frame(result)
    if frame is not None:
        return frame
    if isinstance(result, list) and all(isinstance(row, dict) for row in result):
        return pd.DataFrame(result)
    raise _not_a_table(result)


def to_frame(result: Any) -> pd.DataFrame:
    """Turn a learner's result into a pandas DataFrame.

    Accepts a DataFrame, a DuckDB relation, a pyarrow Table (or RecordBatch / reader) or a
    list of dicts; anything else raises :class:`CheckFailed` with a French message.
    """
    with _quiet():
        return _to_frame(result)


def _reference_frame(expected: Any) -> pd.DataFrame:
    try:
        return _to_frame(expected)
    except CheckFailed:
        raise TypeError(f"expected: unsupported type {type(expected).__name__}") from None


# --------------------------------------------------------------------------- columns


def _squash(name: Any) -> str:
    return "".join(str(name).split()).lower()


def _column_hints(actual: pd.DataFrame, missing: list[Any], extra: list[Any]) -> list[str]:
    lookalikes = {_squash(c): c for c in extra}
    index_names = [n for n in actual.index.names if n is not None]
    hints = []
    for name in missing:
        if _squash(name) in lookalikes:
            hints.append(
                f"Votre colonne {m.quote(lookalikes[_squash(name)])} ressemble à "
                f"{m.quote(name)} : les noms doivent être identiques "
                "(attention aux majuscules et aux espaces)."
            )
        elif name in index_names:
            hints.append(
                f"La colonne {m.quote(name)} se trouve dans l'index de votre DataFrame : "
                "pensez à .reset_index()."
            )
    return hints


def _column_problems(actual: pd.DataFrame, wanted: Sequence[Any], label: str) -> list[str]:
    present = list(actual.columns)
    missing = [c for c in wanted if c not in present]
    extra = list(dict.fromkeys(c for c in present if c not in set(wanted)))
    problems = []
    if missing:
        what = "la colonne" if len(missing) == 1 else "les colonnes"
        problems.append(f"Il manque {what} {m.quote_all(missing)} dans {label}.")
    if extra:
        what = "une colonne inattendue" if len(extra) == 1 else "des colonnes inattendues"
        problems.append(f"{m.cap(label)} contient {what} : {m.quote_all(extra)}.")
    return problems + _column_hints(actual, missing, extra)


def _duplicate_columns(actual: pd.DataFrame, label: str) -> list[str]:
    counts = Counter(actual.columns)
    return [
        f"La colonne {m.quote(name)} apparaît {n} fois dans {label}."
        for name, n in counts.items()
        if n > 1
    ]


def _align_by_position(actual: pd.DataFrame, expected: pd.DataFrame, label: str) -> list[int]:
    n_act, n_exp = actual.shape[1], expected.shape[1]
    if n_act != n_exp:
        trend = "il en manque" if n_act < n_exp else "il y en a trop"
        raise CheckFailed(
            f"{m.cap(label)} a {m.plural(n_act, 'colonne')} ; "
            f"le nombre attendu est différent ({trend})."
        )
    return list(range(n_act))


def _align_columns(
    actual: pd.DataFrame, expected: pd.DataFrame, check_names: bool, label: str
) -> list[int]:
    """Positions of the learner's columns, in the reference column order."""
    if not check_names:
        return _align_by_position(actual, expected, label)
    problems = _column_problems(actual, list(expected.columns), label)
    problems += _duplicate_columns(actual, label)
    if problems:
        raise CheckFailed(" ".join(problems))
    return [actual.columns.get_loc(name) for name in expected.columns]


# --------------------------------------------------------------------------- kinds


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


def _check_kinds(
    act_kinds: list[str | None], exp_kinds: list[str | None], names: list[Any]
) -> None:
    for name, got, wanted in zip(names, act_kinds, exp_kinds, strict=True):
        if got and wanted and got != wanted:
            raise CheckFailed(_kind_message(name, wanted, got))


# --------------------------------------------------------------------------- canonical rows


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


def _rows(frame: pd.DataFrame, positions: list[int], kinds: list[str | None]) -> list[Row]:
    columns = [_canonical(frame.iloc[:, p], k) for p, k in zip(positions, kinds, strict=True)]
    if not columns:
        return [()] * len(frame)
    return list(zip(*columns, strict=True))


# --------------------------------------------------------------------------- multiset match


def _close(a: float, e: float, rtol: float, atol: float) -> bool:
    """``numpy.isclose`` for two non-null floats: ``|a - e| <= atol + rtol * |e|``."""
    return a == e or abs(a - e) <= atol + rtol * abs(e)


def _gap(vector: Sequence[float], other: Sequence[float]) -> float:
    return sum(0.0 if a == e else abs(a - e) for a, e in zip(vector, other, strict=True))


class _TolerantPool:
    """Reference float vectors of one row signature, consumed by close learner vectors.

    The vectors are sorted on their most selective float so that a learner vector only
    scans the window of candidates that can be within tolerance (bisect).
    """

    def __init__(self, vectors: list[tuple[float, ...]], rtol: float, atol: float) -> None:
        width = len(vectors[0])
        self.axis = max(range(width), key=lambda c: len({v[c] for v in vectors}))
        self.vectors = sorted(vectors, key=itemgetter(self.axis))
        self.keys = [v[self.axis] for v in self.vectors]
        self.free = [True] * len(vectors)
        self.rtol, self.atol = rtol, atol

    def _window(self, value: float) -> range:
        if self.rtol >= 1:
            return range(len(self.keys))
        lo = hi = value
        if math.isfinite(value):
            # |a-b| <= atol + rtol|b|  implies  |a-b| <= (atol + rtol|a|) / (1-rtol)
            half = (self.atol + self.rtol * abs(value)) / (1 - self.rtol) * (1 + 1e-9)
            lo, hi = value - half, value + half
        return range(bisect.bisect_left(self.keys, lo), bisect.bisect_right(self.keys, hi))

    def _is_close(self, vector: Sequence[float], other: Sequence[float]) -> bool:
        return all(_close(a, e, self.rtol, self.atol) for a, e in zip(vector, other, strict=True))

    def take(self, vector: tuple[float, ...]) -> bool:
        """Consume the closest free reference vector within tolerance; False if none."""
        best, best_gap = -1, math.inf
        for c in self._window(vector[self.axis]):
            if self.free[c] and self._is_close(vector, self.vectors[c]):
                gap = _gap(vector, self.vectors[c])
                if gap < best_gap:
                    best, best_gap = c, gap
        if best < 0:
            return False
        self.free[best] = False
        return True

    def remaining(self) -> int:
        return sum(self.free)


_FLOAT = object()  # marks a non-null float cell in a row signature


def _signature(row: Row, numeric: frozenset[int]) -> Row:
    return tuple(_FLOAT if k in numeric and v is not None else v for k, v in enumerate(row))


def _vector(row: Row, numeric: frozenset[int]) -> tuple[float, ...]:
    return tuple(v for k, v in enumerate(row) if k in numeric and v is not None)


def _exact_match(act: list[Row], exp: list[Row]) -> tuple[list[int], list[int]]:
    """Multiset match on exact canonical values: (unmatched learner, unmatched reference)."""
    pool: dict[Row, list[int]] = defaultdict(list)
    for j, row in enumerate(exp):
        pool[row].append(j)
    left = []
    for i, row in enumerate(act):
        bucket = pool.get(row)
        if bucket:
            bucket.pop()
        else:
            left.append(i)
    return left, [j for bucket in pool.values() for j in bucket]


@dataclass
class _Comparison:
    """The two tables reduced to canonical rows, in the reference column order."""

    learner: pd.DataFrame
    positions: list[int]  # learner column positions, in reference order
    names: list[Any]  # learner column names, in reference order
    act: list[Row]
    exp: list[Row]
    numeric: frozenset[int]  # columns compared with a tolerance
    rtol: float
    atol: float
    label: str

    def unmatched(self) -> tuple[list[int], int]:
        """Learner rows without a reference partner, and the number of reference rows left."""
        left, rest = _exact_match(self.act, self.exp)
        if left and rest and self.numeric:
            return self._tolerant(left, rest)
        return left, len(rest)

    def _tolerant(self, left: list[int], rest: list[int]) -> tuple[list[int], int]:
        groups: dict[Row, list[tuple[float, ...]]] = defaultdict(list)
        for j in rest:
            groups[_signature(self.exp[j], self.numeric)].append(_vector(self.exp[j], self.numeric))
        pools: dict[Row, _TolerantPool] = {}
        unmatched = []
        for i in left:
            sig = _signature(self.act[i], self.numeric)
            if _FLOAT not in sig or sig not in groups:
                unmatched.append(i)
                continue
            if sig not in pools:
                pools[sig] = _TolerantPool(groups[sig], self.rtol, self.atol)
            if not pools[sig].take(_vector(self.act[i], self.numeric)):
                unmatched.append(i)
        untouched = sum(len(vs) for sig, vs in groups.items() if sig not in pools)
        return unmatched, untouched + sum(p.remaining() for p in pools.values())

    def value(self, i: int, k: int) -> str:
        return m.format_value(self.learner.iat[i, self.positions[k]])

    def row(self, i: int) -> str:
        return m.format_row(self.names, [self.learner.iat[i, p] for p in self.positions])

    def examples(self, extra: list[int]) -> str:
        """Up to MAX_EXAMPLES learner rows that have no reference partner."""
        counts = Counter(self.act)
        shown = []
        for i in extra[:MAX_EXAMPLES]:
            times = counts[self.act[i]]
            note = f" (présente {times} fois dans votre résultat)" if times > 1 else ""
            shown.append(self.row(i) + note)
        if len(shown) == 1:
            return f"Ligne en trop, par exemple : {shown[0]}"
        return "Lignes en trop, par exemple :\n  " + "\n  ".join(shown)

    def same_cell(self, a: Any, e: Any, k: int) -> bool:
        if a is None or e is None:
            return a is None and e is None
        if k in self.numeric:
            return _close(a, e, self.rtol, self.atol)
        try:
            return bool(a == e)
        except (TypeError, ValueError):
            return False

    def first_difference(self) -> tuple[int, int] | None:
        """(row, column) of the first cell that differs position by position."""
        for i, (a_row, e_row) in enumerate(zip(self.act, self.exp, strict=True)):
            if a_row == e_row:
                continue
            for k, (a, e) in enumerate(zip(a_row, e_row, strict=True)):
                if not self.same_cell(a, e, k):
                    return i, k
        return None


# --------------------------------------------------------------------------- checks


def _row_count_message(n_act: int, n_exp: int, label: str) -> str:
    trend = "il en manque" if n_act < n_exp else "il y en a trop"
    return (
        f"{m.cap(label)} a {m.plural(n_act, 'ligne')} ; le nombre attendu est différent ({trend})."
    )


def _content_message(n_extra: int, n_missing: int, label: str) -> str:
    wrong = "1 ligne ne correspond" if n_extra == 1 else f"{n_extra} lignes ne correspondent"
    missing = (
        "1 ligne attendue manque" if n_missing == 1 else f"{n_missing} lignes attendues manquent"
    )
    return (
        f"{m.cap(label)} a le bon nombre de lignes, mais {wrong} pas au résultat attendu "
        f"({missing})."
    )


def _check_rows(cmp: _Comparison, ordered: bool) -> None:
    extra, n_missing = cmp.unmatched()
    if len(cmp.act) != len(cmp.exp):
        text = _row_count_message(len(cmp.act), len(cmp.exp), cmp.label)
        raise CheckFailed(text + (" " + cmp.examples(extra) if extra else ""))
    if ordered:
        _check_order(cmp, same_rows=not extra)
    elif extra:
        text = _content_message(len(extra), n_missing, cmp.label)
        raise CheckFailed(text + " " + cmp.examples(extra))


def _check_order(cmp: _Comparison, same_rows: bool) -> None:
    diff = cmp.first_difference()
    if diff is None:
        return
    i, k = diff
    if same_rows:
        raise CheckFailed(
            "Les lignes sont les bonnes mais pas dans le bon ordre (vérifiez ORDER BY). "
            f"La première ligne mal placée est la ligne {i + 1}."
        )
    raise CheckFailed(
        f"Ligne {i + 1}, colonne {m.quote(cmp.names[k])} : votre valeur {cmp.value(i, k)} "
        "ne correspond pas à la valeur attendue."
    )


def _kinds(frame: pd.DataFrame, positions: list[int]) -> list[str | None]:
    return [column_kind(frame.iloc[:, p]) for p in positions]


@_quiet()
def assert_frame_matches(
    actual: Any,
    expected: Any,
    *,
    ordered: bool = False,
    rtol: float = 1e-6,
    atol: float = 1e-9,
    check_names: bool = True,
    check_types: bool = True,
    label: str = "votre résultat",
) -> None:
    """Check that ``actual`` holds the same table as ``expected``, else raise CheckFailed.

    Checks, in order: column names (only their count if ``check_names`` is False), column
    kinds (numeric / text / boolean / date-time / other), row count, then rows as a
    multiset (floats within ``rtol``/``atol``, all nulls equal); with ``ordered=True`` the
    row order too. Column order and the index are ignored. Messages never show reference
    values.
    """
    learner, reference = _to_frame(actual), _reference_frame(expected)
    positions = _align_columns(learner, reference, check_names, label)
    all_ref = list(range(reference.shape[1]))
    act_kinds, exp_kinds = _kinds(learner, positions), _kinds(reference, all_ref)
    names = [learner.columns[p] for p in positions]
    if check_types:
        _check_kinds(act_kinds, exp_kinds, names)
    pairs = enumerate(zip(act_kinds, exp_kinds, strict=True))
    cmp = _Comparison(
        learner=learner,
        positions=positions,
        names=names,
        act=_rows(learner, positions, act_kinds),
        exp=_rows(reference, all_ref, exp_kinds),
        numeric=frozenset(k for k, (a, e) in pairs if a == e == NUMERIC),
        rtol=rtol,
        atol=atol,
        label=label,
    )
    _check_rows(cmp, ordered)


@_quiet()
def assert_columns(actual: Any, columns: list[str], *, label: str = "votre résultat") -> None:
    """Check that ``actual`` has exactly these column names (order ignored)."""
    problems = _column_problems(_to_frame(actual), list(columns), label)
    if problems:
        raise CheckFailed(" ".join(problems))


def _count_problem(n: int, exact: int | None, at_least: int | None, at_most: int | None) -> str:
    if exact is not None and n != exact:
        return f"on en attend {exact}"
    if at_least is not None and n < at_least:
        return f"on en attend au moins {at_least}"
    if at_most is not None and n > at_most:
        return f"on en attend au plus {at_most}"
    return ""


@_quiet()
def assert_row_count(
    actual: Any,
    n: int | None = None,
    *,
    at_least: int | None = None,
    at_most: int | None = None,
    label: str = "votre résultat",
) -> None:
    """Check the row count: exactly ``n`` and/or between ``at_least`` and ``at_most``.

    The bounds appear in the message: by passing them the test author chose to reveal them.
    """
    if n is None and at_least is None and at_most is None:
        raise ValueError("assert_row_count needs n, at_least or at_most")
    count = len(_to_frame(actual))
    problem = _count_problem(count, n, at_least, at_most)
    if problem:
        raise CheckFailed(f"{m.cap(label)} a {m.plural(count, 'ligne')} ; {problem}.")


# --------------------------------------------------------------------------- SQL


class _NoResultSet(Exception):
    """The statement ran but returned no table (DDL, comment only, ...)."""


def _root_cause(exc: BaseException) -> BaseException:
    """Innermost driver error behind pandas / SQLAlchemy wrappers."""
    seen: set[int] = set()
    while id(exc) not in seen:
        seen.add(id(exc))
        inner = getattr(exc, "orig", None) or exc.__cause__
        if not isinstance(inner, BaseException):
            break
        exc = inner
    return exc


def _check_query_text(query: Any) -> None:
    if not isinstance(query, str):
        hint = " Avez-vous bien écrit votre requête ?" if query is None else ""
        raise CheckFailed(
            "Votre requête doit être une chaîne de caractères (str), "
            f"pas un objet de type {type(query).__name__}.{hint}"
        )
    if not query.strip():
        raise CheckFailed("Votre requête est vide : écrivez une requête SELECT.")


@contextmanager
def _duckdb_quiet(con: Any) -> Iterator[None]:
    """Turn DuckDB's progress bar off for the duration, then restore the setting."""
    try:
        was_on = bool(con.execute("SELECT current_setting('enable_progress_bar')").fetchone()[0])
    except Exception:
        was_on = False
    if was_on:
        con.execute("SET enable_progress_bar = false")
    try:
        yield
    finally:
        if was_on:
            con.execute("SET enable_progress_bar = true")


def _read_duckdb(con: Any, sql: str) -> pd.DataFrame:
    with _duckdb_quiet(con):
        result = con.execute(sql)
        if result is None or result.description is None:
            raise _NoResultSet
        return result.df()


def _read_sqlite3(con: Any, sql: str) -> pd.DataFrame:
    cursor = con.execute(sql)
    if cursor.description is None:
        raise _NoResultSet
    columns = [d[0] for d in cursor.description]
    return pd.DataFrame.from_records(cursor.fetchall(), columns=columns)


def _read_sqlalchemy(con: Any, sql: str) -> pd.DataFrame:
    try:
        return pd.read_sql(sql, con)
    except Exception as exc:
        if type(_root_cause(exc)).__name__ == "ResourceClosedError":
            raise _NoResultSet from None
        raise


def _read_sql(con: Any, sql: str) -> pd.DataFrame:
    if con is not None and con is sys.modules.get("duckdb"):  # duckdb.sql(...) style
        con = con.default_connection()
    if _is_instance(con, "duckdb", "DuckDBPyConnection"):
        return _read_duckdb(con, sql)
    if type(con).__module__.startswith("sqlalchemy."):
        return _read_sqlalchemy(con, sql)
    if _is_instance(con, "sqlite3", "Connection"):
        return _read_sqlite3(con, sql)
    raise CheckFailed(
        "La connexion fournie n'est pas prise en charge : utilisez une connexion DuckDB "
        f"ou SQLAlchemy (objet reçu de type {type(con).__name__})."
    )


def _run_learner_query(con: Any, query: str) -> pd.DataFrame:
    try:
        return _read_sql(con, query)
    except CheckFailed:
        raise
    except _NoResultSet:
        raise CheckFailed(
            "Votre requête s'est exécutée mais ne renvoie aucun tableau de résultats : "
            "est-ce bien une requête SELECT ?"
        ) from None
    except Exception as exc:
        raise CheckFailed(f"Votre requête a échoué : {m.first_line(_root_cause(exc))}") from None


def _run_reference_query(con: Any, query: str) -> pd.DataFrame:
    try:
        return _read_sql(con, query)
    except Exception as exc:
        raise RuntimeError(
            "La requête de référence a échoué (la base a peut-être été modifiée par une "
            f"cellule précédente) : {m.first_line(_root_cause(exc))}"
        ) from None


@_quiet()
def assert_query_matches(con: Any, query: str, expected_query: str, **kwargs: Any) -> None:
    """Run the learner's ``query`` and ``expected_query`` on ``con`` and compare the results.

    ``con`` is a DuckDB connection (or the ``duckdb`` module: its default connection), a
    SQLAlchemy Connection/Engine or a sqlite3 connection.
    Keyword arguments go to :func:`assert_frame_matches`.
    """
    _check_query_text(query)
    actual = _run_learner_query(con, query)
    expected = _run_reference_query(con, expected_query)
    kwargs.setdefault("label", "le résultat de votre requête")
    assert_frame_matches(actual, expected, **kwargs)
