"""Real servers in tests: a free loopback port, waiting until one answers, stopping its family."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import socket
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path

import psutil
import pytest
import requests

# Below the kernel's ephemeral range (32768+), one disjoint slice per xdist worker: two
# test processes never pick the same port between choosing it and binding it.
_PORTS_PER_WORKER = 2000
_FIRST_PORT = 20000


def _worker_ports() -> range:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    start = _FIRST_PORT + _PORTS_PER_WORKER * (int(worker) if worker.isdigit() else 0)
    return range(start, start + _PORTS_PER_WORKER)


def free_port() -> int:
    """A TCP port on 127.0.0.1, in this test process's own slice, that is free right now."""
    ports = list(_worker_ports())
    random.shuffle(ports)
    for port in ports:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports[0]}..{ports[-1]}")


def log_tail(log: Path, chars: int = 3000) -> str:
    return log.read_text()[-chars:]


def wait_until_up(
    url: str,
    proc: subprocess.Popen,
    log: Path,
    *,
    timeout: float = 30,
    headers: Mapping[str, str] | None = None,
    what: str = "server",
) -> None:
    """Return once ``url`` answers 2xx; fail with the log tail if ``proc`` ends or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"{what} exited early:\n{log_tail(log)}")
        try:
            if requests.get(url, headers=headers, timeout=2).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    pytest.fail(f"{what} did not answer on {url} in {timeout:.0f} s:\n{log_tail(log)}")


def process_family(proc: subprocess.Popen) -> list[psutil.Process]:
    """The process and all its descendants; empty once it has ended."""
    if proc.poll() is not None:
        return []
    try:
        parent = psutil.Process(proc.pid)
        return [parent, *parent.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _signal(proc: subprocess.Popen, sig: signal.Signals, *, group: bool) -> None:
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        if group:
            os.killpg(proc.pid, sig)
        else:
            proc.send_signal(sig)


def stop_family(
    proc: subprocess.Popen, *, group: bool, timeout: float = 15, grace: float = 15
) -> list[psutil.Process]:
    """Stop ``proc`` and return the processes of its family still running (zombies aside).

    SIGTERM goes to ``proc`` (to its whole process group if ``group``); if ``proc`` has not
    ended after ``timeout`` s it gets SIGKILL the same way. Its descendants then have
    ``grace`` s to end.
    """
    members = process_family(proc)
    _signal(proc, signal.SIGTERM, group=group)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _signal(proc, signal.SIGKILL, group=group)
        proc.wait(timeout=5)
    _, alive = psutil.wait_procs(members, timeout=grace)
    survivors = []
    for member in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            if member.is_running() and member.status() != psutil.STATUS_ZOMBIE:
                survivors.append(member)
    return survivors
