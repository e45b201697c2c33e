# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Collecter des données depuis une API web : le catalogue du partenaire
#
# **Bloc BC02** — Collecter, stocker et mettre à disposition les données
#
# **Compétence évaluée : C8** — Automatiser l'extraction de données depuis un service web.
#
# | | |
# |---|---|
# | Durée indicative | 3 heures |
# | Barème | 21 points : 18 corrigés automatiquement (9 exercices), 3 corrigés par votre formateur ou formatrice (1 question ouverte) |
# | Outils | Python, `requests`, l'API partenaires de Panier Vert (FastAPI, sur votre machine) |
#
# ## Comment travailler dans ce lab
#
# Ce notebook est à la fois **le cours et le lab** : chaque partie commence par une courte
# leçon avec des exemples à exécuter, puis vient un exercice.
#
# - Exécutez les cellules **dans l'ordre**, de haut en bas (`Maj + Entrée`).
# - Chaque exercice comporte une **cellule réponse**, qui contient
#   `raise NotImplementedError(...)` : remplacez cette ligne par votre réponse.
#   Ne renommez pas les fonctions demandées (`make_session`, `get_token`…) ni leurs
#   paramètres : le correcteur les appelle.
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
# françaises. Un partenaire logistique expose une **API web** (JSON sur HTTP) qui donne le
# catalogue des produits, le stock des magasins et le suivi des livraisons de l'e-shop.
# L'équipe data veut alimenter chaque nuit son entrepôt avec ces données, **sans
# intervention humaine** : votre mission est d'écrire le collecteur.
#
# Une API réelle n'est jamais parfaite : elle demande de s'authentifier, découpe ses
# réponses en pages, limite le nombre de requêtes par seconde, tombe parfois en panne et
# renvoie de temps en temps une réponse illisible. Votre collecteur doit survivre à tout
# cela, et laisser une **trace** de ce qu'il a collecté.
#
# L'API de ce lab tourne **sur votre machine** (`127.0.0.1`), démarrée par la cellule de
# mise en place. Ses données sont générées (elles sont fictives) ; sa documentation
# interactive est à l'adresse `<BASE_URL>/docs` (l'adresse s'affiche plus bas).
#
# | méthode et chemin | authentification | contenu |
# |---|---|---|
# | `GET /health` | non | état du service |
# | `POST /oauth/token` | identifiants client | un jeton d'accès OAuth2 |
# | `GET /v1/products` | oui | catalogue, pagination `page` / `size`, filtres `updated_since`, `category` |
# | `GET /v1/products/{product_id}` | oui | un produit (404 s'il n'existe pas) |
# | `GET /v1/stock` | oui | stock par magasin, pagination `page` / `size`, filtres `updated_since`, `store_id`, `product_id` |
# | `GET /v1/deliveries` | oui | livraisons, pagination par **curseur**, filtres `updated_since`, `status` |
#
# Ce que vous devez savoir de cette API (c'est son « contrat ») :
#
# - **authentification** : en-tête `X-API-Key` (clé de démonstration `pv-demo-key`) **ou**
#   jeton OAuth2 dans l'en-tête `Authorization: Bearer <jeton>` ;
# - **débit limité** : 20 requêtes par seconde et par client ; au-delà, réponse **429** avec
#   un en-tête `Retry-After` (en secondes) ;
# - **pannes** : le serveur peut répondre **500, 502, 503 ou 504** ; ce sont des pannes
#   passagères, qu'il faut retenter ;
# - **réponses tronquées** : il arrive qu'une réponse 200 contienne un JSON coupé en deux ;
# - les dates sont en **ISO 8601, en UTC** (`2024-06-11T09:30:54+00:00`), les prix sont des
#   nombres, une valeur manquante vaut `null`.

# %% [markdown]
# ## Objectifs
#
# À la fin de ce lab, vous saurez :
#
# 1. interroger une API avec `requests` et une `Session` ;
# 2. vous authentifier par clé d'API et par OAuth2 (*client credentials*) ;
# 3. retenter une requête après une panne ou un refus 429, avec un délai exponentiel et en
#    respectant `Retry-After` ;
# 4. parcourir une pagination par numéro de page et par curseur ;
# 5. ne collecter que ce qui a changé (`updated_since`) et profiter du cache HTTP (`ETag`) ;
# 6. valider ce que renvoie l'API avant de le stocker ;
# 7. déposer les données brutes avec leurs métadonnées de collecte (source, date,
#    paramètres), au format JSON Lines.
#
# ## Prérequis
#
# - Python : fonctions, dictionnaires, listes, boucles, exceptions (`try` / `except`).
# - Notions de HTTP : une requête a une méthode (`GET`, `POST`), une URL, des en-têtes ;
#   une réponse a un code de statut (200, 404…), des en-têtes et un corps.
# - Le format JSON.

# %% [markdown]
# ## Mise en place
#
# La cellule suivante contient les **paramètres** du lab. `scale` est la taille des
# données générées (1 sur votre poste ; les tests automatiques utilisent une échelle plus
# petite) et `seed` la graine du générateur. Les fichiers que vous produirez iront dans le
# dossier `dossier_sortie`.

# %% tags=["parameters"]
# Lab parameters: papermill may override them (papermill -p scale 0.05 ...).
from labkit import config

scale = config.scale()  # size of the generated data (LABKIT_SCALE, 1 by default)
seed = config.seed()  # seed of the generated data and of the injected faults
dossier_sortie = "sortie"  # folder (relative to this notebook) for the collected files

# %% [markdown]
# La cellule suivante démarre l'API partenaires (quelques secondes la première fois) et
# définit les constantes du lab. Elle est verrouillée ; si quelque chose se passe mal,
# relancez le noyau (*Kernel* → *Restart Kernel*).

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import json
import math
import os
import time
from datetime import UTC, datetime
from pathlib import Path

import requests

from labkit import checks, services
from labkit.datasets import paniervert

# A "slow" fault makes the API sleep before answering: keep it short in this lab
# (only used when this notebook (re)starts the API).
os.environ.setdefault("LABKIT_SLOW_SECONDS", "0.5")

api = services.ensure("api", scale=scale, seed=seed)
BASE_URL = api.url  # e.g. http://127.0.0.1:8765
API_KEY = "pv-demo-key"  # demo API key
CLIENT_ID = "labkit"  # demo OAuth2 client
CLIENT_SECRET = "labkit-secret"

SORTIE = Path(dossier_sortie)
SORTIE.mkdir(parents=True, exist_ok=True)

# The fields every product must have: name -> (accepted types, may be null).
PRODUCT_SCHEMA = {
    "product_id": (int, False),
    "ean13": (str, False),
    "name": (str, False),
    "category": (str, False),
    "organic": (bool, True),
    "label": (str, True),
    "unit_price_eur": ((int, float), False),
    "updated_at": (str, False),
}


class PayloadError(ValueError):
    """A response body that is not the JSON document the API promises."""


print("API partenaires :", BASE_URL, "| documentation :", BASE_URL + "/docs")

# %% [markdown]
# La cellule suivante définit des **outils utilisés par les cellules de test** (une session
# qui enregistre ses requêtes, une fausse session qui rejoue des réponses, un moyen de
# mesurer vos attentes sans attendre). Vous n'avez pas besoin de la lire.

# %% nbgrader={"grade": false, "grade_id": "test_tools", "locked": true, "schema_version": 3, "solution": false, "task": false}
import contextlib
import re
from unittest import mock

import pandas as pd
from urllib3.util.retry import Retry

FAULTS = "5xx:0.2,slow:0.05,malformed:0.05"  # faults injected by the last test


class _Only429(Retry):
    RETRY_AFTER_STATUS_CODES = frozenset({429})


def grader_session(*forced: str) -> checks.RecordingSession:
    """API-key session for the tests: it waits by itself on 429, nothing else."""
    session = checks.RecordingSession(forced=forced)
    session.headers["X-API-Key"] = API_KEY
    retry = _Only429(
        total=10, status_forcelist=[429], allowed_methods=None, backoff_factor=0,
        respect_retry_after_header=True, raise_on_status=False,
    )
    session.mount("http://", requests.adapters.HTTPAdapter(max_retries=retry))
    return session


class ScriptedSession(requests.Session):
    """Answers ``get`` from a script: a status, (status, headers) or an exception."""

    def __init__(self, script) -> None:
        super().__init__()
        self.script, self.calls = list(script), []

    def get(self, url, **kwargs):
        self.calls.append((url, kwargs))
        assert self.script, (
            "Votre fonction a fait plus de requêtes que prévu : vérifiez le nombre "
            "maximal de reprises et ne retentez pas une réponse définitive."
        )
        step = self.script.pop(0)
        if isinstance(step, Exception):
            raise step
        status, headers = step if isinstance(step, tuple) else (step, {})
        response = requests.Response()
        response.status_code, response.url, response.reason = status, url, "scripted"
        response.headers.update(headers)
        response._content = b'{"ok": true}'
        return response


