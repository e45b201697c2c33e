"""Discover the labs under ``labs/``: one folder per lab, one percent-format source each.

Layout: ``labs/<block>/<NN_slug>/<name>.py``. Folders whose name starts with
``_`` or ``.`` (the authors' template, drafts) are not labs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from nbformat import NotebookNode

from labkit import config
from labkit.notebooks import GradedCell, graded_cells, read_source, title


class LabError(ValueError):
    """A lab folder that breaks the layout rules, or an unknown lab."""


@dataclass(frozen=True)
class Lab:
    block: str  # e.g. "block2_collecte"
    folder: Path
    source: Path

    @property
    def slug(self) -> str:
        return self.folder.name

    @property
    def id(self) -> str:
        """nbgrader assignment id, unique across blocks: ``bc02_00_sql_nycflights``."""
        return f"{config.BLOCKS[self.block].lower()}_{self.slug}"

    @property
    def notebook_name(self) -> str:
        """File name of the notebook learners get."""
        return f"{self.source.stem}.ipynb"

    @property
    def relative_dir(self) -> Path:
        """Where the lab sits in a workspace: ``block2_collecte/00_sql_nycflights``."""
        return Path(self.block) / self.slug

    def notebook(self) -> NotebookNode:
        return read_source(self.source)

    @cached_property
    def title(self) -> str:
        return title(self.notebook())

    def graded_cells(self) -> list[GradedCell]:
        return graded_cells(self.notebook())

    def extra_files(self) -> list[Path]:
        """Files shipped with the lab besides its source (data, images)."""
        return sorted(
            p
            for p in self.folder.rglob("*")
            if p.is_file()
            and p != self.source
            and p.suffix != ".py"
            and not any(part.startswith((".", "_")) for part in p.relative_to(self.folder).parts)
        )


def _visible(path: Path) -> bool:
    return not path.name.startswith(("_", "."))


def _lab_in(block: str, folder: Path) -> Lab:
    sources = sorted(folder.glob("*.py"))
    if len(sources) != 1:
        raise LabError(
            f"{folder}: a lab folder holds exactly one percent-format .py source "
            f"(found {len(sources)})"
        )
    return Lab(block=block, folder=folder, source=sources[0])


def discover(root: Path | None = None) -> list[Lab]:
    """Every lab under ``root`` (default: the project's ``labs/``), ordered by block and number."""
    root = root or config.labs_dir()
    labs = []
    for block in config.BLOCKS:
        block_dir = root / block
        if not block_dir.is_dir():
            continue
        for folder in sorted(p for p in block_dir.iterdir() if p.is_dir() and _visible(p)):
            labs.append(_lab_in(block, folder))
    return labs


def find(name: str, root: Path | None = None) -> Lab:
    """A lab by id (``bc02_00_sql_nycflights``) or folder name (``00_sql_nycflights``)."""
    labs = discover(root)
    for lab in labs:
        if name in (lab.id, lab.slug):
            return lab
    known = ", ".join(lab.id for lab in labs) or "aucun"
    raise LabError(f"Lab inconnu : {name!r}. Labs disponibles : {known}.")
