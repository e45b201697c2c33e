"""Unit tests for labkit.checks: DataFrame / query graders with French, answer-free messages."""

from __future__ import annotations

import datetime as dt
import decimal
import sqlite3
import sys
import warnings

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
import sqlalchemy as sa
from sqlalchemy.pool import StaticPool

from labkit.checks import (
    CheckFailed,
    assert_columns,
    assert_frame_matches,
    assert_query_matches,
    assert_row_count,
    context,
    learner_call,
    run_query,
    to_frame,
)
from labkit.checks import frames as frames_module
from labkit.checks.messages import format_row, format_value, plural

SECRET_NUMBER = 987654.321
SECRET_TEXT = "ZZ_SECRET"


def flights() -> pd.DataFrame:
    return pd.DataFrame(
        {"carrier": ["UA", "AA", "DL"], "n": [12, 3, 7], "dep_delay": [1.5, 2.25, None]}
    )


def failure(actual, expected, **kwargs) -> str:
    with pytest.raises(CheckFailed) as info:
        assert_frame_matches(actual, expected, **kwargs)
    return str(info.value)


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.execute(
        "CREATE TABLE flights AS SELECT * FROM (VALUES "
        "('UA', 12, 1.5, DATE '2013-01-01'), ('AA', 3, 2.25, DATE '2013-01-02'), "
        "('DL', 7, NULL, DATE '2013-01-03')) t(carrier, n, dep_delay, day)"
    )
    yield connection
    connection.close()


@pytest.fixture
def engine() -> sa.Engine:
    eng = sa.create_engine("sqlite://", poolclass=StaticPool)
    with eng.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE flights (carrier TEXT, n INTEGER)")
        conn.exec_driver_sql("INSERT INTO flights VALUES ('UA', 12), ('AA', 3), ('DL', 7)")
    yield eng
    eng.dispose()


# --------------------------------------------------------------------------- equal tables pass


def test_identical_frames_pass() -> None:
    assert_frame_matches(flights(), flights())


def test_row_order_is_ignored_by_default() -> None:
    assert_frame_matches(flights().iloc[::-1], flights())


def test_column_order_and_index_are_ignored() -> None:
    actual = flights()[["n", "dep_delay", "carrier"]].set_index(pd.Index([10, 20, 30]))
    assert_frame_matches(actual, flights())


@pytest.mark.parametrize(
    "values",
    [
        [12.0, 3.0, 7.0],
        pd.array([12, 3, 7], dtype="Int64"),
        [decimal.Decimal("12.00"), decimal.Decimal("3"), decimal.Decimal("7.0")],
        pd.array([12, 3, 7], dtype="uint8"),
    ],
    ids=["float", "Int64", "decimal", "uint8"],
)
def test_every_numeric_dtype_is_the_same_kind(values) -> None:
    actual = flights().assign(n=values)
    assert_frame_matches(actual, flights())


def test_floats_within_tolerance_pass() -> None:
    actual = flights().assign(dep_delay=[1.5 * (1 + 1e-9), 2.25 - 1e-10, None])
    assert_frame_matches(actual.iloc[::-1], flights())


def test_atol_covers_values_near_zero() -> None:
    assert_frame_matches(pd.DataFrame({"x": [1e-12, 0.0]}), pd.DataFrame({"x": [0.0, 0.0]}))


def test_tolerant_match_pairs_near_neighbours_correctly() -> None:
    expected = pd.DataFrame({"k": ["a"] * 3, "x": [1.0, 1.0000005, 1.000001]})
    actual = pd.DataFrame({"k": ["a"] * 3, "x": [1.000001, 1.0000005, 1.0000000001]})
    assert_frame_matches(actual, expected)


def test_tolerant_match_prefers_the_closest_candidate() -> None:
    # 1.0000009 is close to both; taking 1.0 for it would leave 0.9999995 unmatched
    expected = pd.DataFrame({"x": [1.0, 1.0000015]})
    assert_frame_matches(pd.DataFrame({"x": [1.0000009, 0.9999995]}), expected)


