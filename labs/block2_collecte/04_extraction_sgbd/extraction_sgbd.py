# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Extraire des données d'une base PostgreSQL : la boutique en ligne de Panier Vert
#
# **Bloc BC02** — Collecter, stocker et mettre à disposition les données
#
# **Compétences évaluées :**
#
# - **C8** — Automatiser l'extraction de données depuis une base de données ;
# - **C9** — Réaliser des requêtes de type SQL d'extraction depuis un système de gestion de
#   bases de données (SGBD).
#
# | | |
# |---|---|
# | Durée indicative | 3 heures |
# | Barème | 17 points : 14 corrigés automatiquement (7 exercices), 3 corrigés par votre formateur ou formatrice (1 question ouverte) |
# | Outils | Python, SQLAlchemy 2, PostgreSQL, pandas, pyarrow (Parquet) |
#
# ## Comment travailler dans ce lab
#
# Ce notebook est à la fois **le cours et le lab** : chaque partie commence par une courte
# leçon avec des exemples à exécuter, puis vient un exercice.
#
# - Exécutez les cellules **dans l'ordre**, de haut en bas (`Maj + Entrée`).
# - Chaque exercice comporte une **cellule réponse**, qui contient
#   `raise NotImplementedError(...)` : remplacez cette ligne par votre réponse.
#   Ne renommez pas les variables et les fonctions demandées (`requete_01`,
#   `orders_of_customer`…) : le correcteur les utilise.
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
# françaises. Sa boutique en ligne et ses caisses enregistrent les commandes dans une base
# **PostgreSQL** transactionnelle : c'est la base de **production**, celle qui sert les
# clients. L'équipe data veut en alimenter sa plateforme d'analyse chaque nuit, sans jamais
# gêner la production ni mettre ses données en danger.
#
# Votre mission : écrire les **programmes d'extraction**. Ils doivent être sûrs (aucune
# injection SQL possible), sobres (mémoire bornée même sur une très grosse table),
# économes (ne relire que ce qui a changé) et produire des fichiers **Parquet** prêts pour
# l'analyse.
#
# Les données sont **synthétiques** (générées par le cours), mais les données personnelles
# des clients se traitent **comme si elles étaient réelles** (RGPD).
#
# ### Les tables utiles
#
# | table | une ligne = | colonnes utiles |
# |---|---|---|
# | `orders` | une commande (ticket de caisse ou commande en ligne) | `order_id` (clé), `customer_id` (`NULL` si le client n'a pas présenté de carte), `store_id` (`NULL` pour l'e-shop), `channel` (`'magasin'` ou `'eshop'`), `ordered_at`, `status` (`'payée'`, `'livrée'`, `'annulée'`, `'remboursée'`, `'en_cours'`), `updated_at` |
# | `order_lines` | une ligne de commande | `order_id`, `line_no` (clé composée), `product_id`, `quantity`, `unit_price_eur`, `discount_eur` (remise sur la ligne, en euros) |
# | `customers` | un client | `customer_id` (clé), nom, e-mail, adresse… (**données personnelles**) |
# | `products` | un produit du catalogue | `product_id` (clé), `name`, `category`, `unit_price_eur`, `updated_at` |
# | `payments`, `deliveries`, `stock`, `stores`, `suppliers`… | | voir `sa.inspect(engine)` plus bas |
#
# Deux particularités à garder en tête :
#
# - les dates sont de type `timestamptz` et la session est réglée en **UTC** : toutes
#   les dates que vous lirez sont en UTC, et le littéral `'2024-12-01'` désigne le
#   1er décembre 2024 à minuit UTC ;
# - les colonnes `updated_at` (date de dernière modification d'une ligne) sont
#   **indexées** : elles servent à l'extraction incrémentale (partie 4).

# %% [markdown]
# ## Objectifs
#
# À la fin de ce lab, vous saurez :
#
# 1. vous connecter à une base PostgreSQL avec SQLAlchemy 2, en lecture seule ;
# 2. écrire des requêtes **paramétrées** et expliquer pourquoi une requête construite par
#    formatage de chaîne est une faille (injection SQL) ;
# 3. extraire une grosse table **par morceaux** avec un curseur côté serveur, sans
#    charger toute la table en mémoire ;
# 4. mettre en place une extraction **incrémentale** sur `updated_at` avec un filigrane
#    (*watermark*) enregistré dans un fichier d'état ;
# 5. écrire un jeu de données **Parquet partitionné** par mois et le relire en ne lisant
#    que les partitions utiles.
#
# ## Prérequis
#
# - Le lab SQL `bc02_00_sql_nycflights` (`SELECT`, `WHERE`, jointures, `GROUP BY`).
# - Savoir écrire une fonction Python et utiliser un `DataFrame` pandas.
# - Notions de base sur les générateurs Python (`yield`) : elles sont rappelées en
#   partie 3.

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
apercu_lignes = 5  # number of rows shown when previewing a result

# %% [markdown]
# La cellule suivante démarre (si besoin) la base PostgreSQL du cours, y charge les données
# de Panier Vert, puis crée `engine`, votre point d'accès à la base. Elle est verrouillée.
#
# Elle définit aussi deux outils utilisés par les cellules de test : `make_engine`, qui
# crée d'autres accès à la base, et `scratch_schema`, qui crée un **schéma jetable** (un
# espace de tables temporaire, supprimé après usage) pour les tests qui ont besoin
# d'écrire. Vous n'en avez pas besoin pour répondre.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import contextlib
import itertools
import json
import os
import re
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import sqlalchemy as sa
from sqlalchemy import text
from sqlalchemy.pool import NullPool

from labkit import checks, services

warnings.filterwarnings("ignore", category=ResourceWarning)

# The e-shop database, loaded with the data of (scale, seed).
url = services.ensure("postgres", scale=scale, seed=seed).url


def make_engine(*, read_only=True, schema=None, application_name="bc02_04", pooled=True):
    """An engine on the e-shop database; sessions in UTC, read-only unless asked otherwise."""
    options = ["-c timezone=UTC", "-c lock_timeout=10000"]
    if read_only:
        options.append("-c default_transaction_read_only=on")
    if schema:
        options.append(f"-c search_path={schema},public")
    return sa.create_engine(
        url,
        connect_args={"options": " ".join(options), "application_name": application_name},
        **({} if pooled else {"poolclass": NullPool}),
    )


@contextlib.contextmanager
def scratch_schema(prefix):
    """A throwaway schema for the tests that need writes; yields (admin engine, schema)."""
    schema = f"scratch_{prefix}_{os.getpid()}"
    admin = make_engine(read_only=False, pooled=False)
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield admin, schema
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


# Your access to the database: every transaction is read-only.
engine = make_engine()
sortie = Path(dossier_sortie)
sortie.mkdir(exist_ok=True)
sorted(sa.inspect(engine).get_table_names())

# %% [markdown]
# ---
# ## Partie 1 — Se connecter avec SQLAlchemy 2
#
# **SQLAlchemy** est la bibliothèque Python de référence pour parler aux SGBD
# relationnels. Trois objets suffisent pour extraire :
#
# - l'**`Engine`** (`engine`) : il sait où est la base (son URL
#   `postgresql+psycopg://utilisateur:mot_de_passe@hôte:port/base`) et garde un petit
#   **pool** de connexions ouvertes, réutilisées d'une requête à l'autre. On le crée une
#   fois, avec `sa.create_engine(url)` ;
# - la **`Connection`** : on l'emprunte au pool avec `with engine.connect() as conn:` ;
#   elle est rendue au pool à la sortie du bloc `with`, même en cas d'erreur ;
# - **`text("...")`** : une requête SQL écrite à la main. `conn.execute(text(...))`
#   renvoie un résultat que l'on lit avec `.scalar_one()` (une seule valeur), `.all()`
#   (toutes les lignes) ou `.mappings()` (des dictionnaires).
#
# Pour obtenir directement un `DataFrame`, pandas accepte un `Engine` ou une `Connection` :
# `pd.read_sql(text("SELECT ..."), engine)`.

