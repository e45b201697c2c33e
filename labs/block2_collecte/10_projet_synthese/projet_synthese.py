# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Projet de synthèse : l'observatoire des prix de Panier Vert
#
# **Bloc BC02** — Collecter, stocker et mettre à disposition les données
#
# **Compétences évaluées : C8, C9, C10, C11, C12** — c'est la **mise en situation
# professionnelle** du bloc : réaliser un service de données à partir d'un cahier des
# charges fonctionnel et technique, puis le **défendre** (collecte automatisée, requêtes
# SQL, règles de nettoyage et d'agrégation, base de données conforme au RGPD, partage par
# une API).
#
# | | |
# |---|---|
# | Durée indicative | 6 heures |
# | Barème | 27 points : 21 corrigés automatiquement (9 exercices), 6 corrigés par votre formateur ou formatrice (2 questions de soutenance) |
# | Outils | Python, requests, BeautifulSoup, pandas, PostgreSQL, SQLAlchemy, FastAPI |
#
# ## Comment travailler dans ce lab
#
# Ce notebook est un **projet** : chaque partie rappelle en quelques lignes ce que les labs
# précédents ont enseigné, puis vous demande d'écrire une brique du service. Les briques
# s'enchaînent : la sortie d'une partie est l'entrée de la suivante.
#
# - Exécutez les cellules **dans l'ordre**, de haut en bas (`Maj + Entrée`).
# - Chaque exercice comporte une **cellule réponse**, qui contient
#   `raise NotImplementedError(...)` : remplacez cette ligne par votre réponse.
#   Ne renommez pas les fonctions ni les variables demandées (`collecter_produits`,
#   `lire_fiche`…) : le correcteur les utilise.
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
# **synthétiques**, produites par le générateur du cours ; on les traite pourtant comme si
# elles étaient réelles, RGPD compris.
#
# La direction commerciale vous remet le cahier des charges ci-dessous. À la fin du lab,
# vous **soutiendrez** vos choix devant elle (dernière partie), comme devant le jury de la
# certification.
#
# ### Cahier des charges : l'observatoire des prix
#
# **Besoin.** « Nos clients nous disent que Bio&Co Marché, notre concurrent en ligne, est
# moins cher. Nous voulons le vérifier produit par produit, chaque jour, et permettre à
# nos chefs de rayon de consulter la comparaison depuis leurs outils. »
#
# **Spécifications fonctionnelles**
#
# | n° | exigence |
# |---|---|
# | F1 | Le catalogue de référence est celui de Panier Vert, tel que le diffuse l'**API partenaire** (prix de vente actuel et unité de vente de chaque produit). |
# | F2 | Les prix du concurrent sont relevés sur son **site web public**, Bio&Co Marché, produit par produit. |
# | F3 | Un produit des deux enseignes est reconnu par son **code EAN-13** (le même code-barres des deux côtés). |
# | F4 | Les prix sont comparés **à unité égale** : au kilo ou au litre pour ce que Panier Vert vend au poids ou au volume, à l'article sinon. Le prix du concurrent est le prix payé ce jour-là, **promotion comprise**. |
# | F5 | Aucune ligne n'est perdue en silence : un article du concurrent qui ne peut pas être comparé est **rejeté avec un motif**, et conservé. |
# | F6 | Les chefs de rayon consultent la comparaison du dernier relevé par une **API**, filtrable par rayon ; une **synthèse par rayon** est disponible en SQL pour le contrôle de gestion. |
# | F7 | Chaque exécution produit un **rapport** : combien de lignes sont entrées, sorties, rejetées, et pourquoi. |
#
# **Spécifications techniques**
#
# | n° | exigence |
# |---|---|
# | T1 | L'API partenaire s'appelle avec la clé d'API de Panier Vert ; la collecte est **paginée** (100 produits par page) et **résiste** aux erreurs temporaires (429 et 5xx : nouvel essai, en respectant `Retry-After`). |
# | T2 | Le site concurrent est lu avec `requests` et un analyseur HTML, **en respectant son `robots.txt`**, avec un `User-Agent` qui identifie Panier Vert. |
# | T3 | Le stockage est la base **PostgreSQL** de Panier Vert, dans un schéma dédié, avec **clés primaires, clés étrangères et contraintes** ; le chargement est **idempotent** (le relancer le même jour ne duplique rien) et **atomique** (tout ou rien). |
# | T4 | **Minimisation** : on ne collecte, ne stocke et ne publie que ce que la comparaison exige. En particulier, l'identifiant du fournisseur n'est pas conservé : beaucoup de fournisseurs sont des exploitants agricoles en nom propre, des **personnes physiques**. |
# | T5 | L'API de l'observatoire est une application **FastAPI** protégée par une clé (`X-API-Key`), paginée (`limit` / `offset`) et filtrable ; ses réponses suivent une **liste blanche** de champs. |
#
# ### L'architecture à construire
#
# ```
#  API partenaire ──(1) collecter_produits──► produits_pv ─┐
#  (JSON paginé, clé)                                      │
#                                                          ├─(3) rapprocher──► comparaisons
#  Site Bio&Co ──(2) lire_fiche + collecter_concurrent──► articles_concurrent    + rejets
#  (HTML, robots.txt)                                      │                        │
#                                                          │         (4) creer_schema + charger
#                                                          │                        ▼
#                               rapport d'exécution ◄──(6)─┴──── PostgreSQL (schéma observatoire)
#                                                                   │            │
#                                          (5) requete_synthese (SQL)    creer_app (FastAPI)
# ```

# %% [markdown]
# ## Objectifs
#
# À la fin de ce lab, vous saurez enchaîner, dans un service complet et testé :
#
# 1. une collecte automatisée depuis une API (authentification, pagination, reprise sur
#    erreur) et depuis un site web (analyse HTML, `robots.txt`) — **C8** ;
# 2. des règles de nettoyage et de rapprochement qui ne perdent rien en silence — **C10** ;
# 3. un modèle physique PostgreSQL avec ses contraintes et un import idempotent — **C11** ;
# 4. une requête SQL d'extraction pour le contrôle de gestion — **C9** ;
# 5. une API de partage sécurisée, paginée et minimale — **C12** ;
# 6. la défense de vos choix techniques, juridiques et de leurs limites.
#
# ## Prérequis
#
# Ce projet réutilise les labs du bloc 2 : `01_extraction_api` (pagination, reprises),
# `02_scraping` (BeautifulSoup, `robots.txt`, prix français), `07_regles_nettoyage`
# (rejets motivés), `08_base_rgpd` (DDL, contraintes, minimisation) et `09_partage_api`
# (FastAPI, clé d'API, pagination). Relisez-les au besoin : ici, les rappels sont brefs.

# %% [markdown]
# ## Mise en place
#
# La cellule suivante contient les **paramètres** du lab. `delai_requetes` est la pause
# entre deux requêtes au site : le `robots.txt` de Bio&Co demande une seconde
# (`Crawl-delay: 1`), ce qui ferait durer la collecte plusieurs minutes ; nous nous
# l'autorisons **seulement** parce que le site tourne sur votre machine. `date_releve` est
# la date enregistrée pour le relevé du jour (fixée, pour que le lab soit reproductible).

# %% tags=["parameters"]
# Lab parameters: papermill may override them (papermill -p scale 0.05 ...).
import os

from labkit import config

scale = config.scale()  # size of the generated data (1 for learners)
seed = config.seed()  # seed of the generated data (42 for learners)
dossier_sortie = "sortie"  # folder where the lab writes its files
delai_requetes = 0.0  # seconds between two requests to the site: 0 ONLY because it is local
date_releve = "2024-12-31"  # date of today's price survey (fixed for reproducibility)
cle_api_partenaire = os.environ.get("LABKIT_API_KEY") or "pv-demo-key"  # a real key lives in a vault
cle_api_observatoire = "obs-demo-key"  # the key of the API you build in part 5

# %% [markdown]
# La cellule suivante démarre (si besoin) l'API partenaire, le site de Bio&Co Marché et la
# base PostgreSQL, puis prépare :
#
# - `API_URL`, `SITE_URL` : les adresses des deux sources ;
# - `session_api` : une session `requests` pour l'API ;
# - `session_site` : une session `requests` qui se présente avec notre `USER_AGENT` et
#   **garde la trace** de chaque requête envoyée au site (les tests la relisent) ;
# - `engine` : la connexion SQLAlchemy à la base (compte propriétaire) ;
# - `SCHEMA` : le nom du schéma PostgreSQL de **votre** observatoire, propre à ce noyau
#   (`observatoire_<numéro>`), vidé au démarrage et supprimé à l'arrêt du noyau ;
# - `engine_obs` : une connexion dont le chemin de recherche est `SCHEMA` : une requête
#   qui écrit `FROM releve` lit `SCHEMA.releve` ;
# - `MOTIFS_REJET` : les motifs de rejet autorisés (partie 3).
#
# Elle définit aussi quelques outils des tests (sessions qui simulent des pannes). Elle est
# verrouillée ; si quelque chose se passe mal, relancez simplement le noyau.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import atexit
import json
import math
import re
import time
import warnings
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin, urlparse
from urllib.robotparser import RobotFileParser

import pandas as pd
import requests
import sqlalchemy as sa
from bs4 import BeautifulSoup
from requests.structures import CaseInsensitiveDict
from sqlalchemy import text
from sqlalchemy.pool import NullPool

from labkit import checks, services
from labkit.datasets import paniervert

warnings.filterwarnings("ignore", category=ResourceWarning)
warnings.filterwarnings("ignore", message=".*httpx.*")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi import FastAPI, Header, HTTPException, Query
    from fastapi.testclient import TestClient

API_URL = services.ensure("api", scale=scale, seed=seed).url
SITE_URL = services.ensure("site", scale=scale, seed=seed).url
url_base = services.ensure("postgres", scale=scale, seed=seed).url

USER_AGENT = "PanierVertObservatoire/1.0 (+mailto:data@paniervert.example)"
MOTIFS_REJET = [
    "ean_invalide", "doublon", "sans_correspondance",
    "prix_manquant", "prix_illisible", "unite_incompatible",
]


def fake_response(request, status, retry_after=None):
    """A response built locally, as a failing server would send it."""
    response = requests.Response()
    response.status_code = status
    response.headers = CaseInsensitiveDict({"Content-Type": "application/json"})
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    response._content = json.dumps({"detail": "Panne simulée par le test."}).encode()
    response.url, response.request, response.reason = request.url, request, "Simulated"
    return response


class FlakySession(checks.RecordingSession):
    """Fails the first ``failures`` attempts at each URL (429 then 503), then behaves.

    ``failures=None`` fails every attempt; ``retry_after`` is sent on the 429s;
    ``first_url_only`` makes only the first URL requested fail.
    """

    def __init__(self, failures=2, retry_after=0, first_url_only=False):
        super().__init__(USER_AGENT)
        self.failures, self.retry_after = failures, retry_after
        self.first_url_only = first_url_only

    def send(self, request, **kwargs):
        self.sent.append(request)
        attempt = sum(1 for r in self.sent if r.url == request.url)
        if attempt > 20:  # a retry loop without end: stop it
            raise RuntimeError("Plus de 20 essais de la même requête : la boucle de reprise ne s'arrête pas.")
        targeted = not self.first_url_only or request.url == self.sent[0].url
        if targeted and (self.failures is None or attempt <= self.failures):
            if attempt % 2 == 1:
                return fake_response(request, 429, self.retry_after)
            return fake_response(request, 503)
        return requests.Session.send(self, request, **kwargs)


session_api = requests.Session()
session_api.headers["User-Agent"] = USER_AGENT
session_site = checks.RecordingSession(USER_AGENT)

SCHEMA = f"observatoire_{os.getpid()}"
engine = sa.create_engine(url_base, poolclass=NullPool,
                          connect_args={"options": "-c timezone=UTC -c lock_timeout=10000"})
engine_obs = sa.create_engine(
    url_base, poolclass=NullPool,
    connect_args={"options": f"-c timezone=UTC -c search_path={SCHEMA}"},
)


