# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Partager le jeu de données : une API FastAPI sur la base de Panier Vert
#
# **Bloc BC02** — Collecter, stocker et mettre à disposition les données
#
# **Compétence évaluée : C12** — Partager le jeu de données en configurant des interfaces
# logicielles et en créant des interfaces programmables (API) afin de mettre à disposition
# le jeu de données pour le développement du projet.
#
# | | |
# |---|---|
# | Durée indicative | 3 heures |
# | Barème | 18 points : 15 corrigés automatiquement (7 exercices), 3 corrigés par votre formateur ou formatrice (1 question ouverte) |
# | Outils | Python, PostgreSQL, SQLAlchemy, FastAPI, pydantic, uvicorn, requests |
#
# ## Comment travailler dans ce lab
#
# Ce notebook est à la fois **le cours et le lab** : chaque partie commence par une courte
# leçon avec des exemples à exécuter, puis vient un exercice.
#
# - Exécutez les cellules **dans l'ordre**, de haut en bas (`Maj + Entrée`).
# - Chaque exercice comporte une **cellule réponse**, qui contient
#   `raise NotImplementedError(...)` : remplacez cette ligne par votre réponse.
#   Ne renommez pas les variables ni les fonctions demandées (`droits_role_api`,
#   `verifier_cle`…) : le correcteur les utilise.
# - Juste après vient une **cellule de test**, verrouillée : exécutez-la. Si elle
#   s'exécute sans erreur, les vérifications visibles sont passées. D'autres vérifications,
#   **cachées**, seront faites à la correction : un test visible réussi est bon signe,
#   mais ce n'est pas encore la note finale.
# - Un message d'erreur n'est pas un échec : il vous dit ce qui ne va pas (en français),
#   sans jamais donner la réponse. Lisez-le, corrigez, réessayez.
# - Avant de rendre votre travail : menu *Kernel* → *Restart Kernel and Run All Cells*,
#   puis bouton *Validate*.

# %% [markdown]
# ## Contexte
#
# Vous êtes data engineer chez **Panier Vert**, une chaîne fictive d'épiceries bio
# françaises (magasins dans plusieurs régions et boutique en ligne). Les données sont
# collectées, nettoyées et stockées dans la base PostgreSQL de l'e-shop. Il reste à les
# **mettre à disposition** :
#
# - le **contrôle de gestion** veut le chiffre d'affaires par magasin et par mois ;
# - un **partenaire** (une place de marché) veut le catalogue des produits ;
# - les **data scientists** veulent des ventes détaillées pour prévoir la demande.
#
# Votre mission : configurer un **accès en lecture seule** à la base, puis construire une
# **API web** avec FastAPI qui partage ces données, et **seulement** ces données : la base
# contient aussi des données personnelles (noms, e-mails, téléphones et adresses des
# clients, nom des responsables de magasin) qui ne doivent jamais sortir par l'API.
#
# Les données sont **synthétiques** (générées par le cours) mais les données
# personnelles se traitent **comme si elles étaient réelles** (RGPD).
#
# ### Les tables utiles de la base `eshop`
#
# | table | une ligne = | colonnes utiles |
# |---|---|---|
# | `products` | un produit | `product_id`, `ean13`, `name`, `category`, `subcategory`, `organic`, `label`, `unit`, `unit_price_eur`, `supplier_id`, `updated_at` |
# | `stores` | un magasin | `store_id`, `store_code` (`PV001`…), `name`, `address`, `city`, `departement_code`, `manager_name` (**donnée personnelle**), `surface_m2`, `opened_on` |
# | `orders` | une commande | `order_id`, `customer_id` (**donnée personnelle**), `store_id` (`NULL` pour l'e-shop), `channel`, `ordered_at`, `status` |
# | `order_lines` | une ligne de commande | `order_id`, `line_no`, `product_id`, `quantity`, `unit_price_eur`, `discount_eur` |
# | `customers` | un client | noms, e-mail, téléphone, adresse, date de naissance… : **rien de cette table ne doit être partagé** |
#
# Pour ne partager que le nécessaire, l'équipe a préparé un **schéma `partage`** qui ne
# contient que des **vues** (elles sont créées par la cellule de mise en place ; leur
# définition est montrée en partie 1) :
#
# | vue | une ligne = | colonnes |
# |---|---|---|
# | `partage.produits` | un produit | `product_id`, `ean13`, `name`, `category`, `subcategory`, `organic`, `label`, `unit`, `unit_price_eur`, `updated_at` |
# | `partage.magasins` | un magasin | `store_code`, `name`, `city`, `departement_code`, `region`, `surface_m2`, `opened_on` (sans adresse ni responsable) |
# | `partage.ventes_mensuelles` | un magasin et un mois | `store_code`, `mois` (texte `AAAA-MM`, mois de la commande en UTC), `nb_commandes`, `chiffre_affaires_eur` (commandes en magasin, hors commandes annulées ou remboursées) |

# %% [markdown]
# ## Objectifs
#
# À la fin de ce lab, vous saurez :
#
# 1. configurer un accès à une base pour un service : un **rôle PostgreSQL** dédié, en
#    lecture seule, limité à des vues (`GRANT`) ;
# 2. exiger une **clé d'API** (en-tête `X-API-Key`) et répondre `401` sinon ;
# 3. **paginer** une liste (`limit` / `offset`, `total`, lien `next`, taille plafonnée) ;
# 4. **filtrer** avec des paramètres validés par FastAPI (`422` sur une valeur invalide) ;
# 5. gérer les erreurs (`404` avec un message en français) ;
# 6. **documenter** l'API avec OpenAPI (descriptions et exemples en français) ;
# 7. **tester** l'API avec le client de test de FastAPI, jusqu'à prouver qu'aucune
#    donnée personnelle ne sort ;
# 8. **déployer** le service avec uvicorn et le **consommer** avec `requests`.
#
# ## Prérequis
#
# - Écrire des fonctions Python avec des annotations de type (`def f(x: int) -> dict:`).
# - Requêtes SQL de base (`SELECT`, `WHERE`, `ORDER BY`, `LIMIT`) et SQLAlchemy
#   (`engine.connect()`, `text(...)`, paramètres `:nom`) : voir le lab d'extraction depuis
#   une base (`04_extraction_sgbd`).
# - Avoir été client d'une API (lab `01_extraction_api`) aide beaucoup : vous passez
#   maintenant de l'autre côté.
# - La leçon du cours : « C12 — Partager le jeu de données ».

# %% [markdown]
# ## Mise en place
#
# La cellule suivante contient les **paramètres** du lab. Vous pouvez les modifier ;
# les outils d'exécution automatique (papermill) peuvent aussi les remplacer.

# %% tags=["parameters"]
# Lab parameters: papermill may override them (papermill -p scale 0.05 ...).
from labkit import config

scale = config.scale()  # size of the generated data (1 for learners)
seed = config.seed()  # seed of the generated data (42 for learners)
dossier_sortie = "sortie"  # folder where the lab writes its files
cle_api_demo = "pv-partage-demo"  # the API key of this lab (a real one lives in a vault)
delai_demarrage = 30  # seconds to wait for the uvicorn server to answer /health

# %% [markdown]
# La cellule suivante démarre (si besoin) la base PostgreSQL du cours avec les données de
# Panier Vert, crée le schéma `partage` et ses vues, et crée un **rôle PostgreSQL** vide,
# `role_api`, que vous configurerez en partie 1. Elle écrit aussi dans `sortie/` le module
# `partage_commun.py` (le code commun du service, présenté en partie 2) et l'importe.
# Elle est verrouillée ; si quelque chose se passe mal, relancez simplement le noyau.
#
# Trois accès à la base sont définis :
#
# - `admin` : le compte propriétaire de la base (tous les droits), pour configurer ;
# - `engine_lecture` : le même compte, mais chaque transaction est **en lecture seule** :
#   c'est lui que l'API utilise pendant la partie 2 ;
# - `url_role_api` : l'adresse de connexion du rôle `role_api`, pour la partie 3.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import atexit
import importlib
import inspect
import json
import os
import pprint
import re
import secrets
import socket
import subprocess
import sys
import time
import warnings
import pathlib

import requests
import sqlalchemy as sa
from sqlalchemy import text
from sqlalchemy.pool import NullPool

from labkit import checks, services

warnings.filterwarnings("ignore", category=ResourceWarning)
warnings.filterwarnings("ignore", message=".*httpx.*")  # starlette's TestClient warns about httpx
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

# The e-shop database, loaded with the data of (scale, seed).
url = services.ensure("postgres", scale=scale, seed=seed).url
SESSION_OPTIONS = "-c timezone=UTC -c lock_timeout=10000"
admin = sa.create_engine(url, connect_args={"options": SESSION_OPTIONS}, poolclass=NullPool)
engine_lecture = sa.create_engine(
    url, connect_args={"options": SESSION_OPTIONS + " -c default_transaction_read_only=on"}
)

# The shared schema: views only, nothing personal. Created once, under a lock.
VUES_PARTAGE = """
CREATE SCHEMA IF NOT EXISTS partage;
CREATE OR REPLACE VIEW partage.produits AS
SELECT product_id, ean13, name, category, subcategory, organic, label, unit,
       unit_price_eur, updated_at
FROM public.products;
CREATE OR REPLACE VIEW partage.magasins AS
SELECT s.store_code, s.name, s.city, s.departement_code, r.name AS region,
       s.surface_m2, s.opened_on
FROM public.stores AS s
JOIN public.departements AS d ON d.departement_code = s.departement_code
JOIN public.regions AS r ON r.region_code = d.region_code;
CREATE OR REPLACE VIEW partage.ventes_mensuelles AS
SELECT s.store_code,
       to_char(o.ordered_at AT TIME ZONE 'UTC', 'YYYY-MM') AS mois,
       COUNT(DISTINCT o.order_id)::integer AS nb_commandes,
       ROUND(SUM(l.quantity * l.unit_price_eur - l.discount_eur), 2) AS chiffre_affaires_eur
FROM public.orders AS o
JOIN public.stores AS s ON s.store_id = o.store_id
JOIN public.order_lines AS l ON l.order_id = o.order_id
WHERE o.status NOT IN ('annulée', 'remboursée')
GROUP BY s.store_code, to_char(o.ordered_at AT TIME ZONE 'UTC', 'YYYY-MM');
"""
with admin.begin() as conn:
    conn.execute(text("SELECT pg_advisory_xact_lock(120912)"))
    for statement in VUES_PARTAGE.split(";"):
        if statement.strip():
            conn.execute(text(statement))

# A fresh, empty role for this kernel (one per process: graders may run in parallel).
role_api = f"api_partage_{os.getpid()}"
mot_de_passe_api = secrets.token_urlsafe(16)