# %%
with engine.connect() as conn:
    nb_commandes = conn.execute(text("SELECT COUNT(*) FROM orders")).scalar_one()
    premiere = conn.execute(text("SELECT * FROM orders ORDER BY order_id LIMIT 1")).mappings().one()
print(f"{nb_commandes} commandes ; la première : {dict(premiere)}")

pd.read_sql(text("SELECT * FROM orders ORDER BY order_id LIMIT 3"), engine)

# %% [markdown]
# Les types sont convertis pour vous : `timestamptz` devient une date pandas avec fuseau
# (`datetime64[..., UTC]`), un `integer` qui contient des `NULL` (`customer_id`,
# `store_id`) devient un nombre à virgule (`float64`, avec `NaN` pour `NULL`).
#
# ### Une extraction ne doit rien modifier
#
# La base de production sert les clients : une extraction ne doit **jamais** y écrire.
# En entreprise, on obtient cette garantie avec un **compte en lecture seule**
# (`GRANT SELECT` sur les seules tables utiles), idéalement sur un **réplica** de la base.
# Ici, `engine` ouvre chaque transaction en lecture seule
# (`default_transaction_read_only = on`) : essayez d'écrire, PostgreSQL refuse.

# %%
try:
    with engine.connect() as conn:
        conn.execute(text("CREATE TABLE essai (x integer)"))
except sa.exc.DBAPIError as exc:
    print("Refusé :", str(exc.orig).splitlines()[0])

# %% [markdown]
# ### Exercice 1 — L'export des commandes en ligne de décembre (2 points)
#
# Le service client veut, pour chaque commande **du canal `eshop`** passée en
# **décembre 2024** (UTC), une ligne qui résume la commande.
#
# Écrivez dans `requete_01` une requête SQL (PostgreSQL) qui renvoie :
#
# - `order_id` ;
# - `ordered_at` ;
# - `status` ;
# - `nb_lignes` : le nombre de lignes de la commande dans `order_lines` ;
# - `montant_eur` : la somme, sur les lignes de la commande, de
#   `quantity * unit_price_eur - discount_eur` (sans arrondi).
#
# Toutes les commandes du mois comptent, quel que soit leur statut.
# Tri : `order_id` croissant.
#
# > **Indice** : une jointure `orders` → `order_lines` et un `GROUP BY`. Pour le mois,
# > préférez un intervalle semi-ouvert, `ordered_at >= '2024-12-01' AND ordered_at <
# > '2025-01-01'` : un `BETWEEN '2024-12-01' AND '2024-12-31'` s'arrête le 31 à minuit et
# > oublie toutes les commandes de la dernière journée.

# %% nbgrader={"grade": false, "grade_id": "ex01_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
requete_01 = """
SELECT o.order_id,
       o.ordered_at,
       o.status,
       COUNT(*) AS nb_lignes,
       SUM(l.quantity * l.unit_price_eur - l.discount_eur) AS montant_eur
FROM orders AS o
JOIN order_lines AS l ON l.order_id = o.order_id
WHERE o.channel = 'eshop'
  AND o.ordered_at >= '2024-12-01' AND o.ordered_at < '2025-01-01'
GROUP BY o.order_id, o.ordered_at, o.status
ORDER BY o.order_id
"""
### END SOLUTION
pd.read_sql(text(requete_01), engine).head(apercu_lignes)

# %% labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "ex01_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 1 : colonnes demandées, commandes de décembre 2024 en UTC, lignes, montants et ordre exacts."""
result = checks.run_query(engine, requete_01)
checks.assert_columns(result, ["order_id", "ordered_at", "status", "nb_lignes", "montant_eur"])
dates = pd.to_datetime(result["ordered_at"], utc=True)
assert len(result) > 0, "Votre résultat est vide : vérifiez le canal ('eshop') et le mois."
assert ((dates >= "2024-12-01") & (dates < "2025-01-01")).all(), (
    "Certaines commandes ne sont pas de décembre 2024 (UTC) : vérifiez votre WHERE."
)
assert (result["nb_lignes"] >= 1).all(), "Chaque commande a au moins une ligne."
assert result["order_id"].is_unique, (
    "Une commande apparaît plusieurs fois : regroupez les lignes (GROUP BY) par commande."
)
### BEGIN HIDDEN TESTS
expected = """
SELECT o.order_id, o.ordered_at, o.status,
       (SELECT COUNT(l.line_no) FROM order_lines l WHERE l.order_id = o.order_id) AS nb_lignes,
       (SELECT SUM(l.quantity * l.unit_price_eur) - SUM(l.discount_eur)
        FROM order_lines l WHERE l.order_id = o.order_id) AS montant_eur
FROM orders o
WHERE o.channel = 'eshop'
  AND date_trunc('month', o.ordered_at AT TIME ZONE 'UTC') = TIMESTAMP '2024-12-01'
ORDER BY 1
"""
checks.assert_query_matches(engine, requete_01, expected, ordered=True)
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 2 — Requêtes paramétrées et injection SQL
#
# Une extraction dépend presque toujours d'une **valeur qui vient de l'extérieur** : un
# identifiant de client, une date de début, un statut choisi par un utilisateur. La
# tentation est de la coller dans le texte SQL avec une f-string. Voyons pourquoi c'est
# une faille.
#
# Voici une fonction naïve qui compte les commandes d'un statut donné :

# %%
def orders_with_status_UNSAFE(statut):
    """DO NOT DO THIS: the value is pasted into the SQL text."""
    requete = f"SELECT order_id, status FROM orders WHERE status = '{statut}'"
    print("Requête envoyée :", requete)
    return pd.read_sql(requete, engine)


len(orders_with_status_UNSAFE("annulée"))

# %% [markdown]
# Tout va bien tant que la valeur est honnête. Mais si elle vient d'un formulaire, d'un
# paramètre d'URL ou d'un fichier, quelqu'un peut y glisser du SQL. Une apostrophe ferme
# la chaîne, et la suite devient **du code** exécuté par la base. Ici, un `UNION` fait
# sortir… les adresses e-mail des clients (données personnelles : une fuite à déclarer à
# la CNIL sous 72 heures) :

# %%
malveillant = "x' UNION SELECT customer_id, email FROM customers --"
fuite = orders_with_status_UNSAFE(malveillant)
print(len(fuite), "lignes renvoyées")
fuite.head(3)

# %% [markdown]
# Pire : le pilote accepte **plusieurs instructions** séparées par `;` quand la requête n'a
# pas de paramètre. La valeur suivante ajouterait un `DROP TABLE orders` :

# %%
destructeur = "x'; DROP TABLE orders; --"
requete_piegee = f"SELECT order_id, status FROM orders WHERE status = '{destructeur}'"
print(requete_piegee)

# We only run it inside a READ ONLY transaction (on a read-only engine): PostgreSQL refuses
# the DROP and the transaction is rolled back. Never try this on a writable connection.
try:
    with engine.connect() as conn:
        conn.execute(text("SET TRANSACTION READ ONLY"))
        conn.exec_driver_sql(requete_piegee)
except sa.exc.DBAPIError as exc:
    print("Refusé :", str(exc.orig).splitlines()[0])

# %% [markdown]
# Sur une connexion qui a le droit d'écrire, la table des commandes aurait disparu. La
# lecture seule est une **deuxième ligne de défense** ; la première, c'est de ne jamais
# coller une valeur dans le texte SQL.
#
# ### La parade : les paramètres liés
#
# Dans `text()`, on écrit un **paramètre nommé** `:nom` à la place de la valeur, et on
# donne les valeurs à part, dans un dictionnaire. Le pilote (psycopg) envoie à PostgreSQL
# le texte de la requête et les valeurs **séparément** : une valeur reste une valeur, elle
# ne devient jamais du code, quelles que soient les apostrophes qu'elle contient.

# %%
requete_sure = text("SELECT order_id, status FROM orders WHERE status = :statut")

with engine.connect() as conn:
    n_honnete = len(conn.execute(requete_sure, {"statut": "annulée"}).all())
    n_malveillant = len(conn.execute(requete_sure, {"statut": malveillant}).all())
