"""Parallel, sandboxed autograding of one lab's submissions.

Design: N long-lived worker processes (a ``ProcessPoolExecutor`` forked from
this process, or from a forkserver preloaded with the grading modules, so no
worker pays the imports per submission) only *execute*: each sanitizes a submission against a
read-only snapshot of the gradebook and runs it in a sandbox kernel
(``labkit.grading.runner``). The parent alone writes the gradebook, through
nbgrader's own autograde pass replaying the executed outputs
(``labkit.grading.record``), as results arrive. A crashed worker is replaced
and its submission retried once; a kernel that dies or hangs costs only its
submission, recorded as failed with the reason.
"""

from __future__ import annotations

import multiprocessing
import shutil
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import replace
from pathlib import Path

import nbformat

import labkit
from labkit import config
from labkit.grading import precheck, record, status
from labkit.grading.course import Course, GradingError
from labkit.grading.runner import Job, RunResult, run_job
from labkit.grading.sandbox import KernelPlan, Limits, lab_limits, namespaces_available
from labkit.grading.status import SubmissionStatus

Progress = Callable[[SubmissionStatus], None]


def submissions(course: Course, lab_id: str, students: list[str] | None = None) -> list[str]:
    """Students with a submission folder for the lab (all, or those asked for)."""
    found = sorted(
        p.parent.name for p in (course.root / "submitted").glob(f"*/{lab_id}") if p.is_dir()
    )
    if students:
        missing = sorted(set(students) - set(found))
        if missing:
            raise GradingError(f"no submission of {lab_id} for: {', '.join(missing)}")
        return [s for s in found if s in students]
    return found


def source_notebook(course: Course, lab_id: str) -> Path:
    notebooks = sorted((course.root / "source" / lab_id).glob("*.ipynb"))
    if not notebooks:
        raise GradingError(
            f"{lab_id} is not in the course: run `labkit grade release {lab_id}` first"
        )
    return notebooks[0]


def _released(course: Course, lab_id: str, name: str) -> nbformat.NotebookNode | None:
    path = course.root / "release" / lab_id / name
    return nbformat.read(path, as_version=4) if path.is_file() else None


def _hidden_folders(course: Course, scratch: Path) -> tuple[list[str], list[str]]:
    """What a grading kernel must not see, and what it needs inside those folders."""
    exchange = course.config.Exchange.get("root", "")
    hide = [
        course.root,
        config.home(),
        config.build_dir(),
        config.labs_dir(),
        config.autograder_dir(),
        config.workspace_dir(),
        scratch,
    ]
    keep = [Path(labkit.__file__).resolve().parent, Path(sys.prefix).resolve(), config.data_dir()]
    return [str(p) for p in [*hide, *([Path(exchange)] if exchange else [])]], [
        str(p) for p in keep
    ]


def _plan(course: Course, scratch: Path, limits: Limits) -> KernelPlan:
    hide, keep = _hidden_folders(course, scratch)
    return KernelPlan(limits, workdir="", hide=hide, keep=keep, isolate=namespaces_available())


def _job(
    course: Course, lab_id: str, student: str, notebook: Path, scratch: Path, plan: KernelPlan
) -> Job:
    workdir = scratch / "run" / student
    result = scratch / "results" / student / notebook.name
    result.parent.mkdir(parents=True, exist_ok=True)
    return Job(
        lab_id=lab_id,
        student=student,
        notebook=str(notebook),
        notebook_id=notebook.stem,
        db_url=f"sqlite:///{scratch / 'gradebook.db'}",
        lab_files=str(course.root / "source" / lab_id),
        workdir=str(workdir),
        result=str(result),
        plan=replace(plan, workdir=str(workdir), keep=[*plan.keep, str(workdir)]),
    )


def _pool(workers: int) -> ProcessPoolExecutor:
    """Workers forked from this process (imports done) when safe, else from a forkserver."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        context = multiprocessing.get_context("fork")
    elif "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["labkit.grading.runner"])
    else:
        context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def execute_all(jobs: list[Job], workers: int) -> Iterator[tuple[Job, RunResult]]:
    """Run jobs on worker processes as they complete; a job whose worker crashed is retried once."""
    attempts: Counter[str] = Counter()
    pending = list(jobs)
    while pending:
        with _pool(workers) as pool:
            futures = {pool.submit(run_job, job): job for job in pending}
            pending = []
            for future in as_completed(futures):
                job = futures[future]
                try:
                    yield job, future.result()
                except Exception as exc:  # noqa: BLE001 (BrokenProcessPool and the like)
                    attempts[job.student] += 1
                    if attempts[job.student] < 2:
                        pending.append(job)
                    else:
                        yield (
                            job,
                            RunResult(
                                job.student,
                                ok=False,
                                reason=f"grading worker crashed twice: {exc!r}",
                            ),
                        )


def _finish(course: Course, lab_id: str, state: SubmissionStatus, api, result: RunResult) -> None:
    state.seconds = round(result.seconds, 2)
    if not result.executed:
        record.record_zero(course, lab_id, state.student)
        state.fail(result.reason)
        return
    ok, flags, log = record.record(api, lab_id, state.student)
    if not ok:
        record.record_zero(course, lab_id, state.student)
        state.fail("nbgrader could not record the grades: " + log.strip().splitlines()[-1][:300])
    if not result.ok:
        state.fail(result.reason)
    for flag in [*result.notes, *flags]:
        state.flag(flag)


def autograde(
    course: Course,
    lab_id: str,
    students: list[str] | None = None,
    workers: int = 2,
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> list[SubmissionStatus]:
    """Autograde a lab's submissions in parallel; every submission gets a status record."""
    source = source_notebook(course, lab_id)
    limits = limits or lab_limits(nbformat.read(source, as_version=4))
    names = submissions(course, lab_id, students)
    done: list[SubmissionStatus] = []
    scratch = Path(tempfile.mkdtemp(prefix="labkit-grade-"))
    try:
        shutil.copy2(course.root / "gradebook.db", scratch / "gradebook.db")
        plan = _plan(course, scratch, limits)
        released = _released(course, lab_id, source.name)
        jobs, states = [], {}
        for student in names:
            state = states[student] = SubmissionStatus(lab_id, student)
            check = precheck.check(
                course.root / "submitted" / student / lab_id, source.name, released
            )
            for flag in check.flags:
                state.flag(flag)
            if check.error:
                _close(
                    course,
                    state,
                    RunResult(student, ok=False, reason=check.error),
                    None,
                    done,
                    progress,
                )
            else:
                jobs.append(_job(course, lab_id, student, check.notebook, scratch, plan))
        api = record.recorder_api(course, scratch / "results")
        for job, result in execute_all(jobs, workers):
            _close(course, states[job.student], result, api, done, progress)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return sorted(done, key=lambda s: s.student)


def _close(
    course: Course,
    state: SubmissionStatus,
    result: RunResult,
    api,
    done: list[SubmissionStatus],
    progress: Progress | None,
) -> None:
    _finish(course, state.lab, state, api, result)
    state.score, state.max_score = record.total(course, state.lab, state.student)
    status.write(course.root, state)
    done.append(state)
    if progress:
        progress(state)
