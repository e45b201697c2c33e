"""The defects manifest lists exactly the defects present in the messy files.

Each file is re-read independently and its defects re-detected (format checks, check
digits, and a comparison with the clean tables); the result must equal the manifest.
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from openpyxl import load_workbook

from labkit.datasets.paniervert import is_valid_ean13, is_valid_siret

DATE_STYLES = {"iso": r"\d{4}-\d\d-\d\d", "jj/mm/aaaa": r"\d\d/\d\d/\d{4}",
               "texte": r"\d{1,2} \S+ \d{4}"}


def style_of(value: str) -> str | None:
    return next((k for k, p in DATE_STYLES.items() if re.fullmatch(p, value)), None)


@pytest.fixture(scope="module")
def manifest(generated) -> dict:
    return json.loads((generated.path / "sources" / "defects_manifest.json").read_text())


def declared(manifest: dict, prefix: str) -> set[tuple]:
    return {(d["file"], d["row"], d["defect"], d["column"]) for d in manifest["defects"]
            if d["file"].startswith(prefix)}


def _csv_line_defects(fields, line, seen_lines, seen_eans, main_style) -> list[tuple]:
    if len(fields) != 8:
        return [("corrupt_row", None)]
    if line in seen_lines:
        return [("exact_duplicate", None)]
    record = dict(zip(["code_ean", "designation", "siret_fournisseur", "fournisseur",
                       "prix_unitaire", "unite", "date_tarif", "categorie"], fields, strict=True))
    found = [("missing_value", k) for k, v in record.items() if v == ""]
    if not is_valid_ean13(record["code_ean"]):
        found.append(("invalid_ean", "code_ean"))
    elif record["code_ean"] in seen_eans:
        found.append(("near_duplicate", "designation"))
    if not is_valid_siret(record["siret_fournisseur"]):
        found.append(("invalid_siret", "siret_fournisseur"))
    if record["unite"] == "g":
        found.append(("unit_mixup", "unite"))
    if record["date_tarif"] and style_of(record["date_tarif"]) != main_style:
        found.append(("date_format", "date_tarif"))
    return found


def detect_csv(path, name: str) -> set[tuple]:
    lines = path.read_bytes().decode("cp1252").split("\r\n")[:-1]
    dates = [line.split(";")[6] for line in lines[1:] if line.count(";") == 7]
    main_style = Counter(filter(None, map(style_of, dates))).most_common(1)[0][0]
    found, seen_lines, seen_eans = set(), set(), set()
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split(";")
        for defect, column in _csv_line_defects(fields, line, seen_lines, seen_eans, main_style):
            found.add((name, number, defect, column))
        seen_lines.add(line)
        seen_eans.add(fields[0])
    return found


def test_csv_defects_match_the_manifest(generated, manifest) -> None:
    folder = generated.path / "sources"
    found = set()
    for path in sorted((folder / "fournisseurs").glob("*.csv")):
        found |= detect_csv(path, f"fournisseurs/{path.name}")
    expected = declared(manifest, "fournisseurs/")
    assert found == expected
    assert {d[2] for d in expected} >= {"corrupt_row", "exact_duplicate", "near_duplicate",
                                        "invalid_ean", "invalid_siret", "date_format",
                                        "missing_value"}


def test_csv_clean_rows_and_originals_agree_with_the_tables(generated, manifest, clean) -> None:
    products = clean["products"].set_index("ean13")
    for d in manifest["defects"]:
        if d["defect"] == "invalid_ean":
            assert is_valid_ean13(d["original"]) and d["original"] in products.index
        if d["defect"] == "unit_mixup":
            assert products.loc[d["key"], "unit"] == "kg" == d["original"]
        if d["defect"] == "missing_value" and d["column"] == "designation":
            assert products.loc[d["key"], "name"] == d["original"]


def test_excel_defects_match_the_manifest(generated, manifest) -> None:
    name = "liste_prix_cooperative.xlsx"
    sheet = load_workbook(generated.path / "sources" / name).active
    assert sheet["A1"].value.startswith("Coopérative") and "A1:F1" in str(sheet.merged_cells)
    found = set()
    for number, row in enumerate(sheet.iter_rows(min_row=6, values_only=True), start=6):
        if all(v is None for v in row):
            found.add((name, number, "blank_row", None))
        elif row[0] == "Total":
            found.add((name, number, "footer_row", None))
        elif isinstance(row[4], str):
            found.add((name, number, "price_as_text", "Prix unitaire (€)"))
    assert found == declared(manifest, name)


def test_json_defects_match_the_manifest(generated, manifest) -> None:
    name = "catalogue_partenaire.json"
    records = json.loads((generated.path / "sources" / name).read_text())["produits"]
    found = set()
    for index, record in enumerate(records):
        if "prix" not in record:
            found.add((name, index, "missing_field", "prix"))
        elif isinstance(record["prix"]["montant"], str):
            found.add((name, index, "type_mismatch", "prix.montant"))
        if record["libelle"] is None:
            found.add((name, index, "null_value", "libelle"))
    assert found == declared(manifest, name)
