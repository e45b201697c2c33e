"""/v1/products and /v1/stock: the catalogue and stock per store (page/size pagination)."""

from __future__ import annotations

import pandas as pd
from fastapi import APIRouter, Path, Query, Request, Response

from labkit.services.partner_api.data import records
from labkit.services.partner_api.pagination import page_envelope
from labkit.services.partner_api.params import PageParams, Paging, Since
from labkit.services.partner_api.responses import respond, respond_one
from labkit.services.partner_api.schemas import Problem, Product, ProductPage, StockPage
from labkit.services.partner_api.state import app_state

router = APIRouter()
NOT_FOUND = {404: {"model": Problem, "description": "Ressource introuvable."}}


def paged(request: Request, frame: pd.DataFrame, params: PageParams) -> Response:
    """One page of ``frame`` with counts and links."""
    start = (params.page - 1) * params.size
    items = records(frame.iloc[start : start + params.size])
    return respond(request, page_envelope(request, items, params.page, params.size, len(frame)))


@router.get(
    "/products",
    response_model=ProductPage,
    summary="Catalogue des produits",
    description=(
        "Liste paginée (`page`, `size`) des produits, triée par `product_id`. "
        "Les liens `links.next` / `links.prev` donnent les pages voisines ; `total` le nombre "
        "d'éléments. Combinez avec `updated_since` pour un chargement incrémental."
    ),
)
def list_products(
    request: Request,
    params: Paging,
    since: Since,
    category: str | None = Query(None, description="Filtre exact sur la catégorie."),
) -> Response:
    frame = app_state(request).data.select("products", since, category=category)
    return paged(request, frame, params)


@router.get(
    "/products/{product_id}",
    response_model=Product,
    responses=NOT_FOUND,
    summary="Un produit",
    description="Fiche d'un produit par son identifiant `product_id`.",
)
def get_product(
    request: Request, product_id: str = Path(description="Identifiant du produit.")
) -> Response:
    missing = f"Produit {product_id!r} introuvable."
    return respond_one(request, "products", missing, product_id=product_id)


@router.get(
    "/stock",
    response_model=StockPage,
    summary="Stock par magasin",
    description=(
        "Quantités en stock par magasin et produit, paginées (`page`, `size`), triées par "
        "(`store_id`, `product_id`). Filtres : `store_id`, `product_id`, `updated_since`."
    ),
)
def list_stock(
    request: Request,
    params: Paging,
    since: Since,
    store_id: str | None = Query(None, description="Filtre exact sur le magasin."),
    product_id: str | None = Query(None, description="Filtre exact sur le produit."),
) -> Response:
    data = app_state(request).data
    frame = data.select("stock", since, store_id=store_id, product_id=product_id)
    return paged(request, frame, params)
