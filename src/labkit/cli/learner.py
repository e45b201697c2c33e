"""Learner and author commands: doctor, workspace, lab, competences, contract."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import click

from labkit import config
from labkit.cli.main import main


def _find_labs(names: tuple[str, ...]) -> list:
    from labkit.labs import LabError, find

    try:
        return [find(name) for name in names]
    except LabError as exc:
        raise click.ClickException(str(exc)) from None


@main.command()
def doctor() -> None:
    """Check Python, Java, ports, disk and key packages; print the fix for each problem."""
    from labkit.doctor import run_all

    checks = run_all()
    for check in checks:
        mark = click.style("ok ", fg="green") if check.ok else click.style("KO ", fg="red")
        click.echo(f"{mark} {check.name:<12} {check.detail}")
        if check.fix:
            click.echo(f"     fix: {check.fix}")
    if not all(c.ok for c in checks):
        sys.exit(1)


@main.command()
@click.option("--lab", "lab_names", multiple=True, help="Only this lab (id or folder); repeatable.")
def workspace(lab_names: tuple[str, ...]) -> None:
    """Generate the student copies of the labs into workspace/ (never overwrites your work)."""
    _build_workspace(lab_names)


def _build_workspace(lab_names: tuple[str, ...] = ()) -> None:
    from labkit import workspace as ws

    labs = _find_labs(lab_names) or None
    deliveries = ws.build(labs)
    for delivery in deliveries:
        if delivery.action != "unchanged" or delivery.path.suffix == ".ipynb":
            click.echo(delivery.message())
    click.echo(f"Espace de travail : {config.workspace_dir()}")


@main.command()
@click.option("--port", default=8888, show_default=True, help="Port on 127.0.0.1.")
@click.option("--no-browser", is_flag=True, help="Do not open a browser.")
def lab(port: int, no_browser: bool) -> None:
    """Build the workspace, then start JupyterLab on 127.0.0.1 (Validate button enabled)."""
    from labkit.doctor import port_is_free

    _build_workspace()
    if not port_is_free(port):
        raise click.ClickException(f"Port {port} is in use: try `labkit lab --port {port + 1}`.")
    args = [
        sys.executable, "-m", "jupyterlab",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0", f"--ServerApp.root_dir={config.workspace_dir()}",
    ]
    if no_browser:
        args.append("--no-browser")
    if os.geteuid() == 0:  # containers and CI run as root; the server listens on loopback only
        args.append("--allow-root")
    learner_config = str(config.autograder_dir() / "learner")
    os.environ["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
        p for p in (learner_config, os.environ.get("JUPYTER_CONFIG_PATH")) if p
    )
    token = os.environ.setdefault("JUPYTER_TOKEN", secrets.token_hex(24))
    click.echo(f"JupyterLab : http://127.0.0.1:{port}/lab?token={token}  (Ctrl+C pour arrêter)")
    os.chdir(config.workspace_dir())
    sys.stdout.flush()  # execv drops unflushed output
    os.execv(sys.executable, args)


@main.command()
@click.option("--markdown", is_flag=True, help="Print the Markdown table used in the README.")
@click.option("--write-readme", is_flag=True, help="Rewrite the table inside README.md.")
def competences(markdown: bool, write_readme: bool) -> None:
    """Coverage C1–C21: labs, graded cells and points, read from the notebooks' metadata."""
    from labkit import competences as comp
    from labkit import readme

    rows = comp.coverage()
    if write_readme:
        readme.write_table(comp.markdown_table(rows))
        click.echo("README.md updated.")
    elif markdown:
        click.echo(comp.markdown_table(rows))
    else:
        for row in rows:
            c = row.competence
            labs = ", ".join(row.labs) or "-"
            click.echo(f"{c.id:<4} {c.block}  {row.graded_cells:>3} cells {row.points:>5g} pts  "
                       f"{labs}  ({c.title})")
        covered = sum(1 for r in rows if r.labs)
        click.echo(f"{covered}/{len(rows)} competences covered")


@main.command()
@click.argument("names", nargs=-1)
@click.option("--keep", type=click.Path(path_type=Path), help="Keep the course tree here.")
def contract(names: tuple[str, ...], keep: Path | None) -> None:
    """Prove the lab contract for some labs (default: all), as CI does."""
    import tempfile

    from labkit.grading.contract import check_lab
    from labkit.grading.course import Course
    from labkit.labs import discover

    labs = _find_labs(names) or discover()
    root = keep or Path(tempfile.mkdtemp(prefix="labkit-contract-"))
    course = Course(root)
    failed = 0
    for lab_ in labs:
        click.echo(f"{lab_.id} ...", nl=False)
        report = check_lab(course, lab_)
        click.echo(f" {'ok' if report.ok else 'FAILED'} ({sum(report.seconds.values()):.1f}s)")
        if not report.ok:
            failed += 1
            click.echo(report.summary())
    if failed:
        sys.exit(1)