def drop_role(role):
    """Remove the role and everything granted to it (idempotent)."""
    with admin.begin() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
        if exists.first():
            conn.execute(text(f'DROP OWNED BY "{role}"'))
            conn.execute(text(f'DROP ROLE "{role}"'))


drop_role(role_api)
with admin.begin() as conn:
    conn.execute(text(f"CREATE ROLE \"{role_api}\" LOGIN PASSWORD '{mot_de_passe_api}'"))
atexit.register(drop_role, role_api)
url_role_api = sa.engine.make_url(url).set(username=role_api, password=mot_de_passe_api)

sortie = pathlib.Path(dossier_sortie)
sortie.mkdir(exist_ok=True)
os.environ["PARTAGE_API_KEY"] = cle_api_demo

# The shared code of the service, as a real module that uvicorn can import in part 3.
CODE_COMMUN = '''"""Shared code of the Panier Vert sharing API: imports, response models, helpers."""

import hmac
import math
import os
import secrets
from datetime import date, datetime

from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyHeader
from pydantic import BaseModel, Field
from sqlalchemy import text

MOIS = r"^[0-9]{4}-(0[1-9]|1[0-2])$"  # a month written AAAA-MM
CODE_MAGASIN = r"^PV[0-9]{3}$"  # a store code such as PV001

entete_cle = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="Clé d'API fournie par l'équipe data de Panier Vert.",
)


class Produit(BaseModel):
    """Un produit du catalogue (liste blanche des champs partagés)."""

    product_id: int = Field(description="Identifiant du produit.", examples=[42])
    ean13: str = Field(description="Code-barres EAN-13.", examples=["3370014000004"])
    name: str = Field(description="Libellé commercial.", examples=["Huile de colza 1 l"])
    category: str = Field(description="Rayon.", examples=["Épicerie salée"])
    subcategory: str | None = Field(None, description="Sous-rayon.")
    organic: bool = Field(description="Produit issu de l'agriculture biologique.")
    label: str | None = Field(None, description="Label de qualité (AB, Demeter...).")
    unit: str = Field(description="Unité de vente (kg, pièce, l, botte).")
    unit_price_eur: float = Field(description="Prix unitaire actuel en euros TTC.")
    updated_at: datetime = Field(description="Dernière modification (ISO 8601, UTC).")


class VenteMensuelle(BaseModel):
    """Ventes d'un magasin sur un mois (agrégat, sans donnée personnelle)."""

    store_code: str = Field(description="Code du magasin.", examples=["PV001"])
    mois: str = Field(description="Mois de la commande (UTC), AAAA-MM.", examples=["2024-06"])
    nb_commandes: int = Field(description="Commandes en magasin, hors annulées et remboursées.")
    chiffre_affaires_eur: float = Field(description="Chiffre d'affaires TTC en euros.")


class PageProduits(BaseModel):
    items: list[Produit] = Field(description="Les produits de la page.")
    total: int = Field(description="Nombre total de produits correspondant aux filtres.")
    limit: int = Field(description="Taille de la page (au plus 100).")
    offset: int = Field(description="Nombre d'éléments sautés avant cette page.")
    next: str | None = Field(None, description="URL de la page suivante, null à la fin.")


class PageVentes(BaseModel):
    items: list[VenteMensuelle] = Field(description="Les lignes de la page.")
    total: int = Field(description="Nombre total de lignes correspondant aux filtres.")
    limit: int = Field(description="Taille de la page (au plus 200).")
    offset: int = Field(description="Nombre d'éléments sautés avant cette page.")
    next: str | None = Field(None, description="URL de la page suivante, null à la fin.")


class Probleme(BaseModel):
    detail: str = Field(description="Explication de l'erreur, en français.")


def lire(request: Request, sql: str, **params) -> list[dict]:
    """Run a parameterised read query on the app's engine; rows as dictionaries."""
    with request.app.state.engine.connect() as conn:
        return [dict(row) for row in conn.execute(text(sql), params).mappings()]


async def erreur_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    """422 with a French detail naming the invalid parameters."""
    champs = ", ".join(str(err["loc"][-1]) for err in exc.errors())
    return JSONResponse(
        {"detail": f"Paramètres invalides : {champs}.", "errors": jsonable(exc.errors())},
        status_code=422,
    )


def jsonable(errors: list) -> list:
    """Pydantic errors may hold exceptions in ``ctx``: keep them printable."""
    return [{k: (v if k != "ctx" else {c: str(x) for c, x in v.items()}) for k, v in e.items()}
            for e in errors]


def sante() -> dict:
    """État du service : répond sans authentification, ne lit pas la base."""
    return {"status": "ok", "service": "partage-panier-vert"}
'''
(sortie / "partage_commun.py").write_text(CODE_COMMUN, encoding="utf-8")
if str(sortie.resolve()) not in sys.path:
    sys.path.insert(0, str(sortie.resolve()))
import partage_commun  # noqa: E402

partage_commun = importlib.reload(partage_commun)
from partage_commun import (  # noqa: E402
    CODE_MAGASIN,
    MOIS,
    Depends,
    FastAPI,
    HTTPException,
    PageProduits,
    PageVentes,
    Path,
    Probleme,
    Produit,
    Query,
    Request,
    RequestValidationError,
    Security,
    entete_cle,
    erreur_validation,
    lire,
    sante,
)


def mini_app(*routes, proteger=True):
    """A small FastAPI app with some of your routes, for the tests of part 2."""
    app = FastAPI()
    app.state.engine = engine_lecture
    app.state.cle_api = cle_api_demo
    app.add_exception_handler(RequestValidationError, erreur_validation)
    for path, endpoint, model in routes:
        deps = [Depends(verifier_cle)] if proteger else []
        app.add_api_route(path, endpoint, methods=["GET"], response_model=model, dependencies=deps)
    return app


def client_de_test(app):
    """FastAPI's in-process test client; server errors become 500 answers."""
    return TestClient(app, raise_server_exceptions=False)


def personal_strings():
    """Full names of customers and store managers, to look for leaks."""
    with admin.connect() as conn:
        names = conn.execute(text(
            "SELECT first_name || ' ' || last_name FROM customers "
            "UNION SELECT manager_name FROM stores WHERE manager_name IS NOT NULL"
        )).scalars().all()
    return set(names)


EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
TELEPHONE = re.compile(r"(?<![\d.])(?:0|\+33 ?)[1-9](?:[ .-]?[0-9]{2}){4}(?!\d)")
def names_in(texte, personnes):
    """Full names of ``personnes`` written in ``texte`` (runs of capitalised words)."""
    found = set()
    for run in re.findall(r"[A-ZÀ-Ý][\w'-]*(?: [A-ZÀ-Ý][\w'-]*)+", texte):
        words = run.split(" ")
        for i in range(len(words)):
            for j in range(i + 2, min(i + 5, len(words) + 1)):
                if " ".join(words[i:j]) in personnes:
                    found.add(" ".join(words[i:j]))
    return found


class RequestBudget:
    """Patch requests so that a runaway pagination loop fails instead of hanging."""

    def __init__(self, limit=500):
        self.limit, self.calls = limit, 0

    def __enter__(self):
        self.original = requests.Session.request
        budget = self

        def counted(session, *args, **kwargs):
            budget.calls += 1
            if budget.calls > budget.limit:
                raise AssertionError(
                    f"Plus de {budget.limit} requêtes : votre boucle ne s'arrête pas. "
                    "Suivez 'next' tel quel, sans renvoyer les paramètres de départ."
                )
            return budget.original(session, *args, **kwargs)

        requests.Session.request = counted
        return self

    def __exit__(self, *exc):
        requests.Session.request = self.original
        return False


CHAMPS_PERSONNELS = {"email", "phone", "first_name", "last_name", "manager_name", "address",
                     "birth_date", "customer_id", "loyalty_id"}
sorted(sa.inspect(admin).get_view_names(schema="partage"))

# %% [markdown]
# ---
# ## Partie 1 — Configurer l'accès à la base : un rôle en lecture seule
#
# Le référentiel parle de « **configurer des interfaces logicielles** ». Avant d'écrire une
# ligne d'API, on décide **avec quel compte** le service lira la base. La règle : le
# **moindre privilège**. Le compte du service ne doit pouvoir faire que ce que sa
# finalité exige, ici **lire** quelques **vues**.
#
# Dans PostgreSQL, un compte est un **rôle**. On lui accorde des droits avec `GRANT` :
#
# ```sql
# GRANT USAGE ON SCHEMA mon_schema TO mon_role;            -- « entrer » dans le schéma
# GRANT SELECT ON mon_schema.ma_vue TO mon_role;           -- lire une vue (ou une table)
# GRANT SELECT ON ALL TABLES IN SCHEMA mon_schema TO mon_role;  -- toutes, vues comprises
# ALTER ROLE mon_role SET default_transaction_read_only = on;   -- transactions en lecture seule
# ```
#
# Trois idées à retenir :
#
# - **les droits s'accordent sur les vues, pas sur les tables**. Une vue appartient à son
#   propriétaire : quand `mon_role` lit `partage.produits`, PostgreSQL vérifie les droits du
#   propriétaire de la vue sur `products`, pas ceux de `mon_role`. Le rôle peut donc lire
#   la vue **sans** pouvoir lire la table `customers` ;
# - `USAGE` sur le schéma est nécessaire : sans lui, le rôle ne « voit » pas les objets du
#   schéma (`permission denied for schema`) ;
# - **une vue simple est modifiable** : `partage.produits` ne lit qu'une table, donc un
#   `UPDATE partage.produits ...` modifierait `products` si le rôle en avait le droit.
#   N'accordez jamais `ALL` ou `INSERT`/`UPDATE`/`DELETE` à un compte de lecture ; la
#   lecture seule par défaut des transactions est une **deuxième barrière**.
#
# Voici les vues préparées par l'équipe : remarquez ce qu'elles **ne contiennent pas**.

# %%
print(VUES_PARTAGE)

# %% [markdown]
# Le rôle de ce lab s'appelle `role_api` (son nom exact contient un numéro, pour que
# plusieurs notebooks puissent tourner en même temps) :

# %%
print("Rôle :", role_api)
with admin.connect() as conn:
    print(conn.execute(text(
        "SELECT rolname, rolsuper, rolcanlogin FROM pg_roles WHERE rolname = :r"
    ), {"r": role_api}).mappings().one())

# %% [markdown]
# Pour vérifier les droits d'un rôle sans se connecter avec lui, PostgreSQL offre
# `has_table_privilege(role, objet, droit)` et `has_schema_privilege(role, schéma, droit)` :

