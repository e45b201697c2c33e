"""Spark: a quiet local session (nothing on stderr), Hive tables, partition pruning, Java checks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from svc_helpers import HERE

from labkit import services
from labkit.services import spark_session


@pytest.fixture(scope="module")
def job(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """spark_job.py in a subprocess with its own data dir; its stdout, stderr and data dir."""
    data = tmp_path_factory.mktemp("spark_data")
    env = dict(os.environ, LABKIT_DATA=str(data))
    run = subprocess.run([sys.executable, str(HERE / "spark_job.py"), str(data / "generated")],
                         capture_output=True, text=True, env=env, timeout=240)
    assert run.returncode == 0, run.stderr[-3000:]
    return {"out": json.loads(run.stdout.splitlines()[-1]), "stderr": run.stderr, "data": data}


@pytest.mark.slow
def test_spark_session_writes_nothing_on_stderr(job) -> None:
    assert job["stderr"] == ""  # measured: 0 lines (the JVM's output goes to spark.log)
    assert (job["data"] / "spark" / "spark.log").is_file()


@pytest.mark.slow
def test_hive_metastore_and_warehouse_live_in_the_workspace(job) -> None:
    assert job["out"]["catalog"] == "hive"
    assert job["out"]["tables"] == ["panier_vert.clickstream", "panier_vert.sensors"]
    assert (job["data"] / "spark" / "metastore_db").is_dir()
    assert (job["data"] / "spark" / "warehouse" / "kept").is_dir()
    assert job["out"]["sensors"] == 1


@pytest.mark.slow
def test_a_filter_on_the_day_prunes_partitions(job) -> None:
    assert job["out"]["n"] == 3
    scans = [line for line in job["out"]["plan"].splitlines() if "PartitionFilters" in line]
    assert scans
    for scan in scans:
        assert "= 2024-03-02)" in scan.split("PartitionFilters:")[1].split("]")[0]
        assert "InMemoryFileIndex(1 paths)" in scan  # 1 of the 3 day folders is read


@pytest.mark.slow
def test_tables_are_kept_when_up_to_date_and_refreshed_for_a_new_folder(job) -> None:
    assert job["out"]["again"] == job["out"]["tables"]
    statements = job["out"]["statements_when_up_to_date"]
    assert statements and not {"CREATE TABLE", "DROP TABLE", "MSCK REPAIR"} & set(statements)
    assert job["out"]["days_after_new_folder"] == 4


def run_check_java(env: dict[str, str]) -> subprocess.CompletedProcess:
    code = "from labkit.services.spark_session import check_java; check_java()"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)


def test_missing_java_is_a_french_error_with_the_fix(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "JAVA_HOME"}
    run = run_check_java({**env, "PATH": str(tmp_path)})
    assert run.returncode == 1
    assert "Java est introuvable" in run.stderr
    assert "sudo apt-get install -y openjdk-17-jre-headless" in run.stderr


def test_too_old_java_is_a_french_error(tmp_path: Path) -> None:
    fake = tmp_path / "bin" / "java"
    fake.parent.mkdir()
    fake.write_text('#!/bin/sh\necho \'openjdk version "11.0.22" 2024-01-16\' >&2\n')
    fake.chmod(0o755)
    run = run_check_java({**os.environ, "JAVA_HOME": str(tmp_path)})
    assert "Java 11 trouvé" in run.stderr and "openjdk-17-jre-headless" in run.stderr


def test_a_busy_metastore_is_a_clear_error(tmp_path: Path) -> None:
    with open(tmp_path / "metastore.lock", "w") as held:
        held.write("4242")
        held.flush()
        code = ("import fcntl, sys; f = open(sys.argv[1], 'a'); "
                "fcntl.flock(f, fcntl.LOCK_EX); print('locked', flush=True); sys.stdin.read()")
        holder = subprocess.Popen([sys.executable, "-c", code, held.name],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout.readline().strip() == "locked"
            with pytest.raises(services.ServiceError, match="processus 4242.*Derby"):
                spark_session._lock_metastore(tmp_path)
        finally:
            holder.communicate("")
    assert spark_session._metastore_lock is None
