"""Other messy sources: an Excel price list, a nested JSON catalogue, a Parquet export.

``write_sources`` writes every file of ``sources/`` and the defects manifest.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook

from labkit.datasets.paniervert import messy, output
from labkit.datasets.paniervert.settings import GENERATOR_VERSION, rng

XLSX = "liste_prix_cooperative.xlsx"
JSON = "catalogue_partenaire.json"
PARQUET = "export_caisses_2024-12.parquet"
XLSX_HEADER_ROW = 5
XLSX_COLUMNS = ["EAN", "Désignation", "Catégorie", "Unité", "Prix unitaire (€)", "Bio"]


def _entry(file: str, row: int, key, defect: str, column, original) -> dict:
    return {"file": file, **messy._entry(row, key, defect, column, original)}


def price_workbook(seed: int, rows: pd.DataFrame) -> tuple[bytes, list[dict]]:
    """A co-operative's price list: a title block above the header, merged title cells."""
    r = rng(seed, "price-xlsx")
    book = Workbook()
    sheet = book.active
    sheet.title = "Tarifs"
    sheet["A1"] = "Coopérative Bio Val de Loire — Liste de prix"
    sheet.merge_cells("A1:F1")
    sheet["A2"] = "Tarifs valables à partir du 02/12/2024"
    sheet["A3"] = "Prix en euros HT, départ coopérative"
    sheet.merge_cells("A3:F3")
    sheet.append([])
    sheet.append(XLSX_COLUMNS)
    defects, current = [], XLSX_HEADER_ROW  # openpyxl's max_row ignores blank rows
    for row in rows.itertuples(index=False):
        if r.random() < 0.02:
            sheet.append([])
            current += 1
            defects.append(_entry(XLSX, current, None, "blank_row", None, None))
        price: float | str = row.unit_price_eur
        current += 1
        if r.random() < 0.05:
            price = messy.decimal(row.unit_price_eur) + " €"
            defects.append(_entry(XLSX, current, row.ean13, "price_as_text",
                                  "Prix unitaire (€)", row.unit_price_eur))
        sheet.append([row.ean13, row.name, f"{row.category} > {row.subcategory}", row.unit,
                      price, "oui" if row.organic else "non"])
    sheet.append(["Total", f"{len(rows)} articles"])
    defects.append(_entry(XLSX, current + 1, None, "footer_row", None, None))
    buffer = io.BytesIO()
    book.save(buffer)
    return output.normalise_zip(buffer.getvalue()), defects


def partner_catalogue(seed: int, rows: pd.DataFrame, stores: pd.DataFrame) -> tuple[dict, list]:
    """A marketplace partner's nested catalogue with a few typing defects."""
    r = rng(seed, "partner-json")
    codes = stores["store_code"].to_numpy()
    records, defects = [], []
    for index, row in enumerate(rows.itertuples(index=False)):
        record = {
            "ean": row.ean13,
            "libelle": row.name,
            "rayon": {"niveau1": row.category, "niveau2": row.subcategory},
            "prix": {"montant": row.unit_price_eur, "devise": "EUR", "unite": row.unit},
            "fournisseur": {"siret": row.siret, "nom": row.name_supplier},
            "labels": [row.label] if row.organic else [],
            "disponibilite": [{"magasin": str(c), "quantite": int(q)} for c, q in zip(
                r.choice(codes, 2, replace=False), r.integers(0, 40, 2), strict=True)],
        }
        u = r.random()
        if u < 0.03:
            record["prix"]["montant"] = messy.decimal(row.unit_price_eur)
            defects.append(_entry(JSON, index, row.ean13, "type_mismatch", "prix.montant",
                                  row.unit_price_eur))
        elif u < 0.05:
            del record["prix"]
            defects.append(_entry(JSON, index, row.ean13, "missing_field", "prix",
                                  row.unit_price_eur))
        elif u < 0.07:
            record["libelle"] = None
            defects.append(_entry(JSON, index, row.ean13, "null_value", "libelle", row.name))
        records.append(record)
    document = {"partenaire": {"nom": "La Ruche des Halles", "siret": "81234567800015"},
                "export": {"date": "2024-12-31T23:00:00+01:00", "version": "2.3"},
                "produits": records}
    return document, defects


def till_export(orders: pd.DataFrame, lines: pd.DataFrame, stores: pd.DataFrame,
                products: pd.DataFrame) -> pd.DataFrame:
    """December 2024 till receipts of every store, flat, for the 'read Parquet' exercise."""
    december = orders[(orders["channel"] == "magasin")
                      & (orders["ordered_at"] >= pd.Timestamp("2024-12-01"))]
    frame = lines.merge(december[["order_id", "store_id", "ordered_at"]], on="order_id")
    frame["store_code"] = stores["store_code"].to_numpy()[frame["store_id"].to_numpy() - 1]
    frame["ean13"] = products["ean13"].to_numpy()[frame["product_id"].to_numpy() - 1]
    frame = frame.rename(columns={"order_id": "ticket_id", "ordered_at": "sold_at"})
    return frame[["store_code", "ticket_id", "line_no", "sold_at", "ean13", "quantity",
                  "unit_price_eur", "discount_eur"]]


def write_sources(seed: int, scale: float, folder: Path, tables: dict[str, pd.DataFrame]) -> int:
    """Write every messy source and ``defects_manifest.json``; return the number of defects."""
    rows = messy.clean_price_rows(tables["products"], tables["suppliers"])
    facts, defects = messy.write_price_csvs(seed, folder, rows)
    produce = rows[rows["category"] == "Fruits et légumes"].head(400)
    workbook, found = price_workbook(seed, produce)
    (folder / XLSX).write_bytes(workbook)
    defects += found
    facts[XLSX] = {"sheet": "Tarifs", "header_row": XLSX_HEADER_ROW}
    document, found = partner_catalogue(seed, rows.iloc[np.arange(0, len(rows), 3)],
                                        tables["stores"])
    output.write_json(folder / JSON, document)
    defects += found
    facts[JSON] = {"records": "produits", "row": "0-based index in produits"}
    output.write_parquet(till_export(tables["orders"], tables["order_lines"], tables["stores"],
                                     tables["products"]), folder / PARQUET)
    facts[PARQUET] = {"defects": "none"}
    manifest = {"generator_version": GENERATOR_VERSION, "seed": seed, "scale": scale,
                "files": facts, "defects": defects}
    output.write_json(folder / "defects_manifest.json", manifest)
    return len(defects)
