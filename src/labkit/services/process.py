"""Start a server in its own session with output to a log; stop it with all its processes."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

import psutil

_children: dict[int, subprocess.Popen] = {}  # started here: reaped here (no zombies)


def spawn(command: list[str], log: Path, env: dict[str, str], **popen: object) -> psutil.Process:
    """Run ``command`` detached (new session), stdin closed, stdout+stderr appended to ``log``."""
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
            close_fds=True,
            **popen,
        )
    _children[proc.pid] = proc
    return psutil.Process(proc.pid)


def _reap() -> None:
    for pid, proc in list(_children.items()):
        if proc.poll() is not None:
            del _children[pid]


def alive(pid: int, create_time: float | None = None) -> bool:
    """True if ``pid`` runs (not a zombie) and, when given, was created at ``create_time``."""
    _reap()
    try:
        proc = psutil.Process(pid)
        if proc.status() == psutil.STATUS_ZOMBIE:
            return False
        return create_time is None or abs(proc.create_time() - create_time) < 0.01
    except psutil.Error:
        return False


def members(pid: int) -> list[psutil.Process]:
    """The process group led by ``pid`` and all descendants of ``pid`` (PostgreSQL's backends
    leave the group with setsid, so the group alone is not enough)."""
    found: dict[int, psutil.Process] = {}
    for proc in psutil.process_iter():
        with contextlib.suppress(ProcessLookupError, psutil.Error):
            if os.getpgid(proc.pid) == pid:
                found[proc.pid] = proc
    with contextlib.suppress(psutil.Error):
        leader = psutil.Process(pid)
        found[pid] = leader
        found.update({child.pid: child for child in leader.children(recursive=True)})
    return list(found.values())


def same_network(pid: int) -> bool:
    """True if ``pid`` shares our network namespace (so its 127.0.0.1 is ours)."""
    try:
        return os.stat(f"/proc/{pid}/ns/net").st_ino == os.stat("/proc/self/ns/net").st_ino
    except OSError:
        return True  # no /proc namespaces here (not Linux): one network


def listens(pid: int, port: int) -> bool:
    """True if ``pid`` or one of its family listens on TCP ``port``.

    A health check alone could be answered by another program that took the port
    between our port check and our server's bind.
    """
    for proc in members(pid):
        with contextlib.suppress(psutil.Error):
            for conn in proc.net_connections(kind="tcp"):
                if conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.port == port:
                    return True
    return False


def _still_alive(procs: list[psutil.Process]) -> list[psutil.Process]:
    _reap()
    return [p for p in procs if alive(p.pid, p.create_time())]


def _wait(procs: list[psutil.Process], timeout: float) -> list[psutil.Process]:
    deadline = time.monotonic() + timeout
    while (left := _still_alive(procs)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def _signal(procs: list[psutil.Process], sig: int) -> None:
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            proc.send_signal(sig)


def terminate(pid: int, first_signal: int = signal.SIGTERM, timeout: float = 5.0) -> None:
    """Stop ``pid``, its process group and its descendants: ``first_signal`` to the leader,
    then SIGTERM, then SIGKILL to whatever is left, waiting after each step."""
    procs = members(pid)
    _signal([p for p in procs if p.pid == pid], first_signal)
    left = _wait(procs, timeout)
    for sig, wait in ((signal.SIGTERM, timeout / 2), (signal.SIGKILL, 2.0)):
        if not left:
            return
        _signal(left, sig)
        left = _wait(left, wait)
