"""Unit tests for labkit.checks.scd: graders of slowly changing dimensions.

Good dimensions pass; wrong ones (two current rows, overlap, gap, wrong history, facts
pointing to the wrong version) fail with a French message that reveals no expected value.
"""

from __future__ import annotations

import datetime as dt
import sys

import duckdb
import pandas as pd
import pytest

from labkit import checks
from labkit.checks import (
    CheckFailed,
    assert_facts_join_valid_version,
    assert_history_matches,
    assert_no_gaps,
    assert_no_overlap,
    assert_one_current_row_per_key,
)

SECRET_CITY = "ZZ_SECRET_CITY"
D = dt.date


def dim() -> pd.DataFrame:
    """A correct type 2 customer dimension: key 1 moved twice, key 2 never, key 3 once."""
    return pd.DataFrame(
        {
            "client_sk": [10, 11, 12, 20, 30, 31],
            "customer_id": [1, 1, 1, 2, 3, 3],
            "city": ["Lyon", "Paris", "Nantes", "Caen", "Pau", "Brest"],
            "valid_from": pd.to_datetime(
                ["2023-01-01", "2023-03-01", "2023-06-15", "2023-01-01", "2023-01-01", "2024-01-01"]
            ),
            "valid_to": pd.to_datetime(
                ["2023-03-01", "2023-06-15", None, None, "2024-01-01", None]
            ),
            "est_courant": [False, False, True, True, False, True],
        }
    )


def facts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "order_id": [100, 101, 102, 103, 104],
            "customer_id": [1, 1, 1, 2, 3],
            "order_date": pd.to_datetime(
                ["2023-02-28", "2023-03-01", "2024-05-05", "2023-07-01", "2023-12-31"]
            ),
            "client_sk": [10, 11, 12, 20, 30],
        }
    )


def message(check, *args, **kwargs) -> str:
    with pytest.raises(CheckFailed) as info:
        check(*args, **kwargs)
    return str(info.value)


# --------------------------------------------------------------------------- good ones pass


def fact_message(facts_frame) -> str:
    """The failure message of the facts check on the sample dimension."""
    return message(
        assert_facts_join_valid_version, facts_frame, dim(),
        "customer_id", "order_date", "customer_id", "client_sk",
    )


def test_good_dimension_passes_every_invariant() -> None:
    d = dim()
    assert_one_current_row_per_key(d, "customer_id")
    assert_one_current_row_per_key(d, "customer_id", current_flag="est_courant")
    assert_one_current_row_per_key(d, "customer_id", current_flag="est_courant", valid_to=None)
    assert_no_overlap(d, "customer_id", "valid_from", "valid_to")
    assert_no_gaps(d, "customer_id", "valid_from", "valid_to")
    assert_history_matches(d, dim(), "customer_id", ["city"])
    assert_facts_join_valid_version(
        facts(), d, "customer_id", "order_date", "customer_id", "client_sk"
    )


def test_duckdb_relations_and_dates_are_accepted() -> None:
    con = duckdb.connect()
    frame = dim()
    con.register("d", frame)
    rel = con.sql(
        "SELECT * REPLACE (CAST(valid_from AS DATE) AS valid_from, "
        "CAST(valid_to AS DATE) AS valid_to) FROM d"
    )
    assert_one_current_row_per_key(rel, "customer_id", "est_courant")
    assert_no_overlap(rel, "customer_id")
    assert_no_gaps(rel, "customer_id")
    # DATE in the learner's dimension, TIMESTAMP in the reference: same instants
    assert_history_matches(rel, frame, "customer_id", ["city"])
    assert_facts_join_valid_version(
        con.sql("SELECT 1 AS customer_id, DATE '2023-03-01' AS order_date, 11 AS client_sk"),
        rel,
        "customer_id",
        "order_date",
        "customer_id",
        "client_sk",
    )
    con.close()


def test_composite_keys_and_python_dates() -> None:
    d = pd.DataFrame(
        {
            "store": ["A", "A", "B"],
            "product": [1, 1, 1],
            "valid_from": [D(2023, 1, 1), D(2023, 2, 1), D(2023, 1, 1)],
            "valid_to": [D(2023, 2, 1), None, None],
        }
    )
    assert_one_current_row_per_key(d, ["store", "product"])
    assert_no_overlap(d, ["store", "product"])
    assert_no_gaps(d, ["store", "product"])


def test_versions_in_any_row_order_pass() -> None:
    d = dim().iloc[::-1].reset_index(drop=True)
    assert_no_overlap(d, "customer_id")
    assert_no_gaps(d, "customer_id")
    assert_history_matches(d, dim(), "customer_id", ["city"])


# --------------------------------------------------------------------------- current rows