@contextlib.contextmanager
def recorded_sleeps(cap: float = 0.0):
    """Replace ``time.sleep``: record the delays asked, sleep at most ``cap`` seconds."""
    delays: list[float] = []
    real_sleep = time.sleep

    def fake_sleep(seconds):
        delays.append(float(seconds))
        if cap:
            real_sleep(min(float(seconds), cap))

    with mock.patch("time.sleep", fake_sleep):
        yield delays


def api_total(path: str, **params) -> int:
    """``total`` announced by a page/size endpoint (one small request)."""
    return grader_session().get(BASE_URL + path, params={**params, "size": 1}).json()["total"]

# %% [markdown]
# ---
# ## Partie 1 — Premières requêtes et authentification
#
# La bibliothèque `requests` envoie une requête HTTP en une ligne. La réponse donne le code
# de statut (`.status_code`), les en-têtes (`.headers`, un dictionnaire insensible à la
# casse) et le corps, que `.json()` décode :

# %%
reponse = requests.get(BASE_URL + "/health", timeout=10)
reponse.status_code, reponse.headers["content-type"], reponse.json()

# %% [markdown]
# Sans identifiants, les données sont refusées avec un **401**. Le corps de la réponse
# explique pourquoi (l'API répond en français) et l'en-tête `WWW-Authenticate` dit quel
# type d'authentification est attendu :

# %%
reponse = requests.get(BASE_URL + "/v1/stock", params={"size": 2}, timeout=10)
reponse.status_code, reponse.json(), reponse.headers.get("WWW-Authenticate")

# %% [markdown]
# Avec la clé d'API dans l'en-tête `X-API-Key`, c'est accepté. Remarquez `params=` :
# `requests` construit la chaîne de requête (`?size=2`) et **encode** les caractères
# spéciaux à votre place. Ne construisez jamais une URL en collant des chaînes.

# %%
reponse = requests.get(
    BASE_URL + "/v1/stock", params={"size": 2}, headers={"X-API-Key": API_KEY}, timeout=10
)
reponse.status_code, reponse.url, reponse.json()["items"]

# %% [markdown]
# ### Une session pour toutes les requêtes
#
# Répéter les en-têtes à chaque appel est fastidieux et source d'oublis. Un objet
# `requests.Session` les garde pour toutes ses requêtes : `session.headers` est un
# dictionnaire d'en-têtes envoyés à chaque fois, et `session.get(...)` s'utilise comme
# `requests.get(...)`. La session réutilise aussi la **connexion TCP** d'une requête à
# l'autre, ce qui accélère nettement une collecte de centaines de pages.
#
# ```python
# session = requests.Session()
# session.headers["User-Agent"] = "collecteur-panier-vert/1.0"
# session.get(url, params={...}, timeout=10)
# ```
#
# L'en-tête `Accept: application/json` annonce au serveur le format que l'on attend : c'est
# une bonne habitude, même quand le serveur ne sait répondre qu'en JSON.
#
# ### Exercice 1 — Une session authentifiée (1 point)
#
# Écrivez une fonction `make_session(api_key)` qui renvoie une **nouvelle**
# `requests.Session` dont chaque requête porte les en-têtes :
#
# - `X-API-Key` : la clé `api_key` reçue en paramètre ;
# - `Accept` : `application/json`.

# %% nbgrader={"grade": false, "grade_id": "ex01_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def make_session(api_key: str) -> requests.Session:
    """A new session sending the API key and asking for JSON."""
    ### BEGIN SOLUTION
    session = requests.Session()
    session.headers.update({"X-API-Key": api_key, "Accept": "application/json"})
    return session
    ### END SOLUTION


session = make_session(API_KEY)
session.get(BASE_URL + "/v1/products", params={"size": 1}, timeout=10).status_code

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex01_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Exercice 1 : une Session, les deux en-têtes, la clé reçue en paramètre."""
_s = make_session(API_KEY)
assert isinstance(_s, requests.Session), "make_session doit renvoyer un objet requests.Session."
assert _s.headers.get("X-API-Key") == API_KEY, (
    "La session doit envoyer la clé reçue dans l'en-tête 'X-API-Key' (session.headers)."
)
assert _s.get(BASE_URL + "/v1/products", params={"size": 1}, timeout=10).status_code == 200, (
    "Une requête faite avec votre session sur /v1/products n'a pas reçu 200."
)
### BEGIN HIDDEN TESTS
assert _s.headers.get("Accept") == "application/json", "L'en-tête 'Accept' doit valoir 'application/json'."
_wrong = make_session("cle-inconnue")
assert _wrong is not _s, "make_session doit créer une nouvelle session à chaque appel."
assert _wrong.headers.get("X-API-Key") == "cle-inconnue", (
    "Utilisez la clé reçue en paramètre, pas une clé écrite en dur."
)
assert _wrong.get(BASE_URL + "/v1/products", params={"size": 1}, timeout=10).status_code == 401, (
    "Avec une clé inconnue, l'API doit refuser la session (401) : n'ajoutez pas d'autre moyen "
    "d'authentification que la clé reçue."
)
### END HIDDEN TESTS

# %% [markdown]
# ### OAuth2 : le flux *client credentials*
#
# Une clé d'API statique est simple, mais elle ne s'expire pas et circule dans chaque
# requête. Entre deux applications (sans utilisateur humain), la norme OAuth2 prévoit le
# flux **client credentials** :
#
# 1. le client envoie `POST /oauth/token` avec un **formulaire** (et non du JSON) :
#    `grant_type=client_credentials`, `client_id`, `client_secret` ;
# 2. le serveur répond en JSON : `{"access_token": "...", "token_type": "Bearer",
#    "expires_in": 3600}` ;
# 3. le client envoie ensuite `Authorization: Bearer <access_token>` à chaque requête,
#    jusqu'à l'expiration du jeton (puis il en redemande un).
#
# Avec `requests`, `data={...}` envoie un formulaire (`application/x-www-form-urlencoded`)
# et `json={...}` envoie du JSON : pour ce serveur, ce n'est pas la même chose. La
# méthode `response.raise_for_status()` lève une exception `requests.HTTPError` si le
# statut est une erreur (4xx ou 5xx) et ne fait rien sinon.
#
# Voici une demande de jeton avec un mauvais secret :

# %%
reponse = requests.post(
    BASE_URL + "/oauth/token",
    data={"grant_type": "client_credentials", "client_id": CLIENT_ID, "client_secret": "?"},
    timeout=10,
)
reponse.status_code, reponse.json()

# %% [markdown]
# ### Exercice 2 — Obtenir un jeton OAuth2 (2 points)
#
# Écrivez `get_token(base_url, client_id, client_secret)` qui demande un jeton à
# `<base_url>/oauth/token` par le flux *client credentials* et **renvoie le jeton**
# (la chaîne `access_token`, sans le préfixe `Bearer`).
#
# - Si le serveur refuse (identifiants faux, requête mal formée), la fonction lève
#   `requests.HTTPError`.
# - Passez `timeout=10` à la requête : sans délai maximal, un serveur qui ne répond pas
#   bloquerait votre collecteur indéfiniment.
#
# > **Indice** : `requests.post(url, data={...}, timeout=10)`, puis
# > `raise_for_status()`, puis `.json()`.

# %% nbgrader={"grade": false, "grade_id": "ex02_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def get_token(base_url: str, client_id: str, client_secret: str) -> str:
    """An OAuth2 access token obtained with the client-credentials grant."""
    ### BEGIN SOLUTION
    response = requests.post(
        base_url + "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": client_secret,
        },
        timeout=10,
    )
    response.raise_for_status()
    return response.json()["access_token"]
    ### END SOLUTION


jeton = get_token(BASE_URL, CLIENT_ID, CLIENT_SECRET)
session_oauth = requests.Session()
session_oauth.headers["Authorization"] = "Bearer " + jeton
session_oauth.get(BASE_URL + "/v1/products", params={"size": 1}, timeout=10).status_code

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex02_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 2 : un jeton (chaîne) accepté par l'API ; HTTPError si les identifiants sont faux."""
try:
    _token = get_token(BASE_URL, CLIENT_ID, CLIENT_SECRET)
except requests.HTTPError as exc:
    raise AssertionError(
        f"Le serveur a refusé votre demande de jeton ({exc}) : envoyez un formulaire "
        "(data=...) avec grant_type, client_id et client_secret."
    ) from None
assert isinstance(_token, str), "get_token doit renvoyer le jeton lui-même, une chaîne (str)."
assert not _token.lower().startswith("bearer"), "Renvoyez le jeton seul, sans le préfixe 'Bearer'."
_r = requests.get(
    BASE_URL + "/v1/products", params={"size": 1},
    headers={"Authorization": "Bearer " + _token}, timeout=10,
)
assert _r.status_code == 200, f"L'API refuse votre jeton (statut {_r.status_code})."
### BEGIN HIDDEN TESTS
_raised = False
try:
    get_token(BASE_URL, CLIENT_ID, "mauvais-secret")
except requests.HTTPError:
    _raised = True
assert _raised, "Avec un mauvais secret, get_token doit lever requests.HTTPError."
_raised = False
try:
    get_token(BASE_URL, "client-inconnu", CLIENT_SECRET)
except requests.HTTPError:
    _raised = True
