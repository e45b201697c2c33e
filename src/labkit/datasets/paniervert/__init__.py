"""Panier Vert: the course's fictional French organic grocery chain, generated from a seed.

Deterministic (same seed and scale, same bytes), scalable like TPC-H (scale 1 = a laptop),
vectorised. See ``datasets/paniervert.md`` for the organisation, tables and messy sources.
"""

from labkit.datasets.paniervert.builder import TABLES, Generated, generate, load, path, tables
from labkit.datasets.paniervert.clock import TIME_ZONE, to_utc
from labkit.datasets.paniervert.data_dictionary import ColumnDoc, dictionary
from labkit.datasets.paniervert.identifiers import is_valid_ean13, is_valid_siret
from labkit.datasets.paniervert.settings import DEFAULT_SEED, GENERATOR_VERSION

__all__ = [
    "TIME_ZONE", "to_utc",
    "DEFAULT_SEED", "GENERATOR_VERSION", "TABLES", "ColumnDoc", "Generated", "dictionary",
    "generate", "is_valid_ean13", "is_valid_siret", "load", "path", "tables",
]
