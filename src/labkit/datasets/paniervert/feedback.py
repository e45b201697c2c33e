"""Customer voice: free-text product reviews and GDPR requests."""

from __future__ import annotations

import numpy as np
import pandas as pd

from labkit.datasets.paniervert.sales import LAST
from labkit.datasets.paniervert.settings import DAY, Sizes, choice, rng, seconds_of, timestamps

TEMPLATES = {
    1: ("Très déçu par {p}, pas frais du tout.", "{p} : immangeable, je ne rachèterai pas.",
        "Produit abîmé à la livraison, {p} à jeter."),
    2: ("{p} correct mais bien trop cher pour la qualité.", "Bof, {p} sans goût cette fois-ci.",
        "{p} moyen, déjà vu mieux chez Panier Vert."),
    3: ("{p} ok, rien d'exceptionnel.", "Bon rapport qualité prix pour {p}, sans plus.",
        "{p} correct, emballage à revoir."),
    4: ("Très bon {p}, je recommande.", "{p} de bonne qualité, livraison rapide.",
        "J'aime beaucoup {p}, on sent le produit local."),
    5: ("Excellent {p} !! Le meilleur que j'ai goûté.", "{p} parfait, merci aux producteurs.",
        "Super {p}, toute la famille adore."),
}
EMOJI = {1: " 😡", 2: " 😕", 3: " 🙂", 4: " 😊", 5: " 😍👍"}
REQUEST_TYPES = ("accès", "effacement", "rectification", "opposition")


def typo(text: str, r: np.random.Generator) -> str:
    """Swap two neighbouring letters, as a hurried customer would."""
    i = int(r.integers(1, max(2, len(text) - 2)))
    return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]


def reviews(seed: int, sizes: Sizes, orders: pd.DataFrame, lines: pd.DataFrame,
            products: pd.DataFrame) -> pd.DataFrame:
    """Reviews written by customers after buying the product (ratings skewed positive)."""
    r = rng(seed, "reviews")
    bought = lines.merge(orders[["order_id", "customer_id", "ordered_at"]], on="order_id")
    bought = bought[bought["customer_id"].notna()].drop_duplicates(["customer_id", "product_id"])
    pick = bought.iloc[np.sort(r.choice(len(bought), min(sizes.reviews, len(bought)),
                                        replace=False))]
    n = len(pick)
    rating = r.choice(np.arange(1, 6), n, p=[0.05, 0.07, 0.13, 0.35, 0.4])
    name = products["name"].to_numpy()[pick["product_id"].to_numpy() - 1]
    texts = []
    for stars, product, u in zip(rating, name, r.random((n, 3)), strict=False):
        options = TEMPLATES[stars]
        text = options[int(u[0] * len(options))].format(p=product.lower())
        text = text[0].upper() + text[1:]
        text = typo(text, r) if u[1] < 0.12 else text
        texts.append(text + EMOJI[stars] if u[2] < 0.15 else text)
    created = np.minimum(seconds_of(pick["ordered_at"]) + r.integers(DAY, 20 * DAY, n), LAST)
    frame = pd.DataFrame(
        {
            "customer_id": pick["customer_id"].astype("int64").to_numpy(),
            "product_id": pick["product_id"].to_numpy(),
            "rating": rating,
            "text": pd.Series(texts, dtype="str"),
            "created_at": timestamps(created),
        }
    ).sort_values("created_at", kind="stable").reset_index(drop=True)
    frame.insert(0, "review_id", np.arange(1, n + 1))
    return frame


def gdpr_requests(seed: int, sizes: Sizes, customers: pd.DataFrame) -> pd.DataFrame:
    """Access, erasure, rectification and objection requests; some answered late (> 30 days)."""
    r = rng(seed, "gdpr_requests")
    who = customers.iloc[np.sort(r.choice(len(customers), sizes.gdpr_requests, replace=False))]
    n = len(who)
    start = np.maximum(seconds_of(who["created_at"]), 0)
    requested = start + (r.random(n) * (LAST - start)).astype(np.int64)
    answered = requested + r.integers(DAY, 45 * DAY, n)
    status = np.select([answered > LAST, r.random(n) < 0.04], ["en_cours", "rejetée"], "traitée")
    frame = pd.DataFrame(
        {
            "customer_id": who["customer_id"].to_numpy(),
            "type": choice(r, REQUEST_TYPES, n, p=[0.45, 0.25, 0.15, 0.15]),
            "requested_at": timestamps(requested),
            "status": status,
            "answered_at": timestamps(answered).where(status != "en_cours"),
        }
    ).sort_values("requested_at", kind="stable").reset_index(drop=True)
    frame.insert(0, "request_id", np.arange(1, n + 1))
    return frame.astype({"type": "str", "status": "str"})
