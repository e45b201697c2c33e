"""A dbt project on a DuckDB file, driven from a notebook (see the package docstring)."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from labkit.services.dbt_project.results import DbtResult, read_nodes
from labkit.services.dbt_project.worker import DBT_ENV, DEFAULT_TIMEOUT, shared_worker, worker_lock
from labkit.services.errors import ServiceError

_LAUNCHER = "import sys; from dbt.cli.main import cli; sys.argv[0] = 'dbt'; sys.exit(cli())"


class DbtMissingError(ServiceError):
    """dbt-core or dbt-duckdb is not installed in the kernel's environment."""


def dbt_available() -> bool:
    """True when dbt-core and the DuckDB adapter can be imported by this interpreter."""
    try:
        return all(
            importlib.util.find_spec(name) is not None
            for name in ("dbt.cli.main", "dbt.adapters.duckdb")
        )
    except ModuleNotFoundError:
        return False


def _require_dbt() -> None:
    if not dbt_available():
        raise DbtMissingError(
            "dbt n'est pas installé dans l'environnement de ce noyau : il faut dbt-core 1.11 "
            "et dbt-duckdb 1.11 (ils font partie de l'environnement du cours ; relancez "
            "l'installation de l'environnement, ou demandez à votre formateur ou formatrice)."
        )


PROJECT_YML = """\
name: {name}
version: "1.0.0"
config-version: 2
profile: {name}

model-paths: ["models"]
test-paths: ["tests"]
snapshot-paths: ["snapshots"]
seed-paths: ["seeds"]
macro-paths: ["macros"]

models:
  {name}:
    staging:
      +materialized: view
    marts:
      +materialized: table
"""

PROFILES_YML = """\
{name}:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: '{{{{ env_var("LABKIT_DBT_DATABASE", "{database}") }}}}'
      threads: {threads}
"""