# %%
with admin.connect() as conn:
    print(conn.execute(text(
        "SELECT has_table_privilege(:r, 'public.customers', 'SELECT') AS lit_customers, "
        "       has_schema_privilege(:r, 'partage', 'USAGE') AS entre_dans_partage"
    ), {"r": role_api}).mappings().one())

# %% [markdown]
# ### Exercice 1 — Le compte du service (2 points)
#
# Écrivez dans `droits_role_api` une **liste de chaînes**, chacune une instruction SQL,
# qui donne au rôle `role_api` **exactement** ce dont l'API a besoin :
#
# - lire **toutes les vues** du schéma `partage` (`produits`, `magasins`,
#   `ventes_mensuelles`), et rien d'autre : aucune table de `public`, aucun droit
#   d'écriture, aucun droit de créer des objets ;
# - toutes ses transactions doivent être **en lecture seule par défaut**.
#
# Le nom du rôle est dans la variable Python `role_api` : construisez vos instructions
# avec une f-string et mettez le nom entre guillemets doubles (`f'... TO "{role_api}"'`).
# La ligne qui suit la réponse exécute vos instructions avec le compte `admin`.
#
# > **Indice** : trois instructions suffisent (voir la leçon ci-dessus). Si vous vous
# > trompez, relancez la cellule de mise en place : elle recrée un rôle vide.

# %% nbgrader={"grade": false, "grade_id": "ex01_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
droits_role_api = [
    f'GRANT USAGE ON SCHEMA partage TO "{role_api}"',
    f'GRANT SELECT ON ALL TABLES IN SCHEMA partage TO "{role_api}"',
    f'ALTER ROLE "{role_api}" SET default_transaction_read_only = on',
]
### END SOLUTION
with admin.begin() as conn:
    for instruction in droits_role_api:
        conn.execute(text(instruction))
droits_role_api

# %% labkit={"competences": ["C12"]} nbgrader={"grade": true, "grade_id": "ex01_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 1 : le rôle lit les vues de partage, pas les tables, et ses transactions sont en lecture seule."""
assert isinstance(droits_role_api, list) and all(isinstance(s, str) for s in droits_role_api), (
    "droits_role_api doit être une liste de chaînes (une instruction SQL par chaîne)."
)
role_engine = sa.create_engine(url_role_api, poolclass=NullPool)
try:
    with role_engine.connect() as conn:
        try:
            conn.execute(text("SELECT COUNT(*) FROM partage.ventes_mensuelles")).scalar_one()
        except sa.exc.DBAPIError as exc:
            raise AssertionError(
                "Le rôle ne peut pas lire partage.ventes_mensuelles : avez-vous accordé USAGE "
                "sur le schéma et SELECT sur ses vues ? (" + str(exc.orig).splitlines()[0] + ")"
            ) from None
        mode = conn.execute(text("SHOW default_transaction_read_only")).scalar_one()
    assert mode == "on", (
        "Les transactions du rôle ne sont pas en lecture seule par défaut : "
        "pensez à ALTER ROLE ... SET default_transaction_read_only."
    )
    with role_engine.connect() as conn:
        try:
            conn.execute(text("SELECT COUNT(*) FROM public.customers")).scalar_one()
            lit_clients = True
        except sa.exc.DBAPIError:
            lit_clients = False
    assert not lit_clients, (
        "Le rôle peut lire la table customers : accordez les droits sur les vues du schéma "
        "partage seulement, pas sur les tables de public."
    )
finally:
    role_engine.dispose()
### BEGIN HIDDEN TESTS
with admin.connect() as conn:
    views = conn.execute(text(
        "SELECT table_name FROM information_schema.views WHERE table_schema = 'partage'"
    )).scalars().all()
    tables = conn.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
    )).scalars().all()
    assert views, "Le schéma partage n'a plus de vues : relancez la cellule de mise en place."
    for view in views:
        for right, wanted in [("SELECT", True), ("INSERT", False), ("UPDATE", False),
                              ("DELETE", False), ("TRUNCATE", False)]:
            got = conn.execute(text("SELECT has_table_privilege(:r, :t, :p)"),
                               {"r": role_api, "t": f"partage.{view}", "p": right}).scalar_one()
            assert got == wanted, (
                f"Droit {right} sur partage.{view} : le rôle ne doit pouvoir que lire les vues."
            )
    for table in tables:
        for right in ["SELECT", "INSERT", "UPDATE", "DELETE"]:
            got = conn.execute(text("SELECT has_table_privilege(:r, :t, :p)"),
                               {"r": role_api, "t": f"public.{table}", "p": right}).scalar_one()
            assert not got, f"Le rôle a le droit {right} sur public.{table} : retirez-le."
    for schema in ["partage", "public"]:
        got = conn.execute(text("SELECT has_schema_privilege(:r, :s, 'CREATE')"),
                           {"r": role_api, "s": schema}).scalar_one()
        assert not got, f"Le rôle peut créer des objets dans le schéma {schema}."
    flags = conn.execute(text(
        "SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles WHERE rolname = :r"
    ), {"r": role_api}).one()
    assert not any(flags), "Le rôle ne doit avoir aucun attribut d'administration."
### END HIDDEN TESTS

# %% [markdown]
# Votre service a désormais un compte qui **ne peut pas** lire les clients, même si un
# développeur écrit par erreur `SELECT * FROM customers` dans une route. La sécurité ne
# repose plus seulement sur le code de l'API : c'est la **défense en profondeur**.

# %% [markdown]
# ---
# ## Partie 2 — Construire l'API avec FastAPI
#
# ### Le code commun et le squelette
#
# FastAPI construit une API à partir de **fonctions Python typées** : chaque paramètre de
# la fonction devient un paramètre de la requête (chemin, requête, en-tête), **validé**
# automatiquement ; la valeur renvoyée (un `dict`) est filtrée par un **modèle de
# réponse** pydantic, puis convertie en JSON.
#
# La cellule de mise en place a écrit `sortie/partage_commun.py`, que vous pouvez ouvrir
# dans JupyterLab. Il contient :
#
# - les **modèles de réponse** (`Produit`, `VenteMensuelle`, `PageProduits`,
#   `PageVentes`, `Probleme`) : ce sont les **listes blanches** des champs partagés. Si une
#   route renvoie un champ de trop, FastAPI le retire ;
# - `entete_cle`, qui lit l'en-tête `X-API-Key` ;
# - `MOIS` et `CODE_MAGASIN`, deux expressions régulières pour valider des paramètres ;
# - `lire(request, sql, **params)`, qui exécute une requête SQL **paramétrée** sur la
#   base de l'application (`request.app.state.engine`) et renvoie une liste de
#   dictionnaires ;
# - `erreur_validation`, qui répond `422` avec un message en français ;
# - `sante`, la route `/health`.

# %%
print(CODE_COMMUN[CODE_COMMUN.index("def lire"):CODE_COMMUN.index("async def")])

# %% [markdown]
# Le squelette de l'application, `create_app(engine)`, est dans la cellule suivante. Il
# **assemble** les fonctions que vous allez écrire dans cette partie (`verifier_cle`,
# `lister_produits`, `lire_produit`, `lister_ventes`) et la documentation
# `DOCUMENTATION_VENTES`. Il ne pourra être appelé qu'une fois tout écrit ; en attendant,
# les tests construisent de petites applications avec `mini_app(...)`.
#
# Deux remarques sur le squelette :
#
# - `app.state` est un espace où ranger ce que les routes partagent : la base
#   (`app.state.engine`) et la clé d'API attendue (`app.state.cle_api`, lue dans la
#   variable d'environnement `PARTAGE_API_KEY`, jamais écrite en dur dans le code) ;
# - `dependencies=[Depends(verifier_cle)]` exécute votre contrôle d'accès **avant**
#   chaque route sécurisée ; `/health` reste ouverte.

# %% nbgrader={"grade": false, "grade_id": "squelette", "locked": true, "schema_version": 3, "solution": false, "task": false}
def create_app(engine) -> FastAPI:
    """The sharing API of Panier Vert, reading the database through ``engine``."""
    app = FastAPI(
        title="API de partage Panier Vert",
        version="1.0.0",
        description=(
            "Données de Panier Vert partagées avec les équipes et les partenaires : "
            "catalogue des produits et ventes mensuelles par magasin. **Aucune donnée "
            "personnelle** n'est exposée. Authentification : en-tête `X-API-Key`. "
            "Pagination : `limit` (plafonné) et `offset`, lien `next` dans chaque réponse."
        ),
        openapi_tags=[
            {"name": "catalogue", "description": "Produits vendus par Panier Vert."},
            {"name": "ventes", "description": "Agrégats de ventes, sans donnée personnelle."},
            {"name": "supervision", "description": "État du service."},
        ],
    )
    app.state.engine = engine
    app.state.cle_api = os.environ["PARTAGE_API_KEY"]
    app.add_exception_handler(RequestValidationError, erreur_validation)
    app.add_api_route("/health", sante, methods=["GET"], tags=["supervision"],
                      summary="État du service (sans authentification)")
    securise = [Depends(verifier_cle)]
    erreurs = {
        401: {"model": Probleme, "description": "Clé d'API absente ou invalide."},
        422: {"model": Probleme, "description": "Paramètre invalide."},
    }
    app.add_api_route(
        "/v1/produits", lister_produits, methods=["GET"], response_model=PageProduits,
        dependencies=securise, tags=["catalogue"], summary="Catalogue des produits",
        responses=erreurs,
    )
    app.add_api_route(
        "/v1/produits/{product_id}", lire_produit, methods=["GET"], response_model=Produit,
        dependencies=securise, tags=["catalogue"], summary="Un produit",
        responses={**erreurs, 404: {"model": Probleme, "description": "Produit inconnu."}},
    )
    app.add_api_route(
        "/v1/ventes/mensuelles", lister_ventes, methods=["GET"], response_model=PageVentes,
        dependencies=securise, tags=["ventes"], **DOCUMENTATION_VENTES,
    )
    return app


