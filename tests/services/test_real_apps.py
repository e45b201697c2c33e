"""The registry's real partner API runs under the manager (the app itself is tested elsewhere)."""

from __future__ import annotations

import urllib.request

import pytest
from svc_helpers import free_port, group_alive

from labkit import services

pytestmark = pytest.mark.slow


def test_partner_api_starts_answers_and_stops(monkeypatch) -> None:
    monkeypatch.setenv("LABKIT_API_PORT", str(free_port()))
    endpoint = services.ensure("api", faults="slow:0.01", seed=7)
    try:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        for path in ("/health", "/docs"):
            with opener.open(endpoint.url + path, timeout=10) as response:
                assert response.status == 200, path
    finally:
        assert services.stop("api")
    assert group_alive(endpoint.pid) == []