class DbtProject:
    """A dbt project folder whose profile writes to one DuckDB file."""

    def __init__(self, root: str | Path, name: str = "entrepot") -> None:
        self.root = Path(root).resolve()
        self.name = name
        self.database = self.root / f"{name}.duckdb"

    # ------------------------------------------------------------------ scaffold

    @classmethod
    def create(
        cls, root: str | Path, name: str = "entrepot", *, fresh: bool = False, threads: int = 1
    ) -> DbtProject:
        """Write ``dbt_project.yml``, ``profiles.yml`` and the folders; ``fresh`` empties
        ``root`` first (models, tests, database and all)."""
        project = cls(root, name)
        if fresh and project.root.exists():
            shutil.rmtree(project.root)
        for folder in ("models/staging", "models/marts", "tests", "snapshots", "seeds", "macros"):
            (project.root / folder).mkdir(parents=True, exist_ok=True)
        project.write("dbt_project.yml", PROJECT_YML.format(name=name))
        project.write(
            "profiles.yml",
            PROFILES_YML.format(
                name=name,
                database=project.database.as_posix().replace("'", "''"),  # YAML '...' scalar
                threads=threads,
            ),
        )
        return project

    def write(self, path: str | Path, text: str) -> Path:
        """Write ``text`` (dedented, one final newline) to ``path`` inside the project."""
        target = self.root / path
        if self.root not in target.resolve().parents:
            raise ValueError(f"{path} is outside the project {self.root}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).strip() + "\n", encoding="utf-8")
        return target

    def model(self, name: str, sql: str, layer: str = "staging") -> Path:
        """Write the model ``models/<layer>/<name>.sql``."""
        return self.write(Path("models") / layer / f"{name}.sql", sql)

    # ------------------------------------------------------------------ run

    def dbt(
        self,
        *args: str,
        select: str | Sequence[str] | None = None,
        database: str | Path | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        persistent: bool = True,
    ) -> DbtResult:
        """Run ``dbt <args>`` on this project in a subprocess and collect the results.

        ``select`` adds ``--select``; ``database`` points the profile at another DuckDB
        file for this run (e.g. a copy); ``persistent=False`` starts a fresh ``dbt``
        process instead of using the kernel's worker. Never raises on a dbt failure: look
        at ``result.success`` and ``result.summary()``.
        """
        _require_dbt()
        command = list(args)
        if select:
            command += ["--select", *([select] if isinstance(select, str) else list(select))]
        argv = [
            "--no-use-colors", "--log-format", "text", *command,
            "--project-dir", str(self.root), "--profiles-dir", str(self.root),
        ]
        overrides: dict[str, str] = {}
        if database is not None:
            overrides["LABKIT_DBT_DATABASE"] = Path(database).resolve().as_posix()
        unset = [] if database is not None else ["LABKIT_DBT_DATABASE"]
        results_file = self.root / "target" / "run_results.json"
        with contextlib.suppress(FileNotFoundError):
            results_file.unlink()  # a failed parse leaves the previous run's results
        start = time.perf_counter()
        if persistent:
            with worker_lock:
                worker = shared_worker(self.root / "logs" / "worker.log")
                code, output = worker.call(argv, overrides, unset, timeout)
        else:
            code, output = self._one_shot(argv, overrides, unset, timeout)
        seconds = time.perf_counter() - start
        nodes = read_nodes(results_file) if results_file.is_file() else []
        return DbtResult(command, code, output, nodes, seconds)

    def _one_shot(
        self, argv: list[str], overrides: dict[str, str], unset: list[str], timeout: float
    ) -> tuple[int, str]:
        env = {**os.environ, **DBT_ENV, **overrides}
        for name in unset:
            env.pop(name, None)
        try:
            proc = subprocess.run(
                [sys.executable, "-c", _LAUNCHER, *argv],
                cwd=self.root,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                encoding="utf-8",
                errors="replace",
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            captured = exc.stdout or ""
            if isinstance(captured, bytes):
                captured = captured.decode("utf-8", "replace")
            return -1, f"{captured}\nError: dbt a dépassé le délai de {timeout:g} s."
        return proc.returncode, proc.stdout

    def build(self, select: str | Sequence[str] | None = None, **options: Any) -> DbtResult:
        return self.dbt("build", select=select, **options)

    def run(self, select: str | Sequence[str] | None = None, **options: Any) -> DbtResult:
        return self.dbt("run", select=select, **options)

    def test(self, select: str | Sequence[str] | None = None, **options: Any) -> DbtResult:
        return self.dbt("test", select=select, **options)

    def snapshot(self, select: str | Sequence[str] | None = None, **options: Any) -> DbtResult:
        return self.dbt("snapshot", select=select, **options)

    def docs_generate(self, **options: Any) -> DbtResult:
        return self.dbt("docs", "generate", **options)

    # ------------------------------------------------------------------ read back

    def _artifact(self, name: str) -> dict[str, Any]:
        path = self.root / "target" / name
        if not path.is_file():
            raise FileNotFoundError(
                f"{path} n'existe pas encore : lancez d'abord une commande dbt qui le produit."
            )
        return json.loads(path.read_text(encoding="utf-8"))

    def manifest(self) -> dict[str, Any]:
        """``target/manifest.json`` (written by every dbt command that parses the project)."""
        return self._artifact("manifest.json")

    def catalog(self) -> dict[str, Any]:
        """``target/catalog.json`` (written by ``dbt docs generate``)."""
        return self._artifact("catalog.json")

    def declared_tests(self, model: str | None = None) -> list[dict[str, Any]]:
        """Tests of the manifest (optionally those attached to ``model``), one dict each:
        ``name``, ``test`` (generic test name or ``"singular"``), ``model``, ``column``,
        ``kwargs``, ``depends_on`` (unique ids)."""
        found = []
        for uid, node in self.manifest().get("nodes", {}).items():
            if node.get("resource_type") != "test":
                continue
            meta = node.get("test_metadata") or {}
            attached = node.get("attached_node") or ""
            depends = list(node.get("depends_on", {}).get("nodes", []))
            models = [d.split(".")[-1] for d in depends if d.startswith("model.")]
            owner = attached.split(".")[-1] if attached else (models[0] if models else None)
            if model is not None and owner != model and model not in models:
                continue
            found.append(
                {
                    "unique_id": uid,
                    "name": node.get("name"),
                    "test": meta.get("name", "singular"),
                    "model": owner,
                    "column": node.get("column_name"),
                    "kwargs": meta.get("kwargs", {}),
                    "depends_on": depends,
                }
            )
        return sorted(found, key=lambda t: t["unique_id"])

    @contextlib.contextmanager
    def connect(self, read_only: bool = True, database: str | Path | None = None) -> Iterator[Any]:
        """A DuckDB connection to the project's file, closed on exit (dbt needs the lock)."""
        import duckdb

        path = Path(database) if database is not None else self.database
        if read_only and not path.is_file():
            raise FileNotFoundError(
                f"La base {path.name} n'existe pas encore : lancez d'abord dbt (build ou run)."
            )
        con = duckdb.connect(str(path), read_only=read_only)
        try:
            con.execute("SET enable_progress_bar = false")
            yield con
        finally:
            con.close()

    def query(self, sql: str, params: Any = None) -> Any:
        """The result of ``sql`` on the project's DuckDB file, as a pandas DataFrame."""
        with self.connect() as con:
            return con.execute(sql, params).df() if params is not None else con.sql(sql).df()

    def __repr__(self) -> str:
        return f"DbtProject({str(self.root)!r}, database={self.database.name!r})"
