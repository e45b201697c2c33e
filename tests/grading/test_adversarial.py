"""The adversarial corpus, graded in one parallel batch with honest learners beside it."""

from __future__ import annotations

import pytest
from grading.adversarial import CASES, FULL, solved
from grading.adversarial.handin import LAB_ID, hand_in, scores
from nbgrader.api import Gradebook

from labkit.grading import status
from labkit.grading.autograde import autograde
from labkit.grading.course import Course
from labkit.grading.sandbox import Limits, namespaces_available

pytestmark = pytest.mark.slow
LIMITS = Limits(cell_timeout=10, notebook_timeout=120, interrupt_grace=3)


@pytest.fixture(scope="module")
def batch(tmp_path_factory, exemplar, release_nb, source_nb):
    course = Course(tmp_path_factory.mktemp("corpus") / "course")
    course.generate_release(exemplar)
    for name, case in CASES.items():
        content = case.builder(release_nb, source_nb, course.root)
        hand_in(course, name, content, case.filename or exemplar.notebook_name)
    hand_in(course, "honest-full", solved(release_nb, source_nb))
    hand_in(course, "honest-blank", release_nb)
    results = {s.student: s for s in autograde(course, LAB_ID, workers=2, limits=LIMITS)}
    return course, results


def test_the_batch_grades_everyone(batch) -> None:
    course, results = batch
    assert set(results) == {*CASES, "honest-full", "honest-blank"}
    assert {p.stem for p in (course.root / status.FOLDER / LAB_ID).glob("*.json")} == set(results)


def test_honest_learners_are_untouched(batch) -> None:
    _, results = batch
    assert (results["honest-full"].status, results["honest-full"].score) == ("ok", FULL)
    assert (results["honest-blank"].status, results["honest-blank"].score) == ("ok", 0)


@pytest.mark.parametrize("name", CASES)
def test_adversarial_submission(batch, name: str) -> None:
    _, results = batch
    case, state = CASES[name], results[name]
    assert state.status in case.status.split("|"), state.line()
    if case.reason:
        assert any(case.reason in reason for reason in state.reasons), state.line()
    if case.score is not None:
        assert state.score == case.score, state.line()


def test_the_spy_finds_neither_tests_nor_gradebook(batch) -> None:
    if not namespaces_available():
        pytest.skip("no mount namespace here (not root or no unshare): see docs/grading_safety.md")
    course, _ = batch
    graded = (course.root / "autograded" / "spy" / LAB_ID / "sql_nycflights.ipynb").read_text()
    assert "SPY-NOTHING" in graded and "SPY-FOUND" not in graded.replace("'SPY-FOUND'", "")


def test_regrading_one_learner_leaves_the_others(batch) -> None:
    course, _ = batch
    before = {s: scores(course, s) for s in ("honest-full", "honest-blank", "tampered-metadata")}
    autograde(course, LAB_ID, students=["honest-blank"], workers=1, limits=LIMITS)
    assert {s: scores(course, s) for s in before} == before
    with Gradebook(course.db_url, course.config.CourseDirectory.course_id) as gb:
        assert len(gb.find_assignment(LAB_ID).submissions) == len(CASES) + 2
