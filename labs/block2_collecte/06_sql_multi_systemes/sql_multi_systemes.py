# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Une question, deux moteurs : SQL sur PostgreSQL et sur DuckDB
#
# **Bloc BC02** — Collecter, stocker et mettre à disposition les données
#
# **Compétence évaluée : C9** — Réaliser des requêtes de type SQL d'extraction depuis un
# système de gestion de bases de données (SGBD) et depuis un système big data.
#
# | | |
# |---|---|
# | Durée indicative | 3 heures |
# | Barème | 17 points : 14 corrigés automatiquement (7 exercices), 3 corrigés par votre formateur ou formatrice (1 question ouverte) |
# | Outils | Python, PostgreSQL (SGBD transactionnel, via SQLAlchemy), DuckDB sur des fichiers Parquet (moteur analytique) |
#
# ## Comment travailler dans ce lab
#
# Ce notebook est à la fois **le cours et le lab** : chaque partie commence par une courte
# leçon avec des exemples à exécuter, puis vient un exercice.
#
# - Exécutez les cellules **dans l'ordre**, de haut en bas (`Maj + Entrée`).
# - Chaque exercice comporte une **cellule réponse**, qui contient
#   `raise NotImplementedError(...)` : remplacez cette ligne par votre réponse.
#   Ne renommez pas les variables et fonctions demandées (`requete_01_pg`,
#   `requete_01_duckdb`, `plan_texte`…) : le correcteur les utilise.
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
# Vous êtes ingénieur ou ingénieure data chez **Panier Vert**, une chaîne fictive
# d'épiceries bio françaises, avec des magasins dans plusieurs régions et une boutique en
# ligne (l'*e-shop*). Les ventes vivent dans la base **PostgreSQL** de l'e-shop, une base
# transactionnelle. L'équipe décisionnelle, elle, travaille sur une **copie analytique** des
# mêmes tables, exportée en fichiers **Parquet** et interrogée avec **DuckDB** (qui tient ici
# le rôle du moteur analytique, comme le ferait Spark SQL, BigQuery ou Snowflake sur un
# cluster).
#
# On vous demande de répondre aux **mêmes questions sur les deux systèmes**, et de les
# accorder au chiffre près : c'est la situation réelle d'une migration ou d'une double
# alimentation. Les deux moteurs parlent SQL… mais pas tout à fait le même.
#
# ### Les tables utilisées
#
# | table | une ligne = | colonnes utiles |
# |---|---|---|
# | `stores` | un magasin | `store_id` (clé), `store_code` (`PV001`…), `name`, `city`, `departement_code` |
# | `products` | un produit du catalogue | `product_id` (clé), `name`, `category` (le rayon), `subcategory`, `label` (label bio, peut être `NULL`), `unit_price_eur` |
# | `orders` | une commande | `order_id` (clé), `customer_id` (`NULL` sans carte de fidélité), `store_id` (`NULL` pour l'e-shop), `channel` (`magasin` ou `eshop`), `ordered_at`, `status` (`payée`, `livrée`, `annulée`, `remboursée`, `en_cours`) |
# | `order_lines` | une ligne de commande | `order_id` + `line_no` (clé), `product_id`, `quantity`, `unit_price_eur` (prix du jour de la commande), `discount_eur` (remise de la ligne, en euros) |
#
# Clés : `orders.store_id` → `stores.store_id`, `order_lines.order_id` → `orders.order_id`,
# `order_lines.product_id` → `products.product_id`.
#
# Les données sont **synthétiques** et couvrent 2023 et 2024. Leur volume dépend du
# paramètre `scale` : ne supposez jamais un nombre de lignes ou un identifiant précis.
#
# Deux particularités à garder en tête :
#
# - les heures des commandes sont des heures **locales de Paris**, mais elles sont stockées
#   dans des colonnes `timestamptz` d'un serveur réglé en UTC : PostgreSQL les affiche avec
#   le suffixe `+00`. Nous travaillons en UTC des deux côtés (la session PostgreSQL est
#   réglée en UTC, l'export Parquet contient des horodatages sans fuseau) : les mois
#   calculés dans les deux moteurs coïncident ;
# - le montant d'une ligne de commande est `quantity * unit_price_eur - discount_eur`
#   (la remise porte sur la ligne entière, pas sur l'unité).

# %% [markdown]
# ## Objectifs
#
# À la fin de ce lab, vous saurez :
#
# 1. interroger une même base depuis PostgreSQL (avec SQLAlchemy) et depuis DuckDB sur des
#    fichiers Parquet ;
# 2. repérer et contourner les différences de dialecte : dates (`to_char`, `strftime`,
#    `date_trunc`, `EXTRACT`), division entière, `ILIKE`, `FILTER (WHERE ...)`,
#    agrégation de chaînes, `QUALIFY`, tri des `NULL`, conversions de type ;
# 3. classer et lisser avec les fonctions de fenêtre (`RANK`, `LAG`, moyenne mobile) ;
# 4. lire un plan d'exécution PostgreSQL (`EXPLAIN`, `EXPLAIN ANALYZE`) ;
# 5. créer un index, **mesurer** son effet et vérifier qu'une requête l'utilise.
#
# ## Prérequis
#
# - Le lab `bc02_00_sql_nycflights` (SQL d'extraction, jointures, agrégations, fenêtres).
# - Savoir écrire une fonction Python et utiliser `with engine.connect() as conn:`
#   (lab `bc02_04_extraction_sgbd`).

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
repetitions_chrono = 20  # how many runs are timed when measuring an index

# %% [markdown]
# La cellule suivante, verrouillée :
#
# 1. démarre (si besoin) la base PostgreSQL du cours avec les données de Panier Vert et crée
#    `engine`, votre accès à la base (session en UTC) ;
# 2. **exporte** les quatre tables en Parquet dans `sortie/parquet/` et crée `con`, une
#    connexion DuckDB où chaque table est une vue sur son fichier Parquet : les **mêmes noms
#    de tables** dans les deux moteurs ;
# 3. crée votre **schéma de travail** `schema_travail` (un espace de tables jetable, propre
#    à votre noyau, supprimé en fin de lab), avec une copie **sans index** de `orders`,
#    nommée `orders_copie`, pour les expériences de la partie 5.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import os
import re
import time
import warnings
from pathlib import Path

import duckdb
import pandas as pd
import sqlalchemy as sa
from IPython.display import display
from sqlalchemy import text

from labkit import checks, services

warnings.filterwarnings("ignore", category=ResourceWarning)

# PostgreSQL: the e-shop database loaded with the data of (scale, seed), sessions in UTC.
url = services.ensure("postgres", scale=scale, seed=seed).url
engine = sa.create_engine(
    url,
    connect_args={
        "options": "-c timezone=UTC -c lock_timeout=10000",
        "application_name": "bc02_06",
    },
)

# The same engine for the graders: a query without parameters reaches the driver as is,
# so that the '%' of a LIKE pattern is not taken for a psycopg placeholder.
engine_sql = engine.execution_options(no_parameters=True)

# DuckDB: the same tables exported to Parquet (naive UTC timestamps, nullable integers kept).
sortie = Path(dossier_sortie)
dossier_parquet = sortie / "parquet"
dossier_parquet.mkdir(parents=True, exist_ok=True)
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
for table_name in ["stores", "products", "orders", "order_lines"]:
    with engine.connect() as conn:
        frame = pd.read_sql(
            text(f"SELECT * FROM {table_name}"), conn, dtype_backend="numpy_nullable"
        )
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.DatetimeTZDtype):
            frame[column] = frame[column].dt.tz_convert(None)
    parquet_file = dossier_parquet / f"{table_name}.parquet"
    frame.to_parquet(parquet_file, index=False)
    con.execute(
        f"CREATE OR REPLACE VIEW {table_name} AS "
        f"SELECT * FROM read_parquet('{parquet_file.as_posix()}')"
    )