assert _raised, "Avec un client inconnu, get_token doit lever requests.HTTPError."
assert get_token(BASE_URL, CLIENT_ID, CLIENT_SECRET) != _token, (
    "Chaque appel doit demander un nouveau jeton au serveur."
)
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 2 — Survivre aux pannes : reprises et délai exponentiel
#
# Une collecte de nuit fait des centaines de requêtes. Certaines échouent **sans que ce
# soit de votre faute** :
#
# | réponse | signification | que faire ? |
# |---|---|---|
# | **429** Too Many Requests | vous dépassez le débit autorisé | attendre le délai donné par `Retry-After`, puis retenter |
# | **500**, **502**, **503**, **504** | panne passagère du serveur ou d'un intermédiaire | attendre un peu, puis retenter |
# | `requests.ConnectionError`, `requests.Timeout` | le serveur ne répond pas (ou trop lentement) | attendre un peu, puis retenter |
# | **400**, **401**, **403**, **404**, **422** | votre requête est fausse | **ne pas** retenter : corriger la requête |
#
# Retenter immédiatement et sans fin aggrave la situation d'un serveur surchargé (tous
# les clients reviennent en même temps). La pratique standard est le **délai exponentiel**
# (*exponential backoff*) : attendre `base_delay`, puis `2 × base_delay`, puis
# `4 × base_delay`… et abandonner après un nombre maximal de reprises. Si le serveur
# indique lui-même combien attendre (`Retry-After`), on **respecte** son délai.
#
# L'API de ce lab peut simuler une panne à la demande : l'en-tête de requête
# `X-Labkit-Fault: 503` (ou `500`, `502`, `504`) provoque l'erreur correspondante.

# %%
reponse = session.get(
    BASE_URL + "/v1/products", params={"size": 1}, headers={"X-Labkit-Fault": "503"}, timeout=10
)
reponse.status_code, reponse.headers.get("Retry-After"), reponse.json()

# %% [markdown]
# Et voici le limiteur de débit : 30 requêtes envoyées d'affilée, sans pause. Les en-têtes
# `X-RateLimit-Remaining` des réponses acceptées disent combien de requêtes il reste.
# Après la rafale, on attend le délai demandé par `Retry-After`, comme il se doit.

# %%
statuts = [session.get(BASE_URL + "/v1/stock", params={"size": 1}, timeout=10) for _ in range(30)]
refus = [r for r in statuts if r.status_code == 429]
print("statuts :", [r.status_code for r in statuts])
if refus:
    print("Retry-After :", refus[0].headers["Retry-After"], "s ;", refus[0].json()["detail"])
    time.sleep(float(refus[0].headers["Retry-After"]))

# %% [markdown]
# ### Exercice 3 — Une requête qui sait attendre (3 points)
#
# Écrivez `get_with_retry(session, url, max_retries=5, base_delay=0.1, **kwargs)` qui
# renvoie la réponse (`requests.Response`) d'une requête `GET`, en retentant les échecs
# passagers.
#
# - Chaque tentative appelle `session.get(url, **kwargs)` : les arguments
#   supplémentaires (`params=`, `headers=`, `timeout=`…) sont transmis tels quels.
# - Une réponse de statut **429, 500, 502, 503 ou 504**, ou une exception
#   `requests.ConnectionError` ou `requests.Timeout`, est un échec passager : on attend,
#   puis on retente.
# - Toute autre réponse (200, 304, 404…) est renvoyée **immédiatement**, sans reprise.
# - Avant la reprise numéro `n` (`n = 0` pour la première reprise, 1 pour la deuxième…),
#   attendez :
#   - la valeur de l'en-tête `Retry-After` de la réponse, en secondes (`float(...)`),
#     si la réponse en a un ;
#   - sinon `base_delay * 2 ** n` secondes.
# - Au plus `max_retries` reprises, donc `max_retries + 1` tentatives en tout. Si la
#   dernière tentative échoue encore : levez `requests.HTTPError` pour une réponse en
#   échec (`response.raise_for_status()` le fait), ou relancez l'exception reçue.
# - Attendez avec **`time.sleep(secondes)`** (le module `time` est importé dans la
#   mise en place) : les tests remplacent `time.sleep` pour mesurer vos attentes sans
#   attendre vraiment.
#
# Dans tout le reste du lab, vos fonctions feront leurs requêtes `GET` avec
# `get_with_retry`.
#
# > **Indice** : une boucle `for attempt in range(max_retries + 1):` ; dans la boucle, un
# > `try` / `except (requests.ConnectionError, requests.Timeout)` autour de
# > `session.get` ; `response.headers.get("Retry-After")` vaut `None` si l'en-tête est
# > absent.

# %% nbgrader={"grade": false, "grade_id": "ex03_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def get_with_retry(session, url, max_retries=5, base_delay=0.1, **kwargs):
    """GET ``url``, retrying 429, 5xx and network errors with exponential backoff."""
    ### BEGIN SOLUTION
    retryable = {429, 500, 502, 503, 504}
    for attempt in range(max_retries + 1):
        last = attempt == max_retries
        try:
            response = session.get(url, **kwargs)
        except (requests.ConnectionError, requests.Timeout):
            if last:
                raise
            time.sleep(base_delay * 2**attempt)
            continue
        if response.status_code not in retryable:
            return response
        if last:
            response.raise_for_status()
        retry_after = response.headers.get("Retry-After")
        time.sleep(float(retry_after) if retry_after is not None else base_delay * 2**attempt)
    ### END SOLUTION


reponse = get_with_retry(session, BASE_URL + "/v1/products", params={"size": 1}, timeout=10)
reponse.status_code

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex03_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 3 : reprise des 5xx, pas de reprise d'un 404, délais exponentiels et Retry-After, abandon."""
_fake = ScriptedSession([503, 200])
with recorded_sleeps() as _delays:
    _r = get_with_retry(_fake, "http://exemple.test/v1/x", base_delay=0.1)
assert _r.status_code == 200 and len(_fake.calls) == 2, (
    "Après une réponse 503, get_with_retry doit retenter et renvoyer la réponse 200 suivante."
)
assert len(_delays) == 1, "Attendez avec time.sleep avant chaque reprise (et seulement avant une reprise)."
_fake = ScriptedSession([404])
with recorded_sleeps() as _delays:
    _r = get_with_retry(_fake, "http://exemple.test/v1/x")
assert _r.status_code == 404 and len(_fake.calls) == 1 and not _delays, (
    "Une réponse 404 est définitive : renvoyez-la tout de suite, sans attendre ni retenter."
)
### BEGIN HIDDEN TESTS
# exponential delays, Retry-After honoured, 429 retried
_fake = ScriptedSession([500, 502, (429, {"Retry-After": "3"}), 504, 200])
with recorded_sleeps() as _delays:
    _r = get_with_retry(_fake, "http://exemple.test/v1/x", base_delay=0.1)
assert _r.status_code == 200 and len(_fake.calls) == 5, (
    "Les statuts 429, 500, 502, 503 et 504 sont tous des échecs passagers à retenter."
)
assert len(_delays) == 4 and all(
    math.isclose(a, b) for a, b in zip(_delays, [0.1, 0.2, 3.0, 0.8], strict=True)
), "Délais attendus : base_delay * 2 ** n, ou Retry-After quand il est présent."
# kwargs passed through
_fake = ScriptedSession([200])
get_with_retry(_fake, "http://exemple.test/v1/x", params={"page": 2}, timeout=7)
assert _fake.calls[0][1].get("params") == {"page": 2} and _fake.calls[0][1].get("timeout") == 7, (
    "Transmettez les arguments supplémentaires (**kwargs) à session.get."
)
# give up after max_retries retries, with HTTPError
_fake = ScriptedSession([503] * 10)
_raised = False
with recorded_sleeps() as _delays:
    try:
        get_with_retry(_fake, "http://exemple.test/v1/x", max_retries=3, base_delay=0.5)
    except requests.HTTPError:
        _raised = True
assert _raised, "Après la dernière reprise, une réponse en échec doit lever requests.HTTPError."
assert len(_fake.calls) == 4, "max_retries=3 : 4 tentatives en tout."
assert len(_delays) == 3 and all(
    math.isclose(a, b) for a, b in zip(_delays, [0.5, 1.0, 2.0], strict=True)
), "Délais attendus : base_delay * 2 ** n (n = 0 pour la première reprise)."
# network errors retried, then re-raised
_fake = ScriptedSession([requests.ConnectionError("boom"), requests.Timeout("lent"), 200])
with recorded_sleeps() as _delays:
    try:
        _r = get_with_retry(_fake, "http://exemple.test/v1/x", base_delay=0.1)
    except (requests.ConnectionError, requests.Timeout):
        raise AssertionError(
            "Une erreur réseau (ConnectionError, Timeout) est passagère : retentez-la."
        ) from None
assert len(_delays) == 2 and _r.status_code == 200 and all(
    math.isclose(a, b) for a, b in zip(_delays, [0.1, 0.2], strict=True)
), "Après une erreur réseau, attendez base_delay * 2 ** n avant de retenter."
_fake = ScriptedSession([requests.Timeout("lent")] * 5)
_raised = False
with recorded_sleeps() as _delays:
    try:
        get_with_retry(_fake, "http://exemple.test/v1/x", max_retries=2)
    except requests.Timeout:
        _raised = True
