"""``labkit serve ...``: the local lab services (API, website, PostgreSQL, Spark)."""

from __future__ import annotations

import click

from labkit.cli.main import main


def _fail(exc: Exception) -> None:
    raise click.ClickException(str(exc)) from None


@main.command()
@click.argument("names", nargs=-1)
@click.option("--stop", "stop_", is_flag=True, help="Stop these services (default: all).")
@click.option("--status", "status_", is_flag=True, help="List the running services.")
def serve(names: tuple[str, ...], stop_: bool, status_: bool) -> None:
    """Start the lab services on 127.0.0.1 and print their URLs (default: api site postgres).

    Ports: LABKIT_API_PORT (8765), LABKIT_SITE_PORT (8766), LABKIT_POSTGRES_PORT (55432).
    """
    from labkit import services
    from labkit.services.registry import DEFAULT_SERVICES

    try:
        if status_:
            running = services.status()
            for ep in running:
                click.echo(f"{ep.name:<9} {ep.url}  (pid {ep.pid})")
            if not running:
                click.echo("Aucun service en cours.")
        elif stop_:
            stopped = [n for n in names if services.stop(n)] if names else services.stop_all()
            click.echo(f"Arrêtés : {', '.join(stopped)}" if stopped else "Rien à arrêter.")
        else:
            for name in names or DEFAULT_SERVICES:
                ep = services.ensure(name)
                state = "démarré" if ep.started else "déjà en cours"
                click.echo(f"{ep.name:<9} {ep.url}  ({state})")
    except services.ServiceError as exc:
        _fail(exc)
