"""POST /oauth/token: OAuth2 client-credentials grant."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse

from labkit.services.partner_api.auth import client_credentials, same, unauthorized
from labkit.services.partner_api.schemas import Problem, Token
from labkit.services.partner_api.state import app_state

router = APIRouter()

FORM_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "required": ["grant_type"],
                    "properties": {
                        "grant_type": {"type": "string", "enum": ["client_credentials"]},
                        "client_id": {"type": "string", "description": "Démo : labkit"},
                        "client_secret": {"type": "string", "description": "Démo : labkit-secret"},
                    },
                }
            }
        },
    }
}


@router.post(
    "/oauth/token",
    response_model=Token,
    responses={401: {"model": Problem, "description": "Identifiants client invalides."}},
    openapi_extra=FORM_BODY,
    summary="Obtenir un jeton d'accès (OAuth2 client credentials)",
    description=(
        "Formulaire `application/x-www-form-urlencoded` avec `grant_type=client_credentials`, "
        "`client_id` et `client_secret` (ou ces deux derniers en HTTP Basic). Renvoie un jeton "
        "*Bearer* valable `expires_in` secondes ; redemandez-en un à l'expiration (401)."
    ),
)
async def token(request: Request) -> JSONResponse:
    grant, client_id, secret = client_credentials(
        await request.body(), request.headers.get("authorization")
    )
    if grant != "client_credentials":
        raise HTTPException(400, detail="grant_type doit valoir « client_credentials ».")
    settings = app_state(request).settings
    if not (same(client_id, settings.client_id) and same(secret, settings.client_secret)):
        raise unauthorized("Identifiants client invalides.", "invalid_client", "Basic")
    body = Token(
        access_token=app_state(request).tokens.issue(client_id),
        token_type="Bearer",
        expires_in=int(settings.token_ttl),
    )
    return JSONResponse(body.model_dump(), headers={"Cache-Control": "no-store"})