# %% [markdown]
# ### Authentifier : la clé d'API
#
# Une **dépendance** FastAPI est une fonction dont les paramètres sont remplis à partir
# de la requête, comme ceux d'une route. `Security(entete_cle)` lit l'en-tête
# `X-API-Key` (ou `None` s'il est absent, grâce à `auto_error=False`) et déclare le schéma
# d'authentification dans la documentation OpenAPI (le bouton *Authorize* de `/docs`).
#
# Pour refuser une requête, on **lève** une `HTTPException` :
#
# ```python
# raise HTTPException(status_code=401, detail="Message en français.",
#                     headers={"WWW-Authenticate": "ApiKey"})
# ```
#
# - `401 Unauthorized` veut dire « je ne sais pas qui vous êtes » (clé absente ou
#   fausse) ; `403 Forbidden` veut dire « je sais qui vous êtes, mais c'est interdit ».
#   L'en-tête `WWW-Authenticate` accompagne normalement un `401` : il dit au client comment
#   s'authentifier ;
# - comparez les secrets avec `secrets.compare_digest(a, b)` (ou `hmac.compare_digest`),
#   dont la durée ne dépend pas du nombre de caractères corrects : avec `==`, un attaquant
#   patient peut deviner la clé caractère par caractère en mesurant les temps de réponse.
#
# Exemple d'une dépendance qui refuse les requêtes sans en-tête `X-Demo` (ce n'est pas
# la réponse) :

# %%
from fastapi import Header  # noqa: E402


def exiger_demo(x_demo: str | None = Header(None)) -> None:
    if x_demo is None:
        raise HTTPException(status_code=400, detail="En-tête X-Demo manquant.")


demo = FastAPI()
demo.add_api_route("/bonjour", lambda: {"message": "bonjour"}, methods=["GET"],
                   dependencies=[Depends(exiger_demo)])
with client_de_test(demo) as client:
    print(client.get("/bonjour").status_code, client.get("/bonjour").json())
    print(client.get("/bonjour", headers={"X-Demo": "1"}).json())

# %% [markdown]
# ### Exercice 2 — Exiger une clé d'API (2 points)
#
# Écrivez la dépendance `verifier_cle(request: Request, cle: str | None = Security(entete_cle)) -> None` :
#
# - si `cle` est absente **ou** différente de la clé attendue `request.app.state.cle_api`,
#   elle lève une `HTTPException` de statut **401**, avec un `detail` **en français** qui
#   dit quoi faire (par exemple : envoyer une clé valide dans l'en-tête `X-API-Key`) et
#   l'en-tête de réponse `WWW-Authenticate: ApiKey` ;
# - sinon, elle ne renvoie rien (`None`) : la requête continue ;
# - la comparaison se fait en **temps constant** (`secrets.compare_digest`).
#
# > **Indice** : `secrets.compare_digest` refuse `None` : traitez l'absence de clé d'abord.

# %% nbgrader={"grade": false, "grade_id": "ex02_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def verifier_cle(request: Request, cle: str | None = Security(entete_cle)) -> None:
    """Refuse les requêtes sans clé d'API valide (401)."""
    attendue = request.app.state.cle_api
    if cle is None or not secrets.compare_digest(cle.encode(), attendue.encode()):
        raise HTTPException(
            status_code=401,
            detail="Clé d'API absente ou invalide : envoyez votre clé dans l'en-tête X-API-Key.",
            headers={"WWW-Authenticate": "ApiKey"},
        )
### END SOLUTION


# %% labkit={"competences": ["C12"]} nbgrader={"grade": true, "grade_id": "ex02_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 2 : 401 en français sans clé ou avec une mauvaise clé, 200 avec la bonne clé."""
app_test = mini_app(("/v1/ping", lambda: {"pong": True}, None))
with client_de_test(app_test) as client:
    sans_cle = client.get("/v1/ping")
    assert sans_cle.status_code == 401, (
        f"Sans clé, la réponse doit être 401 (reçu : {sans_cle.status_code})."
    )
    mauvaise = client.get("/v1/ping", headers={"X-API-Key": "pas-la-bonne"})
    assert mauvaise.status_code == 401, (
        f"Avec une mauvaise clé, la réponse doit être 401 (reçu : {mauvaise.status_code})."
    )
    bonne = client.get("/v1/ping", headers={"X-API-Key": cle_api_demo})
    assert bonne.status_code == 200, (
        f"Avec la bonne clé, la requête doit passer (reçu : {bonne.status_code}, {bonne.text[:200]})."
    )
    detail = sans_cle.json().get("detail")
    assert isinstance(detail, str) and len(detail) >= 15, (
        "Le 401 doit porter un message 'detail' en français qui explique quoi faire."
    )
### BEGIN HIDDEN TESTS
app_test.state.cle_api = "une-autre-cle"
with client_de_test(app_test) as client:
    assert client.get("/v1/ping", headers={"X-API-Key": cle_api_demo}).status_code == 401, (
        "La clé attendue doit être lue dans request.app.state.cle_api, pas écrite en dur."
    )
    assert client.get("/v1/ping", headers={"X-API-Key": "une-autre-cle"}).status_code == 200, (
        "La bonne clé (celle de request.app.state.cle_api) doit être acceptée."
    )
    assert client.get("/v1/ping", headers={"X-API-Key": ""}).status_code == 401, (
        "Une clé vide doit être refusée."
    )
    reponse = client.get("/v1/ping")
    assert reponse.headers.get("www-authenticate", "").lower().startswith("apikey"), (
        "Le 401 doit porter l'en-tête WWW-Authenticate: ApiKey."
    )
assert "compare_digest" in inspect.getsource(verifier_cle), (
    "Comparez la clé en temps constant (secrets.compare_digest)."
)
### END HIDDEN TESTS

# %% [markdown]
# ### Paginer : `limit`, `offset`, `total` et le lien `next`
#
# Une API ne renvoie jamais une table entière. Avec la pagination par **décalage**, le
# client demande `limit` éléments en sautant les `offset` premiers. La réponse porte une
# **enveloppe** :
#
# ```json
# {"items": [...], "total": 447, "limit": 20, "offset": 40,
#  "next": "http://hote/v1/produits?limit=20&offset=60"}
# ```
#
# - `total` : le nombre d'éléments qui correspondent aux filtres (un `COUNT(*)`), pour
#   afficher « page 3 sur 23 » ;
# - `next` : l'URL **complète** de la page suivante, avec les **mêmes filtres**, ou `null`
#   sur la dernière page. Le client n'a qu'à la suivre. Dans FastAPI,
#   `str(request.url.include_query_params(offset=..., limit=...))` renvoie l'URL de la
#   requête en cours avec ces paramètres remplacés (les autres sont conservés) ;
# - un **ordre stable** (`ORDER BY` sur une clé unique) : sans lui, PostgreSQL peut
#   renvoyer les lignes dans un autre ordre d'une requête à l'autre, et des éléments
#   seraient lus deux fois ou jamais ;
# - une **taille plafonnée** : `Query(20, ge=1, le=100)` déclare une valeur par défaut de
#   20 et fait répondre **422** à `limit=0` ou `limit=5000`, sans une ligne de code.
#
# Les **filtres** sont d'autres paramètres de la fonction : `category: str | None =
# Query(None, description="...")`. En SQL, un filtre facultatif s'écrit sans construire
# la requête par concaténation (jamais de f-string avec une valeur du client : c'est une
# injection SQL) :
#
# ```sql
# WHERE (CAST(:category AS text) IS NULL OR category = :category)
# ```
#
# Exemple : une route qui liste les magasins d'un département, paginée mais sans `next`
# (ce n'est pas la réponse, mais elle vous montre `lire` et `Query`) :

# %%
def lister_magasins_demo(
    request: Request,
    departement: str | None = Query(None, description="Code du département, par ex. `75`."),
    limit: int = Query(5, ge=1, le=20, description="Taille de la page."),
    offset: int = Query(0, ge=0, description="Éléments à sauter."),
) -> dict:
    filtre = "WHERE (CAST(:dep AS text) IS NULL OR departement_code = :dep)"
    total = lire(request, f"SELECT COUNT(*) AS n FROM partage.magasins {filtre}",
                 dep=departement)[0]["n"]
    items = lire(request, f"SELECT store_code, name, city FROM partage.magasins {filtre} "
                 "ORDER BY store_code LIMIT :limit OFFSET :offset",
                 dep=departement, limit=limit, offset=offset)
    return {"items": items, "total": total}


with client_de_test(mini_app(("/magasins", lister_magasins_demo, None), proteger=False)) as client:
    print(json.dumps(client.get("/magasins", params={"limit": 2}).json(), ensure_ascii=False,
                     indent=1))
    print(client.get("/magasins", params={"limit": 500}).json()["detail"])

# %% [markdown]
# Remarquez que le filtre est écrit **une fois** et sert aux deux requêtes (le `COUNT` et
# la page) : `total` compte bien les éléments **filtrés**.

# %% [markdown]
# ### Exercice 3 — Le catalogue paginé et filtré (3 points)
#
# Écrivez la route `lister_produits(request: Request, category=..., bio=..., limit=..., offset=...) -> dict`
# qui lit la vue `partage.produits` :
#
# - paramètres de requête, tous facultatifs, avec une `description` en français :
#   - `category` (`str | None`, défaut `None`) : filtre exact sur `category` ;
#   - `bio` (`bool | None`, défaut `None`) : filtre sur `organic` ;
#   - `limit` (`int`, défaut **20**, entre **1 et 100**, `422` sinon) ;
#   - `offset` (`int`, défaut **0**, au moins 0) ;
# - produits triés par `product_id` croissant ;
# - renvoie un `dict` avec les clés `items` (les lignes de la vue, toutes ses colonnes),
#   `total` (nombre de produits qui respectent les filtres), `limit`, `offset` et `next`
#   (URL absolue de la page suivante avec les mêmes filtres, ou `None` s'il n'y en a pas).
#
# > **Indice** : il y a une page suivante quand `offset + limit < total`. Pour un filtre
# > booléen facultatif : `CAST(:bio AS boolean) IS NULL OR organic = :bio`.

# %% nbgrader={"grade": false, "grade_id": "ex03_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def lister_produits(
    request: Request,
    category: str | None = Query(
        None, description="Rayon (filtre exact).", examples=["Épicerie salée"]
    ),
    bio: bool | None = Query(None, description="Seulement les produits bio (true) ou non bio (false)."),
    limit: int = Query(20, ge=1, le=100, description="Nombre de produits par page (1 à 100)."),
    offset: int = Query(0, ge=0, description="Nombre de produits à sauter."),
) -> dict:
    """Catalogue des produits, trié par `product_id`, paginé par `limit` et `offset`."""
    filtre = ("WHERE (CAST(:category AS text) IS NULL OR category = :category) "
              "AND (CAST(:bio AS boolean) IS NULL OR organic = :bio)")
    total = lire(request, f"SELECT COUNT(*) AS n FROM partage.produits {filtre}",
                 category=category, bio=bio)[0]["n"]
    items = lire(
        request,
        f"SELECT * FROM partage.produits {filtre} ORDER BY product_id LIMIT :limit OFFSET :offset",
        category=category, bio=bio, limit=limit, offset=offset,
    )
    suivant = None
    if offset + limit < total:
        suivant = str(request.url.include_query_params(offset=offset + limit, limit=limit))
    return {"items": items, "total": total, "limit": limit, "offset": offset, "next": suivant}