assert _raised and len(_fake.calls) == 3, "Après la dernière reprise, relancez l'exception reçue."
# other statuses are final
for _status in (200, 304, 400, 401, 422):
    _fake = ScriptedSession([_status])
    with recorded_sleeps() as _delays:
        assert get_with_retry(_fake, "http://exemple.test/v1/x").status_code == _status, (
            f"Une réponse {_status} doit être renvoyée telle quelle."
        )
    assert len(_fake.calls) == 1 and not _delays, (
        f"Une réponse {_status} est définitive : renvoyez-la sans retenter."
    )
# the real API with forced faults (Retry-After: 1 on injected 5xx)
_real = grader_session("502", "504")
with recorded_sleeps() as _delays:
    _r = get_with_retry(_real, BASE_URL + "/v1/products", params={"size": 2}, timeout=10)
assert _r.status_code == 200 and len(_r.json()["items"]) == 2, "Sur l'API réelle, les pannes 502 et 504 doivent être surmontées."
assert [r.status_code for r in _real.log] == [502, 504, 200], (
    "Sur l'API réelle, faites une requête par tentative, et arrêtez-vous à la première réponse 200."
)
assert all(math.isclose(d, 1.0) for d in _delays) and len(_delays) == 2, (
    "L'API envoie Retry-After: 1 avec ses pannes : attendez ce délai."
)
### END HIDDEN TESTS

# %% [markdown]
# Votre fonction fait ce que font les bibliothèques spécialisées : `urllib3` (sous
# `requests`) propose `Retry`, à monter sur une session avec un `HTTPAdapter`, et
# `tenacity` fournit un décorateur `@retry`. L'écrire une fois vous-même permet de savoir
# ce qu'il faut régler : quels statuts retenter, combien de fois, avec quels délais.
#
# Une dernière précaution : un `GET` peut être retenté sans risque, car il ne modifie rien
# (il est **idempotent**). Retenter un `POST` qui crée une commande pourrait la créer
# deux fois !

# %% [markdown]
# ---
# ## Partie 3 — Parcourir toutes les pages
#
# Une API ne renvoie jamais des milliers de lignes d'un coup : elle les **pagine**. Deux
# styles coexistent dans l'API partenaires.
#
# **Pagination par numéro de page** (`/v1/products`, `/v1/stock`) : on demande
# `page=1, 2, 3…` avec une taille `size`. La réponse dit où l'on en est :

# %%
corps = get_with_retry(
    session, BASE_URL + "/v1/stock", params={"page": 2, "size": 3}, timeout=10
).json()
{cle: valeur for cle, valeur in corps.items() if cle != "items"}

# %% [markdown]
# - `total` : nombre d'éléments en tout ; `pages` : nombre de pages **pour la taille
#   réellement utilisée** ;
# - `size` : la taille réellement utilisée. L'API la **plafonne à 100** sans prévenir :
#   demandez `size=500`, vous en recevrez 100 ;
# - `links.next` : l'URL complète de la page suivante, ou `None` sur la dernière page.
#
# Deux façons sûres de boucler : suivre `links.next` jusqu'à `None`, ou incrémenter
# `page` jusqu'à `pages`, **tel que renvoyé par l'API**. Calculer soi-même le nombre de
# pages avec la taille demandée est un piège classique.

# %% [markdown]
# ### Exercice 4 — Tout le catalogue (2 points)
#
# Écrivez `fetch_all_products(session, base_url, size=50)` qui renvoie **la liste de tous
# les produits** de `<base_url>/v1/products` (une liste de dictionnaires, dans l'ordre de
# l'API, sans doublon), en demandant des pages de taille `size`.
#
# - Faites chaque requête avec `get_with_retry(session, url, params=..., timeout=10)`.
# - Si une réponse n'a pas le statut 200, levez `requests.HTTPError`
#   (`raise_for_status()`).
# - N'envoyez pas de requête inutile : au plus une requête par page de résultats.
#
# > **Indice** : `items.extend(corps["items"])` accumule les éléments d'une page.

# %% nbgrader={"grade": false, "grade_id": "ex04_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def fetch_all_products(session, base_url, size=50):
    """Every product of the catalogue, following the page/size pagination."""
    ### BEGIN SOLUTION
    items, page = [], 1
    while True:
        response = get_with_retry(
            session, base_url + "/v1/products", params={"page": page, "size": size}, timeout=10
        )
        response.raise_for_status()
        body = response.json()
        items.extend(body["items"])
        if body["page"] >= body["pages"]:
            return items
        page += 1
    ### END SOLUTION


