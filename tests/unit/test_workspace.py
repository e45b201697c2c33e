"""The learner workspace never loses the learner's work."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from labkit import workspace as ws
from labkit.grading.course import Course
from labkit.labs import discover

SOURCE = '''# %% [markdown]
# # Lab d'essai ({version})

# %% nbgrader={{"grade": false, "grade_id": "a", "locked": false, "schema_version": 3, "solution": true, "task": false}}
### BEGIN SOLUTION
answer = 42
### END SOLUTION

# %% labkit={{"competences": ["C9"]}} nbgrader={{"grade": true, "grade_id": "t", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}}
assert answer > 0
### BEGIN HIDDEN TESTS
assert answer == 42
### END HIDDEN TESTS
'''


@pytest.fixture
def setup(labs_root: Path, tmp_path: Path):
    folder = labs_root / "block2_collecte" / "00_demo"
    folder.mkdir(parents=True)
    source = folder / "demo.py"
    source.write_text(SOURCE.format(version="v1"), encoding="utf-8")
    course = Course(tmp_path / "course")
    workspace = tmp_path / "workspace"

    def build():
        return ws.build(discover(labs_root), workspace, course)

    return source, workspace / "block2_collecte" / "00_demo" / "demo.ipynb", build


def first_cell(path: Path) -> str:
    return nbformat.read(path, as_version=4).cells[0].source


def learner_edits(path: Path, text: str) -> None:
    nb = nbformat.read(path, as_version=4)
    nb.cells[1].source = text
    nbformat.write(nb, path)


def test_first_build_delivers_student_copy(setup) -> None:
    _, notebook, build = setup
    (delivery,) = build()
    assert delivery.action == "created" and notebook.exists()
    text = notebook.read_text(encoding="utf-8")
    assert "answer = 42" not in text and "HIDDEN" not in text
    assert "VOTRE RÉPONSE ICI" in text


def test_second_build_changes_nothing_and_reuses_the_release(setup) -> None:
    _, notebook, build = setup
    build()
    before = notebook.stat().st_mtime_ns
    (delivery,) = build()
    assert delivery.action == "unchanged" and notebook.stat().st_mtime_ns == before


def test_untouched_notebook_is_updated_in_place(setup) -> None:
    source, notebook, build = setup
    build()
    source.write_text(SOURCE.format(version="v2"), encoding="utf-8")
    (delivery,) = build()
    assert delivery.action == "updated" and "v2" in first_cell(notebook)


def test_learner_work_is_kept_and_new_version_lands_beside(setup) -> None:
    source, notebook, build = setup
    build()
    learner_edits(notebook, "answer = 7  # mon travail")
    source.write_text(SOURCE.format(version="v2"), encoding="utf-8")
    (delivery,) = build()
    assert delivery.action == "kept-yours"
    assert "mon travail" in nbformat.read(notebook, as_version=4).cells[1].source
    assert delivery.new_version == notebook.with_name("demo.nouvelle-version.ipynb")
    assert "v2" in first_cell(delivery.new_version)
    assert "votre travail est conservé" in delivery.message()


def test_learner_work_without_new_version_is_left_alone(setup) -> None:
    _, notebook, build = setup
    build()
    learner_edits(notebook, "answer = 7")
    (delivery,) = build()
    assert delivery.action == "unchanged"
    assert not notebook.with_name("demo.nouvelle-version.ipynb").exists()
