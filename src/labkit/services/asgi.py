"""Driver for ASGI services (partner API, website): uvicorn in a subprocess."""

from __future__ import annotations

import os
import signal
import sys
import urllib.error
import urllib.request

import psutil

from labkit import config
from labkit.services import process
from labkit.services.registry import ServiceSpec
from labkit.services.state import log_path

HOST = "127.0.0.1"
FIRST_SIGNAL = signal.SIGTERM
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def url(spec: ServiceSpec, port: int) -> str:  # noqa: ARG001
    return f"http://{HOST}:{port}"


def external(spec: ServiceSpec) -> None:  # noqa: ARG001
    """ASGI services always run locally."""
    return None


def command(spec: ServiceSpec, port: int) -> list[str]:
    """``python -m uvicorn --factory module:create_app`` on 127.0.0.1."""
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        spec.app,
        "--host",
        HOST,
        "--port",
        str(port),
    ]
    return [*cmd, "--app-dir", str(spec.app_dir)] if spec.app_dir else cmd


def environment(options: dict[str, object]) -> dict[str, str]:
    """The parent's env plus the app's options as ``LABKIT_SCALE/SEED/FAULTS``."""
    env = dict(os.environ, LABKIT_DATA=str(config.data_dir()), PYTHONUNBUFFERED="1")
    for key in ("scale", "seed", "faults"):
        env[f"LABKIT_{key.upper()}"] = str(options.get(key, ""))
    return env


def launch(spec: ServiceSpec, port: int, options: dict[str, object]) -> psutil.Process:
    return process.spawn(command(spec, port), log_path(spec.name), environment(options))


def healthy(spec: ServiceSpec, port: int) -> bool:
    """GET ``health_path`` answers 200."""
    try:
        with _NO_PROXY.open(url(spec, port) + spec.health_path, timeout=2) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def after_start(spec: ServiceSpec, port: int, options: dict[str, object]) -> None:
    """Nothing to do once an ASGI app answers."""


def server_options(options: dict[str, object]) -> dict[str, object]:
    """Every option changes the app: a different one means a restart."""
    return dict(options)
