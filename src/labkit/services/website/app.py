"""The FastAPI application serving the competitor's website."""

from __future__ import annotations

import os

import pandas as pd
from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from labkit.services.website.data import Catalogue, build_catalogue, load_tables
from labkit.services.website.templates import break_tags, render

DISALLOWED = ("/panier", "/compte", "/admin")
PRIVATE = {
    "panier": (200, "Votre panier", "Votre panier est vide."),
    "compte": (200, "Mon compte", "Connectez-vous pour accéder à votre compte."),
    "admin": (403, "Accès refusé", "Espace réservé à l'équipe Bio&Co Marché."),
}


def _env(name: str, default: object) -> str:
    """An environment variable; empty counts as unset."""
    return os.environ.get(name) or str(default)


def robots_txt(base: str, crawl_delay: float) -> str:
    """The site's robots.txt: private paths forbidden, a crawl delay, the sitemap."""
    rules = "\n".join(f"Disallow: {path}" for path in DISALLOWED)
    return (
        "# Bio&Co Marché : règles pour les robots d'indexation\n"
        f"User-agent: *\n{rules}\nCrawl-delay: {crawl_delay:g}\n\n"
        f"Sitemap: {base}/sitemap.xml\n"
    )


def _page(catalogue: Catalogue, status: int, title: str, message: str) -> HTMLResponse:
    html = render("message", categories=catalogue.categories, title=title, message=message)
    return HTMLResponse(html, status_code=status)


def _routes(app: FastAPI, catalogue: Catalogue, crawl_delay: float) -> None:
    def not_found() -> HTMLResponse:
        return _page(catalogue, 404, "Page introuvable", "Cette page n'existe pas ou plus.")

    @app.get("/", response_class=HTMLResponse)
    def home() -> str:
        promos = catalogue.promotions()
        return render("home", categories=catalogue.categories, promotions=promos)

    @app.get("/categorie/{slug}", response_class=HTMLResponse)
    def category(slug: str, page: int = Query(1)) -> Response:
        pages = catalogue.pages(slug)
        if slug not in catalogue.categories or not 1 <= page <= pages:
            return not_found()
        url = f"/categorie/{slug}?page="
        return HTMLResponse(
            render(
                "category",
                categories=catalogue.categories,
                name=catalogue.categories[slug],
                items=catalogue.page(slug, page),
                count=len(catalogue.in_category(slug)),
                page=page,
                pages=pages,
                prev_url=f"{url}{page - 1}" if page > 1 else None,
                next_url=f"{url}{page + 1}" if page < pages else None,
            )
        )

    @app.get("/produit/{slug}", response_class=HTMLResponse)
    def product(slug: str) -> Response:
        item = catalogue.by_slug.get(slug)
        if item is None:
            return not_found()
        html = render("product", categories=catalogue.categories, item=item)
        return HTMLResponse(break_tags(html) if item.malformation == "unclosed_tags" else html)

    @app.get("/robots.txt", response_class=PlainTextResponse)
    def robots(request: Request) -> str:
        return robots_txt(str(request.base_url).rstrip("/"), crawl_delay)

    @app.get("/sitemap.xml")
    def sitemap(request: Request) -> Response:
        urls = [("/", None)] + [(f"/categorie/{slug}", None) for slug in catalogue.categories]
        urls += [(item.url, item.updated) for item in catalogue.items]
        xml = render("sitemap", base=str(request.base_url).rstrip("/"), urls=urls)
        return Response(xml, media_type="application/xml")

    @app.api_route("/{area}", methods=["GET", "POST"], response_class=HTMLResponse)
    def private(area: str) -> Response:
        if area not in PRIVATE:
            return not_found()
        return _page(catalogue, *PRIVATE[area])


def create_app(
    tables: dict[str, pd.DataFrame] | None = None,
    seed: int | None = None,
    crawl_delay: float | None = None,
) -> FastAPI:
    """The competitor's site; tables default to the generator (LABKIT_SCALE, LABKIT_SEED)."""
    seed = int(_env("LABKIT_SEED", 42)) if seed is None else seed
    if crawl_delay is None:
        crawl_delay = float(_env("LABKIT_CRAWL_DELAY", 1))
    if tables is None:
        tables = load_tables(float(_env("LABKIT_SCALE", 1)), seed)
    catalogue = Catalogue(build_catalogue(tables, seed))
    app = FastAPI(
        title="Bio&Co Marché (site concurrent)", docs_url=None, redoc_url=None, openapi_url=None
    )

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok", "service": "website"}

    _routes(app, catalogue, crawl_delay)
    return app
