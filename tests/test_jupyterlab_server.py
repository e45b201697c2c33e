"""`labkit lab` really serves JupyterLab with the workspace, and stops cleanly."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from servers import free_port, process_family, stop_family, wait_until_up

from labkit.labs import discover

pytestmark = pytest.mark.slow
LAB = discover()[0]


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
        wait_until_up(
            f"{base}/api/status", proc, log, timeout=120, headers=headers, what="labkit lab"
        )
        yield base, headers, proc
    finally:
        stop_family(proc, group=False, timeout=60)


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
    assert len(process_family(proc)) >= 2

    # SIGTERM to the server alone: it must end by itself and take the kernel with it.
    left = stop_family(proc, group=False, timeout=60)
    assert proc.returncode is not None and proc.returncode != -signal.SIGKILL
    assert left == [], f"processes left behind: {left}"
