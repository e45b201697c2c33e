"""One small Panier Vert generation per test session, shared by the dataset tests."""

from __future__ import annotations

import pandas as pd
import pytest

from labkit.datasets import paniervert

SCALE = 0.05  # also in test_generate.py
SEED = 42


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> paniervert.Generated:
    """The dataset at a small scale, written once into a temporary folder."""
    return paniervert.generate(SCALE, SEED, out=tmp_path_factory.mktemp("pv") / "sf-small")


@pytest.fixture(scope="session")
def clean() -> dict[str, pd.DataFrame]:
    """The clean tables in memory, at the same scale and seed."""
    return paniervert.tables(SCALE, SEED)