### END SOLUTION


# %% labkit={"competences": ["C12"]} nbgrader={"grade": true, "grade_id": "ex03_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 3 : enveloppe de pagination, tri, filtres, lien next, taille plafonnée (422)."""
cle = {"X-API-Key": cle_api_demo}
with client_de_test(mini_app(("/v1/produits", lister_produits, PageProduits))) as client:
    r = client.get("/v1/produits", headers=cle)
    assert r.status_code == 200, f"GET /v1/produits répond {r.status_code} : {r.text[:300]}"
    page = r.json()
    assert set(page) == {"items", "total", "limit", "offset", "next"}, (
        f"Clés de l'enveloppe : {sorted(page)} ; attendu items, total, limit, offset, next."
    )
    assert page["limit"] == 20 and page["offset"] == 0 and len(page["items"]) == 20, (
        "Sans paramètre, la première page doit contenir 20 produits (limit=20, offset=0)."
    )
    ids = [p["product_id"] for p in page["items"]]
    assert ids == sorted(ids), "Les produits doivent être triés par product_id croissant."
    assert isinstance(page["next"], str) and page["next"].startswith("http"), (
        "Il y a d'autres pages : 'next' doit être l'URL complète de la page suivante."
    )
    for mauvais in [{"limit": 0}, {"limit": 101}, {"offset": -1}, {"bio": "peut-etre"}]:
        assert client.get("/v1/produits", headers=cle, params=mauvais).status_code == 422, (
            f"Les paramètres {mauvais} doivent être refusés (422) : bornez limit et offset avec Query."
        )
### BEGIN HIDDEN TESTS
with engine_lecture.connect() as conn:
    ref_all = conn.execute(text("SELECT product_id FROM partage.produits ORDER BY product_id")).scalars().all()
    cat = conn.execute(text(
        "SELECT category FROM partage.produits GROUP BY category ORDER BY COUNT(*) DESC, category LIMIT 1"
    )).scalar_one()
    ref_cat_bio = conn.execute(text(
        "SELECT product_id FROM partage.produits WHERE category = :c AND organic ORDER BY product_id"
    ), {"c": cat}).scalars().all()
    ref_not_bio = conn.execute(text(
        "SELECT COUNT(*) FROM partage.produits WHERE NOT organic"
    )).scalar_one()
with client_de_test(mini_app(("/v1/produits", lister_produits, PageProduits))) as client:
    assert client.get("/v1/produits", headers=cle).json()["total"] == len(ref_all), (
        "Sans filtre, total doit compter tous les produits de la vue (un COUNT(*) sans LIMIT)."
    )
    # follow the next links with small pages and a filter
    seen, url_page, calls = [], "/v1/produits?limit=7&category=" + requests.utils.quote(cat) + "&bio=true", 0
    while url_page:
        body = client.get(url_page, headers=cle).json()
        assert body["total"] == len(ref_cat_bio), (
            "total doit compter les produits filtrés." if calls == 0 else
            "La page atteinte en suivant next n'a plus les mêmes filtres : next doit garder category "
            "et bio (request.url.include_query_params)."
        )
        assert all(p["category"] == cat and p["organic"] for p in body["items"]), (
            "Avec category et bio=true, chaque page (y compris celles atteintes par next) ne doit "
            "contenir que des produits de ce rayon et bio : next doit garder les filtres."
        )
        seen += [p["product_id"] for p in body["items"]]
        url_page, calls = body["next"], calls + 1
        assert calls < 1000, "En suivant next, la pagination ne s'arrête pas : next doit valoir None à la fin."
    assert seen == ref_cat_bio, "En suivant 'next', on doit lire chaque produit filtré une fois, dans l'ordre."
    last = client.get("/v1/produits", headers=cle, params={"limit": 100, "offset": len(ref_all) - 3}).json()
    assert last["next"] is None and len(last["items"]) == 3, (
        "Sur la dernière page (offset proche de total), next doit valoir None et items contenir "
        "les produits restants."
    )
    lim = min(max(len(ref_cat_bio), 1), 100)
    exact = client.get("/v1/produits", headers=cle, params={"limit": lim, "offset": max(len(ref_cat_bio) - lim, 0), "category": cat, "bio": True}).json()
    assert exact["next"] is None, "Sur la dernière page, next doit valoir null."
    assert client.get("/v1/produits", headers=cle, params={"bio": False}).json()["total"] == ref_not_bio, (
        "Avec bio=false, seuls les produits non bio doivent être comptés."
    )
    assert client.get("/v1/produits", headers=cle, params={"limit": 100}).json()["items"][0]["product_id"] == ref_all[0], (
        "La première page doit commencer par le plus petit product_id."
    )
    assert client.get("/v1/produits", headers=cle, params={"limit": 5, "offset": 5}).json()["items"][0]["product_id"] == ref_all[5], (
        "offset doit sauter exactement ce nombre de produits (LIMIT :limit OFFSET :offset)."
    )
    assert client.get("/v1/produits", headers=cle, params={"category": "Rayon inconnu"}).json()["total"] == 0, (
        "Un rayon inconnu doit donner total = 0 (le filtre category est exact)."
    )
params_doc = {p.name: p for p in inspect.signature(lister_produits).parameters.values()}
for nom in ["category", "bio", "limit", "offset"]:
    assert getattr(params_doc[nom].default, "description", None), f"Le paramètre {nom} doit avoir une description."
### END HIDDEN TESTS

# %% [markdown]
# ### Gérer les erreurs : `404` en français
#
# Une ressource demandée par son identifiant peut ne pas exister : la bonne réponse est
# **404**, avec un message qui dit **ce qui** est introuvable, et non un `200` vide ni
# un `500`. Un paramètre de **chemin** se déclare avec `Path` :
# `product_id: int = Path(ge=1, description="...")`. Un identifiant qui n'est pas un entier
# (`/v1/produits/abc`) reçoit alors un `422` automatiquement.

# %% [markdown]
# ### Exercice 4 — Un produit par son identifiant (1 point)
#
# Écrivez la route `lire_produit(request: Request, product_id: int = Path(...)) -> dict` :
#
# - `product_id` est un entier **au moins égal à 1**, avec une `description` ;
# - elle renvoie la ligne de `partage.produits` qui porte cet identifiant (un `dict`) ;
# - si le produit n'existe pas, elle lève une `HTTPException` **404** dont le `detail`
#   est exactement `f"Produit {product_id} introuvable."`.

# %% nbgrader={"grade": false, "grade_id": "ex04_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def lire_produit(
    request: Request,
    product_id: int = Path(ge=1, description="Identifiant du produit.", examples=[42]),
) -> dict:
    """Fiche d'un produit ; 404 s'il n'existe pas."""
    lignes = lire(request, "SELECT * FROM partage.produits WHERE product_id = :id", id=product_id)
    if not lignes:
        raise HTTPException(status_code=404, detail=f"Produit {product_id} introuvable.")
    return lignes[0]
### END SOLUTION


# %% labkit={"competences": ["C12"]} nbgrader={"grade": true, "grade_id": "ex04_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Exercice 4 : un produit existant (200), un identifiant inconnu (404 en français), invalide (422)."""
cle = {"X-API-Key": cle_api_demo}
with engine_lecture.connect() as conn:
    un_id = conn.execute(text("SELECT min(product_id) FROM partage.produits")).scalar_one()
with client_de_test(mini_app(("/v1/produits/{product_id}", lire_produit, Produit))) as client:
    r = client.get(f"/v1/produits/{un_id}", headers=cle)
    assert r.status_code == 200, f"GET /v1/produits/{un_id} répond {r.status_code} : {r.text[:300]}"
    assert r.json()["product_id"] == un_id, "La route doit renvoyer le produit demandé."
    absent = client.get("/v1/produits/99999999", headers=cle)
    assert absent.status_code == 404, f"Un produit inconnu doit donner 404 (reçu : {absent.status_code})."
    assert client.get("/v1/produits/abc", headers=cle).status_code == 422, (
        "Un identifiant qui n'est pas un entier doit donner 422 : annotez product_id avec int."
    )
### BEGIN HIDDEN TESTS
with engine_lecture.connect() as conn:
    last = conn.execute(text("SELECT * FROM partage.produits ORDER BY product_id DESC LIMIT 1")).mappings().one()
with client_de_test(mini_app(("/v1/produits/{product_id}", lire_produit, Produit))) as client:
    got = client.get(f"/v1/produits/{last['product_id']}", headers=cle).json()
    assert got["ean13"] == last["ean13"] and got["name"] == last["name"], (
        "La route doit renvoyer la ligne de partage.produits qui porte le product_id demandé."
    )
    assert abs(got["unit_price_eur"] - float(last["unit_price_eur"])) < 1e-9, (
        "Le prix renvoyé n'est pas celui de partage.produits pour ce produit."
    )
    assert client.get("/v1/produits/99999999", headers=cle).json()["detail"] == "Produit 99999999 introuvable.", (
        "Le detail du 404 doit être exactement celui de l'énoncé (f\"Produit {product_id} introuvable.\")."
    )
    assert client.get("/v1/produits/0", headers=cle).status_code == 422, "product_id doit être au moins 1 (ge=1)."
    assert client.get("/v1/produits/-5", headers=cle).status_code == 422, "product_id doit être au moins 1 (ge=1)."
### END HIDDEN TESTS

# %% [markdown]
# ### Filtrer et valider : les ventes mensuelles
#
# FastAPI valide chaque paramètre **avant** d'appeler votre fonction. Outre le type
# (`int`, `bool`, `date`…), `Query` accepte des contraintes : `ge`, `le` pour les nombres,
# `min_length`, `max_length` et `pattern` (une expression régulière) pour les textes.
# Une valeur qui ne respecte pas la contrainte reçoit un **422** sans que votre code soit
# exécuté. Le module commun fournit deux motifs : `MOIS` (`AAAA-MM`) et `CODE_MAGASIN`
# (`PV` suivi de trois chiffres).
#
# Certaines règles portent sur **plusieurs** paramètres (une date de début après la date
# de fin) : c'est alors à votre code de lever `HTTPException(status_code=422, ...)`.
#
# Les mois `AAAA-MM` se comparent correctement **comme du texte** (`'2023-12' < '2024-01'`),
# ce qui simplifie les filtres SQL sur la colonne `mois`.

