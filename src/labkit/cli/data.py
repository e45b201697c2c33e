"""``labkit data ...``: the case-study organisation's generated data."""

from __future__ import annotations

from labkit.cli.main import main


@main.group()
def data() -> None:
    """Generate and inspect Panier Vert's data (deterministic, scalable)."""
