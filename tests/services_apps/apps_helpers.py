"""Helpers for the app tests: API credentials, a fake clock, real uvicorn servers."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from servers import free_port, stop_family, wait_until_up

with warnings.catch_warnings():  # starlette's TestClient warns about httpx at import
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

HERE = Path(__file__).parent
API_KEY = {"X-API-Key": "pv-demo-key"}
FORM = {"grant_type": "client_credentials", "client_id": "labkit", "client_secret": "labkit-secret"}


def bearer(client) -> dict[str, str]:
    """An ``Authorization`` header with a fresh token from the demo OAuth2 client."""
    token = client.post("/oauth/token", data=FORM).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def client_for(app) -> TestClient:
    """A TestClient (in-process HTTP) on an ASGI app."""
    return TestClient(app)


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Server:
    base: str
    proc: subprocess.Popen
    log: Path
    started_in: float


@contextmanager
def serve(factory: str, tmp_path: Path, **env: str) -> Iterator[Server]:
    """Run ``uvicorn --factory services_sample:<factory>`` on a free loopback port."""
    port, log = free_port(), tmp_path / f"{factory}.log"
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        f"services_sample:{factory}",
        "--app-dir",
        str(HERE),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    start = time.monotonic()
    with log.open("w") as out:
        proc = subprocess.Popen(
            command,
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/health", proc, log, timeout=30, what="uvicorn")
        yield Server(base, proc, log, time.monotonic() - start)
    finally:
        left = stop_family(proc, group=False, grace=5)
        assert not left, f"processes left behind: {left}"