# %% [markdown]
# ### Exercice 5 — Les ventes par magasin et par mois (3 points)
#
# Écrivez la route `lister_ventes(request: Request, store_code=..., du=..., au=..., limit=..., offset=...) -> dict`
# qui lit la vue `partage.ventes_mensuelles` :
#
# - paramètres de requête, tous facultatifs, chacun avec une `description` en français
#   **et** un exemple (`examples=[...]`) :
#   - `store_code` (`str | None`) : filtre exact sur le magasin, validé par le motif
#     `CODE_MAGASIN` (`pattern=CODE_MAGASIN`) ;
#   - `du` et `au` (`str | None`) : premier et dernier mois **inclus**, validés par le
#     motif `MOIS` ;
#   - `limit` (`int`, défaut **50**, entre **1 et 200**) et `offset` (`int`, défaut 0,
#     au moins 0) ;
# - si `du` et `au` sont donnés et que `du` est **après** `au` : `HTTPException` **422**
#   avec un `detail` en français ;
# - si `store_code` est donné mais n'existe pas dans `partage.magasins` :
#   `HTTPException` **404** avec le `detail` exactement `f"Magasin {store_code} inconnu."` ;
# - lignes triées par `store_code` puis `mois` ;
# - renvoie la même enveloppe que l'exercice 3 : `items`, `total`, `limit`, `offset`,
#   `next`.
#
# La **docstring** de votre fonction n'est pas notée ici, mais l'exercice 6 lui demandera
# de décrire la route.

# %% nbgrader={"grade": false, "grade_id": "ex05_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def lister_ventes(
    request: Request,
    store_code: str | None = Query(
        None, pattern=CODE_MAGASIN, description="Code du magasin (filtre exact).",
        examples=["PV001"],
    ),
    du: str | None = Query(
        None, pattern=MOIS, description="Premier mois inclus, au format AAAA-MM.",
        examples=["2024-01"],
    ),
    au: str | None = Query(
        None, pattern=MOIS, description="Dernier mois inclus, au format AAAA-MM.",
        examples=["2024-06"],
    ),
    limit: int = Query(50, ge=1, le=200, description="Lignes par page (1 à 200).", examples=[50]),
    offset: int = Query(0, ge=0, description="Nombre de lignes à sauter.", examples=[0]),
) -> dict:
    """Chiffre d'affaires et nombre de commandes par magasin et par mois.

    Agrégats calculés sur les commandes en magasin, hors commandes annulées ou
    remboursées ; aucune donnée personnelle. Tri par magasin puis par mois.
    """
    if du is not None and au is not None and du > au:
        raise HTTPException(status_code=422, detail="Le mois 'du' doit précéder ou égaler le mois 'au'.")
    if store_code is not None and not lire(
        request, "SELECT 1 FROM partage.magasins WHERE store_code = :s", s=store_code
    ):
        raise HTTPException(status_code=404, detail=f"Magasin {store_code} inconnu.")
    filtre = ("WHERE (CAST(:s AS text) IS NULL OR store_code = :s) "
              "AND (CAST(:du AS text) IS NULL OR mois >= :du) "
              "AND (CAST(:au AS text) IS NULL OR mois <= :au)")
    valeurs = {"s": store_code, "du": du, "au": au}
    total = lire(request, f"SELECT COUNT(*) AS n FROM partage.ventes_mensuelles {filtre}",
                 **valeurs)[0]["n"]
    items = lire(
        request,
        f"SELECT * FROM partage.ventes_mensuelles {filtre} "
        "ORDER BY store_code, mois LIMIT :limit OFFSET :offset",
        limit=limit, offset=offset, **valeurs,
    )
    suivant = None
    if offset + limit < total:
        suivant = str(request.url.include_query_params(offset=offset + limit, limit=limit))
    return {"items": items, "total": total, "limit": limit, "offset": offset, "next": suivant}
### END SOLUTION


# %% labkit={"competences": ["C12"]} nbgrader={"grade": true, "grade_id": "ex05_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 5 : filtres validés (422), magasin inconnu (404), tri, bornes incluses, pagination."""
cle = {"X-API-Key": cle_api_demo}
with engine_lecture.connect() as conn:
    magasin = conn.execute(text("SELECT min(store_code) FROM partage.magasins")).scalar_one()
with client_de_test(mini_app(("/v1/ventes/mensuelles", lister_ventes, PageVentes))) as client:
    r = client.get("/v1/ventes/mensuelles", headers=cle, params={"store_code": magasin})
    assert r.status_code == 200, f"GET /v1/ventes/mensuelles répond {r.status_code} : {r.text[:300]}"
    page = r.json()
    assert set(page) == {"items", "total", "limit", "offset", "next"}, (
        f"Clés de l'enveloppe : {sorted(page)} ; attendu items, total, limit, offset, next."
    )
    assert page["items"] and all(v["store_code"] == magasin for v in page["items"]), (
        "Le filtre store_code doit ne garder que les lignes de ce magasin."
    )
    mois = [v["mois"] for v in page["items"]]
    assert mois == sorted(mois), "Pour un magasin, les mois doivent être triés."
    for mauvais in [{"du": "2024-13"}, {"au": "janvier"}, {"store_code": "magasin 1"},
                    {"limit": 201}, {"du": "2024-06", "au": "2024-01"}]:
        code = client.get("/v1/ventes/mensuelles", headers=cle, params=mauvais).status_code
        assert code == 422, f"Les paramètres {mauvais} doivent être refusés (422), reçu {code}."
    inconnu = client.get("/v1/ventes/mensuelles", headers=cle, params={"store_code": "PV999"})
    assert inconnu.status_code == 404, f"Un magasin inconnu doit donner 404 (reçu : {inconnu.status_code})."
### BEGIN HIDDEN TESTS
import pandas as pd  # noqa: E402

with engine_lecture.connect() as conn:
    ref = pd.read_sql(text("SELECT * FROM partage.ventes_mensuelles"), conn)
ref = ref.sort_values(["store_code", "mois"]).reset_index(drop=True)
ref["chiffre_affaires_eur"] = ref["chiffre_affaires_eur"].astype(float)
with client_de_test(mini_app(("/v1/ventes/mensuelles", lister_ventes, PageVentes))) as client:
    first = client.get("/v1/ventes/mensuelles", headers=cle).json()
    assert first["limit"] == 50 and first["offset"] == 0 and first["total"] == len(ref), (
        "Sans paramètre : limit vaut 50 par défaut, offset 0, et total compte toutes les lignes de la vue."
    )
    rows, nxt = [], "/v1/ventes/mensuelles?limit=37"
    while nxt:
        body = client.get(nxt, headers=cle).json()
        rows += body["items"]
        nxt = body["next"]
    got = pd.DataFrame(rows)
    checks.assert_frame_matches(got, ref, ordered=True, check_types=False,
                                label="les lignes lues en suivant next")
    body = client.get("/v1/ventes/mensuelles", headers=cle,
                      params={"du": "2023-12", "au": "2024-02", "limit": 200}).json()
    expected = ref[(ref["mois"] >= "2023-12") & (ref["mois"] <= "2024-02")]
    assert body["total"] == len(expected), "Les bornes du et au sont incluses."
    assert [(v["store_code"], v["mois"]) for v in body["items"]] == list(zip(expected["store_code"], expected["mois"], strict=True)), (
        "Avec du et au, les lignes doivent être celles de ces mois (bornes incluses), triées par store_code puis mois."
    )
    body = client.get("/v1/ventes/mensuelles", headers=cle, params={"store_code": magasin, "du": "2024-12", "limit": 1}).json()
    assert body["total"] == int(((ref["store_code"] == magasin) & (ref["mois"] >= "2024-12")).sum()), (
        "Avec store_code et du, total doit compter les lignes qui respectent les deux filtres."
    )
    detail = client.get("/v1/ventes/mensuelles", headers=cle, params={"store_code": "PV999"}).json()["detail"]
    assert detail == "Magasin PV999 inconnu.", (
        "Le detail du 404 doit être exactement celui de l'énoncé (f\"Magasin {store_code} inconnu.\")."
    )
    assert client.get("/v1/ventes/mensuelles", headers=cle, params={"du": "2024-03", "au": "2024-03"}).status_code == 200, (
        "du égal à au est valide (un seul mois) : ne refusez que du strictement après au."
    )
    assert client.get("/v1/ventes/mensuelles", headers=cle, params={"limit": 0}).status_code == 422, (
        "limit=0 doit être refusé (422) : bornez limit avec Query(ge=1, le=200)."
    )
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 3 — Documenter et tester l'API entière
#
# ### OpenAPI
#
# FastAPI génère la spécification **OpenAPI** de l'API (`app.openapi()`, servie sur
# `/openapi.json`) et une page interactive (`/docs`). Tout ce que vous avez déclaré y
# figure : les chemins, les paramètres avec leurs contraintes, les modèles de réponse,
# le schéma d'authentification. Votre travail est de la rendre **utile** à quelqu'un qui
# ne connaît pas votre code :
#
# - un **résumé** (`summary`) court et une **description** (la docstring de la fonction,
#   ou l'argument `description=`) qui donne le sens métier ;
# - une `description` et un **exemple** pour chaque paramètre (`Query(..., description=...,
#   examples=[...])`) ;
# - les **réponses d'erreur** possibles, avec leur sens : l'argument `responses` de la
#   route, un dictionnaire `{code: {"model": Probleme, "description": "..."}}`.
#
# Voici ce que la spécification dit déjà de la route des produits :

# %%
app_doc = mini_app(("/v1/produits", lister_produits, PageProduits))
operation = app_doc.openapi()["paths"]["/v1/produits"]["get"]
print(json.dumps({k: operation[k] for k in ["description", "parameters"] if k in operation},
                 ensure_ascii=False, indent=1)[:1500])

# %% [markdown]
# ### Exercice 6 — Documenter la route des ventes et prouver qu'aucune donnée personnelle ne sort (2 points)
#
# Le squelette `create_app` passe à la route `/v1/ventes/mensuelles` les arguments du
# dictionnaire `DOCUMENTATION_VENTES`. Écrivez ce dictionnaire avec trois clés :
#
# - `"summary"` : un titre court en français (au moins 10 caractères) ;
# - `"description"` : le sens métier des données en français, en au moins 80 caractères
#   (quelles commandes sont comptées, à quoi servent ces agrégats, l'absence de données
#   personnelles) ;
# - `"responses"` : les erreurs possibles **401**, **404** et **422**, chacune avec le
#   modèle `Probleme` et une `description` en français.
#
# La cellule de test assemble l'API complète avec `create_app(engine_lecture)`. Elle
# vérifie aussi, dans la spécification, que chaque paramètre de `lister_ventes` a une
# description et un exemple (exercice 5), puis **appelle chaque route** de l'API et
# vérifie qu'aucune réponse ne contient d'e-mail, de numéro de téléphone, de nom de
# client ou de responsable de magasin, ni de champ personnel.

