"""labkit.services.dbt_project: real dbt runs (dbt-core 1.11 + dbt-duckdb) in tmp dirs.

dbt is in the lock: these tests are never skipped (a broken install must fail them)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import psutil
import pytest

from labkit.services import dbt_project
from labkit.services.dbt_project import (
    DbtMissingError,
    DbtProject,
    DbtResult,
    NodeStatus,
    stop_worker,
)

CUSTOMERS = """
select * from (values (1, 'Lyon'), (2, 'Caen'), (3, 'Lyon')) as t(customer_id, city)
"""
PROPERTIES = """
models:
  - name: stg_customers
    description: One row per customer.
    columns:
      - name: customer_id
        description: Key.
        data_tests: [unique, not_null]
      - name: city
        data_tests:
          - accepted_values:
              arguments:
                values: ['Lyon', 'Caen']
"""
SINGULAR = "select * from {{ ref('stg_customers') }} where customer_id < 0"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[DbtProject, DbtResult]:
    """A project with one model, its tests and a singular test, built once."""
    project = DbtProject.create(tmp_path_factory.mktemp("dbt") / "proj")
    project.model("stg_customers", CUSTOMERS)
    project.write("models/staging/_props.yml", PROPERTIES)
    project.write("tests/assert_positive_ids.sql", SINGULAR)
    result = project.build()
    yield project, result
    stop_worker()


def test_create_scaffolds_a_project(tmp_path: Path) -> None:
    project = DbtProject.create(tmp_path / "p", name="shop")
    for folder in ("models/staging", "models/marts", "tests", "snapshots"):
        assert (project.root / folder).is_dir()
    assert "profile: shop" in (project.root / "dbt_project.yml").read_text()
    profiles = (project.root / "profiles.yml").read_text()
    assert project.database.as_posix() in profiles and "type: duckdb" in profiles
    assert project.database.name == "shop.duckdb"
    (project.root / "models/staging/old.sql").write_text("select 1")
    DbtProject.create(tmp_path / "p", name="shop", fresh=True)
    assert not (project.root / "models/staging/old.sql").exists()


def test_write_dedents_and_stays_inside(tmp_path: Path) -> None:
    project = DbtProject.create(tmp_path / "p")
    path = project.model("m", "\n    select 1 as x\n    ")
    assert path == project.root / "models/staging/m.sql"
    assert path.read_text() == "select 1 as x\n"
    with pytest.raises(ValueError):
        project.write("../outside.sql", "select 1")


def test_build_runs_models_and_tests(built: tuple[DbtProject, DbtResult]) -> None:
    project, result = built
    assert result.success, result.output
    assert result.status("stg_customers") == "success"
    assert result.status("unique_stg_customers_customer_id") == "pass"
    assert result.status("assert_positive_ids") == "pass"
    assert len(result.nodes) == 5 and not result.failed
    assert result.summary().startswith("dbt build : succès en ")
    frame = project.query("select city, count(*) as n from stg_customers group by city order by 1")
    assert frame.to_dict("list") == {"city": ["Caen", "Lyon"], "n": [1, 2]}
    # the worker released the file: another process may open it for writing
    con = duckdb.connect(str(project.database))
    con.close()


def test_declared_tests_read_the_manifest(built: tuple[DbtProject, DbtResult]) -> None:
    project, _ = built
    tests = project.declared_tests("stg_customers")
    kinds = sorted((t["column"] or "", t["test"]) for t in tests)
    assert kinds == [
        ("", "singular"),
        ("city", "accepted_values"),
        ("customer_id", "not_null"),
        ("customer_id", "unique"),
    ]
    accepted = next(t for t in tests if t["test"] == "accepted_values")
    assert accepted["kwargs"]["values"] == ["Lyon", "Caen"]
    assert project.declared_tests("no_such_model") == []
    description = project.manifest()["nodes"]["model.entrepot.stg_customers"]["description"]
    assert description == "One row per customer."


def test_a_failing_test_fails_the_run(built: tuple[DbtProject, DbtResult]) -> None:
    project, _ = built
    broken = project.root / "broken.duckdb"
    shutil.copy(project.database, broken)
    con = duckdb.connect(str(broken))
    # the model is a view over VALUES: replace it by a table with a duplicate and a bad city
    con.execute("DROP VIEW main.stg_customers")
    con.execute(
        "CREATE TABLE main.stg_customers AS SELECT * FROM (VALUES (1, 'Lyon'), (1, 'Paris')) "
        "AS t(customer_id, city)"
    )
    con.close()
    result = project.test(select="stg_customers", database=broken)
    assert not result.success
    assert result.status("unique_stg_customers_customer_id") == "fail"
    assert result.node("unique_stg_customers_customer_id").failures == 1
    assert result.status("not_null_stg_customers_customer_id") == "pass"
    failed = {n.name for n in result.failed}
    assert failed == {
        "unique_stg_customers_customer_id",
        "accepted_values_stg_customers_city__Lyon__Caen",
    }
    summary = result.summary()
    assert "ÉCHEC" in summary and "en échec" in summary and "1 ligne en échec" in summary
    # the project's own database was not touched
    assert len(project.query("select * from stg_customers")) == 3


def test_sql_error_is_reported_in_french(tmp_path: Path) -> None:
    project = DbtProject.create(tmp_path / "p")
    project.model("bad", "select no_such_column from (select 1 as x)")
    result = project.run()
    assert not result.success and result.status("bad") == "error"
    summary = result.summary()
    assert "ÉCHEC" in summary and "no_such_column" in summary
    assert result.failed[0].describe().startswith("modèle bad : en erreur")


def test_parse_error_leaves_no_stale_results(tmp_path: Path) -> None:
    project = DbtProject.create(tmp_path / "p")
    project.model("ok", "select 1 as x")
    assert project.run().success
    project.write("models/staging/_bad.yml", "models:\n  - name: ok\n   columns: [\n")
    result = project.run()
    assert not result.success and result.returncode == 2
    assert result.nodes == []  # run_results.json of the previous run is gone
    assert "Message de dbt" in result.summary()
    assert any("rror" in line for line in result.error_lines())


def test_one_shot_process_gives_the_same_result(tmp_path: Path) -> None:
    project = DbtProject.create(tmp_path / "l'entrepôt")  # a quote in the profile's path
    project.model("ok", "select 1 as x")
    result = project.run(persistent=False)
    assert result.success and result.status("ok") == "success", result.output
    assert "Completed successfully" in result.output
    assert project.query("select x from ok")["x"].tolist() == [1]


def test_nothing_reaches_the_callers_streams(
    built: tuple[DbtProject, DbtResult], capfd: pytest.CaptureFixture[str]
) -> None:
    project, _ = built
    project.test(select="stg_customers")
    project.run(select="no_such_model")
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_missing_dbt_raises_a_french_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dbt_project.project, "dbt_available", lambda: False)
    project = DbtProject.create(tmp_path / "p")
    with pytest.raises(DbtMissingError, match="dbt n'est pas installé"):
        project.build()


def test_node_status_names_and_artifacts(tmp_path: Path) -> None:
    generic = NodeStatus("test.entrepot.unique_dim_x_id.1a2b3c4d5e", "fail", failures=2)
    assert generic.name == "unique_dim_x_id" and generic.resource_type == "test"
    assert "(2 lignes en échec)" in generic.describe()
    assert NodeStatus("test.entrepot.assert_grain", "pass").name == "assert_grain"
    assert NodeStatus("snapshot.entrepot.snap_clients", "success").ok
    project = DbtProject(tmp_path / "nowhere")
    with pytest.raises(FileNotFoundError, match="lancez d'abord"):
        project.catalog()
    with pytest.raises(FileNotFoundError, match="n'existe pas encore"):
        project.query("select 1")
    results = tmp_path / "run_results.json"
    results.write_text(json.dumps({"results": [{"unique_id": "model.p.m", "status": "error"}]}))
    assert [n.status for n in dbt_project.results.read_nodes(results)] == ["error"]


KILLED_KERNEL = """
import os, sys
from labkit.services.dbt_project import DbtProject, worker
project = DbtProject.create(sys.argv[1])
project.model("m", "select 1 as id")
assert project.run().success
print(worker._worker.proc.pid, flush=True)
os._exit(0)  # as a killed kernel: no atexit, no cleanup
"""


def running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_the_worker_ends_when_its_kernel_dies(tmp_path: Path) -> None:
    """A kernel killed by the grader (timeout, memory) must not leave a dbt process behind."""
    run = subprocess.run([sys.executable, "-c", KILLED_KERNEL, str(tmp_path / "p")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    pid = int(run.stdout.split()[-1])
    deadline = time.monotonic() + 20
    while running(pid):
        assert time.monotonic() < deadline, f"dbt worker {pid} still running after its kernel died"
        time.sleep(0.2)