# A throwaway schema for this kernel, with an index-free copy of orders.
schema_travail = f"scratch_{os.getpid()}"


def create_orders_copy(schema):
    """(Re)create `schema` holding orders_copie, a copy of orders without any index."""
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {schema}"))
        conn.execute(text(f"CREATE TABLE {schema}.orders_copie AS SELECT * FROM orders"))
        conn.execute(text(f"ANALYZE {schema}.orders_copie"))


def drop_schema(schema):
    """Drop `schema` and everything in it."""
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))


create_orders_copy(schema_travail)
sorted(p.name for p in dossier_parquet.iterdir())

# %% [markdown]
# ### Premier contact : la même requête dans les deux moteurs
#
# - Côté **PostgreSQL**, on passe par SQLAlchemy : `pd.read_sql(text(requete), conn)`
#   dans un bloc `with engine.connect() as conn:` ;
# - côté **DuckDB**, `con.sql(requete).df()`.
#
# Dans ce lab, vos réponses sont des requêtes écrites dans des chaînes Python ; le
# correcteur les exécute sur `engine` (PostgreSQL) ou sur `con` (DuckDB).

# %%
premiere = """
SELECT channel, COUNT(*) AS nb_commandes
FROM orders
GROUP BY channel
ORDER BY channel
"""
with engine.connect() as conn:
    display(pd.read_sql(text(premiere), conn))
con.sql(premiere).df()

# %% [markdown]
# ---
# ## Partie 1 — Les différences de dialecte
#
# Le noyau de SQL (`SELECT`, `JOIN`, `GROUP BY`, fenêtres) est commun. Les écarts se
# nichent dans les fonctions et dans quelques comportements par défaut :
#
# | besoin | PostgreSQL | DuckDB | Spark SQL (pour mémoire) |
# |---|---|---|---|
# | mois d'une date en texte | `to_char(d, 'YYYY-MM')` | `strftime(d, '%Y-%m')` | `date_format(d, 'yyyy-MM')` |
# | tronquer au mois | `date_trunc('month', d)` (un `timestamptz` reste `timestamptz`) | `date_trunc('month', d)` (renvoie un `DATE` pour un mois) | `date_trunc('MONTH', d)` |
# | extraire l'année | `EXTRACT(YEAR FROM d)` (type `numeric`) | `EXTRACT(YEAR FROM d)` ou `year(d)` (entier) | `year(d)`, `EXTRACT(YEAR FROM d)` |
# | division de deux entiers | `7 / 2` vaut **3** (division entière) | `7 / 2` vaut **3.5** ; `7 // 2` vaut 3 | `7 / 2` vaut 3.5 ; `7 div 2` vaut 3 |
# | recherche sans casse | `ILIKE` | `ILIKE` | `ILIKE` (Spark 3.3+) ou `lower(x) LIKE` |
# | agrégat filtré | `COUNT(*) FILTER (WHERE ...)` | idem | idem (Spark 3+) |
# | concaténer un groupe | `string_agg(x, ', ' ORDER BY x)` | `string_agg(x, ', ' ORDER BY x)`, ou `list(x)` (une liste) | `concat_ws(', ', array_sort(collect_list(x)))` |
# | filtrer sur une fenêtre | sous-requête ou CTE | `QUALIFY` | sous-requête (`QUALIFY` sur Databricks seulement) |
# | position des `NULL` au tri | derniers en `ASC`, **premiers** en `DESC` | **derniers** dans les deux sens | premiers en `ASC`, derniers en `DESC` |
# | conversion | `CAST(x AS type)` ou `x::type` | idem, plus `TRY_CAST` (donne `NULL` au lieu d'une erreur) | `CAST`, `try_cast` |
#
# La leçon à retenir : **écrivez explicitement ce qui compte**. `NULLS LAST`,
# `1.0 * a / b` ou `CAST(a AS double precision) / b`, une clé de départage dans chaque
# `ORDER BY` : une requête explicite donne le même résultat partout.
#
# Vérifiez vous-même deux de ces pièges :

# %%
pieges = """
SELECT 7 / 2 AS division,
       (SELECT x FROM (VALUES (1), (NULL), (3)) AS t(x) ORDER BY x DESC LIMIT 1)
           AS premier_en_tri_decroissant
"""
with engine.connect() as conn:
    display(pd.read_sql(text(pieges), conn))
con.sql(pieges).df()

# %% [markdown]
# PostgreSQL répond `3` et `NULL` ; DuckDB répond `3.5` et `3`. Même requête, deux
# résultats : aucun des deux moteurs n'a tort, ils appliquent des conventions différentes.
#
# ### Exercice 1 — Les annulations mois par mois (2 points)
#
# Le service client veut suivre, **pour chaque mois de 2024**, la part des commandes
# annulées, tous canaux confondus.
#
# Écrivez **deux requêtes** qui donnent le même tableau : `requete_01_pg` pour PostgreSQL
# et `requete_01_duckdb` pour DuckDB.
#
# - Commandes retenues : celles dont `ordered_at` tombe en 2024.
# - Colonnes, dans cet ordre :
#   - `mois` : le mois, en **texte** au format `AAAA-MM` (par exemple `2024-03`) ;
#   - `nb_commandes` : le nombre de commandes du mois (tous statuts) ;
#   - `nb_annulees` : le nombre de commandes du mois au statut `annulée` ;
#   - `part_annulees` : `nb_annulees / nb_commandes`, une proportion entre 0 et 1,
#     sans arrondi.
# - Tri : `mois` croissant.
#
# > **Indice** : la fonction de formatage des dates n'est pas la même dans les deux
# > moteurs (voir le tableau). Pour compter les annulations, `COUNT(*) FILTER (WHERE ...)`
# > marche des deux côtés. Et méfiez-vous de la division dans PostgreSQL.

# %% nbgrader={"grade": false, "grade_id": "ex01_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
requete_01_pg = """
SELECT to_char(ordered_at, 'YYYY-MM') AS mois,
       COUNT(*) AS nb_commandes,
       COUNT(*) FILTER (WHERE status = 'annulée') AS nb_annulees,
       COUNT(*) FILTER (WHERE status = 'annulée')::double precision / COUNT(*)
           AS part_annulees
FROM orders
WHERE EXTRACT(YEAR FROM ordered_at) = 2024
GROUP BY mois
ORDER BY mois
"""
requete_01_duckdb = """
SELECT strftime(ordered_at, '%Y-%m') AS mois,
       COUNT(*) AS nb_commandes,
       COUNT(*) FILTER (WHERE status = 'annulée') AS nb_annulees,
       COUNT(*) FILTER (WHERE status = 'annulée') / COUNT(*) AS part_annulees
FROM orders
WHERE year(ordered_at) = 2024
GROUP BY mois
ORDER BY mois
"""
### END SOLUTION
with engine.connect() as conn:
    display(pd.read_sql(text(requete_01_pg), conn).head(apercu_lignes))
con.sql(requete_01_duckdb).df().head(apercu_lignes)

