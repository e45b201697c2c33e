"""Benchmark: plain sequential ``nbgrader autograde`` vs ``labkit grade autograde --workers N``.

The same cohort (learners x labs, answers cycling correct / blank / partial) is
graded both ways, side by side, in two course trees built from a temporary
``labs/`` tree: the exemplar SQL lab plus copies of the lab template. The
scores must be identical; the script prints both times and the speed ratio.

    .venv/bin/python benchmarks/bench_autograde.py                 # 30 learners x 3 labs
    .venv/bin/python benchmarks/bench_autograde.py --learners 6 --labs 2
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))  # the submission builders of the test corpus

from grading.adversarial import solved  # noqa: E402

from labkit import config  # noqa: E402
from labkit.grading.course import Course  # noqa: E402
from labkit.labs import Lab, discover  # noqa: E402

KINDS = ("correct", "blank", "partial")


def make_labs(root: Path, count: int) -> list[Lab]:
    """The exemplar, then copies of the template as more labs of block 2."""
    exemplar = config.labs_dir() / "block2_collecte" / "00_sql_nycflights"
    shutil.copytree(exemplar, root / "block2_collecte" / exemplar.name)
    for i in range(1, count):
        folder = root / "block2_collecte" / f"9{i}_template_copy"
        folder.mkdir(parents=True)
        shutil.copy2(
            config.labs_dir() / "_template" / "lab_template.py", folder / "lab_template.py"
        )
    return discover(root)[:count]


def submission(course: Course, lab: Lab, kind: str) -> nbformat.NotebookNode:
    release = nbformat.read(course.root / "release" / lab.id / lab.notebook_name, 4)
    if kind == "blank":
        return release
    source = nbformat.read(course.root / "source" / lab.id / lab.notebook_name, 4)
    answers = sum(1 for c in source.cells if c.metadata.get("nbgrader", {}).get("solution"))
    return solved(release, source, None if kind == "correct" else max(1, answers // 2))


def hand_in(courses: list[Course], labs: list[Lab], learners: int) -> None:
    for lab in labs:
        for n in range(learners):
            nb = submission(courses[0], lab, KINDS[n % len(KINDS)])
            for course in courses:
                path = course.root / "submitted" / f"learner{n:03d}" / lab.id / lab.notebook_name
                path.parent.mkdir(parents=True, exist_ok=True)
                nbformat.write(nb, path)


def all_scores(course: Course) -> dict[tuple[str, str, str], float]:
    with Gradebook(course.db_url, course.config.CourseDirectory.course_id) as gb:
        return {
            (sub.student.id, sub.assignment.name, grade.name): grade.score
            for assignment in gb.assignments
            for sub in assignment.submissions
            for nb in sub.notebooks
            for grade in nb.grades
        }


def timed(commands: list[list[str]], cwd: Path) -> float:
    """Wall time of running the commands one after the other (one per lab, as trainers do)."""
    start = time.perf_counter()
    for cmd in commands:
        done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
        if done.returncode:
            sys.exit(f"{' '.join(cmd)} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--labs", type=int, default=3, choices=range(1, 10))
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    bin_dir = str(Path(sys.executable).parent)
    os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    with tempfile.TemporaryDirectory(prefix="labkit-bench-") as tmp:
        labs = make_labs(Path(tmp) / "labs", args.labs)
        courses = [Course(Path(tmp) / name) for name in ("sequential", "parallel")]
        for course in courses:
            for lab in labs:
                course.generate_release(lab)
        hand_in(courses, labs, args.learners)
        ids = [lab.id for lab in labs]
        print(
            f"{args.learners} learners x {len(labs)} labs = {args.learners * len(labs)} submissions"
        )
        seq = timed(
            [["nbgrader", "autograde", lab_id, "--force"] for lab_id in ids], courses[0].root
        )
        print(f"sequential nbgrader autograde:        {seq:7.1f} s")
        par = timed(
            [
                [
                    "labkit",
                    "grade",
                    "autograde",
                    lab_id,
                    "--workers",
                    str(args.workers),
                    "--course",
                    str(courses[1].root),
                ]
                for lab_id in ids
            ],
            courses[1].root,
        )
        print(f"labkit grade autograde --workers {args.workers}:   {par:7.1f} s")
        same = all_scores(courses[0]) == all_scores(courses[1])
        print(f"scores identical: {same} ({len(all_scores(courses[0]))} grades)")
        print(f"speed ratio: {seq / par:.2f}x")
        sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
