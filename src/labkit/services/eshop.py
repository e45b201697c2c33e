"""The e-shop database: 3NF schema (``eshop_schema.sql``), COPY loader keyed by (scale, seed)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import psycopg

SCHEMA_FILE = Path(__file__).with_name("eshop_schema.sql")
TABLES = (  # parents before children (foreign keys)
    "regions",
    "departements",
    "stores",
    "suppliers",
    "products",
    "customers",
    "orders",
    "order_lines",
    "payments",
    "deliveries",
    "stock",
)
_INTEGER_TYPES = {"smallint", "integer", "bigint"}
# 2: naive generator times loaded as Europe/Paris (1 read them as UTC); an older load reloads.
LOADER_VERSION = 2
_CHUNK_ROWS = 200_000


def create_schema(conn: psycopg.Connection) -> bool:
    """Create the tables unless they exist (upgrading an older ``labkit_meta``); True if
    created."""
    if conn.execute("SELECT to_regclass('public.labkit_meta')").fetchone()[0] is not None:
        _upgrade_meta(conn)
        return False
    with conn.transaction():
        conn.execute(SCHEMA_FILE.read_text())
    return True


def _upgrade_meta(conn: psycopg.Connection) -> None:
    """A database made before loader versions: its load counts as version 1."""
    if "loader" not in _column_types(conn, "labkit_meta"):
        conn.execute("ALTER TABLE labkit_meta ADD COLUMN loader integer NOT NULL DEFAULT 1")


def loaded(conn: psycopg.Connection) -> tuple[float, int] | None:
    """The (scale, seed) whose data this loader version loaded, or None."""
    row = conn.execute("SELECT scale, seed, loader FROM labkit_meta").fetchone()
    return (row[0], row[1]) if row and row[2] == LOADER_VERSION else None


def _column_types(conn: psycopg.Connection, table: str) -> dict[str, str]:
    rows = conn.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = %s ORDER BY ordinal_position",
        (table,),
    )
    return dict(rows.fetchall())


def _as_csv(frame: pd.DataFrame, types: dict[str, str]) -> str:
    frame = frame.copy()
    for column in frame.columns:
        if types[column] in _INTEGER_TYPES and frame[column].dtype.kind == "f":
            frame[column] = frame[column].astype("Int64")
    return frame.to_csv(index=False, header=False)


def copy_frame(conn: psycopg.Connection, table: str, frame: pd.DataFrame) -> int:
    """COPY the columns of ``frame`` the table has (others are ignored); rows copied."""
    types = _column_types(conn, table)
    columns = [c for c in types if c in frame.columns]
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT csv)"
    with conn.cursor().copy(statement) as copy:
        for start in range(0, len(frame), _CHUNK_ROWS):
            copy.write(_as_csv(frame[columns].iloc[start : start + _CHUNK_ROWS], types))
    return len(frame)


def copy_tables(conn: psycopg.Connection, tables: dict[str, pd.DataFrame]) -> dict[str, int]:
    """COPY ``tables`` (parents first), inside the caller's transaction; rows per table.

    The generator's naive times are Paris wall-clock times: the session reads them in
    Europe/Paris, so ``timestamptz`` holds the true instants.
    """
    conn.execute("SET LOCAL timezone = 'Europe/Paris'")
    return {t: copy_frame(conn, t, tables[t]) for t in TABLES if t in tables}


def load(
    conn: psycopg.Connection, tables: dict[str, pd.DataFrame], scale: float, seed: int
) -> dict[str, int]:
    """Replace the data by ``tables`` in one transaction and record (scale, seed)."""
    with conn.transaction():
        conn.execute(f"TRUNCATE {', '.join(TABLES)}, labkit_meta")
        counts = copy_tables(conn, tables)
        conn.execute("INSERT INTO labkit_meta (scale, seed, loader) VALUES (%s, %s, %s)",
                     (scale, seed, LOADER_VERSION))
    with conn.cursor() as cur:
        cur.execute(f"ANALYZE {', '.join(TABLES)}")
    return counts


def load_generated(conn: psycopg.Connection, scale: float, seed: int) -> bool:
    """Load the generated tables of (scale, seed) unless already loaded; True if loaded now."""
    if loaded(conn) == (float(scale), int(seed)):
        return False
    from labkit.datasets import paniervert

    load(conn, {t: paniervert.load(t, scale, seed) for t in TABLES}, scale, seed)
    return True


__all__ = [
    "LOADER_VERSION", "TABLES", "copy_frame", "copy_tables", "create_schema", "load",
    "load_generated", "loaded",
]
