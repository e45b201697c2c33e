"""Partner API: rate limiting, ETag/304, fault injection, OpenAPI in French, settings."""

from __future__ import annotations

import json
import time

import pytest
from apps_helpers import API_KEY, FakeClock, bearer

from labkit.services.partner_api import Settings
from labkit.services.partner_api.faults import FaultPlan
from labkit.services.partner_api.ratelimit import Rate


def test_rate_limit_answers_429_then_recovers(make_api) -> None:
    client = make_api(rate=Rate(3, 0.3))
    answers = [client.get("/v1/products", headers=API_KEY) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert [a.headers["X-RateLimit-Remaining"] for a in answers] == ["2", "1", "0"]
    refused = client.get("/v1/products", headers=API_KEY)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    assert "Trop de requêtes" in refused.json()["detail"]
    time.sleep(0.12)  # one token is back after 0.1 s at 3 per 0.3 s
    assert client.get("/v1/products", headers=API_KEY).status_code == 200


def test_rate_limit_is_per_client(make_api) -> None:
    clock = FakeClock()
    client = make_api(rate=Rate(2, 60), clock=clock)
    for _ in range(2):
        client.get("/v1/stock", headers=API_KEY)
    refused = client.get("/v1/stock", headers=API_KEY)
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "30"
    assert client.get("/v1/stock", headers=bearer(client)).status_code == 200
    clock.advance(30)
    assert client.get("/v1/stock", headers=API_KEY).status_code == 200


def test_etag_and_if_none_match(api) -> None:
    first = api.get("/v1/products?size=5", headers=API_KEY)
    etag = first.headers["ETag"]
    again = api.get("/v1/products?size=5", headers={**API_KEY, "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["ETag"] == etag
    other = api.get("/v1/products?size=5&page=2", headers={**API_KEY, "If-None-Match": etag})
    assert other.status_code == 200 and other.headers["ETag"] != etag
    one = api.get("/v1/deliveries/PV00000002FR", headers=API_KEY).headers["ETag"]
    weak = api.get("/v1/deliveries/PV00000002FR", headers={**API_KEY, "If-None-Match": f"W/{one}"})
    assert weak.status_code == 304


def fault_sequence(make_api, seed: int) -> list[tuple[int, str | None]]:
    client = make_api(seed=seed, faults=FaultPlan(0.2, 0.1, 0.1), slow_seconds=0.001)
    paths = ["/v1/products?size=5", "/v1/stock?page=2", "/v1/deliveries", "/v1/products/3"] * 15
    answers = [client.get(path, headers=API_KEY) for path in paths]
    return [(a.status_code, a.headers.get("X-Labkit-Fault")) for a in answers]


def test_faults_are_deterministic_per_seed(make_api) -> None:
    first, again = fault_sequence(make_api, 7), fault_sequence(make_api, 7)
    assert first == again
    assert fault_sequence(make_api, 8) != first
    kinds = {fault for _, fault in first if fault}
    assert {"slow", "malformed"} <= kinds and kinds & {"500", "502", "503", "504"}
    assert 0 < sum(fault is not None for _, fault in first) < len(first)


def test_no_faults_by_default(api) -> None:
    answers = [api.get("/v1/products", headers=API_KEY) for _ in range(30)]
    assert all(a.status_code == 200 and "X-Labkit-Fault" not in a.headers for a in answers)


def test_forced_fault_header(make_api) -> None:
    client = make_api(slow_seconds=0.2)
    error = client.get("/v1/stock", headers={**API_KEY, "X-Labkit-Fault": "503"})
    assert error.status_code == 503 and error.headers["X-Labkit-Fault"] == "503"
    assert "Panne simulée" in error.json()["detail"]
    broken = client.get("/v1/products", headers={**API_KEY, "X-Labkit-Fault": "malformed"})
    assert broken.status_code == 200 and broken.headers["content-type"] == "application/json"
    with pytest.raises(json.JSONDecodeError):
        json.loads(broken.content)
    start = time.monotonic()
    slow = client.get("/v1/deliveries", headers={**API_KEY, "X-Labkit-Fault": "slow"})
    assert slow.status_code == 200 and time.monotonic() - start >= 0.2
    assert client.get("/v1/stock", headers={**API_KEY, "X-Labkit-Fault": "503"}).status_code == 503


def test_faults_come_after_authentication(make_api) -> None:
    client = make_api(faults=FaultPlan(error=1.0))
    assert client.get("/v1/products").status_code == 401
    assert client.get("/v1/products", headers=API_KEY).status_code >= 500


FRENCH = {"le", "la", "les", "des", "du", "un", "une", "par", "avec", "et", "ou", "d'un", "à"}


def test_openapi_lists_endpoints_in_french(api) -> None:
    schema = api.get("/openapi.json").json()
    paths = schema["paths"]
    expected = {
        "/v1/products",
        "/v1/products/{product_id}",
        "/v1/stock",
        "/v1/deliveries",
        "/v1/deliveries/{tracking_number}",
        "/oauth/token",
        "/health",
    }
    assert expected <= set(paths)
    for path in expected - {"/health"}:
        operation = next(iter(paths[path].values()))
        words = set(operation["description"].lower().split())
        assert len(words & FRENCH) >= 2, (path, operation["description"])
    assert "partenaires" in schema["info"]["description"]
    schemes = schema["components"]["securitySchemes"]
    assert {scheme["type"] for scheme in schemes.values()} == {"apiKey", "oauth2"}
    parameters = paths["/v1/products"]["get"]["parameters"]
    assert any("ISO 8601" in p["description"] for p in parameters)
    assert api.get("/docs").status_code == 200


def test_settings_from_env() -> None:
    settings = Settings.from_env(
        {
            "LABKIT_SEED": "3",
            "LABKIT_SCALE": "",
            "LABKIT_FAULTS": "5xx:0.1,slow:0.05",
            "LABKIT_API_RATE": "100/min",
            "LABKIT_API_KEY": "k",
            "LABKIT_SLOW_SECONDS": "0.5",
        }
    )
    assert (settings.seed, settings.scale, settings.api_key) == (3, 1.0, "k")
    assert settings.faults == FaultPlan(0.1, 0.05, 0.0) and settings.slow_seconds == 0.5
    assert settings.rate == Rate(100, 60.0)
    assert Settings.from_env({"LABKIT_API_RATE": "off"}).rate is None
    assert Rate.parse("5/200ms") == Rate(5, 0.2)
    for bad in (
        ("LABKIT_FAULTS", "5xx:0.7,slow:0.6"),
        ("LABKIT_FAULTS", "boom:0.1"),
        ("LABKIT_API_RATE", "vite"),
    ):
        with pytest.raises(ValueError):
            Settings.from_env(dict([bad]))
