"""A small graded cohort of the exemplar lab, built once per test process."""

from __future__ import annotations

import pytest

from labkit.grading.course import Course
from labkit.labs import find

from .cohort import COMMENT, LAB_ID, LEARNERS, Cohort, grade_by_hand, partial_copy


@pytest.fixture(scope="session")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> Cohort:
    root = tmp_path_factory.mktemp("cohort")
    cohort = Cohort(Course(root / "course"), find(LAB_ID))
    cohort.course.generate_release(cohort.lab)
    with cohort.gradebook() as gb:
        for student, (first, last, email) in LEARNERS.items():
            gb.update_or_create_student(student, first_name=first, last_name=last, email=email)
    submissions = {
        "ref": cohort.source,
        "partial": partial_copy(cohort.source, root / "partial.ipynb"),
        "blank": cohort.release,
    }
    for student, notebook in submissions.items():
        cohort.course.submit(cohort.lab, student, notebook)
        cohort.course.autograde(cohort.lab, student)
    grade_by_hand(cohort, "ref", 2.5, COMMENT)
    return cohort