def test_infinities_compare_equal() -> None:
    frame = pd.DataFrame({"x": [np.inf, -np.inf, 1.0]})
    assert_frame_matches(frame.iloc[::-1], frame.copy())


@pytest.mark.parametrize("null", [None, np.nan, pd.NA])
def test_every_null_flavour_is_equal(null) -> None:
    actual = pd.DataFrame({"s": pd.Series(["a", null], dtype=object), "x": [1.0, null]})
    expected = pd.DataFrame({"s": ["a", None], "x": pd.array([1, None], dtype="Int64")})
    assert_frame_matches(actual, expected)


def test_duplicates_with_the_same_multiplicity_pass() -> None:
    frame = pd.DataFrame({"k": ["A", "A", "B"], "v": [1, 1, 2]})
    assert_frame_matches(frame.iloc[[2, 0, 1]], frame)


def test_date_and_timestamp_are_the_same_kind_and_value(con) -> None:
    actual = con.sql("SELECT TIMESTAMP '2013-01-01 00:00:00' AS day")
    expected = con.sql("SELECT DATE '2013-01-01' AS day")
    assert_frame_matches(actual, expected)


def test_python_dates_match_datetime64_columns() -> None:
    actual = pd.DataFrame({"day": [dt.date(2013, 1, 2), dt.datetime(2013, 1, 1, 6), None]})
    expected = pd.DataFrame({"day": pd.to_datetime(["2013-01-01T06:00", "2013-01-02T00:00", None])})
    assert_frame_matches(actual, expected)


def test_timezones_are_compared_as_instants() -> None:
    paris = pd.DataFrame({"t": pd.to_datetime(["2020-01-01 01:00"]).tz_localize("Europe/Paris")})
    utc = pd.DataFrame({"t": [pd.Timestamp("2020-01-01 00:00")]})
    assert_frame_matches(paris, utc)


def test_nested_values_are_compared() -> None:
    frame = pd.DataFrame({"l": [[1, 2], [3]], "d": [{"a": 1}, {"a": 2}]})
    assert_frame_matches(frame.iloc[::-1], frame.copy())
    assert "Ligne inattendue" in failure(frame.assign(l=[[1, 2], [4]]), frame)


def test_check_names_false_compares_by_position() -> None:
    actual = flights().set_axis(["a", "b", "c"], axis=1)
    assert_frame_matches(actual, flights(), check_names=False)


def test_ordered_passes_in_the_right_order() -> None:
    assert_frame_matches(flights(), flights(), ordered=True)


# --------------------------------------------------------------------------- columns


def test_missing_column_is_named() -> None:
    message = failure(flights().drop(columns="dep_delay"), flights())
    assert message == "Il manque la colonne 'dep_delay' dans votre résultat."


def test_several_missing_columns_are_listed() -> None:
    message = failure(flights()[["carrier"]], flights())
    assert "Il manque les colonnes 'n', 'dep_delay'" in message


def test_extra_column_is_named() -> None:
    message = failure(flights().assign(extra=1), flights())
    assert message == "Votre résultat contient une colonne inattendue : 'extra'."


def test_case_only_difference_gets_a_hint() -> None:
    message = failure(flights().rename(columns={"carrier": "Carrier "}), flights())
    assert "Il manque la colonne 'carrier'" in message
    assert "ressemble à 'carrier'" in message
    assert "majuscules" in message


def test_column_in_the_index_gets_a_hint() -> None:
    message = failure(flights().set_index("carrier"), flights())
    assert "pensez à .reset_index()" in message


def test_duplicate_column_is_reported() -> None:
    actual = pd.concat([flights(), flights()[["n"]]], axis=1)
    assert "La colonne 'n' apparaît 2 fois" in failure(actual, flights())


