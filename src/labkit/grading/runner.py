"""Worker side of parallel autograding: sanitize and execute one submission.

Runs in a long-lived worker process (one per worker, reused for every
submission). It never writes the gradebook: it reads a snapshot of it to
restore the locked cells the way ``nbgrader autograde`` does, executes the
notebook in a sandbox kernel (``labkit.grading.sandbox``) inside a work
folder holding only the lab's files, and writes the executed notebook for the
parent to record (``labkit.grading.record``).
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from nbgrader.preprocessors import (
    Execute,
)
from traitlets.config import Config

from labkit.grading.preprocessors import SANITIZERS
from labkit.grading.sandbox import KernelPlan, SandboxKernelManager

NOT_RUN = "CelluleNonExecutee"
CAPPED = "[sortie tronquée par le correcteur"
TIMEOUT_ERROR = {
    "ename": "CellTimeoutError",
    "evalue": "",
    "traceback": ["CellTimeoutError: la cellule a dépassé le temps autorisé par le correcteur"],
}


@dataclass(frozen=True)
class Job:
    """One submission to execute."""

    lab_id: str
    student: str
    notebook: str  # path of the submitted notebook
    notebook_id: str  # its name in the gradebook (file stem)
    db_url: str  # a snapshot of the gradebook, read only
    lab_files: str  # source/<lab id>/: data files copied into the work folder
    workdir: str  # the kernel's cwd, holding only the lab's files
    result: str  # where the executed notebook is written
    plan: KernelPlan


@dataclass
class RunResult:
    student: str
    ok: bool = True
    reason: str = ""  # why the run failed (kernel died, hung, wall limit...)
    notes: list[str] = field(default_factory=list)  # flags: cell timeouts, capped output
    seconds: float = 0.0
    executed: bool = False  # the result notebook was written


def cell_label(nb: NotebookNode, index: int) -> str:
    grade_id = nb.cells[index].metadata.get("nbgrader", {}).get("grade_id")
    return grade_id or f"cell {index + 1}"


def sanitize(nb: NotebookNode, job: Job) -> NotebookNode:
    """nbgrader's sanitizing steps of ``autograde``, against the gradebook snapshot."""
    cfg = Config()
    cfg.OverwriteCells.add_missing_cells = True
    resources: dict[str, Any] = {
        "nbgrader": {
            "db_url": job.db_url,
            "assignment": job.lab_id,
            "notebook": job.notebook_id,
            "student": job.student,
        }
    }
    for step in SANITIZERS:
        nb, resources = step(config=cfg).preprocess(nb, resources)
    return nb


class GradingClient(NotebookClient):
    """nbclient with a sandbox kernel; remembers executed and timed-out cells."""

    def __init__(self, nb: NotebookNode, plan: KernelPlan, plan_file: Path, **kwargs: Any) -> None:
        super().__init__(nb, **kwargs)
        self.plan, self.plan_file = plan, str(plan_file)
        self.executed: set[int] = set()
        self.timed_out: list[NotebookNode] = []

    def create_kernel_manager(self) -> SandboxKernelManager:
        km = super().create_kernel_manager()
        km.plan_file, km.plan = self.plan_file, self.plan
        return km

    def on_cell_executed(self, **kwargs: Any) -> None:  # type: ignore[override]
        self.executed.add(kwargs["cell_index"])
        Execute.on_cell_executed(self, **kwargs)  # the timeout error output, as nbgrader does

    async def _async_handle_timeout(self, timeout: int, cell: NotebookNode | None = None):
        if cell is not None:
            self.timed_out.append(cell)
        return await super()._async_handle_timeout(timeout, cell)


def make_client(nb: NotebookNode, job: Job, plan_file: Path) -> GradingClient:
    limits = job.plan.limits
    return GradingClient(
        nb,
        job.plan,
        plan_file,
        kernel_manager_class=SandboxKernelManager,
        timeout=limits.cell_timeout,
        interrupt_on_timeout=True,
        error_on_timeout=TIMEOUT_ERROR,
        iopub_timeout=limits.interrupt_grace,
        raise_on_iopub_timeout=True,
        allow_errors=True,
        record_timing=False,
        shutdown_kernel="immediate",
        startup_timeout=60,
        extra_arguments=["--HistoryManager.hist_file=:memory:"],
        resources={"metadata": {"path": job.workdir}},
    )