print(f"valeur honnête : {n_honnete} lignes ; valeur malveillante : {n_malveillant} ligne")

# The same with pandas: params=...
pd.read_sql(requete_sure, engine, params={"statut": "remboursée"}).head(apercu_lignes)

# %% [markdown]
# La valeur malveillante est simplement un statut qui n'existe pas : zéro ligne.
#
# Trois remarques pratiques :
#
# - un paramètre lié remplace une **valeur**, jamais un **nom** de table ou de colonne :
#   `SELECT * FROM :table` est une erreur de syntaxe. Pour un nom de table qui vient de
#   l'extérieur, on vérifie qu'il figure dans une **liste blanche**, par exemple la liste
#   des tables de la base : `sa.inspect(engine).get_table_names()` ;
# - pour convertir un paramètre, écrivez `CAST(:debut AS timestamptz)` : la forme
#   PostgreSQL `:debut::timestamptz` perturbe la reconnaissance des paramètres par `text()` ;
# - une date peut être passée comme chaîne ISO 8601 (`"2024-12-01T00:00:00+00:00"`) ou
#   comme objet `datetime` / `pd.Timestamp` : PostgreSQL la convertit.

# %%
tables_autorisees = set(sa.inspect(engine).get_table_names())
for nom in ["orders", "orders; DROP TABLE orders"]:
    print(f"{nom!r} autorisée ? {nom in tables_autorisees}")

# %% [markdown]
# ### Exercice 2 — Les commandes modifiées dans une fenêtre de temps (2 points)
#
# Une extraction incrémentale demande régulièrement à la base « ce qui a changé entre
# deux instants ». Écrivez dans `requete_02` une requête SQL **paramétrée** qui renvoie les
# commandes dont `updated_at` est dans la fenêtre **semi-ouverte** `[debut, fin[` :
# `debut` inclus, `fin` exclu.
#
# - Paramètres nommés : `:debut` et `:fin` (aucune date écrite en dur dans la requête).
# - Colonnes, dans cet ordre : `order_id`, `status`, `updated_at`.
# - Tri : `updated_at` croissant, puis `order_id` croissant.
#
# La cellule réponse l'exécute pour la dernière journée de 2024, avec
# `pd.read_sql(text(requete_02), engine, params={...})` ; le test l'exécutera avec
# d'autres fenêtres.

# %% nbgrader={"grade": false, "grade_id": "ex02_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
requete_02 = """
SELECT order_id, status, updated_at
FROM orders
WHERE updated_at >= :debut
  AND updated_at < :fin
ORDER BY updated_at, order_id
"""
### END SOLUTION
pd.read_sql(
    text(requete_02),
    engine,
    params={"debut": "2024-12-31T00:00:00+00:00", "fin": "2025-01-01T00:00:00+00:00"},
).head(apercu_lignes)

# %% labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "ex02_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 2 : paramètres :debut et :fin, pas de date en dur, bornes [debut, fin[, lignes et ordre exacts."""
assert isinstance(requete_02, str), "requete_02 doit être une chaîne de caractères (str)."
assert ":debut" in requete_02 and ":fin" in requete_02, (
    "Votre requête doit utiliser les paramètres nommés :debut et :fin."
)
assert not re.search(r"\d{4}-\d{2}-\d{2}", requete_02), (
    "Aucune date ne doit être écrite en dur dans la requête : passez-la par :debut et :fin."
)


def run_window(query, debut, fin):
    """The learner's query on one window, as a DataFrame (French message on failure)."""
    try:
        return pd.read_sql(text(query), engine, params={"debut": debut, "fin": fin})
    except Exception as exc:
        cause = getattr(exc, "orig", None) or exc.__cause__ or exc
        raise AssertionError(f"Votre requête a échoué : {str(cause).splitlines()[0]}") from None


debut, fin = pd.Timestamp("2024-12-30", tz="UTC"), pd.Timestamp("2024-12-31", tz="UTC")
result = run_window(requete_02, debut.isoformat(), fin.isoformat())
checks.assert_columns(result, ["order_id", "status", "updated_at"])
assert len(result) > 0, "Aucune commande modifiée le 30 décembre 2024 ? Vérifiez votre WHERE."
moments = pd.to_datetime(result["updated_at"], utc=True)
assert ((moments >= debut) & (moments < fin)).all(), (
    "Certaines lignes sont hors de la fenêtre [debut, fin[ : vérifiez vos deux bornes."
)
assert moments.is_monotonic_increasing, "Les lignes doivent être triées par updated_at croissant."
### BEGIN HIDDEN TESTS
reference_02 = """
SELECT order_id, status, updated_at FROM orders
WHERE NOT (updated_at < CAST(:debut AS timestamptz)) AND updated_at < CAST(:fin AS timestamptz)
ORDER BY 3, 1
"""
stamps = pd.read_sql(
    text("SELECT DISTINCT updated_at FROM orders ORDER BY 1 DESC LIMIT 400"), engine
)["updated_at"].sort_values().tolist()
windows = [
    (stamps[-40], stamps[-1]),  # both bounds fall on existing values: [ included, [ excluded
    (stamps[0], stamps[-200]),
    (stamps[-1], stamps[-1] + pd.Timedelta(seconds=1)),  # the rows tied on the last instant
    (pd.Timestamp("2023-03-01", tz="UTC"), pd.Timestamp("2023-03-08", tz="UTC")),
]
for lo, hi in windows:
    got = run_window(requete_02, lo.isoformat(), hi.isoformat())
    want = pd.read_sql(text(reference_02), engine, params={"debut": lo, "fin": hi})
    checks.assert_frame_matches(got, want, ordered=True,
                                label=f"votre résultat sur la fenêtre [{lo.isoformat()}, {hi.isoformat()}[")
### END HIDDEN TESTS

# %% [markdown]
# ### Exercice 3 — Les commandes d'un client, sans faille (2 points)
#
# Le service client a besoin d'une fonction qui renvoie les commandes d'un client à partir
# de son identifiant. Cet identifiant arrivera d'une application web : il faut le traiter
# comme **potentiellement malveillant**.
#
# Écrivez la fonction `orders_of_customer(engine, customer_id)` qui :
#
# - reçoit un `Engine` SQLAlchemy et un identifiant de client ;
# - renvoie un `DataFrame` pandas des commandes de ce client, avec les colonnes `order_id`,
#   `ordered_at`, `channel`, `status`, triées par `ordered_at` puis `order_id` croissants
#   (un client sans commande donne un `DataFrame` vide avec ces quatre colonnes) ;
# - transmet `customer_id` comme **paramètre lié** (`:customer_id` dans `text()`), jamais
#   dans le texte SQL. Avec une valeur malveillante comme `"1 OR 1=1"`, la fonction
#   doit lever une exception ou ne renvoyer aucune commande d'un autre client.
#
# > **Indice** : `pd.read_sql(text("... WHERE customer_id = :customer_id ..."), engine,
# > params={"customer_id": customer_id})`. Le test observe les requêtes que votre fonction
# > envoie à la base.

# %% nbgrader={"grade": false, "grade_id": "ex03_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def orders_of_customer(engine, customer_id):
    """Orders of one customer; customer_id travels as a bound parameter."""
    query = text("""
        SELECT order_id, ordered_at, channel, status
        FROM orders
        WHERE customer_id = :customer_id
        ORDER BY ordered_at, order_id
    """)
    return pd.read_sql(query, engine, params={"customer_id": customer_id})
### END SOLUTION


orders_of_customer(engine, 43).head(apercu_lignes)

# %% labkit={"competences": ["C8", "C9"]} nbgrader={"grade": true, "grade_id": "ex03_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 3 : colonnes, identifiant passé en paramètre lié, résistance à l'injection, commandes exactes."""
assert callable(orders_of_customer), "orders_of_customer doit être une fonction."
best_customer = int(
    pd.read_sql(
        text("SELECT customer_id FROM orders WHERE customer_id IS NOT NULL "
             "GROUP BY customer_id ORDER BY COUNT(*) DESC, customer_id LIMIT 1"),
        engine,
    )["customer_id"].iloc[0]
)
spy_engine = make_engine(application_name="bc02_04_ex03", pooled=False)
sent = []