def test_check_names_false_still_counts_columns() -> None:
    message = failure(flights().iloc[:, :2], flights(), check_names=False)
    assert (
        message == "Votre résultat a 2 colonnes ; le nombre attendu est différent (il en manque)."
    )


def test_label_is_used_in_messages() -> None:
    message = failure(flights().drop(columns="n"), flights(), label="la table clean_flights")
    assert message == "Il manque la colonne 'n' dans la table clean_flights."


# --------------------------------------------------------------------------- kinds


def test_wrong_kind_is_reported() -> None:
    message = failure(flights().assign(n=["12", "3", "7"]), flights())
    assert message == "La colonne 'n' devrait contenir des nombres, mais elle contient du texte."


@pytest.mark.parametrize(
    ("values", "wanted", "got"),
    [
        ([True, False, True], "des nombres", "des booléens"),
        (pd.to_datetime(["2020-01-01"] * 3), "des nombres", "des dates"),
    ],
)
def test_other_kinds_are_named(values, wanted, got) -> None:
    message = failure(flights().assign(n=values), flights())
    assert f"devrait contenir {wanted}, mais elle contient {got}" in message


def test_all_null_untyped_column_skips_the_kind_check() -> None:
    expected = pd.DataFrame({"x": [None, None]}, dtype=object)
    assert_frame_matches(pd.DataFrame({"x": [np.nan, np.nan]}), expected)


def test_check_types_false_skips_kinds_but_not_values() -> None:
    actual = flights().assign(n=["12", "3", "7"])
    message = failure(actual, flights(), check_types=False)
    assert "lignes ne correspondent pas" in message


# --------------------------------------------------------------------------- row count


def test_too_many_rows() -> None:
    actual = pd.concat([flights(), flights().iloc[[0]]])
    message = failure(actual, flights())
    assert message.startswith(
        "Votre résultat a 4 lignes ; le nombre attendu est différent (il y en a trop)."
    )
    assert "Ligne inattendue, par exemple : {carrier: 'UA', n: 12, dep_delay: 1.5}" in message
    assert "(présente 2 fois dans votre résultat)" in message


def test_too_few_rows() -> None:
    message = failure(flights().iloc[:2], flights())
    assert message == "Votre résultat a 2 lignes ; le nombre attendu est différent (il en manque)."


def test_one_row_is_singular() -> None:
    message = failure(flights().iloc[:1], flights())
    assert message.startswith("Votre résultat a 1 ligne ;")


# --------------------------------------------------------------------------- content


def test_extra_row_example_is_shown() -> None:
    actual = flights().assign(n=[12, 3, 8])
    message = failure(actual, flights())
    assert message.startswith(
        "Votre résultat a le bon nombre de lignes, mais 1 ligne ne correspond pas"
    )
    assert "(1 ligne attendue manque)" in message
    assert "Ligne inattendue, par exemple : {carrier: 'DL', n: 8, dep_delay: NULL}" in message


def test_at_most_three_examples_are_shown() -> None:
    expected = pd.DataFrame({"x": range(10)})
    message = failure(pd.DataFrame({"x": range(100, 110)}), expected)
    assert "10 lignes ne correspondent pas" in message
    assert "(10 lignes attendues manquent)" in message
    assert message.count("{x: ") == 3


def test_multiset_duplicates_difference_is_detected() -> None:
    expected = pd.DataFrame({"k": ["A", "B", "B"]})
    actual = pd.DataFrame({"k": ["A", "A", "B"]})
    message = failure(actual, expected)
    assert "1 ligne ne correspond pas" in message
    assert "{k: 'A'} (présente 2 fois dans votre résultat)" in message


def test_float_outside_tolerance_fails() -> None:
    actual = flights().assign(dep_delay=[1.5001, 2.25, None])
    assert "Ligne inattendue" in failure(actual, flights())


def test_tolerance_can_be_loosened() -> None:
    actual = flights().assign(dep_delay=[1.5001, 2.25, None])
    assert_frame_matches(actual, flights(), rtol=1e-3)