def test_two_current_rows_fail() -> None:
    d = dim()
    d.loc[1, "valid_to"] = pd.NaT  # the previous version was not closed
    text = message(assert_one_current_row_per_key, d, "customer_id")
    assert "1 clé a plusieurs lignes courantes" in text
    assert "customer_id = 1 : 2 lignes courantes" in text
    assert "n'a pas été fermée" in text


def test_two_current_flags_fail() -> None:
    d = dim()
    d.loc[0, "est_courant"] = True
    text = message(assert_one_current_row_per_key, d, "customer_id", "est_courant", None)
    assert "plusieurs lignes courantes ('est_courant' vrai)" in text


def test_flag_disagreeing_with_valid_to_fails() -> None:
    d = dim()
    d.loc[0, "est_courant"] = True
    text = message(assert_one_current_row_per_key, d, "customer_id", "est_courant")
    assert "en désaccord avec 'valid_to'" in text
    assert "customer_id: 1" in text


def test_key_without_current_row_fails() -> None:
    d = dim()
    d.loc[3, "valid_to"] = pd.Timestamp("2024-01-01")
    text = message(assert_one_current_row_per_key, d, "customer_id")
    assert "1 clé n’a aucune ligne courante" in text and "customer_id = 2" in text


def test_missing_column_is_named_with_a_hint() -> None:
    d = dim().rename(columns={"valid_to": "Valid_To"})
    text = message(assert_one_current_row_per_key, d, "customer_id")
    assert "Il manque la colonne 'valid_to'" in text
    assert "'Valid_To' ressemble à 'valid_to'" in text


def test_not_a_table_fails_in_french() -> None:
    text = message(assert_no_overlap, None, "customer_id")
    assert "Avez-vous bien affecté" in text


# --------------------------------------------------------------------------- overlap and gaps


def test_overlap_fails() -> None:
    d = dim()
    d.loc[0, "valid_to"] = pd.Timestamp("2023-03-02")  # one day too late
    text = message(assert_no_overlap, d, "customer_id", "valid_from", "valid_to")
    assert "1 paire de versions d'une même clé se chevauche" in text
    assert "2023-03-02" in text


def test_open_version_followed_by_another_overlaps() -> None:
    d = dim()
    d.loc[4, "valid_to"] = pd.NaT
    text = message(assert_no_overlap, d, "customer_id")
    assert "se chevauche" in text and "customer_id: 3" in text


def test_same_start_twice_overlaps() -> None:
    d = pd.concat([dim(), dim().iloc[[3]]], ignore_index=True)
    assert "se chevauche" in message(assert_no_overlap, d, "customer_id")


def test_empty_interval_fails() -> None:
    d = dim()
    d.loc[1, "valid_to"] = d.loc[1, "valid_from"]
    d.loc[2, "valid_from"] = d.loc[1, "valid_from"]
    text = message(assert_no_overlap, d, "customer_id")
    assert "intervalle vide ou inversé" in text


def test_null_valid_from_fails() -> None:
    d = dim()
    d.loc[0, "valid_from"] = pd.NaT
    assert "'valid_from' NULL" in message(assert_no_gaps, d, "customer_id")


def test_gap_fails() -> None:
    d = dim()
    d.loc[0, "valid_to"] = pd.Timestamp("2023-02-28")  # valid_to = last day (closed interval)
    text = message(assert_no_gaps, d, "customer_id", "valid_from", "valid_to")
    assert "1 trou entre deux versions consécutives" in text
    assert "2023-02-28" in text
    assert_no_overlap(d, "customer_id")  # a gap is not an overlap


def test_overlap_is_not_a_gap() -> None:
    d = dim()
    d.loc[0, "valid_to"] = pd.Timestamp("2023-03-02")
    assert_no_gaps(d, "customer_id")


def test_dates_as_text_fail_with_a_kind_message() -> None:
    d = dim().assign(valid_from=lambda f: f["valid_from"].astype(str))
    text = message(assert_no_overlap, d, "customer_id")
    assert "devrait contenir des dates ou des horodatages" in text


# --------------------------------------------------------------------------- history


def test_missing_version_fails_without_revealing() -> None:
    expected = dim()
    expected.loc[1, "city"] = SECRET_CITY
    learner = dim().drop(index=1)
    learner.loc[0, "valid_to"] = learner.loc[2, "valid_from"]
    text = message(assert_history_matches, learner, expected, "customer_id", ["city"])
    assert "1 clé n’a pas le bon nombre de versions" in text
    assert "customer_id = 1 : 2 versions" in text and "il en manque" in text
    assert SECRET_CITY not in text and "Paris" not in text


