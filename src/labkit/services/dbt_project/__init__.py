"""A dbt project on a DuckDB file, driven from a notebook.

- ``DbtProject.create(root)`` scaffolds ``dbt_project.yml``, ``profiles.yml`` (DuckDB file
  ``<root>/<name>.duckdb``) and the folders ``models/staging``, ``models/marts``,
  ``tests``, ``snapshots``;
- ``write(path, text)`` / ``model(name, sql)`` write the learner's SQL and YAML;
- ``build``, ``run``, ``test``, ``snapshot``, ``docs_generate`` (or ``dbt(*args)``) run dbt
  in a **subprocess** (nothing reaches the kernel's stderr) and return a :class:`DbtResult`
  with the status of every node (``target/run_results.json``) and a French summary.
  By default the subprocess is a persistent worker (one per kernel) that imports dbt once
  and runs each command with ``dbtRunner``: importing dbt costs seconds, a command on a
  small project well under one. The worker releases the DuckDB file after each command
  and exits when the kernel does (its stdin closes); ``persistent=False`` runs one
  ``dbt`` process per command instead;
- ``query(sql)`` reads the DuckDB file (read-only connection, closed at once, so the next
  dbt run can write), ``manifest()``, ``catalog()``, ``declared_tests(model)``.

dbt is run offline: anonymous usage statistics and the version check are turned off.
"""

from labkit.services.dbt_project.project import DbtMissingError, DbtProject, dbt_available
from labkit.services.dbt_project.results import DbtResult, NodeStatus
from labkit.services.dbt_project.worker import stop_worker, worker_main

__all__ = [
    "DbtMissingError",
    "DbtProject",
    "DbtResult",
    "NodeStatus",
    "dbt_available",
    "stop_worker",
    "worker_main",
]
