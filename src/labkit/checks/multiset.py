"""Pair learner rows with reference rows as multisets, floats within a tolerance.

An exact multiset pass pairs identical canonical rows; the rows left over are then grouped
by their non-float cells and paired within a float tolerance (the ``numpy.isclose`` rule),
each learner row taking the closest reference row still free.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Sequence
from operator import itemgetter

from labkit.checks.rows import Row


def floats_close(a: float, e: float, rtol: float, atol: float) -> bool:
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
        return all(
            floats_close(a, e, self.rtol, self.atol) for a, e in zip(vector, other, strict=True)
        )

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


def _tolerant_match(
    act: list[Row],
    exp: list[Row],
    left: list[int],
    rest: list[int],
    numeric: frozenset[int],
    rtol: float,
    atol: float,
) -> tuple[list[int], int]:
    groups: dict[Row, list[tuple[float, ...]]] = defaultdict(list)
    for j in rest:
        groups[_signature(exp[j], numeric)].append(_vector(exp[j], numeric))
    pools: dict[Row, _TolerantPool] = {}
    unmatched = []
    for i in left:
        sig = _signature(act[i], numeric)
        if _FLOAT not in sig or sig not in groups:
            unmatched.append(i)
            continue
        if sig not in pools:
            pools[sig] = _TolerantPool(groups[sig], rtol, atol)
        if not pools[sig].take(_vector(act[i], numeric)):
            unmatched.append(i)
    untouched = sum(len(vs) for sig, vs in groups.items() if sig not in pools)
    return unmatched, untouched + sum(p.remaining() for p in pools.values())


def unmatched_rows(
    act: list[Row], exp: list[Row], numeric: frozenset[int], rtol: float, atol: float
) -> tuple[list[int], int]:
    """Learner rows without a reference partner, and the number of reference rows left.

    ``numeric`` holds the column positions compared within ``rtol``/``atol``.
    """
    left, rest = _exact_match(act, exp)
    if left and rest and numeric:
        return _tolerant_match(act, exp, left, rest, numeric, rtol, atol)
    return left, len(rest)
