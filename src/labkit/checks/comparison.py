"""Row checks on two tables reduced to canonical rows: row count, content, then row order.

Messages may quote the learner's own values and rows, never the reference ones.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import pandas as pd

from labkit.checks import messages as m
from labkit.checks.messages import CheckFailed
from labkit.checks.multiset import floats_close, unmatched_rows
from labkit.checks.rows import Row

MAX_EXAMPLES = 3


@dataclass
class Comparison:
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
        return unmatched_rows(self.act, self.exp, self.numeric, self.rtol, self.atol)

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
            return f"Ligne inattendue, par exemple : {shown[0]}"
        return "Lignes inattendues, par exemple :\n  " + "\n  ".join(shown)

    def same_cell(self, a: Any, e: Any, k: int) -> bool:
        if a is None or e is None:
            return a is None and e is None
        if k in self.numeric:
            return floats_close(a, e, self.rtol, self.atol)
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


def check_rows(cmp: Comparison, ordered: bool) -> None:
    """Fail on a wrong row count, then on wrong rows or (if ``ordered``) a wrong row order."""
    extra, n_missing = cmp.unmatched()
    if len(cmp.act) != len(cmp.exp):
        text = _row_count_message(len(cmp.act), len(cmp.exp), cmp.label)
        raise CheckFailed(text + (" " + cmp.examples(extra) if extra else ""))
    if ordered:
        _check_order(cmp, same_rows=not extra)
    elif extra:
        text = _content_message(len(extra), n_missing, cmp.label)
        raise CheckFailed(text + " " + cmp.examples(extra))


def _check_order(cmp: Comparison, same_rows: bool) -> None:
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
