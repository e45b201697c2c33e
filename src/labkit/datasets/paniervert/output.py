"""Deterministic file writers, checksums, and the atomic publication of a generated folder."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

CHECKSUMS = "checksums.sha256"
FIXED_ZIP_TIME = (2025, 1, 1, 0, 0, 0)


def _parent(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Parquet without the index, no wall-clock metadata: same frame, same bytes."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(table, _parent(path), compression="zstd")


def write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Text with ``\\n`` line ends whatever the platform."""
    _parent(path).write_bytes(text.encode(encoding))


def write_json(path: Path, value) -> None:
    """Pretty, key-ordered UTF-8 JSON."""
    write_text(path, json.dumps(value, ensure_ascii=False, indent=1, default=str) + "\n")


def normalise_zip(data: bytes) -> bytes:
    """Rewrite an .xlsx (zip) with fixed entry times and document dates (openpyxl uses now())."""
    source = zipfile.ZipFile(io.BytesIO(data))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"\d{4}-\d\d-\d\dT[\d:]{8}Z", b"2025-01-01T00:00:00Z", content)
            out.writestr(zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME), content,
                         compress_type=zipfile.ZIP_DEFLATED)
    return target.getvalue()


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def files_below(folder: Path) -> list[str]:
    """Every file below ``folder`` but the checksums file, as sorted POSIX relative paths."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and p.name != CHECKSUMS)


def write_checksums(folder: Path) -> None:
    """``sha256sum``-compatible list of every file (check with ``sha256sum -c``)."""
    lines = [f"{sha256(folder / name)}  {name}\n" for name in files_below(folder)]
    write_text(folder / CHECKSUMS, "".join(lines))


def checksums_valid(folder: Path) -> bool:
    """True when the checksums file exists and lists exactly the files, all unchanged."""
    listing = folder / CHECKSUMS
    if not listing.is_file():
        return False
    expected = dict(line.split("  ", 1)[::-1] for line in listing.read_text().splitlines())
    if sorted(expected) != files_below(folder):
        return False
    return all(sha256(folder / name) == digest for name, digest in expected.items())


@contextmanager
def atomic_folder(target: Path) -> Iterator[Path]:
    """Yield a temporary sibling folder; rename it onto ``target`` only if the block succeeds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        yield work
        if target.exists():
            shutil.rmtree(target)
        os.replace(work, target)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