def test_null_is_not_equal_to_a_value() -> None:
    actual = flights().assign(dep_delay=[1.5, 2.25, 0.0])
    assert "dep_delay: 0.0" in failure(actual, flights())


# --------------------------------------------------------------------------- ordered


def test_ordered_wrong_order() -> None:
    message = failure(flights().iloc[[1, 0, 2]], flights(), ordered=True)
    assert message.startswith(
        "Les lignes sont les bonnes mais pas dans le bon ordre (vérifiez ORDER BY)."
    )
    assert "ligne 1" in message


def test_ordered_reports_first_mismatching_cell() -> None:
    actual = flights().assign(dep_delay=[1.5, 12.5, None])
    message = failure(actual, flights(), ordered=True)
    assert message == (
        "Ligne 2, colonne 'dep_delay' : votre valeur 12.5 ne correspond pas à la valeur attendue."
    )


def test_ordered_tolerates_float_noise() -> None:
    actual = flights().assign(dep_delay=[1.5 + 1e-12, 2.25, None])
    assert_frame_matches(actual, flights(), ordered=True)


# --------------------------------------------------------------------------- no answer leaks


def secret_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {"carrier": ["UA", SECRET_TEXT, "DL"], "n": [12, 3, 7], "x": [1.0, SECRET_NUMBER, 2.0]}
    )


@pytest.mark.parametrize(
    ("actual", "kwargs"),
    [
        (pd.DataFrame({"carrier": ["UA", "AA", "DL"], "n": [12, 3, 7], "x": [1.0, 5.0, 2.0]}), {}),
        (pd.DataFrame({"carrier": ["UA", "AA"], "n": [12, 3], "x": [1.0, 5.0]}), {}),
        (pd.DataFrame({"carrier": ["UA"] * 5, "n": [1] * 5, "x": [1.0] * 5}), {}),
        (
            pd.DataFrame({"carrier": ["UA", "AA", "DL"], "n": [12, 3, 7], "x": [1.0, 5.0, 2.0]}),
            {"ordered": True},
        ),
        (
            pd.DataFrame({"carrier": ["UA", "DL", SECRET_TEXT], "n": [12, 7, 3]}).assign(
                x=[1.0, 2.0, SECRET_NUMBER]
            ),
            {"ordered": True},
        ),
        (pd.DataFrame({"carrier": ["UA"], "n": ["3"], "x": ["1"]}), {}),
        (pd.DataFrame({"carrier": ["UA"], "n": [3]}), {}),
    ],
    ids=["content", "count", "duplicates", "ordered-cell", "ordered-order", "kinds", "columns"],
)
def test_messages_never_reveal_expected_values(actual, kwargs) -> None:
    message = failure(actual, secret_frame(), **kwargs)
    for secret in (SECRET_TEXT, "987654", "987 654"):
        assert secret not in message


def test_query_messages_never_reveal_expected_values(con) -> None:
    expected = f"SELECT '{SECRET_TEXT}' AS carrier, {SECRET_NUMBER} AS n"
    for query in ("SELECT 'UA' AS carrier, 1.5 AS n", "SELECT 'UA' AS carrier", "SELEC 1"):
        with pytest.raises(CheckFailed) as info:
            assert_query_matches(con, query, expected)
        assert SECRET_TEXT not in str(info.value)
        assert "987654" not in str(info.value)


# --------------------------------------------------------------------------- to_frame


def test_to_frame_accepts_tables(con) -> None:
    records = [{"a": 1, "b": "x"}, {"a": 2, "b": "y"}]
    expected = pd.DataFrame(records)
    table = pa.Table.from_pylist(records)
    relation = con.sql("SELECT * FROM (VALUES (1, 'x'), (2, 'y')) t(a, b)")
    for result in (expected, records, table, table.to_batches()[0], relation):
        frame = to_frame(result)
        assert isinstance(frame, pd.DataFrame)
        assert_frame_matches(frame, expected)


