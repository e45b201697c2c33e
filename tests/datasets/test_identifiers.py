"""EAN-13 and SIRET validators accept real codes and reject corrupted ones."""

from __future__ import annotations

import numpy as np
import pytest

from labkit.datasets.paniervert import identifiers, is_valid_ean13, is_valid_siret


@pytest.mark.parametrize("code", ["4006381333931", "3017620422003", "5901234123457"])
def test_known_ean13_are_valid(code: str) -> None:
    assert is_valid_ean13(code)


@pytest.mark.parametrize(
    "code", ["4006381333932", "400638133393", "40063813339310", "abcdefghijklm", ""]
)
def test_bad_ean13_are_rejected(code: str) -> None:
    assert not is_valid_ean13(code)


@pytest.mark.parametrize("code", ["73282932000074", "55210055400013"])
def test_known_sirets_are_valid(code: str) -> None:
    assert is_valid_siret(code)


@pytest.mark.parametrize("code", ["73282932000075", "7328293200007", "7328293200007A", ""])
def test_bad_sirets_are_rejected(code: str) -> None:
    assert not is_valid_siret(code)


def test_every_single_digit_corruption_is_caught() -> None:
    r = np.random.default_rng(0)
    eans = identifiers.ean13_codes(r.integers(10**11, 10**12, 50))
    sirets = identifiers.siret_codes(r, 50)
    assert all(map(is_valid_ean13, eans)) and all(map(is_valid_siret, sirets))
    assert not any(is_valid_ean13(identifiers.corrupt_digit(c, r)) for c in eans)
    assert not any(is_valid_siret(identifiers.corrupt_digit(c, r)) for c in sirets)
