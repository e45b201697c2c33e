"""Limits and isolation of grading kernels.

Each submission runs in its own kernel, started by
``python -m labkit.grading.sandbox_kernel`` (see that module), which applies
the :class:`Limits` before ipykernel starts: a memory cap (``RLIMIT_AS``), a
file-size cap, an output cap per cell and, when the grader runs as root with
``unshare`` available, a private network namespace (loopback only) and a
mount namespace that hides the course tree, the lab sources and the
exchange. Timeouts are enforced by the executor (``labkit.grading.runner``).
See docs/grading_safety.md for what is and is not protected.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from functools import cache

from nbformat import NotebookNode

from labkit.grading.limits import (
    NETWORKS,
    SPARK_CELL_TIMEOUT,
    SPARK_MEMORY_MB,
    SQL_CELL_TIMEOUT,
    SQL_MEMORY_MB,
    KernelPlan,
    Limits,
)
from labkit.kernels import IPCKernelManager

__all__ = ["KernelPlan", "Limits", "SandboxKernelManager", "lab_limits", "namespaces_available"]


def uses_spark(nb: NotebookNode) -> bool:
    return any(
        "pyspark" in cell.source or "SparkSession" in cell.source
        for cell in nb.cells
        if cell.cell_type == "code"
    )


def uses_services(nb: NotebookNode) -> bool:
    """Labs calling ``labkit.services`` need the host's loopback, where the services listen."""
    return any("services." in cell.source for cell in nb.cells if cell.cell_type == "code")


def lab_limits(nb: NotebookNode) -> Limits:
    """Per-lab defaults: notebook metadata ``labkit`` wins, then ``LABKIT_CELL_TIMEOUT``.

    Metadata keys: ``timeout`` (per cell), ``notebook_timeout``, ``memory_mb``, ``network``
    (default ``loopback``, a private network namespace; ``host`` for labs using services).
    """
    spark = uses_spark(nb)
    settings = nb.metadata.get("labkit", {})
    env_timeout = os.environ.get("LABKIT_CELL_TIMEOUT")
    cell = int(
        settings.get("timeout")
        or env_timeout
        or (SPARK_CELL_TIMEOUT if spark else SQL_CELL_TIMEOUT)
    )
    limits = Limits(
        cell_timeout=cell,
        notebook_timeout=int(settings.get("notebook_timeout") or max(900, 6 * cell)),
        memory_mb=int(settings.get("memory_mb", SPARK_MEMORY_MB if spark else SQL_MEMORY_MB)),
        network=str(settings.get("network", "host" if uses_services(nb) else "loopback")),
    )
    if limits.network not in NETWORKS:
        raise ValueError(f"labkit.network must be one of {NETWORKS}, not {limits.network!r}")
    return limits


@cache
def namespaces_available() -> bool:
    """True when kernels can get private mount and network namespaces (root + unshare)."""
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    probe = subprocess.run(
        ["unshare", "--mount", "--net", "true"], capture_output=True, timeout=10, check=False
    )
    return probe.returncode == 0


class SandboxKernelManager(IPCKernelManager):
    """Starts ``labkit.grading.sandbox_kernel`` with a plan instead of the plain kernelspec."""

    plan_file: str = ""  # set by the runner before the kernel starts
    plan: KernelPlan | None = None

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        command = [
            sys.executable,
            "-m",
            "labkit.grading.sandbox_kernel",
            "--plan",
            self.plan_file,
            "-f",
            self.connection_file,
            *(extra_arguments or []),
        ]
        return unshare_prefix(self.plan) + command


def unshare_prefix(plan: KernelPlan | None) -> list[str]:
    """``unshare`` flags giving the kernel private mounts and, for loopback, a private network."""
    if plan is None or not plan.isolate:
        return []
    return ["unshare", "--mount", *(["--net"] if plan.limits.network == "loopback" else [])]