# %% labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "ex01_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 1 : colonnes demandées, mois de 2024 en texte, proportions, lignes et ordre exacts dans les deux moteurs."""
colonnes_01 = ["mois", "nb_commandes", "nb_annulees", "part_annulees"]
for moteur_01, connexion_01, requete_01 in [
    ("version PostgreSQL", engine_sql, requete_01_pg),
    ("version DuckDB", con, requete_01_duckdb),
]:
    with checks.context(moteur_01):
        result_01 = checks.run_query(connexion_01, requete_01)
        checks.assert_columns(result_01, colonnes_01)
        assert result_01["mois"].astype(str).str.fullmatch(r"2024-\d{2}").all(), (
            "La colonne 'mois' doit être un texte 'AAAA-MM' d'un mois de 2024."
        )
        assert result_01["part_annulees"].between(0, 1).all(), (
            "'part_annulees' est une proportion entre 0 et 1."
        )
        assert (result_01["part_annulees"] > 0).any(), (
            "Toutes les proportions valent 0 : une division entière serait-elle passée par là ?"
        )
### BEGIN HIDDEN TESTS
expected_01_pg = """
SELECT to_char(date_trunc('month', ordered_at), 'YYYY-MM') AS mois,
       COUNT(*) AS nb_commandes,
       SUM(CASE WHEN status = 'annulée' THEN 1 ELSE 0 END) AS nb_annulees,
       AVG(CASE WHEN status = 'annulée' THEN 1.0 ELSE 0.0 END) AS part_annulees
FROM orders
WHERE ordered_at >= TIMESTAMPTZ '2024-01-01 00:00+00'
  AND ordered_at < TIMESTAMPTZ '2025-01-01 00:00+00'
GROUP BY 1
ORDER BY 1
"""
expected_01_duckdb = """
SELECT strftime(date_trunc('month', ordered_at), '%Y-%m') AS mois,
       COUNT(*) AS nb_commandes,
       SUM(CASE WHEN status = 'annulée' THEN 1 ELSE 0 END) AS nb_annulees,
       AVG(CASE WHEN status = 'annulée' THEN 1.0 ELSE 0.0 END) AS part_annulees
FROM orders
WHERE ordered_at >= TIMESTAMP '2024-01-01' AND ordered_at < TIMESTAMP '2025-01-01'
GROUP BY 1
ORDER BY 1
"""
with checks.context("version PostgreSQL"):
    checks.assert_query_matches(engine_sql, requete_01_pg, expected_01_pg, ordered=True)
with checks.context("version DuckDB"):
    checks.assert_query_matches(con, requete_01_duckdb, expected_01_duckdb, ordered=True)
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 2 — Chercher du texte et concaténer un groupe
#
# - `LIKE` distingue les majuscules des minuscules : `name LIKE '%pomme%'` ne trouve pas
#   « Pommes Gala ». `ILIKE` (*insensitive LIKE*) ignore la casse. `ILIKE` n'est pas dans
#   le standard SQL : ailleurs, on écrit `lower(name) LIKE '%pomme%'`.
# - `string_agg(expression, séparateur ORDER BY ...)` concatène les valeurs d'un groupe
#   en une seule chaîne ; `DISTINCT` élimine les doublons. DuckDB propose aussi `list(x)`,
#   qui renvoie une **liste** (un type que PostgreSQL appelle tableau, `array_agg`) :
#   pratique en analyse, mais ce n'est pas une chaîne.
#
# Exemple : les sous-rayons de chaque rayon, dans les deux moteurs.

# %%
exemple_02 = """
SELECT category,
       string_agg(DISTINCT subcategory, ' / ' ORDER BY subcategory) AS sous_rayons
FROM products
GROUP BY category
ORDER BY category
"""
with engine.connect() as conn:
    display(pd.read_sql(text(exemple_02), conn).head(3))
con.sql("SELECT category, list(DISTINCT subcategory) AS sous_rayons FROM products "
        "GROUP BY category ORDER BY category").df().head(3)

# %% [markdown]
# ### Exercice 2 — Tout ce qui parle de pommes (2 points)
#
# Le rayon fruits prépare une semaine de la pomme. On veut savoir, **par rayon**, quels
# produits contiennent « pomme » dans leur nom, **quelle que soit la casse** (« Pommes
# Gala », « Jus de pomme » et « Chausson aux pommes » comptent tous).
#
# Écrivez `requete_02_pg` (PostgreSQL) et `requete_02_duckdb` (DuckDB) :
#
# - une ligne par rayon (`category`) ayant au moins un produit concerné ;
# - colonnes, dans cet ordre :
#   - `category` ;
#   - `nb_produits` : le nombre de produits concernés du rayon (des produits différents
#     peuvent porter le même nom : comptez les produits, pas les noms) ;
#   - `noms` : les noms **distincts** de ces produits, triés par ordre alphabétique
#     croissant et séparés par une virgule suivie d'une espace (`', '`), en une seule
#     chaîne de caractères ;
# - tri : `category` croissant.
#
# > **Indice** : `ILIKE` et `string_agg(DISTINCT ...)` existent dans les deux moteurs ;
# > l'ordre de tri des chaînes se précise **à l'intérieur** de l'appel.

# %% nbgrader={"grade": false, "grade_id": "ex02_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
requete_02_pg = """
SELECT category,
       COUNT(*) AS nb_produits,
       string_agg(DISTINCT name, ', ' ORDER BY name) AS noms
FROM products
WHERE name ILIKE '%pomme%'
GROUP BY category
ORDER BY category
"""
requete_02_duckdb = requete_02_pg
### END SOLUTION
con.sql(requete_02_duckdb).df().head(apercu_lignes)

# %% labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "ex02_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 2 : colonnes demandées, noms contenant « pomme » sans tenir compte de la casse, listes exactes dans les deux moteurs."""
for moteur_02, connexion_02, requete_02 in [
    ("version PostgreSQL", engine_sql, requete_02_pg),
    ("version DuckDB", con, requete_02_duckdb),
]:
    with checks.context(moteur_02):
        result_02 = checks.run_query(connexion_02, requete_02)
        checks.assert_columns(result_02, ["category", "nb_produits", "noms"])
        assert result_02["noms"].map(lambda v: isinstance(v, str)).all(), (
            "La colonne 'noms' doit contenir une chaîne de caractères (pas une liste) : "
            "pensez à string_agg."
        )
        assert result_02["noms"].str.lower().str.contains("pomme").all(), (
            "Chaque ligne doit citer au moins un nom contenant « pomme »."
        )
        assert result_02["category"].is_unique, "Une seule ligne par rayon, s'il vous plaît."
### BEGIN HIDDEN TESTS
expected_02_pg = """
SELECT p.category,
       COUNT(*) AS nb_produits,
       (SELECT string_agg(n, ', ' ORDER BY n) FROM (
            SELECT DISTINCT q.name AS n FROM products AS q
            WHERE q.category = p.category AND lower(q.name) LIKE '%pomme%') AS s) AS noms
FROM products AS p
WHERE lower(p.name) LIKE '%pomme%'
GROUP BY p.category
ORDER BY p.category
"""
expected_02_duckdb = """
SELECT category,
       COUNT(*) AS nb_produits,
       array_to_string(list_sort(list_distinct(list(name))), ', ') AS noms
FROM products
WHERE lower(name) LIKE '%pomme%'
GROUP BY category
ORDER BY category
"""
n_pomme_02 = checks.run_query(
    con, "SELECT COUNT(*) AS n FROM products WHERE lower(name) LIKE '%pomme%'"
)["n"].iloc[0]
for moteur_02, connexion_02, requete_02 in [
    ("version PostgreSQL", engine_sql, requete_02_pg),
    ("version DuckDB", con, requete_02_duckdb),
]:
    with checks.context(moteur_02):
        total_02 = checks.run_query(connexion_02, requete_02)["nb_produits"].sum()
        assert total_02 == n_pomme_02, (
            f"Vos lignes comptent {total_02} produits en tout, ce n'est pas le nombre de produits "
            "dont le nom contient « pomme » : la recherche doit ignorer la casse (« Pommes », "
            "« pomme »…) et compter chaque produit une fois."
        )