def drop_schema(schema=SCHEMA):
    """Remove this kernel's schema and everything in it (idempotent)."""
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))


drop_schema()
atexit.register(drop_schema)


def violates(*statements):
    """True when the database refuses one of the statements (all are rolled back)."""
    with engine.connect() as conn:
        return checks.refused(conn, *statements)


def count_rows(table, where="", params=None):
    """Number of rows of a table of SCHEMA."""
    with engine.connect() as conn:
        sql = f'SELECT COUNT(*) FROM "{SCHEMA}".{table} {where}'
        return conn.execute(text(sql), params or {}).scalar_one()


@contextmanager
def older_survey(days=30):
    """Temporarily add a copy of the latest survey, ``days`` earlier, with other prices."""
    with engine.begin() as conn:
        conn.execute(text(
            f'INSERT INTO "{SCHEMA}".releve SELECT ean13, date_releve - {int(days)}, '
            "prix_pv_eur * 2, prix_concurrent_eur, NOT en_promo, en_stock, url "
            f'FROM "{SCHEMA}".releve WHERE date_releve = (SELECT MAX(date_releve) FROM "{SCHEMA}".releve)'
        ))
    try:
        yield
    finally:
        with engine.begin() as conn:
            conn.execute(text(
                f'DELETE FROM "{SCHEMA}".releve WHERE date_releve < '
                f'(SELECT MAX(date_releve) FROM "{SCHEMA}".releve) - {int(days) - 1}'
            ))


SORTIE = Path(dossier_sortie)
SORTIE.mkdir(parents=True, exist_ok=True)
print("API partenaire :", API_URL, "| site :", SITE_URL, "| schéma :", SCHEMA)

# %% [markdown]
# ---
# ## Partie 1 — Collecter le catalogue depuis l'API partenaire (C8)
#
# Rappels du lab `01_extraction_api` :
#
# - l'API attend la clé dans l'en-tête `X-API-Key` ; sans clé, elle répond `401` ;
# - `GET /v1/products?page=1&size=100` renvoie `{"items": [...], "page", "size", "total",
#   "pages", "links": {"next": ...}}` ; `links.next` est l'URL complète de la page
#   suivante, `null` sur la dernière ;
# - une réponse `429` (trop de requêtes) ou `5xx` (panne du serveur) est **temporaire** :
#   on réessaie après une pause. Si la réponse porte un en-tête `Retry-After` (en
#   secondes), on attend **exactement** ce délai ; sinon on double la pause à chaque essai
#   (*backoff* exponentiel). Une erreur `4xx` autre que `429` (clé refusée, page
#   inexistante) ne se corrige pas en réessayant : on lève une exception tout de suite.
#
# Une requête, pour voir la forme des données :

# %%
apercu = session_api.get(
    API_URL + "/v1/products", params={"size": 2},
    headers={"X-API-Key": cle_api_partenaire}, timeout=30,
).json()
{k: apercu[k] for k in ("total", "pages", "links")}, apercu["items"][0]

# %% [markdown]
# ### Exercice 1 — Un collecteur robuste (3 points)
#
# Écrivez `collecter_produits(session, base_url, cle_api, max_tentatives=5,
# pause_initiale=0.5)` qui renvoie **tout** le catalogue de l'API sous forme de DataFrame.
#
# - Toutes les requêtes passent par `session` (`session.get(...)`), avec l'en-tête
#   `X-API-Key` et un `timeout`.
# - Pages de **100** produits (`size=100`), en partant de la page 1 et en suivant
#   `links.next` (ou `page`) jusqu'à la dernière.
# - Reprise sur erreur, pour **chaque** requête : au plus `max_tentatives` essais au total.
#   Sur un `429` ou un `5xx`, attendre `Retry-After` secondes si l'en-tête est présent,
#   sinon `pause_initiale × 2 ** n` secondes (`n` = 0 au premier nouvel essai), puis
#   réessayer. Si le dernier essai échoue encore, lever une exception. Toute autre erreur
#   (`4xx`) lève une exception immédiatement, sans nouvel essai.
# - **Minimisation** (exigence T4) : le DataFrame ne garde que les colonnes `product_id`,
#   `ean13`, `name`, `category`, `unit`, `unit_price_eur`, dans cet ordre, une ligne par
#   produit, triées par `product_id` (index `0, 1, 2…`).
#
# Stockez ensuite le catalogue dans `produits_pv`.
#
# > **Indice** : écrivez d'abord une petite fonction `get_json(session, url, params,
# > headers, ...)` qui contient la boucle de reprise, puis la boucle de pagination qui
# > l'appelle. `response.headers.get("Retry-After")` vaut `None` si l'en-tête est absent.
# > Une boucle `for n in range(max_tentatives)` évite les boucles infinies.

# %% nbgrader={"grade": false, "grade_id": "ex01_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
COLONNES_PRODUITS = ["product_id", "ean13", "name", "category", "unit", "unit_price_eur"]


def get_json(session, url, params=None, headers=None, max_tentatives=5, pause_initiale=0.5):
    """GET with retries on 429 and 5xx (honouring Retry-After); the decoded JSON body."""
    for n in range(max_tentatives):
        response = session.get(url, params=params, headers=headers, timeout=30)
        temporary = response.status_code == 429 or response.status_code >= 500
        if not temporary:
            response.raise_for_status()
            return response.json()
        if n == max_tentatives - 1:
            break
        retry_after = response.headers.get("Retry-After")
        time.sleep(float(retry_after) if retry_after is not None else pause_initiale * 2**n)
    raise RuntimeError(f"{url} : toujours en erreur {response.status_code} après "
                       f"{max_tentatives} essais")


def collecter_produits(session, base_url, cle_api, max_tentatives=5, pause_initiale=0.5):
    """The whole product catalogue of the partner API, minimised."""
    headers = {"X-API-Key": cle_api}
    url, params, items = base_url + "/v1/products", {"page": 1, "size": 100}, []
    while url:
        body = get_json(session, url, params, headers, max_tentatives, pause_initiale)
        items.extend(body["items"])
        url, params = body["links"]["next"], None  # the next link carries its parameters
    frame = pd.DataFrame(items, columns=COLONNES_PRODUITS)
    return frame.sort_values("product_id", ignore_index=True)


### END SOLUTION
produits_pv = collecter_produits(session_api, API_URL, cle_api_partenaire)
produits_pv.head()

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex01_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 1 : catalogue complet et minimisé, clé d'API envoyée, reprise sur 429/5xx, abandon après max_tentatives, pas de nouvel essai sur 401."""
checks.assert_columns(produits_pv, ["product_id", "ean13", "name", "category", "unit", "unit_price_eur"])
assert "supplier_id" not in produits_pv.columns, "Minimisation : ne gardez pas supplier_id."
annonce = session_api.get(API_URL + "/v1/products", params={"size": 1},
                          headers={"X-API-Key": cle_api_partenaire}, timeout=30).json()["total"]
checks.assert_row_count(produits_pv, annonce)
assert produits_pv["product_id"].is_unique, "Chaque produit doit apparaître une seule fois."
assert produits_pv["product_id"].is_monotonic_increasing, "Triez les produits par product_id."

with checks.context("Avec une API qui échoue deux fois (429 puis 503) à chaque page"):
    flaky = FlakySession(failures=2, retry_after=0)
    repris = checks.learner_call("collecter_produits", collecter_produits, flaky, API_URL,
                                 cle_api_partenaire, max_tentatives=4, pause_initiale=0.01)
    checks.assert_frame_matches(repris, produits_pv)
    assert all(r.headers.get("X-API-Key") == cle_api_partenaire for r in flaky.sent), (
        "Chaque requête doit porter l'en-tête X-API-Key."
    )
with checks.context("Avec une API toujours en panne et max_tentatives=3"):
    panne = FlakySession(failures=None)
    try:
        collecter_produits(panne, API_URL, cle_api_partenaire, max_tentatives=3, pause_initiale=0.01)
    except Exception:
        pass
    else:
        raise AssertionError("votre fonction doit lever une exception quand tous les essais échouent.")
    assert len(panne.sent) == 3, (
        f"{len(panne.sent)} requête(s) envoyée(s) : il faut exactement max_tentatives essais."
    )
### BEGIN HIDDEN TESTS
with checks.context("Avec une clé refusée (401)"):
    refus = checks.RecordingSession(USER_AGENT)
    try:
        collecter_produits(refus, API_URL, "mauvaise-cle", max_tentatives=4, pause_initiale=0.01)
    except Exception:
        pass
    else:
        raise AssertionError("une clé refusée doit lever une exception.")
    assert len(refus.sent) == 1, "Une erreur 401 ne se corrige pas en réessayant : un seul essai."
with checks.context("Pages de 100 produits"):
    compte = checks.RecordingSession(USER_AGENT)
    collecter_produits(compte, API_URL, cle_api_partenaire, max_tentatives=4, pause_initiale=0.01)
    nb_pages = math.ceil(annonce / 100)
    assert len({r.url for r in compte.sent}) <= nb_pages + 1, "Demandez des pages de 100 produits (size=100)."
with checks.context("Retry-After respecté"):
    lent = FlakySession(failures=1, retry_after=1, first_url_only=True)
    debut = time.monotonic()
    collecter_produits(lent, API_URL, cle_api_partenaire, max_tentatives=3, pause_initiale=0.01)
    assert time.monotonic() - debut >= 0.9, "Attendez Retry-After secondes avant de réessayer."
reference = paniervert.load("products", scale, seed)[
    ["product_id", "ean13", "name", "category", "unit", "unit_price_eur"]
].sort_values("product_id", ignore_index=True)
checks.assert_frame_matches(produits_pv, reference, ordered=True)
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 2 — Relever les prix du concurrent (C8)
#
# Rappels du lab `02_scraping` :
#
# - `BeautifulSoup(html, "lxml")` construit l'arbre de la page ; `soup.select_one("css")`
#   renvoie le premier élément qui correspond (ou `None`), `soup.select("css")` la liste ;
# - sur une fiche produit de Bio&Co (`article.product-detail`, attribut `data-sku`), on
#   trouve `h1.product-name`, `dd.ean`, `.price` (« 3,49 € »), `.unit-price`
#   (« 6,98 € / kg », « / L » ou « / pièce »), `del.price-old` en cas de promotion et
#   `.badge.out-of-stock` en cas de rupture ;
# - les prix suivent la typographie française : virgule décimale, espace insécable
#   (U+00A0) avant `€` et autour du `/`, espace fine insécable (U+202F) pour les milliers.
#
# **Piège** : trois fiches du site sont mal formées. L'une a perdu ses balises fermantes :
# le `.price` y « contient » alors toute la suite de la page, et `get_text()` renvoie
# « 31,35 € 31,35 € / kg En stock… ». Lisez donc le **premier nœud texte** d'un élément,
# `element.find(string=True)`, plutôt que tout son texte. Une autre n'a pas de prix ; la
# dernière affiche un prix qui n'est pas au format français.

# %%
# A well-formed product page on promotion, taken from the home page.
accueil_demo = BeautifulSoup(requests.get(SITE_URL + "/", headers={"User-Agent": USER_AGENT},
                                          timeout=30).text, "lxml")
for lien in accueil_demo.select("section.promotions article.product a.product-link"):
    fiche_html = requests.get(SITE_URL + lien["href"], headers={"User-Agent": USER_AGENT},
                              timeout=30).text
    if "</h1>" in fiche_html and "unit-price" in fiche_html:
        break
fiche = BeautifulSoup(fiche_html, "lxml").select_one("article.product-detail")
fiche["data-sku"], fiche.select_one("h1.product-name").find(string=True), fiche.select_one(".unit-price")