@sa.event.listens_for(spy_engine, "before_cursor_execute")
def _record(conn, cursor, statement, parameters, context, executemany):
    sent.append((statement, parameters))


result = orders_of_customer(spy_engine, best_customer)
assert isinstance(result, pd.DataFrame), "orders_of_customer doit renvoyer un DataFrame pandas."
checks.assert_columns(result, ["order_id", "ordered_at", "channel", "status"])
assert len(result) > 0, "Ce client a des commandes : votre fonction n'en renvoie aucune."
assert any(params for _, params in sent), (
    "customer_id doit être transmis comme paramètre lié (:customer_id et params=...), "
    "pas collé dans le texte SQL."
)
assert not any(re.search(rf"\b{best_customer}\b", statement) for statement, _ in sent), (
    "L'identifiant du client apparaît dans le texte SQL envoyé à la base : "
    "passez-le comme paramètre lié."
)
try:
    injected = orders_of_customer(engine, "1 OR 1=1")
except Exception:
    injected = None  # refusing a malicious value is a correct answer
assert injected is None or len(injected) <= len(orders_of_customer(engine, 1)), (
    "Avec la valeur '1 OR 1=1', votre fonction renvoie les commandes d'autres clients : "
    "elle est vulnérable à l'injection SQL."
)
### BEGIN HIDDEN TESTS
reference_03 = """
SELECT order_id, ordered_at, channel, status FROM orders
WHERE customer_id = CAST(:c AS integer) ORDER BY ordered_at, order_id
"""
no_orders = int(pd.read_sql(
    text("SELECT MIN(customer_id) AS c FROM customers AS cu WHERE NOT EXISTS "
         "(SELECT 1 FROM orders AS o WHERE o.customer_id = cu.customer_id)"),
    engine,
)["c"].fillna(-1).iloc[0])
for cid in [best_customer, 1, no_orders, 10**8]:
    want = pd.read_sql(text(reference_03), engine, params={"c": cid})
    got = orders_of_customer(engine, cid)
    checks.assert_columns(got, ["order_id", "ordered_at", "channel", "status"])
    if len(want):
        checks.assert_frame_matches(got, want, ordered=True)
    else:
        assert len(got) == 0, "Un client sans commande doit donner un DataFrame vide."
own_orders = set(pd.read_sql(text(reference_03), engine, params={"c": 1})["order_id"])
attacks = [
    "1 OR 1=1",
    "1' OR '1'='1",
    "0 OR customer_id IS NOT NULL",
    "1) OR (1=1",
    "0 UNION SELECT order_id, ordered_at, channel, status FROM orders",
    "1; DROP TABLE canari",
]
with scratch_schema("ex03") as (admin, schema):
    with admin.begin() as conn:
        conn.execute(text(f"CREATE TABLE {schema}.canari (x integer)"))
    # Writable engine on purpose: a vulnerable answer would really drop the canary table
    # (it lives in the throwaway schema, nothing else can be touched).
    writable = make_engine(read_only=False, schema=schema, pooled=False)
    sent_by_attacks = []
    sa.event.listen(
        writable, "before_cursor_execute", lambda *args: sent_by_attacks.append(args[2])
    )
    try:
        for attack in attacks:
            try:
                got = orders_of_customer(writable, attack)
            except Exception:
                continue
            assert set(got["order_id"]) <= own_orders, (
                "Une valeur malveillante fait sortir les commandes d'autres clients : "
                "votre fonction est vulnérable à l'injection SQL."
            )
        with admin.connect() as conn:
            alive = conn.execute(text(f"SELECT to_regclass('{schema}.canari')")).scalar()
        assert alive is not None and not any("DROP" in q for q in sent_by_attacks), (
            "Une valeur malveillante a fait exécuter un DROP TABLE : "
            "votre fonction est vulnérable à l'injection SQL."
        )
    finally:
        writable.dispose()
spy_engine.dispose()
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 3 — Extraire une grosse table par morceaux
#
# À l'échelle 1, `order_lines` compte près d'un demi-million de lignes ; dans une vraie
# enseigne, des centaines de millions. `pd.read_sql("SELECT * FROM order_lines", engine)`
# charge **tout** en mémoire d'un coup : sur une grosse table, le programme d'extraction
# sature la mémoire et s'arrête.
#
# La solution : lire **par morceaux** (*chunks*) et traiter chaque morceau avant de lire
# le suivant (l'écrire dans un fichier, l'agréger…). Un piège toutefois, qui surprend
# beaucoup d'ingénieurs :
#
# - par défaut, le pilote utilise un **curseur côté client** : dès l'exécution de la
#   requête, PostgreSQL envoie **toutes** les lignes, que le pilote garde en mémoire.
#   `pd.read_sql(..., chunksize=1000)` découpe ensuite ce résultat en `DataFrame` de
#   1 000 lignes… mais tout le résultat est déjà arrivé ;
# - avec un **curseur côté serveur**, le résultat reste sur le serveur, qui l'envoie
#   morceau par morceau, à la demande (`FETCH FORWARD 1000`). Avec SQLAlchemy, on
#   l'active par l'option d'exécution `stream_results=True`.
#
# Vérifions-le : après avoir lu 1 000 lignes, combien de lignes le pilote garde-t-il déjà
# en mémoire ? (`cursor.pgresult.ntuples` est un détail interne de psycopg, utilisé ici
# seulement pour regarder sous le capot.)

# %%
for options in [{}, {"stream_results": True}]:
    with engine.connect() as conn:
        resultat = conn.execution_options(**options).execute(text("SELECT * FROM order_lines"))
        morceau = resultat.fetchmany(1000)
        print(
            f"options {options} : curseur {type(resultat.cursor).__name__}, "
            f"{len(morceau)} lignes lues, {resultat.cursor.pgresult.ntuples} lignes "
            "déjà en mémoire côté client"
        )

# %% [markdown]
# Avec le curseur côté serveur (`ServerCursor`), le client ne garde qu'un morceau à la
# fois : la mémoire reste **bornée**, quelle que soit la taille de la table.
#
# Deux écritures équivalentes, toutes deux dans un bloc `with` (le curseur côté serveur
# vit dans une transaction : il faut garder la connexion ouverte pendant toute la
# lecture) :
#
# ```python
# # 1. pandas, sur une connexion en mode « stream »
# with engine.connect().execution_options(stream_results=True) as conn:
#     for morceau in pd.read_sql(text("SELECT ..."), conn, chunksize=10_000):
#         ...  # morceau est un DataFrame d'au plus 10 000 lignes
#
# # 2. SQLAlchemy seul : des listes de lignes
# with engine.connect() as conn:
#     resultat = conn.execution_options(stream_results=True).execute(text("SELECT ..."))
#     for lignes in resultat.partitions(10_000):
#         morceau = pd.DataFrame(lignes, columns=list(resultat.keys()))
# ```
#
# Attention, avec `text()`, l'option `yield_per=n` ouvre bien un curseur côté serveur,
# mais `partitions()` ignore alors la taille `n` : donnez-la explicitement,
# `partitions(n)`.
#
# ### Les générateurs, en deux mots
#
# Une fonction qui contient `yield` est un **générateur** : l'appeler n'exécute rien ;
# chaque tour de boucle `for` la fait avancer jusqu'au `yield` suivant. C'est exactement
# ce qu'il faut pour une extraction par morceaux : celui qui consomme décide du rythme, et
# un seul morceau est en mémoire à la fois.

# %%
def count_in_chunks(engine, chunksize):
    """Example: yields (chunk number, rows in the chunk) for the payments table."""
    with engine.connect().execution_options(stream_results=True) as conn:
        chunks = pd.read_sql(text("SELECT * FROM payments"), conn, chunksize=chunksize)
        for number, chunk in enumerate(chunks, start=1):
            yield number, len(chunk)


