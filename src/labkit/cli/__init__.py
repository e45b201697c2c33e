"""The ``labkit`` command line. One module per command family, all on ``main``."""

from labkit.cli import learner  # noqa: F401  (registers its commands)
from labkit.cli.main import main

__all__ = ["main"]