# %% [markdown]
# ### Exercice 2 — Lire une fiche produit (2 points)
#
# Écrivez `lire_fiche(html)` qui reçoit le HTML d'une fiche produit et renvoie un
# dictionnaire avec exactement ces clés (chaque texte est le premier nœud texte de
# l'élément, sans les espaces du début et de la fin) :
#
# | clé | type | contenu |
# |---|---|---|
# | `sku` | `str` | l'attribut `data-sku` de l'article |
# | `nom` | `str` | le texte de `h1.product-name` |
# | `ean13` | `str` ou `None` | le texte de `dd.ean` (`None` si absent) |
# | `prix_texte` | `str` ou `None` | le texte de `.price` tel quel (`None` si la fiche n'a pas de `.price`) |
# | `prix_eur` | `float` ou `None` | `prix_texte` lu comme un prix **au format français** (`None` sinon) |
# | `prix_unitaire_eur` | `float` ou `None` | le prix de `.unit-price` (la partie avant `/`), au format français |
# | `unite_prix` | `str` ou `None` | l'unité de `.unit-price` (la partie après `/` : `kg`, `L` ou `pièce`) |
# | `en_promo` | `bool` | `True` si la fiche a un prix barré `del.price-old` |
# | `en_stock` | `bool` | `False` si la fiche a un badge `.out-of-stock`, `True` sinon |
#
# Un prix au format français, c'est tout le texte : des chiffres (groupés par trois avec
# une espace, insécable ou fine insécable, au-delà de 999), éventuellement une virgule et
# un ou deux chiffres, puis `€` (précédé ou non d'une espace). « EUR 5.87 » n'en est pas
# un : on ne devine pas, `prix_eur` vaut alors `None`.
#
# > **Indice** : une expression régulière ancrée au début et à la fin (`re.fullmatch`)
# > avec `[ \u00a0\u202f]` pour les espaces ; enlevez les espaces de milliers et
# > remplacez la virgule par un point avant `float(...)`.

# %% nbgrader={"grade": false, "grade_id": "ex02_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
PRIX_FRANCAIS = re.compile(r"(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,(\d{1,2}))?[ \u00a0\u202f]?€")


def prix_francais(texte):
    """A French price ('1 249,50 €') as a float, None for anything else."""
    if texte is None:
        return None
    match = PRIX_FRANCAIS.fullmatch(texte.strip())
    if match is None:
        return None
    entier = re.sub(r"[ \u00a0\u202f]", "", match.group(1))
    return float(f"{entier}.{match.group(2) or 0}")


def premier_texte(article, selecteur):
    """First text node of the first element matching ``selecteur``, stripped; None if absent."""
    element = article.select_one(selecteur)
    if element is None:
        return None
    noeud = element.find(string=True)
    return noeud.strip() if noeud is not None else ""


def lire_fiche(html):
    """The fields of one product page of the competitor."""
    article = BeautifulSoup(html, "lxml").select_one("article.product-detail")
    prix_texte = premier_texte(article, ".price")
    unitaire = premier_texte(article, ".unit-price")
    prix_unitaire, unite = None, None
    if unitaire and "/" in unitaire:
        avant, apres = unitaire.rsplit("/", 1)
        prix_unitaire, unite = prix_francais(avant), apres.strip() or None
    return {
        "sku": article["data-sku"],
        "nom": premier_texte(article, "h1.product-name"),
        "ean13": premier_texte(article, "dd.ean"),
        "prix_texte": prix_texte,
        "prix_eur": prix_francais(prix_texte),
        "prix_unitaire_eur": prix_unitaire,
        "unite_prix": unite,
        "en_promo": article.select_one("del.price-old") is not None,
        "en_stock": article.select_one(".out-of-stock") is None,
    }


### END SOLUTION
lire_fiche(fiche_html)

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex02_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 2 : clés et types du dictionnaire, prix français lus, fiches mal formées (sans prix, prix non français, balises non fermées)."""
CLES_FICHE = ["sku", "nom", "ean13", "prix_texte", "prix_eur", "prix_unitaire_eur",
              "unite_prix", "en_promo", "en_stock"]
lu = checks.learner_call("lire_fiche", lire_fiche, fiche_html)
assert isinstance(lu, dict), "lire_fiche doit renvoyer un dictionnaire."
assert sorted(lu) == sorted(CLES_FICHE), f"Clés attendues : {CLES_FICHE} ; vous renvoyez {sorted(lu)}."
assert isinstance(lu["prix_eur"], float) and isinstance(lu["prix_unitaire_eur"], float), (
    "prix_eur et prix_unitaire_eur doivent être des float pour un prix au format français."
)
assert isinstance(lu["en_promo"], bool) and isinstance(lu["en_stock"], bool), (
    "en_promo et en_stock doivent être des booléens (True / False)."
)
assert lu["sku"] == fiche["data-sku"], "sku : lisez l'attribut data-sku de l'article."
assert isinstance(lu["prix_texte"], str) and lu["prix_texte"], "prix_texte : le texte de .price."
assert re.fullmatch(r"\d{13}", lu["ean13"] or ""), "ean13 : 13 chiffres, sans espace autour."
faux_prix = lire_fiche(fiche_html.replace(lu["prix_texte"], "EUR 1.17"))
assert faux_prix["prix_eur"] is None, "« EUR 1.17 » n'est pas un prix au format français : prix_eur doit valoir None."
### BEGIN HIDDEN TESTS
from labkit.services.website.data import build_catalogue as _build_catalogue
from labkit.services.website.truth import expected_item as _expected_item

_catalogue = _build_catalogue({"products": paniervert.load("products", scale, seed)}, seed)
_echantillon = [it for it in _catalogue if it.malformation] + [
    it for it in _catalogue if not it.malformation
][:: max(1, len(_catalogue) // 12)]
for _it in _echantillon:
    _attendu = _expected_item(_it)
    _html = requests.get(SITE_URL + _it.url, headers={"User-Agent": USER_AGENT}, timeout=30).text
    with checks.context(f"fiche {_it.url}"):
        _lu = checks.learner_call("lire_fiche", lire_fiche, _html)
        assert _lu["sku"] == _it.sku and _lu["nom"] == _it.name, "sku ou nom incorrect."
        assert _lu["ean13"] == _it.ean13, "ean13 incorrect."
        assert _lu["en_stock"] == _it.in_stock, "en_stock incorrect."
        assert _lu["en_promo"] == (_it.old_price_eur is not None), "en_promo incorrect."
        if _it.malformation == "missing_price":
            assert _lu["prix_texte"] is None and _lu["prix_eur"] is None, "fiche sans prix : None attendu."
        elif _it.malformation == "price_format":
            assert _lu["prix_texte"] and _lu["prix_eur"] is None, "prix non français : prix_texte conservé, prix_eur None."
        else:
            assert math.isclose(_lu["prix_eur"] or 0, _attendu["price_eur"]), "prix_eur incorrect."
            assert math.isclose(_lu["prix_unitaire_eur"] or 0, _attendu["unit_price_eur"]), "prix_unitaire_eur incorrect."
            assert _lu["unite_prix"] == _attendu["unit"], "unite_prix incorrecte."
for _texte, _valeur in [("1\u202f249,50\u00a0€", 1249.5), ("12 €", 12.0), ("3,5€", 3.5)]:
    _page = fiche_html.replace(lu["prix_texte"], _texte)
    assert math.isclose(lire_fiche(_page)["prix_eur"] or 0, _valeur), f"Le prix « {_texte} » est mal lu."
for _texte in ["3.49 €", "3,499 €", "environ 3,49 €", "3,49"]:
    _page = fiche_html.replace(lu["prix_texte"], _texte)
    assert lire_fiche(_page)["prix_eur"] is None, f"« {_texte} » n'est pas un prix français complet."
### END HIDDEN TESTS

# %% [markdown]
# ### Exercice 3 — Parcourir le site en respectant ses règles (3 points)
#
# Écrivez `collecter_concurrent(session, base_url, delai=0.0)` qui relève **toutes** les
# fiches produits du site et renvoie un DataFrame.
#
# 1. Téléchargez d'abord `base_url + "/robots.txt"` **avec `session`**, et lisez-le avec
#    `urllib.robotparser.RobotFileParser` (`parser.parse(texte.splitlines())`). Ne
#    demandez ensuite **aucune** URL que `parser.can_fetch(USER_AGENT, url)` refuse.
# 2. Depuis l'accueil, suivez les liens des rayons (`a.category-link`), puis, dans chaque
#    rayon, la pagination (`a[rel=next]`) jusqu'à la dernière page ; relevez les liens des
#    fiches (`article.product a.product-link`). Un même produit peut être lié depuis
#    plusieurs pages (l'accueil en montre aussi) : téléchargez chaque fiche **une seule
#    fois**.
# 3. Lisez chaque fiche avec votre `lire_fiche`. Attendez `delai` secondes avant chaque
#    requête (`time.sleep`).
#
# Le DataFrame a une ligne par fiche, avec la colonne `url` (le **chemin** de la fiche,
# par exemple `/produit/menthe-en-vrac-bc-00003`, sans le domaine) suivie des neuf clés de
# `lire_fiche`, triées par `url` (index `0, 1, 2…`).
#
# Lancez-la avec `session_site` (la session qui s'identifie et garde la trace de vos
# requêtes) et stockez le résultat dans `articles_concurrent`.
#
# > **Indice** : les liens du site sont relatifs : `urljoin(page, a["href"])` les rend
# > absolus, `urlparse(url).path` en garde le chemin. Un `set` de chemins évite les
# > doublons. Ne suivez **pas** tous les liens de la page : chaque fiche a un lien « Ajouter
# > au panier », et `/panier` est interdit aux robots.

# %% nbgrader={"grade": false, "grade_id": "ex03_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def collecter_concurrent(session, base_url, delai=0.0):
    """Every product page of the competitor's site, read with lire_fiche, robots.txt obeyed."""
    regles = RobotFileParser()
    regles.parse(session.get(base_url + "/robots.txt", timeout=30).text.splitlines())

    def telecharger(url):
        if not regles.can_fetch(USER_AGENT, url):
            return None
        time.sleep(delai)
        reponse = session.get(url, timeout=30)
        reponse.raise_for_status()
        return reponse.text

    accueil = BeautifulSoup(telecharger(base_url + "/"), "lxml")
    rayons = sorted({urljoin(base_url + "/", a["href"]) for a in accueil.select("a.category-link")})
    chemins = set()
    for page in rayons:
        while page:
            html = telecharger(page)
            if html is None:
                break
            soup = BeautifulSoup(html, "lxml")
            chemins |= {urlparse(urljoin(page, a["href"])).path
                        for a in soup.select("article.product a.product-link")}
            suivant = soup.select_one("a[rel=next]")
            page = urljoin(page, suivant["href"]) if suivant else None
    lignes = []
    for chemin in sorted(chemins):
        html = telecharger(base_url + chemin)
        if html is not None:
            lignes.append({"url": chemin, **lire_fiche(html)})
    colonnes = ["url", "sku", "nom", "ean13", "prix_texte", "prix_eur", "prix_unitaire_eur",
                "unite_prix", "en_promo", "en_stock"]
    return pd.DataFrame(lignes, columns=colonnes)