# %% nbgrader={"grade": false, "grade_id": "ex06_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
DOCUMENTATION_VENTES = {
    "summary": "Ventes mensuelles par magasin",
    "description": (
        "Chiffre d'affaires TTC et nombre de commandes **par magasin et par mois** (mois "
        "de la commande en UTC), calculés sur les commandes en magasin hors commandes "
        "annulées ou remboursées. Destiné au contrôle de gestion et aux tableaux de bord : "
        "ce sont des agrégats, sans aucune donnée personnelle. Filtres : magasin, premier "
        "et dernier mois inclus. Pagination : limit (au plus 200) et offset, lien next."
    ),
    "responses": {
        401: {"model": Probleme, "description": "Clé d'API absente ou invalide."},
        404: {"model": Probleme, "description": "Magasin inconnu."},
        422: {"model": Probleme,
              "description": "Paramètre invalide (format AAAA-MM, code PV000, du après au)."},
    },
}
### END SOLUTION
app_complete = create_app(engine_lecture)
sorted(route.path for route in app_complete.routes)

# %% labkit={"competences": ["C12"]} nbgrader={"grade": true, "grade_id": "ex06_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 6 : documentation OpenAPI de la route des ventes et aucune donnée personnelle dans aucune réponse."""
app_complete = create_app(engine_lecture)
spec = app_complete.openapi()
op = spec["paths"]["/v1/ventes/mensuelles"]["get"]
assert len(op.get("summary", "")) >= 10, "Donnez un résumé ('summary') d'au moins 10 caractères."
assert len(op.get("description", "")) >= 80, "La description doit faire au moins 80 caractères."
for code in ["401", "404", "422"]:
    assert op["responses"].get(code, {}).get("description"), (
        f"La réponse {code} doit être documentée avec une description."
    )
for param in op["parameters"]:
    assert param.get("description"), f"Le paramètre {param['name']} n'a pas de description."
    assert param.get("example") is not None or param.get("examples") or \
        param.get("schema", {}).get("examples"), f"Le paramètre {param['name']} n'a pas d'exemple."


def every_response(client):
    """Call every GET route of the API with the key; yield (path, response)."""
    with engine_lecture.connect() as conn:
        pid = conn.execute(text("SELECT min(product_id) FROM partage.produits")).scalar_one()
    for path, methods in spec["paths"].items():
        if "get" not in methods:
            continue
        concrete = path.replace("{product_id}", str(pid))
        params = {p["name"]: p for p in methods["get"].get("parameters", []) if p["in"] == "query"}
        query = {"limit": params["limit"]["schema"].get("maximum", 100)} if "limit" in params else {}
        yield path, client.get(concrete, headers={"X-API-Key": cle_api_demo}, params=query)


personnes = personal_strings()


