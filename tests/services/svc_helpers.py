"""Helpers shared by the service tests (the dummy service spec, process groups)."""

from __future__ import annotations

from pathlib import Path

from servers import free_port

from labkit.services import process, registry

HERE = Path(__file__).parent


def dummy_spec(name: str = "dummy", factory: str = "create_app", **kw) -> registry.ServiceSpec:
    return registry.ServiceSpec(
        name, "asgi", free_port(), f"LABKIT_{name.upper()}_PORT", app=f"dummy_app:{factory}",
        app_dir=HERE, defaults={"scale": 1, "seed": 42, "faults": ""}, **kw,
    )


def group_alive(pid: int) -> list[int]:
    """Live (non-zombie) processes of the group led by ``pid`` and of its descendants."""
    return [p.pid for p in process.members(pid) if process.alive(p.pid)]