### END SOLUTION
session_site.sent.clear()  # the tests read the requests of this run only
articles_concurrent = collecter_concurrent(session_site, SITE_URL, delai_requetes)
articles_concurrent.head()

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex03_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 3 : robots.txt lu et respecté, chaque fiche une fois, toutes les fiches du site relevées avec les bonnes valeurs."""
checks.assert_columns(articles_concurrent, ["url", "sku", "nom", "ean13", "prix_texte", "prix_eur",
                                            "prix_unitaire_eur", "unite_prix", "en_promo", "en_stock"])
chemins_demandes = session_site.paths()
assert chemins_demandes, "Aucune requête dans session_site : passez session_site à collecter_concurrent."
assert "/robots.txt" in chemins_demandes, "Lisez robots.txt avec la session avant de parcourir le site."
interdits = sorted({p for p in chemins_demandes if p.startswith(("/panier", "/compte", "/admin"))})
assert not interdits, f"robots.txt interdit ces chemins, que votre robot a demandés : {interdits[:3]}."
assert articles_concurrent["url"].str.startswith("/produit/").all(), (
    "La colonne url contient le chemin de la fiche (/produit/...), sans le domaine."
)
assert articles_concurrent["url"].is_unique, "Chaque fiche ne doit apparaître qu'une fois."
fiches_demandees = [p for p in chemins_demandes if p.startswith("/produit/")]
assert len(fiches_demandees) == len(set(fiches_demandees)), "Téléchargez chaque fiche une seule fois."
assert articles_concurrent["url"].is_monotonic_increasing, "Triez les lignes par url."
### BEGIN HIDDEN TESTS
from labkit.services.website.data import build_catalogue as _build_catalogue

_catalogue = _build_catalogue({"products": paniervert.load("products", scale, seed)}, seed)
_attendus = sorted(it.url for it in _catalogue)
_manquants = sorted(set(_attendus) - set(articles_concurrent["url"]))
assert not _manquants, f"{len(_manquants)} fiche(s) du site manquent (pagination suivie jusqu'au bout ?)."
checks.assert_row_count(articles_concurrent, len(_attendus))
_par_url = {it.url: it for it in _catalogue}
for _row in articles_concurrent.itertuples():
    _it = _par_url[_row.url]
    assert _row.ean13 == _it.ean13 and _row.sku == _it.sku, f"{_row.url} : ean13 ou sku incorrect."
    assert bool(_row.en_stock) == _it.in_stock, f"{_row.url} : en_stock incorrect."
    if _it.malformation is None:
        assert math.isclose(_row.prix_eur or 0, _it.price_eur), f"{_row.url} : prix_eur incorrect."
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 3 — Nettoyer et rapprocher (C10)
#
# Rappels du lab `07_regles_nettoyage` : une règle de nettoyage est **explicite**,
# **ordonnée** et **traçable**. Chaque ligne écartée part dans une table de rejets avec
# son motif, pour qu'on puisse la compter, l'expliquer au métier et corriger la source.
# Le contrôle de bout en bout : `lignes en entrée = lignes en sortie + lignes rejetées`.
#
# Le code EAN-13 se vérifie avec sa clé de contrôle (dernier chiffre) :
# `paniervert.is_valid_ean13("3370002000009")`.

# %%
paniervert.is_valid_ean13("3370002000009"), paniervert.is_valid_ean13("3370002000008")

# %% [markdown]
# ### Exercice 4 — Comparer à unité égale, rejeter avec un motif (3 points)
#
# Écrivez `rapprocher(produits, articles)` qui reçoit le catalogue (comme `produits_pv`) et
# les fiches relevées (comme `articles_concurrent`), et renvoie le couple
# `(comparaisons, rejets)`.
#
# **Règles**, appliquées à chaque article **dans l'ordre des lignes de `articles`** ; la
# **première** règle qui s'applique donne le motif du rejet :
#
# | ordre | motif | l'article est rejeté si… |
# |---|---|---|
# | 1 | `ean_invalide` | son `ean13` est absent, n'a pas 13 chiffres ou a une clé de contrôle fausse |
# | 2 | `doublon` | son `ean13` est celui d'un article **précédent** déjà accepté ou rejeté pour un autre motif que `ean_invalide` (on garde la première occurrence) |
# | 3 | `sans_correspondance` | son `ean13` n'est pas dans le catalogue de Panier Vert |
# | 4 | `prix_manquant` | `prix_texte` est absent |
# | 5 | `prix_illisible` | `prix_eur` est absent (prix non français) |
# | 6 | `unite_incompatible` | Panier Vert vend au `kg` (ou au `l`) mais le concurrent n'affiche pas de prix unitaire au `kg` (ou au `L`) |
#
# **Absent** : dans un DataFrame, une valeur manquante peut arriver en `None` ou en `NaN`
# (pandas convertit les `None` d'une colonne de nombres en `NaN`, et les tests vous
# passent des tables qui contiennent les deux). Testez-la donc avec `pd.isna(valeur)`,
# jamais avec `valeur is None`.
#
# **Prix comparable du concurrent** (exigence F4) : si l'unité Panier Vert (`unit`) est
# `kg` ou `l`, c'est `prix_unitaire_eur` ; si elle est `pièce` ou `botte`, c'est
# `prix_eur` (le prix de l'article).
#
# - `comparaisons` : une ligne par article accepté, triée par `ean13` (index `0, 1,
#   2…`), colonnes dans cet ordre : `ean13`, `product_id`, `nom` (le `name` de Panier
#   Vert), `categorie` (la `category` de Panier Vert), `unite` (la `unit` de Panier Vert),
#   `prix_pv_eur` (`unit_price_eur`), `prix_concurrent_eur` (le prix comparable),
#   `ecart_pct` (`100 * (prix_concurrent_eur / prix_pv_eur - 1)`, sans arrondi : positif
#   quand le concurrent est plus cher), `en_promo`, `en_stock`, `url` ;
# - `rejets` : une ligne par article rejeté, triée par `url` (index `0, 1, 2…`), colonnes
#   `url`, `ean13` (tel que relevé, éventuellement `None`), `motif`.
#
# Appliquez ensuite la fonction à vos données : `comparaisons, rejets =
# rapprocher(produits_pv, articles_concurrent)`.
#
# > **Indice** : une boucle sur `articles.itertuples()` avec un `set` des EAN déjà vus et
# > un dictionnaire `ean13 → produit` (`produits.set_index("ean13").to_dict("index")`)
# > est la façon la plus sûre d'appliquer des règles ordonnées. `pd.DataFrame(lignes,
# > columns=[...])` garde les colonnes même quand `lignes` est vide.

# %% nbgrader={"grade": false, "grade_id": "ex04_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
COLONNES_COMPARAISONS = ["ean13", "product_id", "nom", "categorie", "unite", "prix_pv_eur",
                         "prix_concurrent_eur", "ecart_pct", "en_promo", "en_stock", "url"]
UNITE_SITE = {"kg": "kg", "l": "L"}


def motif_rejet(article, catalogue, vus):
    """The reason to reject one article, or None (rules in order); updates ``vus``."""
    ean = article.ean13
    if not isinstance(ean, str) or not paniervert.is_valid_ean13(ean):
        return "ean_invalide"
    if ean in vus:
        return "doublon"
    vus.add(ean)
    if ean not in catalogue:
        return "sans_correspondance"
    if article.prix_texte is None or pd.isna(article.prix_texte):
        return "prix_manquant"
    if article.prix_eur is None or pd.isna(article.prix_eur):
        return "prix_illisible"
    unite = catalogue[ean]["unit"]
    if unite in UNITE_SITE and (article.unite_prix != UNITE_SITE[unite]
                                or pd.isna(article.prix_unitaire_eur)):
        return "unite_incompatible"
    return None


def rapprocher(produits, articles):
    """Match the competitor's articles with Panier Vert's catalogue; (comparisons, rejects)."""
    catalogue = produits.set_index("ean13").to_dict("index")
    vus, acceptes, refuses = set(), [], []
    for article in articles.itertuples(index=False):
        motif = motif_rejet(article, catalogue, vus)
        if motif:
            refuses.append({"url": article.url, "ean13": article.ean13, "motif": motif})
            continue
        produit = catalogue[article.ean13]
        au_poids = produit["unit"] in UNITE_SITE
        prix = float(article.prix_unitaire_eur if au_poids else article.prix_eur)
        pv = float(produit["unit_price_eur"])
        acceptes.append({
            "ean13": article.ean13, "product_id": produit["product_id"], "nom": produit["name"],
            "categorie": produit["category"], "unite": produit["unit"], "prix_pv_eur": pv,
            "prix_concurrent_eur": prix, "ecart_pct": 100 * (prix / pv - 1),
            "en_promo": bool(article.en_promo), "en_stock": bool(article.en_stock),
            "url": article.url,
        })
    comparaisons = pd.DataFrame(acceptes, columns=COLONNES_COMPARAISONS)
    rejets = pd.DataFrame(refuses, columns=["url", "ean13", "motif"])
    return (comparaisons.sort_values("ean13", ignore_index=True),
            rejets.sort_values("url", ignore_index=True))


### END SOLUTION
comparaisons, rejets = rapprocher(produits_pv, articles_concurrent)
rejets

# %% labkit={"competences": ["C10"]} nbgrader={"grade": true, "grade_id": "ex04_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 4 : colonnes, rien de perdu (entrées = sorties + rejets), motifs autorisés, prix comparable à unité égale, règles ordonnées sur des cas construits."""
COLONNES_ATTENDUES = ["ean13", "product_id", "nom", "categorie", "unite", "prix_pv_eur",
                      "prix_concurrent_eur", "ecart_pct", "en_promo", "en_stock", "url"]
checks.assert_columns(comparaisons, COLONNES_ATTENDUES)
checks.assert_columns(rejets, ["url", "ean13", "motif"])
assert len(comparaisons) + len(rejets) == len(articles_concurrent), (
    f"{len(articles_concurrent)} articles en entrée, mais {len(comparaisons)} comparaisons + "
    f"{len(rejets)} rejets : des lignes ont été perdues ou dupliquées en chemin."
)
motifs_inconnus = sorted(set(rejets["motif"]) - set(MOTIFS_REJET))
assert not motifs_inconnus, f"Motifs inconnus : {motifs_inconnus} ; utilisez ceux de MOTIFS_REJET."
assert comparaisons["ean13"].is_unique, "Un produit ne doit être comparé qu'une fois."
assert comparaisons["ean13"].is_monotonic_increasing, "Triez les comparaisons par ean13."
ecart_recalcule = 100 * (comparaisons["prix_concurrent_eur"] / comparaisons["prix_pv_eur"] - 1)
assert ((comparaisons["ecart_pct"] - ecart_recalcule).abs() < 1e-6).all(), (
    "ecart_pct doit valoir 100 * (prix_concurrent_eur / prix_pv_eur - 1)."
)
petit = articles_concurrent[articles_concurrent["prix_eur"].notna()].head(2).copy()
double = pd.concat([petit, petit.iloc[[0]].assign(url="/produit/zz-copie")], ignore_index=True)
with checks.context("Avec un article présent deux fois"):
    _c, _r = checks.learner_call("rapprocher", rapprocher, produits_pv, double)
    assert list(_r["motif"]) == ["doublon"] and len(_c) == 2, (
        "la seconde occurrence d'un même EAN doit être rejetée avec le motif doublon."
    )
### BEGIN HIDDEN TESTS
from labkit.services.website.data import build_catalogue as _build_catalogue
from labkit.services.website.truth import expected_item as _expected_item

# Articles rebuilt from the site's ground truth, independently of the learner's scraper.
_lignes = []
for _it in _build_catalogue({"products": paniervert.load("products", scale, seed)}, seed):
    _e = _expected_item(_it)
    _ligne = {"url": _e["url"], "sku": _e["sku"], "nom": _e["name"], "ean13": _e["ean13"],
              "prix_texte": "x", "prix_eur": _e["price_eur"], "prix_unitaire_eur": _e["unit_price_eur"],
              "unite_prix": _e["unit"], "en_promo": _e["old_price_eur"] is not None,
              "en_stock": _e["in_stock"]}
    if _it.malformation == "missing_price":
        _ligne.update(prix_texte=None, prix_eur=None, prix_unitaire_eur=None, unite_prix=None)
    elif _it.malformation == "price_format":
        _ligne.update(prix_eur=None, prix_unitaire_eur=None, unite_prix=None)
    _lignes.append(_ligne)
_articles = pd.DataFrame(_lignes).sort_values("url", ignore_index=True)
# Edge cases appended at the end (after every real article).
_vrai = _articles.iloc[0]
_cas = pd.DataFrame([
    {**_vrai.to_dict(), "url": "/produit/zz-1", "ean13": _vrai["ean13"][:12] + str((int(_vrai["ean13"][12]) + 1) % 10)},
    {**_vrai.to_dict(), "url": "/produit/zz-2", "ean13": None},
    {**_vrai.to_dict(), "url": "/produit/zz-3"},
    {**_vrai.to_dict(), "url": "/produit/zz-4", "ean13": "0000000000000"},
])
_entree = pd.concat([_articles, _cas], ignore_index=True)
_produits = paniervert.load("products", scale, seed)[
    ["product_id", "ean13", "name", "category", "unit", "unit_price_eur"]]
