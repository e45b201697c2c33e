"""``labkit grade ...``: the trainer workflow on top of nbgrader."""

from __future__ import annotations

from labkit.cli.main import main


@main.group()
def grade() -> None:
    """Release labs, collect, autograde, give feedback, export and report to the jury."""
