"""The test cohort: the exemplar lab graded for a reference, a blank and a partial submission."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook

from labkit.grading.course import Course
from labkit.labs import Lab

LAB_ID = "bc02_00_sql_nycflights"
COMMENT = "Bonne lecture du plan : citez aussi la durée mesurée du Hash Join."
# Three broken answers: one that only the hidden tests catch, a wrong type, a missing variable.
BROKEN = {
    "ex01_answer": (
        'requete_01 = """\n'
        "SELECT carrier, flight, dest, sched_dep_time, dep_time, dep_delay\n"
        "FROM flights WHERE origin = 'LGA' AND month = 3 AND dep_delay >= 240\n"
        'ORDER BY dep_delay DESC, carrier, flight\n"""'
    ),
    "ex02_answer": "requete_02 = None",
    "ex05_answer": "reponse = 42  # requete_05 n'est jamais définie",
}
LEARNERS = {  # id: (first name, last name, email); the blank learner has no email
    "ref": ("Alice", "Martin", "alice.martin@example.org"),
    "partial": ("Bruno", "Lefèvre", "bruno.lefevre@example.org"),
    "blank": ("Chloé", "Dubois", ""),
}


@dataclass(frozen=True)
class Cohort:
    course: Course
    lab: Lab

    @property
    def source(self) -> Path:
        return self.course.root / "source" / self.lab.id / self.lab.notebook_name

    @property
    def release(self) -> Path:
        return self.course.root / "release" / self.lab.id / self.lab.notebook_name

    def gradebook(self) -> Gradebook:
        return Gradebook(self.course.db_url, self.course.config.CourseDirectory.course_id)


def partial_copy(source: Path, target: Path) -> Path:
    """The reference solution with the answers of ``BROKEN`` replaced."""
    nb = nbformat.read(source, as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in BROKEN:
            cell.source = BROKEN[grade_id]
    nbformat.write(nb, target)
    return target


def grade_by_hand(cohort: Cohort, student: str, score: float, comment: str) -> None:
    """What a trainer does in the formgrader on the open question."""
    notebook = Path(cohort.lab.notebook_name).stem
    with cohort.gradebook() as gb:
        grade = gb.find_grade("explain_plan", notebook, cohort.lab.id, student)
        grade.manual_score = score
        remark = gb.find_comment("explain_plan", notebook, cohort.lab.id, student)
        remark.manual_comment = comment
        gb.db.commit()