# Make one weight-sold product incompatible: the site shows a price per piece.
_kg = set(_produits.loc[_produits["unit"] == "kg", "ean13"])
_i = _entree.index[_entree["ean13"].isin(_kg) & _entree["prix_eur"].notna()][0]
_entree.loc[_i, "unite_prix"] = "pièce"
_c, _r = checks.learner_call("rapprocher", rapprocher, _produits, _entree)
# Independent reference: vectorised rules.
_ref = _entree.copy()
_ref["valide"] = _ref["ean13"].map(lambda e: isinstance(e, str) and paniervert.is_valid_ean13(e))
_ref["rang"] = _ref.groupby(_ref["ean13"].where(_ref["valide"])).cumcount()
_m = _ref.merge(_produits, on="ean13", how="left")
_attendu_unite = _m["unit"].map({"kg": "kg", "l": "L"})
_m["motif"] = None
_conditions = [
    ("unite_incompatible", _attendu_unite.notna() & (_m["unite_prix"] != _attendu_unite)),
    ("prix_illisible", _m["prix_eur"].isna()),
    ("prix_manquant", _m["prix_texte"].isna()),
    ("sans_correspondance", _m["product_id"].isna()),
    ("doublon", _m["rang"] > 0),
    ("ean_invalide", ~_m["valide"]),
]
for _motif, _cond in _conditions:
    _m.loc[_cond.fillna(False).astype(bool), "motif"] = _motif
_rej = _m[_m["motif"].notna()][["url", "ean13", "motif"]].sort_values("url", ignore_index=True)
_ok = _m[_m["motif"].isna()].copy()
_ok["prix_concurrent_eur"] = _ok["prix_unitaire_eur"].where(_ok["unit"].isin(["kg", "l"]), _ok["prix_eur"])
_ok["ecart_pct"] = (_ok["prix_concurrent_eur"] - _ok["unit_price_eur"]) / _ok["unit_price_eur"] * 100
_ok = _ok.rename(columns={"name": "nom_pv"})[
    ["ean13", "product_id", "nom_pv", "category", "unit", "unit_price_eur", "prix_concurrent_eur",
     "ecart_pct", "en_promo", "en_stock", "url"]].sort_values("ean13", ignore_index=True)
_ok.columns = COLONNES_ATTENDUES
with checks.context("Rejets sur les données du site et des cas construits (valeurs absentes en None ou NaN)"):
    checks.assert_frame_matches(_r, _rej, ordered=True)
with checks.context("Comparaisons sur les données du site"):
    checks.assert_frame_matches(_c, _ok, ordered=True, rtol=1e-9)
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 4 — Stocker dans PostgreSQL (C11)
#
# Rappels du lab `08_base_rgpd` : le **modèle physique** traduit les règles de gestion en
# contraintes que la base fait respecter elle-même, quel que soit le programme qui écrit :
#
# - `PRIMARY KEY` (unicité et non-nullité), `REFERENCES` (clé étrangère), `NOT NULL`,
#   `UNIQUE`, `CHECK (condition)` ;
# - `CREATE TABLE IF NOT EXISTS` rend la création rejouable ;
# - `INSERT ... ON CONFLICT (clé) DO UPDATE SET col = EXCLUDED.col` (un *upsert*) rend le
#   chargement **idempotent** : rejouer le même lot met à jour les lignes au lieu de les
#   dupliquer ;
# - `with engine.begin() as conn:` ouvre **une** transaction, validée à la fin du bloc,
#   annulée si une exception en sort : le chargement est **atomique**.
#
# Exemple d'upsert sur une table temporaire (elle disparaît avec la connexion) :

# %%
with engine.begin() as conn:
    conn.execute(text("CREATE TEMP TABLE essai (code text PRIMARY KEY, prix numeric(10, 2) NOT NULL)"))
    upsert = text("""INSERT INTO essai (code, prix) VALUES (:code, :prix)
                     ON CONFLICT (code) DO UPDATE SET prix = EXCLUDED.prix""")
    conn.execute(upsert, [{"code": "A", "prix": 1.5}, {"code": "B", "prix": 2}])
    conn.execute(upsert, [{"code": "A", "prix": 1.75}])  # replayed: updated, not duplicated
    essai = conn.execute(text("SELECT * FROM essai ORDER BY code")).all()
essai

# %% [markdown]
# ### Exercice 5 — Le modèle physique (2 points)
#
# Écrivez `creer_schema(engine, schema)` qui crée (s'ils n'existent pas) le schéma
# `schema` et ses trois tables, **qualifiées** par le schéma (`"{schema}".produit`…).
# Appeler la fonction deux fois ne doit pas échouer.
#
# | table | colonnes (type) | contraintes |
# |---|---|---|
# | `produit` | `ean13` (`text`), `product_id` (`integer`), `nom` (`text`), `categorie` (`text`), `unite` (`text`) | clé primaire `ean13`, qui doit faire 13 chiffres (`CHECK (ean13 ~ '^[0-9]{13}$')`) ; `product_id` unique ; tout `NOT NULL` ; `unite` parmi `kg`, `l`, `pièce`, `botte` |
# | `releve` | `ean13` (`text`), `date_releve` (`date`), `prix_pv_eur` (`numeric(10, 2)`), `prix_concurrent_eur` (`numeric(10, 2)`), `en_promo` (`boolean`), `en_stock` (`boolean`), `url` (`text`) | clé primaire (`ean13`, `date_releve`) ; `ean13` référence `produit` ; tout `NOT NULL` ; les deux prix strictement positifs |
# | `rejet` | `url` (`text`), `date_releve` (`date`), `ean13` (`text`, peut être nul), `motif` (`text`) | clé primaire (`url`, `date_releve`) ; `motif` non nul et parmi `MOTIFS_REJET` |
#
# Aucune autre colonne : ni fournisseur, ni écart (il se calcule), ni donnée sur les
# personnes (exigence T4). Puis appelez `creer_schema(engine, SCHEMA)`.

# %% nbgrader={"grade": false, "grade_id": "ex05_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
DDL = """
CREATE SCHEMA IF NOT EXISTS "{s}";
CREATE TABLE IF NOT EXISTS "{s}".produit (
    ean13      text    PRIMARY KEY CHECK (ean13 ~ '^[0-9]{{13}}$'),
    product_id integer NOT NULL UNIQUE,
    nom        text    NOT NULL,
    categorie  text    NOT NULL,
    unite      text    NOT NULL CHECK (unite IN ('kg', 'l', 'pièce', 'botte'))
);
CREATE TABLE IF NOT EXISTS "{s}".releve (
    ean13               text          NOT NULL REFERENCES "{s}".produit (ean13),
    date_releve         date          NOT NULL,
    prix_pv_eur         numeric(10, 2) NOT NULL CHECK (prix_pv_eur > 0),
    prix_concurrent_eur numeric(10, 2) NOT NULL CHECK (prix_concurrent_eur > 0),
    en_promo            boolean       NOT NULL,
    en_stock            boolean       NOT NULL,
    url                 text          NOT NULL,
    PRIMARY KEY (ean13, date_releve)
);
CREATE TABLE IF NOT EXISTS "{s}".rejet (
    url         text NOT NULL,
    date_releve date NOT NULL,
    ean13       text,
    motif       text NOT NULL CHECK (motif IN ({motifs})),
    PRIMARY KEY (url, date_releve)
);
"""


def creer_schema(engine, schema):
    """Create the observatory's schema and tables (idempotent)."""
    motifs = ", ".join(f"'{m}'" for m in MOTIFS_REJET)
    with engine.begin() as conn:
        for statement in DDL.format(s=schema, motifs=motifs).split(";"):
            if statement.strip():
                conn.execute(text(statement))


### END SOLUTION
creer_schema(engine, SCHEMA)