with checks.context("version PostgreSQL"):
    checks.assert_query_matches(engine_sql, requete_02_pg, expected_02_pg, ordered=True)
with checks.context("version DuckDB"):
    checks.assert_query_matches(con, requete_02_duckdb, expected_02_duckdb, ordered=True)
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 3 — Fonctions de fenêtre : classer, comparer, lisser
#
# Une fonction de fenêtre calcule une valeur **pour chaque ligne** à partir d'un ensemble
# de lignes voisines, sans les regrouper :
#
# ```sql
# RANK() OVER (PARTITION BY store_id ORDER BY ca DESC)          -- rang dans chaque magasin
# LAG(ca) OVER (ORDER BY mois)                                   -- valeur de la ligne précédente
# AVG(ca) OVER (ORDER BY mois ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)  -- moyenne mobile
# ```
#
# Une fonction de fenêtre ne peut pas figurer dans le `WHERE` (il est évalué avant elle).
# Pour garder « les 3 premiers de chaque groupe » :
#
# - en **PostgreSQL** (et en SQL standard), on calcule le rang dans une CTE ou une
#   sous-requête, puis on filtre dessus ;
# - en **DuckDB**, la clause `QUALIFY` filtre directement sur la fenêtre, comme `HAVING`
#   filtre sur un agrégat : `... QUALIFY rang <= 3`.
#
# Exemple : le produit le plus cher de chaque rayon, en DuckDB avec `QUALIFY`.

# %%
con.sql("""
SELECT category, name, unit_price_eur,
       RANK() OVER (PARTITION BY category ORDER BY unit_price_eur DESC) AS rang
FROM products
QUALIFY rang = 1
ORDER BY category, name
""").df().head(apercu_lignes)

# %% [markdown]
# ### Exercice 3 — Les trois meilleurs produits de chaque magasin (3 points)
#
# Pour chaque **magasin physique**, la direction veut les trois produits qui rapportent le
# plus.
#
# - Commandes retenues : celles passées en magasin (`store_id` renseigné) au statut
#   `payée` ou `livrée`.
# - Chiffre d'affaires d'un produit dans un magasin : la somme, sur ses lignes de commande,
#   de `quantity * unit_price_eur - discount_eur`.
# - Colonnes, dans cet ordre : `store_id`, `product_id`, `ca` (sans arrondi), `rang`
#   (`RANK()` du produit dans son magasin, par `ca` décroissant : en cas d'égalité, deux
#   produits ont le même rang).
# - Lignes : celles dont `rang <= 3`.
# - Tri : `store_id`, puis `rang`, puis `product_id` croissants.
#
# Écrivez `requete_03_pg` pour PostgreSQL (avec une CTE ou une sous-requête) et
# `requete_03_duckdb` pour DuckDB, **avec `QUALIFY`** (le test le vérifie).

# %% nbgrader={"grade": false, "grade_id": "ex03_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
requete_03_pg = """
WITH ventes AS (
    SELECT o.store_id,
           l.product_id,
           SUM(l.quantity * l.unit_price_eur - l.discount_eur) AS ca
    FROM orders AS o
    JOIN order_lines AS l ON l.order_id = o.order_id
    WHERE o.store_id IS NOT NULL AND o.status IN ('payée', 'livrée')
    GROUP BY o.store_id, l.product_id
),
classement AS (
    SELECT store_id, product_id, ca,
           RANK() OVER (PARTITION BY store_id ORDER BY ca DESC) AS rang
    FROM ventes
)
SELECT store_id, product_id, ca, rang
FROM classement
WHERE rang <= 3
ORDER BY store_id, rang, product_id
"""
requete_03_duckdb = """
SELECT o.store_id,
       l.product_id,
       SUM(l.quantity * l.unit_price_eur - l.discount_eur) AS ca,
       RANK() OVER (PARTITION BY o.store_id ORDER BY ca DESC) AS rang
FROM orders AS o
JOIN order_lines AS l ON l.order_id = o.order_id
WHERE o.store_id IS NOT NULL AND o.status IN ('payée', 'livrée')
GROUP BY o.store_id, l.product_id
QUALIFY rang <= 3
ORDER BY o.store_id, rang, l.product_id
"""
### END SOLUTION
con.sql(requete_03_duckdb).df().head(apercu_lignes)

# %% labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "ex03_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 3 : colonnes demandées, rangs de 1 à 3 par magasin, QUALIFY côté DuckDB, lignes et ordre exacts dans les deux moteurs."""
assert "qualify" in requete_03_duckdb.lower(), (
    "La version DuckDB doit filtrer le classement avec QUALIFY."
)
for moteur_03, connexion_03, requete_03 in [
    ("version PostgreSQL", engine_sql, requete_03_pg),
    ("version DuckDB", con, requete_03_duckdb),
]:
    with checks.context(moteur_03):
        result_03 = checks.run_query(connexion_03, requete_03)
        checks.assert_columns(result_03, ["store_id", "product_id", "ca", "rang"])
        assert result_03["store_id"].notna().all(), (
            "Seuls les magasins physiques sont attendus : pas de store_id NULL."
        )
        assert result_03["rang"].between(1, 3).all(), "Seuls les rangs 1 à 3 sont attendus."
        assert (result_03.groupby("store_id")["rang"].min() == 1).all(), (
            "Chaque magasin doit avoir un produit de rang 1 : le rang se calcule par magasin "
            "(PARTITION BY)."
        )
### BEGIN HIDDEN TESTS
expected_03 = """
SELECT store_id, product_id, ca, rang
FROM (
    SELECT v.*, RANK() OVER w AS rang
    FROM (
        SELECT o.store_id, l.product_id,
               SUM(l.quantity * l.unit_price_eur - l.discount_eur) AS ca
        FROM order_lines AS l JOIN orders AS o USING (order_id)
        WHERE o.status IN ('livrée', 'payée') AND o.channel = 'magasin'
          AND o.store_id IS NOT NULL
        GROUP BY 1, 2
    ) AS v
    WINDOW w AS (PARTITION BY v.store_id ORDER BY v.ca DESC)
) AS ranked
WHERE rang < 4
ORDER BY 1, 4, 2
"""
with checks.context("version PostgreSQL"):
    checks.assert_query_matches(engine_sql, requete_03_pg, expected_03, ordered=True)
with checks.context("version DuckDB"):
    checks.assert_query_matches(con, requete_03_duckdb, expected_03, ordered=True)
### END HIDDEN TESTS

