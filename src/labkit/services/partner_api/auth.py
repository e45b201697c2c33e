"""Authentication: a static API key and OAuth2 client-credentials bearer tokens."""

from __future__ import annotations

import base64
import binascii
import hmac
import secrets
from collections.abc import Callable
from urllib.parse import parse_qs

from fastapi import HTTPException

from labkit.services.partner_api.settings import Settings

REALM = 'realm="partner-api"'


def unauthorized(detail: str, error: str | None = None, scheme: str = "Bearer") -> HTTPException:
    """A 401 with the ``WWW-Authenticate`` challenge clients expect."""
    challenge = f"{scheme} {REALM}" + (f', error="{error}"' if error else "")
    return HTTPException(401, detail=detail, headers={"WWW-Authenticate": challenge})


class TokenStore:
    """Issued bearer tokens and their expiry, in memory (one process)."""

    def __init__(self, ttl: float, clock: Callable[[], float]) -> None:
        self.ttl, self.clock = ttl, clock
        self._tokens: dict[str, tuple[str, float]] = {}

    def issue(self, client_id: str) -> str:
        token = secrets.token_urlsafe(24)
        self._tokens[token] = (client_id, self.clock() + self.ttl)
        return token

    def client_of(self, token: str) -> str:
        """The client owning ``token``; raises a 401 if unknown or expired."""
        client_id, expires = self._tokens.get(token, ("", 0.0))
        if not client_id:
            raise unauthorized("Jeton d'accès inconnu.", "invalid_token")
        if self.clock() >= expires:
            del self._tokens[token]
            raise unauthorized(
                "Jeton d'accès expiré : demandez-en un nouveau sur /oauth/token.", "invalid_token"
            )
        return client_id


def same(a: str, b: str) -> bool:
    """Constant-time string comparison."""
    return hmac.compare_digest(a.encode(), b.encode())


def authenticate(
    settings: Settings, tokens: TokenStore, api_key: str | None, authorization: str | None
) -> str:
    """The client identity behind a request's credentials (API key or bearer token)."""
    if api_key:
        if not same(api_key, settings.api_key):
            raise unauthorized("Clé d'API invalide (en-tête X-API-Key).", "invalid_token")
        return "api-key"
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return tokens.client_of(token.strip())
    raise unauthorized(
        "Authentification requise : en-tête X-API-Key ou Authorization: Bearer <jeton>."
    )


def client_credentials(body: bytes, authorization: str | None) -> tuple[str, str, str]:
    """``(grant_type, client_id, client_secret)`` from a form body or HTTP Basic header."""
    form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
    client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
    scheme, _, encoded = (authorization or "").partition(" ")
    if scheme.lower() == "basic" and encoded:
        try:
            client_id, _, secret = base64.b64decode(encoded).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise unauthorized("En-tête Basic illisible.", "invalid_client", "Basic") from exc
    return form.get("grant_type", ""), client_id, secret
