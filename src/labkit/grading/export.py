"""Grades as CSV: one row per learner × lab, and a file for Moodle's grade import.

``grades.csv``: student_id, last_name, first_name, email, lab, submitted,
points, max_points, percent, pending_manual.

``moodle_grades.csv``: an ``email`` identifier column, then one column per
lab (header: the lab id) holding the points, ``.`` as decimal mark, UTF-8. A
lab not handed in is left empty (Moodle reads it as "no grade"). Learners
without an email are left out: Moodle would give their row to the learner
above, or abort the whole import. See ``docs/grading_reports.md``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from labkit.grading.evidence import Evidence, LabResult

GRADES_FILE = "grades.csv"
MOODLE_FILE = "moodle_grades.csv"
GRADES_HEADER = [
    "student_id", "last_name", "first_name", "email", "lab",
    "submitted", "points", "max_points", "percent", "pending_manual",
]
MOODLE_ID = "email"


@dataclass(frozen=True)
class Export:
    grades: Path
    moodle: Path
    skipped: list[str]  # learners left out of the Moodle file (no email)


def number(value: float) -> str:
    """A grade as Moodle and spreadsheets read it: ``12.5``, ``3``."""
    return f"{round(value, 2):g}"


def grade_rows(cohort: list[Evidence]) -> list[list[str]]:
    """One row per learner × lab, in the gradebook's order."""
    return [
        [
            ev.learner.id, ev.learner.last_name, ev.learner.first_name, ev.learner.email,
            lab.lab_id, "oui" if lab.submitted else "non", number(lab.points),
            number(lab.max_points), f"{lab.percent:.1f}", str(lab.pending),
        ]
        for ev in cohort
        for lab in ev.labs
    ]


def _moodle_value(lab: LabResult) -> str:
    return number(lab.points) if lab.submitted else ""


def moodle_table(cohort: list[Evidence]) -> tuple[list[str], list[list[str]], list[str]]:
    """Header, rows (learners with an email) and the ids of learners left out."""
    labs = list(dict.fromkeys(lab.lab_id for ev in cohort for lab in ev.labs))
    rows, skipped = [], []
    for ev in cohort:
        if not ev.learner.email.strip():
            skipped.append(ev.learner.id)
            continue
        by_id = {lab.lab_id: lab for lab in ev.labs}
        rows.append([ev.learner.email.strip()]
                    + [_moodle_value(by_id[lab]) if lab in by_id else "" for lab in labs])
    return [MOODLE_ID, *labs], rows, skipped


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def export(cohort: list[Evidence], out: Path) -> Export:
    """Write ``grades.csv`` and ``moodle_grades.csv`` into ``out``."""
    header, rows, skipped = moodle_table(cohort)
    return Export(
        grades=write_csv(out / GRADES_FILE, GRADES_HEADER, grade_rows(cohort)),
        moodle=write_csv(out / MOODLE_FILE, header, rows),
        skipped=skipped,
    )
