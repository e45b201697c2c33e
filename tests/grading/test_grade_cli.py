"""``labkit grade``: roster -> release -> collect (Moodle zip, exchange) -> parallel autograde."""

from __future__ import annotations

import zipfile
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner
from grading.adversarial import solved
from grading.adversarial.handin import LAB_ID

from labkit.cli import main
from labkit.grading import status

pytestmark = pytest.mark.slow


def grade(*args: str) -> str:
    result = CliRunner().invoke(main, ["grade", *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def cohort(tmp_path: Path) -> tuple[Path, Path]:
    course = tmp_path / "course"
    learners = tmp_path / "learners.csv"
    learners.write_text(
        "id,name,email\nalice,Alice Martin,alice@example.org\nbob,Bob Lefèvre,bob@example.org\n"
        "chloe,Chloé Petit,chloe@example.org\n",
        encoding="utf-8",
    )
    assert "3 learner(s) imported" in grade(
        "roster", "import", str(learners), "--course", str(course)
    )
    return course, tmp_path


def test_roster_errors_are_clear(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,email\nalice,Alice,not-an-email\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["grade", "roster", "import", str(bad), "--course", str(tmp_path / "c")]
    )
    assert result.exit_code == 1 and "line 2: invalid email 'not-an-email'" in result.output


def test_release_collect_autograde(cohort, release_nb, source_nb) -> None:
    course, tmp = cohort
    out = grade("release", LAB_ID, "--zip", str(tmp / "lms"), "--course", str(course))
    with zipfile.ZipFile(tmp / "lms" / f"{LAB_ID}.zip") as z:
        assert f"{LAB_ID}/sql_nycflights.ipynb" in z.namelist() and "released" in out
    moodle = tmp / "moodle.zip"
    with zipfile.ZipFile(moodle, "w") as z:
        prefix = "{}_{}_assignsubmission_file_/sql_nycflights.ipynb"
        z.writestr(
            prefix.format("Alice Martin", 11), nbformat.writes(solved(release_nb, source_nb))
        )
        z.writestr(prefix.format("Bob Lefevre", 12), nbformat.writes(release_nb))
    out = grade("collect", LAB_ID, "--from-zip", str(moodle), "--course", str(course))
    assert "2 submission(s)" in out and "No submission from: chloe" in out
    out = grade("autograde", LAB_ID, "--workers", "2", "--course", str(course))
    assert "2 ok" in out
    states = {s.student: s for s in status.read_lab(course, LAB_ID)}
    assert (states["alice"].score, states["bob"].score) == (23, 0)


def test_release_and_collect_through_the_exchange(cohort) -> None:
    course, tmp = cohort
    exchange = tmp / "exchange"
    grade("release", LAB_ID, "--exchange", str(exchange), "--course", str(course))
    outbound = exchange / "rncp37638" / "outbound" / LAB_ID / "sql_nycflights.ipynb"
    assert outbound.is_file()
    inbound = (
        exchange / "rncp37638" / "inbound" / f"alice+{LAB_ID}+2026-01-05 10:00:00.000000 UTC+x1"
    )
    inbound.mkdir(parents=True)
    (inbound / "sql_nycflights.ipynb").write_bytes(outbound.read_bytes())
    (inbound / "timestamp.txt").write_text("2026-01-05 10:00:00.000000 UTC")  # as nbgrader submit
    out = grade(
        "collect", LAB_ID, "--from-exchange", "--exchange", str(exchange), "--course", str(course)
    )
    assert "1 submission(s)" in out
    submitted = course / "submitted" / "alice" / LAB_ID
    assert (submitted / "sql_nycflights.ipynb").is_file() and (
        submitted / "timestamp.txt"
    ).is_file()
