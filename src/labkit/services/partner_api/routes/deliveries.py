"""/v1/deliveries: delivery tracking, with cursor pagination."""

from __future__ import annotations

import pandas as pd
from fastapi import APIRouter, Path, Query, Request, Response

from labkit.services.partner_api.data import json_value, records
from labkit.services.partner_api.pagination import bad_cursor, decode_cursor, encode_cursor
from labkit.services.partner_api.params import Since
from labkit.services.partner_api.responses import respond, respond_one
from labkit.services.partner_api.routes.catalogue import NOT_FOUND
from labkit.services.partner_api.schemas import Delivery, DeliveryPage
from labkit.services.partner_api.state import app_state

router = APIRouter()


def _after(frame: pd.DataFrame, cursor: str | None) -> pd.DataFrame:
    """Rows strictly after the cursor's key (the frame is sorted by ``delivery_id``)."""
    if not cursor:
        return frame
    after = decode_cursor(cursor)
    try:
        return frame[frame["delivery_id"] > after]
    except TypeError as exc:
        raise bad_cursor() from exc


@router.get(
    "/deliveries",
    response_model=DeliveryPage,
    summary="Suivi des livraisons",
    description=(
        "Livraisons triées par `delivery_id`, paginées par **curseur** : passez la valeur "
        "`next_cursor` de la réponse dans le paramètre `cursor` (avec les mêmes filtres) "
        "jusqu'à ce que `next_cursor` soit null. Le curseur est opaque : ne le construisez pas."
    ),
)
def list_deliveries(
    request: Request,
    since: Since,
    cursor: str | None = Query(None, description="Curseur opaque reçu dans `next_cursor`."),
    size: int = Query(20, ge=1, description="Éléments par page (plafonné à 100)."),
    status: str | None = Query(None, description="Filtre exact sur le statut."),
) -> Response:
    size = min(size, app_state(request).settings.max_page_size)
    frame = _after(app_state(request).data.select("deliveries", since, status=status), cursor)
    rows = frame.iloc[:size]
    next_cursor = None
    if len(frame) > size:
        next_cursor = encode_cursor(json_value(rows["delivery_id"].iloc[-1]))
    next_url = str(request.url.include_query_params(cursor=next_cursor)) if next_cursor else None
    payload = {
        "items": records(rows),
        "size": size,
        "next_cursor": next_cursor,
        "links": {"next": next_url},
    }
    return respond(request, payload)


@router.get(
    "/deliveries/{tracking_number}",
    response_model=Delivery,
    responses=NOT_FOUND,
    summary="Une livraison par numéro de suivi",
    description="Suivi d'une livraison par le numéro de suivi du transporteur.",
)
def get_delivery(
    request: Request, tracking_number: str = Path(description="Numéro de suivi.")
) -> Response:
    missing = f"Aucune livraison de numéro de suivi {tracking_number!r}."
    return respond_one(request, "deliveries", missing, tracking_number=tracking_number)
