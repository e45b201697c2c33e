"""Run as a script: register the dummy service on port argv[1], ensure it, print pid and started.

Used by the concurrency test (two of these at once must start one server)."""

from __future__ import annotations

import sys
from pathlib import Path

from labkit import services
from labkit.services.registry import ServiceSpec

if __name__ == "__main__":
    port = int(sys.argv[1])
    services.register(ServiceSpec(
        "dummy", "asgi", port, "LABKIT_DUMMY_PORT", app="dummy_app:create_app",
        app_dir=Path(__file__).parent, defaults={"scale": 1, "seed": 42, "faults": ""},
    ))
    endpoint = services.ensure("dummy")
    print(endpoint.pid, endpoint.started)
