"""The ``labkit`` command line. One module per command family, all on ``main``."""

from labkit.cli import data, grade, grade_output, learner, serve  # noqa: F401  (they register)
from labkit.cli.main import main

__all__ = ["main"]
