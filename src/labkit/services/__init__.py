"""Local lab services, started on demand and bound to 127.0.0.1.

- ``ensure(name, **options)`` starts ``"api"`` (partner web API), ``"site"`` (competitor
  website) or ``"postgres"`` (e-shop database) unless already running, and returns its
  :class:`Endpoint` once it answers; ``stop``, ``stop_all``, ``status`` manage them.
- ``database_url()``: the e-shop PostgreSQL (``DATABASE_URL`` overrides).
- ``spark()``: a quiet local Spark session (``SPARK_REMOTE`` / ``SPARK_MASTER`` override);
  ``spark_tables()`` registers the clickstream and sensor data as partitioned tables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from labkit.services.errors import ServiceError
from labkit.services.manager import ensure, status, stop, stop_all
from labkit.services.postgres import database_url
from labkit.services.registry import Endpoint, ServiceSpec, register

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


def spark(app_name: str = "labkit") -> SparkSession:
    """A Spark session writing nothing on stderr (imports pyspark on first use)."""
    from labkit.services.spark_session import session

    return session(app_name)


def spark_tables(
    spark: SparkSession, scale: float | None = None, seed: int | None = None, root=None
) -> list[str]:
    """Register clickstream (JSON, by day) and sensors (Parquet) as partitioned tables.

    ``scale`` and ``seed`` default to ``LABKIT_SCALE`` / ``LABKIT_SEED`` (1 and 42).
    """
    from labkit import config
    from labkit.services.spark_catalog import register_tables

    scale = config.scale() if scale is None else scale
    seed = config.seed() if seed is None else seed
    return register_tables(spark, scale, seed, root)


__all__ = [
    "Endpoint",
    "ServiceError",
    "ServiceSpec",
    "database_url",
    "ensure",
    "register",
    "spark",
    "spark_tables",
    "status",
    "stop",
    "stop_all",
]
