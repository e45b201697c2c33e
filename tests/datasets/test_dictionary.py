"""The data dictionary documents every column of every table and file, exactly."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
from openpyxl import load_workbook

from labkit.datasets import paniervert
from labkit.datasets.paniervert import data_dictionary

CATEGORIES = {"identifiant direct", "quasi-identifiant", "sensible", "aucune"}


def documented() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for doc in paniervert.dictionary():
        out.setdefault(doc.table, set()).add(doc.column)
    return out


def flat_keys(value: dict, prefix: str = "") -> set[str]:
    keys = set()
    for key, item in value.items():
        if isinstance(item, dict) and key not in ("properties",):
            keys |= flat_keys(item, f"{prefix}{key}.")
        else:
            keys.add(prefix + key)
    return keys


def test_categories_and_meanings_are_filled() -> None:
    docs = paniervert.dictionary()
    assert {d.gdpr_category for d in docs} <= CATEGORIES
    assert all(d.meaning_fr and d.type for d in docs)
    assert len({(d.table, d.column) for d in docs}) == len(docs)


def test_every_table_column_is_documented(generated) -> None:
    docs = documented()
    for table in paniervert.TABLES:
        columns = set(pq.read_schema(generated.path / "tables" / f"{table}.parquet").names)
        assert columns == docs[table], table


def test_every_file_column_is_documented(generated) -> None:
    docs, folder = documented(), generated.path
    first_click = next((folder / "clickstream").glob("day=*/part-0.jsonl")).open().readline()
    assert flat_keys(json.loads(first_click)) == docs["clickstream/day=*/part-0.jsonl"]
    sensors = next((folder / "sensors").glob("month=*/part-0.parquet"))
    assert set(pq.read_schema(sensors).names) == docs["sensors/month=*/part-0.parquet"]
    header = (folder / "sources/fournisseurs/tarifs_01.csv").read_bytes().decode("cp1252")
    assert set(header.split("\r\n")[0].split(";")) == docs["sources/fournisseurs/tarifs_*.csv"]
    sheet = load_workbook(folder / "sources/liste_prix_cooperative.xlsx").active
    assert {c.value for c in sheet[5]} == docs["sources/liste_prix_cooperative.xlsx"]
    catalogue = json.loads((folder / "sources/catalogue_partenaire.json").read_text())
    keys = {"produits." + k for r in catalogue["produits"] for k in flat_keys(r)}
    assert keys == docs["sources/catalogue_partenaire.json"]
    till = pq.read_schema(folder / "sources/export_caisses_2024-12.parquet").names
    assert set(till) == docs["sources/export_caisses_2024-12.parquet"]


def test_personal_data_is_flagged() -> None:
    category = {(d.table, d.column): d.gdpr_category for d in paniervert.dictionary()}
    assert category[("customers", "email")] == "identifiant direct"
    assert category[("customers", "birth_date")] == "quasi-identifiant"
    assert category[("reviews", "text")] == "sensible"
    assert category[("products", "ean13")] == "aucune"


def test_written_dictionary_equals_the_api(generated) -> None:
    written = json.loads((generated.path / "dictionary.json").read_text())
    assert written == data_dictionary.as_records()
    assert (generated.path / "dictionary.md").read_text() == data_dictionary.as_markdown()
