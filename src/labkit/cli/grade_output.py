"""``labkit grade feedback | export | report``: what trainers hand to learners and the jury."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from labkit import config
from labkit.cli.grade import grade


def _default_course() -> Path:
    return config.build_dir() / "course"


def course_option(command: Callable) -> Callable:
    return click.option(
        "--course", "course_dir", type=click.Path(path_type=Path, file_okay=False),
        default=_default_course, show_default="build/course",
        help="The nbgrader course tree (holds gradebook.db).",
    )(command)


def _open(course_dir: Path):
    from labkit.grading.course import Course

    if not (course_dir / "gradebook.db").is_file():
        raise click.ClickException(f"Pas de carnet de notes (gradebook.db) dans {course_dir}.")
    return Course(course_dir)


def _lab_id(course, name: str) -> str:
    from labkit.labs import LabError, find

    if (course.root / "source" / name).is_dir():
        return name
    try:
        return find(name).id
    except LabError as exc:
        raise click.ClickException(str(exc)) from exc


@grade.command()
@click.argument("lab")
@click.option("--student", "students", multiple=True, metavar="ID",
              help="Only this learner (repeatable). Default: every graded submission.")
@course_option
def feedback(lab: str, students: tuple[str, ...], course_dir: Path) -> None:
    """French HTML feedback of LAB per learner, without the hidden tests.

    Written to <course>/feedback/<student>/<lab id>/<notebook>.html.
    """
    from labkit.grading.evidence import lab_info
    from labkit.grading.feedback import submissions, write_one

    course = _open(course_dir)
    lab_id = _lab_id(course, lab)
    todo = submissions(course, lab_id, students)
    if not todo:
        raise click.ClickException(f"Aucune copie notée pour {lab_id}.")
    info = lab_info(course, lab_id)
    written = []
    with click.progressbar(todo, label="Retours", show_pos=True) as bar:
        for evidence, result in bar:
            written += write_one(course, evidence, result, info)
    click.echo(f"{len(written)} retour(s) écrit(s) dans {course.root / 'feedback'}")


@grade.command()
@click.option("--out", type=click.Path(path_type=Path, file_okay=False),
              help="Output folder (default: <course>/export).")
@course_option
def export(out: Path | None, course_dir: Path) -> None:
    """Grades as CSV: per learner × lab, and a file for Moodle's grade import."""
    from labkit.grading.evidence import collect
    from labkit.grading.export import export as write_export

    course = _open(course_dir)
    result = write_export(collect(course), out or course.root / "export")
    click.echo(f"Notes : {result.grades}\nImport Moodle : {result.moodle}")
    if result.skipped:
        click.echo("Sans adresse e-mail, absents du fichier Moodle : "
                   + ", ".join(result.skipped), err=True)


@grade.command()
@click.option("--threshold", type=click.FloatRange(0, 1), default=0.6, show_default=True,
              help="Share of a competence's points needed to validate it.")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False),
              help="Output folder (default: <course>/report).")
@course_option
def report(threshold: float, out: Path | None, course_dir: Path) -> None:
    """Per-competence and per-block report for the jury: CSVs, heatmap, evidence sheets."""
    from labkit.grading.report import cohort_reports, write_report

    course = _open(course_dir)
    target = out or course.root / "report"
    reports = cohort_reports(course, threshold)
    with click.progressbar(reports, label="Fiches de preuves", show_pos=True) as bar:
        files = write_report(course, reports, target, threshold, bar)
    click.echo(f"Synthèse : {', '.join(str(p) for p in files.csvs)}\n"
               f"Carte de chaleur : {files.heatmap}\n"
               f"{len(files.sheets)} fiche(s) de preuves dans {target / 'fiches'}")
