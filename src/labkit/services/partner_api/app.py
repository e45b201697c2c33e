"""The FastAPI application of the partner API."""

from __future__ import annotations

import time
from collections.abc import Callable

import pandas as pd
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from labkit.services.partner_api.data import PartnerData, load_tables
from labkit.services.partner_api.guard import guard
from labkit.services.partner_api.routes import catalogue, deliveries, oauth
from labkit.services.partner_api.settings import Settings
from labkit.services.partner_api.state import AppState

DESCRIPTION = """\
API des **partenaires de Panier Vert** : catalogue produits, stock par magasin et
suivi des livraisons.

- **Authentification** : en-tête `X-API-Key` (démo : `pv-demo-key`) *ou* jeton OAuth2
  obtenu sur `POST /oauth/token` (client credentials, démo : `labkit` / `labkit-secret`).
- **Pagination** : `page`/`size` sur les produits et le stock, curseur `next_cursor`
  sur les livraisons ; `size` est plafonné à 100.
- **Incrémental** : `updated_since` (ISO 8601) sur les produits, le stock et les livraisons.
- **Quotas** : au-delà du débit autorisé, réponse 429 avec `Retry-After` (secondes).
- **Cache** : chaque réponse porte un `ETag` ; renvoyez-le dans `If-None-Match` pour obtenir 304.
- **Pannes** : selon la configuration, le serveur simule des erreurs 5xx, des lenteurs et
  des réponses JSON tronquées. Prévoyez des reprises (retries) !
"""

TAGS = [
    {"name": "authentification", "description": "Obtenir un jeton OAuth2."},
    {"name": "catalogue", "description": "Produits et stock des magasins."},
    {"name": "livraisons", "description": "Suivi des livraisons des commandes."},
    {"name": "supervision", "description": "État du service."},
]


async def french_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """422 with a French ``detail`` (pydantic's own messages stay in ``errors``)."""
    fields = ", ".join(str(err["loc"][-1]) for err in exc.errors())
    return JSONResponse(
        {"detail": f"Paramètres invalides : {fields}.", "errors": exc.errors()}, status_code=422
    )


def create_app(
    tables: dict[str, pd.DataFrame] | None = None,
    settings: Settings | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> FastAPI:
    """The partner API; tables default to the generator at ``LABKIT_SCALE`` / ``LABKIT_SEED``."""
    settings = settings or Settings.from_env()
    if tables is None:
        tables = load_tables(settings.scale, settings.seed)
    app = FastAPI(
        title="API partenaires Panier Vert",
        version="1.0",
        description=DESCRIPTION,
        openapi_tags=TAGS,
    )
    app.state.labkit = AppState.build(settings, PartnerData(tables), clock)
    app.add_exception_handler(RequestValidationError, french_validation_error)
    app.include_router(oauth.router, tags=["authentification"])
    secured = [Depends(guard)]
    app.include_router(catalogue.router, prefix="/v1", tags=["catalogue"], dependencies=secured)
    app.include_router(deliveries.router, prefix="/v1", tags=["livraisons"], dependencies=secured)

    @app.get("/health", tags=["supervision"], summary="État du service (sans authentification)")
    def health() -> dict[str, str]:
        return {"status": "ok", "service": "partner-api"}

    return app
