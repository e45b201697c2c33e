"""The ``labkit`` command line. One module per command family, all on ``main``."""

from labkit.cli import data, grade, learner, serve  # noqa: F401  (they register commands)
from labkit.cli.main import main

__all__ = ["main"]