def test_duckdb_relation_is_a_valid_answer(con) -> None:
    relation = con.sql("SELECT carrier, n FROM flights WHERE n > 5")
    expected = pd.DataFrame({"carrier": ["DL", "UA"], "n": [7, 12]})
    assert_frame_matches(relation, expected)
    first_two = con.sql("SELECT carrier, n FROM flights LIMIT 2")
    assert "Ligne inattendue" in failure(first_two, expected)


@pytest.mark.parametrize("value", [None, 42, "SELECT 1", {"a": [1]}, [1, 2]])
def test_to_frame_rejects_other_objects(value) -> None:
    name = type(value).__name__
    with pytest.raises(CheckFailed, match=f"pas un objet de type {name}"):
        to_frame(value)
    with pytest.raises(CheckFailed, match=r"Le résultat doit être un tableau \(DataFrame pandas"):
        assert_frame_matches(value, flights())


def test_to_frame_explains_series() -> None:
    series = flights().groupby("carrier")["n"].sum()
    with pytest.raises(CheckFailed, match=r"Series pandas.*\.reset_index\(\)"):
        to_frame(series)


def test_bad_expected_is_an_authoring_error() -> None:
    with pytest.raises(TypeError):
        assert_frame_matches(flights(), 42)


def test_check_failed_is_an_assertion_error() -> None:
    assert issubclass(CheckFailed, AssertionError)


# --------------------------------------------------------------------------- queries


def test_query_matches_on_duckdb(con) -> None:
    expected = "SELECT carrier, n FROM flights WHERE n > 5"
    assert_query_matches(con, "SELECT n, carrier FROM flights WHERE n >= 7 ORDER BY n", expected)


def test_query_mismatch_on_duckdb(con) -> None:
    expected = "SELECT carrier, n FROM flights WHERE n > 5"
    with pytest.raises(CheckFailed, match=r"^Le résultat de votre requête a 3 lignes ; .*trop"):
        assert_query_matches(con, "SELECT carrier, n FROM flights", expected)


def test_query_ordered_on_duckdb(con) -> None:
    expected = "SELECT carrier FROM flights ORDER BY n DESC"
    assert_query_matches(con, "SELECT carrier FROM flights ORDER BY n DESC", expected, ordered=True)
    with pytest.raises(CheckFailed, match="pas dans le bon ordre"):
        assert_query_matches(con, "SELECT carrier FROM flights ORDER BY n", expected, ordered=True)


def test_query_syntax_error(con) -> None:
    with pytest.raises(CheckFailed) as info:
        assert_query_matches(con, "SELEC carrier FROM flights", "SELECT carrier FROM flights")
    message = str(info.value)
    assert message.startswith("Votre requête a échoué : Parser Error: syntax error")
    assert "\n" not in message
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__


def test_query_unknown_column(con) -> None:
    with pytest.raises(CheckFailed, match=r'Votre requête a échoué : Binder Error: .*"nope"'):
        assert_query_matches(con, "SELECT nope FROM flights", "SELECT carrier FROM flights")


@pytest.mark.parametrize(
    ("query", "pattern"),
    [
        (None, r"chaîne de caractères \(str\), pas un objet de type NoneType"),
        (42, "pas un objet de type int"),
        ("   ", "Votre requête est vide"),
        ("-- TODO", "ne renvoie aucun tableau de résultats"),
    ],
)
def test_query_not_a_select(con, query, pattern) -> None:
    with pytest.raises(CheckFailed, match=pattern):
        assert_query_matches(con, query, "SELECT 1 AS x")


def test_query_keeps_the_duckdb_progress_bar_setting(con) -> None:
    setting = "SELECT current_setting('enable_progress_bar')"
    con.execute("SET enable_progress_bar = true")
    assert_query_matches(con, "SELECT 1 AS x", "SELECT 1 AS x")
    with pytest.raises(CheckFailed):
        assert_query_matches(con, "SELEC 1", "SELECT 1 AS x")
    assert con.execute(setting).fetchone()[0] is True


