"""The lab contract: what CI proves for every lab.

1. the source, with solutions, runs headless (papermill) and all its tests pass;
2. the student copy, autograded, scores 0 on every autograded cell, and the
   grader does not crash;
3. the source, autograded as a submission, scores full marks;
4. every graded cell names its competence (C1–C21);
5. no graded cell writes to stderr (nbgrader gives such a cell 0);
6. no solution or hidden-test text reaches the student copy.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import nbformat
import papermill
from nbformat import NotebookNode

from labkit.grading.course import Course, GradingError
from labkit.labs import Lab
from labkit.notebooks import COMPETENCE_ID, graded_cells

BLANK = "contract-blank"
REFERENCE = "contract-reference"
SECRET_REGIONS = re.compile(
    r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(?P<body>.*?)### END \1", re.DOTALL
)


@dataclass
class ContractReport:
    lab: Lab
    problems: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        lines = [f"{self.lab.id}: {len(self.problems)} problem(s)"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


def check_metadata(lab: Lab) -> list[str]:
    """Graded cells: competence ids, unique grade ids, points, hidden tests; a parameters cell."""
    nb = lab.notebook()
    cells = graded_cells(nb)
    problems = [] if cells else ["no graded cell"]
    seen: set[str] = set()
    for cell in cells:
        name = cell.grade_id or "<no grade_id>"
        if not cell.competences:
            problems.append(f"{name}: names no competence (labkit.competences)")
        bad = [c for c in cell.competences if not COMPETENCE_ID.match(c)]
        if bad:
            problems.append(f"{name}: unknown competence id(s) {bad}")
        if name in seen:
            problems.append(f"{name}: duplicated grade_id")
        seen.add(name)
        if cell.points <= 0:
            problems.append(f"{name}: no points")
        if cell.autograded and "### BEGIN HIDDEN TESTS" not in cell.source:
            problems.append(f"{name}: autograded cell without hidden tests")
    if not any("parameters" in c.metadata.get("tags", []) for c in nb.cells):
        problems.append("no cell tagged 'parameters' (papermill)")
    return problems


def stderr_cells(nb: NotebookNode) -> list[str]:
    """grade_ids of graded cells that wrote to stderr."""
    return [
        cell.metadata["nbgrader"].get("grade_id", "?")
        for cell in nb.cells
        if cell.metadata.get("nbgrader", {}).get("grade")
        and any(o.get("name") == "stderr" for o in cell.get("outputs", []))
    ]


def run_source(course: Course, lab: Lab) -> list[str]:
    """Execute the source with papermill in a scratch copy; report failures and stderr."""
    source_dir = course.root / "source" / lab.id
    workdir = course.root / "executed" / lab.id
    if workdir.exists():
        shutil.rmtree(workdir)
    shutil.copytree(source_dir, workdir)
    notebook = workdir / lab.notebook_name
    try:
        papermill.execute_notebook(
            notebook, notebook, cwd=str(workdir), progress_bar=False,
            kernel_manager_class="labkit.kernels.IPCKernelManager",
        )
    except papermill.PapermillExecutionError as exc:
        return [f"source fails headless in cell {exc.cell_index}: {exc.ename}: {exc.evalue}"]
    noisy = stderr_cells(nbformat.read(notebook, as_version=4))
    return [f"{g}: graded cell writes to stderr when run headless" for g in noisy]


def _secret_lines(source_text: str) -> set[str]:
    """Substantial lines that only occur inside solution or hidden-test regions."""
    secret = set()
    for match in SECRET_REGIONS.finditer(source_text):
        secret |= {line.strip() for line in match["body"].splitlines()}
    public = {line.strip() for line in SECRET_REGIONS.sub("", source_text).splitlines()}
    return {line for line in secret - public if len(line) > 3}


def check_no_leak(course: Course, lab: Lab) -> list[str]:
    """No solution or hidden-test text, and no .py source, in the student copy."""
    release = course.root / "release" / lab.id
    problems = [f"source file leaked: {p.name}" for p in release.rglob("*.py")]
    nb = nbformat.read(release / lab.notebook_name, as_version=4)
    released = {line.strip() for cell in nb.cells for line in cell.source.splitlines()}
    source = "\n".join(cell.source for cell in lab.notebook().cells)
    leaked = sorted(_secret_lines(source) & released)
    problems += [f"secret text reaches the student copy: {line!r}" for line in leaked[:5]]
    return problems


def check_blank_scores_zero(course: Course, lab: Lab) -> list[str]:
    """The student copy, autograded, scores 0 on every autograded cell."""
    course.submit(lab, BLANK, course.root / "release" / lab.id / lab.notebook_name)
    autograded = {c.grade_id for c in lab.graded_cells() if c.autograded}
    scores = course.autograde(lab, BLANK)
    return [
        f"{s.grade_id}: the blank student copy scores {s.score:g}/{s.max_score:g} "
        "(a test a blank answer passes cannot fail)"
        for s in scores
        if s.grade_id in autograded and s.score
    ]


def check_reference_full_marks(course: Course, lab: Lab) -> list[str]:
    """The source, autograded as a submission, scores full marks without stderr."""
    course.submit(lab, REFERENCE, course.root / "source" / lab.id / lab.notebook_name)
    autograded = {c.grade_id for c in lab.graded_cells() if c.autograded}
    scores = course.autograde(lab, REFERENCE)
    problems = [
        f"{s.grade_id}: the reference solution scores {s.score:g}/{s.max_score:g} when autograded"
        for s in scores
        if s.grade_id in autograded and s.score != s.max_score
    ]
    graded_nb = nbformat.read(course.autograded_notebook(lab, REFERENCE), as_version=4)
    noisy = stderr_cells(graded_nb)
    problems += [f"{g}: graded cell writes to stderr under nbgrader" for g in noisy]
    return problems


def check_lab(course: Course, lab: Lab) -> ContractReport:
    """Run every clause of the contract on one lab; never stops at the first problem."""
    report = ContractReport(lab)
    steps: list[tuple[str, Callable[[], list[str]]]] = [
        ("metadata", lambda: check_metadata(lab)),
        ("release", lambda: (course.generate_release(lab), check_no_leak(course, lab))[1]),
        ("source headless", lambda: run_source(course, lab)),
        ("blank scores 0", lambda: check_blank_scores_zero(course, lab)),
        ("reference full marks", lambda: check_reference_full_marks(course, lab)),
    ]
    for name, step in steps:
        start = time.perf_counter()
        try:
            report.problems += step()
        except GradingError as exc:
            report.problems.append(f"{name}: {exc}")
            if name == "release":
                break  # nothing else can run without a student copy
        report.seconds[name] = time.perf_counter() - start
    return report
