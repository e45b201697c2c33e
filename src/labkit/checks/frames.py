"""Compare a learner's table (DataFrame, DuckDB relation, ...) with a reference one.

The checks run in a fixed order (columns, column kinds, row count, content, row order) and
stop at the first problem with a kind French message. Messages may quote the learner's
own values and rows, never the reference ones.

Content is compared as a multiset of rows (see :mod:`labkit.checks.rows` for the canonical
cell values and :mod:`labkit.checks.multiset` for the float-tolerant pairing).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from labkit.checks import messages as m
from labkit.checks.columns import align_columns, column_problems
from labkit.checks.comparison import Comparison, check_rows
from labkit.checks.kinds import NUMERIC, check_kinds, column_kind
from labkit.checks.messages import CheckFailed
from labkit.checks.quiet import quiet
from labkit.checks.rows import canonical_rows
from labkit.checks.tables import learner_frame, reference_frame


def _kinds(frame: pd.DataFrame, positions: list[int]) -> list[str | None]:
    return [column_kind(frame.iloc[:, p]) for p in positions]


@quiet()
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
    learner, reference = learner_frame(actual), reference_frame(expected)
    positions = align_columns(learner, reference, check_names, label)
    all_ref = list(range(reference.shape[1]))
    act_kinds, exp_kinds = _kinds(learner, positions), _kinds(reference, all_ref)
    names = [learner.columns[p] for p in positions]
    if check_types:
        check_kinds(act_kinds, exp_kinds, names)
    pairs = enumerate(zip(act_kinds, exp_kinds, strict=True))
    cmp = Comparison(
        learner=learner,
        positions=positions,
        names=names,
        act=canonical_rows(learner, positions, act_kinds),
        exp=canonical_rows(reference, all_ref, exp_kinds),
        numeric=frozenset(k for k, (a, e) in pairs if a == e == NUMERIC),
        rtol=rtol,
        atol=atol,
        label=label,
    )
    check_rows(cmp, ordered)


@quiet()
def assert_columns(actual: Any, columns: list[str], *, label: str = "votre résultat") -> None:
    """Check that ``actual`` has exactly these column names (order ignored)."""
    problems = column_problems(learner_frame(actual), list(columns), label)
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


@quiet()
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
    count = len(learner_frame(actual))
    problem = _count_problem(count, n, at_least, at_most)
    if problem:
        raise CheckFailed(f"{m.cap(label)} a {m.plural(count, 'ligne')} ; {problem}.")