def test_reference_query_failure_is_not_blamed_on_the_learner(con) -> None:
    with pytest.raises(RuntimeError, match="La requête de référence a échoué"):
        assert_query_matches(con, "SELECT 1 AS x", "SELECT * FROM missing_table")


def test_duckdb_module_uses_the_default_connection() -> None:
    duckdb.execute("CREATE OR REPLACE TEMP TABLE labkit_checks_t AS SELECT 1 AS x")
    assert_query_matches(duckdb, "SELECT x FROM labkit_checks_t", "SELECT 1 AS x")


def test_query_matches_on_sqlalchemy_engine(engine) -> None:
    expected = "SELECT carrier FROM flights WHERE n > 5"
    assert_query_matches(engine, "SELECT carrier FROM flights WHERE n >= 7", expected)
    with pytest.raises(CheckFailed, match="il y en a trop"):
        assert_query_matches(engine, "SELECT carrier FROM flights", expected)


def test_query_matches_on_sqlalchemy_connection(engine) -> None:
    with engine.connect() as conn:
        assert_query_matches(conn, "SELECT n FROM flights", "SELECT n * 1.0 AS n FROM flights")
        with pytest.raises(CheckFailed, match=r'^Votre requête a échoué : near "SELEC"'):
            assert_query_matches(conn, "SELEC n FROM flights", "SELECT n FROM flights")


def test_sqlalchemy_statement_without_rows(engine) -> None:
    with pytest.raises(CheckFailed, match="ne renvoie aucun tableau de résultats"):
        assert_query_matches(engine, "CREATE TABLE other (a INTEGER)", "SELECT 1 AS a")


def test_query_matches_on_sqlite3() -> None:
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE t (a INTEGER)")
    connection.execute("INSERT INTO t VALUES (1), (2)")
    assert_query_matches(connection, "SELECT a FROM t ORDER BY a DESC", "SELECT a FROM t")
    with pytest.raises(CheckFailed, match="Votre requête a échoué : no such table"):
        assert_query_matches(connection, "SELECT a FROM nope", "SELECT a FROM t")
    connection.close()


def test_unsupported_connection() -> None:
    with pytest.raises(CheckFailed, match="La connexion fournie n'est pas prise en charge"):
        assert_query_matches(object(), "SELECT 1", "SELECT 1")


# --------------------------------------------------------------------------- columns / counts


def test_assert_columns() -> None:
    assert_columns(flights(), ["dep_delay", "carrier", "n"])
    with pytest.raises(CheckFailed, match="Il manque la colonne 'origin'.*inattendue : 'n'"):
        assert_columns(flights(), ["carrier", "dep_delay", "origin"])


def test_assert_row_count_exact() -> None:
    assert_row_count(flights(), 3)
    with pytest.raises(CheckFailed, match=r"^Votre résultat a 3 lignes ; on en attend 5\.$"):
        assert_row_count(flights(), 5)


def test_assert_row_count_bounds(con) -> None:
    assert_row_count(con.sql("SELECT * FROM flights"), at_least=1, at_most=3)
    with pytest.raises(CheckFailed, match="on en attend au moins 4"):
        assert_row_count(flights(), at_least=4)
    with pytest.raises(CheckFailed, match="on en attend au plus 2"):
        assert_row_count(flights(), at_most=2)


def test_assert_row_count_needs_a_bound() -> None:
    with pytest.raises(ValueError):
        assert_row_count(flights())


# --------------------------------------------------------------------------- silence


