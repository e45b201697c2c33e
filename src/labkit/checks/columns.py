"""Column checks: missing, unexpected, duplicated or look-alike names; column alignment."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import pandas as pd

from labkit.checks import messages as m
from labkit.checks.messages import CheckFailed


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


def column_problems(actual: pd.DataFrame, wanted: Sequence[Any], label: str) -> list[str]:
    """French sentences on missing and unexpected columns (empty list if none)."""
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


def align_columns(
    actual: pd.DataFrame, expected: pd.DataFrame, check_names: bool, label: str
) -> list[int]:
    """Positions of the learner's columns, in the reference column order."""
    if not check_names:
        return _align_by_position(actual, expected, label)
    problems = column_problems(actual, list(expected.columns), label)
    problems += _duplicate_columns(actual, label)
    if problems:
        raise CheckFailed(" ".join(problems))
    return [actual.columns.get_loc(name) for name in expected.columns]