# %% labkit={"competences": ["C11"]} nbgrader={"grade": true, "grade_id": "ex05_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 5 : tables et colonnes exactes, création rejouable, clés primaires et étrangère, contraintes CHECK et NOT NULL appliquées par la base."""
checks.learner_call("creer_schema (second appel)", creer_schema, engine, SCHEMA)
with engine.connect() as conn:
    colonnes_bd = pd.read_sql(text(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = :s ORDER BY table_name, ordinal_position"), conn, params={"s": SCHEMA})
COLONNES_TABLES = {
    "produit": {"ean13", "product_id", "nom", "categorie", "unite"},
    "releve": {"ean13", "date_releve", "prix_pv_eur", "prix_concurrent_eur", "en_promo", "en_stock", "url"},
    "rejet": {"url", "date_releve", "ean13", "motif"},
}
for table, attendues in COLONNES_TABLES.items():
    presentes = set(colonnes_bd.loc[colonnes_bd["table_name"] == table, "column_name"])
    assert presentes, f"La table {SCHEMA}.{table} n'existe pas."
    assert presentes == attendues, (
        f"Table {table} : colonnes en trop {sorted(presentes - attendues)}, "
        f"manquantes {sorted(attendues - presentes)}."
    )
P_COLS = f'INSERT INTO "{SCHEMA}".produit (ean13, product_id, nom, categorie, unite) VALUES '
R_COLS = (f'INSERT INTO "{SCHEMA}".releve (ean13, date_releve, prix_pv_eur, prix_concurrent_eur, '
          "en_promo, en_stock, url) VALUES ")
assert violates(P_COLS + "('12345', 1, 'x', 'y', 'kg')"), (
    "La table produit accepte un ean13 de 5 chiffres : ajoutez la contrainte CHECK."
)
assert violates(R_COLS + "('0000000000000', DATE '2024-01-01', 1, 1, false, true, 'u')"), (
    "La table releve accepte un ean13 absent de produit : ajoutez la clé étrangère."
)
### BEGIN HIDDEN TESTS
_p_ok = P_COLS + "('9999999999994', -7, 'x', 'y', 'kg')"
_r = R_COLS + "('9999999999994', DATE '2024-01-01', {pv}, {pc}, false, true, 'u')"
_j_cols = f'INSERT INTO "{SCHEMA}".rejet (url, date_releve, ean13, motif) VALUES '
_j = _j_cols + "('/u', DATE '2024-01-01', NULL, '{m}')"
assert not violates(_p_ok), "Un produit valide doit pouvoir être inséré."
assert violates(_p_ok, _p_ok), "La clé primaire de produit manque."
assert violates(P_COLS + "('9999999999994', -7, 'x', 'y', 'litre')"), "CHECK sur unite manquant."
assert violates(P_COLS + "('9999999999994', -7, NULL, 'y', 'kg')"), "nom doit être NOT NULL."
assert violates(_p_ok, P_COLS + "('9999999999987', -7, 'x', 'y', 'kg')"), "product_id doit être unique."
assert not violates(_p_ok, _r.format(pv=1, pc=1)), "Un relevé valide doit pouvoir être inséré."
assert violates(_p_ok, _r.format(pv=0, pc=1)), "prix_pv_eur doit être strictement positif (CHECK)."
assert violates(_p_ok, _r.format(pv=1, pc=0)), "prix_concurrent_eur doit être strictement positif (CHECK)."
assert violates(_p_ok, _r.format(pv=1, pc="NULL")), "prix_concurrent_eur doit être NOT NULL."
assert violates(_p_ok, _r.format(pv=1, pc=1), _r.format(pv=2, pc=2)), "Clé primaire (ean13, date_releve) manquante."
assert not violates(_j.format(m="doublon")), "Un rejet sans ean13 doit être accepté."
assert violates(_j.format(m="autre")), "CHECK sur motif manquant."
assert violates(_j.format(m="doublon"), _j.format(m="doublon")), "Clé primaire (url, date_releve) manquante."
_types = dict(zip(colonnes_bd["table_name"] + "." + colonnes_bd["column_name"], colonnes_bd["data_type"],
                  strict=True))
assert _types["releve.date_releve"] == "date" and _types["releve.prix_pv_eur"] == "numeric", "Types de releve incorrects."
assert _types["releve.en_promo"] == "boolean" and _types["produit.product_id"] == "integer", "Types incorrects."
### END HIDDEN TESTS

# %% [markdown]
# ### Exercice 6 — Un chargement idempotent et atomique (2 points)
#
# Écrivez `charger(engine, schema, comparaisons, rejets, date_releve)` qui enregistre un
# relevé dans les tables de l'exercice 5, en **une seule transaction** :
#
# - `produit` : un produit par ligne de `comparaisons` (`ean13`, `product_id`, `nom`,
#   `categorie`, `unite`) ; un produit déjà présent est **mis à jour** ;
# - `releve` : une ligne par comparaison, pour `date_releve` ; un relevé déjà présent
#   (même `ean13`, même date) est **mis à jour** ;
# - `rejet` : une ligne par rejet, pour `date_releve` ; même règle.
#
# Relancer `charger` avec les mêmes données ne change rien ; avec un prix corrigé, le
# relevé est mis à jour, pas dupliqué. Si une ligne est refusée par la base, **rien**
# n'est chargé (l'exception remonte). Puis chargez vos données :
# `charger(engine, SCHEMA, comparaisons, rejets, date_releve)`.
#
# > **Indice** : `conn.execute(text(sql), liste_de_dictionnaires)` exécute la requête
# > pour chaque dictionnaire. `frame.to_dict("records")` donne cette liste ; pensez à
# > convertir les `NaN` de pandas en `None` (`frame.astype(object).where(frame.notna(),
# > None)`). N'écrivez jamais les valeurs dans le texte SQL : passez-les en paramètres.

# %% nbgrader={"grade": false, "grade_id": "ex06_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def records(frame, columns):
    """Rows of ``frame`` as dictionaries of plain Python values (None for missing)."""
    part = frame[columns].astype(object)
    return part.where(part.notna(), None).to_dict("records")


def charger(engine, schema, comparaisons, rejets, date_releve):
    """Upsert one survey (products, price records, rejects) in a single transaction."""
    s = f'"{schema}"'
    jour = {"date_releve": date_releve}
    with engine.begin() as conn:
        produits = records(comparaisons, ["ean13", "product_id", "nom", "categorie", "unite"])
        if produits:
            conn.execute(text(f"""
                INSERT INTO {s}.produit (ean13, product_id, nom, categorie, unite)
                VALUES (:ean13, :product_id, :nom, :categorie, :unite)
                ON CONFLICT (ean13) DO UPDATE SET product_id = EXCLUDED.product_id,
                    nom = EXCLUDED.nom, categorie = EXCLUDED.categorie, unite = EXCLUDED.unite
            """), produits)
        releves = records(comparaisons, ["ean13", "prix_pv_eur", "prix_concurrent_eur",
                                         "en_promo", "en_stock", "url"])
        if releves:
            conn.execute(text(f"""
                INSERT INTO {s}.releve (ean13, date_releve, prix_pv_eur, prix_concurrent_eur,
                                        en_promo, en_stock, url)
                VALUES (:ean13, CAST(:date_releve AS date), :prix_pv_eur, :prix_concurrent_eur,
                        :en_promo, :en_stock, :url)
                ON CONFLICT (ean13, date_releve) DO UPDATE SET
                    prix_pv_eur = EXCLUDED.prix_pv_eur,
                    prix_concurrent_eur = EXCLUDED.prix_concurrent_eur,
                    en_promo = EXCLUDED.en_promo, en_stock = EXCLUDED.en_stock, url = EXCLUDED.url
            """), [{**r, **jour} for r in releves])
        refus = records(rejets, ["url", "ean13", "motif"])
        if refus:
            conn.execute(text(f"""
                INSERT INTO {s}.rejet (url, date_releve, ean13, motif)
                VALUES (:url, CAST(:date_releve AS date), :ean13, :motif)
                ON CONFLICT (url, date_releve) DO UPDATE SET
                    ean13 = EXCLUDED.ean13, motif = EXCLUDED.motif
            """), [{**r, **jour} for r in refus])


### END SOLUTION
charger(engine, SCHEMA, comparaisons, rejets, date_releve)
count_rows("produit"), count_rows("releve"), count_rows("rejet")

# %% labkit={"competences": ["C11"]} nbgrader={"grade": true, "grade_id": "ex06_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 6 : tout est chargé, rejouer ne duplique rien, une correction met à jour, un lot refusé ne laisse aucune trace."""
jour = {"d": date_releve}
assert count_rows("releve", "WHERE date_releve = :d", jour) == len(comparaisons), (
    "La table releve doit avoir une ligne par comparaison pour date_releve."
)
assert count_rows("rejet", "WHERE date_releve = :d", jour) == len(rejets), (
    "La table rejet doit avoir une ligne par rejet pour date_releve."
)
checks.learner_call("charger (second appel)", charger, engine, SCHEMA, comparaisons, rejets, date_releve)
assert count_rows("releve") == len(comparaisons) and count_rows("rejet") == len(rejets), (
    "Rejouer le chargement a dupliqué des lignes : utilisez un upsert (ON CONFLICT ... DO UPDATE)."
)
corrige = comparaisons.copy()
corrige.loc[0, "prix_concurrent_eur"] = corrige.loc[0, "prix_concurrent_eur"] + 1
checks.learner_call("charger (prix corrigé)", charger, engine, SCHEMA, corrige, rejets, date_releve)
with engine.connect() as conn:
    prix_lu = conn.execute(text(f'SELECT prix_concurrent_eur FROM "{SCHEMA}".releve '
                                "WHERE ean13 = :e AND date_releve = :d"),
                           {"e": corrige.loc[0, "ean13"], "d": date_releve}).scalar_one()
checks.learner_call("charger (données d'origine)", charger, engine, SCHEMA, comparaisons, rejets, date_releve)
assert abs(float(prix_lu) - corrige.loc[0, "prix_concurrent_eur"]) < 0.006, (
    "Un relevé rechargé avec un prix corrigé doit être mis à jour (DO UPDATE, pas DO NOTHING)."
)
### BEGIN HIDDEN TESTS
_avant = (count_rows("produit"), count_rows("releve"), count_rows("rejet"))
_rejet_ok = pd.DataFrame([{"url": "/produit/zz-atomique", "ean13": None, "motif": "doublon"}])
_rejet_ko = pd.DataFrame([{"url": None, "ean13": None, "motif": "doublon"}])
_comp_ko = comparaisons.copy()
_comp_ko.loc[len(_comp_ko) - 1, "prix_pv_eur"] = None
_scenarios = [
    ("un prix manquant dans les comparaisons", _comp_ko, pd.concat([rejets, _rejet_ok], ignore_index=True)),
    ("un rejet sans url", comparaisons, pd.concat([rejets, _rejet_ko], ignore_index=True)),
]
for _nom, _c_lot, _r_lot in _scenarios:
    with checks.context(f"Lot du 2024-12-30 avec {_nom}"):
        try:
            charger(engine, SCHEMA, _c_lot, _r_lot, "2024-12-30")
        except Exception:
            pass
        else:
            raise AssertionError("la base doit refuser ce lot (NOT NULL) et l'exception doit remonter "
                                 "(les NaN de pandas doivent devenir None).")
        assert (count_rows("produit"), count_rows("releve"), count_rows("rejet")) == _avant, (
            "un lot refusé a laissé des lignes en base : chargez tout dans une seule transaction."
        )
with engine.connect() as conn:
    _bd = pd.read_sql(text(
        f'SELECT r.ean13, p.product_id, p.nom, p.categorie, p.unite, r.prix_pv_eur::float8 AS prix_pv_eur, '
        f'r.prix_concurrent_eur::float8 AS prix_concurrent_eur, r.en_promo, r.en_stock, r.url '
        f'FROM "{SCHEMA}".releve r JOIN "{SCHEMA}".produit p USING (ean13) '
        "WHERE r.date_releve = :d ORDER BY r.ean13"), conn, params={"d": date_releve})
    _bd_rejets = pd.read_sql(text(f'SELECT url, ean13, motif FROM "{SCHEMA}".rejet '
                                  "WHERE date_releve = :d ORDER BY url"), conn, params={"d": date_releve})
checks.assert_frame_matches(_bd, comparaisons.drop(columns="ecart_pct"), ordered=True, atol=0.006)
checks.assert_frame_matches(_bd_rejets, rejets, ordered=True)
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 5 — Mettre à disposition (C9, C12)
#
# Deux publics, deux interfaces (exigence F6) : le contrôle de gestion lit une **synthèse
# SQL**, les chefs de rayon interrogent une **API**. Les deux lisent la base par
# `engine_obs`, dont le chemin de recherche est votre schéma : écrivez `FROM releve`, pas
# `FROM "observatoire_…".releve`.

# %%
with engine_obs.connect() as conn:
    apercu_releves = pd.read_sql(text("SELECT * FROM releve ORDER BY ean13 LIMIT 3"), conn)
apercu_releves

# %% [markdown]
# ### Exercice 7 — La synthèse par rayon (2 points)
#
# Écrivez dans `requete_synthese` une requête SQL (PostgreSQL) qui, sur les relevés de la
# **date la plus récente** de la table `releve`, donne une ligne par rayon :
#
# - `categorie` : le rayon (`produit.categorie`) ;
# - `nb_produits` : le nombre de produits relevés ;
# - `nb_moins_chers` : combien sont **strictement** moins chers chez le concurrent
#   (`prix_concurrent_eur < prix_pv_eur`) ;
# - `ecart_moyen_pct` : la moyenne de `100 * (prix_concurrent_eur / prix_pv_eur - 1)`,
#   sans arrondi.
#
# Tri : `categorie` croissant.
#
# > **Indice** : `WHERE date_releve = (SELECT MAX(date_releve) FROM releve)` ;
# > `COUNT(*) FILTER (WHERE ...)` compte les lignes qui vérifient une condition.

# %% nbgrader={"grade": false, "grade_id": "ex07_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
requete_synthese = """
SELECT p.categorie,
       COUNT(*) AS nb_produits,
       COUNT(*) FILTER (WHERE r.prix_concurrent_eur < r.prix_pv_eur) AS nb_moins_chers,
       AVG(100 * (r.prix_concurrent_eur / r.prix_pv_eur - 1)) AS ecart_moyen_pct
FROM releve AS r
JOIN produit AS p ON p.ean13 = r.ean13
WHERE r.date_releve = (SELECT MAX(date_releve) FROM releve)
GROUP BY p.categorie
ORDER BY p.categorie
"""
### END SOLUTION
checks.run_query(engine_obs, requete_synthese)

# %% labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "ex07_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 7 : colonnes demandées, un rayon par ligne, comptes cohérents, valeurs et ordre exacts."""
synthese = checks.run_query(engine_obs, requete_synthese)
checks.assert_columns(synthese, ["categorie", "nb_produits", "nb_moins_chers", "ecart_moyen_pct"])
assert synthese["categorie"].is_unique, "Une seule ligne par rayon : vérifiez votre GROUP BY."
assert (synthese["nb_moins_chers"] <= synthese["nb_produits"]).all(), (
    "nb_moins_chers ne peut pas dépasser nb_produits."
)
assert synthese["nb_produits"].sum() == count_rows(
    "releve", f'WHERE date_releve = (SELECT MAX(date_releve) FROM "{SCHEMA}".releve)'
), "Chaque relevé de la date la plus récente doit compter dans un rayon, et un seul."
### BEGIN HIDDEN TESTS
_attendu = """
WITH dernier AS (
    SELECT r.*, rank() OVER (ORDER BY r.date_releve DESC) AS rg FROM releve r
)
SELECT p.categorie,
       SUM(1) AS nb_produits,
       SUM(CASE WHEN d.prix_concurrent_eur < d.prix_pv_eur THEN 1 ELSE 0 END) AS nb_moins_chers,
       AVG((d.prix_concurrent_eur - d.prix_pv_eur) * 100.0 / d.prix_pv_eur) AS ecart_moyen_pct
FROM dernier d, produit p
WHERE d.rg = 1 AND p.ean13 = d.ean13
GROUP BY p.categorie
ORDER BY 1
"""
with older_survey(), checks.context(
    "Avec un second relevé, plus ancien, ajouté dans la base (seule la date la plus récente compte)"
):
    checks.assert_query_matches(engine_obs, requete_synthese, _attendu, ordered=True, rtol=1e-6)
### END HIDDEN TESTS

# %% [markdown]
# ### Exercice 8 — L'API des chefs de rayon (3 points)
#
# Rappels du lab `09_partage_api` : une route FastAPI est une fonction décorée ; ses
# paramètres deviennent des paramètres de requête validés (`Query(20, ge=1, le=100)` :
# défaut 20, entre 1 et 100, sinon `422`), ou des en-têtes (`x_api_key: str | None =
# Header(None)` lit `X-API-Key`). `raise HTTPException(401, "message")` répond une
# erreur. `TestClient(app)` interroge l'application **sans serveur**. Exemple :

# %%
demo = FastAPI(title="Démo")


@demo.get("/carre")
def carre(n: int = Query(2, ge=0, le=10)):
    return {"n": n, "carre": n * n}


TestClient(demo).get("/carre", params={"n": 3}).json(), TestClient(demo).get("/carre?n=99").status_code

# %% [markdown]
# Écrivez `creer_app(engine, cle_api)` qui **construit et renvoie** une application
# FastAPI avec deux routes :
#
# - `GET /sante` : sans authentification, répond `{"status": "ok"}` ;
# - `GET /comparaisons` : exige l'en-tête `X-API-Key` égal à `cle_api` (sinon `401`, avec
#   un `detail` en français) ; paramètres `categorie` (facultatif : ne garder que ce
#   rayon), `limit` (défaut 20, entre 1 et 100) et `offset` (défaut 0, au moins 0), hors
#   bornes : `422`. Elle renvoie les relevés de la **date la plus récente**, triés par
#   `ean13`, sous la forme :
#
# ```json
# {"total": 123, "limit": 20, "offset": 0, "items": [{...}, ...]}
# ```
#
# où `total` compte **tous** les relevés qui correspondent au filtre (pas seulement ceux
# de la page) et chaque élément de `items` a **exactement** les champs (liste blanche)
# `ean13`, `nom`, `categorie`, `unite`, `prix_pv_eur`, `prix_concurrent_eur`, `ecart_pct`
# (comme à l'exercice 4), `en_promo`, `en_stock`. Les prix et l'écart sont des nombres JSON
# (les `numeric` de PostgreSQL arrivent en `Decimal` : si vous déclarez un modèle pydantic,
# typez ces champs `float`, sans quoi ils seraient écrits en texte).
#
# La route lit la base par `engine` avec des requêtes **paramétrées** (`:categorie`,
# `:limit`…). Puis construisez `app = creer_app(engine_obs, cle_api_observatoire)`.
#
# > **Indice** : une requête pour `total` (`COUNT(*)`), une autre pour la page (`LIMIT
# > :limit OFFSET :offset`) ; le filtre facultatif s'écrit
# > `(CAST(:categorie AS text) IS NULL OR p.categorie = :categorie)`. Comparez les clés
# > avec `hmac.compare_digest` plutôt qu'avec `==`.

# %% nbgrader={"grade": false, "grade_id": "ex08_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
import hmac

FILTRE_DERNIER_RELEVE = """
FROM releve AS r
JOIN produit AS p ON p.ean13 = r.ean13
WHERE r.date_releve = (SELECT MAX(date_releve) FROM releve)
  AND (CAST(:categorie AS text) IS NULL OR p.categorie = :categorie)
"""


def creer_app(engine, cle_api):
    """The observatory's API: health check and the latest comparisons, key-protected."""
    app = FastAPI(title="Observatoire des prix de Panier Vert", version="1.0")

    def verifier(x_api_key):
        if x_api_key is None or not hmac.compare_digest(x_api_key.encode(), cle_api.encode()):
            raise HTTPException(401, "Clé d'API absente ou invalide (en-tête X-API-Key).")

    @app.get("/sante")
    def sante():
        return {"status": "ok"}

    @app.get("/comparaisons")
    def lister(
        categorie: str | None = Query(None, description="Ne garder que ce rayon."),
        limit: int = Query(20, ge=1, le=100, description="Taille de la page."),
        offset: int = Query(0, ge=0, description="Nombre d'éléments sautés."),
        x_api_key: str | None = Header(None),
    ):
        verifier(x_api_key)
        params = {"categorie": categorie, "limit": limit, "offset": offset}
        with engine.connect() as conn:
            total = conn.execute(text("SELECT COUNT(*) " + FILTRE_DERNIER_RELEVE), params).scalar_one()
            rows = conn.execute(text(
                "SELECT r.ean13, p.nom, p.categorie, p.unite, "
                "r.prix_pv_eur::float8 AS prix_pv_eur, "
                "r.prix_concurrent_eur::float8 AS prix_concurrent_eur, "
                "100 * (r.prix_concurrent_eur::float8 / r.prix_pv_eur::float8 - 1) AS ecart_pct, "
                "r.en_promo, r.en_stock " + FILTRE_DERNIER_RELEVE +
                "ORDER BY r.ean13 LIMIT :limit OFFSET :offset"), params).mappings().all()
        return {"total": total, "limit": limit, "offset": offset, "items": [dict(r) for r in rows]}

    return app


### END SOLUTION
app = creer_app(engine_obs, cle_api_observatoire)
client = TestClient(app)
client.get("/comparaisons", params={"limit": 2}, headers={"X-API-Key": cle_api_observatoire}).json()

# %% labkit={"competences": ["C12"]} nbgrader={"grade": true, "grade_id": "ex08_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 8 : santé sans clé, 401 sans la bonne clé, liste blanche des champs, pagination sans trou ni doublon, filtre par rayon, 422 hors bornes."""
client = TestClient(checks.learner_call("creer_app", creer_app, engine_obs, cle_api_observatoire),
                    raise_server_exceptions=False)
CLE = {"X-API-Key": cle_api_observatoire}
CHAMPS = {"ean13", "nom", "categorie", "unite", "prix_pv_eur", "prix_concurrent_eur", "ecart_pct",
          "en_promo", "en_stock"}
assert client.get("/sante").status_code == 200, "GET /sante doit répondre 200 sans clé."
assert client.get("/comparaisons").status_code == 401, "Sans clé, /comparaisons doit répondre 401."
assert client.get("/comparaisons", headers={"X-API-Key": "faux"}).status_code == 401, (
    "Avec une mauvaise clé, /comparaisons doit répondre 401."
)
page = client.get("/comparaisons", params={"limit": 5}, headers=CLE)
assert page.status_code == 200, f"Avec la bonne clé, /comparaisons répond {page.status_code}."
corps = page.json()
assert set(corps) == {"total", "limit", "offset", "items"}, f"Clés de la réponse : {sorted(corps)}."
assert len(corps["items"]) == 5, "limit=5 doit renvoyer 5 éléments."
en_trop = set().union(*(set(item) for item in corps["items"])) - CHAMPS
assert not en_trop, f"Champs hors liste blanche dans la réponse : {sorted(en_trop)}."
assert all(isinstance(item["prix_pv_eur"], float) for item in corps["items"]), (
    "prix_pv_eur doit être un nombre JSON : convertissez les Decimal en float."
)
assert client.get("/comparaisons", params={"limit": 1000}, headers=CLE).status_code == 422, (
    "limit=1000 doit être refusé (422) : bornez limit avec Query(..., le=100)."
)
### BEGIN HIDDEN TESTS
assert client.get("/comparaisons", params={"offset": -1}, headers=CLE).status_code == 422, "offset négatif : 422."
assert client.get("/comparaisons", params={"limit": 0}, headers=CLE).status_code == 422, "limit=0 : 422."
with older_survey():
    _n = count_rows("releve", f'WHERE date_releve = (SELECT MAX(date_releve) FROM "{SCHEMA}".releve)')
    _total = client.get("/comparaisons", params={"limit": 1}, headers=CLE).json()["total"]
    assert _total == _n, "total doit compter tous les relevés du dernier jour."
    _tout, _offset = [], 0
    while _offset < _n:
        _p = client.get("/comparaisons", params={"limit": 37, "offset": _offset}, headers=CLE).json()
        assert _p["offset"] == _offset and _p["limit"] == 37, "limit et offset doivent être renvoyés."
        _tout += _p["items"]
        _offset += 37
    _api = pd.DataFrame(_tout)
    assert list(_api.columns.sort_values()) == sorted(CHAMPS), "Chaque élément doit avoir exactement les champs demandés."
    _api = _api[["ean13", "nom", "categorie", "unite", "prix_pv_eur", "prix_concurrent_eur", "ecart_pct", "en_promo", "en_stock"]]
    with engine_obs.connect() as conn:
        _ref = pd.read_sql(text(
            "SELECT p.ean13, p.nom, p.categorie, p.unite, r.prix_pv_eur::float8 AS prix_pv_eur, "
            "r.prix_concurrent_eur::float8 AS prix_concurrent_eur, "
            "(r.prix_concurrent_eur - r.prix_pv_eur)::float8 * 100 / r.prix_pv_eur::float8 AS ecart_pct, "
            "r.en_promo, r.en_stock FROM produit p JOIN releve r USING (ean13) "
            "WHERE r.date_releve = (SELECT MAX(date_releve) FROM releve) ORDER BY 1"), conn)
    checks.assert_frame_matches(_api, _ref, ordered=True, rtol=1e-6)
    _cat = _ref["categorie"].value_counts().index[-1]
    _f = client.get("/comparaisons", params={"categorie": _cat, "limit": 100}, headers=CLE).json()
    assert _f["total"] == int((_ref["categorie"] == _cat).sum()), "Le filtre categorie : total incorrect."
    assert {i["categorie"] for i in _f["items"]} == {_cat}, "Le filtre categorie ne garde pas que ce rayon."
    assert client.get("/comparaisons", params={"categorie": "x' OR '1'='1"}, headers=CLE).json()["total"] == 0, (
        "Un filtre inconnu ne doit rien renvoyer (requête paramétrée)."
    )
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 6 — Le rapport d'exécution (C10)
#
# Un service de données rend des comptes à chaque exécution (exigence F7) : combien de
# lignes sont entrées, combien sont sorties, combien ont été rejetées et pourquoi. Ce
# rapport, archivé, permet de voir qu'une source s'est dégradée (les rejets montent) avant
# que les utilisateurs ne s'en plaignent.
#
# ### Exercice 9 — Rendre des comptes (1 point)
#
# Construisez le dictionnaire `rapport` avec exactement ces clés, puis écrivez-le en JSON
# (UTF-8, `ensure_ascii=False`, indenté) dans `sortie/rapport_execution.json` :
#
# | clé | valeur |
# |---|---|
# | `date_releve` | la date du relevé (texte `AAAA-MM-JJ`) |
# | `nb_produits_api` | le nombre de produits collectés depuis l'API |
# | `nb_fiches_site` | le nombre de fiches relevées sur le site |
# | `nb_comparaisons` | le nombre de comparaisons |
# | `nb_rejets` | le nombre de rejets |
# | `rejets_par_motif` | un dictionnaire `motif → nombre`, pour les motifs présents |
# | `nb_releves_en_base` | le nombre de lignes de `releve` **lues dans la base** pour cette date |
# | `nb_rejets_en_base` | le nombre de lignes de `rejet` lues dans la base pour cette date |
#
# Les nombres sont des entiers Python (`int(...)`), pas des entiers numpy.

# %% nbgrader={"grade": false, "grade_id": "ex09_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
with engine_obs.connect() as conn:
    en_base = {
        table: conn.execute(text(f"SELECT COUNT(*) FROM {table} WHERE date_releve = :d"),
                            {"d": date_releve}).scalar_one()
        for table in ("releve", "rejet")
    }
rapport = {
    "date_releve": date_releve,
    "nb_produits_api": int(len(produits_pv)),
    "nb_fiches_site": int(len(articles_concurrent)),
    "nb_comparaisons": int(len(comparaisons)),
    "nb_rejets": int(len(rejets)),
    "rejets_par_motif": {str(k): int(v) for k, v in rejets["motif"].value_counts().items()},
    "nb_releves_en_base": int(en_base["releve"]),
    "nb_rejets_en_base": int(en_base["rejet"]),
}
(SORTIE / "rapport_execution.json").write_text(
    json.dumps(rapport, ensure_ascii=False, indent=2), encoding="utf-8")
### END SOLUTION
rapport

# %% labkit={"competences": ["C10"]} nbgrader={"grade": true, "grade_id": "ex09_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Exercice 9 : clés du rapport, fichier JSON identique, comptes cohérents entre eux et avec la base."""
CLES_RAPPORT = {"date_releve", "nb_produits_api", "nb_fiches_site", "nb_comparaisons", "nb_rejets",
                "rejets_par_motif", "nb_releves_en_base", "nb_rejets_en_base"}
assert isinstance(rapport, dict) and set(rapport) == CLES_RAPPORT, (
    f"Clés attendues : {sorted(CLES_RAPPORT)}."
)
fichier_rapport = SORTIE / "rapport_execution.json"
assert fichier_rapport.exists(), f"Le fichier {fichier_rapport} n'existe pas."
assert json.loads(fichier_rapport.read_text(encoding="utf-8")) == rapport, (
    "Le fichier JSON ne contient pas le même rapport que la variable rapport."
)
assert rapport["nb_fiches_site"] == rapport["nb_comparaisons"] + rapport["nb_rejets"], (
    "nb_fiches_site doit valoir nb_comparaisons + nb_rejets : rien ne se perd."
)
assert sum(rapport["rejets_par_motif"].values()) == rapport["nb_rejets"], (
    "La somme de rejets_par_motif doit valoir nb_rejets."
)
### BEGIN HIDDEN TESTS
assert rapport["date_releve"] == date_releve, "date_releve incorrecte."
assert rapport["nb_produits_api"] == len(paniervert.load("products", scale, seed)), "nb_produits_api incorrect."
assert rapport["nb_fiches_site"] == len(articles_concurrent), "nb_fiches_site incorrect."
assert rapport["nb_comparaisons"] == len(comparaisons) and rapport["nb_rejets"] == len(rejets), "Comptes incorrects."
assert rapport["rejets_par_motif"] == rejets["motif"].value_counts().to_dict(), "rejets_par_motif incorrect."
assert rapport["nb_releves_en_base"] == count_rows("releve", "WHERE date_releve = :d", {"d": date_releve}), (
    "nb_releves_en_base doit être lu dans la base."
)
assert rapport["nb_rejets_en_base"] == count_rows("rejet", "WHERE date_releve = :d", {"d": date_releve}), (
    "nb_rejets_en_base doit être lu dans la base."
)
assert all(type(v) is int for k, v in rapport.items() if k.startswith("nb_")), "Les nombres doivent être des int Python."
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 7 — La soutenance
#
# Le service fonctionne. Devant la direction (et devant le jury), il faut maintenant le
# **défendre** : expliquer vos choix, montrer que vous avez vu les risques juridiques, et
# dire honnêtement ce que le service ne fait pas. Appuyez-vous sur **vos** résultats
# (votre rapport d'exécution, vos rejets).
#
# ### Question 10 — Justifier vos choix techniques (3 points, corrigée par votre formateur ou formatrice)
#
# En une quinzaine de lignes, justifiez **trois** choix techniques de votre service, au
# choix parmi : la collecte par l'API plutôt qu'un export de fichiers ; `requests` +
# BeautifulSoup plutôt que Scrapy ou un navigateur automatisé ; le rapprochement par EAN
# et la règle d'unité ; le modèle physique (clés, contraintes, ce qui n'est pas stocké) ;
# l'upsert dans une transaction ; la pagination `limit` / `offset` et la liste blanche de
# l'API. Pour chacun : le choix, l'alternative écartée, la raison (volume, fiabilité,
# reprise sur incident, sécurité…). Terminez par **le plan d'exploitation** : à quelle
# fréquence le service tourne, comment il est déclenché, et ce que l'on surveille dans le
# rapport d'exécution.
#
# *Double-cliquez sur la cellule ci-dessous pour écrire votre réponse.*

# %% [markdown] labkit={"competences": ["C8", "C11", "C12"]} nbgrader={"grade": true, "grade_id": "soutenance_choix", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# **Votre réponse :**
#
# ### BEGIN SOLUTION
# 1. **Collecte par l'API partenaire** : elle donne des données structurées et typées
#    (JSON, EAN, prix numériques), paginées et à jour ; un export de fichiers serait plus
#    simple mais daté et sans contrat de format. La reprise sur 429/5xx en respectant
#    `Retry-After` rend la collecte fiable sans surcharger le partenaire ; une erreur 401
#    arrête tout de suite (une clé refusée ne se corrige pas en réessayant).
# 2. **`requests` + BeautifulSoup pour le site** : quelques centaines de pages, des
#    sélecteurs stables, pas de JavaScript : un navigateur automatisé serait lourd et lent,
#    Scrapy se justifierait pour plusieurs sites ou des dizaines de milliers de pages. La
#    lecture du premier nœud texte rend l'analyse robuste aux pages mal fermées, et un prix
#    illisible est rejeté plutôt que deviné.
# 3. **Rapprochement par EAN et modèle physique** : l'EAN est un identifiant commun et
#    vérifiable (clé de contrôle) ; un rapprochement par nom serait ambigu. La comparaison
#    à unité égale évite de comparer un paquet de 500 g à un prix au kilo. En base :
#    `produit` (clé EAN, CHECK sur le format), `releve` (clé EAN + date, clé étrangère,
#    prix > 0), `rejet` (motif contrôlé) ; pas de fournisseur (minimisation), pas d'écart
#    stocké (il se calcule). L'upsert dans une transaction rend la relance sans risque :
#    même jour, même résultat ; un lot refusé ne laisse rien.
#
# **Plan d'exploitation** : une exécution par jour, la nuit (planificateur : cron ou un
# orchestrateur), collecte API, puis site avec le `Crawl-delay` réel d'une seconde, puis
# chargement. On archive le rapport d'exécution et on alerte si le nombre de fiches chute
# (site modifié, sélecteurs cassés), si les rejets dépassent quelques pour cent, ou si la
# collecte API échoue après toutes ses tentatives ; la clé d'API vient d'un coffre, pas du
# notebook.
# ### END SOLUTION

# %% [markdown]
# ### Question 11 — Cadre juridique, RGPD et limites du service (3 points, corrigée par votre formateur ou formatrice)
#
# En une quinzaine de lignes :
#
# 1. Le relevé des prix sur le site d'un concurrent est-il licite ? À quelles conditions ?
#    Citez au moins deux règles ou textes (conditions d'utilisation du site,
#    `robots.txt`, droit des bases de données, charge imposée au serveur…).
# 2. Quelles données personnelles ce service pourrait-il traiter, et comment les
#    avez-vous évitées (minimisation, liste blanche) ? Quelles conditions d'usage des
#    données de l'API partenaire faut-il vérifier (contrat, licence) ?
# 3. Citez **deux limites ou risques** du service tel qu'il est (qualité des données,
#    rapprochement, fraîcheur, sécurité…) et une amélioration pour chacun.
#
# *Double-cliquez sur la cellule ci-dessous pour écrire votre réponse.*

# %% [markdown] labkit={"competences": ["C8", "C10", "C11"]} nbgrader={"grade": true, "grade_id": "soutenance_conformite", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# **Votre réponse :**
#
# ### BEGIN SOLUTION
# 1. **Licéité du relevé** : les prix affichés publiquement ne sont pas des données
#    personnelles et la veille tarifaire est une pratique courante, mais elle a des
#    limites. Il faut lire les **conditions générales d'utilisation** du site (une
#    interdiction contractuelle du robot s'impose à nous), respecter le **`robots.txt`**
#    (chemins interdits, `Crawl-delay`) et ne pas **surcharger** le serveur (robot
#    identifié par son `User-Agent`, une requête par seconde, la nuit). Le **droit sui
#    generis du producteur de base de données** (Code de la propriété intellectuelle, art.
#    L342-1) interdit l'extraction d'une partie substantielle d'une base : on ne relève que
#    les champs utiles (EAN, prix, stock), on ne republie pas le catalogue du concurrent.
#    En cas de doute, avis du service juridique.
# 2. **RGPD** : le site ne sert que des données de produits ; aucun avis client ni nom
#    n'est relevé. Le risque vient de l'API partenaire : `supplier_id` désigne des
#    fournisseurs dont beaucoup sont des exploitants en nom propre (personnes physiques) ;
#    il n'est ni gardé après la collecte, ni stocké, ni publié (minimisation, article 5).
#    L'API de l'observatoire suit une liste blanche de champs et exige une clé. Les
#    données de l'API partenaire sont utilisées selon son **contrat / sa licence** : vérifier
#    que la comparaison de prix et le stockage sont une finalité autorisée, et la durée
#    de conservation.
# 3. **Limites** : (a) seuls les produits de même EAN sont comparés (les marques propres
#    du concurrent échappent à l'observatoire) : ajouter un rapprochement par nom et
#    contenance, validé par un humain ; (b) le scraping dépend du HTML du concurrent :
#    une refonte casse les sélecteurs sans erreur visible, d'où l'alerte sur la chute du
#    nombre de fiches et des tests sur une page de référence ; (c) un relevé par jour ne
#    voit pas les promotions d'une journée ; (d) la clé d'API unique n'identifie pas le
#    chef de rayon : prévoir une clé par consommateur, révocable, et un journal des accès.
# ### END SOLUTION

# %% [markdown]
# ---
# ## Récapitulatif
#
# | besoin | outil | piège à éviter |
# |---|---|---|
# | collecter une API | `requests.Session`, pagination par `links.next`, reprise sur 429/5xx | réessayer un 401, ignorer `Retry-After`, boucle sans fin |
# | relever un site | `robots.txt` + `RobotFileParser`, BeautifulSoup (`lxml`), un `set` de fiches | suivre tous les liens (`/panier`), `get_text()` sur une page mal fermée |
# | lire un prix français | `re.fullmatch`, espaces U+00A0 / U+202F, virgule décimale | deviner un prix au mauvais format au lieu de le rejeter |
# | rapprocher deux sources | EAN vérifié, règles ordonnées, table de rejets | perdre des lignes en silence, comparer un paquet à un prix au kilo |
# | stocker | `PRIMARY KEY`, `REFERENCES`, `CHECK`, upsert dans une transaction | un chargement qui duplique quand on le relance |
# | synthétiser | `COUNT(*) FILTER`, `AVG`, sous-requête sur la dernière date | mélanger les relevés de plusieurs jours |
# | partager | FastAPI, `Header`, `Query(ge, le)`, requêtes paramétrées, liste blanche | exposer des champs « au cas où », des `Decimal` en texte |
# | rendre des comptes | rapport JSON entrées / sorties / rejets | des comptes qui ne bouclent pas |
#
# Pour la certification, la mise en situation du bloc 2 demande exactement ce parcours :
# un service de données construit à partir d'un cahier des charges, puis défendu à l'oral.

# %% [markdown]
# ## Pour aller plus loin
#
# - **Historique** : rejouez le chargement avec une autre `date_releve` et écrivez la
#   requête de l'évolution de l'écart moyen par rayon, jour après jour.
# - **Respect du `Crawl-delay`** : lancez la collecte avec `delai_requetes = 1` et mesurez
#   sa durée ; que faudrait-il pour relever 50 000 produits chaque nuit ?
# - **Collecte incrémentale** : l'API partenaire accepte `updated_since` ; ne recollectez
#   que les produits modifiés depuis la dernière exécution (voir `01_extraction_api`).
# - **Déploiement** : servez `app` avec uvicorn dans un sous-processus, comme dans
#   `09_partage_api`, et consommez-la depuis un client qui suit la pagination.
# - **Références** : la page de la CNIL sur la minimisation
#   (<https://www.cnil.fr/fr/reglement-europeen-protection-donnees/chapitre2#Article5>)
#   et la documentation de FastAPI sur la sécurité
#   (<https://fastapi.tiangolo.com/tutorial/security/>).
