"""Grades as CSV, and the Moodle grade-import file, match the gradebook."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from labkit.cli import main
from labkit.grading.evidence import collect
from labkit.grading.export import GRADES_HEADER, export

from .cohort import LAB_ID, LEARNERS, Cohort


@pytest.fixture(scope="module")
def files(cohort: Cohort, tmp_path_factory: pytest.TempPathFactory):
    return export(collect(cohort.course), tmp_path_factory.mktemp("export"))


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def gradebook_scores(cohort: Cohort) -> dict[str, tuple[float, float]]:
    with cohort.gradebook() as gb:
        return {s: (gb.find_submission(LAB_ID, s).score, gb.find_submission(LAB_ID, s).max_score)
                for s in LEARNERS}


def test_grades_csv_matches_the_gradebook(cohort: Cohort, files) -> None:
    rows = read(files.grades)
    assert list(rows[0]) == GRADES_HEADER
    assert {r["student_id"] for r in rows} == set(LEARNERS)
    expected = gradebook_scores(cohort)
    for row in rows:
        points, max_points = expected[row["student_id"]]
        assert row["lab"] == LAB_ID and row["submitted"] == "oui"
        assert float(row["points"]) == pytest.approx(points)
        assert float(row["max_points"]) == pytest.approx(max_points) == 26
        assert float(row["percent"]) == pytest.approx(100 * points / max_points, abs=0.05)
    by_id = {r["student_id"]: r for r in rows}
    assert by_id["ref"]["points"] == "25.5" and by_id["partial"]["points"] == "18"
    assert by_id["partial"]["pending_manual"] == "1" and by_id["ref"]["pending_manual"] == "0"
    assert by_id["partial"]["last_name"] == "Lefèvre"  # UTF-8 kept


def test_moodle_csv_format(cohort: Cohort, files) -> None:
    text = files.moodle.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == f"email,{LAB_ID}"  # identifier column, then one column per grade item
    rows = read(files.moodle)
    expected = gradebook_scores(cohort)
    emails = {LEARNERS[s][2]: s for s in LEARNERS if LEARNERS[s][2]}
    assert {r["email"] for r in rows} == set(emails)
    for row in rows:
        value = row[LAB_ID]
        assert "," not in value and float(value) == pytest.approx(expected[emails[row["email"]]][0])
    assert files.skipped == ["blank"]  # no email: never a blank identifier in the file


def test_cli_export(cohort: Cohort, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["grade", "export", "--out", str(tmp_path),
                                       "--course", str(cohort.course.root)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "grades.csv").is_file() and (tmp_path / "moodle_grades.csv").is_file()
    assert "blank" in result.output  # the learner left out of the Moodle file is named


def test_cli_without_gradebook(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["grade", "export", "--course", str(tmp_path)])
    assert result.exit_code != 0 and "gradebook.db" in result.output
