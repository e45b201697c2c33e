"""Panier Vert generation time and throughput at scale 1 and 10 (a benchmark, not a test).

Run: ``.venv/bin/python benchmarks/bench_generate.py [scale ...]``. Writes into a
temporary folder, removed afterwards; prints per-step timings, then one line per scale.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from labkit.datasets import paniervert
from labkit.datasets.paniervert import builder


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def bench(scale: float) -> str:
    builder._build.cache_clear()
    work = Path(tempfile.mkdtemp(prefix="pv-bench-"))
    try:
        start = time.perf_counter()
        result = paniervert.generate(scale, out=work / "out", progress=print)
        seconds = time.perf_counter() - start
        rows = sum(v for k, v in result.rows.items() if k != "defects")
        size = folder_size(result.path) / 2**20
        return (f"scale {scale:g}: {seconds:6.1f} s, {rows:,} rows, "
                f"{rows / seconds:,.0f} rows/s, {size:,.0f} MiB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(scales: list[float]) -> None:
    lines = [bench(scale) for scale in scales]
    print("\n".join(lines))


if __name__ == "__main__":
    main([float(s) for s in sys.argv[1:]] or [1.0, 10.0])
