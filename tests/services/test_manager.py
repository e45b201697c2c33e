"""Service manager on a dummy ASGI app: real uvicorn processes, real HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner
from svc_helpers import HERE, dummy_spec, group_alive

from labkit import services
from labkit.cli import main
from labkit.services import process, registry, state


def get_json(url: str) -> dict:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=5) as response:
        assert response.status == 200
        return json.loads(response.read())


def test_ensure_is_idempotent_and_health_checked(dummy) -> None:
    first = services.ensure("dummy")
    assert first.started and first.url == f"http://127.0.0.1:{dummy.default_port}"
    assert get_json(first.url + "/health")["path"] == "/health"
    second = services.ensure("dummy")
    assert (second.pid, second.started) == (first.pid, False)
    assert [ep.name for ep in services.status()] == ["dummy"]


def test_options_reach_the_app_as_env_and_a_change_restarts(dummy) -> None:
    plain = services.ensure("dummy")
    faulty = services.ensure("dummy", faults="5xx:0.1,slow:0.05", seed=7)
    assert faulty.started and faulty.pid != plain.pid
    options = get_json(faulty.url + "/")["options"]
    assert options["LABKIT_FAULTS"] == "5xx:0.1,slow:0.05" and options["LABKIT_SEED"] == "7"
    assert not psutil.pid_exists(plain.pid) or group_alive(plain.pid) == []


def test_stop_leaves_no_process(dummy) -> None:
    endpoint = services.ensure("dummy")
    assert group_alive(endpoint.pid) == [endpoint.pid]
    assert services.stop("dummy") is True
    assert group_alive(endpoint.pid) == []
    assert services.stop("dummy") is False and services.status() == []


def test_stale_state_file_is_cleaned(dummy) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    state.write(state.State("dummy", dead.pid, 0.0, dummy.default_port, "http://x", "log"))
    assert services.status() == []
    assert state.read("dummy") is None
    assert services.ensure("dummy").started


def test_port_in_use_is_a_clear_error(dummy) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(services.ServiceError, match=f"port {port} .*déjà utilisé"):
            services.ensure("dummy", port=port)
    assert state.read("dummy") is None


def test_failed_start_reports_the_log_and_leaves_nothing() -> None:
    spec = dummy_spec("broken", factory="broken")
    registry.register(spec)
    try:
        with pytest.raises(services.ServiceError, match="dummy app cannot start"):
            services.ensure("broken")
        assert state.read("broken") is None
    finally:
        registry.REGISTRY.pop("broken")


def test_concurrent_ensure_from_two_processes_starts_one_server(dummy) -> None:
    script = [sys.executable, str(HERE / "ensure_dummy.py"), str(dummy.default_port)]
    runs = [subprocess.Popen(script, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    results = sorted(run.communicate(timeout=60)[0].split() for run in runs)
    assert [run.returncode for run in runs] == [0, 0]
    (pid_a, started_a), (pid_b, started_b) = results
    assert pid_a == pid_b and sorted([started_a, started_b]) == ["False", "True"]
    assert services.stop("dummy") and group_alive(int(pid_a)) == []


def test_unknown_service_or_option_is_a_french_error(dummy) -> None:
    with pytest.raises(services.ServiceError, match="Service inconnu"):
        services.ensure("nope")
    with pytest.raises(services.ServiceError, match="Option\\(s\\) inconnue\\(s\\).*colour"):
        services.ensure("dummy", colour="green")


def test_cli_serve_status_and_stop(dummy) -> None:
    runner = CliRunner()
    started = runner.invoke(main, ["serve", "dummy"])
    assert started.exit_code == 0, started.output
    assert f"http://127.0.0.1:{dummy.default_port}" in started.output
    assert "démarré" in started.output
    assert "dummy" in runner.invoke(main, ["serve", "--status"]).output
    stopped = runner.invoke(main, ["serve", "--stop", "dummy"])
    assert "Arrêtés : dummy" in stopped.output
    assert "Aucun service" in runner.invoke(main, ["serve", "--status"]).output


def test_state_lives_in_the_data_dir(dummy, labkit_data: Path) -> None:
    services.ensure("dummy")
    assert (labkit_data / "services" / "dummy.json").is_file()
    assert (labkit_data / "services" / "dummy.log").is_file()


def test_a_service_in_another_network_namespace_is_neither_used_nor_stopped(dummy) -> None:
    """A sandboxed grading kernel (private network) must not kill the host's service."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.skip("needs root and unshare to make a network namespace")
    endpoint = services.ensure(dummy.name)
    probe = (
        "from labkit import services\n"
        "from labkit.services import registry\n"
        "import sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]\n"
        "from svc_helpers import dummy_spec\n"
        f"registry.register(dummy_spec({dummy.name!r}))\n"
        "try:\n"
        f"    services.ensure({dummy.name!r})\n"
        "except services.ServiceError as error:\n"
        "    print('REFUSED', error)\n"
    )
    run = subprocess.run(
        ["unshare", "--net", sys.executable, "-c", probe, str(HERE), str(HERE.parent)],
        capture_output=True, text=True, timeout=120,
    )
    assert "REFUSED" in run.stdout and "autre espace réseau" in run.stdout, run.stderr[-2000:]
    assert process.alive(endpoint.pid)