def keys_of(value):
    if isinstance(value, dict):
        return set(value) | set().union(*(keys_of(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(keys_of(v) for v in value)) if value else set()
    return set()


with client_de_test(app_complete) as client:
    for path, reponse in every_response(client):
        assert reponse.status_code == 200, f"GET {path} répond {reponse.status_code} : {reponse.text[:200]}"
        texte = reponse.text
        assert not EMAIL.search(texte), f"GET {path} renvoie une adresse e-mail."
        assert not TELEPHONE.search(texte), f"GET {path} renvoie un numéro de téléphone."
        assert not names_in(texte, personnes), f"GET {path} renvoie le nom d'une personne."
        assert not keys_of(reponse.json()) & CHAMPS_PERSONNELS, f"GET {path} renvoie un champ personnel."
    assert client.get("/v1/ventes/mensuelles").status_code == 401, (
        "Sans clé, l'API complète doit répondre 401 (voir l'exercice 2)."
    )
### BEGIN HIDDEN TESTS
assert isinstance(DOCUMENTATION_VENTES, dict) and set(DOCUMENTATION_VENTES) >= {"summary", "description", "responses"}, (
    "DOCUMENTATION_VENTES doit être un dictionnaire avec les clés summary, description et responses."
)
refs = {code: op["responses"][code].get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
        for code in ["401", "404", "422"]}
assert all(ref.endswith("/Probleme") for ref in refs.values()), "Les erreurs doivent utiliser le modèle Probleme."
names = {p["name"] for p in op["parameters"]}
assert names == {"store_code", "du", "au", "limit", "offset"}, "Paramètres attendus : store_code, du, au, limit, offset."
assert "X-API-Key" in json.dumps(spec["components"].get("securitySchemes", {})), "Le schéma d'authentification doit figurer dans la spécification."
with client_de_test(app_complete) as client:
    for path in ["/v1/produits", "/v1/ventes/mensuelles"]:
        assert client.get(path, headers={"X-API-Key": "faux"}).status_code == 401, (
            f"GET {path} avec une mauvaise clé doit répondre 401 (voir l'exercice 2)."
        )
    assert client.get("/health").status_code == 200, "/health doit rester ouverte, sans clé."
### END HIDDEN TESTS

# %% [markdown]
# Les tests que vous venez de passer sont la **preuve** demandée à l'examen : l'API
# refuse les appels sans clé, valide ses paramètres, documente ses erreurs, et **aucune
# de ses réponses** ne contient de donnée personnelle. Gardez-les : ils protègent aussi
# contre la régression (un collègue qui ajoute demain `manager_name` à une vue).

# %% [markdown]
# ---
# ## Partie 4 — Déployer le service et le consommer
#
# Jusqu'ici, l'API tournait **dans le notebook**, sans réseau (le client de test appelle
# l'application directement). En production, elle tourne dans un **serveur web** :
# **uvicorn**, dans un processus séparé, qui écoute sur un port.
#
# La cellule suivante :
#
# 1. écrit le module `sortie/service_partage.py` : le code commun, **vos fonctions**
#    (récupérées avec `inspect.getsource`), `DOCUMENTATION_VENTES`, `create_app` et une
#    **fabrique** `application()` qui se connecte à la base **avec le rôle de la partie 1**
#    (adresse dans la variable d'environnement `PARTAGE_DATABASE_URL`, jamais dans le code) ;
# 2. démarre `python -m uvicorn --factory service_partage:application` sur un port libre
#    de `127.0.0.1`, journaux dans `sortie/uvicorn.log` ;
# 3. attend que `/health` réponde ;
# 4. enregistre l'arrêt du serveur à la sortie du noyau (`atexit`) : la dernière cellule
#    du notebook l'arrête aussi, pour ne laisser aucun processus orphelin.
#
# Vos fonctions ne doivent donc utiliser que des noms définis dans le module commun
# (`text`, `HTTPException`, `Query`, `Path`, `secrets`, `lire`, `MOIS`…).

# %%
FABRIQUE = '''

def application() -> FastAPI:
    """uvicorn factory: the API on the database URL given by the environment."""
    from sqlalchemy import create_engine

    engine = create_engine(
        os.environ["PARTAGE_DATABASE_URL"],
        connect_args={"options": "-c timezone=UTC"},
        pool_pre_ping=True,
    )
    return create_app(engine)
'''


def ecrire_service(chemin):
    """Write the service module: shared code, the learner's functions, the skeleton."""
    morceaux = [CODE_COMMUN]
    for fonction in [verifier_cle, lister_produits, lire_produit, lister_ventes]:
        morceaux.append(inspect.getsource(fonction))
    morceaux.append("DOCUMENTATION_VENTES = " + pprint.pformat(DOCUMENTATION_VENTES, width=88)
                    .replace("<class 'partage_commun.Probleme'>", "Probleme")
                    .replace("<class '__main__.Probleme'>", "Probleme"))
    morceaux.append(inspect.getsource(create_app))
    morceaux.append(FABRIQUE)
    chemin.write_text("\n\n".join(morceaux), encoding="utf-8")
    return chemin


def port_libre():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def arreter_serveur(processus):
    """Stop the uvicorn process (SIGTERM, then SIGKILL) and wait for it."""
    if processus.poll() is None:
        processus.terminate()
        try:
            processus.wait(timeout=10)
        except subprocess.TimeoutExpired:
            processus.kill()
            processus.wait()


module_service = ecrire_service(sortie / "service_partage.py")
port_service = port_libre()
url_service = f"http://127.0.0.1:{port_service}"
journal_service = open(sortie / "uvicorn.log", "w", encoding="utf-8")  # noqa: SIM115
serveur = subprocess.Popen(
    [sys.executable, "-m", "uvicorn", "--factory", "service_partage:application",
     "--host", "127.0.0.1", "--port", str(port_service), "--app-dir", str(sortie.resolve())],
    stdout=journal_service, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    env={**os.environ, "PARTAGE_DATABASE_URL": url_role_api.render_as_string(hide_password=False),
         "PARTAGE_API_KEY": cle_api_demo},
)
atexit.register(arreter_serveur, serveur)
try:
    limite = time.monotonic() + delai_demarrage
    while True:
        if serveur.poll() is not None:
            raise RuntimeError("Le serveur s'est arrêté : lisez sortie/uvicorn.log.")
        try:
            if requests.get(url_service + "/health", timeout=1).status_code == 200:
                break
        except requests.ConnectionError:
            pass
        if time.monotonic() > limite:
            raise RuntimeError("Le serveur ne répond pas sur /health : lisez sortie/uvicorn.log.")
        time.sleep(0.2)
except BaseException:
    arreter_serveur(serveur)
    raise
print("Service démarré sur", url_service, "- documentation :", url_service + "/docs")

# %% [markdown]
# Le service tourne : ouvrez `url_service + "/docs"` dans votre navigateur si vous
# travaillez sur votre machine, et essayez le bouton *Authorize* avec la clé
# `cle_api_demo`. Un appel avec `requests` :

# %%
reponse = requests.get(url_service + "/v1/produits", params={"limit": 2},
                       headers={"X-API-Key": cle_api_demo}, timeout=10)
print(reponse.status_code, reponse.headers["content-type"])
print(json.dumps(reponse.json(), ensure_ascii=False, indent=1)[:800])
print(requests.get(url_service + "/v1/produits", timeout=10).json())

# %% [markdown]
# ### Exercice 7 — Un client qui lit toutes les pages (2 points)
#
# Écrivez la fonction `lire_toutes_les_pages(url: str, cle: str, params: dict | None = None) -> list[dict]` :
#
# - elle appelle `url` avec `requests.get`, l'en-tête `X-API-Key: <cle>`, les paramètres
#   `params` et un `timeout` (10 secondes par exemple) ;
# - elle **lève une exception** si la réponse est une erreur (`response.raise_for_status()`,
#   qui lève `requests.HTTPError` pour un 401, un 404, un 422…) ;
# - elle suit le lien `next` de chaque réponse jusqu'à ce qu'il vaille `None`, et renvoie
#   la liste de **tous** les `items`, dans l'ordre des pages.
#
# > **Indice** : `next` contient déjà tous les paramètres ; ne renvoyez pas `params` avec
# > lui, sinon l'`offset` initial écraserait celui de la page suivante.

# %% nbgrader={"grade": false, "grade_id": "ex07_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def lire_toutes_les_pages(url: str, cle: str, params: dict | None = None) -> list[dict]:
    """Every item of a paginated list, following the next links."""
    items = []
    with requests.Session() as session:
        session.headers["X-API-Key"] = cle
        reponse = session.get(url, params=params, timeout=10)
        while True:
            reponse.raise_for_status()
            corps = reponse.json()
            items.extend(corps["items"])
            if corps["next"] is None:
                return items
            reponse = session.get(corps["next"], timeout=10)
### END SOLUTION


ventes_pv = lire_toutes_les_pages(url_service + "/v1/ventes/mensuelles", cle_api_demo,
                                  {"limit": 10})
len(ventes_pv)

# %% labkit={"competences": ["C12"]} nbgrader={"grade": true, "grade_id": "ex07_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 7 : toutes les pages lues contre le service uvicorn, dans l'ordre, erreurs levées."""
with engine_lecture.connect() as conn:
    nb_produits = conn.execute(text("SELECT COUNT(*) FROM partage.produits")).scalar_one()
with RequestBudget():
    produits = lire_toutes_les_pages(url_service + "/v1/produits", cle_api_demo,
                                     {"limit": 25, "offset": 0})
assert isinstance(produits, list), "La fonction doit renvoyer une liste d'items."
ids = [p["product_id"] for p in produits]
assert len(ids) == len(set(ids)), "Des produits sont lus plusieurs fois : suivez le lien next tel quel."
assert len(ids) == nb_produits, (
    f"{len(ids)} produits lus : il en manque ou il y en a trop ; suivez next jusqu'à None."
)
try:
    lire_toutes_les_pages(url_service + "/v1/produits", "mauvaise-cle")
    leve = False
except requests.HTTPError:
    leve = True
assert leve, "Avec une mauvaise clé, la fonction doit lever requests.HTTPError (raise_for_status)."
### BEGIN HIDDEN TESTS
import pandas as pd  # noqa: E402

assert ids == sorted(ids), "Les items doivent être renvoyés dans l'ordre des pages."
with engine_lecture.connect() as conn:
    magasin = conn.execute(text("SELECT max(store_code) FROM partage.magasins")).scalar_one()
    ref = pd.read_sql(text(
        "SELECT * FROM partage.ventes_mensuelles WHERE store_code = :s AND mois >= '2024-01' "
        "ORDER BY mois"), conn, params={"s": magasin})
ref["chiffre_affaires_eur"] = ref["chiffre_affaires_eur"].astype(float)
with RequestBudget():
    got = pd.DataFrame(lire_toutes_les_pages(url_service + "/v1/ventes/mensuelles", cle_api_demo,
                                             {"store_code": magasin, "du": "2024-01", "limit": 5}))
    off = lire_toutes_les_pages(url_service + "/v1/produits", cle_api_demo, {"limit": 30, "offset": 60})
checks.assert_frame_matches(got, ref, ordered=True, check_types=False,
                            label="les ventes lues avec des filtres")
assert [p["product_id"] for p in off] == ids[60:], (
    "Avec un offset de départ, la fonction doit lire à partir de cet offset puis suivre next tel quel."
)
try:
    lire_toutes_les_pages(url_service + "/v1/ventes/mensuelles", cle_api_demo, {"store_code": "PV999"})
    raise AssertionError("Un 404 doit lever requests.HTTPError.")
except requests.HTTPError:
    pass
### END HIDDEN TESTS

# %% [markdown]
# Le service a lu la base **avec le rôle de la partie 1** : si vous aviez oublié un droit,
# les routes auraient répondu `500` et le journal `sortie/uvicorn.log` montrerait
# `permission denied`. Jetez-y un œil : chaque requête y est tracée (méthode, chemin,
# statut). C'est le début d'un **journal des accès**.

# %%
print("".join((sortie / "uvicorn.log").read_text(encoding="utf-8").splitlines(True)[-5:]))

# %% [markdown]
# ---
# ## Partie 5 — Choisir l'interface selon le consommateur
#
# ### Question 8 — API, fichier ou accès direct à la base ? (3 points, corrigée par votre formateur ou formatrice)
#
# Trois équipes demandent l'accès aux données de ventes de Panier Vert :
#
# 1. le **contrôle de gestion**, qui construit ses tableaux de bord dans un outil de BI
#    (Metabase) et veut le chiffre d'affaires par magasin et par mois, rafraîchi chaque
#    nuit ;
# 2. un **partenaire externe** (une place de marché) qui veut le catalogue et les prix
#    dans son propre système, plusieurs fois par jour ;
# 3. les **data scientists**, qui entraînent un modèle de prévision de la demande sur
#    deux ans de ventes **par produit, jour et magasin** (plusieurs millions de lignes).
#
# Pour **chacune** des trois, en quelques phrases : quelle interface choisissez-vous
# (API comme celle de ce lab, export de fichiers, accès direct en lecture à la base ou à
# un réplica) et **pourquoi** ; quelle **sécurité** (compte, droits, données exposées ou
# masquées) ; quelle **documentation** leur fournissez-vous. Une dizaine à une quinzaine
# de lignes au total.
#
# *Double-cliquez sur la cellule ci-dessous pour écrire votre réponse.*

# %% [markdown] labkit={"competences": ["C12"]} nbgrader={"grade": true, "grade_id": "choix_interface", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# **Votre réponse :**
#
# ### BEGIN SOLUTION
# 1. **Contrôle de gestion (BI)** : un **accès direct en lecture** à la base, de
#    préférence à un **réplica** pour ne pas charger la production. Metabase sait lire
#    PostgreSQL : une API l'obligerait à paginer pour rien. Sécurité : un rôle dédié
#    `role_bi` en lecture seule (`default_transaction_read_only`), `GRANT SELECT` sur la
#    seule vue `partage.ventes_mensuelles` (des agrégats, aucune donnée personnelle),
#    mot de passe dans le coffre de l'outil, connexion TLS. Documentation : la chaîne de
#    connexion, le rôle à demander, le dictionnaire des colonnes de la vue et l'heure de
#    rafraîchissement.
# 2. **Partenaire externe** : l'**API**, car il est hors de l'organisation (on n'ouvre
#    jamais la base sur Internet) et c'est un programme qui consomme. Sécurité : HTTPS,
#    une clé d'API (ou OAuth2) propre à ce partenaire, révocable, limite de débit,
#    journal des accès ; seules les routes du catalogue, modèle de réponse en liste
#    blanche. Documentation : la spécification OpenAPI (`/docs`) avec descriptions,
#    exemples et codes d'erreur, plus un exemple de client qui suit `next`.
# 3. **Data scientists** : un **export de fichiers Parquet** partitionnés (par mois)
#    dans un stockage partagé, car plusieurs millions de lignes se lisent mal page par
#    page et un modèle s'entraîne sur un instantané figé et reproductible. Sécurité :
#    aucun identifiant client (les ventes par produit, jour et magasin n'en ont pas
#    besoin), droits d'accès au dossier pour la seule équipe. Documentation : le
#    dictionnaire des données, la date d'extraction et la règle de calcul (commandes
#    annulées exclues).
# ### END SOLUTION

# %% [markdown]
# ---
# ## Récapitulatif
#
# | besoin | outil | piège à éviter |
# |---|---|---|
# | un compte pour le service | rôle PostgreSQL, `GRANT USAGE` + `GRANT SELECT` sur des vues, `default_transaction_read_only` | accorder `ALL`, ou des droits sur les tables : une vue simple est modifiable |
# | ne partager que le nécessaire | vues SQL, modèle de réponse pydantic (liste blanche) | `SELECT *` sur une table qui gagne demain une colonne personnelle |
# | authentifier | `APIKeyHeader`, dépendance, `401` + `WWW-Authenticate` | comparer une clé avec `==` ; écrire la clé dans le code |
# | paginer | `limit` / `offset`, `total`, lien `next`, `Query(le=...)` | un tri sans clé unique : des lignes lues deux fois ou jamais |
# | filtrer | `Query(pattern=..., ge=..., le=...)`, requêtes paramétrées | construire le SQL avec une f-string sur une valeur du client (injection) |
# | gérer les erreurs | `HTTPException(404, detail="...")`, `422` pour les règles entre paramètres | un `200` vide ou un `500` à la place d'un `404` |
# | documenter | OpenAPI : `summary`, docstring, `description`, `examples`, `responses` | une API sans documentation n'est pas partagée, elle est cachée |
# | tester | `TestClient`, appel de chaque route, recherche de données personnelles | ne tester que les cas qui marchent |
# | déployer et consommer | uvicorn dans un processus séparé, `requests` qui suit `next` | laisser un processus orphelin ; renvoyer `params` avec `next` |

# %% [markdown]
# ## Pour aller plus loin
#
# - **Pagination par curseur** : ajoutez `/v2/ventes/mensuelles` avec un paramètre
#   `apres` (le dernier couple `store_code`, `mois` lu) et comparez avec `offset`
#   (`EXPLAIN ANALYZE` d'un `OFFSET 100000`).
# - **Petits effectifs** : ajoutez à la vue un nombre de clients distincts par magasin et
#   par mois, et masquez (`NULL`) les cases de moins de 10 clients.
# - **Sécurité au niveau des lignes** : avec `CREATE POLICY`, faites qu'un rôle
#   `directeur_occitanie` ne voie que les magasins de sa région.
# - **Cache HTTP** : ajoutez un `ETag` aux réponses et répondez `304` à `If-None-Match`,
#   comme l'API partenaire du lab `01_extraction_api`.
# - **Documentation** : FastAPI (<https://fastapi.tiangolo.com/fr/>), la spécification
#   OpenAPI (<https://spec.openapis.org/oas/latest.html>), les privilèges PostgreSQL
#   (<https://www.postgresql.org/docs/current/ddl-priv.html>).

# %% [markdown]
# ### Arrêter le service
#
# La dernière cellule arrête le serveur uvicorn démarré en partie 4 et ferme son
# journal. (Si vous l'oubliez, il s'arrêtera avec le noyau.)

# %%
arreter_serveur(serveur)
journal_service.close()
print("Serveur arrêté :", serveur.poll() is not None)