generateur = count_in_chunks(engine, 2000)
print(next(generateur))  # the first chunk only
print(list(generateur)[-1])  # the last one (the loop consumes the rest)

# %% [markdown]
# ### Exercice 4 — Un extracteur par morceaux (2 points)
#
# Écrivez le générateur `extract_in_chunks(engine, table, chunksize)` qui :
#
# - vérifie que `table` est le nom d'une table de la base, c'est-à-dire qu'il figure dans
#   `sa.inspect(engine).get_table_names()`, et lève une `ValueError` sinon (avant
#   d'exécuter la moindre requête sur la table ; l'erreur peut apparaître à l'appel ou
#   au premier morceau demandé) ;
# - lit **toutes les colonnes** et **toutes les lignes** de la table avec un **curseur
#   côté serveur** (`stream_results=True`) ;
# - produit (`yield`) des `DataFrame` pandas de `chunksize` lignes chacun, sauf le
#   dernier qui peut en avoir moins ; jamais de morceau vide.
#
# L'ordre des lignes n'est pas imposé.
#
# > **Indice** : un nom de table ne peut pas être un paramètre lié ; une fois vérifié
# > par la liste blanche, il peut entrer dans le texte SQL (`f"SELECT * FROM {table}"`).

# %% nbgrader={"grade": false, "grade_id": "ex04_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def extract_in_chunks(engine, table, chunksize):
    """Yield DataFrames of at most chunksize rows of table, through a server-side cursor."""
    if table not in sa.inspect(engine).get_table_names():
        raise ValueError(f"Table inconnue : {table!r}")
    with engine.connect().execution_options(stream_results=True) as conn:
        yield from pd.read_sql(text(f"SELECT * FROM {table}"), conn, chunksize=chunksize)
### END SOLUTION


taille_morceaux = [len(morceau) for morceau in extract_in_chunks(engine, "stock", 500)]
taille_morceaux

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex04_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 4 : générateur paresseux, liste blanche des tables, morceaux de la bonne taille, curseur côté serveur, contenu exact."""
chunks = extract_in_chunks(engine, "products", 40)
assert isinstance(chunks, Iterator), (
    "extract_in_chunks doit être un générateur (utilisez yield) et non renvoyer une liste."
)
first = next(chunks)
assert isinstance(first, pd.DataFrame), "Chaque morceau doit être un DataFrame pandas."
assert len(first) == 40, "Le premier morceau doit avoir exactement chunksize lignes."
chunks.close()
for bad_name in ["commandes", "orders; DROP TABLE orders"]:
    try:
        list(itertools.islice(extract_in_chunks(engine, bad_name, 10), 1))
    except ValueError:
        continue
    except Exception as exc:
        raise AssertionError(
            f"Pour une table inconnue, levez une ValueError (reçu : {type(exc).__name__})."
        ) from None
    raise AssertionError(
        f"La table {bad_name!r} n'existe pas : votre fonction doit lever une ValueError."
    )
### BEGIN HIDDEN TESTS
for name, size in [("products", 64), ("stock", 333), ("regions", 1000)]:
    parts = list(extract_in_chunks(engine, name, size))
    assert parts and all(len(p) > 0 for p in parts), "Aucun morceau ne doit être vide."
    assert all(len(p) == size for p in parts[:-1]) and len(parts[-1]) <= size, (
        "Tous les morceaux doivent avoir chunksize lignes, sauf le dernier."
    )
    whole = pd.read_sql(text(f"SELECT * FROM {name}"), engine)
    checks.assert_frame_matches(pd.concat(parts, ignore_index=True), whole,
                                label=f"les morceaux de la table {name} mis bout à bout")
app = f"bc02_04_chunks_{os.getpid()}"
watched = make_engine(application_name=app, pooled=False)
chunks = extract_in_chunks(watched, "order_lines", 100)
next(chunks)
with engine.connect() as conn:
    seen = conn.execute(
        text("SELECT query FROM pg_stat_activity WHERE application_name = :app"), {"app": app}
    ).scalars().all()
chunks.close()
watched.dispose()
assert any(re.match(r"\s*(FETCH|DECLARE)", q, re.IGNORECASE) for q in seen), (
    "Votre extraction n'utilise pas de curseur côté serveur : toutes les lignes arrivent "
    "d'un coup dans la mémoire du client. Pensez à stream_results=True."
)
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 4 — L'extraction incrémentale
#
# Relire toute la table `orders` chaque nuit est simple et sûr, mais le coût grandit avec
# la table. Une **extraction incrémentale** ne relit que les lignes qui ont changé depuis
# la dernière exécution :
#
# 1. on garde un **filigrane** (*watermark*) : la plus grande valeur de `updated_at` déjà
#    extraite, enregistrée dans un petit **fichier d'état** (JSON) ;
# 2. à l'exécution suivante, on ne lit que `WHERE updated_at >= :filigrane` (grâce à
#    l'index sur `updated_at`, PostgreSQL va directement aux lignes utiles) ;
# 3. après un dépôt réussi, on enregistre le nouveau filigrane : le `max(updated_at)` des
#    lignes lues.
#
# Pourquoi une borne **inclusive** (`>=`) ? Deux lignes peuvent avoir exactement le même
# `updated_at`. Si la seconde est validée (*commit*) juste après notre lecture, une borne
# stricte (`>`) la perdrait pour toujours. Avec `>=`, on relit à chaque fois les lignes de
# l'instant du filigrane : quelques doublons, que l'étape suivante élimine en
# dédoublonnant sur la clé (une mise à jour par clé, *upsert*). Mieux vaut un doublon
# qu'une ligne perdue.
#
# Le fichier d'état s'écrit de façon **atomique** : on écrit un fichier temporaire, puis on
# le renomme (`os.replace`). Un programme qui plante au milieu de l'écriture ne laisse
# jamais un fichier d'état à moitié écrit.

# %%
etat_exemple = sortie / "exemple_etat.json"
filigrane = pd.Timestamp("2024-12-01T00:00:00+00:00")

# Write the state atomically: temporary file, then rename.
temporaire = etat_exemple.with_suffix(".tmp")
temporaire.write_text(json.dumps({"watermark": filigrane.isoformat()}))
os.replace(temporaire, etat_exemple)
print(etat_exemple.read_text())

# Read it back and extract what changed since.
lu = pd.Timestamp(json.loads(etat_exemple.read_text())["watermark"])
nouveautes = pd.read_sql(
    text("SELECT * FROM products WHERE updated_at >= :watermark ORDER BY updated_at"),
    engine,
    params={"watermark": lu},
)
print(len(nouveautes), "produits modifiés depuis", lu)

# %% [markdown]
# ### Exercice 5 — Un extracteur incrémental (3 points)
#
# Écrivez la fonction `incremental_extract(engine, table, state_path)` qui :
#
# 1. vérifie que `table` figure dans `sa.inspect(engine).get_table_names()`, et lève une
#    `ValueError` sinon ;
# 2. lit le filigrane dans le fichier JSON `state_path` (un `str` ou un `Path`), de la
#    forme `{"watermark": "2024-12-31T18:01:55+00:00"}` ; si le fichier n'existe pas,
#    c'est la première exécution : l'extraction est **complète** ;
# 3. sinon, extrait les lignes dont `updated_at >= filigrane` (borne **inclusive**), avec
#    un **paramètre lié** ;
# 4. renvoie un `DataFrame` de **toutes les colonnes** de ces lignes, trié par `updated_at`
#    croissant ;
# 5. si au moins une ligne a été lue, enregistre dans `state_path` le nouveau filigrane,
#    le plus grand `updated_at` des lignes lues, au format ISO 8601 avec le fuseau
#    (`pd.Timestamp.isoformat()`), dans le même format JSON ; sinon, laisse le fichier tel
#    quel. Créez le dossier parent de `state_path` s'il n'existe pas.
#
# La table a une colonne `updated_at` (type `timestamptz`). Le test crée sa propre table
# dans un schéma jetable, la modifie entre deux appels, puis vérifie que votre fonction
# ne renvoie que ce qu'il faut.
#
# > **Indice** : `Path(state_path).exists()`, `json.loads(...)`, puis une requête avec
# > `WHERE updated_at >= :watermark`. Le nouveau filigrane :
# > `df["updated_at"].max().isoformat()`.

# %% nbgrader={"grade": false, "grade_id": "ex05_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def incremental_extract(engine, table, state_path):
    """Rows of table with updated_at >= the stored watermark (all rows on the first run)."""
    if table not in sa.inspect(engine).get_table_names():
        raise ValueError(f"Table inconnue : {table!r}")
    state_path = Path(state_path)
    if state_path.exists():
        watermark = json.loads(state_path.read_text())["watermark"]
        query = text(f"SELECT * FROM {table} WHERE updated_at >= :watermark ORDER BY updated_at")
        rows = pd.read_sql(query, engine, params={"watermark": watermark})
    else:
        rows = pd.read_sql(text(f"SELECT * FROM {table} ORDER BY updated_at"), engine)
    if len(rows):
        state_path.parent.mkdir(parents=True, exist_ok=True)
        temporary = state_path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"watermark": rows["updated_at"].max().isoformat()}))
        os.replace(temporary, state_path)
    return rows
### END SOLUTION


etat_produits = sortie / "etat_produits.json"
etat_produits.unlink(missing_ok=True)
print(len(incremental_extract(engine, "products", etat_produits)), "lignes à la 1re exécution")
print(len(incremental_extract(engine, "products", etat_produits)), "lignes à la 2e exécution")
print(etat_produits.read_text())

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex05_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 5 : extraction complète puis incrémentale (borne inclusive), fichier d'état, liste blanche, lignes exactes."""
test_dir = sortie / "tests" / "ex05"
shutil.rmtree(test_dir, ignore_errors=True)
state = test_dir / "etat" / "commandes_demo.json"


