"""The README's trainer walkthrough, run line by line on a small cohort (issue: trainer workflow).

Learners: a correct submission, a blank one, a partial one, and two adversarial ones
(an edited test cell, stderr noise in an answer). Their notebooks reach the course as a
Moodle "download all submissions" zip, between `release` and `collect`.
"""

from __future__ import annotations

import csv
import os
import re
import shlex
import subprocess
import sys
import zipfile
from html import unescape
from pathlib import Path

import nbformat
import pytest

from labkit import config
from labkit.grading.contract import SECRET_REGIONS

pytestmark = pytest.mark.slow
LAB, NOTEBOOK = "bc02_00_sql_nycflights", "sql_nycflights.ipynb"
LEARNERS = [  # id, name, email, how they answer
    ("alice", "Alice Martin", "alice@example.org", "correct"),
    ("bruno", "Bruno Petit", "bruno@example.org", "blank"),
    ("chloe", "Chloé Durand", "chloe@example.org", "partial"),
    ("david", "David Moreau", "david@example.org", "edited_test"),
    ("emma", "Emma Leroy", "emma@example.org", "stderr_noise"),
]


def walkthrough() -> list[str]:
    """The `labkit ...` lines of the README's trainer walkthrough block."""
    text = (config.home() / "README.md").read_text(encoding="utf-8")
    block = re.search(r"trainer-walkthrough:start -->(.*?)<!-- trainer-walkthrough:end", text, re.S)
    assert block, "README.md lacks the trainer walkthrough markers"
    lines = [line.split("#")[0].strip() for line in block[1].splitlines()]
    return [line for line in lines if line.startswith("labkit ")]


def cells_with(nb, key: str) -> list:
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get(key)]


def answer(kind: str, source, release):
    """A learner's notebook, built from the reference (source) or the student copy."""
    if kind == "blank":
        return release
    nb = nbformat.from_dict(source)
    answers = [c for c in cells_with(nb, "solution") if c.cell_type == "code"]
    if kind == "partial":
        for cell in answers[::3]:
            cell.source = "raise NotImplementedError()"
    elif kind == "edited_test":
        test = next(c for c in cells_with(nb, "grade") if c.cell_type == "code")
        test.source = "assert True  # tests removed by the learner"
    elif kind == "stderr_noise":
        answers[0].source = "import sys\nsys.stderr.write('bruit\\n')\n" + answers[0].source
    return nb


def write_roster(folder: Path) -> None:
    with (folder / "learners.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "email"])
        writer.writerows(row[:3] for row in LEARNERS)


def write_moodle_zip(folder: Path, course: Path) -> None:
    """The LMS's "download all submissions" zip of the learners' notebooks."""
    source = nbformat.read(course / "source" / LAB / NOTEBOOK, as_version=4)
    release = nbformat.read(course / "release" / LAB / NOTEBOOK, as_version=4)
    with zipfile.ZipFile(folder / "moodle-download.zip", "w") as archive:
        for number, (_, name, _, kind) in enumerate(LEARNERS, 1001):
            entry = f"{name}_{number}_assignsubmission_file_/{NOTEBOOK}"
            archive.writestr(entry, nbformat.writes(answer(kind, source, release)))


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run the walkthrough; return the course tree."""
    folder = tmp_path_factory.mktemp("trainer")
    env = dict(os.environ, LABKIT_BUILD=str(folder / "build"))
    course = folder / "build" / "course"
    labkit = str(Path(sys.executable).with_name("labkit"))
    write_roster(folder)
    for line in walkthrough():
        if "--from-zip" in line:  # the learners have handed in through the LMS
            write_moodle_zip(folder, course)
        run = subprocess.run(
            [labkit, *shlex.split(line)[1:]], cwd=folder, env=env,
            capture_output=True, text=True, timeout=900,
        )
        assert run.returncode == 0, f"{line}\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
    return course


def test_walkthrough_covers_the_whole_cycle() -> None:
    verbs = [shlex.split(line)[2] for line in walkthrough()]
    assert verbs == ["roster", "release", "collect", "autograde", "feedback", "export", "report"]


def test_grades_reward_work_and_resist_tampering(cohort: Path) -> None:
    rows = {r["student_id"]: r for r in read_csv(cohort / "export" / "grades.csv")}
    points = {sid: float(rows[sid]["points"]) for sid in rows}
    assert points["bruno"] == 0
    assert 0 < points["chloe"] < points["alice"]
    assert points["alice"] == float(rows["alice"]["max_points"]) - 3  # open question pending
    assert points["david"] == points["alice"]  # the edited test cell was restored
    assert points["emma"] == points["alice"]  # stderr in an answer costs nothing
    moodle = {r["email"]: r for r in read_csv(cohort / "export" / "moodle_grades.csv")}
    assert float(moodle["alice@example.org"][LAB]) == points["alice"]


def test_feedback_never_shows_hidden_tests(cohort: Path) -> None:
    source = nbformat.read(cohort / "source" / LAB / NOTEBOOK, as_version=4)
    hidden = {
        line.strip()
        for cell in source.cells
        for match in SECRET_REGIONS.finditer(cell.source)
        if match[1] == "HIDDEN TESTS"
        for line in match["body"].splitlines()
        if len(line.strip()) > 12
    }
    pages = sorted((cohort / "feedback").glob(f"*/{LAB}/*.html"))
    assert len(pages) == len(LEARNERS)
    for page in pages:
        html = unescape(page.read_text(encoding="utf-8"))
        student = page.parts[-3]
        # The learner's own answers are shown back; a line they wrote themselves is no leak.
        handed_in = (cohort / "submitted" / student / LAB / NOTEBOOK).read_text("utf-8")
        assert "HIDDEN TESTS" not in html
        assert not [line for line in hidden if line in html and line not in handed_in], page
    chloe = (cohort / "feedback" / "chloe" / LAB / "sql_nycflights.html").read_text("utf-8")
    assert "Échoué" in chloe and "Réussi" in chloe


def test_report_validates_competences_and_blocks(cohort: Path) -> None:
    decisions = {
        (r["student_id"], r["competence"]): r["decision"]
        for r in read_csv(cohort / "report" / "competences.csv")
    }
    assert decisions[("alice", "C9")] == "validée"
    assert decisions[("bruno", "C9")] == "non validée"
    assert decisions[("alice", "C8")] == "non évaluée"
    summary = {r["student_id"]: r for r in read_csv(cohort / "report" / "cohort_summary.csv")}
    assert {r["BC02"] for r in summary.values()} == {"non validé"}
    assert (cohort / "report" / "heatmap.png").stat().st_size > 10_000
    assert (cohort / "report" / "fiches" / "alice.html").is_file()
