"""Checks on a submission before it is executed: the file, its JSON, suspicious code."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode

# Code in an answer cell that tries to fool the grader: flagged for the trainer, not penalised.
SUSPICIOUS = {
    r"\bchecks\s*\.\s*\w+\s*=[^=]": "reassigns a grader function",
    r"\b__builtins__\b|\bimport\s+builtins\b": "touches Python's builtins",
    r"\bsys\s*\.\s*(settrace|setprofile)\b": "installs a tracer",
    r"\bevents\s*\.\s*register\b": "hooks into cell execution",
    r"gradebook|nbgrader|\.ipynb\b|\bsource/": "looks for grading files",
    r"\bos\s*\.\s*_exit\b|\bos\s*\.\s*kill\b": "kills processes",
    r"except\s*\(?\s*(KeyboardInterrupt|BaseException|SystemExit)": "swallows interrupts",
}


@dataclass
class Precheck:
    notebook: Path | None = None  # the notebook to grade, under its expected name
    error: str = ""  # why it cannot be graded
    flags: list[str] = field(default_factory=list)


def locate(folder: Path, name: str) -> Precheck:
    """The expected notebook; a single notebook under another name is copied to the expected one."""
    expected = folder / name
    if expected.is_file():
        return Precheck(expected)
    others = sorted(p for p in folder.glob("*.ipynb") if p.is_file())
    if len(others) != 1:
        found = ", ".join(p.name for p in others) or "none"
        return Precheck(error=f"notebook {name} not found (notebooks: {found})")
    shutil.copy2(others[0], expected)
    return Precheck(expected, flags=[f"renamed notebook {others[0].name} graded as {name}"])


def answer_cells(nb: NotebookNode) -> list[tuple[int, NotebookNode]]:
    """Code cells the learner may write: solution cells and cells outside nbgrader."""
    cells = []
    for index, cell in enumerate(nb.cells):
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and (meta.get("solution") or not meta.get("locked")):
            cells.append((index, cell))
    return cells


def scan(nb: NotebookNode) -> list[str]:
    """Suspicious code in answer cells, one flag per cell and reason."""
    flags = []
    for index, cell in answer_cells(nb):
        label = cell.metadata.get("nbgrader", {}).get("grade_id") or f"cell {index + 1}"
        flags += [
            f"{label}: suspicious code ({why})"
            for pattern, why in SUSPICIOUS.items()
            if re.search(pattern, cell.source)
        ]
    return flags


def _locked_cells(nb: NotebookNode) -> dict[str, NotebookNode]:
    cells = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id") and (meta.get("locked") or meta.get("grade")):
            cells.setdefault(meta["grade_id"], cell)
    return cells


def compare(nb: NotebookNode, released: NotebookNode) -> list[str]:
    """Locked cells whose source differs from the student copy (metadata: see preprocessors)."""
    flags = []
    submitted = _locked_cells(nb)
    for grade_id, original in _locked_cells(released).items():
        cell = submitted.get(grade_id)
        if cell is None:
            continue  # deleted or metadata removed: nbgrader re-adds it and says so
        if cell.source != original.source and not original.metadata.nbgrader.get("solution"):
            flags.append(f"{grade_id}: locked cell edited by the learner, restored from the source")
    return flags


def check(folder: Path, name: str, released: NotebookNode | None = None) -> Precheck:
    """Locate, parse and scan a submission; compare it with the student copy when given."""
    found = locate(folder, name)
    if found.error:
        return found
    try:
        nb = nbformat.read(found.notebook, as_version=4)
    except (json.JSONDecodeError, nbformat.reader.NotJSONError, UnicodeDecodeError) as exc:
        found.error = f"invalid notebook JSON: {str(exc).splitlines()[0][:200]}"
        return found
    except Exception as exc:  # noqa: BLE001 (any unreadable notebook)
        found.error = f"unreadable notebook: {type(exc).__name__}: {str(exc)[:200]}"
        return found
    found.flags += scan(nb) + (compare(nb, released) if released is not None else [])
    return found