def test_wrong_value_fails_without_revealing() -> None:
    expected = dim()
    expected.loc[5, "city"] = SECRET_CITY
    text = message(assert_history_matches, dim(), expected, "customer_id", ["city"])
    assert "customer_id = 3, version 2" in text
    assert "colonne 'city', votre valeur 'Brest'" in text
    assert SECRET_CITY not in text


def test_wrong_dates_fail() -> None:
    learner = dim()
    learner.loc[0, "valid_to"] = learner.loc[1, "valid_from"] = pd.Timestamp("2023-03-05")
    text = message(assert_history_matches, learner, dim(), "customer_id", ["city"])
    assert "version 1" in text and "'valid_to'" in text and "2023-03-05" in text


def test_missing_and_extra_keys() -> None:
    text = message(
        assert_history_matches, dim().query("customer_id != 2"), dim(), "customer_id", ["city"]
    )
    assert "1 clé de l'historique attendu est absente" in text
    extra = pd.concat([dim(), dim().iloc[[3]].assign(customer_id=99)], ignore_index=True)
    text = message(assert_history_matches, extra, dim(), "customer_id", ["city"])
    assert "1 clé inattendue" in text and "customer_id = 99" in text


def test_history_ignores_surrogate_keys_and_flags() -> None:
    learner = dim().assign(client_sk=lambda f: f["client_sk"] + 1000).drop(columns="est_courant")
    assert_history_matches(learner, dim(), "customer_id", ["city"])


def test_history_floats_have_a_tolerance() -> None:
    expected = dim().assign(price=[1.1, 1.2, 1.3, 2.0, 3.0, 3.3])
    learner = expected.assign(price=expected["price"] + 1e-12)
    assert_history_matches(learner, expected, "customer_id", ["price"])
    learner.loc[2, "price"] = 1.31
    assert "colonne 'price'" in message(
        assert_history_matches, learner, expected, "customer_id", ["price"]
    )


# --------------------------------------------------------------------------- facts


def test_fact_pointing_to_the_previous_version_fails() -> None:
    f = facts()
    f.loc[1, "client_sk"] = 10  # ordered on the day of the move: the new version applies
    text = message(
        assert_facts_join_valid_version,
        f,
        dim(),
        "customer_id",
        "order_date",
        "customer_id",
        "client_sk",
        "valid_from",
        "valid_to",
    )
    assert "1 ligne de votre table de faits pointe vers une version qui n'était pas valide" in (
        text
    )
    assert "client_sk: 10" in text and "2023-03-01" in text



def test_fact_pointing_to_the_current_version_fails() -> None:
    f = facts()
    f["client_sk"] = [12, 12, 12, 20, 31]  # everything joined to the current row
    text = fact_message(f)
    assert "3 lignes de votre table de faits pointent vers une version" in text


def test_fact_pointing_to_another_customer_fails() -> None:
    f = facts()
    f.loc[3, "client_sk"] = 30
    text = fact_message(f)
    assert "une autre entité" in text


def test_fact_with_unknown_or_null_key_fails() -> None:
    f = facts()
    f.loc[0, "client_sk"] = 999
    assert "absente de la dimension" in fact_message(f)
    f.loc[0, "client_sk"] = None
    assert "(NULL)" in fact_message(f)


def test_duplicate_surrogate_key_fails() -> None:
    d = dim()
    d.loc[1, "client_sk"] = 10
    assert "n'est pas unique" in message(
        assert_facts_join_valid_version,
        facts(),
        d,
        "customer_id",
        "order_date",
        "customer_id",
        "client_sk",
    )


def test_fact_surrogate_key_may_have_another_name() -> None:
    f = facts().rename(columns={"client_sk": "sk_client"})
    assert_facts_join_valid_version(
        f,
        dim(),
        "customer_id",
        "order_date",
        "customer_id",
        "client_sk",
        fact_surrogate_key="sk_client",
    )


# --------------------------------------------------------------------------- silence, API


def test_nothing_is_written_to_stdout_or_stderr(capsys) -> None:
    d = dim()
    d.loc[1, "valid_to"] = pd.NaT
    for check in (assert_one_current_row_per_key, assert_no_overlap):
        with pytest.raises(CheckFailed):
            check(d, "customer_id")
    assert_no_gaps(dim(), "customer_id")
    print("", end="", file=sys.stderr)
    assert capsys.readouterr() == ("", "")


def test_graders_are_exported_and_raise_assertion_errors() -> None:
    for name in (
        "assert_one_current_row_per_key",
        "assert_no_overlap",
        "assert_no_gaps",
        "assert_history_matches",
        "assert_facts_join_valid_version",
    ):
        assert name in checks.__all__
    assert issubclass(CheckFailed, AssertionError)
