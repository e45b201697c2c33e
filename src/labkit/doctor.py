"""``labkit doctor``: is this machine ready for the labs? Every problem comes with its fix."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata

from labkit import config

MIN_PYTHON = (3, 11)
MIN_JAVA = 17
MIN_FREE_GB = 5
LAB_PORT = 8888
KEY_PACKAGES = ("jupyterlab", "nbgrader", "papermill", "jupytext", "duckdb", "pyspark", "pandas",
                "dbt-core", "dbt-duckdb")


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""  # the command (or step) that fixes a problem


def check_python() -> Check:
    version = ".".join(map(str, sys.version_info[:3]))
    ok = sys.version_info[:2] >= MIN_PYTHON
    fix = "" if ok else "install Python 3.11 or newer, then `make lab`"
    return Check("Python", ok, version, fix)


def java_version(output: str) -> int | None:
    """Major version from ``java -version`` output (``"17.0.15"`` -> 17, ``"1.8.0"`` -> 8)."""
    match = re.search(r'version "(\d+)(?:\.(\d+))?', output)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def check_java() -> Check:
    fix = (
        "sudo apt-get install -y openjdk-17-jre-headless"
        "  (or: conda install -c conda-forge openjdk=17)"
    )
    if shutil.which("java") is None:
        return Check("Java", False, "absent (needed by the Spark labs)", fix)
    run = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=30)
    major = java_version(run.stderr + run.stdout)
    if major is None or major < MIN_JAVA:
        return Check("Java", False, f"version {major} found, {MIN_JAVA}+ needed", fix)
    return Check("Java", True, f"version {major}")


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def check_port(port: int = LAB_PORT) -> Check:
    if port_is_free(port):
        return Check(f"Port {port}", True, "free")
    return Check(
        f"Port {port}", False, "in use", f"labkit lab --port {port + 1}  (or stop what uses it)"
    )


def check_disk(min_free_gb: float = MIN_FREE_GB) -> Check:
    folder = config.home()
    free_gb = shutil.disk_usage(folder).free / 1e9
    ok = free_gb >= min_free_gb
    fix = "" if ok else f"free some space on {folder} (labkit needs {min_free_gb} GB for data)"
    return Check("Disk", ok, f"{free_gb:.1f} GB free", fix)


def check_packages(names: tuple[str, ...] = KEY_PACKAGES) -> list[Check]:
    checks = []
    for name in names:
        try:
            checks.append(Check(name, True, metadata.version(name)))
        except metadata.PackageNotFoundError:
            fix = "make lab  (installs requirements.lock)"
            checks.append(Check(name, False, "not installed", fix))
    return checks


def run_all() -> list[Check]:
    return [check_python(), check_java(), check_port(), check_disk(), *check_packages()]
