"""Shared fixtures, and the per-lab contract times printed at the end of the run."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import free_port

from labkit.grading.course import Course

# Labs and services under test use small case-study data (learners default to scale 1).
TEST_SCALE = "0.05"

_contract_times: list[tuple[str, dict[str, float]]] = []


@pytest.fixture(scope="session", autouse=True)
def isolated_lab_env() -> Iterator[Path]:
    """Per test process: private data dir, own service ports, small data; services stopped.

    Kernels started by the tests (papermill, nbgrader) inherit this environment. The data
    dir is not under pytest's basetemp: as root, PostgreSQL runs as ``nobody``, who must
    traverse the path, and pytest resets its base temp folder to 0700.
    """
    data = Path(tempfile.mkdtemp(prefix="labkit-tests-"))
    env = {
        "LABKIT_DATA": str(data),
        "LABKIT_SCALE": TEST_SCALE,
        "LABKIT_API_PORT": str(free_port()),
        "LABKIT_SITE_PORT": str(free_port()),
        "LABKIT_POSTGRES_PORT": str(free_port()),
    }
    with pytest.MonkeyPatch.context() as mp:
        for name, value in env.items():
            mp.setenv(name, value)
        for name in ("DATABASE_URL", "SPARK_REMOTE", "SPARK_MASTER"):
            mp.delenv(name, raising=False)
        yield data
        from labkit import services

        services.stop_all()
    shutil.rmtree(data, ignore_errors=True)


@pytest.fixture(scope="session")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    """One nbgrader course tree (and gradebook) per test process: 3x faster than one per lab."""
    return Course(tmp_path_factory.mktemp("course"))


@pytest.fixture
def labs_root(tmp_path: Path) -> Path:
    """An empty ``labs/`` tree for synthetic labs."""
    root = tmp_path / "labs"
    root.mkdir()
    return root


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "call":
        return
    for name, value in report.user_properties:
        if name == "contract_seconds":
            _contract_times.append((report.nodeid, value))


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ARG001
    if not _contract_times:
        return
    terminalreporter.section("lab contract time per lab")
    for nodeid, steps in sorted(_contract_times):
        detail = ", ".join(f"{k} {v:.1f}s" for k, v in steps.items())
        terminalreporter.write_line(f"{sum(steps.values()):6.1f}s  {nodeid}  ({detail})")
