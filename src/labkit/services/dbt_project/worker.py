"""One persistent dbt process per kernel: imports dbt once, runs each command with dbtRunner.

Importing dbt costs seconds; a command on a small project well under one. The worker
releases the DuckDB file after each command and exits when the kernel does (its stdin
closes). Nothing it prints reaches the kernel's stderr: the output comes back as text.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select as select_module
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from labkit.services.errors import ServiceError

DBT_ENV = {
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    "DBT_VERSION_CHECK": "false",
    "DBT_USE_COLORS": "false",
    "DBT_PARTIAL_PARSE": "true",
    "NO_COLOR": "1",
}
DEFAULT_TIMEOUT = 300
_WORKER = "from labkit.services.dbt_project.worker import worker_main; worker_main()"


def _release_duckdb() -> None:
    """Close dbt-duckdb's cached DuckDB instance so that other processes may open the file."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:  # pragma: no cover - adapter missing
        return
    env = DuckDBConnectionManager._ENV
    if env is not None:
        with contextlib.suppress(Exception):
            env.close()
    DuckDBConnectionManager._ENV = None


def worker_main() -> None:
    """Serve dbt commands: one JSON request a line on stdin, one JSON answer a line.

    Request ``{"args": [...], "env": {...}}``; answer ``{"returncode": int, "output": str}``
    (0: success, 1: dbt ran but a node failed, 2: dbt could not run). Answers go to a
    duplicate of the original stdout; everything dbt prints is captured in ``output``.
    """
    import io
    from contextlib import redirect_stderr, redirect_stdout

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the kernel's interrupts are not for us
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # stray writes to fd 1 must not corrupt the channel
    from dbt.cli.main import dbtRunner

    channel.write(json.dumps({"ready": True}) + "\n")
    channel.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        saved = {k: os.environ.get(k) for k in request.get("env", {})}
        os.environ.update(request.get("env", {}))
        for name in request.get("unset", []):
            saved.setdefault(name, os.environ.pop(name, None))
        buffer = io.StringIO()
        try:
            with redirect_stdout(buffer), redirect_stderr(buffer):
                outcome = dbtRunner().invoke(request["args"])
            if outcome.success:
                code = 0
            elif outcome.exception is None:
                code = 1
            else:
                code = 2
                if str(outcome.exception) not in buffer.getvalue():
                    buffer.write(f"\nError: {outcome.exception}\n")
        except BaseException as exc:  # noqa: BLE001 - reported to the caller, worker lives on
            code = 2
            buffer.write(f"\nError: {type(exc).__name__}: {exc}\n")
        finally:
            _release_duckdb()
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
        channel.write(json.dumps({"returncode": code, "output": buffer.getvalue()}) + "\n")
        channel.flush()


class _Worker:
    """The kernel side of one persistent dbt worker process."""

    def __init__(self, log: Path) -> None:
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "ab") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", _WORKER],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=err,
                env={**os.environ, **DBT_ENV},
                text=True,
                encoding="utf-8",
                errors="replace",
                close_fds=True,
                start_new_session=True,
            )
        self._buffer = ""
        hello = self._read_line(DEFAULT_TIMEOUT)
        if hello is None or not json.loads(hello).get("ready"):
            self.stop()
            raise ServiceError(
                f"Le processus dbt n'a pas démarré : voyez le journal {log}."
            )

    def alive(self) -> bool:
        return self.proc.poll() is None

    def _read_line(self, timeout: float) -> str | None:
        """One line from the worker, or None on timeout / end of file."""
        assert self.proc.stdout is not None
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while "\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select_module.select([fd], [], [], left)
            if not ready:
                return None
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return None
            self._buffer += chunk.decode("utf-8", "replace")
        line, self._buffer = self._buffer.split("\n", 1)
        return line

    def call(
        self, args: list[str], env: dict[str, str], unset: list[str], timeout: float
    ) -> tuple[int, str]:
        assert self.proc.stdin is not None
        request = {"args": args, "env": env, "unset": unset}
        try:
            self.proc.stdin.write(json.dumps(request) + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            self.stop()
            return 2, "Error: le processus dbt s'est arrêté."
        try:
            line = self._read_line(timeout)
        except BaseException:  # interrupted: the answer would come to the next call
            self.stop(kill=True)
            raise
        if line is None:
            self.stop()
            return -1, f"Error: dbt a dépassé le délai de {timeout:g} s (ou s'est arrêté)."
        answer = json.loads(line)
        return int(answer["returncode"]), str(answer["output"])

    def stop(self, kill: bool = False) -> None:
        if kill and self.proc.poll() is None:
            self.proc.kill()
        if self.proc.poll() is None:
            with contextlib.suppress(OSError):
                if self.proc.stdin:
                    self.proc.stdin.close()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        with contextlib.suppress(OSError):
            if self.proc.stdout:
                self.proc.stdout.close()


_worker: _Worker | None = None
worker_lock = threading.Lock()


def shared_worker(log: Path) -> _Worker:
    global _worker
    if _worker is None or not _worker.alive():
        _worker = _Worker(log)
    return _worker


def stop_worker() -> None:
    """Stop this kernel's dbt worker, if any (it also stops by itself with the kernel)."""
    global _worker
    with worker_lock:
        if _worker is not None:
            _worker.stop()
            _worker = None


atexit.register(stop_worker)
