"""Lab sources (jupytext percent ``.py``) to notebooks, and what graded cells they hold."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat
from nbformat import NotebookNode

SOURCE_FORMAT = "py:percent"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
COMPETENCE_ID = re.compile(r"^C([1-9]|1[0-9]|2[01])$")


@dataclass(frozen=True)
class GradedCell:
    """A cell nbgrader gives points to."""

    grade_id: str
    points: float
    competences: tuple[str, ...]
    autograded: bool  # a test cell; otherwise graded by hand with a rubric
    source: str


def read_source(path: Path) -> NotebookNode:
    """Read a percent-format lab source as a notebook, with the Python kernelspec."""
    nb = jupytext.read(path, fmt=SOURCE_FORMAT)
    nb.metadata.pop("jupytext", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def write_notebook(nb: NotebookNode, path: Path) -> Path:
    """Write a notebook as ``.ipynb`` (creating folders)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def graded_cells(nb: NotebookNode) -> list[GradedCell]:
    """The cells nbgrader grades, in notebook order."""
    cells = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("grade"):
            continue
        cells.append(
            GradedCell(
                grade_id=meta.get("grade_id", ""),
                points=float(meta.get("points", 0)),
                competences=tuple(cell.metadata.get("labkit", {}).get("competences", ())),
                autograded=cell.cell_type == "code" and not meta.get("solution", False),
                source=cell.source,
            )
        )
    return cells


def title(nb: NotebookNode) -> str:
    """The first Markdown level-1 heading, without its '#'."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return ""


def has_outputs(nb: NotebookNode) -> bool:
    """True when any code cell carries outputs or an execution count."""
    return any(
        cell.get("outputs") or cell.get("execution_count")
        for cell in nb.cells
        if cell.cell_type == "code"
    )
