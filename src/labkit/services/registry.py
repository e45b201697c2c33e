"""Which services exist: name -> ServiceSpec (kind, ASGI app, health path, default port)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from labkit.services.errors import ServiceError


@dataclass(frozen=True)
class Endpoint:
    """A running service: where to reach it, and whether this call started it."""

    name: str
    url: str
    port: int
    pid: int | None
    started: bool
    log: str | None = None


@dataclass(frozen=True)
class ServiceSpec:
    """How to run one service.

    ``kind`` is ``"asgi"`` (``app`` is a ``module:factory`` served by uvicorn, ``app_dir``
    is put on its ``sys.path``) or ``"postgres"``.
    """

    name: str
    kind: str
    default_port: int
    port_env: str
    app: str = ""
    app_dir: Path | None = None
    health_path: str = "/health"
    start_timeout: float = 20.0
    defaults: dict[str, object] = field(default_factory=dict)

    def port(self, override: int | None = None) -> int:
        """``override``, else the port env var, else the default."""
        if override is not None:
            return int(override)
        value = os.environ.get(self.port_env)
        if value and not value.isdigit():
            raise ServiceError(f"{self.port_env}={value!r} n'est pas un numéro de port.")
        return int(value) if value else self.default_port


_APP_DEFAULTS = {"scale": 1, "seed": 42, "faults": ""}

REGISTRY: dict[str, ServiceSpec] = {
    "api": ServiceSpec(
        "api",
        "asgi",
        8765,
        "LABKIT_API_PORT",
        app="labkit.services.partner_api:create_app",
        defaults=_APP_DEFAULTS,
    ),
    "site": ServiceSpec(
        "site",
        "asgi",
        8766,
        "LABKIT_SITE_PORT",
        app="labkit.services.website:create_app",
        defaults=_APP_DEFAULTS,
    ),
    "postgres": ServiceSpec(
        "postgres",
        "postgres",
        55432,
        "LABKIT_POSTGRES_PORT",
        health_path="",
        defaults={"scale": 1, "seed": 42, "load": True},
    ),
}
DEFAULT_SERVICES = ("api", "site", "postgres")


def register(spec: ServiceSpec) -> None:
    """Add or replace a service definition (tests register a dummy app this way)."""
    REGISTRY[spec.name] = spec


def get(name: str) -> ServiceSpec:
    """The spec of ``name``, or a French error listing the known services."""
    try:
        return REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(REGISTRY))
        raise ServiceError(f"Service inconnu : {name!r}. Services disponibles : {known}.") from None
