"""labkit doctor: parsing and checks that must be able to fail."""

from __future__ import annotations

import socket

import pytest

from labkit import doctor


@pytest.mark.parametrize(
    ("output", "major"),
    [
        ('openjdk version "17.0.15" 2025-04-15', 17),
        ('openjdk version "21" 2023-09-19', 21),
        ('java version "1.8.0_392"', 8),
        ("garbage", None),
    ],
)
def test_java_version(output: str, major: int | None) -> None:
    assert doctor.java_version(output) == major


def test_busy_port_is_reported_with_a_fix() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        check = doctor.check_port(port)
    assert not check.ok and f"--port {port + 1}" in check.fix
    assert doctor.check_port(port).ok


def test_missing_package_is_reported_with_a_fix() -> None:
    (check,) = doctor.check_packages(("surely-not-installed-package",))
    assert not check.ok and "make lab" in check.fix


def test_missing_java_is_reported_with_a_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doctor.shutil, "which", lambda name: None)
    check = doctor.check_java()
    assert not check.ok and "openjdk-17" in check.fix


def test_disk_check_fails_above_free_space() -> None:
    assert not doctor.check_disk(min_free_gb=10**9).ok
    assert doctor.check_disk(min_free_gb=0).ok
