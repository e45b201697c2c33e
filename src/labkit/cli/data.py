"""``labkit data ...``: the case-study organisation's generated data."""

from __future__ import annotations

import json
from pathlib import Path

import click

from labkit.cli.main import main


@main.group()
def data() -> None:
    """Generate and inspect Panier Vert's data (deterministic, scalable)."""


@data.command()
@click.option("--scale", type=float, default=1.0, show_default=True,
              help="Scale factor: 1 = laptop, 10, 100 = cluster.")
@click.option("--seed", type=int, default=42, show_default=True, help="Random seed.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Target folder (default: <data>/paniervert/sf<scale>-seed<seed>).")
def generate(scale: float, seed: int, out: Path | None) -> None:
    """Generate the dataset (idempotent: an intact folder is kept as is)."""
    from labkit.datasets import paniervert

    result = paniervert.generate(scale, seed, out, progress=click.echo)
    total = sum(v for k, v in result.rows.items() if k != "defects")
    click.echo(f"{result.path}  ({total:,} lignes, {result.seconds:.1f} s)")


@data.command()
@click.option("--scale", type=float, default=1.0, show_default=True)
@click.option("--seed", type=int, default=42, show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None)
def info(scale: float, seed: int, out: Path | None) -> None:
    """Where the dataset is, whether it is generated, and its row counts."""
    from labkit.datasets.paniervert import builder

    folder = out or builder.default_dir(scale, seed)
    manifest = folder / "manifest.json"
    click.echo(f"dossier : {folder}")
    if not manifest.is_file():
        click.echo(f"pas encore généré : labkit data generate --scale {scale:g} --seed {seed}")
        return
    rows = json.loads(manifest.read_text(encoding="utf-8"))["rows"]
    width = max(map(len, rows))
    for name, count in rows.items():
        click.echo(f"  {name:<{width}}  {count:>12,}")


@data.command()
def dictionary() -> None:
    """Print the data dictionary (every column, its meaning and GDPR category) as Markdown."""
    from labkit.datasets.paniervert import data_dictionary

    click.echo(data_dictionary.as_markdown(), nl=False)
