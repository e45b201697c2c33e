"""``labkit grade ...``: the trainer workflow on top of nbgrader.

Every command works on the trainer's course tree (``build/course``, as
``labkit workspace``) unless ``--course DIR`` says otherwise.
"""

from __future__ import annotations

from pathlib import Path

import click

from labkit.cli.main import main

COURSE_HELP = "nbgrader course tree (default: build/course)."


def _course(path: Path | None):
    from labkit import config
    from labkit.grading.course import Course

    root = path or config.build_dir() / "course"
    root.mkdir(parents=True, exist_ok=True)  # the gradebook is created inside
    return Course(root)


def _lab(name: str, labs: Path | None):
    from labkit.labs import LabError, find

    try:
        return find(name, labs)
    except LabError as exc:
        raise click.ClickException(str(exc)) from None


def resolve_lab_id(course, name: str, labs: Path | None) -> str:
    """A lab id already in the course tree, or a lab found under labs/."""
    if (course.root / "source" / name).is_dir():
        return name
    return _lab(name, labs).id


def _learners(course):
    from labkit.grading.roster import load

    learners = load(course)
    if not learners:
        raise click.ClickException(
            "No learner in the gradebook: run `labkit grade roster import` first."
        )
    return learners


def course_option(f):
    return click.option(
        "--course", "course_dir", type=click.Path(path_type=Path), help=COURSE_HELP
    )(f)


def exchange_option(f):
    return click.option(
        "--exchange",
        type=click.Path(file_okay=False, path_type=Path),
        help="nbgrader exchange folder (default: the course settings').",
    )(f)


def labs_option(f):
    return click.option(
        "--labs",
        "labs_dir",
        type=click.Path(path_type=Path, file_okay=False),
        help="labs/ tree (default: the project's).",
    )(f)


@main.group()
def grade() -> None:
    """Release labs, collect, autograde, give feedback, export and report to the jury."""


@grade.group()
def roster() -> None:
    """The cohort's learners."""


@roster.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@course_option
def roster_import(csv_file: Path, course_dir: Path | None) -> None:
    """Import learners from a CSV file with the header id,name,email."""
    from labkit.grading.roster import RosterError, import_learners, read_csv

    try:
        learners = read_csv(csv_file)
    except RosterError as exc:
        raise click.ClickException(str(exc)) from None
    count = import_learners(_course(course_dir), learners)
    click.echo(f"{count} learner(s) imported.")


@grade.command()
@click.argument("labs", nargs=-1, required=True)
@click.option(
    "--zip",
    "zip_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write <lab id>.zip files here for an LMS instead of the exchange.",
)
@exchange_option
@course_option
@labs_option
def release(
    labs: tuple[str, ...],
    zip_dir: Path | None,
    exchange: Path | None,
    course_dir: Path | None,
    labs_dir: Path | None,
) -> None:
    """Release the student copies of LABS into the exchange, or as zips (--zip DIR)."""
    from labkit.grading import release as rel
    from labkit.grading.course import GradingError

    course = _course(course_dir)
    found = [_lab(name, labs_dir) for name in labs]
    done = []
    with click.progressbar(
        found, label="Releasing", item_show_func=lambda x: x.id if x else ""
    ) as bar:
        for lab in bar:
            try:
                done.append(
                    rel.to_zip(course, lab, zip_dir)
                    if zip_dir
                    else rel.to_exchange(course, lab, exchange)
                )
            except GradingError as exc:
                raise click.ClickException(str(exc)) from None
    for path in done:
        click.echo(f"released: {path}")


@grade.command()
@click.argument("lab")
@click.option("--from-exchange", "source", flag_value="exchange", help="nbgrader's exchange.")
@click.option(
    "--from-folder",
    "folder",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="<DIR>/<learner>/<notebook>.ipynb or <DIR>/<learner>/<lab id>/...",
)
@click.option(
    "--from-zip",
    "zip_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A Moodle assignment download (all submissions).",
)
@exchange_option
@course_option
@labs_option
def collect(
    lab: str,
    source: str | None,
    folder: Path | None,
    zip_file: Path | None,
    exchange: Path | None,
    course_dir: Path | None,
    labs_dir: Path | None,
) -> None:
    """Collect LAB's submissions into the course; learners are matched by id, email or name."""
    from labkit.grading import collect as col
    from labkit.grading.course import GradingError

    if [source, folder, zip_file].count(None) != 2:
        raise click.UsageError("Give exactly one of --from-exchange, --from-folder, --from-zip.")
    course = _course(course_dir)
    lab_id, learners = resolve_lab_id(course, lab, labs_dir), _learners(course)
    try:
        if folder:
            report = col.from_folder(course, lab_id, folder, learners)
        elif zip_file:
            report = col.from_zip(course, lab_id, zip_file, learners)
        else:
            report = col.from_exchange(course, lab_id, learners, exchange)
    except GradingError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{len(report.collected)} submission(s) of {lab_id} collected.")
    if report.unmatched:
        click.echo("Not in the roster (not collected): " + ", ".join(report.unmatched))
    if report.missing:
        click.echo("No submission from: " + ", ".join(report.missing))


@grade.command()
@click.argument("lab_names", metavar="LAB...", nargs=-1, required=True)
@click.option(
    "--workers",
    "-j",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Parallel grading processes (one kernel each).",
)
@click.option("--student", "students", multiple=True, help="Only this learner id; repeatable.")
@click.option("--cell-timeout", type=click.IntRange(1), help="Seconds per cell (default: lab's).")
@click.option("--notebook-timeout", type=click.IntRange(1), help="Wall limit per notebook (s).")
@click.option("--memory-mb", type=click.IntRange(0), help="Memory cap per kernel, 0 for none.")
@course_option
@labs_option
def autograde(
    lab_names: tuple[str, ...],
    workers: int,
    students: tuple[str, ...],
    cell_timeout: int | None,
    notebook_timeout: int | None,
    memory_mb: int | None,
    course_dir: Path | None,
    labs_dir: Path | None,
) -> None:
    """Autograde the submissions of LAB... in parallel sandboxed kernels, into the gradebook.

    Each submission gets a status in <course>/grading_status/<lab>/<learner>.json:
    ok, flagged (graded, look at the reasons) or failed (could not run to the end).
    """
    from labkit.grading.course import GradingError

    course = _course(course_dir)
    overrides = {
        "cell_timeout": cell_timeout,
        "notebook_timeout": notebook_timeout,
        "memory_mb": memory_mb,
    }
    for name in lab_names:
        try:
            lab_id = resolve_lab_id(course, name, labs_dir)
            _autograde_lab(course, lab_id, workers, students, overrides)
        except GradingError as exc:
            raise click.ClickException(str(exc)) from None


def _autograde_lab(
    course, lab_id: str, workers: int, students: tuple[str, ...], overrides: dict
) -> None:
    import nbformat

    from labkit.grading import autograde as ag
    from labkit.grading.sandbox import lab_limits

    names = ag.submissions(course, lab_id, list(students) or None)
    source = nbformat.read(ag.source_notebook(course, lab_id), as_version=4)
    limits = lab_limits(source).with_overrides(**overrides)
    with click.progressbar(length=len(names), label=f"Autograding {lab_id}") as bar:
        statuses = ag.autograde(
            course, lab_id, names, workers, limits, progress=lambda _: bar.update(1)
        )
    for state in statuses:
        click.echo(state.line())
    counts = {s: sum(x.status == s for x in statuses) for s in ("ok", "flagged", "failed")}
    click.echo(f"{lab_id}: " + ", ".join(f"{n} {s}" for s, n in counts.items()))