produits = fetch_all_products(session, BASE_URL)
len(produits), produits[0]

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex04_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 4 : tous les produits, sans doublon, une requête par page, taille plafonnée gérée."""
_total = api_total("/v1/products")
_s = grader_session()
_items = fetch_all_products(_s, BASE_URL, size=50)
assert isinstance(_items, list) and all(isinstance(i, dict) for i in _items), (
    "fetch_all_products doit renvoyer une liste de dictionnaires (les éléments de 'items')."
)
_ids = [i.get("product_id") for i in _items]
assert len(set(_ids)) == len(_ids), "Des produits apparaissent plusieurs fois : une page a-t-elle été lue deux fois ?"
assert len(_items) == _total, (
    f"Vous avez collecté {len(_items)} produits, mais l'API en annonce davantage (ou moins) "
    "dans 'total' : vérifiez la condition d'arrêt de votre boucle."
)
### BEGIN HIDDEN TESTS
_expected = paniervert.load("products", scale, seed)["product_id"].sort_values().tolist()
assert _ids == _expected, "Les produits doivent être dans l'ordre de l'API (product_id croissant)."
_ok = [r for r in _s.log if r.status_code == 200]
assert len(_ok) <= math.ceil(_total / 50) + 1, "Trop de requêtes : une seule par page."
assert all("size=50" in r.url for r in _ok), "Demandez des pages de taille size."
# size above the cap of 100
_s = grader_session()
_items = fetch_all_products(_s, BASE_URL, size=250)
assert [i["product_id"] for i in _items] == _expected, (
    "Avec size=250, l'API plafonne à 100 : servez-vous de 'pages' ou de 'links.next' renvoyés par l'API."
)
# another size
_s = grader_session()
_items = fetch_all_products(_s, BASE_URL, size=45)
assert [i["product_id"] for i in _items] == _expected, "Avec size=45, des produits manquent ou sont en double."
assert len([r for r in _s.log if r.status_code == 200]) <= math.ceil(_total / 45) + 1, (
    "Trop de requêtes : une seule par page."
)
# non-200 answer raises
_raised = False
try:
    fetch_all_products(requests.Session(), BASE_URL)
except requests.HTTPError:
    _raised = True
assert _raised, "Sans authentification (401), fetch_all_products doit lever requests.HTTPError."
### END HIDDEN TESTS

# %% [markdown]
# ### Pagination par curseur et collecte incrémentale
#
# La pagination par numéro de page a un défaut : si des lignes sont ajoutées pendant que
# vous parcourez les pages, tout se décale et vous lisez certaines lignes deux fois (ou
# jamais). Les API qui bougent beaucoup préfèrent un **curseur** : chaque réponse donne
# un jeton opaque, `next_cursor`, qui désigne « la suite après le dernier élément que vous
# avez reçu ». C'est le cas de `/v1/deliveries` :

# %%
corps = get_with_retry(session, BASE_URL + "/v1/deliveries", params={"size": 2}, timeout=10).json()
corps

# %% [markdown]
# - Pour la page suivante, on renvoie la **même requête** (mêmes filtres, même `size`)
#   avec en plus `cursor=<next_cursor>` ; `links.next` est exactement cette URL.
# - Quand `next_cursor` vaut `None`, c'est fini.
# - Un curseur est **opaque** : ne le fabriquez pas et ne le modifiez pas (l'API répond 400).
#
# **Collecte incrémentale.** Recharger chaque nuit les dizaines de milliers de livraisons
# est un gaspillage : seules quelques-unes ont changé. Le filtre `updated_since` ne renvoie
# que les lignes modifiées **à partir de** cette date (borne incluse, `>=`), au format
# ISO 8601 ; une date sans fuseau horaire est comprise en UTC. Exemple avec le stock, en
# heure de Paris (`+01:00` en hiver) :

# %%
corps = get_with_retry(
    session,
    BASE_URL + "/v1/stock",
    params={"updated_since": "2024-12-31T20:00:00+01:00", "size": 3},
    timeout=10,
).json()
corps["total"], [ligne["updated_at"] for ligne in corps["items"]]

# %% [markdown]
# Dans une URL, le `+` de `+01:00` signifie… une espace ! Il doit être encodé `%2B`.
# Avec `params=`, `requests` s'en charge : regardez l'URL réellement envoyée.

# %%
requests.Request(
    "GET", BASE_URL + "/v1/stock", params={"updated_since": "2024-12-31T20:00:00+01:00"}
).prepare().url

# %% [markdown]
# ### Exercice 5 — Les livraisons modifiées depuis une date (2 points)
#
# Écrivez `fetch_deliveries(session, base_url, updated_since=None, size=100)` qui renvoie
# la liste de **toutes** les livraisons de `<base_url>/v1/deliveries` (dans l'ordre de
# l'API, sans doublon) :
#
# - si `updated_since` n'est pas `None` (une chaîne ISO 8601), seules les livraisons
#   modifiées depuis cette date, grâce au filtre `updated_since` de l'API ;
# - en suivant la pagination par curseur jusqu'à ce que `next_cursor` vaille `None` ;
# - chaque requête faite avec `get_with_retry(..., timeout=10)` ; si une réponse n'a pas
#   le statut 200, levez `requests.HTTPError`.
#
# > **Indice** : construisez un dictionnaire `params` (avec `size`, et `updated_since`
# > s'il est donné) ; à chaque tour, ajoutez-y `cursor` s'il y a une suite.

# %% nbgrader={"grade": false, "grade_id": "ex05_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def fetch_deliveries(session, base_url, updated_since=None, size=100):
    """Deliveries (updated since a date, if given), following the cursor pagination."""
    ### BEGIN SOLUTION
    params = {"size": size}
    if updated_since is not None:
        params["updated_since"] = updated_since
    items = []
    while True:
        response = get_with_retry(session, base_url + "/v1/deliveries", params=params, timeout=10)
        response.raise_for_status()
        body = response.json()
        items.extend(body["items"])
        if body["next_cursor"] is None:
            return items
        params = {**params, "cursor": body["next_cursor"]}
    ### END SOLUTION


livraisons = fetch_deliveries(session, BASE_URL, updated_since="2024-12-01")
len(livraisons), livraisons[:2]

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex05_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 5 : filtre updated_since respecté sur toutes les pages, curseur suivi jusqu'au bout, sans doublon."""
_since = "2024-11-01T00:00:00+01:00"
_s = grader_session()
_items = fetch_deliveries(_s, BASE_URL, updated_since=_since, size=50)
assert isinstance(_items, list) and len(_items) > 50, (
    "La collecte doit contenir plusieurs pages de livraisons : suivez next_cursor."
)
_ids = [i["delivery_id"] for i in _items]
assert len(set(_ids)) == len(_ids), "Des livraisons apparaissent plusieurs fois."
assert all("updated_since=" in r.url for r in _s.log), (
    "Chaque requête, curseur compris, doit porter le filtre updated_since : une page "
    "suivante se demande avec les mêmes filtres que la première."
)
_old = [i for i in _items if datetime.fromisoformat(i["updated_at"]) < datetime.fromisoformat(_since)]
assert not _old, (
    f"{len(_old)} livraisons ont été modifiées avant updated_since : transmettez le filtre "
    "(avec params=, pour que le '+' soit encodé) à chaque page, avec le curseur."
)
### BEGIN HIDDEN TESTS
_frame = paniervert.load("deliveries", scale, seed)
# the API serves the generator's Paris times as UTC instants: compare in UTC (naive)
_frame["updated_at"] = paniervert.to_utc(_frame["updated_at"]).dt.tz_localize(None)
_bound = datetime.fromisoformat(_since).astimezone(UTC).replace(tzinfo=None)
_expected = sorted(_frame.loc[_frame["updated_at"] >= _bound, "delivery_id"].tolist())
assert _ids == _expected, "Toutes les livraisons modifiées depuis la date, dans l'ordre de l'API."
assert all("size=50" in r.url for r in _s.log if r.status_code == 200), "Demandez des pages de taille size."
assert len([r for r in _s.log if r.status_code == 200]) <= math.ceil(len(_expected) / 50) + 1, (
    "Trop de requêtes : laissez l'API filtrer avec updated_since au lieu de tout télécharger."
)
# naive date (UTC), default size, another cut
_cut = _frame["updated_at"].quantile(0.9).floor("s")
_items = fetch_deliveries(grader_session(), BASE_URL, updated_since=_cut.isoformat())
assert [i["delivery_id"] for i in _items] == sorted(
    _frame.loc[_frame["updated_at"] >= _cut, "delivery_id"].tolist()
), "Avec une date sans fuseau et la taille par défaut, le résultat est incomplet ou faux."
# an offset that must be URL-encoded: the delivery updated 30 s after the bound is kept
_t = _frame["updated_at"].sort_values().iloc[int(len(_frame) * 0.9)]
_local = (_t - pd.Timedelta(seconds=30) + pd.Timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S")
_items = fetch_deliveries(grader_session(), BASE_URL, updated_since=_local + "+01:00")
assert [i["delivery_id"] for i in _items] == sorted(
    _frame.loc[_frame["updated_at"] >= _t - pd.Timedelta(seconds=30), "delivery_id"].tolist()
), "Passez updated_since avec params= : dans une URL écrite à la main, le '+' devient une espace."
# no filter: the first request has no updated_since, the cursor is followed
_s = grader_session()
_items = fetch_deliveries(_s, BASE_URL, size=100) if scale <= 0.2 else None
if _items is not None:
    assert [i["delivery_id"] for i in _items] == sorted(_frame["delivery_id"].tolist()), (
        "Sans updated_since, toutes les livraisons doivent être collectées."
    )
    assert "updated_since" not in _s.log[0].url, "Sans date, n'envoyez pas le paramètre updated_since."
_raised = False
try:
    fetch_deliveries(requests.Session(), BASE_URL)
except requests.HTTPError:
    _raised = True
assert _raised, "Sans authentification (401), fetch_deliveries doit lever requests.HTTPError."
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 4 — Ne pas retélécharger ce qui n'a pas changé : l'ETag
#
# Chaque réponse 200 de l'API porte un en-tête `ETag`, une empreinte de son contenu. Si
# vous renvoyez cette empreinte dans l'en-tête de requête `If-None-Match`, le serveur
# compare : si le contenu n'a pas changé, il répond **304 Not Modified**, **sans corps**
# (rien à télécharger, rien à décoder), et vous réutilisez votre copie.

# %%
url_produit = BASE_URL + "/v1/products/1"
premiere = get_with_retry(session, url_produit, timeout=10)
etag = premiere.headers["ETag"]
seconde = get_with_retry(session, url_produit, headers={"If-None-Match": etag}, timeout=10)
etag, premiere.status_code, len(premiere.content), seconde.status_code, len(seconde.content)

# %% [markdown]
# Les en-têtes passés avec `headers=` s'**ajoutent**, pour cette requête seulement, à ceux
# de la session. Ne mettez pas `If-None-Match` dans `session.headers` : il partirait avec
# toutes les requêtes suivantes, vers d'autres URL.
#
# ### Exercice 6 — Un cache HTTP (2 points)
#
# Écrivez `get_cached(session, url, cache)` qui renvoie le **corps JSON décodé** de
# `url` (avec `get_with_retry(..., timeout=10)`), en utilisant le dictionnaire `cache`
# fourni par l'appelant :
#
# - `cache` associe une URL à un dictionnaire `{"etag": <ETag reçu>, "data": <corps décodé>}` ;
# - si `url` est dans `cache`, envoyez l'en-tête `If-None-Match` avec l'ETag mémorisé ;
# - sur une réponse **304**, renvoyez `cache[url]["data"]` ;
# - sur une réponse **200**, mémorisez `{"etag": ..., "data": ...}` dans `cache[url]` (si
#   la réponse a un en-tête `ETag`) et renvoyez le corps décodé ;
# - toute autre réponse lève `requests.HTTPError`.

# %% nbgrader={"grade": false, "grade_id": "ex06_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def get_cached(session, url, cache):
    """The decoded JSON body of ``url``, revalidated with its ETag when cached."""
    ### BEGIN SOLUTION
    headers = {"If-None-Match": cache[url]["etag"]} if url in cache else {}
    response = get_with_retry(session, url, headers=headers, timeout=10)
    if response.status_code == 304:
        return cache[url]["data"]
    response.raise_for_status()
    data = response.json()
    if "ETag" in response.headers:
        cache[url] = {"etag": response.headers["ETag"], "data": data}
    return data
    ### END SOLUTION


mon_cache = {}
get_cached(session, BASE_URL + "/v1/products/2", mon_cache)
get_cached(session, BASE_URL + "/v1/products/2", mon_cache)["name"], mon_cache

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex06_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 6 : ETag mémorisé, If-None-Match envoyé, 304 servi depuis le cache."""
_s = grader_session()
_cache = {}
_url = BASE_URL + "/v1/products/3"
_first = get_cached(_s, _url, _cache)
assert isinstance(_first, dict) and _first.get("product_id") == 3, "Renvoyez le corps JSON décodé (un dict)."
assert _url in _cache and set(_cache[_url]) == {"etag", "data"}, (
    "Après une réponse 200, cache[url] doit valoir {'etag': ..., 'data': ...}."
)
assert _cache[_url]["etag"] == _s.log[-1].headers["ETag"], "Mémorisez l'en-tête ETag de la réponse."
_second = get_cached(_s, _url, _cache)
assert _s.log[-1].request.headers.get("If-None-Match") == _cache[_url]["etag"], (
    "Au deuxième appel, envoyez l'ETag mémorisé dans l'en-tête If-None-Match."
)
assert _s.log[-1].status_code == 304 and _second == _first, "Sur un 304, renvoyez les données du cache."
### BEGIN HIDDEN TESTS
assert "If-None-Match" not in _s.headers, "Ne modifiez pas session.headers : passez headers= à la requête."
assert _s.log[-1].request.headers.get("X-API-Key") == API_KEY, "Faites la requête avec la session reçue."
# stale ETag: 200, cache refreshed
_cache = {_url: {"etag": '"perime"', "data": {"product_id": -1}}}
_third = get_cached(_s, _url, _cache)
assert _third == _first and _s.log[-1].status_code == 200, "Un ETag périmé donne 200 : renvoyez les nouvelles données."
assert _cache[_url]["etag"] == _s.log[-1].headers["ETag"] and _cache[_url]["data"] == _first, (
    "Après un 200, remplacez l'entrée du cache par le nouvel ETag et les nouvelles données."
)
# another URL, a page with query string
_url2 = BASE_URL + "/v1/products?size=2&page=3"
_page = get_cached(_s, _url2, _cache)
assert _page == grader_session().get(_url2, timeout=10).json() and _url2 in _cache and _url in _cache, (
    "Chaque URL (chaîne de requête comprise) a sa propre entrée dans le cache."
)
assert _s.log[-1].request.headers.get("If-None-Match") is None, "Pas d'If-None-Match pour une URL absente du cache."
# errors raise
_raised = False
try:
    get_cached(_s, BASE_URL + "/v1/products/999999999", {})
except requests.HTTPError:
    _raised = True
assert _raised, "Une réponse 404 doit lever requests.HTTPError."
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 5 — Ne jamais croire une réponse sur parole : la validation
#
# Une réponse 200 ne garantit pas que son contenu est utilisable. L'API partenaires
# renvoie parfois un **JSON tronqué** (provoquons-le avec l'en-tête
# `X-Labkit-Fault: malformed`) :

# %%
tronquee = session.get(
    BASE_URL + "/v1/products", params={"size": 2}, headers={"X-Labkit-Fault": "malformed"},
    timeout=10,
)
try:
    tronquee.json()
except requests.JSONDecodeError as erreur:
    print(tronquee.status_code, "mais JSON illisible :", erreur)
print(tronquee.text[-80:])

# %% [markdown]
# `response.json()` lève alors `requests.JSONDecodeError` (une sous-classe de
# `ValueError`). Un collecteur doit **rejeter** une telle réponse (et la redemander),
# jamais l'écrire telle quelle dans l'entrepôt.
#
# Même un JSON valide peut ne pas respecter le contrat : un champ manquant, un prix envoyé
# en texte (`"3,49"`), un identifiant `null`… Mieux vaut le détecter **à la collecte**,
# avec un message précis, que trois étapes plus loin dans un tableau de bord faux. La
# cellule de mise en place définit le schéma attendu d'un produit :

# %%
PRODUCT_SCHEMA

# %% [markdown]
# Chaque champ est associé à un couple `(types acceptés, null autorisé ?)`. Un piège de
# Python : `isinstance(True, int)` vaut `True`, car les booléens sont des entiers !

# %%
isinstance(True, int), isinstance(3.5, (int, float)), isinstance("3,49", (int, float))

# %% [markdown]
# ### Exercice 7 — Rejeter une réponse illisible (1 point)
#
# Écrivez `parse_page(response)` qui renvoie le corps JSON décodé d'une réponse de page
# (un dictionnaire) et lève **`PayloadError`** (l'exception définie dans la mise en place)
# si :
#
# - le corps n'est pas du JSON valide ;
# - ou le JSON n'est pas un dictionnaire ;
# - ou ce dictionnaire n'a pas de clé `"items"` dont la valeur est une liste.

# %% nbgrader={"grade": false, "grade_id": "ex07_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def parse_page(response):
    """The decoded body of a page response; PayloadError if it is not a page."""
    ### BEGIN SOLUTION
    try:
        body = response.json()
    except ValueError as exc:
        raise PayloadError(f"JSON illisible : {exc}") from exc
    if not isinstance(body, dict) or not isinstance(body.get("items"), list):
        raise PayloadError("réponse sans liste 'items'")
    return body
    ### END SOLUTION


try:
    parse_page(tronquee)
except PayloadError as erreur:
    print("rejetée :", erreur)

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex07_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Exercice 7 : une page valide est décodée, une réponse tronquée lève PayloadError."""
_good = grader_session().get(BASE_URL + "/v1/products", params={"size": 3}, timeout=10)
_body = parse_page(_good)
assert isinstance(_body, dict) and len(_body.get("items", [])) == 3, "Renvoyez le corps décodé de la page."
_bad = grader_session("malformed").get(BASE_URL + "/v1/products", params={"size": 3}, timeout=10)
_raised = False
try:
    parse_page(_bad)
except PayloadError:
    _raised = True
except Exception as exc:
    raise AssertionError(
        f"parse_page a laissé passer {type(exc).__name__} : transformez-la en PayloadError."
    ) from None
assert _raised, "Un JSON tronqué doit lever PayloadError (pas une autre exception, pas de valeur)."
### BEGIN HIDDEN TESTS
def _response(content: bytes) -> requests.Response:
    r = requests.Response()
    r.status_code, r._content = 200, content
    r.headers["Content-Type"] = "application/json"
    return r


for _content in (b"[1, 2]", b'{"page": 1}', b'{"items": {"a": 1}}', b'"items"', b"", b'{"items": null}'):
    _raised = False
    try:
        parse_page(_response(_content))
    except PayloadError:
        _raised = True
    assert _raised, "Un JSON sans liste 'items' (ou qui n'est pas un dictionnaire) doit lever PayloadError."
assert parse_page(_response(b'{"items": []}')) == {"items": []}, "Une page vide reste une page valide."
### END HIDDEN TESTS

# %% [markdown]
# ### Exercice 8 — Valider un produit (2 points)
#
# Écrivez `product_errors(item)` qui renvoie la **liste des noms des champs en erreur**
# du dictionnaire `item`, dans l'ordre des clés de `PRODUCT_SCHEMA` (liste vide si le
# produit est valide). Un champ `champ` de `PRODUCT_SCHEMA`, associé à
# `(types, nullable)`, est en erreur si :
#
# - il est absent de `item` ;
# - ou sa valeur est `None` alors que `nullable` est `False` ;
# - ou sa valeur n'est pas `None` et n'est pas une instance de `types`
#   (`isinstance(valeur, types)`), sachant qu'un **booléen** n'est accepté que si `types`
#   est `bool` ;
# - ou, pour `ean13` non `None` : ce n'est pas une chaîne de **13 chiffres** exactement ;
# - ou, pour `updated_at` non `None` : ce n'est pas une chaîne que
#   `datetime.fromisoformat` sait lire.
#
# Les champs de `item` absents de `PRODUCT_SCHEMA` sont ignorés. Un champ en erreur pour
# plusieurs raisons n'apparaît qu'une fois.

# %% nbgrader={"grade": false, "grade_id": "ex08_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def product_errors(item):
    """Names of the fields of ``item`` that break PRODUCT_SCHEMA, in schema order."""
    ### BEGIN SOLUTION
    errors = []
    for field, (types, nullable) in PRODUCT_SCHEMA.items():
        if field not in item:
            errors.append(field)
            continue
        value = item[field]
        if value is None:
            if not nullable:
                errors.append(field)
            continue
        wrong_type = not isinstance(value, types) or (
            isinstance(value, bool) and types is not bool
        )
        if wrong_type or (field == "ean13" and not (len(value) == 13 and value.isdigit())):
            errors.append(field)
        elif field == "updated_at":
            try:
                datetime.fromisoformat(value)
            except ValueError:
                errors.append(field)
    return errors
    ### END SOLUTION


product_errors(produits[0]), product_errors({"product_id": 7, "name": None, "unit_price_eur": "3,49"})

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex08_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 8 : les produits de l'API sont valides ; champs manquants, types faux et formats détectés."""
_sample = grader_session().get(BASE_URL + "/v1/products", params={"size": 100}, timeout=10).json()["items"]
_verdicts = [product_errors(p) for p in _sample]
assert all(v == [] for v in _verdicts), (
    "Des produits valides de l'API sont déclarés en erreur : " + str(next(v for v in _verdicts if v))
)
_item = dict(_sample[0], unit_price_eur="3,49")
assert product_errors(_item) == ["unit_price_eur"], (
    "Un prix en texte doit être signalé : le résultat attendu est la liste des champs en erreur."
)
### BEGIN HIDDEN TESTS
_base = dict(_sample[0])
_cases = [
    ({"name": None}, ["name"]),
    ({"label": None, "organic": None}, []),
    ({"unit_price_eur": 3}, []),
    ({"unit_price_eur": True}, ["unit_price_eur"]),
    ({"product_id": False}, ["product_id"]),
    ({"product_id": "12"}, ["product_id"]),
    ({"organic": "oui"}, ["organic"]),
    ({"ean13": "337001400000"}, ["ean13"]),
    ({"ean13": "33700140000AB"}, ["ean13"]),
    ({"ean13": 3370014000004}, ["ean13"]),
    ({"updated_at": "hier"}, ["updated_at"]),
    ({"updated_at": "2024-06-11"}, []),
    ({"label": 5, "category": None, "updated_at": None}, ["category", "label", "updated_at"]),
    ({"extra": [1, 2]}, []),
    ({"updated_at": 20240611, "product_id": None, "ean13": None}, ["product_id", "ean13", "updated_at"]),
]
for _changes, _expected in _cases:
    _got = product_errors(dict(_base, **_changes))
    assert _got == _expected, (
        f"Produit valide modifié ainsi : {_changes} ; votre fonction renvoie {_got}. Relisez les règles."
    )
_missing = {k: v for k, v in _base.items() if k not in ("ean13", "unit_price_eur")}
assert product_errors(_missing) == ["ean13", "unit_price_eur"], "Un champ absent est en erreur."
assert product_errors({}) == list(PRODUCT_SCHEMA), "Un produit vide : tous les champs sont en erreur."
### END HIDDEN TESTS

# %% [markdown]
# Pour des schémas plus riches, des bibliothèques font ce travail de façon déclarative :
# `pydantic` (modèles Python typés, utilisé par FastAPI), `jsonschema` (la norme JSON
# Schema), `pandera` (pour des tableaux pandas). Le principe reste le vôtre : un contrat
# écrit, vérifié à l'entrée, avec des erreurs qui nomment le champ fautif.

# %% [markdown]
# ---
# ## Partie 6 — La collecte de nuit : déposer les données brutes avec leurs métadonnées
#
# Dernière étape : **écrire** ce que l'on a collecté. Dans une architecture de données,
# la première zone de stockage (zone *brute*, *raw* ou *landing*) garde les données
# **telles que la source les a envoyées**, sans transformation, pour pouvoir tout
# recalculer plus tard. On y ajoute les **métadonnées de collecte** sans lesquelles une
# donnée brute est inexploitable : d'où vient-elle (`source`), quand a-t-elle été
# collectée (`collected_at`, en UTC), avec quels paramètres (`params`) ?
#
# Le format **JSON Lines** (`.jsonl`) écrit un objet JSON par ligne : on peut l'écrire au
# fil de l'eau, le lire ligne à ligne, le concaténer, et DuckDB, Spark ou pandas le lisent
# directement.

# %%
exemple = SORTIE / "exemple.jsonl"
with exemple.open("w", encoding="utf-8") as fichier:
    for ligne in [{"a": 1, "texte": "Crème fraîche"}, {"a": 2, "texte": None}]:
        fichier.write(json.dumps(ligne, ensure_ascii=False) + "\n")
print(exemple.read_text(encoding="utf-8"))
datetime.now(UTC).isoformat(timespec="seconds")

# %% [markdown]
# ### Exercice 9 — Le collecteur complet (3 points)
#
# Écrivez `collect_products(session, base_url, out_dir, updated_since=None, size=100)`
# qui collecte les produits de `<base_url>/v1/products` (modifiés depuis `updated_since`
# s'il n'est pas `None`), les valide et les dépose dans un fichier JSON Lines. La fonction
# renvoie le chemin (`pathlib.Path`) du fichier écrit.
#
# 1. Au début, notez l'instant de la collecte :
#    `collected_at = datetime.now(UTC).isoformat(timespec="seconds")`.
# 2. Parcourez les pages (`page`, `size`, et `updated_since` s'il est donné) avec
#    `get_with_retry(..., timeout=10)` puis `raise_for_status()`, et décodez chaque page
#    avec `parse_page`. Si `parse_page` lève `PayloadError`, **redemandez la même page**
#    (jusqu'à 3 tentatives de décodage par page ; au-delà, laissez l'exception remonter).
# 3. Gardez les produits valides (`product_errors(item) == []`) et ignorez les autres.
# 4. Créez le dossier `out_dir` s'il n'existe pas, et écrivez le fichier
#    `out_dir / f"products_{horodatage}.jsonl"`, où `horodatage` est `collected_at` au
#    format `AAAAMMJJTHHMMSSZ` (par exemple `20250114T023000Z`), encodé en UTF-8.
# 5. Une ligne par produit valide, dans l'ordre de l'API, de la forme :
#
#    ```json
#    {"source": "<base_url>/v1/products", "collected_at": "<collected_at>",
#     "params": {"updated_since": <updated_since>, "size": <size>}, "data": <le produit tel que reçu>}
#    ```
#
# Le test lance votre collecteur contre une API **qui tombe en panne** : environ 20 % de
# 5xx, 5 % de réponses lentes et 5 % de JSON tronqués.
#
# > **Indice** : `datetime.fromisoformat(collected_at).strftime("%Y%m%dT%H%M%SZ")` donne
# > l'horodatage. `json.dumps(ligne, ensure_ascii=False)` garde les accents lisibles.

# %% nbgrader={"grade": false, "grade_id": "ex09_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def collect_products(session, base_url, out_dir, updated_since=None, size=100):
    """Collect, validate and land the products as JSON lines; the file written."""
    ### BEGIN SOLUTION
    collected_at = datetime.now(UTC).isoformat(timespec="seconds")
    source = base_url + "/v1/products"
    params = {"size": size}
    if updated_since is not None:
        params["updated_since"] = updated_since
    valid, page = [], 1
    while True:
        for attempt in range(3):
            response = get_with_retry(session, source, params={**params, "page": page}, timeout=10)
            response.raise_for_status()
            try:
                body = parse_page(response)
                break
            except PayloadError:
                if attempt == 2:
                    raise
        valid.extend(item for item in body["items"] if not product_errors(item))
        if body["page"] >= body["pages"]:
            break
        page += 1
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.fromisoformat(collected_at).strftime("%Y%m%dT%H%M%SZ")
    path = out_dir / f"products_{stamp}.jsonl"
    metadata = {"updated_since": updated_since, "size": size}
    with path.open("w", encoding="utf-8") as handle:
        for item in valid:
            line = {"source": source, "collected_at": collected_at, "params": metadata, "data": item}
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return path
    ### END SOLUTION


fichier_produits = collect_products(session, BASE_URL, SORTIE / "produits", updated_since="2024-06-01")
print(fichier_produits)
print(fichier_produits.read_text(encoding="utf-8").splitlines()[0])

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex09_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 9 : sous pannes injectées, un fichier JSON Lines complet, avec source, date et paramètres."""
_products = paniervert.load("products", scale, seed)
_products["updated_at"] = paniervert.to_utc(_products["updated_at"]).dt.tz_localize(None)  # as the API
_cut = _products["updated_at"].quantile(0.7).floor("s").isoformat()
_dir = SORTIE / "test_collecte"
_tz = os.environ.get("TZ")
services.ensure("api", scale=scale, seed=seed, faults=FAULTS)
try:
    os.environ["TZ"] = "Europe/Paris"  # a clock in local time would show +01:00 or +02:00
    time.tzset()
    with recorded_sleeps(cap=0.2) as _delays:
        _session = grader_session("malformed", "503", "malformed")
        _path = collect_products(_session, BASE_URL, _dir, updated_since=_cut, size=25)
except PayloadError:
    raise AssertionError(
        "Une page illisible a interrompu la collecte : redemandez la page quand parse_page "
        "lève PayloadError."
    ) from None
except requests.HTTPError as exc:
    raise AssertionError(f"Une panne a interrompu la collecte ({exc}) : utilisez get_with_retry.") from None
finally:
    os.environ.pop("TZ") if _tz is None else os.environ.update(TZ=_tz)
    time.tzset()
    services.ensure("api", scale=scale, seed=seed)
assert isinstance(_path, Path) and _path.parent == _dir and _path.is_file(), (
    "collect_products doit renvoyer le chemin (Path) du fichier écrit dans out_dir."
)
assert re.fullmatch(r"products_\d{8}T\d{6}Z\.jsonl", _path.name), (
    f"Nom de fichier inattendu : {_path.name} (attendu : products_AAAAMMJJTHHMMSSZ.jsonl)."
)
_lines = [json.loads(line) for line in _path.read_text(encoding="utf-8").splitlines()]
assert _lines and all(set(line) == {"source", "collected_at", "params", "data"} for line in _lines), (
    "Chaque ligne doit avoir exactement les clés source, collected_at, params et data."
)
_ids = [line["data"]["product_id"] for line in _lines]
assert len(set(_ids)) == len(_ids), "Des produits sont écrits plusieurs fois."
assert len(_ids) == api_total("/v1/products", updated_since=_cut), (
    "Il manque des produits (ou il y en a trop) : les pannes sont-elles toutes surmontées ?"
)
### BEGIN HIDDEN TESTS
_bound = _products["updated_at"].quantile(0.7).floor("s")
_expected = sorted(_products.loc[_products["updated_at"] >= _bound, "product_id"].tolist())
assert _ids == _expected, "Les produits doivent être ceux de l'API, dans son ordre."
assert all(line["source"] == BASE_URL + "/v1/products" for line in _lines), (
    "source doit être l'URL de la ressource collectée, sans paramètres."
)
assert all(line["params"] == {"updated_since": _cut, "size": 25} for line in _lines), (
    "params doit contenir exactement updated_since et size, tels que reçus par la fonction."
)
_stamp = _lines[0]["collected_at"]
assert all(line["collected_at"] == _stamp for line in _lines), "Un seul instant de collecte par fichier."
_when = datetime.fromisoformat(_stamp)
assert _when.utcoffset() is not None and _when.utcoffset().total_seconds() == 0, (
    "collected_at doit être l'heure UTC, avec son fuseau (+00:00)."
)
assert _path.name == "products_" + _when.strftime("%Y%m%dT%H%M%SZ") + ".jsonl", (
    "L'horodatage du nom de fichier doit être celui de collected_at."
)
_api_items = {}
_gs = grader_session()
for _page in range(1, math.ceil(len(_products) / 100) + 1):
    _body = _gs.get(BASE_URL + "/v1/products", params={"page": _page, "size": 100}, timeout=10).json()
    _api_items.update({i["product_id"]: i for i in _body["items"]})
assert all(line["data"] == _api_items[line["data"]["product_id"]] for line in _lines), (
    "Écrivez chaque produit tel que l'API l'a envoyé."
)
# invalid items are dropped: a scripted page with a bad product
class _OnePage(requests.Session):
    def get(self, url, **kwargs):
        r = requests.Response()
        r.status_code, r.url = 200, url
        good = dict(_api_items[_ids[0]])
        body = {"items": [good, dict(good, product_id=None)], "page": 1, "pages": 1, "size": 2, "total": 2,
                "links": {"next": None}}
        r._content = json.dumps(body).encode()
        return r


_path2 = collect_products(_OnePage(), "http://exemple.test", _dir / "scripted")
_lines2 = _path2.read_text(encoding="utf-8").splitlines()
assert len(_lines2) == 1, "N'écrivez que les produits valides (product_errors vide)."
assert json.loads(_lines2[0])["params"] == {"updated_since": None, "size": 100}, (
    "params doit contenir updated_since (même None) et size."
)
### END HIDDEN TESTS

# %% [markdown]
# Relisez le fichier déposé : DuckDB lit le JSON Lines directement, et les métadonnées
# permettent de savoir, des mois plus tard, d'où vient chaque ligne.

# %%
import duckdb

duckdb.sql(
    f"SELECT collected_at, params, data.product_id, data.name, data.unit_price_eur "
    f"FROM read_json_auto('{fichier_produits.as_posix()}') LIMIT 5"
).df()

# %% [markdown]
# ---
# ## Partie 7 — Question ouverte : la stratégie de la collecte de nuit
#
# ### Question 10 — Complet ou incrémental ? (3 points, corrigée par votre formateur ou formatrice)
#
# L'équipe data veut synchroniser **chaque nuit** les livraisons de l'API partenaires
# (environ 29 000 aujourd'hui, quelques centaines de modifications par jour) vers
# l'entrepôt. Le traitement est lancé par un ordonnanceur à 2 h du matin ; il peut
# échouer au milieu, et il sera parfois relancé à la main le lendemain.
#
# Répondez **en 10 à 15 lignes** dans la cellule ci-dessous :
#
# 1. Collecte **complète** chaque nuit, ou **incrémentale** avec `updated_since` ?
#    Justifiez, en citant au moins un inconvénient de chaque option.
# 2. En incrémental, quelle valeur de `updated_since` utilisez-vous à chaque exécution, où
#    la conservez-vous, et quand la mettez-vous à jour ? Que se passe-t-il pour les lignes
#    modifiées exactement à cette date (la borne est incluse) ?
# 3. Comment rendre le traitement **idempotent** (le relancer ne crée ni doublon ni trou) ?
# 4. Que doit **journaliser** le collecteur pour qu'un incident puisse être diagnostiqué ?
#
# *Double-cliquez sur la cellule ci-dessous pour écrire votre réponse.*

# %% [markdown] labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "strategie_collecte", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# **Votre réponse :**
#
# ### BEGIN SOLUTION
# **Incrémental**, avec une collecte complète de temps en temps. Une collecte complète
# relit 29 000 livraisons (près de 300 requêtes, soit au moins 15 s de quota à 20 requêtes
# par seconde) pour quelques centaines de changements, et son coût grandit avec
# l'historique ; mais elle est simple et rattrape tout (y compris les suppressions, que
# `updated_since` ne voit pas). L'incrémental est rapide et sobre, mais dépend d'un
# `updated_at` fiable et d'un état à conserver : une collecte complète hebdomadaire (ou une
# réconciliation des comptes) sert de filet de sécurité.
#
# **Filigrane** (*watermark*) : à chaque exécution, `updated_since` = le plus grand
# `updated_at` reçu lors de la dernière exécution **réussie** (pas l'heure de l'horloge du
# collecteur, qui peut différer de celle du serveur), éventuellement moins une marge de
# sécurité. Il est stocké hors du collecteur (table de contrôle dans l'entrepôt, fichier
# d'état), et mis à jour **seulement après** l'écriture complète et validée du lot : un
# échec au milieu ne fait pas avancer le filigrane, la relance reprend au même point. Comme
# la borne est incluse (`>=`), les lignes modifiées à cet instant précis sont relues : c'est
# voulu (aucune perte), les doublons sont absorbés à l'étape suivante.
#
# **Idempotence** : chaque lot brut est déposé dans un fichier daté (jamais écrasé), puis
# chargé dans l'entrepôt par **upsert** (`MERGE` / `INSERT ... ON CONFLICT`) sur la clé
# `delivery_id`, en gardant la version au plus grand `updated_at`. Relancer deux fois
# donne le même état final.
#
# **Journal** (sur stdout ou un fichier, structuré) : début et fin, filigrane utilisé et
# nouveau filigrane, paramètres, nombre de pages, de lignes reçues, rejetées (avec la
# raison) et écrites, nombre de reprises par statut (429, 5xx, JSON illisible) et durées
# d'attente, statut final, durée, chemin du fichier déposé. Jamais la clé d'API ni le jeton.
# ### END SOLUTION

# %% [markdown]
# ---
# ## Récapitulatif
#
# | besoin | outil | piège à éviter |
# |---|---|---|
# | interroger une API | `requests.Session`, `session.get(url, params=..., timeout=...)` | construire l'URL à la main (le `+` d'un fuseau horaire devient une espace) ; oublier `timeout` |
# | s'authentifier | en-tête `X-API-Key`, ou OAuth2 *client credentials* puis `Authorization: Bearer` | envoyer du JSON au lieu d'un formulaire ; écrire la clé en dur dans le code partagé |
# | survivre aux pannes | reprises sur 429, 5xx et erreurs réseau, délai exponentiel, `Retry-After` | retenter un 400 ou un 404 ; retenter sans attendre ni limite |
# | tout lire | `page` / `size` jusqu'à `pages`, ou `links.next` ; curseur jusqu'à `next_cursor = None` | calculer le nombre de pages avec la taille demandée (plafonnée par l'API) ; perdre les filtres en suivant le curseur |
# | ne lire que le nouveau | `updated_since` (borne incluse) | avancer le filigrane avant d'avoir tout écrit |
# | ne pas retélécharger | `ETag` et `If-None-Match`, réponse 304 | mettre `If-None-Match` dans les en-têtes de la session |
# | se protéger des données fausses | rejeter un JSON illisible, valider champs et types | `isinstance(True, int)` est vrai |
# | garder une trace | JSON Lines brut avec `source`, `collected_at` (UTC), `params` | transformer les données avant de les avoir déposées brutes |
#
# Pour la certification, la compétence **C8** demande d'**automatiser** l'extraction
# depuis un service web : votre `collect_products` est un collecteur qu'un ordonnanceur
# peut lancer chaque nuit, qui survit aux pannes et qui laisse une trace exploitable.

# %% [markdown]
# ## Pour aller plus loin
#
# - **Jeton qui expire** : écrivez une classe de session qui demande un jeton OAuth2, le
#   réutilise, et en redemande un sur une réponse 401 (`LABKIT_TOKEN_TTL` raccourcit sa
#   durée de vie quand vous lancez l'API vous-même).
# - **Bibliothèques de reprise** : remplacez `get_with_retry` par
#   `urllib3.util.retry.Retry` monté sur un `requests.adapters.HTTPAdapter`, puis par le
#   décorateur `@retry` de `tenacity`. Qu'apporte l'ajout d'un aléa (*jitter*) au délai ?
# - **Stock incrémental** : écrivez la synchronisation de `/v1/stock` avec un filigrane
#   stocké dans un fichier JSON, et vérifiez qu'une relance ne crée pas de doublon.
# - **Asynchrone** : `httpx.AsyncClient` permet de demander plusieurs pages en parallèle ;
#   dans quelle limite, avec un quota de 20 requêtes par seconde ?
# - **Références** : la documentation de `requests`
#   (<https://requests.readthedocs.io/>), la RFC 9110 (sémantique HTTP : `Retry-After`,
#   `ETag`, `If-None-Match`) et la RFC 6749 (OAuth2, section 4.4 pour *client credentials*).
