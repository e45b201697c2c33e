"""Build the clean tables in memory, and write the whole dataset folder atomically."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from labkit import config
from labkit.datasets.paniervert import (
    data_dictionary,
    events,
    feedback,
    histories,
    organisation,
    output,
    partner_files,
    sales,
)
from labkit.datasets.paniervert.settings import DEFAULT_SEED, GENERATOR_VERSION, Sizes

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Generated:
    """A generated folder: where it is, its tables, how long this call took, row counts."""

    path: Path
    tables: list[str]
    seconds: float
    rows: dict[str, int] = field(default_factory=dict)


def default_dir(scale: float = 1, seed: int = DEFAULT_SEED) -> Path:
    return config.data_dir() / "paniervert" / f"sf{scale:g}-seed{seed}"


@lru_cache(maxsize=2)
def _build(scale: float, seed: int) -> dict[str, pd.DataFrame]:
    """Every clean table, plus private columns the file writers need (prefixed ``_``)."""
    sizes = Sizes.for_scale(scale)
    t: dict[str, pd.DataFrame] = {
        "regions": organisation.regions(),
        "departements": organisation.departements(),
        "stores": organisation.stores(seed, sizes),
        "suppliers": organisation.suppliers(seed, sizes),
        "customers": organisation.customers(seed, sizes),
    }
    products = organisation.products(seed, sizes, t["suppliers"])
    t["product_history"] = histories.product_history(seed, products)
    updated = histories.last_change(t["product_history"], "product_id")
    t["products"] = products.assign(updated_at=updated.loc[products["product_id"]].to_numpy())
    t["store_history"] = histories.store_history(seed, t["stores"])
    t["customer_history"] = histories.customer_history(seed, t["customers"])
    t["orders"] = sales.orders(seed, sizes, t["stores"], t["customers"])
    t["order_lines"] = sales.order_lines(seed, t["orders"], t["products"], t["product_history"])
    t["payments"] = sales.payments(seed, t["orders"], t["order_lines"])
    t["deliveries"] = sales.deliveries(seed, t["orders"])
    t["stock"] = sales.stock(seed, t["stores"], t["products"])
    t["reviews"] = feedback.reviews(seed, sizes, t["orders"], t["order_lines"], t["products"])
    t["gdpr_requests"] = feedback.gdpr_requests(seed, sizes, t["customers"])
    return t


TABLES = ("regions", "departements", "stores", "suppliers", "products", "customers", "orders",
          "order_lines", "payments", "deliveries", "stock", "store_history", "product_history",
          "customer_history", "reviews", "gdpr_requests")


def tables(scale: float = 1, seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """The clean relational tables, in memory (copies: callers may modify them)."""
    built = _build(float(scale), int(seed))
    return {name: _public(built[name]).copy() for name in TABLES}


def _public(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[[c for c in frame.columns if not c.startswith("_")]]


def _steps(scale: float, seed: int, work: Path, say: Progress) -> dict[str, int]:
    """Write every part of the dataset into ``work``; return row counts."""
    built = _build(float(scale), int(seed))
    clean = {name: _public(built[name]) for name in TABLES}
    say("tables écrites en Parquet")
    for name, frame in clean.items():
        output.write_parquet(frame, work / "tables" / f"{name}.parquet")
    rows = {name: len(frame) for name, frame in clean.items()}
    say("clickstream (JSON lines par jour)")
    clicks = events.clickstream_frame(seed, Sizes.for_scale(scale), built["orders"],
                                      clean["customers"], clean["products"],
                                      sales.order_totals(clean["order_lines"]))
    rows["clickstream"] = events.write_clickstream(seed, work / "clickstream", clicks,
                                                   clean["products"])
    say("capteurs (Parquet par mois)")
    rows["sensors"] = events.write_sensors(work / "sensors",
                                           events.sensors_frame(seed, clean["stores"]))
    say("sources brutes et manifeste des défauts")
    rows["defects"] = partner_files.write_sources(seed, scale, work / "sources", clean)
    say("dictionnaire, manifeste et sommes de contrôle")
    output.write_json(work / "dictionary.json", data_dictionary.as_records())
    output.write_text(work / "dictionary.md", data_dictionary.as_markdown())
    output.write_json(work / "manifest.json", {
        "dataset": "paniervert", "generator_version": GENERATOR_VERSION, "scale": scale,
        "seed": seed, "reference_period": ["2023-01-01", "2024-12-31"],
        "tables": list(TABLES), "rows": rows})
    output.write_checksums(work)
    return rows


def generate(scale: float = 1, seed: int = DEFAULT_SEED, out: Path | None = None,
             progress: Progress | None = None) -> Generated:
    """Write the dataset into ``out`` unless it is already there with valid checksums."""
    start = time.perf_counter()
    target = Path(out) if out is not None else default_dir(scale, seed)
    if output.checksums_valid(target) and _version(target) == GENERATOR_VERSION:
        return _described(target, time.perf_counter() - start)

    def say(step: str) -> None:
        if progress is not None:
            progress(f"[{time.perf_counter() - start:6.1f} s] {step}")

    say(f"génération Panier Vert, échelle {scale:g}, graine {seed}")
    with output.atomic_folder(target) as work:
        _steps(scale, seed, work, say)
    say(f"terminé : {target}")
    return _described(target, time.perf_counter() - start)


def _version(folder: Path) -> str | None:
    """The generator version that wrote ``folder`` (an older one is regenerated)."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return manifest.get("generator_version")


def _described(folder: Path, seconds: float) -> Generated:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return Generated(folder, list(manifest["tables"]), seconds, dict(manifest["rows"]))


def path(scale: float = 1, seed: int = DEFAULT_SEED) -> Path:
    """The generated folder (generated first if missing; a complete folder has checksums)."""
    folder = default_dir(scale, seed)
    if (folder / output.CHECKSUMS).is_file():
        return folder
    return generate(scale, seed).path


def load(table: str, scale: float = 1, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """One clean table read from the generated folder."""
    if table not in TABLES:
        raise ValueError(f"Table inconnue : {table!r}. Tables disponibles : {', '.join(TABLES)}")
    return pd.read_parquet(path(scale, seed) / "tables" / f"{table}.parquet")