# %% [markdown]
# ### Exercice 4 — Le chiffre d'affaires de l'e-shop, lissé (2 points)
#
# Le responsable de l'e-shop veut une courbe mensuelle lisible : le chiffre d'affaires du
# mois, celui du mois précédent et une **moyenne mobile sur trois mois**.
#
# - Commandes retenues : canal `eshop`, statut `livrée`.
# - Une ligne par mois ayant au moins une commande retenue.
# - Colonnes, dans cet ordre :
#   - `mois` : le mois de `ordered_at`, en texte `AAAA-MM` ;
#   - `ca` : la somme de `quantity * unit_price_eur - discount_eur` des lignes de ces
#     commandes, sans arrondi ;
#   - `ca_mois_precedent` : le `ca` de la ligne précédente (`NULL` pour le premier mois) ;
#   - `moyenne_mobile_3` : la moyenne de `ca` sur la ligne courante et les **deux lignes
#     précédentes** (sur les deux premières lignes, la moyenne des lignes disponibles).
# - Tri : `mois` croissant.
#
# Écrivez `requete_04_pg` (PostgreSQL) et `requete_04_duckdb` (DuckDB).
#
# > **Indice** : `LAG` et `AVG(...) OVER (...)` s'écrivent de la même façon dans les deux
# > moteurs. Écrivez le **cadre** de la fenêtre : sans lui, `AVG ... OVER (ORDER BY mois)`
# > calcule une moyenne cumulée depuis le début.

# %% nbgrader={"grade": false, "grade_id": "ex04_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
requete_04_pg = """
WITH mensuel AS (
    SELECT to_char(o.ordered_at, 'YYYY-MM') AS mois,
           SUM(l.quantity * l.unit_price_eur - l.discount_eur) AS ca
    FROM orders AS o
    JOIN order_lines AS l ON l.order_id = o.order_id
    WHERE o.channel = 'eshop' AND o.status = 'livrée'
    GROUP BY mois
)
SELECT mois, ca,
       LAG(ca) OVER (ORDER BY mois) AS ca_mois_precedent,
       AVG(ca) OVER (ORDER BY mois ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)
           AS moyenne_mobile_3
FROM mensuel
ORDER BY mois
"""
requete_04_duckdb = requete_04_pg.replace(
    "to_char(o.ordered_at, 'YYYY-MM')", "strftime(o.ordered_at, '%Y-%m')"
)
### END SOLUTION
con.sql(requete_04_duckdb).df().head(apercu_lignes)

# %% labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "ex04_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 4 : colonnes demandées, LAG et moyenne mobile sur trois lignes, valeurs et ordre exacts dans les deux moteurs."""
for moteur_04, connexion_04, requete_04 in [
    ("version PostgreSQL", engine_sql, requete_04_pg),
    ("version DuckDB", con, requete_04_duckdb),
]:
    with checks.context(moteur_04):
        result_04 = checks.run_query(connexion_04, requete_04)
        checks.assert_columns(
            result_04, ["mois", "ca", "ca_mois_precedent", "moyenne_mobile_3"]
        )
        assert result_04["mois"].is_monotonic_increasing and result_04["mois"].is_unique, (
            "Une ligne par mois, triées par mois croissant."
        )
        assert pd.isna(result_04["ca_mois_precedent"].iloc[0]), (
            "Le premier mois n'a pas de mois précédent : 'ca_mois_precedent' doit y valoir NULL."
        )
        assert abs(result_04["moyenne_mobile_3"].iloc[0] - result_04["ca"].iloc[0]) < 1e-6, (
            "Sur le premier mois, la moyenne mobile ne porte que sur ce mois : elle vaut 'ca'."
        )
        if len(result_04) >= 4:
            ca_04 = result_04["ca"].astype(float)
            trois_mois_04 = ca_04.iloc[1:4].mean()
            assert abs(float(result_04["moyenne_mobile_3"].iloc[3]) - trois_mois_04) < 1e-6 * max(1.0, abs(trois_mois_04)), (
                "Au quatrième mois, 'moyenne_mobile_3' n'est pas la moyenne des 'ca' de ce mois et "
                "des deux précédents : précisez le cadre de la fenêtre (sans lui, la moyenne est "
                "cumulée depuis le premier mois)."
            )
### BEGIN HIDDEN TESTS
expected_04_pg = """
WITH m AS (
    SELECT to_char(date_trunc('month', o.ordered_at), 'YYYY-MM') AS mois,
           SUM(l.quantity * l.unit_price_eur) - SUM(l.discount_eur) AS ca
    FROM order_lines AS l JOIN orders AS o USING (order_id)
    WHERE o.channel = 'eshop' AND o.status = 'livrée'
    GROUP BY 1
), n AS (SELECT mois, ca, ROW_NUMBER() OVER (ORDER BY mois) AS i FROM m)
SELECT a.mois, a.ca,
       (SELECT b.ca FROM n AS b WHERE b.i = a.i - 1) AS ca_mois_precedent,
       (SELECT AVG(b.ca) FROM n AS b WHERE b.i BETWEEN a.i - 2 AND a.i) AS moyenne_mobile_3
FROM n AS a
ORDER BY a.mois
"""
expected_04_duckdb = expected_04_pg.replace(
    "to_char(date_trunc('month', o.ordered_at), 'YYYY-MM')",
    "strftime(date_trunc('month', o.ordered_at), '%Y-%m')",
)
with checks.context("version PostgreSQL"):
    checks.assert_query_matches(engine_sql, requete_04_pg, expected_04_pg, ordered=True)
with checks.context("version DuckDB"):
    checks.assert_query_matches(con, requete_04_duckdb, expected_04_duckdb, ordered=True)
### END HIDDEN TESTS

# %% [markdown]
# Les deux moteurs donnent les mêmes montants, aux arrondis de calcul près : PostgreSQL
# calcule en `numeric` (décimal exact), DuckDB en `DOUBLE` (virgule flottante) car l'export
# Parquet a converti les montants. Pour des montants financiers, gardez un type décimal
# de bout en bout (`DECIMAL(12, 2)` en Parquet).

# %% [markdown]
# ---
# ## Partie 4 — Lire un plan d'exécution PostgreSQL
#
# `EXPLAIN requête` affiche le **plan** choisi par l'optimiseur de PostgreSQL, sans
# exécuter la requête ; `EXPLAIN ANALYZE requête` l'**exécute** et ajoute, pour chaque
# nœud, le temps réel (`actual time=début..fin`, en millisecondes) et le nombre de lignes
# réellement produites (`rows=`). Attention : `EXPLAIN ANALYZE` d'un `UPDATE` ou d'un
# `DELETE` modifie vraiment les données.
#
# Le plan est un arbre **à lire de bas en haut** (les lignes les plus indentées sont
# exécutées en premier). Nœuds courants :
#
# - `Seq Scan` : lecture de toute la table, bloc après bloc ;
# - `Index Scan using idx on t` : descente dans l'index `idx`, puis lecture des lignes
#   trouvées ; `Index Only Scan` : l'index suffit, la table n'est pas lue ;
# - `Bitmap Index Scan on idx` puis `Bitmap Heap Scan on t` : l'index donne la liste des
#   blocs à lire, lus ensuite dans l'ordre du disque (choisi quand il y a « un peu » de
#   lignes) ;
# - `Hash Join`, `Nested Loop`, `Merge Join` : les trois algorithmes de jointure ;
# - `HashAggregate`, `GroupAggregate` : agrégation ; `Sort` : tri.
#
# Chaque nœud affiche `cost=démarrage..total` (une unité arbitraire, estimée) et
# `rows=` (le nombre de lignes **estimé**).
#
# En Python, `EXPLAIN` renvoie une ligne de résultat par ligne de texte du plan :

# %%
with engine.connect() as conn:
    lignes_plan = conn.execute(text("EXPLAIN SELECT * FROM orders WHERE status = 'annulée'")).all()
lignes_plan[:3]