def run_incremental(engine, table, state_path):
    """The learner's function, with a French message for the usual mistakes."""
    try:
        return incremental_extract(engine, table, state_path)
    except ValueError:
        raise AssertionError(
            f"Votre fonction refuse la table {table!r}, qui existe pourtant : vérifiez-la "
            "avec sa.inspect(engine).get_table_names()."
        ) from None
    except FileNotFoundError as exc:
        raise AssertionError(
            f"Fichier ou dossier introuvable ({exc.filename}) : sans fichier d'état, "
            "l'extraction est complète ; créez le dossier parent avant d'écrire l'état."
        ) from None
    except json.JSONDecodeError:
        raise AssertionError(
            'Le fichier d\'état doit contenir du JSON de la forme {"watermark": "..."}.'
        ) from None


with scratch_schema("ex05") as (admin, schema):
    with admin.begin() as conn:
        conn.execute(text(
            f"CREATE TABLE {schema}.commandes_demo AS SELECT order_id, status, updated_at "
            "FROM public.orders ORDER BY order_id LIMIT 40"
        ))
        conn.execute(text(f"ALTER TABLE {schema}.commandes_demo ADD PRIMARY KEY (order_id)"))
    reader = make_engine(schema=schema, pooled=False)
    try:
        first_run = run_incremental(reader, "commandes_demo", state)
        assert isinstance(first_run, pd.DataFrame), (
            "incremental_extract doit renvoyer un DataFrame pandas."
        )
        checks.assert_columns(first_run, ["order_id", "status", "updated_at"])
        assert len(first_run) == 40, (
            "Sans fichier d'état, la première extraction doit renvoyer toute la table."
        )
        assert state.exists(), "Le fichier d'état n'a pas été écrit (pensez au dossier parent)."
        try:
            saved = json.loads(state.read_text())
        except json.JSONDecodeError:
            saved = None
        assert isinstance(saved, dict) and "watermark" in saved, (
            'Le fichier d\'état doit contenir du JSON de la forme {"watermark": "..."}.'
        )
        table_max = pd.Timestamp(first_run["updated_at"].max())
        assert pd.Timestamp(saved["watermark"]) == table_max, (
            "Le filigrane enregistré doit être le plus grand updated_at des lignes lues, "
            "avec son fuseau horaire."
        )
        second_run = run_incremental(reader, "commandes_demo", state)
        assert 0 < len(second_run) < 40, (
            "Sans modification, la deuxième extraction ne doit renvoyer que les lignes de "
            "l'instant du filigrane (borne inclusive, >=), ni rien de plus, ni rien du tout."
        )
        ### BEGIN HIDDEN TESTS
        at_mark = first_run.loc[pd.to_datetime(first_run["updated_at"]) == table_max, "order_id"]
        assert set(second_run["order_id"]) == set(at_mark), (
            "La deuxième extraction doit renvoyer exactement les lignes de l'instant du filigrane."
        )
        with admin.begin() as conn:
            conn.execute(text(
                f"UPDATE {schema}.commandes_demo SET status = 'remboursée', updated_at = "
                f"(SELECT MAX(updated_at) FROM {schema}.commandes_demo) + interval '1 hour' "
                f"WHERE order_id IN (SELECT order_id FROM {schema}.commandes_demo "
                "ORDER BY order_id LIMIT 3)"
            ))
            conn.execute(text(
                f"INSERT INTO {schema}.commandes_demo "
                f"SELECT MAX(order_id) + 1, 'en_cours', MAX(updated_at) + interval '1 hour' "
                f"FROM {schema}.commandes_demo"
            ))
        expected_rows = pd.read_sql(
            text(f"SELECT * FROM {schema}.commandes_demo WHERE updated_at >= :w"),
            admin, params={"w": table_max},
        )
        third_run = run_incremental(reader, "commandes_demo", state)
        checks.assert_frame_matches(third_run, expected_rows,
                                    label="la troisième extraction (après des modifications de la table)")
        assert pd.to_datetime(third_run["updated_at"]).is_monotonic_increasing, (
            "Les lignes doivent être triées par updated_at croissant."
        )
        new_max = pd.Timestamp(expected_rows["updated_at"].max())
        assert pd.Timestamp(json.loads(state.read_text())["watermark"]) == new_max, (
            "Le filigrane n'a pas été mis à jour après la troisième extraction."
        )
        fourth_run = run_incremental(reader, "commandes_demo", state)
        assert set(fourth_run["order_id"]) == set(
            expected_rows.loc[pd.to_datetime(expected_rows["updated_at"]) == new_max, "order_id"]
        ), "La quatrième extraction doit renvoyer exactement les lignes de l'instant du filigrane."
        ### END HIDDEN TESTS
    finally:
        reader.dispose()
### BEGIN HIDDEN TESTS
try:
    incremental_extract(engine, "orders; DROP TABLE orders", test_dir / "x.json")
except ValueError:
    pass
else:
    raise AssertionError("Pour une table inconnue, levez une ValueError.")
marks = pd.read_sql(
    text("SELECT DISTINCT updated_at FROM orders ORDER BY 1 DESC LIMIT 25"), engine
)["updated_at"]
mark = pd.Timestamp(marks.iloc[-1])
real_state = test_dir / "orders.json"
real_state.write_text(json.dumps({"watermark": mark.isoformat()}))
got = run_incremental(engine, "orders", real_state)
want = pd.read_sql(text("SELECT * FROM orders WHERE NOT updated_at < :w"), engine, params={"w": mark})
checks.assert_frame_matches(got, want, label="l'extraction incrémentale de orders")
assert pd.Timestamp(json.loads(real_state.read_text())["watermark"]) == pd.Timestamp(marks.iloc[0]), (
    "Après l'extraction de orders, le filigrane enregistré doit être le plus grand updated_at lu."
)
unchanged = real_state.read_text()
empty_state = test_dir / "futur.json"
empty_state.write_text(json.dumps({"watermark": "2999-01-01T00:00:00+00:00"}))
assert len(run_incremental(engine, "orders", empty_state)) == 0, (
    "Avec un filigrane dans le futur, aucune ligne ne doit être renvoyée."
)
assert json.loads(empty_state.read_text()) == {"watermark": "2999-01-01T00:00:00+00:00"}, (
    "Sans ligne lue, le fichier d'état doit rester tel quel."
)
### END HIDDEN TESTS

