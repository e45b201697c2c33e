"""A course holding the exemplar lab, its student copy and its source."""

from __future__ import annotations

import nbformat
import pytest
from grading.adversarial.handin import LAB_ID
from nbformat import NotebookNode

from labkit.grading.course import Course
from labkit.labs import Lab, find


@pytest.fixture(scope="session")
def exemplar() -> Lab:
    return find(LAB_ID)


@pytest.fixture(scope="session")
def grading_course(tmp_path_factory: pytest.TempPathFactory, exemplar: Lab) -> Course:
    """A course with the exemplar released (student copy generated, gradebook filled)."""
    course = Course(tmp_path_factory.mktemp("grading") / "course")
    course.generate_release(exemplar)
    return course


@pytest.fixture(scope="session")
def release_nb(grading_course: Course, exemplar: Lab) -> NotebookNode:
    return nbformat.read(grading_course.root / "release" / LAB_ID / exemplar.notebook_name, 4)


@pytest.fixture(scope="session")
def source_nb(grading_course: Course, exemplar: Lab) -> NotebookNode:
    return nbformat.read(grading_course.root / "source" / LAB_ID / exemplar.notebook_name, 4)
