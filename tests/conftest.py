"""Shared fixtures, and the per-lab contract times printed at the end of the run."""

from __future__ import annotations

from pathlib import Path

import pytest

from labkit.grading.course import Course

_contract_times: list[tuple[str, dict[str, float]]] = []


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
