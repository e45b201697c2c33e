"""Paths and settings. Environment variables override every default.

- ``LABKIT_HOME``: the project root (defaults to the checkout holding this package).
- ``LABKIT_DATA``: generated and cached data (defaults to ``<home>/data``, git-ignored).
- ``LABKIT_WORKSPACE``: the learner's workspace (defaults to ``<home>/workspace``).
- ``LABKIT_BUILD``: build products such as the nbgrader course tree (``<home>/build``).
- ``LABKIT_SCALE`` / ``LABKIT_SEED``: the case-study data the labs and services use
  (defaults 1 and 42; CI runs the labs on a smaller scale).
"""

from __future__ import annotations

import os
from pathlib import Path

BLOCKS: dict[str, str] = {
    "block1_pilotage": "BC01",
    "block2_collecte": "BC02",
    "block3_entrepot": "BC03",
    "block4_datalake": "BC04",
}


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


def home() -> Path:
    """Project root: ``LABKIT_HOME`` or the checkout this package lives in."""
    return _env_path("LABKIT_HOME", Path(__file__).resolve().parents[2])


def labs_dir() -> Path:
    return home() / "labs"


def data_dir() -> Path:
    return _env_path("LABKIT_DATA", home() / "data")


def workspace_dir() -> Path:
    return _env_path("LABKIT_WORKSPACE", home() / "workspace")


def build_dir() -> Path:
    return _env_path("LABKIT_BUILD", home() / "build")


def autograder_dir() -> Path:
    return home() / "autograder"


def scale() -> float:
    """Scale factor of the case-study data (``LABKIT_SCALE``, default 1)."""
    return float(os.environ.get("LABKIT_SCALE") or 1)


def seed() -> int:
    """Seed of the case-study data (``LABKIT_SEED``, default 42)."""
    return int(os.environ.get("LABKIT_SEED") or 42)
