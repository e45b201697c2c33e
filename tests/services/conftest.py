"""Service tests: a private data dir per test session, a dummy ASGI service, cleanup."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from svc_helpers import dummy_spec

from labkit import services
from labkit.services import registry


@pytest.fixture(scope="session", autouse=True)
def labkit_data() -> Iterator[Path]:
    """LABKIT_DATA in a temp dir for the whole session; every service stopped at the end.

    Not under pytest's basetemp: as root, PostgreSQL runs as ``nobody``, who must traverse
    the path, and pytest resets its base temp folder to 0700 at every session start.
    """
    data = Path(tempfile.mkdtemp(prefix="labkit-services-"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LABKIT_DATA", str(data))
        mp.delenv("DATABASE_URL", raising=False)
        mp.delenv("SPARK_REMOTE", raising=False)
        mp.delenv("SPARK_MASTER", raising=False)
        yield data
        services.stop_all()
    shutil.rmtree(data, ignore_errors=True)


@pytest.fixture
def dummy() -> Iterator[registry.ServiceSpec]:
    """The ``dummy`` service registered (own free port), stopped after the test."""
    spec = dummy_spec()
    registry.register(spec)
    yield spec
    services.stop(spec.name)
    registry.REGISTRY.pop(spec.name, None)
