"""Parent side of parallel autograding: write grades into the gradebook, in one process.

The worker's executed notebook is fed to nbgrader's own ``autograde`` with
``Execute`` replaced by ``ReplayExecute``: nbgrader sanitizes the submission
again (restoring edited or deleted test cells), saves the grades and applies
late penalties exactly as it always does, and only this process ever writes
the SQLite gradebook, so no grade is lost or duplicated.
"""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    IgnorePattern,
    LimitOutput,
    SaveAutoGrades,
)

from labkit.grading.course import Course
from labkit.grading.preprocessors import (
    FLAG,
    SANITIZERS,
    CapOutput,
    FairStderr,
    ReplayExecute,
)

# nbgrader's warnings while sanitizing, turned into trainer-facing reasons.
NBGRADER_WARNINGS = [
    (
        re.compile(r"Cell with id '(.+?)' exists multiple times"),
        "{0}: duplicated cell id, only the last copy is graded",
    ),
    (
        re.compile(r"Missing grade cell (\S+) encountered"),
        "{0}: graded cell missing (deleted or metadata removed), restored from the source",
    ),
    (re.compile(r"Cell '(.+?)' does not exist in the database"), "{0}: unknown grade id, ignored"),
    (re.compile(FLAG + r"(.*)"), "{0}"),
]


def recorder_api(course: Course, results_dir: Path) -> NbGraderAPI:
    """An NbGraderAPI whose autograde replays the workers' executions."""
    cfg = copy.deepcopy(course.config)
    cfg.Autograde.autograde_preprocessors = [
        ReplayExecute,
        IgnorePattern,
        ClearMetadataPreprocessor,
        LimitOutput,
        CapOutput,
        FairStderr,
        SaveAutoGrades,
        AssignLatePenalties,
        CheckCellMetadata,
    ]
    cfg.Autograde.sanitize_preprocessors = list(SANITIZERS)
    cfg.OverwriteCells.add_missing_cells = True
    cfg.ReplayExecute.results_dir = str(results_dir)
    return NbGraderAPI(coursedir=CourseDirectory(config=cfg), config=cfg)


def flags_from_log(log: str) -> list[str]:
    flags: list[str] = []
    for line in log.splitlines():
        for pattern, template in NBGRADER_WARNINGS:
            match = pattern.search(line)
            if match:
                flag = template.format(*match.groups()).strip()
                if flag not in flags:
                    flags.append(flag)
                break
    return flags


def record(api: NbGraderAPI, lab_id: str, student: str) -> tuple[bool, list[str], str]:
    """Autograde one executed submission into the gradebook: (success, flags, log)."""
    result = api.autograde(lab_id, student, force=True, create=True)
    log = (result.get("log") or "") + (result.get("error") or "")
    return bool(result.get("success")), flags_from_log(log), log


def record_zero(course: Course, lab_id: str, student: str) -> None:
    """An ungradable submission scores 0 everywhere, as nbgrader does for a missing file."""
    with Gradebook(course.db_url, course.config.CourseDirectory.course_id) as gb:
        gb.update_or_create_student(student)
        submission = gb.update_or_create_submission(lab_id, student)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                grade.auto_score, grade.needs_manual_grade = 0, False
        gb.db.commit()
    stale = course.root / "autograded" / student / lab_id
    if stale.exists():
        shutil.rmtree(stale)


def total(course: Course, lab_id: str, student: str) -> tuple[float, float]:
    """(score, max score) of a submission; cells waiting for manual grading count 0."""
    with Gradebook(course.db_url, course.config.CourseDirectory.course_id) as gb:
        submission = gb.find_submission(lab_id, student)
        grades = [g for nb in submission.notebooks for g in nb.grades]
        return sum(g.score or 0 for g in grades), sum(g.max_score for g in grades)
