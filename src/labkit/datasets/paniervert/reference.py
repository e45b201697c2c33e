"""The shipped reference tables: French régions and départements (INSEE COG)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from labkit import config

TABLES = ("regions", "departements")


def reference_dir() -> Path:
    """``datasets/reference`` in the project checkout."""
    return config.home() / "datasets" / "reference"


def read(name: str) -> pd.DataFrame:
    """One reference table, every column as text (codes keep their leading zeros)."""
    return pd.read_csv(reference_dir() / f"{name}.csv", dtype=str, keep_default_na=False)


def checksum_mismatches() -> list[str]:
    """Files listed in ``SHA256SUMS`` whose content no longer matches (empty when all match)."""
    folder = reference_dir()
    bad = []
    for line in (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        actual = hashlib.sha256((folder / name.lstrip("*")).read_bytes()).hexdigest()
        if actual != digest:
            bad.append(name)
    return bad
