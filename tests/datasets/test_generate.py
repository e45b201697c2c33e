"""generate(): deterministic, atomic, idempotent; load() and path() read what it wrote."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from labkit.cli import main
from labkit.datasets import paniervert
from labkit.datasets.paniervert import builder, events

SCALE, SEED = 0.05, 42  # as in conftest.py's ``generated``


def checksums(folder) -> str:
    return (folder / "checksums.sha256").read_text()


def test_same_seed_same_bytes_other_seed_other_bytes(generated, tmp_path) -> None:
    builder._build.cache_clear()  # rebuild from scratch, not from the in-memory cache
    again = paniervert.generate(SCALE, SEED, out=tmp_path / "again")
    other = paniervert.generate(SCALE, SEED + 1, out=tmp_path / "other")
    assert checksums(again.path) == checksums(generated.path)
    assert checksums(other.path) != checksums(generated.path)
    assert again.rows == generated.rows


def test_layout_and_row_counts(generated) -> None:
    folder = generated.path
    assert generated.tables == list(paniervert.TABLES)
    for name in ("manifest.json", "dictionary.json", "dictionary.md", "checksums.sha256",
                 "sources/defects_manifest.json", "sensors/_anomalies.json"):
        assert (folder / name).is_file(), name
    assert len(list((folder / "clickstream").glob("day=*/part-0.jsonl"))) > 600
    assert len(list((folder / "sensors").glob("month=*/part-0.parquet"))) == 12
    assert generated.rows["orders"] == SCALE * 150_000


def test_second_call_reuses_the_folder(generated) -> None:
    stamp = os.stat(generated.path / "checksums.sha256").st_mtime_ns
    again = paniervert.generate(SCALE, SEED, out=generated.path)
    assert again.rows == generated.rows
    assert os.stat(generated.path / "checksums.sha256").st_mtime_ns == stamp


def test_a_folder_from_an_older_generator_is_regenerated(tmp_path, monkeypatch) -> None:
    first = paniervert.generate(0.01, SEED, out=tmp_path / "data")
    monkeypatch.setattr(builder, "GENERATOR_VERSION", "0.9.0")
    older = paniervert.generate(0.01, SEED, out=first.path)  # written by "0.9.0"
    assert '"0.9.0"' in (older.path / "manifest.json").read_text()
    monkeypatch.undo()
    again = paniervert.generate(0.01, SEED, out=first.path)
    assert f'"{paniervert.GENERATOR_VERSION}"' in (again.path / "manifest.json").read_text()


def test_a_failed_generation_leaves_nothing(tmp_path, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(events, "write_sensors", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        paniervert.generate(0.01, SEED, out=tmp_path / "target")
    assert list(tmp_path.iterdir()) == []


def test_load_and_path_use_the_data_dir(generated, clean, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("LABKIT_DATA", str(tmp_path))
    (tmp_path / "paniervert").mkdir()
    (tmp_path / "paniervert" / f"sf{SCALE:g}-seed{SEED}").symlink_to(generated.path)
    assert paniervert.path(SCALE, SEED).resolve() == generated.path.resolve()
    stores = paniervert.load("stores", SCALE, SEED)
    assert stores["store_code"].tolist() == clean["stores"]["store_code"].tolist()
    with pytest.raises(ValueError, match="Table inconnue"):
        paniervert.load("nope", SCALE, SEED)


def test_cli_generate_info_dictionary_and_repair(tmp_path) -> None:
    runner = CliRunner()
    out = tmp_path / "cli"
    result = runner.invoke(main, ["data", "generate", "--scale", "0.01", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "clickstream" in result.output and (out / "checksums.sha256").is_file()
    before = checksums(out)
    (out / "tables" / "stores.parquet").write_bytes(b"tampered")
    result = runner.invoke(main, ["data", "generate", "--scale", "0.01", "--out", str(out)])
    assert result.exit_code == 0 and checksums(out) == before
    info = runner.invoke(main, ["data", "info", "--scale", "0.01", "--out", str(out)])
    assert "order_lines" in info.output and "1,500" in info.output
    markdown = runner.invoke(main, ["data", "dictionary"])
    assert markdown.output.startswith("# Dictionnaire") and "| `email` |" in markdown.output
