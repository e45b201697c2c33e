"""Partner API: authentication (API key, OAuth2 client credentials, token expiry)."""

from __future__ import annotations

import base64

import pytest
from apps_helpers import API_KEY, FORM, FakeClock, bearer

PROTECTED = [
    "/v1/products",
    "/v1/products/1",
    "/v1/stock",
    "/v1/deliveries",
    "/v1/deliveries/PV00000001FR",
]


def test_health_needs_no_auth(api) -> None:
    response = api.get("/health")
    assert response.status_code == 200 and response.json()["status"] == "ok"


@pytest.mark.parametrize("path", PROTECTED)
def test_every_resource_requires_auth(api, path: str) -> None:
    for headers in ({}, {"X-API-Key": "wrong"}, {"Authorization": "Bearer forged"}):
        response = api.get(path, headers=headers)
        assert response.status_code == 401, (path, headers)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        detail = response.json()["detail"].lower()
        assert "jeton" in detail or "clé" in detail


@pytest.mark.parametrize("path", PROTECTED)
def test_api_key_and_bearer_token_both_work(api, path: str) -> None:
    assert api.get(path, headers=API_KEY).status_code == 200
    assert api.get(path, headers=bearer(api)).status_code == 200


def test_token_endpoint_answers_like_oauth2(api) -> None:
    response = api.post("/oauth/token", data=FORM)
    body = response.json()
    assert response.status_code == 200 and body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600 and len(body["access_token"]) >= 20
    assert response.headers["Cache-Control"] == "no-store"


def test_token_endpoint_accepts_http_basic(api) -> None:
    basic = base64.b64encode(b"labkit:labkit-secret").decode()
    response = api.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {basic}"},
    )
    assert response.status_code == 200


def test_token_endpoint_rejects_bad_credentials(api) -> None:
    bad = api.post("/oauth/token", data={**FORM, "client_secret": "nope"})
    assert bad.status_code == 401 and "WWW-Authenticate" in bad.headers
    assert "invalides" in bad.json()["detail"]
    grant = api.post("/oauth/token", data={**FORM, "grant_type": "password"})
    assert grant.status_code == 400


def test_credentials_come_from_settings(make_api) -> None:
    client = make_api(api_key="k2", client_id="c2", client_secret="s2")
    assert client.get("/v1/products", headers=API_KEY).status_code == 401
    assert client.get("/v1/products", headers={"X-API-Key": "k2"}).status_code == 200
    assert client.post("/oauth/token", data=FORM).status_code == 401
    form = {**FORM, "client_id": "c2", "client_secret": "s2"}
    assert client.post("/oauth/token", data=form).status_code == 200


def test_token_expires(make_api) -> None:
    clock = FakeClock()
    client = make_api(clock=clock, token_ttl=60)
    headers = bearer(client)
    clock.advance(59)
    assert client.get("/v1/products", headers=headers).status_code == 200
    clock.advance(2)
    expired = client.get("/v1/products", headers=headers)
    assert expired.status_code == 401
    assert 'error="invalid_token"' in expired.headers["WWW-Authenticate"]
    assert "expiré" in expired.json()["detail"]
    assert client.get("/v1/products", headers=bearer(client)).status_code == 200
