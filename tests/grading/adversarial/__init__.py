"""Adversarial submissions, built from the exemplar lab's student copy and source.

Each builder takes the student copy (``release``), the source notebook and the
course root (what a spy would look for) and returns what a learner could hand
in: a notebook, or raw bytes for files that are not even JSON. ``CASES`` says
how each must come out of grading.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat import NotebookNode

Builder = Callable[[NotebookNode, NotebookNode, Path], "NotebookNode | bytes"]


def _meta(cell: NotebookNode) -> dict:
    return cell.metadata.get("nbgrader", {})


def cell_by_id(nb: NotebookNode, grade_id: str) -> NotebookNode:
    return next(c for c in nb.cells if _meta(c).get("grade_id") == grade_id)


def solved(release: NotebookNode, source: NotebookNode, answers: int | None = None) -> NotebookNode:
    """The student copy with the source's answers in the first ``answers`` answer cells (all)."""
    nb = copy.deepcopy(release)
    solutions = [c for c in source.cells if _meta(c).get("solution") and c.cell_type == "code"]
    for cell in solutions[:answers]:
        cell_by_id(nb, _meta(cell)["grade_id"]).source = cell.source
    return nb


def with_answer(code: str, grade_id: str = "ex02_answer", before: bool = False) -> Builder:
    """A correct submission whose answer cell ``grade_id`` also runs ``code``."""

    def build(release: NotebookNode, source: NotebookNode, root: Path) -> NotebookNode:
        nb = solved(release, source)
        cell = cell_by_id(nb, grade_id)
        code_here = code.replace("{root}", str(root))
        parts = [code_here, cell.source] if before else [cell.source, code_here]
        cell.source = "\n".join(parts)
        return nb

    return build


INFINITE_LOOP = with_answer("while True:\n    pass", before=True)
SWALLOWS_INTERRUPT = with_answer(
    "import time\nwhile True:\n    try:\n        time.sleep(0.1)\n    except KeyboardInterrupt:\n"
    "        pass",
    before=True,
)
MEMORY_BOMB = with_answer(
    "def bomb():\n    hog = []\n    while True:\n        hog.append(bytearray(10**8))\nbomb()",
    before=True,
)
OS_EXIT = with_answer("import os\nos._exit(3)", grade_id="ex03_answer", before=True)
STDOUT_FLOOD = with_answer("for _ in range(100_000):\n    print('x' * 1000)")
STDERR_NOISE = with_answer(
    "import sys, threading, time\nsys.stderr.write('bruit sur stderr\\n')\n"
    "def _noise():\n    for _ in range(100):\n        print('log', file=sys.stderr, flush=True)\n"
    "        time.sleep(0.05)\nthreading.Thread(target=_noise, daemon=True).start()",
    grade_id="ex01_answer",
)
SPY = with_answer(
    "import os\nfrom pathlib import Path\n"
    "seen = [str(p) for base in [Path.cwd(), *Path.cwd().parents, Path('{root}')]\n"
    "        if base.is_dir() for p in base.glob('*') if p.name in ('gradebook.db', 'source')]\n"
    "print('SPY-FOUND' if seen else 'SPY-NOTHING', seen)",
    grade_id="ex01_answer",
)


def deleted_test_cell(release: NotebookNode, source: NotebookNode, root: Path) -> NotebookNode:
    nb = solved(release, source)
    nb.cells.remove(cell_by_id(nb, "ex01_test"))
    return nb


def edited_test_cell(release: NotebookNode, source: NotebookNode, root: Path) -> NotebookNode:
    """A blank submission whose first test is replaced by ``pass``."""
    nb = copy.deepcopy(release)
    cell_by_id(nb, "ex01_test").source = "pass"
    return nb


def tampered_metadata(release: NotebookNode, source: NotebookNode, root: Path) -> NotebookNode:
    """Blank answers; points raised on one test, grading flag removed from another."""
    nb = copy.deepcopy(release)
    cell_by_id(nb, "ex01_test").metadata.nbgrader["points"] = 100
    cell_by_id(nb, "ex02_test").metadata.nbgrader["grade"] = False
    return nb


def duplicated_ids(release: NotebookNode, source: NotebookNode, root: Path) -> NotebookNode:
    """A correct submission with a copy of an answer cell (same grade id and cell id)."""
    nb = solved(release, source)
    cell = cell_by_id(nb, "ex01_answer")
    twin = copy.deepcopy(cell)
    twin.source = "requete_01 = 'SELECT 1'"  # the earlier copy is wrong, the later one right
    nb.cells.insert(nb.cells.index(cell), twin)
    return nb


def invalid_json(release: NotebookNode, source: NotebookNode, root: Path) -> bytes:
    return nbformat.writes(solved(release, source)).encode()[:500]


@dataclass(frozen=True)
class Case:
    builder: Builder
    status: str  # ok | flagged | failed, or alternatives separated by |
    reason: str  # a fragment of one reason ('' for ok)
    score: float | None = None  # the expected autograded score (None: only bounds checked)
    filename: str | None = None  # a renamed notebook


FULL = 23.0  # autograded points of the exemplar lab

CASES: dict[str, Case] = {
    "infinite-loop": Case(INFINITE_LOOP, "flagged", "ex02_answer: timed out", FULL - 2),
    "swallows-interrupt": Case(SWALLOWS_INTERRUPT, "failed", "ignored the interrupt", 1.0),
    "memory-bomb": Case(MEMORY_BOMB, "flagged", "memory cap reached", FULL - 2),
    "os-exit": Case(OS_EXIT, "failed", "kernel died in ex03_answer", 3.0),
    "deleted-test": Case(deleted_test_cell, "flagged", "ex01_test: graded cell missing", FULL),
    "edited-test": Case(edited_test_cell, "flagged", "ex01_test: locked cell edited", 0.0),
    "tampered-metadata": Case(tampered_metadata, "flagged", "tampered with (points)", 0.0),
    "duplicated-ids": Case(duplicated_ids, "flagged", "ex01_answer: duplicated cell id", FULL),
    "stdout-flood": Case(STDOUT_FLOOD, "flagged", "output capped", FULL),
    "stderr-noise": Case(STDERR_NOISE, "ok|flagged", "", FULL),  # noise lands where timing puts it
    "renamed": Case(
        lambda release, source, root: solved(release, source),
        "flagged",
        "renamed notebook",
        FULL,
        "Copie de sql_nycflights.ipynb",
    ),
    "invalid-json": Case(invalid_json, "failed", "invalid notebook JSON", 0.0),
    "spy": Case(SPY, "flagged", "looks for grading files", FULL),
}
