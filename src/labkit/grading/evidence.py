"""What the gradebook holds per learner and lab, joined with the graded cells' competence tags.

The gradebook (nbgrader's SQLite database) is the source of truth for scores,
manual grades and comments. The competence tags come from the lab's source
notebook in the course tree (``source/<lab id>/``): the very notebook the
gradebook was built from. A manually graded cell that waits for the trainer
counts 0 point (decisions can only improve once it is graded) and is flagged
``pending``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbgrader.api import Gradebook, MissingEntry

from labkit.grading.course import Course
from labkit.notebooks import GradedCell, graded_cells, title


@dataclass(frozen=True)
class Learner:
    id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""

    @property
    def name(self) -> str:
        """``Prénom Nom``, or the id when the roster gives no name."""
        return f"{self.first_name} {self.last_name}".strip() or self.id


@dataclass(frozen=True)
class CellResult:
    notebook: str
    grade_id: str
    competences: tuple[str, ...]
    score: float  # 0 while pending
    max_score: float
    autograded: bool
    pending: bool  # waits for the trainer's manual grade
    manual: bool  # the trainer set (or overrode) the score
    comment: str  # the trainer's comment, "" when none


@dataclass(frozen=True)
class LabResult:
    lab_id: str
    title: str
    submitted: bool
    timestamp: datetime | None
    cells: tuple[CellResult, ...]

    @property
    def points(self) -> float:
        return sum(c.score for c in self.cells)

    @property
    def max_points(self) -> float:
        return sum(c.max_score for c in self.cells)

    @property
    def percent(self) -> float:
        return 100 * self.points / self.max_points if self.max_points else 0.0

    @property
    def pending(self) -> int:
        return sum(c.pending for c in self.cells)


@dataclass(frozen=True)
class Evidence:
    learner: Learner
    labs: tuple[LabResult, ...]


@dataclass(frozen=True)
class LabInfo:
    """A lab as graded: its source notebook's competence tags and answer cells."""

    id: str
    title: str
    cells: dict[str, GradedCell]  # grade_id -> graded cell, in notebook order
    answers: dict[str, str]  # graded cell's grade_id -> its answer cell's grade_id
    headings: dict[str, str]  # graded cell's grade_id -> the heading above it

    def competences(self, grade_id: str) -> tuple[str, ...]:
        cell = self.cells.get(grade_id)
        return cell.competences if cell else ()

    def order(self, grade_id: str) -> int:
        return list(self.cells).index(grade_id) if grade_id in self.cells else len(self.cells)


def read_notebook(path: Path) -> NotebookNode:
    return nbformat.read(path, as_version=4)


def _last_heading(cell: NotebookNode, current: str) -> str:
    if cell.cell_type != "markdown" or "nbgrader" in cell.metadata:
        return current
    headings = [line.lstrip("#").strip() for line in cell.source.splitlines()
                if line.startswith("##")]
    return headings[-1] if headings else current


def answers_and_headings(nb: NotebookNode) -> tuple[dict[str, str], dict[str, str]]:
    """Each graded cell's answer cell (itself when answered in place, else the last solution
    cell before it) and the last Markdown heading above it."""
    answers: dict[str, str] = {}
    headings: dict[str, str] = {}
    last_solution = heading = ""
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        heading = _last_heading(cell, heading)
        if meta.get("solution"):
            last_solution = meta.get("grade_id", "")
        if meta.get("grade"):
            answers[meta.get("grade_id", "")] = last_solution
            headings[meta.get("grade_id", "")] = heading
    return answers, headings


def lab_info(course: Course, lab_id: str) -> LabInfo:
    """Tags, title and answer cells of a lab, from its source notebooks in the course tree."""
    cells: dict[str, GradedCell] = {}
    answers: dict[str, str] = {}
    headings: dict[str, str] = {}
    lab_title = ""
    for path in sorted((course.root / "source" / lab_id).glob("*.ipynb")):
        nb = read_notebook(path)
        lab_title = lab_title or title(nb)
        cells |= {c.grade_id: c for c in graded_cells(nb)}
        nb_answers, nb_headings = answers_and_headings(nb)
        answers |= nb_answers
        headings |= nb_headings
    return LabInfo(lab_id, lab_title or lab_id, cells, answers, headings)


def _learner(student) -> Learner:
    return Learner(
        student.id, student.first_name or "", student.last_name or "", student.email or ""
    )


def _comments(submitted) -> dict[str, str]:
    return {c.name: (c.manual_comment or "").strip() for c in submitted.comments}


def _cell(grade, info: LabInfo, notebook: str, comments: dict[str, str]) -> CellResult:
    pending = grade.needs_manual_grade and grade.manual_score is None
    answer = info.answers.get(grade.name, "")
    comment = comments.get(grade.name) or comments.get(answer, "")
    return CellResult(
        notebook=notebook,
        grade_id=grade.name,
        competences=info.competences(grade.name),
        score=0.0 if pending else float(grade.score or 0.0),
        max_score=float(grade.max_score),
        autograded=grade.name in info.cells and info.cells[grade.name].autograded,
        pending=bool(pending),
        manual=grade.manual_score is not None,
        comment=comment,
    )


def _missing(info: LabInfo, assignment) -> LabResult:
    cells = tuple(
        CellResult(nb.name, cell.name, info.competences(cell.name), 0.0, float(cell.max_score),
                   cell.name in info.cells and info.cells[cell.name].autograded, False, False, "")
        for nb in assignment.notebooks
        for cell in nb.grade_cells
    )
    return LabResult(info.id, info.title, False, None, cells)


def _lab_result(gb: Gradebook, info: LabInfo, assignment, student: str) -> LabResult:
    try:
        submission = gb.find_submission(assignment.name, student)
    except MissingEntry:
        return _missing(info, assignment)
    cells = []
    for submitted in submission.notebooks:
        comments = _comments(submitted)
        cells += [_cell(g, info, submitted.name, comments) for g in submitted.grades]
    cells.sort(key=lambda c: info.order(c.grade_id))
    return LabResult(info.id, info.title, True, submission.timestamp, tuple(cells))


def collect(course: Course) -> list[Evidence]:
    """Every learner of the gradebook with every lab it holds, in the gradebook's order."""
    with Gradebook(course.db_url, course.config.CourseDirectory.course_id) as gb:
        infos = [(lab_info(course, a.name), a) for a in gb.assignments]
        return [
            Evidence(_learner(s), tuple(_lab_result(gb, i, a, s.id) for i, a in infos))
            for s in gb.students
        ]
