"""Fast checks of the grading pieces: roster, collect, pre-checks, preprocessors, limits, status."""

from __future__ import annotations

import zipfile
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from labkit.grading import collect, precheck, status
from labkit.grading.course import Course
from labkit.grading.preprocessors import CapOutput, FairStderr
from labkit.grading.roster import Learner, RosterError, match, read_csv
from labkit.grading.sandbox import SPARK_CELL_TIMEOUT, lab_limits

LEARNERS = [
    Learner("alice", "Alice Martin", "alice@example.org"),
    Learner("bob", "Bob Lefèvre", "bob@example.org"),
]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_roster_reads_a_valid_file(tmp_path: Path) -> None:
    learners = read_csv(write(tmp_path / "l.csv", "id,name,email\nalice,Alice Martin,A@x.org\n"))
    assert learners == [Learner("alice", "Alice Martin", "a@x.org")]


def test_roster_lists_every_problem_with_its_line(tmp_path: Path) -> None:
    text = "id,name,email\nal ice,Alice,a@x.org\nbob,,bob@x\nbob,Bob,b@x.org\n"
    with pytest.raises(RosterError) as error:
        read_csv(write(tmp_path / "l.csv", text))
    message = str(error.value)
    assert "line 2: id 'al ice'" in message and "line 3: empty name" in message
    assert "line 3: invalid email" in message and "duplicated id: bob" in message


def test_roster_needs_the_header(tmp_path: Path) -> None:
    with pytest.raises(RosterError, match="header must be id,name,email"):
        read_csv(write(tmp_path / "l.csv", "login,nom\nalice,Alice\n"))


@pytest.mark.parametrize(
    "key", ["bob", "bob@example.org", "Bob Lefevre", "LEFÈVRE Bob", "bob_lefevre"]
)
def test_learners_match_by_id_email_or_name(key: str) -> None:
    assert match(LEARNERS, key).id == "bob"


def test_collect_from_a_moodle_zip(tmp_path: Path) -> None:
    course = Course(tmp_path / "course")
    archive = tmp_path / "moodle.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("Alice Martin_101_assignsubmission_file_/sql_nycflights.ipynb", "{}")
        z.writestr("Bob Lefèvre_102_assignsubmission_file_sql_nycflights.ipynb", "{}")
        z.writestr("Eve Intruse_103_assignsubmission_file_/sql_nycflights.ipynb", "{}")
        z.writestr("Alice Martin_101_assignsubmission_onlinetext_onlinetext.html", "<p/>")
        z.writestr("Alice Martin_101_assignsubmission_file_/../../evil.ipynb", "{}")
    report = collect.from_zip(course, "lab1", archive, LEARNERS)
    assert report.collected == ["alice", "bob"] and report.unmatched == ["Eve Intruse"]
    assert (course.root / "submitted/alice/lab1/sql_nycflights.ipynb").is_file()
    assert (course.root / "submitted/bob/lab1/sql_nycflights.ipynb").is_file()
    assert not list(tmp_path.rglob("evil.ipynb"))


def test_collect_from_a_folder_of_names_or_ids(tmp_path: Path) -> None:
    course = Course(tmp_path / "course")
    write_nb = tmp_path / "in" / "Alice Martin" / "lab1"
    write_nb.mkdir(parents=True)
    write(write_nb / "nb.ipynb", "{}")
    (tmp_path / "in" / "bob").mkdir()
    write(tmp_path / "in" / "bob" / "nb.ipynb", "{}")
    report = collect.from_folder(course, "lab1", tmp_path / "in", LEARNERS)
    assert report.collected == ["alice", "bob"] and not report.missing
    assert (course.root / "submitted/alice/lab1/nb.ipynb").is_file()


def test_precheck_renamed_invalid_and_suspicious(tmp_path: Path) -> None:
    nb = new_notebook(cells=[new_code_cell("import builtins\nchecks.assert_columns = print")])
    nbformat.write(nb, tmp_path / "Copie de lab.ipynb")
    found = precheck.check(tmp_path, "lab.ipynb")
    assert found.notebook == tmp_path / "lab.ipynb" and not found.error
    assert any("renamed notebook" in f for f in found.flags)
    assert any("reassigns a grader function" in f for f in found.flags)
    write(tmp_path / "lab.ipynb", '{"cells": [')
    assert precheck.check(tmp_path, "lab.ipynb").error.startswith("invalid notebook JSON")


def graded_cell(*outputs) -> nbformat.NotebookNode:
    cell = new_code_cell("assert True", outputs=list(outputs))
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "t1", "points": 1, "solution": False}
    return cell


def test_stderr_in_a_graded_cell_is_not_a_failure() -> None:
    from nbgrader.utils import determine_grade

    cell = graded_cell(new_output("stream", name="stderr", text="UserWarning: bruit\n"))
    assert determine_grade(cell)[0] == 0  # plain nbgrader
    cell, _ = FairStderr().preprocess_cell(cell, {}, 0)
    assert determine_grade(cell)[0] == 1 and cell.outputs[0].text.startswith("[stderr]")
    failing = graded_cell(new_output("error", ename="AssertionError", evalue="", traceback=[]))
    assert determine_grade(FairStderr().preprocess_cell(failing, {}, 0)[0])[0] == 0


def test_long_outputs_are_capped() -> None:
    cell = graded_cell(new_output("stream", name="stdout", text="x" * 10**6))
    cell, _ = CapOutput(max_chars=1000).preprocess_cell(cell, {}, 0)
    assert len(cell.outputs[0].text) < 1100


def test_lab_limits_from_metadata_and_spark() -> None:
    nb = new_notebook(cells=[new_code_cell("from pyspark.sql import SparkSession")])
    assert lab_limits(nb).cell_timeout == SPARK_CELL_TIMEOUT
    nb.metadata["labkit"] = {"timeout": 42, "memory_mb": 512, "network": "host"}
    limits = lab_limits(nb)
    assert (limits.cell_timeout, limits.memory_mb, limits.network) == (42, 512, "host")
    nb.metadata["labkit"] = {"network": "internet"}
    with pytest.raises(ValueError, match="labkit.network"):
        lab_limits(nb)


def test_status_round_trip(tmp_path: Path) -> None:
    state = status.SubmissionStatus("lab1", "alice", score=3, max_score=4)
    state.flag("ex01_test: timed out")
    state.fail("the kernel died")
    status.write(tmp_path, state)
    back = status.read(tmp_path, "lab1", "alice")
    assert back.status == "failed" and back.reasons == ["the kernel died", "ex01_test: timed out"]
    assert back.graded_at and status.read_lab(tmp_path, "lab1") == [back]
