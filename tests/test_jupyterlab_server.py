"""`labkit lab` really serves JupyterLab with the workspace, and stops cleanly."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import requests

from labkit.labs import discover

pytestmark = pytest.mark.slow
LAB = discover()[0]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, headers: dict, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"labkit lab exited early:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(url, headers=headers, timeout=2).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.5)
    pytest.fail(f"JupyterLab did not answer in 120 s:\n{log.read_text()[-3000:]}")


@pytest.fixture
def server(tmp_path: Path):
    port, token = free_port(), secrets.token_hex(16)
    env = dict(
        os.environ,
        LABKIT_WORKSPACE=str(tmp_path / "workspace"),
        LABKIT_BUILD=str(tmp_path / "build"),
        JUPYTER_TOKEN=token,
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
    )
    log = tmp_path / "server.log"
    labkit = Path(sys.executable).with_name("labkit")
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(labkit), "lab", "--port", str(port), "--no-browser"],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    base, headers = f"http://127.0.0.1:{port}", {"Authorization": f"token {token}"}
    try:
        wait_until_up(f"{base}/api/status", headers, proc, log)
        yield base, headers, proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=60)


def test_lab_serves_the_workspace_and_validates(server) -> None:
    base, headers, proc = server
    page = requests.get(f"{base}/lab", headers=headers, timeout=30)
    assert page.status_code == 200 and "JupyterLab" in page.text

    path = f"{LAB.relative_dir.as_posix()}/{LAB.notebook_name}"
    model = requests.get(f"{base}/api/contents/{path}", headers=headers, timeout=30).json()
    assert model["type"] == "notebook"
    sources = "\n".join(cell["source"] for cell in model["content"]["cells"])
    assert "VOTRE RÉPONSE ICI" in sources and "BEGIN SOLUTION" not in sources

    # nbgrader's Validate button: the blank student copy must not validate.
    reply = requests.post(
        f"{base}/assignments/validate", headers=headers, data={"path": path}, timeout=300
    ).json()
    assert reply["success"], reply
    assert reply["value"].get("failed"), reply["value"]

    # A running kernel must be stopped with the server.
    kernel = requests.post(f"{base}/api/kernels", headers=headers, json={}, timeout=60)
    assert kernel.status_code == 201
    family = [proc.pid] + [p.pid for p in psutil.Process(proc.pid).children(recursive=True)]
    assert len(family) >= 2

    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) is not None
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(psutil.pid_exists(p) for p in family):
        time.sleep(0.2)
    left = [p for p in family if psutil.pid_exists(p) and psutil.Process(p).status() != "zombie"]
    assert left == [], f"processes left behind: {left}"
