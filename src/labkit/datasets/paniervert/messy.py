"""Messy sources, as suppliers and partners send them, with a ground-truth defects manifest.

Every injected defect is one manifest entry: file, row (1-based line of a CSV, 1-based row
of a sheet, 0-based index of a JSON record), key (the clean EAN or null), defect, column,
and the original clean value, so cleaning labs can be graded by precision and recall.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from labkit.datasets.paniervert import identifiers, output
from labkit.datasets.paniervert.settings import rng

CSV_COLUMNS = ["code_ean", "designation", "siret_fournisseur", "fournisseur", "prix_unitaire",
               "unite", "date_tarif", "categorie"]
MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
          "nov.", "déc.")
DATE_FORMATS = ("iso", "jj/mm/aaaa", "texte")
GARBAGE = ("#### ERREUR EXPORT ####", "Total;;;;", ";;;", "code_ean;designation")
CSV_FILES = 4


def format_date(day: pd.Timestamp, style: str) -> str:
    """A date as ISO, as dd/mm/yyyy, or as French text ('3 janv. 2024')."""
    if style == "iso":
        return day.strftime("%Y-%m-%d")
    if style == "jj/mm/aaaa":
        return day.strftime("%d/%m/%Y")
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def decimal(value: float, places: int = 2) -> str:
    """French decimal comma."""
    return f"{value:.{places}f}".replace(".", ",")


def near_variant(name: str, r: np.random.Generator) -> str:
    """The same name typed differently: case, spaces or accents."""
    style = int(r.integers(3))
    if style == 0:
        return name.upper()
    if style == 1:
        return "  " + name.replace(" ", "  ") + " "
    stripped = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return stripped if stripped != name else name.lower() + " "


def clean_price_rows(products: pd.DataFrame, suppliers: pd.DataFrame) -> pd.DataFrame:
    """What a correct price file would say for each product."""
    frame = products.merge(suppliers[["supplier_id", "siret", "name"]], on="supplier_id",
                           suffixes=("", "_supplier"))
    return frame.sort_values("product_id").reset_index(drop=True)


def _csv_record(row, date_style: str) -> dict[str, str]:
    return {
        "code_ean": row.ean13, "designation": row.name, "siret_fournisseur": row.siret,
        "fournisseur": row.name_supplier, "prix_unitaire": decimal(row.unit_price_eur),
        "unite": row.unit, "date_tarif": format_date(row.updated_at, date_style),
        "categorie": f"{row.category} > {row.subcategory}",
    }


def _defect(record: dict, row, r, main_style: str) -> tuple[str, str, str] | None:
    """Maybe damage one field of ``record`` in place; return (defect, column, original)."""
    u = r.random()
    if u < 0.08:
        style = str(r.choice([s for s in DATE_FORMATS if s != main_style]))
        original, record["date_tarif"] = record["date_tarif"], format_date(row.updated_at, style)
        return "date_format", "date_tarif", original
    if u < 0.11:
        if row.unit != "kg":
            return None
        record["unite"], record["prix_unitaire"] = "g", decimal(row.unit_price_eur / 1000, 4)
        return "unit_mixup", "unite", "kg"
    if u < 0.13:
        record["code_ean"] = identifiers.corrupt_digit(row.ean13, r)
        return "invalid_ean", "code_ean", row.ean13
    if u < 0.15:
        record["siret_fournisseur"] = identifiers.corrupt_digit(row.siret, r)
        return "invalid_siret", "siret_fournisseur", row.siret
    if u < 0.18:
        column = str(r.choice(["designation", "prix_unitaire", "unite", "date_tarif"]))
        original, record[column] = record[column], ""
        return "missing_value", column, original
    return None


def price_csv(seed: int, index: int, rows: pd.DataFrame) -> tuple[str, dict, list[dict]]:
    """One supplier price file: its text, its file-level facts, its defects (by line)."""
    r = rng(seed, f"price-csv-{index}")
    main_style = DATE_FORMATS[index % len(DATE_FORMATS)]
    lines, defects = [";".join(CSV_COLUMNS)], []
    for row in rows.itertuples(index=False):
        record = _csv_record(row, main_style)
        found = _defect(record, row, r, main_style)
        lines.append(";".join(record.values()))
        if found:
            defects.append(_entry(len(lines), row.ean13, *found))
        elif r.random() < 0.04:
            _extra_row(r, lines, defects, record, row.ean13)
        if r.random() < 0.01:
            lines.append(str(r.choice(GARBAGE)) if r.random() < 0.5 else ";".join(
                list(record.values())[: int(r.integers(2, 6))]))
            defects.append(_entry(len(lines), None, "corrupt_row", None, None))
    facts = {"encoding": "cp1252", "separator": ";", "decimal": ",", "date_format": main_style,
             "header_line": 1}
    return "\r\n".join(lines) + "\r\n", facts, defects


def _extra_row(r, lines: list[str], defects: list[dict], record: dict, ean: str) -> None:
    """Append an exact or a near duplicate of a clean record."""
    if r.random() < 0.5:
        lines.append(";".join(record.values()))
        defects.append(_entry(len(lines), ean, "exact_duplicate", None, None))
        return
    copy = dict(record, designation=near_variant(record["designation"], r))
    lines.append(";".join(copy.values()))
    defects.append(_entry(len(lines), ean, "near_duplicate", "designation", record["designation"]))


def _entry(row: int, key, defect: str, column, original) -> dict:
    return {"row": row, "key": key, "defect": defect, "column": column, "original": original}


def write_price_csvs(seed: int, folder: Path, rows: pd.DataFrame) -> tuple[dict, list[dict]]:
    """``fournisseurs/tarifs_NN.csv`` in cp1252, one per group of suppliers."""
    facts, defects = {}, []
    for index in range(CSV_FILES):
        part = rows[rows["supplier_id"] % CSV_FILES == index]
        name = f"fournisseurs/tarifs_{index + 1:02d}.csv"
        text, file_facts, file_defects = price_csv(seed, index, part)
        output.write_text(folder / name, text, encoding="cp1252")
        facts[name] = file_facts
        defects += [{"file": name, **d} for d in file_defects]
    return facts, defects