async def _start(client: GradingClient, cwd: str) -> None:
    """Start the kernel; on failure, retry once with a fresh kernel manager."""
    for attempt in (1, 2):
        try:
            client.km = client.create_kernel_manager()
            await client.async_start_new_kernel(cwd=cwd)
            await client.async_start_new_kernel_client()
            return
        except Exception as exc:  # noqa: BLE001 (any start failure gets one retry)
            await _kill(client)
            if attempt == 2:
                raise RuntimeError(f"the kernel failed to start twice: {exc}") from exc


async def _kill(client: GradingClient) -> None:
    km, client.km, client.kc = client.km, None, None
    if km is not None and km.has_kernel:
        with contextlib.suppress(Exception):  # already gone
            await km.shutdown_kernel(now=True)


def _where(client: GradingClient, nb: NotebookNode) -> str:
    pending = [
        i for i, c in enumerate(nb.cells) if c.cell_type == "code" and i not in client.executed
    ]
    return cell_label(nb, pending[0]) if pending else "the end of the notebook"


async def _execute(client: GradingClient, nb: NotebookNode, job: Job) -> str:
    """Run every cell; return why the run stopped early ('' when it did not)."""
    wall = job.plan.limits.notebook_timeout
    await _start(client, job.workdir)
    try:
        await asyncio.wait_for(client.async_execute(), wall)
    except CellTimeoutError:  # before TimeoutError, its base class
        return f"the kernel ignored the interrupt in {_where(client, nb)} and was killed"
    except TimeoutError:
        return f"notebook wall limit ({wall} s) exceeded in {_where(client, nb)}"
    except DeadKernelError:
        return f"the kernel died in {_where(client, nb)} (crash, os._exit or memory)"
    finally:
        await _kill(client)
    return ""


def capped_cells(nb: NotebookNode) -> list[str]:
    """Cells whose output the sandbox kernel cut (see sandbox_kernel.OutputCap)."""
    return [
        f"{cell_label(nb, i)}: output capped by the grader"
        for i, cell in enumerate(nb.cells)
        if any(CAPPED in o.get("text", "") for o in cell.get("outputs", []))
    ]


def memory_errors(nb: NotebookNode) -> list[str]:
    """Cells that hit the kernel's memory cap (a MemoryError, graded like any error)."""
    return [
        f"{cell_label(nb, i)}: memory cap reached (MemoryError)"
        for i, cell in enumerate(nb.cells)
        if any(o.get("ename") == "MemoryError" for o in cell.get("outputs", []))
    ]


def mark_not_run(nb: NotebookNode, executed: set[int], reason: str) -> None:
    """Cells the kernel never finished get an error, so their tests score 0 (never full marks)."""
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and index not in executed:
            cell.outputs.append(
                nbformat.v4.new_output(
                    "error",
                    ename=NOT_RUN,
                    evalue=reason,
                    traceback=[f"{NOT_RUN}: cellule non exécutée ({reason})"],
                )
            )


def _prepare_workdir(job: Job) -> Path:
    workdir = Path(job.workdir)
    if workdir.exists():
        shutil.rmtree(workdir)
    shutil.copytree(job.lab_files, workdir, ignore=shutil.ignore_patterns("*.ipynb", "*.py", ".*"))
    return workdir


def run_job(job: Job) -> RunResult:
    """Sanitize and execute one submission; never raises (a failure is a result)."""
    start = time.perf_counter()
    result = RunResult(job.student)
    try:
        nb = sanitize(nbformat.read(job.notebook, as_version=4), job)
        workdir = _prepare_workdir(job)
        plan_file = job.plan.write(workdir.parent / f"{workdir.name}.plan.json")
        client = make_client(nb, job, plan_file)
        reason = asyncio.run(_execute(client, nb, job))
        result.notes += [
            f"{cell_label(nb, nb.cells.index(c))}: timed out after {job.plan.limits.cell_timeout} s"
            for c in client.timed_out
        ]
        result.notes += capped_cells(nb) + memory_errors(nb)
        if reason:
            result.ok, result.reason = False, reason
            mark_not_run(nb, client.executed, reason)
        nbformat.write(nb, job.result)
        result.executed = True
    except Exception as exc:  # noqa: BLE001 (the batch goes on)
        result.ok, result.reason = False, f"grader error: {type(exc).__name__}: {exc}"
    result.seconds = time.perf_counter() - start
    return result
