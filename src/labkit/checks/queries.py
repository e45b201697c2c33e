"""Compare a learner's SQL query with a reference query, run on the same connection.

Connections: DuckDB (or the ``duckdb`` module itself), SQLAlchemy Connection/Engine, sqlite3.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd

from labkit.checks import messages as m
from labkit.checks.frames import assert_frame_matches
from labkit.checks.messages import CheckFailed
from labkit.checks.quiet import quiet
from labkit.checks.tables import is_instance_of


class _NoResultSet(Exception):
    """The statement ran but returned no table (DDL, comment only, ...)."""


def _root_cause(exc: BaseException) -> BaseException:
    """Innermost driver error behind pandas / SQLAlchemy wrappers."""
    seen: set[int] = set()
    while id(exc) not in seen:
        seen.add(id(exc))
        inner = getattr(exc, "orig", None) or exc.__cause__
        if not isinstance(inner, BaseException):
            break
        exc = inner
    return exc


def _check_query_text(query: Any) -> None:
    if not isinstance(query, str):
        hint = " Avez-vous bien écrit votre requête ?" if query is None else ""
        raise CheckFailed(
            "Votre requête doit être une chaîne de caractères (str), "
            f"pas un objet de type {type(query).__name__}.{hint}"
        )
    if not query.strip():
        raise CheckFailed("Votre requête est vide : écrivez une requête SELECT.")


@contextmanager
def _duckdb_quiet(con: Any) -> Iterator[None]:
    """Turn DuckDB's progress bar off for the duration, then restore the setting."""
    try:
        was_on = bool(con.execute("SELECT current_setting('enable_progress_bar')").fetchall()[0][0])
    except Exception:
        was_on = False
    if was_on:
        con.execute("SET enable_progress_bar = false")
    try:
        yield
    finally:
        if was_on:
            con.execute("SET enable_progress_bar = true")


def _read_duckdb(con: Any, sql: str) -> pd.DataFrame:
    with _duckdb_quiet(con):
        result = con.execute(sql)
        if result is None or result.description is None:
            raise _NoResultSet
        return result.df()


def _read_sqlite3(con: Any, sql: str) -> pd.DataFrame:
    cursor = con.execute(sql)
    if cursor.description is None:
        raise _NoResultSet
    columns = [d[0] for d in cursor.description]
    return pd.DataFrame.from_records(cursor.fetchall(), columns=columns)


def _read_sqlalchemy(con: Any, sql: str) -> pd.DataFrame:
    # A query is text, not a template: "LIKE '%pomme%'" must not be read as a
    # placeholder by drivers with the "format" paramstyle (psycopg).
    if hasattr(con, "execution_options"):
        con = con.execution_options(no_parameters=True)
    try:
        return pd.read_sql(sql, con)
    except Exception as exc:
        if type(_root_cause(exc)).__name__ == "ResourceClosedError":
            raise _NoResultSet from None
        raise


def _read_sql(con: Any, sql: str) -> pd.DataFrame:
    if con is not None and con is sys.modules.get("duckdb"):  # duckdb.sql(...) style
        con = con.default_connection()
    if is_instance_of(con, "duckdb", "DuckDBPyConnection"):
        return _read_duckdb(con, sql)
    if type(con).__module__.startswith("sqlalchemy."):
        return _read_sqlalchemy(con, sql)
    if is_instance_of(con, "sqlite3", "Connection"):
        return _read_sqlite3(con, sql)
    raise CheckFailed(
        "La connexion fournie n'est pas prise en charge : utilisez une connexion DuckDB "
        f"ou SQLAlchemy (objet reçu de type {type(con).__name__})."
    )


def _run_learner_query(con: Any, query: str) -> pd.DataFrame:
    try:
        return _read_sql(con, query)
    except CheckFailed:
        raise
    except _NoResultSet:
        raise CheckFailed(
            "Votre requête s'est exécutée mais ne renvoie aucun tableau de résultats : "
            "est-ce bien une requête SELECT ?"
        ) from None
    except Exception as exc:
        raise CheckFailed(f"Votre requête a échoué : {m.first_line(_root_cause(exc))}") from None


def _run_reference_query(con: Any, query: str) -> pd.DataFrame:
    try:
        return _read_sql(con, query)
    except Exception as exc:
        raise RuntimeError(
            "La requête de référence a échoué (la base a peut-être été modifiée par une "
            f"cellule précédente) : {m.first_line(_root_cause(exc))}"
        ) from None


@quiet()
def run_query(con: Any, query: str) -> pd.DataFrame:
    """Run the learner's ``query`` and return its result; a failure says why, in French."""
    _check_query_text(query)
    return _run_learner_query(con, query)


@quiet()
def assert_query_matches(con: Any, query: str, expected_query: str, **kwargs: Any) -> None:
    """Run the learner's ``query`` and ``expected_query`` on ``con`` and compare the results.

    ``con`` is a DuckDB connection (or the ``duckdb`` module: its default connection), a
    SQLAlchemy Connection/Engine or a sqlite3 connection.
    Keyword arguments go to :func:`assert_frame_matches`.
    """
    _check_query_text(query)
    actual = _run_learner_query(con, query)
    expected = _run_reference_query(con, expected_query)
    kwargs.setdefault("label", "le résultat de votre requête")
    assert_frame_matches(actual, expected, **kwargs)
