"""Fixtures for the partner API and website tests: sample tables and API clients."""

from __future__ import annotations

import time

import pytest
import services_sample
from apps_helpers import TestClient, client_for

from labkit.services.partner_api import Settings, create_app


@pytest.fixture(scope="session")
def tables():
    return services_sample.tables()


@pytest.fixture
def make_api(tables):
    """Build a TestClient on the sample tables with given settings (no rate limit by default)."""

    def make(clock=time.monotonic, **overrides) -> TestClient:
        settings = Settings(**{"rate": None, **overrides})
        return client_for(create_app(tables, settings, clock))

    return make


@pytest.fixture
def api(make_api) -> TestClient:
    return make_api()