# %% [markdown]
# ### Question 6 — Complète ou incrémentale ? (3 points, corrigée par votre formateur ou formatrice)
#
# Votre responsable hésite : « Pourquoi ne pas tout passer en incrémental sur
# `updated_at` ? C'est plus rapide. » Répondez **en 10 à 15 lignes**, dans la cellule
# ci-dessous :
#
# 1. Citez **au moins trois situations** où une extraction incrémentale fondée sur un
#    filigrane `updated_at` perd ou rate des changements. Pensez aux horloges, aux
#    suppressions, aux transactions longues, à la façon dont `updated_at` est renseigné.
# 2. Pour chacune, proposez une **parade** concrète.
# 3. Concluez par une **recommandation** pour Panier Vert : quelle stratégie
#    d'extraction, à quelle fréquence, avec quels contrôles ?
#
# *Double-cliquez sur la cellule ci-dessous pour écrire votre réponse.*

# %% [markdown] labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "risques_watermark", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# **Votre réponse :**
#
# ### BEGIN SOLUTION
# **Risques et parades.**
#
# - *Transactions longues et commits tardifs* : `updated_at` est fixé quand la ligne est
#   modifiée, mais la ligne n'est visible qu'au *commit*. Une transaction commencée avant
#   notre lecture et validée après porte un `updated_at` inférieur au filigrane : elle est
#   perdue. Parade : relire avec une **marge de recouvrement** (filigrane moins quelques
#   minutes, plus que la durée maximale d'une transaction) et dédoublonner sur la clé.
# - *Égalités de `updated_at`* : avec une borne stricte `>`, une ligne validée plus tard
#   au même instant que le filigrane est perdue. Parade : borne inclusive `>=` et
#   chargement idempotent (*upsert* par clé).
# - *Horloges* : si `updated_at` vient de l'horloge des serveurs d'application (plusieurs
#   machines, décalées) ou d'un fuseau mal géré (heure locale sans fuseau, changement
#   d'heure), des lignes arrivent « dans le passé ». Parade : faire renseigner
#   `updated_at` par la base (`now()` dans un trigger), stocker en `timestamptz`/UTC, et
#   garder la marge.
# - *Suppressions* : une ligne supprimée n'a plus de `updated_at` ; l'incrémental ne la
#   voit jamais et la copie analytique la garde. Parade : suppression logique
#   (`deleted_at`), capture des changements (CDC, réplication logique) ou extraction
#   complète de réconciliation.
# - *`updated_at` pas mis à jour* : une application ou un script de correction qui modifie
#   la ligne sans toucher `updated_at` (ou un `UPDATE` en masse). Parade : trigger en base,
#   contrôles de réconciliation (comptages et sommes par mois entre source et cible).
# - Enregistrer le filigrane **après** le dépôt réussi, de façon atomique, sinon un plantage
#   entre les deux perd un lot.
#
# **Recommandation.** Pour Panier Vert : incrémental chaque nuit sur `updated_at` avec
# `>=`, marge de recouvrement d'une heure et *upsert* par clé ; extraction complète de
# réconciliation chaque semaine (ou mensuelle par partition) pour rattraper suppressions et
# oublis ; contrôles automatiques après chaque exécution (nombre de lignes, sommes des
# montants par mois comparés à la source) avec alerte en cas d'écart. Les petites tables de
# référence (`stores`, `products`) peuvent rester en extraction complète.
# ### END SOLUTION

# %% [markdown]
# ---
# ## Partie 5 — Écrire en Parquet, partitionné par mois
#
# Les fichiers extraits alimentent la plateforme d'analyse. Le format **Parquet** s'y
# impose :
#
# - il est **typé** : les dates restent des dates (avec leur fuseau), les nombres des
#   nombres, contrairement au CSV ;
# - il est **en colonnes** et **compressé** : une analyse qui n'a besoin que de deux
#   colonnes ne lit que ces deux colonnes ;
# - on peut le **partitionner** : un dossier par valeur d'une colonne, au format « Hive »
#   `mois=2024-12/`. Une requête qui filtre sur le mois ne lit alors que le dossier utile
#   (on parle d'élagage de partitions, *partition pruning*).
#
# Avec pyarrow : on convertit le `DataFrame` en table Arrow, puis
# `pq.write_to_dataset(table, dossier, partition_cols=["mois"])` écrit un dossier par
# mois. Exemple avec les paiements :

# %%
paiements = pd.read_sql(text("SELECT * FROM payments"), engine)
paiements["mois"] = paiements["paid_at"].dt.strftime("%Y-%m")

dossier_paiements = sortie / "paiements_parquet"
shutil.rmtree(dossier_paiements, ignore_errors=True)  # start from an empty folder
pq.write_to_dataset(
    pa.Table.from_pandas(paiements, preserve_index=False),
    dossier_paiements,
    partition_cols=["mois"],
)
print(sorted(p.name for p in dossier_paiements.iterdir())[:3], "...")
print(sorted(p.name for p in (dossier_paiements / "mois=2024-12").iterdir()))

# %% [markdown]
# À la relecture, `pd.read_parquet(dossier)` reconstitue la colonne `mois` à partir des
# noms de dossiers (en type catégoriel). L'argument `filters` ne lit que les partitions
# qui correspondent :

# %%
decembre = pd.read_parquet(dossier_paiements, filters=[("mois", "==", "2024-12")])
print(len(decembre), "paiements en décembre 2024")
decembre.dtypes

# %% [markdown]
# Attention : `write_to_dataset` **ajoute** des fichiers (aux noms aléatoires) dans les
# dossiers existants. Relancé deux fois sur le même dossier, il double les données sans
# prévenir. Un programme d'extraction doit être **idempotent** : le relancer donne le même
# résultat. D'où le `shutil.rmtree` avant l'écriture (ou l'option
# `existing_data_behavior="delete_matching"`, qui vide chaque partition réécrite).
#
# ### Exercice 7 — L'export Parquet des commandes (2 points)
#
# Écrivez la fonction `export_orders_parquet(engine, dossier)` qui :
#
# - extrait **toutes les lignes et toutes les colonnes** de la table `orders` ;
# - ajoute la colonne `mois`, le mois de `ordered_at` (en UTC) sous forme de texte
#   `"AAAA-MM"` (par exemple `"2024-12"`) ;
# - écrit le tout en Parquet dans `dossier` (un `str` ou un `Path`), **partitionné par
#   `mois`** (sous-dossiers `mois=AAAA-MM`) ;
# - **remplace** tout contenu précédent de `dossier` : appelée deux fois, elle laisse
#   exactement les mêmes données (aucun doublon, aucun vieux fichier) ;
# - renvoie le nombre de lignes écrites (un `int`).

# %% nbgrader={"grade": false, "grade_id": "ex07_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def export_orders_parquet(engine, dossier):
    """Write orders to dossier as Parquet partitioned by mois (YYYY-MM of ordered_at, UTC)."""
    dossier = Path(dossier)
    orders = pd.read_sql(text("SELECT * FROM orders"), engine)
    orders["mois"] = orders["ordered_at"].dt.tz_convert("UTC").dt.strftime("%Y-%m")
    shutil.rmtree(dossier, ignore_errors=True)
    pq.write_to_dataset(
        pa.Table.from_pandas(orders, preserve_index=False), dossier, partition_cols=["mois"]
    )
    return len(orders)
### END SOLUTION


