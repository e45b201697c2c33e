"""Hand in a submission the way a collect would, and read its scores back."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbgrader.api import Gradebook

from labkit.grading.course import Course

LAB_ID = "bc02_00_sql_nycflights"


def hand_in(
    course: Course,
    student: str,
    content: NotebookNode | bytes,
    filename: str = "sql_nycflights.ipynb",
) -> Path:
    """Place a submission as ``submitted/<student>/<lab>/<filename>``."""
    folder = course.root / "submitted" / student / LAB_ID
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / filename
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        nbformat.write(content, path)
    return path


def scores(course: Course, student: str) -> dict[str, float]:
    """grade id -> score in the gradebook."""
    with Gradebook(course.db_url, course.config.CourseDirectory.course_id) as gb:
        nb = gb.find_submission_notebook("sql_nycflights", LAB_ID, student)
        return {g.name: g.score for g in nb.grades}
