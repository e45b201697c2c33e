"""Check digits (EAN-13, Luhn/SIRET), their validators, and vectorised code makers."""

from __future__ import annotations

import numpy as np


def ean13_check_digit(body: str) -> int:
    """Check digit of a 12-digit EAN body (weights 1, 3 from the left)."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return (10 - total % 10) % 10


def is_valid_ean13(code: str) -> bool:
    """True for 13 digits whose last one is the EAN-13 check digit."""
    code = str(code)
    return len(code) == 13 and code.isdigit() and ean13_check_digit(code[:12]) == int(code[12])


def luhn_ok(code: str) -> bool:
    """True when the digit string passes the Luhn test."""
    total = 0
    for i, d in enumerate(reversed(code)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def is_valid_siret(code: str) -> bool:
    """True for 14 digits passing Luhn (SIRET = SIREN 9 digits + NIC 5 digits)."""
    code = str(code)
    return len(code) == 14 and code.isdigit() and luhn_ok(code)


def _digits(numbers: np.ndarray, width: int) -> np.ndarray:
    """Matrix of the decimal digits of ``numbers`` (most significant first)."""
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return (numbers.astype(np.int64)[:, None] // powers) % 10


def ean13_codes(bodies: np.ndarray) -> np.ndarray:
    """EAN-13 strings from 12-digit integer bodies (vectorised)."""
    digits = _digits(bodies, 12)
    weights = np.tile([1, 3], 6)
    check = (10 - (digits * weights).sum(axis=1) % 10) % 10
    return np.char.add(np.char.zfill(bodies.astype(str), 12), check.astype(str))


def luhn_check_digits(bodies: np.ndarray, width: int) -> np.ndarray:
    """Digit to append to each ``width``-digit body so that the result passes Luhn."""
    digits = _digits(bodies, width)
    doubled = np.arange(width)[::-1] % 2 == 0  # rightmost body digit gets doubled
    values = np.where(doubled, digits * 2, digits)
    values = np.where(values > 9, values - 9, values)
    return (10 - values.sum(axis=1) % 10) % 10


def siret_codes(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` distinct valid SIRET strings: a Luhn-valid SIREN, then a NIC making all 14 valid."""
    siren_body = rng.choice(np.arange(30_000_000, 99_999_999), size=n, replace=False)
    siren = siren_body * 10 + luhn_check_digits(siren_body, 8)
    nic_body = rng.integers(1, 30, size=n)  # establishment number 0001..0029
    body13 = siren.astype(np.int64) * 10_000 + nic_body
    return np.char.zfill((body13 * 10 + luhn_check_digits(body13, 13)).astype(str), 14)


def corrupt_digit(code: str, rng: np.random.Generator) -> str:
    """Change one digit of a code so that its check digit no longer matches."""
    pos = int(rng.integers(len(code)))
    new = (int(code[pos]) + int(rng.integers(1, 10))) % 10
    return code[:pos] + str(new) + code[pos + 1 :]
