"""checks.refused: a refused statement is detected, and nothing is ever kept."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.pool import StaticPool

from labkit.checks import refused


def engine_with_table() -> sa.Engine:
    engine = sa.create_engine("sqlite://", poolclass=StaticPool)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE store (id INTEGER PRIMARY KEY, "
                             "surface INTEGER NOT NULL CHECK (surface > 0))"))
    return engine


def count(conn: sa.Connection) -> int:
    return conn.execute(sa.text("SELECT count(*) FROM store")).scalar_one()


def test_a_statement_breaking_a_constraint_is_refused_and_undone() -> None:
    with engine_with_table().connect() as conn:
        assert refused(conn, "INSERT INTO store VALUES (1, -5)")
        assert not refused(conn, "INSERT INTO store VALUES (1, 50)")
        assert count(conn) == 0  # accepted or not, nothing is kept


def test_statements_run_in_order_so_a_duplicate_key_is_refused() -> None:
    row = "INSERT INTO store VALUES (:id, 10)"
    with engine_with_table().connect() as conn:
        assert refused(conn, row, row, params={"id": 7})
        assert not refused(conn, row, params={"id": 7})


def test_the_callers_transaction_survives_a_refusal() -> None:
    with engine_with_table().connect() as conn:
        conn.execute(sa.text("INSERT INTO store VALUES (1, 50)"))
        assert refused(conn, "INSERT INTO store VALUES (2, NULL)")
        assert count(conn) == 1
