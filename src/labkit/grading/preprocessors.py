"""nbgrader preprocessors for the parent's recording pass (see labkit.grading.record).

``ReplayExecute`` takes the place of nbgrader's ``Execute``: the outputs come
from the notebook a worker already executed, so nbgrader's own steps
(sanitizing, SaveAutoGrades, late penalties) write the gradebook in one
process. ``FairStderr`` and ``CapOutput`` make grading fair and bounded.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbconvert.exporters.exporter import ResourcesDict
from nbformat import NotebookNode
from nbgrader import utils
from nbgrader.api import Gradebook
from nbgrader.preprocessors import (
    CheckCellMetadata,
    ClearOutput,
    DeduplicateIds,
    NbGraderPreprocessor,
    OverwriteCells,
    OverwriteKernelspec,
)
from traitlets import Integer, Unicode

FLAG = "labkit-flag: "  # log prefix the recorder turns into status reasons


class ReplayError(RuntimeError):
    """The executed notebook does not match the sanitized submission."""


def _shape(nb: NotebookNode) -> list[tuple[str, str]]:
    return [(cell.cell_type, cell.source) for cell in nb.cells]


class ReplayExecute(NbGraderPreprocessor):
    """Copy outputs from ``<results_dir>/<student>/<notebook>.ipynb`` instead of executing."""

    results_dir = Unicode("", help="Folder of the notebooks executed by the workers.").tag(
        config=True
    )

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict):
        info = resources["nbgrader"]
        path = Path(self.results_dir) / info["student"] / f"{info['notebook']}.ipynb"
        executed = nbformat.read(path, as_version=4)
        if _shape(executed) != _shape(nb):
            raise ReplayError(f"{path}: executed cells differ from the sanitized submission")
        for cell, done in zip(nb.cells, executed.cells, strict=True):
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = done.outputs, done.execution_count
        if "language_info" in executed.metadata:
            nb.metadata["language_info"] = executed.metadata["language_info"]
        return nb, resources


class RestoreGradingMetadata(NbGraderPreprocessor):
    """Repair what crashes nbgrader's sanitizing: duplicated grade ids, tampered grading flags.

    Runs before nbgrader's own steps. Of cells sharing a grade id, the last keeps
    it (as nbgrader's DeduplicateIds) and the others lose their nbgrader
    metadata entirely; a known cell gets back its grade, solution, task and
    locked flags and its points from the gradebook (nbgrader restores the
    points but not the flags, and then fails on the checksum).
    """

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict):
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gb:
            notebook = gb.find_notebook(info["notebook"], info["assignment"])
            expected = {
                c.name: {
                    "grade": c.name in {g.name for g in notebook.grade_cells},
                    "solution": c.name in {s.name for s in notebook.solution_cells},
                    "task": c.name in {t.name for t in notebook.task_cells},
                    "locked": c.locked,
                }
                for c in notebook.source_cells
            }
            points = {g.name: float(g.max_score) for g in notebook.grade_cells}
        self._deduplicate(nb)
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id in expected:
                self._restore(cell.metadata.nbgrader, grade_id, expected[grade_id], points)
        return nb, resources

    def _deduplicate(self, nb: NotebookNode) -> None:
        seen: set[str] = set()
        for cell in reversed(nb.cells):
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id in seen:
                del cell.metadata["nbgrader"]
                self.log.warning(
                    "%s%s: duplicated cell id, only the last copy is graded", FLAG, grade_id
                )
            elif grade_id:
                seen.add(grade_id)

    def _restore(self, meta: dict, grade_id: str, flags: dict, points: dict[str, float]) -> None:
        wanted = dict(flags, schema_version=3)
        if flags["grade"]:
            wanted["points"] = points[grade_id]
        changed = [k for k, v in wanted.items() if k != "schema_version" and meta.get(k) != v]
        if not flags["grade"] and "points" in meta:
            changed.append("points")
            del meta["points"]
        meta.update(wanted)
        if changed:
            self.log.warning(
                "%s%s: grading metadata tampered with (%s), restored from the source",
                FLAG,
                grade_id,
                ", ".join(sorted(set(changed))),
            )


class FairStderr(NbGraderPreprocessor):
    """stderr in a graded cell is not a failure: only an error is (the output stays visible).

    nbgrader gives 0 to a graded cell that writes to stderr, even when its tests
    pass: a warning raised by the learner's function, or Spark's logs, would
    cost the points. The stream is relabelled stdout with a ``[stderr]`` prefix.
    """

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict, index: int):
        if cell.cell_type == "code" and utils.is_grade(cell):
            noisy = [o for o in cell.outputs if o.output_type == "stream" and o.name == "stderr"]
            for output in noisy:
                output.name, output.text = "stdout", "[stderr] " + output.text
            if noisy:
                grade_id = cell.metadata.nbgrader.get("grade_id", "?")
                self.log.warning("%s%s: stderr output not counted as a failure", FLAG, grade_id)
        return cell, resources


class CapOutput(NbGraderPreprocessor):
    """Truncate long stream texts (nbgrader's LimitOutput counts lines, not characters)."""

    max_chars = Integer(100_000, help="Characters kept per stream output.").tag(config=True)

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict, index: int):
        for output in cell.get("outputs", []):
            if output.output_type == "stream" and len(output.text) > self.max_chars:
                output.text = output.text[: self.max_chars] + "\n[sortie tronquée]\n"
        return cell, resources


# nbgrader's sanitizing steps of autograde, after the repair of grading metadata.
SANITIZERS = [
    RestoreGradingMetadata,
    ClearOutput,
    DeduplicateIds,
    OverwriteKernelspec,
    OverwriteCells,
    CheckCellMetadata,
]
