"""Graders for slowly changing dimensions (SCD): current rows, validity intervals, history.

A dimension version is valid on the half-open interval ``[valid_from, valid_to)``; a NULL
``valid_to`` means the version is still open (the current one). Every grader accepts a
pandas DataFrame, a DuckDB relation, a pyarrow Table or a list of dicts, and raises
:class:`~labkit.checks.messages.CheckFailed` with a French message. Messages quote the
learner's own rows (their keys, their dates), never values of the expected history.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from labkit.checks import messages as m
from labkit.checks.columns import _column_hints as column_hints
from labkit.checks.kinds import DATETIME, NUMERIC, check_kinds, column_kind
from labkit.checks.messages import CheckFailed
from labkit.checks.multiset import floats_close
from labkit.checks.quiet import quiet
from labkit.checks.rows import canonical_rows
from labkit.checks.tables import learner_frame, reference_frame

MAX_EXAMPLES = 3
FACTS_LABEL = "votre table de faits"


# --------------------------------------------------------------------------- helpers


def _keys(key: str | Sequence[str]) -> list[str]:
    return [key] if isinstance(key, str) else list(key)


def _require(frame: pd.DataFrame, columns: Sequence[str], label: str) -> None:
    """Fail if a needed column is missing (extra columns are fine in a dimension)."""
    missing = [c for c in dict.fromkeys(columns) if c not in frame.columns]
    if missing:
        what = "la colonne" if len(missing) == 1 else "les colonnes"
        hints = column_hints(frame, missing, list(frame.columns))
        raise CheckFailed(
            " ".join([f"Il manque {what} {m.quote_all(missing)} dans {label}.", *hints])
        )


def _instants(frame: pd.DataFrame, column: str, label: str) -> pd.Series:
    """A date / timestamp column as integer microseconds (None for NULL), index kept."""
    series = frame[column]
    kind = column_kind(series)
    if kind not in (None, DATETIME):
        raise CheckFailed(
            f"La colonne {m.quote(column)} de {label} devrait contenir des dates ou des "
            f"horodatages, mais elle contient {m.KIND_WORDS[kind]}."
        )
    if kind is None:  # untyped and all NULL
        return pd.Series([None] * len(frame), index=frame.index, dtype=object)
    values = canonical_rows(frame[[column]], [0], [DATETIME])
    return pd.Series([v[0] for v in values], index=frame.index, dtype=object)


def _key_text(names: Sequence[str], values: Sequence[Any]) -> str:
    parts = [f"{n} = {m.format_value(v)}" for n, v in zip(names, values, strict=True)]
    return parts[0] if len(parts) == 1 else "(" + ", ".join(parts) + ")"


def _row_text(frame: pd.DataFrame, index: Any, columns: Sequence[str]) -> str:
    return m.format_row(list(columns), [frame.at[index, c] for c in columns])


def _examples(lines: list[str]) -> str:
    shown = lines[:MAX_EXAMPLES]
    if len(shown) == 1:
        return "Par exemple : " + shown[0]
    return "Par exemple :\n  " + "\n  ".join(shown)


def _key_tuples(frame: pd.DataFrame, keys: list[str]) -> list[tuple[Any, ...]]:
    kinds = [column_kind(frame[k]) for k in keys]
    positions = [frame.columns.get_loc(k) for k in keys]
    return canonical_rows(frame, positions, kinds)


def _sorted_versions(
    frame: pd.DataFrame, keys: list[str], valid_from: str, valid_to: str, label: str
) -> pd.DataFrame:
    """The dimension with canonical key / interval helper columns, sorted by key and start."""
    work = pd.DataFrame(index=frame.index)
    work["_key"] = _key_tuples(frame, keys)
    work["_from"] = _instants(frame, valid_from, label)
    work["_to"] = _instants(frame, valid_to, label)
    nulls = work.index[work["_from"].isna()]
    if len(nulls):
        lines = [_row_text(frame, i, [*keys, valid_from, valid_to]) for i in nulls]
        raise CheckFailed(
            f"{m.plural(len(nulls), 'ligne')} de {label} "
            f"{'a' if len(nulls) == 1 else 'ont'} une colonne {m.quote(valid_from)} NULL : "
            "chaque version doit avoir une date de début. " + _examples(lines)
        )
    work["_order"] = range(len(work))
    work["_key_sort"] = [tuple((v is None, str(type(v)), v) for v in k) for k in work["_key"]]
    return work.sort_values(["_key_sort", "_from", "_order"], kind="stable")


def _pairs(work: pd.DataFrame) -> list[tuple[Any, Any]]:
    """(previous, next) row labels of consecutive versions of the same key."""
    labels = list(work.index)
    keys = list(work["_key"])
    return [(labels[i], labels[i + 1]) for i in range(len(labels) - 1) if keys[i] == keys[i + 1]]


# --------------------------------------------------------------------------- current rows


def _truthy(value: Any) -> bool:
    return not m.is_null(value) and bool(value)


@quiet()
def assert_one_current_row_per_key(
    dim: Any,
    key: str | Sequence[str],
    current_flag: str | None = None,
    valid_to: str | None = "valid_to",
    *,
    label: str = "votre dimension",
) -> None:
    """Check that every key has exactly one current row.

    The current row is the one whose ``valid_to`` is NULL and, if ``current_flag`` names a
    boolean column, whose flag is true; with both, the flag must agree with ``valid_to``.
    """
    if current_flag is None and valid_to is None:
        raise ValueError("assert_one_current_row_per_key needs current_flag or valid_to")
    frame = learner_frame(dim)
    keys = _keys(key)
    _require(frame, [*keys, *(c for c in (current_flag, valid_to) if c)], label)
    shown = [*keys, *(c for c in (valid_to, current_flag) if c)]
    if current_flag and valid_to:
        flag = frame[current_flag].map(_truthy)
        open_ = frame[valid_to].isna()
        bad = frame.index[flag != open_]
        if len(bad):
            lines = [_row_text(frame, i, shown) for i in bad]
            raise CheckFailed(
                f"Dans {label}, {m.plural(len(bad), 'ligne')} "
                f"{'a' if len(bad) == 1 else 'ont'} un indicateur {m.quote(current_flag)} "
                f"en désaccord avec {m.quote(valid_to)} : une version est courante si et "
                f"seulement si {m.quote(valid_to)} est NULL. " + _examples(lines)
            )
    current = frame[current_flag].map(_truthy) if current_flag else frame[valid_to].isna()
    what = f"{m.quote(current_flag)} vrai" if current_flag else f"{m.quote(valid_to)} NULL"
    key_values = pd.Series(_key_tuples(frame, keys), index=frame.index)
    counts = current.groupby(key_values, sort=True).sum()
    first = {k: i for i, k in reversed(list(key_values.items()))}

    def raw(k: tuple[Any, ...]) -> list[Any]:
        return [frame.at[first[k], c] for c in keys]

    several = [k for k, n in counts.items() if n > 1]
    if several:
        lines = [f"{_key_text(keys, raw(k))} : {int(counts[k])} lignes courantes" for k in several]
        raise CheckFailed(
            f"Dans {label}, {m.plural(len(several), 'clé')} "
            f"{'a' if len(several) == 1 else 'ont'} plusieurs lignes courantes ({what}) : "
            "la version précédente n'a pas été fermée. " + _examples(lines)
        )
    none = [k for k, n in counts.items() if n == 0]
    if none:
        lines = [_key_text(keys, raw(k)) for k in none]
        raise CheckFailed(
            f"Dans {label}, {m.plural(len(none), 'clé')} "
            f"{'n’a' if len(none) == 1 else 'n’ont'} aucune ligne courante ({what}) : "
            "chaque clé doit garder exactement une version ouverte. " + _examples(lines)
        )


# --------------------------------------------------------------------------- intervals


def _empty_intervals(frame: pd.DataFrame, work: pd.DataFrame, shown: list[str], label: str) -> None:
    bad = [
        i
        for i in work.index
        if work.at[i, "_to"] is not None and work.at[i, "_to"] <= work.at[i, "_from"]
    ]
    if bad:
        lines = [_row_text(frame, i, shown) for i in bad]
        raise CheckFailed(
            f"Dans {label}, {m.plural(len(bad), 'version')} "
            f"{'a' if len(bad) == 1 else 'ont'} un intervalle vide ou inversé "
            f"(fin avant ou égale au début) : [{shown[-2]}, {shown[-1]}) doit être non vide. "
            + _examples(lines)
        )


@quiet()
def assert_no_overlap(
    dim: Any,
    key: str | Sequence[str],
    valid_from: str = "valid_from",
    valid_to: str = "valid_to",
    *,
    label: str = "votre dimension",
) -> None:
    """Check that the versions of a key never overlap (half-open ``[valid_from, valid_to)``).

    A NULL ``valid_to`` is open: such a version overlaps every later one of the same key.
    Empty or inverted intervals fail too.
    """
    frame = learner_frame(dim)
    keys = _keys(key)
    _require(frame, [*keys, valid_from, valid_to], label)
    shown = [*keys, valid_from, valid_to]
    work = _sorted_versions(frame, keys, valid_from, valid_to, label)
    _empty_intervals(frame, work, shown, label)
    bad = []
    for prev, nxt in _pairs(work):
        end = work.at[prev, "_to"]
        if end is None or end > work.at[nxt, "_from"]:
            bad.append((prev, nxt))
    if bad:
        lines = [f"{_row_text(frame, p, shown)} et {_row_text(frame, n, shown)}" for p, n in bad]
        raise CheckFailed(
            f"Dans {label}, {m.plural(len(bad), 'paire')} de versions d'une même clé se "
            f"chevauche{'' if len(bad) == 1 else 'nt'} : une version doit se terminer "
            f"({m.quote(valid_to)}) au plus tard quand la suivante commence. " + _examples(lines)
        )


@quiet()
def assert_no_gaps(
    dim: Any,
    key: str | Sequence[str],
    valid_from: str = "valid_from",
    valid_to: str = "valid_to",
    *,
    label: str = "votre dimension",
) -> None:
    """Check that consecutive versions of a key are contiguous: each one ends exactly when
    the next one starts (no day, no second without a valid version)."""
    frame = learner_frame(dim)
    keys = _keys(key)
    _require(frame, [*keys, valid_from, valid_to], label)
    shown = [*keys, valid_from, valid_to]
    work = _sorted_versions(frame, keys, valid_from, valid_to, label)
    bad = []
    for prev, nxt in _pairs(work):
        end = work.at[prev, "_to"]
        if end is not None and end < work.at[nxt, "_from"]:
            bad.append((prev, nxt))
    if bad:
        lines = [f"{_row_text(frame, p, shown)} puis {_row_text(frame, n, shown)}" for p, n in bad]
        raise CheckFailed(
            f"Dans {label}, {m.plural(len(bad), 'trou')} entre deux versions consécutives "
            f"d'une même clé : le {m.quote(valid_to)} d'une version doit être égal au "
            f"{m.quote(valid_from)} de la suivante. " + _examples(lines)
        )


# --------------------------------------------------------------------------- history


def _same(a: Any, b: Any, numeric: bool, rtol: float, atol: float) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if numeric:
        return floats_close(a, b, rtol, atol)
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def _history_rows(
    frame: pd.DataFrame, columns: list[str], kinds: list[str | None]
) -> list[tuple[Any, ...]]:
    positions = [frame.columns.get_loc(c) for c in columns]
    return canonical_rows(frame, positions, kinds)


@quiet()
def assert_history_matches(
    dim: Any,
    expected_history: Any,
    key: str | Sequence[str],
    tracked_columns: Sequence[str],
    valid_from: str = "valid_from",
    valid_to: str = "valid_to",
    *,
    rtol: float = 1e-6,
    atol: float = 1e-9,
    label: str = "votre dimension",
) -> None:
    """Check that every key has the same versions as in ``expected_history``.

    Versions are compared key by key, in ``valid_from`` order, on ``valid_from``,
    ``valid_to`` (dates and timestamps compare as instants: a DATE equals the TIMESTAMP at
    midnight) and the ``tracked_columns``. Other columns (surrogate key, flags...) are
    ignored. Messages name the learner's keys and rows, never the expected values.
    """
    frame = learner_frame(dim)
    expected = reference_frame(expected_history)
    keys = _keys(key)
    columns = [*keys, valid_from, valid_to, *tracked_columns]
    _require(frame, columns, label)
    missing_ref = [c for c in columns if c not in expected.columns]
    if missing_ref:
        raise TypeError(f"expected_history lacks columns {missing_ref}")
    exp_kinds = [column_kind(expected[c]) for c in columns]
    act_kinds = [column_kind(frame[c]) for c in columns]
    check_kinds(act_kinds, exp_kinds, columns)
    kinds = [e or a for a, e in zip(act_kinds, exp_kinds, strict=True)]
    for c in (valid_from, valid_to):
        kinds[columns.index(c)] = DATETIME
    numeric = [k == NUMERIC for k in kinds]
    nk = len(keys)

    def grouped(table: pd.DataFrame) -> dict[tuple[Any, ...], list[tuple[int, tuple[Any, ...]]]]:
        groups: dict[tuple[Any, ...], list[tuple[int, tuple[Any, ...]]]] = {}
        for i, row in enumerate(_history_rows(table, columns, kinds)):
            groups.setdefault(row[:nk], []).append((i, row))
        for versions in groups.values():
            versions.sort(key=lambda v: (v[1][nk] is None, v[1][nk] or 0))
        return groups

    act, exp = grouped(frame), grouped(expected)
    missing = [k for k in exp if k not in act]
    if missing:
        raise CheckFailed(
            f"{m.plural(len(missing), 'clé')} de l'historique attendu "
            f"{'est absente' if len(missing) == 1 else 'sont absentes'} de {label} : "
            "vérifiez que les clés vues pour la première fois sont bien insérées."
        )
    extra = [k for k in act if k not in exp]
    if extra:
        lines = [
            _key_text(keys, [frame.iat[act[k][0][0], frame.columns.get_loc(c)] for c in keys])
            for k in extra
        ]
        raise CheckFailed(
            f"{m.cap(label)} contient {m.plural(len(extra), 'clé')} "
            f"{'inattendue' if len(extra) == 1 else 'inattendues'}. " + _examples(lines)
        )
    shown = [*keys, valid_from, valid_to, *tracked_columns]
    count_problems, value_problems = [], []
    for k in sorted(act, key=lambda t: tuple((v is None, str(type(v)), v) for v in t)):
        a_versions, e_versions = act[k], exp[k]
        first_row = a_versions[0][0]
        key_label = _key_text(keys, [frame.iat[first_row, frame.columns.get_loc(c)] for c in keys])
        if len(a_versions) != len(e_versions):
            trend = "il en manque" if len(a_versions) < len(e_versions) else "il y en a trop"
            rows = "\n    ".join(_row_text(frame, frame.index[i], shown) for i, _ in a_versions)
            count_problems.append(
                f"{key_label} : {m.plural(len(a_versions), 'version')} dans {label} ; le "
                f"nombre attendu est différent ({trend}). Vos versions :\n    {rows}"
            )
            continue
        for n, ((i, a_row), (_, e_row)) in enumerate(zip(a_versions, e_versions, strict=True)):
            diff = next(
                (
                    c
                    for c in range(nk, len(columns))
                    if not _same(a_row[c], e_row[c], numeric[c], rtol, atol)
                ),
                None,
            )
            if diff is not None:
                value = m.format_value(frame.iat[i, frame.columns.get_loc(columns[diff])])
                value_problems.append(
                    f"{key_label}, version {n + 1} (dans l'ordre de {m.quote(valid_from)}) : "
                    f"colonne {m.quote(columns[diff])}, votre valeur {value} ne correspond "
                    "pas à la valeur attendue."
                )
                break
    if count_problems:
        raise CheckFailed(
            f"{m.plural(len(count_problems), 'clé')} "
            f"{'n’a' if len(count_problems) == 1 else 'n’ont'} pas le bon nombre de "
            f"versions dans {label}. " + _examples(count_problems)
        )
    if value_problems:
        raise CheckFailed(
            f"{m.plural(len(value_problems), 'clé')} "
            f"{'a' if len(value_problems) == 1 else 'ont'} un historique différent de "
            "l'historique attendu. " + _examples(value_problems)
        )


# --------------------------------------------------------------------------- facts


@quiet()
def assert_facts_join_valid_version(
    facts: Any,
    dim: Any,
    fact_key: str,
    fact_date: str,
    dim_key: str,
    surrogate_key: str,
    valid_from: str = "valid_from",
    valid_to: str = "valid_to",
    *,
    fact_surrogate_key: str | None = None,
    label: str = FACTS_LABEL,
) -> None:
    """Check that each fact row points to the dimension version valid at its date.

    ``facts[fact_key]`` is the entity's natural key, ``facts[fact_date]`` the date of the
    fact and ``facts[fact_surrogate_key or surrogate_key]`` the surrogate key it points to.
    The pointed row of ``dim`` must exist, be unique, belong to the same entity
    (``dim[dim_key]``) and be valid at the fact's date: ``valid_from <= date < valid_to``
    (NULL ``valid_to``: still open).
    """
    fact_sk = fact_surrogate_key or surrogate_key
    fact_frame, dim_frame = learner_frame(facts), learner_frame(dim)
    _require(fact_frame, [fact_key, fact_date, fact_sk], label)
    _require(dim_frame, [dim_key, surrogate_key, valid_from, valid_to], "votre dimension")
    shown = [fact_key, fact_date, fact_sk]
    null_sk = fact_frame.index[fact_frame[fact_sk].isna()]
    if len(null_sk):
        lines = [_row_text(fact_frame, i, shown) for i in null_sk]
        raise CheckFailed(
            f"{m.plural(len(null_sk), 'ligne')} de {label} "
            f"{'n’a' if len(null_sk) == 1 else 'n’ont'} pas de clé {m.quote(fact_sk)} "
            "(NULL) : aucune version de la dimension n'a été trouvée. " + _examples(lines)
        )
    sk_rows = _key_tuples(dim_frame, [surrogate_key])
    dup = pd.Series(sk_rows).duplicated(keep=False)
    if dup.any():
        values = sorted(
            {sk_rows[i][0] for i in range(len(sk_rows)) if dup.iat[i]},
            key=lambda v: (str(type(v)), v),
        )
        raise CheckFailed(
            f"La clé de substitution {m.quote(surrogate_key)} n'est pas unique dans votre "
            "dimension : "
            + ", ".join(m.format_value(v) for v in values[:MAX_EXAMPLES])
            + (" …" if len(values) > MAX_EXAMPLES else "")
            + "."
        )
    by_sk = {row[0]: pos for pos, row in enumerate(sk_rows)}
    d_from = _instants(dim_frame, valid_from, "votre dimension").tolist()
    d_to = _instants(dim_frame, valid_to, "votre dimension").tolist()
    d_keys = _key_tuples(dim_frame, [dim_key])
    f_sk = _key_tuples(fact_frame, [fact_sk])
    f_keys = _key_tuples(fact_frame, [fact_key])
    f_dates = _instants(fact_frame, fact_date, label).tolist()
    dim_shown = [dim_key, surrogate_key, valid_from, valid_to]
    unknown, other_entity, wrong_version = [], [], []
    for pos, label_i in enumerate(fact_frame.index):
        target = by_sk.get(f_sk[pos][0])
        if target is None:
            unknown.append(label_i)
            continue
        if d_keys[target][0] != f_keys[pos][0]:
            other_entity.append((label_i, target))
            continue
        date = f_dates[pos]
        if (
            date is None
            or date < d_from[target]
            or (d_to[target] is not None and date >= d_to[target])
        ):
            wrong_version.append((label_i, target))

    def pointed(label_i: Any, target: int) -> str:
        return (
            f"{_row_text(fact_frame, label_i, shown)} → "
            f"{_row_text(dim_frame, dim_frame.index[target], dim_shown)}"
        )

    if unknown:
        lines = [_row_text(fact_frame, i, shown) for i in unknown]
        raise CheckFailed(
            f"{m.plural(len(unknown), 'ligne')} de {label} "
            f"{'pointe' if len(unknown) == 1 else 'pointent'} vers une clé "
            f"{m.quote(fact_sk)} absente de la dimension. " + _examples(lines)
        )
    if other_entity:
        lines = [pointed(i, t) for i, t in other_entity]
        raise CheckFailed(
            f"{m.plural(len(other_entity), 'ligne')} de {label} "
            f"{'pointe' if len(other_entity) == 1 else 'pointent'} vers une version d'une "
            f"autre entité ({m.quote(dim_key)} différent de {m.quote(fact_key)}). "
            + _examples(lines)
        )
    if wrong_version:
        lines = [pointed(i, t) for i, t in wrong_version]
        raise CheckFailed(
            f"{m.plural(len(wrong_version), 'ligne')} de {label} "
            f"{'pointe' if len(wrong_version) == 1 else 'pointent'} vers une version qui "
            f"n'était pas valide à {'sa' if len(wrong_version) == 1 else 'leur'} date "
            f"({m.quote(fact_date)} doit être dans [{valid_from}, {valid_to})). " + _examples(lines)
        )
