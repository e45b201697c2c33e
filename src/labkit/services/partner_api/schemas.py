"""Response models: they document the JSON in /docs (field descriptions in French)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

Id = int | str


class Product(BaseModel):
    product_id: Id = Field(description="Identifiant du produit chez Panier Vert.")
    ean13: str = Field(description="Code-barres EAN-13 (13 chiffres, clé de contrôle valide).")
    name: str = Field(description="Libellé commercial.")
    category: str = Field(description="Catégorie (rayon).")
    subcategory: str | None = Field(None, description="Sous-catégorie.")
    organic: bool | None = Field(None, description="Produit issu de l'agriculture biologique.")
    label: str | None = Field(None, description="Label de qualité (AB, Label Rouge...).")
    unit: str | None = Field(None, description="Unité de vente (kg, L, pièce...).")
    unit_price_eur: float = Field(description="Prix unitaire en euros TTC (nombre, pas texte).")
    supplier_id: Id | None = Field(None, description="Identifiant du fournisseur.")
    updated_at: datetime = Field(description="Dernière modification (ISO 8601, UTC).")


class Stock(BaseModel):
    store_id: Id = Field(description="Identifiant du magasin.")
    product_id: Id = Field(description="Identifiant du produit.")
    quantity: float = Field(description="Quantité en stock (unités, ou kg pour le vrac).")
    updated_at: datetime = Field(description="Dernière modification (ISO 8601, UTC).")


class Delivery(BaseModel):
    delivery_id: Id = Field(description="Identifiant de la livraison.")
    order_id: Id = Field(description="Commande livrée.")
    carrier: str = Field(description="Transporteur.")
    tracking_number: str = Field(description="Numéro de suivi du transporteur.")
    status: str = Field(description="Statut de la livraison.")
    shipped_at: datetime | None = Field(None, description="Date d'expédition (ISO 8601).")
    delivered_at: datetime | None = Field(None, description="Date de livraison (ISO 8601).")
    updated_at: datetime = Field(description="Dernière modification (ISO 8601, UTC).")


class Links(BaseModel):
    self: str = Field(description="Cette page.")
    first: str = Field(description="Première page.")
    last: str = Field(description="Dernière page.")
    prev: str | None = Field(None, description="Page précédente (null sur la première).")
    next: str | None = Field(None, description="Page suivante (null sur la dernière).")


class Page(BaseModel):
    page: int = Field(description="Numéro de la page (à partir de 1).")
    size: int = Field(description="Taille de page effective (plafonnée).")
    total: int = Field(description="Nombre total d'éléments correspondant aux filtres.")
    pages: int = Field(description="Nombre total de pages.")
    links: Links


class ProductPage(Page):
    items: list[Product]


class StockPage(Page):
    items: list[Stock]


class CursorLinks(BaseModel):
    next: str | None = Field(None, description="URL de la page suivante (null à la fin).")


class DeliveryPage(BaseModel):
    items: list[Delivery]
    size: int = Field(description="Taille de page effective (plafonnée).")
    next_cursor: str | None = Field(
        None, description="Curseur opaque de la page suivante ; null quand tout a été lu."
    )
    links: CursorLinks


class Token(BaseModel):
    access_token: str = Field(description="Jeton à envoyer dans `Authorization: Bearer`.")
    token_type: str = Field(description="Toujours `Bearer`.")
    expires_in: int = Field(description="Durée de validité du jeton, en secondes.")


class Problem(BaseModel):
    detail: str = Field(description="Explication de l'erreur, en français.")
