"""Meta-tests: the contract must fail on labs that break it."""

from __future__ import annotations

import shutil
from pathlib import Path

import jupytext
import nbformat
import pytest

from labkit import config
from labkit.grading.contract import (
    SECRET_REGIONS,
    check_blank_scores_zero,
    check_lab,
    check_metadata,
    check_no_leak,
    check_reference_full_marks,
)
from labkit.grading.course import Course
from labkit.labs import Lab, discover, find
from labkit.notebooks import SOURCE_FORMAT

EXEMPLAR = "bc02_00_sql_nycflights"
TEMPLATE = config.labs_dir() / "_template" / "lab_template.py"


def copy_lab(source: Path, labs_root: Path, block: str = "block2_collecte") -> Lab:
    """Copy a lab source into a synthetic labs tree and return it as a Lab."""
    folder = labs_root / block / "00_copy"
    folder.mkdir(parents=True)
    shutil.copy2(source, folder / source.name)
    (lab,) = discover(labs_root)
    return lab


def edit_cell(lab: Lab, grade_id: str, new_source: str) -> None:
    """Rewrite one graded cell of a lab source, keeping its metadata."""
    nb = jupytext.read(lab.source, fmt=SOURCE_FORMAT)
    (cell,) = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id]
    cell.source = new_source
    jupytext.write(nb, lab.source, fmt=SOURCE_FORMAT)


def first_autograded(lab: Lab) -> str:
    return next(c.grade_id for c in lab.graded_cells() if c.autograded)


def test_weakened_test_in_exemplar_is_caught(labs_root: Path, tmp_path: Path) -> None:
    lab = copy_lab(find(EXEMPLAR).source, labs_root)
    weakened = first_autograded(lab)
    edit_cell(lab, weakened, '"""Affaibli : ne vérifie plus rien."""\nresultat_ok = 1 == 1')
    course = Course(tmp_path / "course")
    course.generate_release(lab)
    problems = check_blank_scores_zero(course, lab)
    assert any(p.startswith(f"{weakened}:") and "blank" in p for p in problems), problems


def test_template_meets_the_contract(labs_root: Path, course: Course) -> None:
    lab = copy_lab(TEMPLATE, labs_root, block="block1_pilotage")
    report = check_lab(course, lab)
    assert report.ok, report.summary()


def test_stderr_in_a_graded_cell_is_caught(labs_root: Path, tmp_path: Path) -> None:
    lab = copy_lab(TEMPLATE, labs_root, block="block1_pilotage")
    noisy = first_autograded(lab)
    cell = next(c for c in lab.graded_cells() if c.grade_id == noisy)
    edit_cell(lab, noisy, "import sys\nsys.stderr.write('bruit')\n" + cell.source)
    report = check_lab(Course(tmp_path / "course"), lab)
    assert f"{noisy}: graded cell writes to stderr when run headless" in report.problems
    assert f"{noisy}: graded cell writes to stderr under nbgrader" in report.problems


def test_graded_cell_without_competence_is_caught(labs_root: Path) -> None:
    lab = copy_lab(TEMPLATE, labs_root, block="block1_pilotage")
    nb = jupytext.read(lab.source, fmt=SOURCE_FORMAT)
    graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    graded[0].metadata.pop("labkit")
    graded[-1].metadata["labkit"] = {"competences": ["C99"]}
    jupytext.write(nb, lab.source, fmt=SOURCE_FORMAT)
    problems = check_metadata(lab)
    assert any("names no competence" in p for p in problems), problems
    assert any("unknown competence" in p and "C99" in p for p in problems), problems


@pytest.mark.parametrize("lab", discover(), ids=lambda lab: lab.id)
def test_no_secret_text_in_student_copy(lab: Lab, tmp_path: Path) -> None:
    """Independent of check_no_leak: no solution or hidden-test marker or body survives."""
    course = Course(tmp_path / "course")
    release = course.generate_release(lab)
    assert not list(release.rglob("*.py"))
    text = "\n".join(p.read_text(encoding="utf-8") for p in release.rglob("*.ipynb"))
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in text
    assert check_no_leak(course, lab) == []


def test_leak_check_detects_a_leak(labs_root: Path, tmp_path: Path) -> None:
    lab = copy_lab(TEMPLATE, labs_root, block="block1_pilotage")
    course = Course(tmp_path / "course")
    release = course.generate_release(lab)
    (release / "twin.py").write_text("solution = 42\n", encoding="utf-8")
    assert check_no_leak(course, lab) == ["source file leaked: twin.py"]


def test_leak_check_detects_solution_text(labs_root: Path, tmp_path: Path) -> None:
    lab = copy_lab(TEMPLATE, labs_root, block="block1_pilotage")
    course = Course(tmp_path / "course")
    release = course.generate_release(lab)
    notebook = release / lab.notebook_name
    nb = nbformat.read(notebook, as_version=4)
    secret = SECRET_REGIONS.search("\n".join(c.source for c in lab.notebook().cells))["body"]
    nb.cells[-1].source += "\n" + secret
    nbformat.write(nb, notebook)
    problems = check_no_leak(course, lab)
    assert problems and all(p.startswith("secret text reaches") for p in problems), problems


def drop_lines(lab: Lab, grade_id: str, first: str, count: int = 1) -> None:
    """Remove ``count`` lines of a cell, from the line starting with ``first``."""
    nb = jupytext.read(lab.source, fmt=SOURCE_FORMAT)
    (cell,) = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id]
    lines = cell.source.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(first))
    cell.source = "\n".join(lines[:start] + lines[start + count:])
    jupytext.write(nb, lab.source, fmt=SOURCE_FORMAT)


def test_administration_role_tests_catch_a_missing_grant_and_policy(
    labs_root: Path, tmp_path: Path
) -> None:
    """Issue #5: the role tests of lab B3-04 log in as each role; without the loader's GRANT
    or the store manager's policy, the reference solution loses those points."""
    lab = copy_lab(find("bc03_04_administration").source, labs_root, block="block3_entrepot")
    drop_lines(lab, "ex01_answer", "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES")
    drop_lines(lab, "ex02_answer", "CREATE POLICY son_magasin", count=3)
    course = Course(tmp_path / "course")
    course.generate_release(lab)
    problems = check_reference_full_marks(course, lab)
    lost = {p.split(":")[0] for p in problems if "reference solution scores" in p}
    assert lost == {"ex01_test", "ex02_test"}, problems
