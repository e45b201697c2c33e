"""The dependency every /v1 route runs: authentication, rate limit, then faults."""

from __future__ import annotations

import asyncio

from fastapi import HTTPException, Request, Security
from fastapi.security import APIKeyHeader, OAuth2

from labkit.services.partner_api.auth import authenticate
from labkit.services.partner_api.faults import Fault, forced
from labkit.services.partner_api.ratelimit import Verdict
from labkit.services.partner_api.state import app_state

api_key_header = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="Clé d'API statique (démo : `pv-demo-key`), dans l'en-tête `X-API-Key`.",
)
oauth2_client = OAuth2(
    flows={"clientCredentials": {"tokenUrl": "/oauth/token", "scopes": {}}},
    auto_error=False,
    description=(
        "OAuth2 *client credentials* : POST /oauth/token avec `client_id` et `client_secret` "
        "(démo : `labkit` / `labkit-secret`), puis `Authorization: Bearer <jeton>`."
    ),
)


def rate_headers(verdict: Verdict | None) -> dict[str, str]:
    """``X-RateLimit-*`` headers (and ``Retry-After`` when refused)."""
    if verdict is None:
        return {}
    headers = {
        "X-RateLimit-Limit": str(verdict.limit),
        "X-RateLimit-Remaining": str(verdict.remaining),
    }
    if not verdict.allowed:
        headers["Retry-After"] = str(verdict.retry_after)
    return headers


def _fault_for(request: Request, client: str) -> Fault | None:
    header = request.headers.get("x-labkit-fault")
    if header:
        return forced(header)
    key = f"{client} {request.method} {request.url.path}?{request.url.query}"
    return app_state(request).faults.decide(key)


async def _inject(request: Request, fault: Fault | None) -> None:
    """Raise the 5xx, sleep for ``slow``; ``malformed`` is applied to the response body."""
    request.state.fault = fault
    if fault is None:
        return
    if fault.kind == "5xx":
        raise HTTPException(
            fault.status,
            detail="Panne simulée du serveur (injection de fautes) : réessayez plus tard.",
            headers={"X-Labkit-Fault": fault.label, "Retry-After": "1"},
        )
    if fault.kind == "slow":
        await asyncio.sleep(app_state(request).settings.slow_seconds)


async def guard(
    request: Request,
    api_key: str | None = Security(api_key_header),
    authorization: str | None = Security(oauth2_client),
) -> str:
    """Authenticate the caller, charge its rate bucket, maybe inject a fault; returns the client."""
    state = app_state(request)
    client = authenticate(state.settings, state.tokens, api_key, authorization)
    verdict = state.limiter.hit(client) if state.limiter else None
    request.state.rate = verdict
    if verdict is not None and not verdict.allowed:
        raise HTTPException(
            429,
            detail=f"Trop de requêtes : réessayez dans {verdict.retry_after} s (Retry-After).",
            headers=rate_headers(verdict),
        )
    await _inject(request, _fault_for(request, client))
    return client
