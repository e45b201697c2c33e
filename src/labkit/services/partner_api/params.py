"""Query parameters shared by several routes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import pandas as pd
from fastapi import Depends, HTTPException, Query, Request

from labkit.services.partner_api.state import app_state


@dataclass(frozen=True)
class PageParams:
    page: int
    size: int


def page_params(
    request: Request,
    page: int = Query(1, ge=1, description="Numéro de page, à partir de 1."),
    size: int = Query(20, ge=1, description="Éléments par page (plafonné à 100)."),
) -> PageParams:
    """Page number and size, the size capped at the API's maximum."""
    return PageParams(page, min(size, app_state(request).settings.max_page_size))


def since_param(
    updated_since: str | None = Query(
        None,
        description=(
            "Filtre incrémental : seulement les lignes modifiées à partir de cette date "
            "(incluse), ISO 8601, par ex. `2024-05-01T00:00:00+02:00` ; sans fuseau = UTC."
        ),
    ),
) -> pd.Timestamp | None:
    """``updated_since`` parsed as a UTC timestamp."""
    if updated_since is None:
        return None
    try:
        stamp = pd.Timestamp(updated_since)
    except ValueError:
        stamp = pd.NaT
    if stamp is pd.NaT:
        raise HTTPException(
            422, detail=f"updated_since invalide : {updated_since!r} n'est pas une date ISO 8601."
        )
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


Paging = Annotated[PageParams, Depends(page_params)]
Since = Annotated[pd.Timestamp | None, Depends(since_param)]