export_orders_parquet(engine, sortie / "commandes_parquet")

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex07_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 7 : nombre de lignes renvoyé, un dossier par mois, export idempotent, contenu relu exact."""
target = sortie / "tests" / "ex07" / "commandes"
shutil.rmtree(target.parent, ignore_errors=True)
stale = target / "mois=1999-01"
stale.mkdir(parents=True)
pq.write_table(pa.table({"order_id": [-1]}), stale / "vieux.parquet")
total = pd.read_sql(text("SELECT COUNT(*) AS n FROM orders"), engine)["n"].iloc[0]
written = export_orders_parquet(engine, target)
assert isinstance(written, int), "La fonction doit renvoyer le nombre de lignes écrites (int)."
assert written == total, "Le nombre renvoyé doit être le nombre de lignes de la table orders."
written_again = export_orders_parquet(engine, str(target))
folders = sorted(p.name for p in target.iterdir() if p.is_dir())
assert folders and all(re.fullmatch(r"mois=\d{4}-\d{2}", f) for f in folders), (
    "Le dossier doit contenir un sous-dossier par mois, nommé mois=AAAA-MM."
)
assert "mois=1999-01" not in folders, (
    "Un ancien contenu du dossier est resté : l'export doit remplacer le dossier."
)
back = pd.read_parquet(target)
assert len(back) == total, (
    "Relu, le jeu Parquet n'a pas autant de lignes que la table : deux exports "
    "successifs ont-ils ajouté des doublons ?"
)
### BEGIN HIDDEN TESTS
reference_07 = """
SELECT o.*, to_char(o.ordered_at AT TIME ZONE 'UTC', 'YYYY-MM') AS mois FROM orders o
"""
want = pd.read_sql(text(reference_07), engine)
assert folders == sorted(f"mois={m}" for m in want["mois"].unique()), (
    "Les sous-dossiers ne correspondent pas aux mois de ordered_at en UTC : vérifiez le "
    "fuseau et le format AAAA-MM de la colonne mois."
)
back["mois"] = back["mois"].astype(str)
checks.assert_frame_matches(back, want, label="le jeu Parquet relu")
one = pd.read_parquet(target / folders[0])
assert len(one) == int((want["mois"] == folders[0].split("=")[1]).sum()), (
    "Une partition ne contient pas exactement les commandes de son mois (UTC)."
)
### END HIDDEN TESTS

# %% [markdown]
# ### Exercice 8 — Relire un seul mois (1 point)
#
# Écrivez la fonction `read_month(dossier, mois)` qui renvoie, sous forme de `DataFrame`
# pandas, les lignes du mois `mois` (texte `"AAAA-MM"`) d'un jeu Parquet partitionné par
# `mois` comme ceux de cette partie, **avec toutes ses colonnes, `mois` comprise**.
#
# Elle ne doit **lire que la partition demandée** : le test abîme volontairement le
# fichier d'un autre mois, et votre fonction doit continuer à fonctionner.
#
# > **Indice** : l'argument `filters` de `pd.read_parquet`.

# %% nbgrader={"grade": false, "grade_id": "ex08_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def read_month(dossier, mois):
    """Rows of one month of a Parquet dataset partitioned by mois (only that folder is read)."""
    return pd.read_parquet(dossier, filters=[("mois", "==", mois)])
### END SOLUTION


read_month(dossier_paiements, "2024-06").head(apercu_lignes)

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex08_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Exercice 8 : lignes exactes d'un mois, colonne mois présente, les autres partitions ne sont pas lues."""
dataset = sortie / "tests" / "ex08" / "paiements"
shutil.rmtree(dataset.parent, ignore_errors=True)
payments = pd.read_sql(text("SELECT * FROM payments"), engine)
payments["mois"] = payments["paid_at"].dt.strftime("%Y-%m")
pq.write_to_dataset(
    pa.Table.from_pandas(payments, preserve_index=False), dataset, partition_cols=["mois"]
)
months = sorted(payments["mois"].unique())
for broken in (dataset / f"mois={months[-1]}").iterdir():
    broken.write_bytes(b"not a parquet file")
asked = months[len(months) // 2]
try:
    result = read_month(dataset, asked)
except NameError:
    raise
except Exception as exc:
    raise AssertionError(
        "Votre fonction a lu une autre partition que celle demandée (un fichier abîmé "
        f"d'un autre mois a provoqué : {type(exc).__name__}). Ne lisez que le mois demandé."
    ) from None
assert isinstance(result, pd.DataFrame), "read_month doit renvoyer un DataFrame pandas."
assert "mois" in result.columns, "Le résultat doit garder la colonne mois."
assert (result["mois"].astype(str) == asked).all(), "Toutes les lignes doivent être du mois demandé."
### BEGIN HIDDEN TESTS
want = payments[payments["mois"] == asked]
got = result.assign(mois=result["mois"].astype(str))
checks.assert_frame_matches(got, want, label=f"les paiements lus pour le mois {asked}")
other = months[1]
got = read_month(str(dataset), other)
checks.assert_frame_matches(got.assign(mois=got["mois"].astype(str)), payments[payments["mois"] == other],
                            label=f"les paiements lus pour le mois {other} (dossier donné en str)")
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Récapitulatif
#
# | besoin | outil | piège à éviter |
# |---|---|---|
# | se connecter | `sa.create_engine(url)`, `with engine.connect() as conn` | une extraction n'a pas à écrire : compte en lecture seule, réplica si possible |
# | lire en `DataFrame` | `pd.read_sql(text(...), engine, params=...)` | `timestamptz` revient en UTC ; un entier avec `NULL` devient `float` |
# | filtrer sur une valeur externe | paramètre lié `:nom` dans `text()` | jamais de f-string : injection SQL (`UNION`, `; DROP TABLE`) |
# | nom de table variable | liste blanche (`sa.inspect(engine).get_table_names()`) | un nom de table ne peut pas être un paramètre lié |
# | filtrer sur une période | `>= debut AND < fin` (semi-ouvert) | `BETWEEN` inclut la borne de fin et oublie la dernière journée |
# | grosse table | `stream_results=True` + `chunksize` ou `partitions(n)` | sans curseur côté serveur, tout le résultat arrive d'un coup |
# | ne relire que les changements | filigrane `updated_at >= :watermark`, fichier d'état atomique | suppressions, commits tardifs, horloges : marge et réconciliation |
# | livrer pour l'analyse | Parquet partitionné (`write_to_dataset`, `partition_cols`) | relancer sans vider le dossier double les données |
# | relire une partie | `pd.read_parquet(dossier, filters=[...])` | tout relire puis filtrer, c'est lire toutes les partitions |
#
# Pour la certification, la compétence **C8** demande d'automatiser l'extraction depuis
# plusieurs types de sources, dont une base de données ; **C9**, d'écrire des requêtes
# d'extraction. Ce lab couvre la base de données ; les labs voisins couvrent le service
# web, le scraping, les fichiers et le système big data.

# %% [markdown]
# ## Pour aller plus loin
#
# - **Tout ensemble** : écrivez `orders` en Parquet **par morceaux**, en combinant
#   `extract_in_chunks` et `pq.write_to_dataset` (un fichier par morceau et par mois,
#   option `basename_template`) : la mémoire reste bornée de bout en bout.
# - **Marge de recouvrement** : ajoutez à `incremental_extract` un paramètre
#   `marge=pd.Timedelta(minutes=10)` qui relit depuis `filigrane - marge`, et dédoublonnez
#   sur la clé à l'écriture.
# - **Pagination par clé** (*keyset*) : `WHERE order_id > :dernier ORDER BY order_id LIMIT
#   10000`, une alternative au curseur côté serveur qui n'exige pas de garder une
#   transaction ouverte ; comparez avec `OFFSET`, qui relit et jette les lignes précédentes.
# - **Plan d'exécution** : `EXPLAIN ANALYZE SELECT * FROM orders WHERE updated_at >= ...`
#   montre-t-il l'index sur `updated_at` ? Et pour une fenêtre qui couvre toute la table ?
# - **Documentation** : le guide SQLAlchemy sur les curseurs côté serveur
#   (<https://docs.sqlalchemy.org/en/20/core/connections.html#using-server-side-cursors-a-k-a-stream-results>),
#   la fiche OWASP sur l'injection SQL
#   (<https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html>)
#   et la documentation de pyarrow sur les jeux de données
#   (<https://arrow.apache.org/docs/python/dataset.html>).
