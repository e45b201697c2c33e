"""``labkit grade feedback | export | report``: what trainers hand to learners and the jury."""

from __future__ import annotations

from pathlib import Path

import click

from labkit.cli.grade import course_option, grade, resolve_lab_id


def _open(course_dir: Path | None):
    from labkit import config
    from labkit.grading.course import Course

    root = course_dir or config.build_dir() / "course"
    if not (root / "gradebook.db").is_file():
        raise click.ClickException(f"Pas de carnet de notes (gradebook.db) dans {root}.")
    return Course(root)


@grade.command()
@click.argument("lab")
@click.option("--student", "students", multiple=True, metavar="ID",
              help="Only this learner (repeatable). Default: every graded submission.")
@course_option
def feedback(lab: str, students: tuple[str, ...], course_dir: Path | None) -> None:
    """French HTML feedback of LAB per learner, without the hidden tests.

    Written to <course>/feedback/<student>/<lab id>/<notebook>.html.
    """
    from labkit.grading.evidence import lab_info
    from labkit.grading.feedback import submissions, write_one

    course = _open(course_dir)
    lab_id = resolve_lab_id(course, lab, None)
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
def export(out: Path | None, course_dir: Path | None) -> None:
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
def report(threshold: float, out: Path | None, course_dir: Path | None) -> None:
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
