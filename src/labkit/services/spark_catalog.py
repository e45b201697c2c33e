"""Register the generated clickstream (JSON lines by day) and sensors (Parquet) in the metastore."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from labkit.services.errors import ServiceError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

DATABASE = "panier_vert"
SOURCES = {"clickstream": "json", "sensors": "parquet"}  # folder (= table) -> format


def generated_root(scale: float, seed: int) -> Path:
    """Where ``labkit data generate`` wrote (scale, seed), generating it if needed."""
    from labkit.datasets import paniervert

    return Path(paniervert.path(scale, seed))


def _is_partitioned(folder: Path) -> bool:
    return any(child.is_dir() and "=" in child.name for child in folder.iterdir())


def register_table(spark: SparkSession, table: str, fmt: str, folder: Path) -> str:
    """(Re)create ``panier_vert.<table>`` as an external table on ``folder``; its name."""
    if not folder.is_dir():
        raise ServiceError(f"Données introuvables : {folder}. Lancez : labkit data generate")
    name = f"{DATABASE}.{table}"
    spark.sql(f"DROP TABLE IF EXISTS {name}")  # external: the files stay
    spark.sql(f"CREATE TABLE {name} USING {fmt} LOCATION '{folder.resolve().as_uri()}'")
    if _is_partitioned(folder):
        spark.sql(f"MSCK REPAIR TABLE {name}")
    return name


def register_tables(spark: SparkSession, scale: float = 1, seed: int = 42,
                    root: Path | str | None = None) -> list[str]:
    """Tables ``panier_vert.clickstream`` and ``panier_vert.sensors`` on the generated files."""
    base = Path(root) if root is not None else generated_root(scale, seed)
    spark.sql(f"CREATE DATABASE IF NOT EXISTS {DATABASE}")
    return [register_table(spark, t, fmt, base / t) for t, fmt in SOURCES.items()]
