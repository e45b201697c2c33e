"""Per-service state files and locks in ``data_dir()/services``."""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from labkit import config


@dataclass
class State:
    """What a running service left behind: enough to find, check and stop it."""

    name: str
    pid: int
    pid_create_time: float
    port: int
    url: str
    log: str
    options: dict[str, object] = field(default_factory=dict)


def services_dir() -> Path:
    path = config.data_dir() / "services"
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_path(name: str) -> Path:
    return services_dir() / f"{name}.log"


def _state_path(name: str) -> Path:
    return services_dir() / f"{name}.json"


def read(name: str) -> State | None:
    """The state file of ``name``, or None (missing or unreadable)."""
    try:
        return State(**json.loads(_state_path(name).read_text()))
    except (OSError, ValueError, TypeError):
        return None


def write(state: State) -> None:
    tmp = _state_path(state.name).with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(state), indent=1))
    os.replace(tmp, _state_path(state.name))


def remove(name: str) -> None:
    _state_path(name).unlink(missing_ok=True)


def names() -> list[str]:
    """Services that have a state file."""
    return sorted(p.stem for p in services_dir().glob("*.json"))


@contextmanager
def locked(name: str) -> Iterator[None]:
    """Exclusive inter-process lock on ``name`` (fcntl): one starter at a time."""
    with open(services_dir() / f"{name}.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