# %% [markdown]
# ### Exercice 5 — Récupérer le plan en texte (1 point)
#
# Écrivez la fonction `plan_texte(engine, requete)` qui :
#
# - exécute `EXPLAIN` suivi de `requete` sur la base de `engine` (sans `ANALYZE` : la
#   requête ne doit pas être exécutée) ;
# - renvoie le plan sous la forme d'**une seule chaîne** (`str`) : les lignes du plan,
#   dans l'ordre, séparées par un retour à la ligne (`"\n"`), sans retour à la ligne final.
#
# > **Indice** : `conn.execute(text(...)).all()` renvoie une liste de lignes ; chaque ligne
# > est un tuple à une colonne. `"\n".join(...)` assemble une liste de chaînes.

# %% nbgrader={"grade": false, "grade_id": "ex05_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def plan_texte(engine, requete):
    """EXPLAIN `requete` on `engine` and return the plan as one string."""
    with engine.connect() as conn:
        rows = conn.execute(text("EXPLAIN " + requete)).all()
    return "\n".join(row[0] for row in rows)


### END SOLUTION
print(plan_texte(engine, "SELECT * FROM orders WHERE status = 'annulée'"))

# %% labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "ex05_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Exercice 5 : une chaîne, plusieurs lignes, le plan prévu (sans exécution) et complet."""
requete_05 = "SELECT channel, COUNT(*) AS n FROM orders GROUP BY channel"
plan_05 = checks.learner_call("plan_texte(engine, requete)", plan_texte, engine, requete_05)
assert isinstance(plan_05, str), (
    f"plan_texte doit renvoyer une chaîne (str), pas un objet de type {type(plan_05).__name__}."
)
assert "Seq Scan on orders" in plan_05 and "\n" in plan_05, (
    "Le plan renvoyé ne contient pas la lecture de la table orders : renvoyez-vous bien "
    "toutes les lignes du plan ?"
)
assert "actual time" not in plan_05, (
    "Le plan contient des mesures réelles : utilisez EXPLAIN, sans ANALYZE."
)
### BEGIN HIDDEN TESTS
with engine.connect() as conn_05:
    expected_05 = "\n".join(
        r[0] for r in conn_05.execute(text("EXPLAIN (FORMAT TEXT) " + requete_05))
    )
assert plan_05 == expected_05, (
    "Le texte renvoyé diffère du plan : une ligne par ligne du plan, dans l'ordre, "
    "séparées par '\\n', sans espace ni retour à la ligne en trop."
)
requete_05b = (
    "SELECT o.order_id FROM orders AS o JOIN order_lines AS l ON l.order_id = o.order_id"
)
plan_05b = checks.learner_call("plan_texte(engine, requete)", plan_texte, engine, requete_05b)
with engine.connect() as conn_05:
    expected_05b = "\n".join(
        r[0] for r in conn_05.execute(text("EXPLAIN (FORMAT TEXT) " + requete_05b))
    )
assert plan_05b == expected_05b, "Le plan d'une jointure n'est pas renvoyé en entier."
### END HIDDEN TESTS

# %% [markdown]
# ### Question ouverte — Que coûte cette requête ? (3 points, corrigée par votre formateur ou formatrice)
#
# La cellule suivante affiche le plan **mesuré** (`EXPLAIN ANALYZE`) d'une requête qui
# calcule le chiffre d'affaires 2024 de chaque magasin. L'option `BUFFERS` ajoute le nombre
# de blocs de 8 Ko lus (`shared hit` : déjà en mémoire ; `read` : lus sur le disque).

# %%
requete_q6 = """
SELECT o.store_id,
       SUM(l.quantity * l.unit_price_eur - l.discount_eur) AS ca
FROM orders AS o
JOIN order_lines AS l ON l.order_id = o.order_id
WHERE o.ordered_at >= TIMESTAMPTZ '2024-01-01 00:00+00'
  AND o.status IN ('payée', 'livrée')
GROUP BY o.store_id
ORDER BY ca DESC
"""
with engine.connect() as conn:
    plan_q6 = conn.execute(text("EXPLAIN (ANALYZE, BUFFERS) " + requete_q6)).all()
print("\n".join(row[0] for row in plan_q6))

# %% [markdown]
# Répondez **en quelques phrases** dans la cellule ci-dessous :
#
# 1. Quel nœud (ou quels nœuds) représente l'essentiel du temps ? Citez les chiffres du
#    plan (temps, lignes) sur lesquels vous vous appuyez.
# 2. Quelle part des commandes le filtre sur `orders` garde-t-il (comparez les lignes
#    gardées et `Rows Removed by Filter`) ?
# 3. Un index sur `orders (ordered_at)` accélérerait-il cette requête ? Et pour quelle
#    sorte de requête un tel index serait-il utile ? Justifiez.
#
# > **Indice** : le temps d'un nœud inclut celui de ses enfants ; pour savoir ce que coûte
# > un nœud lui-même, retranchez le temps de ses enfants. Un index sert à **ne pas lire**
# > une grande partie de la table.
# > Si le plan contient `Gather` ou des nœuds `Parallel ...`, PostgreSQL a réparti le
# > travail sur plusieurs processus : `loops=3` signale que `rows` et `actual time` sont
# > des moyennes par processus.
#
# *Double-cliquez sur la cellule ci-dessous pour écrire votre réponse.*

# %% [markdown] labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "explain_analyze_pg", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# **Votre réponse :**
#
# ### BEGIN SOLUTION
# Le nœud racine (`Sort`) affiche le temps total, environ 7,6 ms à l'échelle 0,05 ; il
# faut retrancher le temps des enfants pour voir ce que coûte chaque nœud lui-même.
# Deux postes dominent. D'abord la jointure (`Hash Join`, fini à 4,7 ms) : elle lit
# **toutes** les 23 381 lignes de `order_lines` (`Seq Scan`, 1,2 ms), construit une table
# de hachage sur les 4 610 commandes retenues (`Hash`, 1,1 ms) et y cherche chaque ligne
# de commande ; il en sort 14 350 lignes (environ 2,5 ms pour la jointure elle-même).
# Ensuite l'agrégation (`HashAggregate`, de 4,7 à 7,6 ms, soit environ 2,9 ms à elle
# seule) : elle calcule `quantity * unit_price_eur - discount_eur` en `numeric` (décimal
# exact, plus lent que des flottants) pour chacune des 14 350 lignes, puis les somme en
# 10 groupes (les magasins et l'e-shop, `store_id` NULL). Le tri final ne porte que sur ces
# 10 lignes : il ne coûte rien.
#
# Le filtre sur `orders` garde environ 60 % des commandes (4 610 gardées, 2 890 écartées
# par `Rows Removed by Filter`) : les commandes de 2024 payées ou livrées.
#
# Un index sur `orders (ordered_at)` n'aiderait pas : la requête a besoin de 60 %
# des commandes et de presque toutes les lignes de commande ; lire la table en entier,
# bloc après bloc, coûte moins que des milliers d'accès aléatoires par l'index.
# L'optimiseur continuerait d'ailleurs à choisir le `Seq Scan`. Un tel index est utile
# pour une requête **sélective**, qui ne garde qu'une petite fraction des lignes (les
# commandes d'une journée, ou l'extraction incrémentale des lignes modifiées depuis hier).
# ### END SOLUTION

