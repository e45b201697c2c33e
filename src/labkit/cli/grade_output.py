"""``labkit grade feedback | export | report``: what trainers hand to learners and the jury."""

from __future__ import annotations

from labkit.cli.grade import grade  # noqa: F401  (the commands register on it)
