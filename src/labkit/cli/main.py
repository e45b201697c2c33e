"""The ``labkit`` command group; each command family registers itself on it."""

from __future__ import annotations

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="labkit")
def main() -> None:
    """labkit: the RNCP37638 course's labs, graders and trainer tools."""