# %% [markdown]
# ---
# ## Partie 5 — Les index, et leur effet mesuré
#
# Un **index** (par défaut un arbre B, *B-tree*) est une structure triée, à part de la
# table, qui mène d'une valeur de colonne aux lignes qui la portent. Il accélère une
# requête **sélective** (peu de lignes parmi beaucoup), il ne sert à rien quand on lit
# presque toute la table, et il a un coût : de la place sur le disque, et chaque
# `INSERT`/`UPDATE` doit aussi le mettre à jour.
#
# ```sql
# CREATE INDEX IF NOT EXISTS nom_index ON schema.table (colonne);
# ANALYZE schema.table;   -- rafraîchit les statistiques de l'optimiseur
# ```
#
# Dans votre schéma de travail, `orders_copie` est une copie de `orders` **sans aucun
# index**. La requête suivante cherche les commandes d'un client, une question typique du
# service client : quelques lignes parmi toutes les commandes.

# %%
requete_selective = f"""
SELECT order_id, ordered_at, status
FROM {schema_travail}.orders_copie
WHERE customer_id = 42
"""


def mesurer(requete, repetitions=repetitions_chrono):
    """Median wall-clock time of `requete` in milliseconds (printed, never graded)."""
    durees = []
    with engine.connect() as conn:
        for _ in range(repetitions):
            debut = time.perf_counter()
            conn.execute(text(requete)).all()
            durees.append((time.perf_counter() - debut) * 1000)
    return sorted(durees)[len(durees) // 2]


with engine.connect() as conn:
    plan_avant = conn.execute(text("EXPLAIN ANALYZE " + requete_selective)).all()
print("\n".join(row[0] for row in plan_avant))
duree_avant = mesurer(requete_selective)
print(f"\nSans index : {duree_avant:.2f} ms (médiane de {repetitions_chrono} exécutions)")

# %% [markdown]
# Sans index, PostgreSQL n'a pas le choix : `Seq Scan`, et un `Rows Removed by Filter`
# qui montre toutes les lignes lues pour rien.
#
# ### Exercice 6 — Créer l'index qui convient (2 points)
#
# Écrivez la fonction `create_index_for(engine, schema)` qui :
#
# - crée, dans le schéma `schema`, un index nommé `idx_orders_copie_customer` sur la
#   table `orders_copie`, sur la colonne qui rend `requete_selective` rapide ;
# - ne lève pas d'erreur si on l'appelle une deuxième fois (l'index existe déjà) ;
# - met à jour les statistiques de la table (`ANALYZE`) ;
# - **valide** la transaction (sinon l'index disparaît à la fermeture de la connexion) ;
# - renvoie le nom de l'index (une chaîne).
#
# > **Indice** : `with engine.begin() as conn:` ouvre une transaction validée à la sortie
# > du bloc. Le nom d'une table d'un autre schéma s'écrit `schema.table` ; le nom de l'index,
# > lui, s'écrit sans schéma (un index est toujours créé dans le schéma de sa table).

# %% nbgrader={"grade": false, "grade_id": "ex06_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def create_index_for(engine, schema):
    """Create the customer_id index on schema.orders_copie (idempotent); return its name."""
    name = "idx_orders_copie_customer"
    with engine.begin() as conn:
        conn.execute(
            text(f"CREATE INDEX IF NOT EXISTS {name} ON {schema}.orders_copie (customer_id)")
        )
        conn.execute(text(f"ANALYZE {schema}.orders_copie"))
    return name


### END SOLUTION
nom_index = create_index_for(engine, schema_travail)
nom_index

# %% labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "ex06_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 6 : index créé et validé dans le bon schéma, sur la bonne colonne, rappel sans erreur, utilisé par la requête sélective."""
schema_06 = f"scratch_{os.getpid()}_t06"
create_orders_copy(schema_06)
try:
    nom_06 = checks.learner_call("create_index_for(engine, schema)", create_index_for, engine, schema_06)
    assert nom_06 == "idx_orders_copie_customer", (
        f"La fonction doit renvoyer le nom de l'index créé ; elle a renvoyé {nom_06!r}."
    )
    with engine.connect() as conn_06:
        index_06 = conn_06.execute(
            text("SELECT indexname, indexdef FROM pg_indexes "
                 "WHERE schemaname = :s AND tablename = 'orders_copie'"),
            {"s": schema_06},
        ).all()
    assert index_06, (
        "Aucun index trouvé sur orders_copie dans le schéma demandé : avez-vous validé la "
        "transaction (engine.begin() ou conn.commit()) et utilisé le paramètre schema ?"
    )
    checks.learner_call("create_index_for(engine, schema), deuxième appel",
                        create_index_for, engine, schema_06)
    ### BEGIN HIDDEN TESTS
    with engine.connect() as conn_06:
        index_06 = dict(conn_06.execute(
            text("SELECT indexname, indexdef FROM pg_indexes "
                 "WHERE schemaname = :s AND tablename = 'orders_copie'"),
            {"s": schema_06},
        ).all())
        plan_06 = "\n".join(r[0] for r in conn_06.execute(text(
            f"EXPLAIN SELECT order_id FROM {schema_06}.orders_copie WHERE customer_id = 7"
        )))
    assert "idx_orders_copie_customer" in index_06, (
        "L'index n'a pas le nom demandé : idx_orders_copie_customer."
    )
    assert re.search(r"\(customer_id\)$", index_06["idx_orders_copie_customer"]), (
        "L'index ne porte pas sur la seule colonne utile à la requête sélective."
    )
    assert "idx_orders_copie_customer" in plan_06, (
        "La requête sélective n'utilise pas votre index."
    )
    ### END HIDDEN TESTS
finally:
    drop_schema(schema_06)

# %% [markdown]
# L'index existe dans votre schéma de travail : mesurons à nouveau la même requête.
# Comparez le nœud du plan et la durée à ceux d'avant l'index.

# %%
with engine.connect() as conn:
    plan_apres = conn.execute(text("EXPLAIN ANALYZE " + requete_selective)).all()
print("\n".join(row[0] for row in plan_apres))
duree_apres = mesurer(requete_selective)
print(f"\nSans index : {duree_avant:.2f} ms ; avec index : {duree_apres:.2f} ms "
      f"(médianes de {repetitions_chrono} exécutions)")

# %% [markdown]
# Le `Seq Scan` a laissé place à un `Index Scan` ou à un `Bitmap Index Scan` sur
# `idx_orders_copie_customer`. Le gain mesuré dépend de la taille de la table : à petite
# échelle (`scale` 0,05), la table tient en quelques blocs et le temps est dominé par
# l'aller-retour réseau entre Python et PostgreSQL ; à l'échelle 1, l'écart est net.
# C'est pourquoi on **vérifie le plan** plutôt que de se fier à un chronomètre.
#
# ### Exercice 7 — Vérifier qu'une requête utilise un index (2 points)
#
# Dans une chaîne de traitement, on veut un test automatique qui échoue si une requête
# critique cesse d'utiliser son index (index supprimé, renommé, statistiques faussées…).
#
# Écrivez la fonction `plan_uses_index(engine, query, index_name)` qui renvoie `True`
# si le plan prévu (`EXPLAIN`, sans `ANALYZE`) de `query` lit l'index **nommé exactement**
# `index_name`, et `False` sinon. Un plan lit un index quand il contient l'un de ces nœuds :
#
# - `Index Scan using <index_name> on ...` ;
# - `Index Only Scan using <index_name> on ...` ;
# - `Bitmap Index Scan on <index_name>`.
#
# Attention aux noms qui se ressemblent : `idx_a` n'est pas `idx_a_b`. Et un `Seq Scan`
# suivi d'un `Filter` ne lit aucun index, même si la colonne indexée y apparaît.
#
# > **Indice** : réutilisez `plan_texte`. Une expression régulière (`re.search`) avec
# > `re.escape(index_name)` et `\b` (limite de mot) évite les faux positifs.

# %% nbgrader={"grade": false, "grade_id": "ex07_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def plan_uses_index(engine, query, index_name):
    """True when the EXPLAIN plan of `query` reads the index `index_name`."""
    name = re.escape(index_name)
    pattern = rf"(Index Scan|Index Only Scan) using {name} on |Bitmap Index Scan on {name}\b"
    return re.search(pattern, plan_texte(engine, query)) is not None


### END SOLUTION
plan_uses_index(engine, requete_selective, nom_index)

# %% labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "ex07_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 7 : vrai quand la requête lit l'index nommé, faux pour un Seq Scan, un autre index ou un nom voisin."""
schema_07 = f"scratch_{os.getpid()}_t07"
create_orders_copy(schema_07)
try:
    with engine.begin() as conn_07:
        conn_07.execute(text(f"CREATE INDEX idx_c ON {schema_07}.orders_copie (customer_id)"))
        conn_07.execute(text(f"CREATE INDEX idx_o ON {schema_07}.orders_copie (order_id)"))
        conn_07.execute(text(f"ANALYZE {schema_07}.orders_copie"))
    selective_07 = f"SELECT * FROM {schema_07}.orders_copie WHERE customer_id = 42"
    full_07 = f"SELECT * FROM {schema_07}.orders_copie WHERE channel = 'eshop' OR customer_id > 0"
    with checks.context("requête sélective sur customer_id, index idx_c"):
        result_07 = checks.learner_call(
            "plan_uses_index", plan_uses_index, engine, selective_07, "idx_c"
        )
        assert isinstance(result_07, bool), (
            f"La fonction doit renvoyer un booléen (True/False), pas {type(result_07).__name__}."
        )
        assert result_07 is True, "Le plan lit bien l'index idx_c : la fonction doit renvoyer True."
    with checks.context("lecture de toute la table (Seq Scan)"):
        result_07 = checks.learner_call(
            "plan_uses_index", plan_uses_index, engine, full_07, "idx_c"
        )
        assert result_07 is False, "Un Seq Scan ne lit aucun index : la fonction doit renvoyer False."
    ### BEGIN HIDDEN TESTS
    with engine.begin() as conn_07:
        conn_07.execute(text(
            f"CREATE INDEX idx_c_status ON {schema_07}.orders_copie (customer_id, status)"
        ))
        conn_07.execute(text(f"DROP INDEX {schema_07}.idx_c"))
        conn_07.execute(text(f"ANALYZE {schema_07}.orders_copie"))
    with engine.connect() as conn_07:
        plan_07 = "\n".join(r[0] for r in conn_07.execute(text("EXPLAIN " + selective_07)))
    assert "idx_c_status" in plan_07  # the setup itself must hold before judging the learner
    with checks.context("index voisin idx_c_status, question sur idx_c"):
        assert plan_uses_index(engine, selective_07, "idx_c") is False, (
            "idx_c_status n'est pas idx_c : comparez le nom exact de l'index."
        )
    with checks.context("requête sur order_id, question sur idx_c_status"):
        by_id_07 = f"SELECT * FROM {schema_07}.orders_copie WHERE order_id = 1"
        assert plan_uses_index(engine, by_id_07, "idx_c_status") is False, (
            "Le plan lit un autre index (idx_o) : la fonction doit renvoyer False."
        )
        assert plan_uses_index(engine, by_id_07, "idx_o") is True, (
            "Le plan lit l'index idx_o : la fonction doit renvoyer True."
        )
    with checks.context("requête sélective, index idx_c_status"):
        assert plan_uses_index(engine, selective_07, "idx_c_status") is True, (
            "Le plan lit l'index idx_c_status : la fonction doit renvoyer True."
        )
    ### END HIDDEN TESTS
finally:
    drop_schema(schema_07)

# %% [markdown]
# ---
# ## Ménage
#
# La cellule suivante supprime votre schéma de travail et ferme les connexions. Les
# fichiers Parquet restent dans `sortie/parquet/`.

# %%
drop_schema(schema_travail)
con.close()
engine.dispose()

# %% [markdown]
# ---
# ## Récapitulatif
#
# | besoin | outil | piège à éviter |
# |---|---|---|
# | même question sur deux moteurs | mêmes noms de tables, requêtes comparées au chiffre près | supposer qu'un SQL « standard » donne le même résultat partout |
# | mois en texte | `to_char` (PostgreSQL), `strftime` (DuckDB), `date_format` (Spark) | comparer des horodatages de fuseaux différents |
# | proportion | `1.0 * a / b`, `CAST(a AS double precision) / b` | la division entière de PostgreSQL (`7 / 2 = 3`) |
# | recherche sans casse | `ILIKE`, `lower(x) LIKE` | `LIKE` est sensible à la casse |
# | agrégat filtré | `COUNT(*) FILTER (WHERE ...)` | `CASE` sans `ELSE` dans un `AVG` |
# | concaténer un groupe | `string_agg(DISTINCT x, ', ' ORDER BY x)` | `list(x)` de DuckDB renvoie une liste, pas une chaîne |
# | top N par groupe | `RANK() OVER (PARTITION BY ...)` + CTE, ou `QUALIFY` (DuckDB) | `QUALIFY` n'existe ni dans PostgreSQL ni dans Spark SQL |
# | comparer au mois précédent, lisser | `LAG`, `AVG ... ROWS BETWEEN 2 PRECEDING AND CURRENT ROW` | le cadre par défaut donne une moyenne cumulée |
# | trier avec des `NULL` | `NULLS FIRST` / `NULLS LAST` explicites | les défauts diffèrent entre moteurs |
# | comprendre le coût | `EXPLAIN (ANALYZE, BUFFERS)` | le temps d'un nœud inclut celui de ses enfants |
# | accélérer une requête sélective | `CREATE INDEX` + `ANALYZE`, puis vérifier le plan | un index n'aide pas une requête qui lit presque toute la table |
#
# Pour la certification, la compétence **C9** demande des requêtes d'extraction depuis un
# SGBD **et** depuis un système big data : vous savez maintenant porter une même question
# de l'un à l'autre et vérifier que les deux réponses concordent.

# %% [markdown]
# ## Pour aller plus loin
#
# - **Spark SQL** : les requêtes de ce lab passent presque telles quelles dans
#   `spark.sql(...)` (lab du bloc 4). Adaptez `to_char` en `date_format(d, 'yyyy-MM')`,
#   `string_agg` en `concat_ws(', ', array_sort(collect_set(x)))`, et remplacez `QUALIFY`
#   par une sous-requête. Le plan s'obtient avec `df.explain()` ; il n'y a pas d'index,
#   mais du partitionnement et des statistiques de fichiers Parquet (`PushedFilters`).
# - **Index composite et index couvrant** : créez un index sur
#   `(customer_id, ordered_at)` et observez un `Index Only Scan` pour
#   `SELECT ordered_at FROM ... WHERE customer_id = 42` (après un `VACUUM`).
# - **Sélectivité** : cherchez à partir de quelle proportion de lignes PostgreSQL abandonne
#   l'index pour un `Seq Scan` (filtrez sur `customer_id < n` en augmentant `n`).
# - **Documentation** : le chapitre « Using EXPLAIN » de PostgreSQL
#   (<https://www.postgresql.org/docs/current/using-explain.html>) et la page
#   « PostgreSQL compatibility » de DuckDB (<https://duckdb.org/docs/sql/dialect/postgresql_compatibility>).
