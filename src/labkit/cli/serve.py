"""``labkit serve ...``: the local lab services (API, website, PostgreSQL, Spark)."""

from __future__ import annotations

from labkit.cli.main import main  # noqa: F401  (the serve command registers on it)
