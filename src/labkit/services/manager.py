"""Service lifecycle: ensure (idempotent, locked, health-checked), stop, status."""

from __future__ import annotations

import json
import time
from types import ModuleType

from labkit import config
from labkit.doctor import port_is_free
from labkit.services import asgi, postgres, process, registry, state
from labkit.services.errors import ServiceError
from labkit.services.registry import Endpoint, ServiceSpec

DRIVERS: dict[str, ModuleType] = {"asgi": asgi, "postgres": postgres}


def _endpoint(st: state.State, started: bool) -> Endpoint:
    return Endpoint(st.name, st.url, st.port, st.pid, started, st.log)


def _options(spec: ServiceSpec, options: dict[str, object]) -> dict[str, object]:
    unknown = set(options) - set(spec.defaults)
    if unknown:
        allowed = ", ".join(sorted({"port", *spec.defaults}))
        raise ServiceError(
            f"Option(s) inconnue(s) pour {spec.name!r} : {', '.join(sorted(unknown))}. "
            f"Options possibles : {allowed}."
        )
    dataset = {"scale": config.scale(), "seed": config.seed()}
    merged = {**spec.defaults, **{k: v for k, v in dataset.items() if k in spec.defaults}}
    merged.update(options)
    return json.loads(json.dumps(merged))  # as the state file will hold them


def _running(name: str) -> state.State | None:
    """The state of ``name`` if its process is alive; a stale state file is removed."""
    st = state.read(name)
    if st is None:
        return None
    if process.alive(st.pid, st.pid_create_time):
        if not process.same_network(st.pid):
            raise ServiceError(
                f"Le service {name!r} tourne dans un autre espace réseau que ce noyau (noyau "
                "de correction isolé ?) : il n'est pas joignable d'ici et ne sera pas arrêté. "
                'Pour un lab qui utilise les services, la correction doit garder le réseau '
                'de la machine (métadonnée du notebook labkit.network = "host").'
            )
        return st
    state.remove(name)
    return None


def _log_tail(st: state.State, lines: int = 15) -> str:
    try:
        with open(st.log, encoding="utf-8", errors="replace") as handle:
            return "".join(handle.readlines()[-lines:])
    except OSError:
        return ""


def _wait_healthy(spec: ServiceSpec, driver: ModuleType, st: state.State) -> None:
    deadline = time.monotonic() + spec.start_timeout
    while time.monotonic() < deadline:
        if driver.healthy(spec, st.port) and process.listens(st.pid, st.port):
            return
        if not process.alive(st.pid):
            break
        time.sleep(0.05)
    _stop_state(st, driver)
    verdict = "s'est arrêté" if time.monotonic() < deadline else "ne répond pas"
    raise ServiceError(
        f"Le service {spec.name!r} {verdict} au démarrage (port {st.port}). "
        f"Journal : {st.log}\n{_log_tail(st)}"
    )


def _start(spec: ServiceSpec, driver: ModuleType, port: int, opts: dict) -> state.State:
    if not port_is_free(port):
        raise ServiceError(
            f"Le port {port} (127.0.0.1) est déjà utilisé par un autre programme : le service "
            f"{spec.name!r} ne peut pas démarrer. Choisissez un autre port : "
            f"{spec.port_env}=<port> ou ensure({spec.name!r}, port=<port>)."
        )
    proc = driver.launch(spec, port, opts)
    st = state.State(
        spec.name,
        proc.pid,
        proc.create_time(),
        port,
        driver.url(spec, port),
        str(state.log_path(spec.name)),
        driver.server_options(opts),
    )
    state.write(st)
    _wait_healthy(spec, driver, st)
    return st


def _stop_state(st: state.State, driver: ModuleType) -> None:
    if process.alive(st.pid, st.pid_create_time):
        process.terminate(st.pid, driver.FIRST_SIGNAL)
    state.remove(st.name)


def ensure(name: str, **options: object) -> Endpoint:
    """Start ``name`` unless it already runs with these options; return once it answers."""
    spec = registry.get(name)
    driver = DRIVERS[spec.kind]
    external = driver.external(spec)
    if external is not None:
        return external
    port = spec.port(options.pop("port", None))
    opts = _options(spec, options)
    with state.locked(name):
        current = _running(name)
        same = current and current.port == port and current.options == driver.server_options(opts)
        if same and driver.healthy(spec, port):
            driver.after_start(spec, port, opts)
            return _endpoint(current, started=False)
        if current:
            _stop_state(current, driver)
        st = _start(spec, driver, port, opts)
        driver.after_start(spec, port, opts)
        return _endpoint(st, started=True)


def stop(name: str) -> bool:
    """Stop ``name`` (its whole process group); True if a running service was stopped."""
    spec = registry.get(name)
    with state.locked(name):
        current = _running(name)
        if current is None:
            return False
        _stop_state(current, DRIVERS[spec.kind])
        return True


def stop_all() -> list[str]:
    """Stop every service that has a state file; the names actually stopped."""
    return [name for name in state.names() if name in registry.REGISTRY and stop(name)]


def status() -> list[Endpoint]:
    """The running services (stale state files are cleaned on the way)."""
    running = (_running(name) for name in state.names())
    return [_endpoint(st, started=False) for st in running if st is not None]