def run_every_check(con: duckdb.DuckDBPyConnection) -> None:
    """Passing and failing calls of every public check."""
    mixed = pd.DataFrame({"m": [1, "a", None], "d": [dt.date(2020, 1, 1), None, None]})
    assert_frame_matches(mixed, mixed.copy())
    assert_frame_matches(con.sql("SELECT * FROM flights"), con.sql("SELECT * FROM flights"))
    calls = [
        lambda: assert_frame_matches(flights().assign(n=["a", "b", "c"]), flights()),
        lambda: assert_frame_matches(flights().iloc[::-1], flights(), ordered=True),
        lambda: assert_frame_matches(flights().assign(n=[1, 2, 3]), flights()),
        lambda: assert_query_matches(con, "SELEC 1", "SELECT 1"),
        lambda: assert_query_matches(con, "SELECT 2 AS a", "SELECT 1 AS a"),
        lambda: assert_columns(flights(), ["x"]),
        lambda: assert_row_count(flights(), 1),
        lambda: to_frame(None),
    ]
    for call in calls:
        with pytest.raises(CheckFailed):
            call()


def test_nothing_is_written_to_stdout_or_stderr(con, capsys) -> None:
    run_every_check(con)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ""


def test_no_warning_escapes(con) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run_every_check(con)


def test_noise_from_inside_a_check_is_swallowed(monkeypatch, capsys) -> None:
    original = frames_module.column_kind

    def noisy(series: pd.Series) -> str | None:
        print("noise")
        print("noise", file=sys.stderr)
        warnings.warn("noise", UserWarning, stacklevel=1)
        return original(series)

    monkeypatch.setattr(frames_module, "column_kind", noisy)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert_frame_matches(flights(), flights())
    assert capsys.readouterr() == ("", "")


# --------------------------------------------------------------------------- messages


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "NULL"),
        (np.nan, "NULL"),
        (pd.NA, "NULL"),
        (pd.NaT, "NULL"),
        ("UA", "'UA'"),
        (np.int64(12), "12"),
        (12.5, "12.5"),
        (decimal.Decimal("2.50"), "2.50"),
        (pd.Timestamp("2013-01-01 05:00"), "2013-01-01 05:00:00"),
        ("x" * 100, "'" + "x" * 39 + "…'"),
    ],
)
def test_format_value(value, text) -> None:
    assert format_value(value) == text


def test_format_row_and_plural() -> None:
    assert format_row(["carrier", "n"], ["UA", 12]) == "{carrier: 'UA', n: 12}"
    assert [plural(n, "ligne") for n in (0, 1, 2)] == ["0 ligne", "1 ligne", "2 lignes"]


# --- run_query ------------------------------------------------------------------------


def test_run_query_returns_the_learner_result() -> None:
    con = duckdb.connect()
    frame = run_query(con, "SELECT 1 AS a UNION ALL SELECT 2")
    assert sorted(frame["a"]) == [1, 2]


def test_run_query_explains_failures_in_french() -> None:
    con = duckdb.connect()
    with pytest.raises(CheckFailed, match="Votre requête a échoué"):
        run_query(con, "SELECT colonne_absente FROM (SELECT 1 AS a)")
    with pytest.raises(CheckFailed, match="chaîne de caractères"):
        run_query(con, None)


def test_connection_stays_usable_after_a_failed_query() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT 1 AS a")
    for bad in ("SELEC x", "SELECT nope FROM t"):
        with pytest.raises(CheckFailed):
            run_query(con, bad)
        assert con.sql("SELECT a FROM t").fetchall() == [(1,)]


# --- context and learner_call --------------------------------------------------------


def test_context_prefixes_failures() -> None:
    expected = pytest.raises(CheckFailed, match=r"^fichier b\.csv : .*colonne")
    with expected, context("fichier b.csv"):
        assert_columns(pd.DataFrame({"a": [1]}), ["a", "b"])


def test_learner_call_turns_exceptions_into_french_failures() -> None:
    assert learner_call("cas simple", lambda x: x + 1, 1) == 2
    with pytest.raises(CheckFailed, match="cas vide : votre fonction lève ZeroDivisionError"):
        learner_call("cas vide", lambda: 1 / 0)
