# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Construire l'entrepôt de données de Panier Vert avec DuckDB
#
# **Bloc BC03** — Élaborer et maintenir un entrepôt de données
#
# **Compétence évaluée : C14** — Créer un entrepôt de données à partir des paramètres du
# projet, des contraintes techniques et de la modélisation.
#
# | | |
# |---|---|
# | Durée indicative | 4 heures |
# | Barème | 22 points : 19 corrigés automatiquement (8 exercices), 3 corrigés par votre formateur ou formatrice (1 question ouverte) |
# | Outils | Python, PostgreSQL (la source), DuckDB (l'entrepôt), psycopg, pandas, matplotlib |
#
# ## Comment travailler dans ce lab
#
# Ce notebook est à la fois **le cours et le lab** : chaque partie commence par une courte
# leçon avec des exemples à exécuter, puis vient un exercice.
#
# - Exécutez les cellules **dans l'ordre**, de haut en bas (`Maj + Entrée`).
# - Chaque exercice comporte une **cellule réponse**, qui contient
#   `raise NotImplementedError(...)` : remplacez cette ligne par votre réponse.
#   Ne renommez pas les variables et les fonctions demandées (`jours_feries`,
#   `requete_05`…) : le correcteur les utilise.
# - Juste après vient une **cellule de test**, verrouillée : exécutez-la. Si elle
#   s'exécute sans erreur, les vérifications visibles sont passées. D'autres vérifications,
#   **cachées**, seront faites à la correction : un test visible réussi est bon signe,
#   mais ce n'est pas encore la note finale.
# - Un message d'erreur n'est pas un échec : il vous dit ce qui ne va pas (en français),
#   sans jamais donner la réponse. Lisez-le, corrigez, réessayez.
# - Les exercices s'enchaînent : la table de faits (exercice 4) utilise vos dimensions, et
#   les requêtes d'analyse (exercices 5 à 8) utilisent votre table de faits. Faites-les
#   dans l'ordre.
# - Avant de rendre votre travail : menu *Kernel* → *Restart Kernel and Run All Cells*,
#   puis bouton *Validate*.

# %% [markdown]
# ## Contexte
#
# Vous êtes data engineer chez **Panier Vert**, une chaîne fictive d'épiceries bio
# françaises : des magasins dans plusieurs régions et une boutique en ligne. Les caisses et
# la boutique en ligne enregistrent les commandes dans une base **PostgreSQL**
# transactionnelle, en troisième forme normale (3FN) : parfaite pour enregistrer une vente
# à la fois, pénible pour analyser deux ans de ventes.
#
# La direction commerciale a validé le **modèle en étoile** conçu au lab précédent
# (processus : la vente ; grain : **une ligne de ticket ou de commande**). Votre mission :
# **construire l'entrepôt** et répondre aux premières questions du métier.
#
# Les paramètres du projet et les contraintes techniques :
#
# - l'entrepôt est un **fichier DuckDB** (`sortie/entrepot.duckdb`) : pas de serveur à
#   administrer, un moteur analytique **en colonnes** qui tourne dans le notebook ;
# - la source est la base de **production** : on la lit en **lecture seule**, une fois,
#   avec la méthode la plus rapide (`COPY`), puis on ne la sollicite plus ;
# - on n'emporte dans l'entrepôt **que les données utiles** à l'analyse : ni nom, ni
#   e-mail, ni téléphone des clients (RGPD, principe de minimisation) ;
# - les analyses se font **en jours calendaires français** : jours fériés, semaines ISO,
#   noms de jours et de mois en français.
#
# Les données sont **synthétiques** (générées par le cours) ; les données personnelles se
# traitent pourtant **comme si elles étaient réelles**.
#
# ### Les tables de la source (PostgreSQL)
#
# | table | une ligne = | colonnes utiles |
# |---|---|---|
# | `regions` | une région | `region_code` (clé), `name` |
# | `departements` | un département | `departement_code` (clé), `name`, `region_code` |
# | `stores` | un magasin | `store_id` (clé), `store_code` (`PV001`…), `name` (unique), `city`, `departement_code`, `opened_on` |
# | `products` | un produit | `product_id` (clé), `ean13`, `name`, `category` (rayon), `subcategory` (sous-rayon), `organic`, `unit` |
# | `customers` | un client | `customer_id` (clé), `loyalty_id` (numéro de carte, `NULL` sans carte), `postal_code`, `city`, `created_at`… |
# | `orders` | une commande | `order_id` (clé), `customer_id` (`NULL` si le client n'a pas présenté de carte en magasin), `store_id` (`NULL` pour la boutique en ligne), `channel` (`'magasin'` ou `'eshop'`), `ordered_at`, `status` (`'payée'`, `'livrée'`, `'en_cours'`, `'annulée'`, `'remboursée'`) |
# | `order_lines` | une ligne de commande | `order_id`, `line_no` (clé composée), `product_id`, `quantity`, `unit_price_eur` (prix du jour de la commande), `discount_eur` (remise sur la ligne, en euros) |
#
# Trois particularités à garder en tête :
#
# - `stores` ne contient pas la région : il faut passer par `departements` puis `regions`
#   (c'est la 3FN : la région dépend du département, pas du magasin) ;
# - beaucoup de tickets de caisse n'ont **pas de client** (`customer_id` `NULL`), et les
#   commandes en ligne n'ont **pas de magasin** (`store_id` `NULL`) : une jointure interne
#   les ferait disparaître des chiffres ;
# - `ordered_at` est de type `timestamptz` : un instant, stocké en UTC par PostgreSQL. La
#   session d'extraction est réglée sur le fuseau des magasins (`Europe/Paris`) : la
#   valeur lue est donc l'heure affichée sur le ticket, et sa partie date est la **date
#   du ticket** (en UTC, un ticket de 0 h 30 tomberait la veille).

# %% [markdown]
# ## Objectifs
#
# À la fin de ce lab, vous saurez :
#
# 1. extraire une base opérationnelle vers une zone de préparation (*staging*) avec
#    `COPY`, en gardant les types ;
# 2. générer une **dimension date** au calendrier français (jours fériés calculés, y
#    compris ceux qui dépendent de Pâques, semaines ISO, noms français) ;
# 3. attribuer des **clés de substitution** (*surrogate keys*) et prévoir les **membres
#    spéciaux** (inconnu, sans objet) d'une dimension ;
# 4. charger une **table de faits** par recherche de clés (*lookup*), sans perdre une
#    ligne, et le prouver par un **rapprochement** avec la source ;
# 5. répondre au métier avec `ROLLUP`, `CUBE`, `GROUPING SETS` et `GROUPING()` ;
# 6. calculer des évolutions, des cumuls et des classements avec les fonctions de fenêtre.
#
# ## Prérequis
#
# - Le lab SQL `bc02_00_sql_nycflights` (jointures, `GROUP BY`, fonctions de fenêtre) et
#   le lab `bc02_04_extraction_sgbd` (PostgreSQL, SQLAlchemy).
# - Le lab de modélisation dimensionnelle du bloc 3 : étoile, grain, faits et dimensions.
# - Savoir écrire une fonction Python.

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
dossier_sortie = "sortie"  # folder where the lab writes the warehouse
apercu_lignes = 5  # number of rows shown when previewing a result
afficher_graphiques = True  # False skips the (non-graded) plots

# %% [markdown]
# La cellule suivante démarre (si besoin) la base PostgreSQL du cours et y charge les
# données de Panier Vert. Elle crée ensuite un entrepôt **vide** dans le fichier
# `sortie/entrepot.duckdb` (un fichier de la séance précédente est remplacé), ouvre la
# connexion `con` à cet entrepôt et **extrait** les tables utiles de la source dans le
# schéma `staging` de l'entrepôt. Elle est verrouillée.
#
# Elle définit aussi `engine`, un accès **en lecture seule** à la base source, utilisé par
# les cellules de test pour les rapprochements. La partie 1 explique l'extraction.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import datetime as dt
import time
import warnings
from pathlib import Path

import duckdb
import matplotlib.pyplot as plt
import pandas as pd
import psycopg
import sqlalchemy as sa
from sqlalchemy import text

from labkit import checks, services

warnings.filterwarnings("ignore", category=ResourceWarning)

# The e-shop database (the source), loaded with the data of (scale, seed).
url = services.ensure("postgres", scale=scale, seed=seed).url
SOURCE_OPTIONS = "-c timezone=Europe/Paris -c default_transaction_read_only=on"
engine = sa.create_engine(url, connect_args={"options": SOURCE_OPTIONS})
source_dsn = sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)

# A fresh warehouse file at every run of this cell.
sortie = Path(dossier_sortie)
sortie.mkdir(exist_ok=True)
if "con" in globals():
    globals()["con"].close()
chemin_entrepot = sortie / "entrepot.duckdb"
chemin_entrepot.unlink(missing_ok=True)
con = duckdb.connect(str(chemin_entrepot))
con.execute("SET enable_progress_bar = false")
con.execute("CREATE SCHEMA staging")

# PostgreSQL type -> DuckDB type, so that codes keep their leading zeros.
PG_TO_DUCKDB = {
    "smallint": "SMALLINT",
    "integer": "INTEGER",
    "bigint": "BIGINT",
    "text": "VARCHAR",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "timestamp with time zone": "TIMESTAMP",
}

# Only the columns the warehouse needs (no names, e-mails, phones, addresses).
STAGING_COLUMNS = {
    "regions": ["region_code", "name"],
    "departements": ["departement_code", "name", "region_code"],
    "stores": ["store_id", "store_code", "name", "city", "departement_code", "opened_on"],
    "products": ["product_id", "ean13", "name", "category", "subcategory", "organic", "unit"],
    "customers": ["customer_id", "loyalty_id", "postal_code", "city", "created_at"],
    "orders": ["order_id", "customer_id", "store_id", "channel", "ordered_at", "status"],
    "order_lines": [
        "order_id", "line_no", "product_id", "quantity", "unit_price_eur", "discount_eur",
    ],
}


def extract_to_staging(pg, table, columns):
    """COPY some columns of a source table to CSV, then load them typed into staging.<table>."""
    rows = pg.execute(
        "SELECT column_name, data_type, numeric_precision, numeric_scale "
        "FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = %s",
        (table,),
    ).fetchall()
    types = {}
    for name, data_type, precision, digits in rows:
        if data_type == "numeric":
            types[name] = f"DECIMAL({precision}, {digits})"
        else:
            types[name] = PG_TO_DUCKDB[data_type]
    # timestamptz read in a Europe/Paris session (the tickets' clock), written without offset
    select = ", ".join(
        f"to_char({c}, 'YYYY-MM-DD HH24:MI:SS') AS {c}" if types[c] == "TIMESTAMP" else c
        for c in columns
    )
    csv_path = sortie / "staging" / f"{table}.csv"
    csv_path.parent.mkdir(exist_ok=True)
    statement = f"COPY (SELECT {select} FROM {table}) TO STDOUT (FORMAT csv, HEADER)"
    with csv_path.open("wb") as out, pg.cursor().copy(statement) as copy:
        for block in copy:
            out.write(block)
    duckdb_columns = "{" + ", ".join(f"'{c}': '{types[c]}'" for c in columns) + "}"
    con.execute(
        f"CREATE OR REPLACE TABLE staging.{table} AS "
        f"SELECT * FROM read_csv(?, header = true, columns = {duckdb_columns}, "
        "allow_quoted_nulls = false)",
        [str(csv_path)],
    )
    return con.execute(f"SELECT COUNT(*) FROM staging.{table}").fetchall()[0][0]


debut_extraction = time.perf_counter()
with psycopg.connect(source_dsn, options=SOURCE_OPTIONS) as pg:
    lignes_extraites = {t: extract_to_staging(pg, t, c) for t, c in STAGING_COLUMNS.items()}
duree_extraction = time.perf_counter() - debut_extraction
print(f"Extraction en {duree_extraction:.1f} s :", lignes_extraites)

# %% [markdown]
# ---
# ## Partie 1 — De la source à la zone de préparation (*staging*)
#
# Un entrepôt ne lit pas la production à chaque requête d'analyse : on **copie** d'abord
# les données utiles dans une zone de préparation, le schéma `staging`, puis on construit
# l'étoile (dimensions et faits) à partir de cette copie. La production n'est sollicitée
# qu'une fois, pendant quelques secondes.
#
# La cellule de mise en place l'a fait pour vous ; voici ce qu'elle a fait, et pourquoi.
#
# - **`COPY (SELECT …) TO STDOUT (FORMAT csv)`** est la façon la plus rapide de sortir
#   des données de PostgreSQL : le serveur écrit un flux CSV que `psycopg` recopie dans un
#   fichier (`sortie/staging/<table>.csv`), sans créer un objet Python par ligne.
# - DuckDB relit ensuite ce CSV avec **les types de la source**
#   (`information_schema.columns`) : un code département `'01'` reste un texte, un prix
#   `numeric(10, 2)` devient un `DECIMAL(10, 2)` exact. Laisser DuckDB deviner les types
#   ferait de `'01'` le nombre `1`.
# - On ne prend que les colonnes utiles : ni nom, ni e-mail, ni téléphone de client.
# - DuckDB 2 n'embarque pas l'extension `postgres_scanner` (qui lit PostgreSQL
#   directement) et ne peut pas la télécharger sans Internet : l'extraction passe donc
#   par un fichier. Avec l'extension, on écrirait
#   `ATTACH 'postgresql://…' AS src (TYPE postgres)`.
#
# Première règle d'un chargement : **compter**. Le nombre de lignes de chaque table de
# `staging` doit être celui de la source.

# %%
with engine.connect() as conn:
    lignes_source = {
        t: conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in STAGING_COLUMNS
    }
pd.DataFrame({"source": lignes_source, "staging": lignes_extraites})

# %%
con.sql("DESCRIBE staging.orders").df()[["column_name", "column_type"]]

# %% [markdown]
# La période couverte par les commandes fixe celle du calendrier : on prendra des
# **années entières**, du 1er janvier de la première année au 31 décembre de la dernière.

# %%
premiere, derniere = con.execute(
    "SELECT MIN(ordered_at)::DATE, MAX(ordered_at)::DATE FROM staging.orders"
).fetchall()[0]
debut_calendrier = dt.date(premiere.year, 1, 1)
fin_calendrier = dt.date(derniere.year, 12, 31)
print(f"Commandes du {premiere} au {derniere} ; calendrier du {debut_calendrier} au {fin_calendrier}")

# %% [markdown]
# ---
# ## Partie 2 — La dimension date au calendrier français
#
# Presque toutes les analyses filtrent ou regroupent par date : par mois, par semaine,
# jours ouvrés contre week-ends, jours fériés… On pourrait recalculer tout cela dans chaque
# requête à partir de `ordered_at` ; on préfère une **dimension date**, une table avec
# **une ligne par jour** et tous les attributs calendaires déjà calculés. Elle est
# **générée** par code (elle ne vient d'aucune source), une fois, pour toute la période.
#
# Sa clé est en général un entier lisible `AAAAMMJJ` (`20240509` pour le 9 mai 2024) :
# c'est une exception assumée à la règle des clés de substitution, car une date ne change
# jamais de sens.
#
# ### Les jours fériés français
#
# La France compte **onze** jours fériés nationaux :
#
# | nom (à écrire exactement ainsi) | date |
# |---|---|
# | `Jour de l'an` | 1er janvier |
# | `Lundi de Pâques` | lendemain du dimanche de Pâques |
# | `Fête du Travail` | 1er mai |
# | `Victoire 1945` | 8 mai |
# | `Ascension` | jeudi, 39 jours après Pâques |
# | `Lundi de Pentecôte` | 50 jours après Pâques |
# | `Fête nationale` | 14 juillet |
# | `Assomption` | 15 août |
# | `Toussaint` | 1er novembre |
# | `Armistice 1918` | 11 novembre |
# | `Noël` | 25 décembre |
#
# Huit sont à date fixe ; trois dépendent de **Pâques**, dont la date change chaque année
# (le dimanche qui suit la première pleine lune du printemps, selon le comput
# ecclésiastique). Voici l'algorithme dit « anonyme grégorien » (Meeus/Jones/Butcher),
# valable pour toutes les années du calendrier grégorien :

# %%
def paques(annee):
    """Easter Sunday of a Gregorian year (anonymous Gregorian algorithm)."""
    a = annee % 19
    b, c = divmod(annee, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741
    m = (a + 11 * h + 22 * l) // 451
    mois, jour = divmod(h + l - 7 * m + 114, 31)
    return dt.date(annee, mois, jour + 1)


[paques(annee) for annee in (2023, 2024, 2025)]

# %% [markdown]
# Pour décaler une date d'un nombre de jours, on lui ajoute un `datetime.timedelta` :

# %%
paques(2024) + dt.timedelta(days=1)

# %% [markdown]
# ### Exercice 1 — Les jours fériés d'une année (2 points)
#
# Écrivez une fonction `jours_feries(annee)` qui reçoit une année (un `int`) et renvoie
# un **dictionnaire** `{date: nom}` des jours fériés nationaux de cette année :
#
# - clés : des objets `datetime.date` (pas des chaînes, pas des `Timestamp` pandas) ;
# - valeurs : les noms **exactement** comme dans le tableau ci-dessus ;
# - onze entrées, sauf les (rares) années où deux fêtes tombent le même jour : en 2008,
#   l'Ascension tombe le 1er mai ; gardez alors une seule des deux entrées (n'importe
#   laquelle).
#
# La fonction doit être juste **pour toute année** : les tests l'essaient sur d'autres
# années que celles des données.
#
# > **Indice** : utilisez `paques(annee)` et `dt.timedelta(days=...)` pour les trois
# > fêtes mobiles. Comptez bien : le lundi de Pâques est à 1 jour de Pâques, l'Ascension à
# > 39, le lundi de Pentecôte à 50.

# %% nbgrader={"grade": false, "grade_id": "ex01_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def jours_feries(annee):
    """French national public holidays of a year: {date: French name}."""
    dimanche_paques = paques(annee)
    feries = {
        dt.date(annee, 1, 1): "Jour de l'an",
        dimanche_paques + dt.timedelta(days=1): "Lundi de Pâques",
        dt.date(annee, 5, 1): "Fête du Travail",
        dt.date(annee, 5, 8): "Victoire 1945",
        dimanche_paques + dt.timedelta(days=39): "Ascension",
        dimanche_paques + dt.timedelta(days=50): "Lundi de Pentecôte",
        dt.date(annee, 7, 14): "Fête nationale",
        dt.date(annee, 8, 15): "Assomption",
        dt.date(annee, 11, 1): "Toussaint",
        dt.date(annee, 11, 11): "Armistice 1918",
        dt.date(annee, 12, 25): "Noël",
    }
    return feries
### END SOLUTION
sorted(jours_feries(2024).items())

# %% labkit={"competences": ["C14"]} nbgrader={"grade": true, "grade_id": "ex01_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 1 : un dictionnaire {date: nom}, onze fêtes de l'année, fêtes mobiles justes pour toute année."""
NOMS_FERIES = {
    "Jour de l'an", "Lundi de Pâques", "Fête du Travail", "Victoire 1945", "Ascension",
    "Lundi de Pentecôte", "Fête nationale", "Assomption", "Toussaint", "Armistice 1918", "Noël",
}
resultat = checks.learner_call("jours_feries(2024)", jours_feries, 2024)
assert isinstance(resultat, dict), "jours_feries doit renvoyer un dictionnaire {date: nom}."
assert all(type(d) is dt.date for d in resultat), (
    "Les clés doivent être des objets datetime.date (ni chaînes, ni Timestamp pandas)."
)
assert all(d.year == 2024 for d in resultat), "jours_feries(2024) contient des dates d'une autre année."
assert len(resultat) == 11, f"jours_feries(2024) contient {len(resultat)} entrées : il en faut onze."
inconnus = set(resultat.values()) - NOMS_FERIES
assert not inconnus, f"Noms inattendus : {sorted(inconnus)}. Recopiez les noms du tableau."
assert resultat.get(dt.date(2024, 7, 14)) == "Fête nationale", "Le 14 juillet 2024 doit s'appeler 'Fête nationale'."
### BEGIN HIDDEN TESTS
from dateutil.easter import easter as _easter


def _reference_holidays(year):
    e = _easter(year)
    pairs = [
        ((1, 1), "Jour de l'an"), ((5, 1), "Fête du Travail"), ((5, 8), "Victoire 1945"),
        ((7, 14), "Fête nationale"), ((8, 15), "Assomption"), ((11, 1), "Toussaint"),
        ((11, 11), "Armistice 1918"), ((12, 25), "Noël"),
    ]
    out = [(dt.date(year, m, d), n) for (m, d), n in pairs]
    out += [
        (e + dt.timedelta(days=1), "Lundi de Pâques"),
        (e + dt.timedelta(days=39), "Ascension"),
        (e + dt.timedelta(days=50), "Lundi de Pentecôte"),
    ]
    return out


for _year in list(range(1990, 2041)) + [1900, 2000, 2100, 2285]:
    with checks.context(f"jours_feries({_year})"):
        _got = checks.learner_call(f"jours_feries({_year})", jours_feries, _year)
        _ref = _reference_holidays(_year)
        _ref_dates = {d for d, _ in _ref}
        assert set(_got) == _ref_dates, "les dates ne sont pas les bonnes (vérifiez les fêtes mobiles)."
        for _d, _name in _ref:
            if sum(1 for d, _ in _ref if d == _d) == 1:
                assert _got[_d] == _name, f"le {_d} ne porte pas le bon nom."
assert jours_feries(2024).get(dt.date(2024, 5, 9)) == "Ascension", "jours_feries(2024) : vérifiez l'Ascension."
assert jours_feries(2024).get(dt.date(2024, 5, 20)) == "Lundi de Pentecôte", (
    "jours_feries(2024) : vérifiez le lundi de Pentecôte."
)
### END HIDDEN TESTS

# %% [markdown]
# ### Générer les jours avec DuckDB
#
# DuckDB génère une suite de dates avec `generate_series` (ou `range`, qui exclut la
# borne de fin), et fournit les fonctions calendaires utiles :
#
# | fonction | résultat pour le lundi 30 décembre 2024 |
# |---|---|
# | `year(d)`, `quarter(d)`, `month(d)`, `day(d)` | 2024, 4, 12, 30 |
# | `isodow(d)` | 1 (lundi = 1 … dimanche = 7 : la norme ISO 8601, celle des calendriers français) |
# | `dayofweek(d)` | 1 (dimanche = 0 … samedi = 6 : la convention américaine, à éviter ici) |
# | `isoyear(d)`, `week(d)` | **2025**, **1** |
# | `strftime(d, '%Y-%m')` | `'2024-12'` |
# | `printf('%d-W%02d', 2025, 1)` | `'2025-W01'` |
# | `dayname(d)`, `monthname(d)` | `'Monday'`, `'December'` : en anglais ! |
#
# Deux pièges :
#
# - la **semaine ISO** commence le lundi et la semaine 1 est celle qui contient le premier
#   jeudi de l'année : le lundi 30 décembre 2024 appartient à la semaine 1 de **2025**.
#   Le libellé d'une semaine se construit donc avec `isoyear`, jamais avec `year` ;
# - `dayname` et `monthname` parlent anglais. Pour le français, on indexe une liste
#   (en SQL DuckDB, les listes commencent à l'indice **1**) :
#   `['lundi', 'mardi', …][isodow(d)]`.
#
# Les jours fériés viennent de Python : on peut passer un `DataFrame` pandas à DuckDB
# (`con.register("nom", df)`, puis `nom` s'utilise comme une table dans le SQL) et faire
# une jointure externe. Un exemple avec cinq jours :

# %%
exemple_feries = pd.DataFrame(
    {"date": [dt.date(2024, 5, 8)], "nom_ferie": ["Victoire 1945"]}
)
con.register("exemple_feries", exemple_feries)
con.sql("""
SELECT CAST(g.generate_series AS DATE) AS date,
       isodow(g.generate_series) AS jour_semaine_iso,
       dayname(g.generate_series) AS nom_anglais,
       f.nom_ferie
FROM generate_series(DATE '2024-05-06', DATE '2024-05-10', INTERVAL 1 DAY) AS g
LEFT JOIN exemple_feries AS f ON f.date = CAST(g.generate_series AS DATE)
ORDER BY date
""").df()

# %% [markdown]
# ### Exercice 2 — La dimension date (3 points)
#
# Écrivez une fonction `build_date_dimension(con, debut, fin)` qui reçoit une connexion
# DuckDB et deux `datetime.date`, et qui crée (ou remplace : `CREATE OR REPLACE TABLE`)
# dans cette connexion la table **`dim_date`** avec **une ligne par jour** de `debut` à
# `fin` **inclus**, et ces colonnes, dans cet ordre :
#
# | colonne | type | contenu |
# |---|---|---|
# | `date_key` | `INTEGER` | la date au format `AAAAMMJJ` (`20240509`) |
# | `date` | `DATE` | la date |
# | `annee` | `INTEGER` | l'année civile |
# | `trimestre` | `INTEGER` | 1 à 4 |
# | `mois` | `INTEGER` | 1 à 12 |
# | `nom_mois` | `VARCHAR` | en minuscules : `'janvier'`, `'février'`, …, `'décembre'` |
# | `annee_mois` | `VARCHAR` | `'2024-05'` |
# | `jour` | `INTEGER` | le jour du mois, 1 à 31 |
# | `jour_semaine_iso` | `INTEGER` | 1 (lundi) à 7 (dimanche) |
# | `nom_jour` | `VARCHAR` | en minuscules : `'lundi'`, …, `'dimanche'` |
# | `annee_iso` | `INTEGER` | l'année de la semaine ISO |
# | `semaine_iso` | `INTEGER` | le numéro de semaine ISO, 1 à 53 |
# | `semaine_iso_libelle` | `VARCHAR` | `'2025-W01'` (année ISO, `-W`, semaine sur deux chiffres) |
# | `est_weekend` | `BOOLEAN` | samedi ou dimanche |
# | `est_ferie` | `BOOLEAN` | jour férié national (d'après **votre** `jours_feries`) |
# | `nom_ferie` | `VARCHAR` | le nom du jour férié, `NULL` sinon |
# | `est_jour_ouvre` | `BOOLEAN` | ni week-end, ni férié |
#
# Ajoutez enfin le **membre inconnu** : une ligne de plus avec `date_key = -1` et **toutes
# les autres colonnes à `NULL`**. La table de faits l'utilisera pour une date absente du
# calendrier.
#
# Les noms de mois avec accents : `'février'`, `'août'`, `'décembre'`.
#
# > **Indice** : construisez d'abord un `DataFrame` des fériés de toutes les années entre
# > `debut.year` et `fin.year` avec `jours_feries`, passez-le à DuckDB avec
# > `con.register`, puis un seul `CREATE OR REPLACE TABLE dim_date AS SELECT … FROM
# > generate_series(…) LEFT JOIN …`, suivi d'un `INSERT INTO dim_date (date_key) VALUES
# > (-1)`. `CAST(strftime(d, '%Y%m%d') AS INTEGER)` donne la clé.

# %% nbgrader={"grade": false, "grade_id": "ex02_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
MOIS_FR = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]
JOURS_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def build_date_dimension(con, debut, fin):
    """Create dim_date: one row per day from debut to fin (inclusive) + the unknown member."""
    feries = pd.DataFrame(
        [
            {"date": d, "nom_ferie": nom}
            for annee in range(debut.year, fin.year + 1)
            for d, nom in jours_feries(annee).items()
        ],
        columns=["date", "nom_ferie"],
    )
    con.register("feries_calendrier", feries)
    mois_sql = "[" + ", ".join(f"'{m}'" for m in MOIS_FR) + "]"
    jours_sql = "[" + ", ".join(f"'{j}'" for j in JOURS_FR) + "]"
    con.execute(
        f"""
        CREATE OR REPLACE TABLE dim_date AS
        WITH jours AS (
            SELECT CAST(generate_series AS DATE) AS d
            FROM generate_series(CAST(? AS DATE), CAST(? AS DATE), INTERVAL 1 DAY)
        )
        SELECT CAST(strftime(d, '%Y%m%d') AS INTEGER) AS date_key,
               d AS date,
               CAST(year(d) AS INTEGER) AS annee,
               CAST(quarter(d) AS INTEGER) AS trimestre,
               CAST(month(d) AS INTEGER) AS mois,
               {mois_sql}[month(d)] AS nom_mois,
               strftime(d, '%Y-%m') AS annee_mois,
               CAST(day(d) AS INTEGER) AS jour,
               CAST(isodow(d) AS INTEGER) AS jour_semaine_iso,
               {jours_sql}[isodow(d)] AS nom_jour,
               CAST(isoyear(d) AS INTEGER) AS annee_iso,
               CAST(week(d) AS INTEGER) AS semaine_iso,
               printf('%d-W%02d', isoyear(d), week(d)) AS semaine_iso_libelle,
               isodow(d) >= 6 AS est_weekend,
               f.nom_ferie IS NOT NULL AS est_ferie,
               f.nom_ferie,
               isodow(d) < 6 AND f.nom_ferie IS NULL AS est_jour_ouvre
        FROM jours
        LEFT JOIN feries_calendrier AS f ON CAST(f.date AS DATE) = jours.d
        ORDER BY d
        """,
        [debut, fin],
    )
    con.execute("INSERT INTO dim_date (date_key) VALUES (-1)")
    con.unregister("feries_calendrier")
### END SOLUTION
build_date_dimension(con, debut_calendrier, fin_calendrier)
con.sql("SELECT * FROM dim_date WHERE est_ferie ORDER BY date_key").df().head(apercu_lignes)

# %% labkit={"competences": ["C14"]} nbgrader={"grade": true, "grade_id": "ex02_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 2 : colonnes, une ligne par jour, dates connues (Ascension, Pentecôte, semaine ISO), membre inconnu."""
COLONNES_DIM_DATE = [
    "date_key", "date", "annee", "trimestre", "mois", "nom_mois", "annee_mois", "jour",
    "jour_semaine_iso", "nom_jour", "annee_iso", "semaine_iso", "semaine_iso_libelle",
    "est_weekend", "est_ferie", "nom_ferie", "est_jour_ouvre",
]
essai = duckdb.connect()
checks.learner_call(
    "build_date_dimension(essai, 2024-12-28, 2025-01-06)",
    build_date_dimension, essai, dt.date(2024, 12, 28), dt.date(2025, 1, 6),
)
dim_essai = checks.run_query(essai, "SELECT * FROM dim_date")
checks.assert_columns(dim_essai, COLONNES_DIM_DATE)
with checks.context("dim_date du 2024-12-28 au 2025-01-06 (dix jours, bornes incluses, plus le membre inconnu)"):
    checks.assert_row_count(dim_essai, 11)
dim = checks.run_query(con, "SELECT * FROM dim_date")
nb_jours = (fin_calendrier - debut_calendrier).days + 1
assert (dim["date_key"] > 0).sum() == nb_jours and dim["date_key"].is_unique, (
    "dim_date doit avoir exactement une ligne par jour de la période (bornes incluses), clés uniques."
)
inconnu = dim[dim["date_key"] == -1]
assert len(inconnu) == 1, "Il manque le membre inconnu (date_key = -1), ou il est en double."
assert inconnu.drop(columns="date_key").isna().all(axis=None), (
    "Le membre inconnu doit avoir toutes ses colonnes à NULL, sauf date_key."
)
lundi = essai.sql("SELECT * FROM dim_date WHERE date = DATE '2024-12-30'").df()
assert lundi.loc[0, "nom_jour"] == "lundi", "Le 30 décembre 2024 est un lundi : vérifiez nom_jour."
assert lundi.loc[0, "nom_mois"] == "décembre", "Vérifiez nom_mois (en minuscules, avec accents)."
### BEGIN HIDDEN TESTS
from dateutil.easter import easter as _easter_ref

_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"]
_DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def _ref_dim(start, end):
    days = pd.date_range(start, end, freq="D")
    hol = {}
    for y in range(start.year, end.year + 1):
        e = pd.Timestamp(_easter_ref(y))
        for ts, n in [
            (pd.Timestamp(y, 1, 1), "Jour de l'an"), (e + pd.Timedelta(days=1), "Lundi de Pâques"),
            (pd.Timestamp(y, 5, 1), "Fête du Travail"), (pd.Timestamp(y, 5, 8), "Victoire 1945"),
            (e + pd.Timedelta(days=39), "Ascension"), (e + pd.Timedelta(days=50), "Lundi de Pentecôte"),
            (pd.Timestamp(y, 7, 14), "Fête nationale"), (pd.Timestamp(y, 8, 15), "Assomption"),
            (pd.Timestamp(y, 11, 1), "Toussaint"), (pd.Timestamp(y, 11, 11), "Armistice 1918"),
            (pd.Timestamp(y, 12, 25), "Noël"),
        ]:
            hol[ts] = n
    iso = days.isocalendar()
    frame = pd.DataFrame({
        "date_key": (days.year * 10000 + days.month * 100 + days.day).astype("int64"),
        "date": days,
        "annee": days.year.astype("int64"),
        "trimestre": days.quarter.astype("int64"),
        "mois": days.month.astype("int64"),
        "nom_mois": [_MONTHS[m - 1] for m in days.month],
        "annee_mois": days.strftime("%Y-%m"),
        "jour": days.day.astype("int64"),
        "jour_semaine_iso": (days.day_of_week + 1).astype("int64"),
        "nom_jour": [_DAYS[w] for w in days.day_of_week],
        "annee_iso": iso["year"].astype("int64").to_numpy(),
        "semaine_iso": iso["week"].astype("int64").to_numpy(),
        "semaine_iso_libelle": [f"{y}-W{w:02d}" for y, w in zip(iso["year"], iso["week"], strict=True)],
        "est_weekend": days.day_of_week >= 5,
        "est_ferie": [d in hol for d in days],
        "nom_ferie": [hol.get(d) for d in days],
    })
    frame["est_jour_ouvre"] = ~frame["est_weekend"] & ~frame["est_ferie"]
    return frame


for _con, _start, _end in [
    (essai, dt.date(2024, 12, 28), dt.date(2025, 1, 6)),
    (con, debut_calendrier, fin_calendrier),
]:
    _got = checks.run_query(_con, "SELECT * FROM dim_date WHERE date_key > 0 ORDER BY date_key")
    _got["date"] = pd.to_datetime(_got["date"])
    _got["nom_ferie"] = _got["nom_ferie"].astype(object).where(_got["nom_ferie"].notna(), None)
    for _c in ["est_weekend", "est_ferie", "est_jour_ouvre"]:
        _got[_c] = _got[_c].astype(bool)
    with checks.context(f"dim_date du {_start} au {_end}"):
        checks.assert_frame_matches(_got[COLONNES_DIM_DATE], _ref_dim(_start, _end), ordered=True)
_other = duckdb.connect()
build_date_dimension(_other, dt.date(2008, 1, 1), dt.date(2008, 12, 31))
_row = _other.execute("SELECT est_ferie, semaine_iso_libelle FROM dim_date WHERE date = DATE '2008-05-01'").fetchall()[0]
assert _row == (True, "2008-W18"), "dim_date 2008 : le 1er mai 2008 est mal décrit."
_checks = {
    "2024-05-09": "Ascension", "2024-05-20": "Lundi de Pentecôte", "2024-04-01": "Lundi de Pâques",
}
for _d, _n in _checks.items():
    assert con.execute(f"SELECT nom_ferie FROM dim_date WHERE date = DATE '{_d}'").fetchall()[0][0] == _n, (
        f"dim_date : le {_d} doit être férié ({_n})."
    )
assert essai.execute(
    "SELECT semaine_iso_libelle FROM dim_date WHERE date = DATE '2024-12-30'"
).fetchall()[0][0] == "2025-W01", "Le libellé de semaine ISO se construit avec l'année ISO (isoyear)."
_other.close()
### END HIDDEN TESTS
essai.close()

# %% [markdown]
# Combien de jours ouvrés par mois ? La question, si fréquente en entreprise (objectifs
# de vente, paie, délais de livraison), devient une simple agrégation sur la dimension :

# %%
con.sql("""
SELECT annee, mois, nom_mois,
       COUNT(*) FILTER (WHERE est_jour_ouvre) AS jours_ouvres,
       string_agg(nom_ferie, ', ') AS feries
FROM dim_date
WHERE annee = 2024
GROUP BY ALL
ORDER BY annee, mois
""").df()

# %% [markdown]
# Le magasin de Strasbourg (s'il fait partie de vos données) observe deux jours fériés de
# plus, propres à l'Alsace-Moselle : le Vendredi saint et le 26 décembre. Un vrai
# calendrier d'entreprise les ajouterait dans une dimension ou une table de correspondance
# par magasin ; nous nous en tenons ici aux fériés nationaux.

# %% [markdown]
# ---
# ## Partie 3 — Dimensions, clés de substitution et membres spéciaux
#
# ### Pourquoi une clé de substitution ?
#
# Dans l'entrepôt, chaque dimension a sa propre clé, un **entier sans signification**
# (`magasin_key`, `produit_key`…), distinct de la clé de la source (`store_id`, la
# **clé naturelle**, que l'on garde comme simple colonne). Parce que :
#
# - l'entrepôt ne dépend pas des choix de la source : si deux systèmes numérotent leurs
#   magasins de la même façon, ou si la source renumérote, l'entrepôt ne bouge pas ;
# - l'historique (lab sur les dimensions à variation lente) demandera **plusieurs
#   lignes par magasin**, une par version : la clé naturelle ne sera plus unique, la clé
#   de substitution si ;
# - des entiers compacts rendent les jointures faits → dimensions rapides.
#
# On les attribue avec une **séquence** (`CREATE SEQUENCE` puis `nextval`, pratique pour
# les chargements incrémentaux) ou avec `row_number() OVER (ORDER BY …)` (clés
# reproductibles d'un chargement complet à l'autre).
#
# ### Les membres spéciaux
#
# Que faire d'un ticket sans client ? Une jointure interne le ferait disparaître du chiffre
# d'affaires ; une clé étrangère `NULL` dans la table de faits casserait les jointures et
# afficherait des groupes vides. La solution de Kimball : des **membres spéciaux** dans
# chaque dimension, avec une clé négative réservée :
#
# - **`-1` : inconnu** (la recherche de clé a échoué : client non identifié, produit absent
#   du référentiel) ;
# - **`-2` : sans objet** (la notion ne s'applique pas : une commande en ligne n'a pas de
#   magasin).
#
# Ainsi, toute ligne de faits trouve sa ligne dans chaque dimension, et les rapports
# affichent « Inconnu » plutôt qu'un trou.
#
# Exemple : la dimension produit, avec une séquence et un membre inconnu. Les rayons et
# sous-rayons sont ceux du catalogue **actuel** (la réorganisation de mars 2024 et
# l'historique seront traités dans le lab sur les dimensions à variation lente).

# %%
con.execute("""
CREATE OR REPLACE SEQUENCE seq_produit START 1;
CREATE OR REPLACE TABLE dim_produit (
    produit_key INTEGER PRIMARY KEY DEFAULT nextval('seq_produit'),
    product_id INTEGER,
    ean13 VARCHAR,
    nom_produit VARCHAR,
    rayon VARCHAR,
    sous_rayon VARCHAR,
    bio BOOLEAN,
    unite VARCHAR
);
INSERT INTO dim_produit VALUES (-1, NULL, NULL, 'Inconnu', 'Inconnu', 'Inconnu', NULL, 'Inconnu');
INSERT INTO dim_produit (product_id, ean13, nom_produit, rayon, sous_rayon, bio, unite)
SELECT product_id, ean13, name, category, COALESCE(subcategory, category), organic, unit
FROM staging.products;
""")
con.sql("SELECT * FROM dim_produit ORDER BY produit_key").df().head(apercu_lignes)

# %% [markdown]
# La dimension client, **minimisée** : ni nom, ni contact, seulement ce qui sert l'analyse
# (carte de fidélité ou non, commune, ancienneté). Ici, la clé vient de `row_number()`.

# %%
con.execute("""
CREATE OR REPLACE TABLE dim_client AS
SELECT -1 AS client_key, CAST(NULL AS INTEGER) AS customer_id,
       CAST(NULL AS BOOLEAN) AS a_carte_fidelite, 'Inconnu' AS code_postal,
       'Inconnu' AS ville, CAST(NULL AS INTEGER) AS annee_inscription
UNION ALL
SELECT CAST(row_number() OVER (ORDER BY customer_id) AS INTEGER),
       customer_id, loyalty_id IS NOT NULL, postal_code, city, year(created_at)
FROM staging.customers
""")
con.sql("SELECT * FROM dim_client ORDER BY client_key").df().head(apercu_lignes)

# %% [markdown]
# ### Exercice 3 — La dimension magasin (2 points)
#
# Écrivez une fonction `load_dim_store(con)` qui crée (ou remplace) dans `con` la table
# **`dim_magasin`** à partir de `staging.stores`, `staging.departements` et
# `staging.regions`, avec ces colonnes, dans cet ordre :
#
# | colonne | type | contenu |
# |---|---|---|
# | `magasin_key` | `INTEGER` | clé de substitution : 1, 2, 3… dans l'ordre de `store_code` croissant |
# | `store_id` | `INTEGER` | la clé naturelle (source) |
# | `code_magasin` | `VARCHAR` | `store_code` |
# | `nom_magasin` | `VARCHAR` | `name` |
# | `ville` | `VARCHAR` | `city` |
# | `departement` | `VARCHAR` | le **nom** du département |
# | `region` | `VARCHAR` | le **nom** de la région |
#
# plus **deux membres spéciaux** :
#
# - `magasin_key = -1` (inconnu) : `store_id` `NULL`, toutes les colonnes texte à
#   `'Inconnu'` ;
# - `magasin_key = -2` (sans objet, la boutique en ligne) : `store_id` `NULL`, toutes les
#   colonnes texte à `'Boutique en ligne'`.
#
# Appeler la fonction deux fois de suite doit donner la même table (pas de doublons).
#
# > **Indice** : `CREATE OR REPLACE TABLE dim_magasin AS SELECT … UNION ALL SELECT …`.
# > Deux jointures : `stores.departement_code` → `departements`, puis
# > `departements.region_code` → `regions`. Inspirez-vous de `dim_client`.

# %% nbgrader={"grade": false, "grade_id": "ex03_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def load_dim_store(con):
    """Create dim_magasin from staging: surrogate keys by store_code, members -1 and -2."""
    con.execute("""
        CREATE OR REPLACE TABLE dim_magasin AS
        SELECT -1 AS magasin_key, CAST(NULL AS INTEGER) AS store_id,
               'Inconnu' AS code_magasin, 'Inconnu' AS nom_magasin, 'Inconnu' AS ville,
               'Inconnu' AS departement, 'Inconnu' AS region
        UNION ALL
        SELECT -2, NULL, 'Boutique en ligne', 'Boutique en ligne', 'Boutique en ligne',
               'Boutique en ligne', 'Boutique en ligne'
        UNION ALL
        SELECT CAST(row_number() OVER (ORDER BY s.store_code) AS INTEGER),
               s.store_id, s.store_code, s.name, s.city, d.name, r.name
        FROM staging.stores AS s
        JOIN staging.departements AS d ON d.departement_code = s.departement_code
        JOIN staging.regions AS r ON r.region_code = d.region_code
    """)
### END SOLUTION
load_dim_store(con)
con.sql("SELECT * FROM dim_magasin ORDER BY magasin_key").df()

# %% labkit={"competences": ["C14"]} nbgrader={"grade": true, "grade_id": "ex03_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 3 : colonnes, un magasin par ligne, clés uniques, membres -1 et -2, appel répétable."""
checks.learner_call("load_dim_store(con)", load_dim_store, con)
dim_magasin = checks.run_query(con, "SELECT * FROM dim_magasin")
checks.assert_columns(
    dim_magasin,
    ["magasin_key", "store_id", "code_magasin", "nom_magasin", "ville", "departement", "region"],
)
nb_magasins = con.execute("SELECT COUNT(*) FROM staging.stores").fetchall()[0][0]
checks.assert_row_count(dim_magasin, nb_magasins + 2)
assert dim_magasin["magasin_key"].is_unique, "magasin_key doit être unique : chaque appel doit remplacer la table."
speciaux = dim_magasin.set_index("magasin_key")
assert {-1, -2} <= set(speciaux.index), "Il manque un membre spécial (-1 inconnu, -2 boutique en ligne)."
assert speciaux.loc[-1, "region"] == "Inconnu" and speciaux.loc[-2, "region"] == "Boutique en ligne", (
    "Les colonnes texte des membres spéciaux doivent valoir 'Inconnu' (-1) et 'Boutique en ligne' (-2)."
)
assert dim_magasin.loc[dim_magasin["magasin_key"] > 0, "store_id"].notna().all(), (
    "Chaque magasin réel doit garder sa clé naturelle store_id."
)
### BEGIN HIDDEN TESTS
with engine.connect() as _conn:
    _src = pd.read_sql(text("""
        SELECT s.store_id, s.store_code AS code_magasin, s.name AS nom_magasin, s.city AS ville,
               d.name AS departement, r.name AS region
        FROM stores s, departements d, regions r
        WHERE s.departement_code = d.departement_code AND d.region_code = r.region_code
    """), _conn)
_src = _src.sort_values("code_magasin").reset_index(drop=True)
_src.insert(0, "magasin_key", range(1, len(_src) + 1))
_special = pd.DataFrame(
    [[-2, None] + ["Boutique en ligne"] * 5, [-1, None] + ["Inconnu"] * 5], columns=_src.columns
)
_expected = pd.concat([_special, _src], ignore_index=True)
_got = dim_magasin.sort_values("magasin_key").reset_index(drop=True)
checks.assert_frame_matches(_got, _expected, ordered=True)
# Surrogate keys must not copy the natural key: renumber the source and load again.
_tmp = duckdb.connect()
_tmp.execute("CREATE SCHEMA staging")
for _name in ["staging.stores", "staging.departements", "staging.regions"]:
    _tmp.register("_src_arrow", con.sql(f"SELECT * FROM {_name}").to_arrow_table())
    _tmp.execute(f"CREATE TABLE {_name} AS SELECT * FROM _src_arrow")
    _tmp.unregister("_src_arrow")
_tmp.execute("UPDATE staging.stores SET store_id = 1000 - store_id")
checks.learner_call("load_dim_store (autres store_id)", load_dim_store, _tmp)
_renumbered = _expected.copy()
_renumbered.loc[_renumbered["magasin_key"] > 0, "store_id"] = 1000 - _renumbered["store_id"]
with checks.context("dim_magasin avec d'autres valeurs de store_id"):
    checks.assert_frame_matches(
        checks.run_query(_tmp, "SELECT * FROM dim_magasin ORDER BY magasin_key"), _renumbered, ordered=True
    )
_tmp.close()
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 4 — La table de faits : recherche de clés et rapprochement
#
# Charger les faits, c'est remplacer chaque **clé naturelle** de la source par la **clé de
# substitution** de la dimension : c'est la **recherche de clé** (*key lookup*). En SQL :
# une jointure **externe** vers chaque dimension sur la clé naturelle, et `COALESCE` vers le
# membre spécial quand la recherche échoue.
#
# ```sql
# SELECT COALESCE(c.client_key, -1) AS client_key, …
# FROM staging.orders AS o
# LEFT JOIN dim_client AS c ON c.customer_id = o.customer_id
# ```
#
# Puis on **rapproche** : le nombre de lignes et les montants de la table de faits doivent
# être ceux de la source. Un écart, c'est une ligne perdue (jointure interne) ou dupliquée
# (clé de dimension non unique) : on ne publie pas un entrepôt qui ne se rapproche pas.
#
# ### Exercice 4 — La table de faits des ventes (3 points)
#
# Écrivez une fonction `load_fact_sales(con)` qui crée (ou remplace) dans `con` la table
# **`fait_ventes`**, au grain **une ligne de commande**, à partir de `staging.orders`,
# `staging.order_lines` et des quatre dimensions, avec ces colonnes, dans cet ordre :
#
# | colonne | contenu |
# |---|---|
# | `date_key` | la clé de `dim_date` du jour de `ordered_at` (`-1` si ce jour n'est pas dans `dim_date`) |
# | `magasin_key` | `-2` si le canal est `'eshop'` ; sinon la clé de `dim_magasin` du `store_id` de la commande (`-1` si introuvable) |
# | `client_key` | la clé de `dim_client` du `customer_id` de la commande (`-1` si `customer_id` est `NULL` ou introuvable) |
# | `produit_key` | la clé de `dim_produit` du `product_id` de la ligne (`-1` si introuvable) |
# | `order_id` | numéro de commande (dimension dégénérée : il ne mérite pas sa propre table) |
# | `line_no` | numéro de ligne |
# | `canal` | `channel` de la commande |
# | `quantite` | `quantity` |
# | `prix_unitaire_eur` | `unit_price_eur` |
# | `remise_eur` | `discount_eur` |
# | `montant_eur` | `quantity * unit_price_eur - discount_eur`, sans arrondi |
#
# Une **vente** est une ligne d'une commande dont le statut n'est **ni `'annulée'` ni
# `'remboursée'`** : les autres lignes n'entrent pas dans la table.
#
# La fonction doit rester juste si une dimension est incomplète : une clé naturelle absente
# de sa dimension donne `-1`, jamais une ligne perdue ni une clé `NULL`.
#
# > **Indice** : partez de `staging.order_lines` joint à `staging.orders` (jointure
# > interne : chaque ligne a sa commande), puis quatre `LEFT JOIN` vers les dimensions et
# > des `COALESCE`. Pour la date : `CAST(o.ordered_at AS DATE) = d.date`. Pour le
# > magasin, un `CASE WHEN o.channel = 'eshop' THEN -2 ELSE … END`.

# %% nbgrader={"grade": false, "grade_id": "ex04_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def load_fact_sales(con):
    """Create fait_ventes (grain: order line) with surrogate key lookups and special members."""
    con.execute("""
        CREATE OR REPLACE TABLE fait_ventes AS
        SELECT COALESCE(d.date_key, -1) AS date_key,
               CASE WHEN o.channel = 'eshop' THEN -2 ELSE COALESCE(m.magasin_key, -1) END
                   AS magasin_key,
               COALESCE(c.client_key, -1) AS client_key,
               COALESCE(p.produit_key, -1) AS produit_key,
               l.order_id,
               l.line_no,
               o.channel AS canal,
               l.quantity AS quantite,
               l.unit_price_eur AS prix_unitaire_eur,
               l.discount_eur AS remise_eur,
               l.quantity * l.unit_price_eur - l.discount_eur AS montant_eur
        FROM staging.order_lines AS l
        JOIN staging.orders AS o ON o.order_id = l.order_id
        LEFT JOIN dim_date AS d ON d.date = CAST(o.ordered_at AS DATE)
        LEFT JOIN dim_magasin AS m ON m.store_id = o.store_id
        LEFT JOIN dim_client AS c ON c.customer_id = o.customer_id
        LEFT JOIN dim_produit AS p ON p.product_id = l.product_id
        WHERE o.status NOT IN ('annulée', 'remboursée')
    """)
### END SOLUTION
load_fact_sales(con)
con.sql("SELECT * FROM fait_ventes ORDER BY order_id, line_no").df().head(apercu_lignes)

# %% labkit={"competences": ["C14"]} nbgrader={"grade": true, "grade_id": "ex04_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 4 : colonnes, rapprochement avec la source (lignes, montants), aucune clé NULL ni orpheline, membres spéciaux."""
checks.learner_call("load_fact_sales(con)", load_fact_sales, con)
faits = checks.run_query(con, "SELECT * FROM fait_ventes")
checks.assert_columns(
    faits,
    ["date_key", "magasin_key", "client_key", "produit_key", "order_id", "line_no", "canal",
     "quantite", "prix_unitaire_eur", "remise_eur", "montant_eur"],
)
with engine.connect() as conn:
    lignes_src, montant_src, sans_client_src = conn.execute(text("""
        SELECT COUNT(*), SUM(l.quantity * l.unit_price_eur - l.discount_eur),
               COUNT(*) FILTER (WHERE o.customer_id IS NULL)
        FROM order_lines l JOIN orders o USING (order_id)
        WHERE o.status NOT IN ('annulée', 'remboursée')
    """)).one()
assert len(faits) == lignes_src, (
    f"fait_ventes a {len(faits)} lignes, la source compte {lignes_src} lignes de vente : "
    "une jointure interne perd-elle des lignes, ou une dimension a-t-elle des doublons ?"
)
assert abs(float(faits["montant_eur"].sum()) - float(montant_src)) < 0.01, (
    "La somme de montant_eur ne se rapproche pas de la source : vérifiez le calcul du montant."
)
cles = ["date_key", "magasin_key", "client_key", "produit_key"]
assert faits[cles].notna().all(axis=None), "Une clé de dimension est NULL : utilisez COALESCE vers -1."
orphelines = con.execute("""
    SELECT COUNT(*) FROM fait_ventes f
    WHERE NOT EXISTS (SELECT 1 FROM dim_date d WHERE d.date_key = f.date_key)
       OR NOT EXISTS (SELECT 1 FROM dim_magasin m WHERE m.magasin_key = f.magasin_key)
       OR NOT EXISTS (SELECT 1 FROM dim_client c WHERE c.client_key = f.client_key)
       OR NOT EXISTS (SELECT 1 FROM dim_produit p WHERE p.produit_key = f.produit_key)
""").fetchall()[0][0]
assert orphelines == 0, f"{orphelines} lignes de faits pointent vers une clé absente de sa dimension."
assert (faits["client_key"] == -1).sum() == sans_client_src, (
    "Les lignes des commandes sans client doivent avoir client_key = -1."
)
assert (faits.loc[faits["canal"] == "eshop", "magasin_key"] == -2).all(), (
    "Les ventes de la boutique en ligne doivent avoir magasin_key = -2."
)
### BEGIN HIDDEN TESTS
_reference_fact = """
SELECT (SELECT d.date_key FROM dim_date d WHERE d.date = o.ordered_at::DATE) AS dk,
       o.channel, o.store_id, o.customer_id, l.product_id,
       l.order_id, l.line_no, l.quantity, l.unit_price_eur, l.discount_eur
FROM staging.orders o, staging.order_lines l
WHERE o.order_id = l.order_id AND o.status IN ('payée', 'livrée', 'en_cours')
"""
_expected_fact = f"""
WITH r AS ({_reference_fact})
SELECT IFNULL(dk, -1) AS date_key,
       IF(channel = 'eshop', -2, IFNULL((SELECT magasin_key FROM dim_magasin m WHERE m.store_id = r.store_id), -1)) AS magasin_key,
       IFNULL((SELECT client_key FROM dim_client c WHERE c.customer_id = r.customer_id), -1) AS client_key,
       IFNULL((SELECT produit_key FROM dim_produit p WHERE p.product_id = r.product_id), -1) AS produit_key,
       order_id, line_no, channel AS canal, quantity AS quantite, unit_price_eur AS prix_unitaire_eur,
       discount_eur AS remise_eur, quantity * unit_price_eur - discount_eur AS montant_eur
FROM r
"""
checks.assert_query_matches(
    con, "SELECT * FROM fait_ventes ORDER BY order_id, line_no",
    _expected_fact + " ORDER BY order_id, line_no", ordered=True,
)
# An incomplete dimension: lookups must fall back to -1, no row lost.
_tmp = duckdb.connect()
_tmp.execute("CREATE SCHEMA staging")
for _name in ["staging.orders", "staging.order_lines", "dim_date", "dim_produit", "dim_client", "dim_magasin"]:
    _arrow = con.sql(f"SELECT * FROM {_name}").to_arrow_table()
    _tmp.register("_src_arrow", _arrow)
    _tmp.execute(f"CREATE TABLE {_name} AS SELECT * FROM _src_arrow")
    _tmp.unregister("_src_arrow")
_lost_store = _tmp.execute("SELECT MIN(store_id) FROM dim_magasin").fetchall()[0][0]
_lost_customer = _tmp.execute(
    "SELECT MIN(customer_id) FROM staging.orders WHERE channel = 'magasin' AND status = 'payée'"
).fetchall()[0][0]
_tmp.execute(f"DELETE FROM dim_magasin WHERE store_id = {_lost_store}")
_tmp.execute(f"DELETE FROM dim_client WHERE customer_id = {_lost_customer}")
_tmp.execute("DELETE FROM dim_produit WHERE product_id = (SELECT MIN(product_id) FROM staging.order_lines)")
_tmp.execute("DELETE FROM dim_date WHERE date = (SELECT MIN(ordered_at)::DATE FROM staging.orders)")
checks.learner_call("load_fact_sales (dimensions incomplètes)", load_fact_sales, _tmp)
with checks.context("load_fact_sales avec des dimensions incomplètes"):
    checks.assert_query_matches(
        _tmp, "SELECT * FROM fait_ventes", _expected_fact, ordered=False,
    )
    assert _tmp.execute("SELECT COUNT(*) FROM fait_ventes").fetchall()[0][0] == lignes_src, (
        "des lignes de vente sont perdues quand une dimension est incomplète : LEFT JOIN et COALESCE."
    )
    assert _tmp.execute("SELECT COUNT(*) FROM fait_ventes WHERE magasin_key = -1").fetchall()[0][0] > 0, (
        "un magasin absent de dim_magasin doit donner magasin_key = -1."
    )
_tmp.close()
### END HIDDEN TESTS

# %% [markdown]
# Le rapprochement en un coup d'œil : la part de chaque membre spécial dans les ventes.
# Une part « Inconnu » élevée côté client est normale ici (les tickets sans carte de
# fidélité) ; côté produit ou magasin, elle signalerait un référentiel incomplet à
# corriger à la source.

# %%
con.sql("""
SELECT 'client' AS dimension, client_key = -1 AS membre_inconnu,
       COUNT(*) AS lignes, SUM(montant_eur) AS montant_eur
FROM fait_ventes GROUP BY ALL
UNION ALL
SELECT 'magasin', magasin_key = -1, COUNT(*), SUM(montant_eur) FROM fait_ventes GROUP BY ALL
UNION ALL
SELECT 'produit', produit_key = -1, COUNT(*), SUM(montant_eur) FROM fait_ventes GROUP BY ALL
ORDER BY dimension, membre_inconnu
""").df()

# %% [markdown]
# ---
# ## Partie 5 — Les rapports à sous-totaux : `ROLLUP`, `CUBE`, `GROUPING SETS`
#
# Le métier veut des tableaux avec **sous-totaux** : par région, puis par magasin dans la
# région, puis par mois, avec le total de chaque magasin, de chaque région et le total
# général. Plutôt que d'écrire quatre `GROUP BY` et de les coller avec `UNION ALL`, SQL
# offre :
#
# - **`GROUP BY GROUPING SETS ((a, b), (a), ())`** : un seul parcours des données, un
#   regroupement par ensemble listé (`()` est le total général) ;
# - **`GROUP BY ROLLUP (a, b, c)`** : raccourci pour les sous-totaux d'une **hiérarchie**,
#   `GROUPING SETS ((a, b, c), (a, b), (a), ())` ;
# - **`GROUP BY CUBE (a, b)`** : **toutes** les combinaisons,
#   `GROUPING SETS ((a, b), (a), (b), ())`, pour un tableau croisé avec ses marges.
#
# Sur une ligne de sous-total, les colonnes « remontées » valent `NULL`. Pour les
# étiqueter, on utilise **`GROUPING(col)`**, qui vaut 1 quand `col` a été remontée sur
# cette ligne et 0 sinon. Ne vous contentez pas de tester `col IS NULL` : une vraie valeur
# `NULL` dans les données se confondrait avec un total.
#
# Exemple : le chiffre d'affaires par canal et par trimestre de 2024, avec le total de
# chaque canal et le total général.

# %%
con.sql("""
SELECT CASE WHEN GROUPING(f.canal) = 1 THEN 'Tous canaux' ELSE f.canal END AS canal,
       CASE WHEN GROUPING(d.trimestre) = 1 THEN 'Année' ELSE 'T' || d.trimestre END AS trimestre,
       GROUPING(f.canal) AS g_canal, GROUPING(d.trimestre) AS g_trimestre,
       SUM(f.montant_eur) AS chiffre_affaires_eur
FROM fait_ventes AS f
JOIN dim_date AS d ON d.date_key = f.date_key
WHERE d.annee = 2024
GROUP BY ROLLUP (f.canal, d.trimestre)
ORDER BY GROUPING(f.canal), f.canal, GROUPING(d.trimestre), d.trimestre
""").df()

# %% [markdown]
# ### Exercice 5 — Le rapport région → magasin → mois (3 points)
#
# La directrice commerciale veut le chiffre d'affaires **2024** des **magasins** (canal
# `'magasin'` : la boutique en ligne n'est pas dans ce rapport) avec les sous-totaux de la
# hiérarchie région → magasin → mois.
#
# Écrivez dans `requete_05` une requête qui renvoie ces colonnes :
#
# - `region` : `dim_magasin.region`, ou `'Toutes régions'` sur la ligne du total général ;
# - `magasin` : `dim_magasin.nom_magasin`, ou `'Tous magasins'` sur les lignes où le
#   magasin est remonté (sous-total de région, total général) ;
# - `annee_mois` : `dim_date.annee_mois`, ou `'Tous mois'` sur les lignes où le mois est
#   remonté ;
# - `niveau` : `'détail'` (une région, un magasin, un mois), `'sous-total magasin'`
#   (tous les mois d'un magasin), `'sous-total région'` (tous les magasins d'une région)
#   ou `'total général'` ;
# - `chiffre_affaires_eur` : la somme de `montant_eur`.
#
# Les étiquettes doivent être calculées avec **`GROUPING()`**. L'ordre des lignes n'est pas
# vérifié (triez-les pour lire le rapport).
#
# > **Indice** : `GROUP BY ROLLUP (m.region, m.nom_magasin, d.annee_mois)` ; pour
# > `niveau`, un `CASE` sur `GROUPING(m.nom_magasin)` et `GROUPING(d.annee_mois)`, et
# > `GROUPING(m.region)`.

# %% nbgrader={"grade": false, "grade_id": "ex05_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
requete_05 = """
SELECT CASE WHEN GROUPING(m.region) = 1 THEN 'Toutes régions' ELSE m.region END AS region,
       CASE WHEN GROUPING(m.nom_magasin) = 1 THEN 'Tous magasins' ELSE m.nom_magasin END AS magasin,
       CASE WHEN GROUPING(d.annee_mois) = 1 THEN 'Tous mois' ELSE d.annee_mois END AS annee_mois,
       CASE
           WHEN GROUPING(m.region) = 1 THEN 'total général'
           WHEN GROUPING(m.nom_magasin) = 1 THEN 'sous-total région'
           WHEN GROUPING(d.annee_mois) = 1 THEN 'sous-total magasin'
           ELSE 'détail'
       END AS niveau,
       SUM(f.montant_eur) AS chiffre_affaires_eur
FROM fait_ventes AS f
JOIN dim_magasin AS m ON m.magasin_key = f.magasin_key
JOIN dim_date AS d ON d.date_key = f.date_key
WHERE f.canal = 'magasin' AND d.annee = 2024
GROUP BY ROLLUP (m.region, m.nom_magasin, d.annee_mois)
ORDER BY GROUPING(m.region), m.region, GROUPING(m.nom_magasin), m.nom_magasin,
         GROUPING(d.annee_mois), d.annee_mois
"""
### END SOLUTION
con.sql(requete_05).df().head(apercu_lignes * 3)

# %% labkit={"competences": ["C14"]} nbgrader={"grade": true, "grade_id": "ex05_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 5 : colonnes, étiquettes avec GROUPING(), un total général, niveaux attendus, chiffres exacts."""
rapport = checks.run_query(con, requete_05)
checks.assert_columns(rapport, ["region", "magasin", "annee_mois", "niveau", "chiffre_affaires_eur"])
assert "grouping" in requete_05.lower(), "Étiquetez les lignes de total avec GROUPING()."
assert rapport[["region", "magasin", "annee_mois", "niveau"]].notna().all(axis=None), (
    "Une étiquette est NULL : chaque ligne de total doit être étiquetée ('Toutes régions', 'Tous magasins', 'Tous mois')."
)
niveaux = set(rapport["niveau"])
assert niveaux == {"détail", "sous-total magasin", "sous-total région", "total général"}, (
    f"Valeurs de niveau obtenues : {sorted(niveaux)}. Relisez l'énoncé (ROLLUP sur trois colonnes)."
)
total = rapport[rapport["niveau"] == "total général"]
with checks.context("lignes de niveau 'total général'"):
    checks.assert_row_count(total, 1)
assert (total["region"] == "Toutes régions").all() and (total["magasin"] == "Tous magasins").all(), (
    "La ligne du total général doit être étiquetée 'Toutes régions' / 'Tous magasins' / 'Tous mois'."
)
detail = rapport.loc[rapport["niveau"] == "détail", "chiffre_affaires_eur"].sum()
assert abs(detail - float(total["chiffre_affaires_eur"].iloc[0])) < 0.01, (
    "Le total général n'est pas la somme des lignes de détail : vérifiez vos filtres et vos jointures."
)
### BEGIN HIDDEN TESTS
_expected_05 = """
WITH base AS (
    SELECT m.region, m.nom_magasin, d.annee_mois, f.montant_eur
    FROM fait_ventes f, dim_magasin m, dim_date d
    WHERE f.magasin_key = m.magasin_key AND f.date_key = d.date_key
      AND f.canal = 'magasin' AND d.date BETWEEN DATE '2024-01-01' AND DATE '2024-12-31'
)
SELECT region, nom_magasin AS magasin, annee_mois, 'détail' AS niveau, SUM(montant_eur) AS chiffre_affaires_eur
FROM base GROUP BY 1, 2, 3
UNION ALL
SELECT region, nom_magasin, 'Tous mois', 'sous-total magasin', SUM(montant_eur) FROM base GROUP BY 1, 2
UNION ALL
SELECT region, 'Tous magasins', 'Tous mois', 'sous-total région', SUM(montant_eur) FROM base GROUP BY 1
UNION ALL
SELECT 'Toutes régions', 'Tous magasins', 'Tous mois', 'total général', SUM(montant_eur) FROM base
"""
checks.assert_query_matches(con, requete_05, _expected_05, ordered=False)
### END HIDDEN TESTS

# %% [markdown]
# ### Exercice 6 — Le tableau croisé rayon × canal (2 points)
#
# Le responsable des achats veut comparer les rayons entre magasins et boutique en ligne,
# **en 2024**, avec les marges du tableau croisé : le total de chaque rayon (tous canaux),
# le total de chaque canal (tous rayons) et le total général.
#
# Écrivez dans `requete_06` une requête qui renvoie :
#
# - `rayon` : `dim_produit.rayon`, ou `'Tous rayons'` quand le rayon est remonté ;
# - `canal` : `fait_ventes.canal`, ou `'Tous canaux'` quand le canal est remonté ;
# - `chiffre_affaires_eur` : la somme de `montant_eur`.
#
# Toutes les ventes 2024 comptent (les deux canaux). Étiquettes avec `GROUPING()` ; l'ordre
# des lignes n'est pas vérifié.
#
# > **Indice** : c'est exactement ce que fait `CUBE` (ou les `GROUPING SETS`
# > équivalents).

# %% nbgrader={"grade": false, "grade_id": "ex06_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
requete_06 = """
SELECT CASE WHEN GROUPING(p.rayon) = 1 THEN 'Tous rayons' ELSE p.rayon END AS rayon,
       CASE WHEN GROUPING(f.canal) = 1 THEN 'Tous canaux' ELSE f.canal END AS canal,
       SUM(f.montant_eur) AS chiffre_affaires_eur
FROM fait_ventes AS f
JOIN dim_produit AS p ON p.produit_key = f.produit_key
JOIN dim_date AS d ON d.date_key = f.date_key
WHERE d.annee = 2024
GROUP BY CUBE (p.rayon, f.canal)
ORDER BY GROUPING(p.rayon), p.rayon, GROUPING(f.canal), f.canal
"""
### END SOLUTION
con.sql(requete_06).df()

# %% labkit={"competences": ["C14"]} nbgrader={"grade": true, "grade_id": "ex06_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 6 : colonnes, marges du tableau croisé (tous rayons, tous canaux), total général exact."""
croise = checks.run_query(con, requete_06)
checks.assert_columns(croise, ["rayon", "canal", "chiffre_affaires_eur"])
assert croise[["rayon", "canal"]].notna().all(axis=None), "Une étiquette est NULL : utilisez GROUPING()."
coin = croise[(croise["rayon"] == "Tous rayons") & (croise["canal"] == "Tous canaux")]
with checks.context("ligne du total général ('Tous rayons', 'Tous canaux')"):
    checks.assert_row_count(coin, 1)
ca_2024 = con.execute("""
    SELECT SUM(montant_eur) FROM fait_ventes
    WHERE date_key BETWEEN 20240101 AND 20241231
""").fetchall()[0][0]
assert abs(float(coin["chiffre_affaires_eur"].iloc[0]) - float(ca_2024)) < 0.01, (
    "Le total général ne vaut pas le chiffre d'affaires 2024 de fait_ventes : vérifiez le filtre sur l'année."
)
assert (croise["canal"] == "Tous canaux").sum() > 1, (
    "Il manque les totaux par rayon (tous canaux) : un ROLLUP ne donne qu'une des deux marges."
)
assert (croise["rayon"] == "Tous rayons").sum() > 1, (
    "Il manque les totaux par canal (tous rayons) : un ROLLUP ne donne qu'une des deux marges."
)
### BEGIN HIDDEN TESTS
_expected_06 = """
SELECT COALESCE(rayon, 'Tous rayons') AS rayon, COALESCE(canal, 'Tous canaux') AS canal,
       SUM(montant_eur) AS chiffre_affaires_eur
FROM (
    SELECT p.rayon, f.canal, f.montant_eur
    FROM fait_ventes f
    JOIN dim_produit p USING (produit_key)
    JOIN dim_date d USING (date_key)
    WHERE year(d.date) = 2024
)
GROUP BY GROUPING SETS ((rayon, canal), (rayon), (canal), ())
"""
checks.assert_query_matches(con, requete_06, _expected_06, ordered=False)
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 6 — Évolutions, cumuls et classements : les fonctions de fenêtre
#
# Une fonction de fenêtre calcule, **pour chaque ligne**, une valeur à partir d'autres
# lignes, sans les regrouper :
#
# - `LAG(x) OVER (PARTITION BY g ORDER BY t)` : la valeur de `x` sur la ligne précédente
#   du même groupe (`NULL` pour la première) ;
# - `SUM(x) OVER (PARTITION BY g ORDER BY t)` : le **cumul** depuis le début du groupe
#   jusqu'à la ligne courante ;
# - `RANK() OVER (PARTITION BY g ORDER BY x DESC)` : le rang dans le groupe (les ex æquo
#   ont le même rang) ; `QUALIFY` filtre sur une fonction de fenêtre, comme `HAVING` filtre
#   sur un agrégat (DuckDB ; ailleurs, une CTE puis un `WHERE`).
#
# On peut appliquer une fonction de fenêtre **au résultat d'un `GROUP BY`** : d'abord
# agréger par mois, puis comparer les mois entre eux. Exemple : le chiffre d'affaires
# mensuel de la boutique en ligne et son cumul sur les deux années.

# %%
con.sql("""
SELECT d.annee_mois,
       SUM(f.montant_eur) AS ca,
       SUM(SUM(f.montant_eur)) OVER (ORDER BY d.annee_mois) AS ca_cumule
FROM fait_ventes AS f
JOIN dim_date AS d ON d.date_key = f.date_key
WHERE f.canal = 'eshop'
GROUP BY d.annee_mois
ORDER BY d.annee_mois
""").df().head(apercu_lignes)

# %% [markdown]
# ### Exercice 7 — Évolution mensuelle et cumul annuel par région (2 points)
#
# Pour le comité de direction : **pour chaque région et chaque mois** où elle a des ventes
# (toutes les ventes de `fait_ventes`, sur toute la période ; la boutique en ligne est la
# « région » `'Boutique en ligne'` de `dim_magasin`), écrivez dans `requete_07` une
# requête qui renvoie :
#
# - `region` : `dim_magasin.region` ;
# - `annee_mois` : `dim_date.annee_mois` ;
# - `chiffre_affaires_eur` : la somme de `montant_eur` de la région ce mois-là ;
# - `ca_mois_precedent` : le chiffre d'affaires de la **ligne précédente de la même
#   région** dans l'ordre des mois (`NULL` pour son premier mois) ;
# - `evolution_pct` : `100 * (chiffre_affaires_eur - ca_mois_precedent) / ca_mois_precedent`,
#   sans arrondi (`NULL` quand il n'y a pas de mois précédent) ;
# - `ca_cumule_annee` : le cumul du chiffre d'affaires de la région **depuis janvier de la
#   même année civile** jusqu'à ce mois inclus (il repart de zéro chaque année).
#
# L'ordre des lignes n'est pas vérifié.
#
# > **Indice** : agrégez par `region`, `annee`, `annee_mois`, puis
# > `LAG(SUM(...)) OVER (PARTITION BY region ORDER BY annee_mois)` et
# > `SUM(SUM(...)) OVER (PARTITION BY region, annee ORDER BY annee_mois)`. Attention à la
# > division : avec des `DECIMAL`, préférez multiplier par `100.0`.

# %% nbgrader={"grade": false, "grade_id": "ex07_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
requete_07 = """
WITH mensuel AS (
    SELECT m.region, d.annee, d.annee_mois, SUM(f.montant_eur) AS chiffre_affaires_eur
    FROM fait_ventes AS f
    JOIN dim_magasin AS m ON m.magasin_key = f.magasin_key
    JOIN dim_date AS d ON d.date_key = f.date_key
    GROUP BY m.region, d.annee, d.annee_mois
), avec_precedent AS (
    SELECT *, LAG(chiffre_affaires_eur) OVER (PARTITION BY region ORDER BY annee_mois)
                  AS ca_mois_precedent
    FROM mensuel
)
SELECT region, annee_mois, chiffre_affaires_eur, ca_mois_precedent,
       100.0 * (chiffre_affaires_eur - ca_mois_precedent) / ca_mois_precedent AS evolution_pct,
       SUM(chiffre_affaires_eur) OVER (PARTITION BY region, annee ORDER BY annee_mois)
           AS ca_cumule_annee
FROM avec_precedent
ORDER BY region, annee_mois
"""
### END SOLUTION
con.sql(requete_07).df().head(apercu_lignes * 3)

# %% labkit={"competences": ["C14"]} nbgrader={"grade": true, "grade_id": "ex07_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 7 : colonnes, une ligne par région et par mois, premier mois sans précédent, cumul qui repart en janvier."""
evolution = checks.run_query(con, requete_07)
checks.assert_columns(
    evolution,
    ["region", "annee_mois", "chiffre_affaires_eur", "ca_mois_precedent", "evolution_pct", "ca_cumule_annee"],
)
assert not evolution.duplicated(["region", "annee_mois"]).any(), (
    "Plusieurs lignes pour une même région et un même mois : regroupez par région et par mois."
)
premiers = evolution.sort_values("annee_mois").groupby("region").head(1)
assert premiers["ca_mois_precedent"].isna().all(), (
    "Le premier mois de chaque région ne doit pas avoir de mois précédent : PARTITION BY region ?"
)
janvier = evolution[evolution["annee_mois"].str.endswith("-01")]
assert (abs(janvier["ca_cumule_annee"] - janvier["chiffre_affaires_eur"]) < 0.01).all(), (
    "En janvier, le cumul annuel doit valoir le chiffre d'affaires du mois : le cumul repart-il chaque année ?"
)
### BEGIN HIDDEN TESTS
_expected_07 = """
WITH g AS (
    SELECT m.region, d.annee_mois, left(d.annee_mois, 4) AS y, SUM(f.montant_eur) AS ca
    FROM fait_ventes f
    JOIN dim_magasin m USING (magasin_key)
    JOIN dim_date d USING (date_key)
    GROUP BY ALL
)
SELECT region, annee_mois, ca AS chiffre_affaires_eur, p.ca_prev AS ca_mois_precedent,
       (ca / p.ca_prev - 1) * 100 AS evolution_pct,
       (SELECT SUM(g2.ca) FROM g g2 WHERE g2.region = g.region AND g2.y = g.y AND g2.annee_mois <= g.annee_mois)
           AS ca_cumule_annee
FROM g
LEFT JOIN LATERAL (
    SELECT g3.ca AS ca_prev FROM g g3
    WHERE g3.region = g.region AND g3.annee_mois < g.annee_mois
    ORDER BY g3.annee_mois DESC LIMIT 1
) p ON true
"""
checks.assert_query_matches(con, requete_07, _expected_07, ordered=False, rtol=1e-6)
### END HIDDEN TESTS

# %% [markdown]
# ### Exercice 8 — Les deux meilleurs magasins de chaque région (2 points)
#
# Pour la remise des trophées 2024 : dans **chaque région**, les magasins classés par
# chiffre d'affaires **2024** décroissant (canal `'magasin'` seulement), en ne gardant que
# ceux de **rang 1 ou 2**. Une région qui n'a qu'un magasin n'en montre qu'un.
#
# Écrivez dans `requete_08` une requête qui renvoie :
#
# - `region` : `dim_magasin.region` ;
# - `magasin` : `dim_magasin.nom_magasin` ;
# - `chiffre_affaires_eur` : le chiffre d'affaires 2024 du magasin ;
# - `rang` : le rang du magasin dans sa région, calculé avec `RANK()` (1 = le meilleur).
#
# L'ordre des lignes n'est pas vérifié.
#
# > **Indice** : `GROUP BY` région et magasin, puis `RANK() OVER (PARTITION BY … ORDER BY
# > SUM(…) DESC)`, filtré par `QUALIFY` (ou par un `WHERE` autour d'une CTE).

# %% nbgrader={"grade": false, "grade_id": "ex08_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
requete_08 = """
WITH ca_magasin AS (
    SELECT m.region, m.nom_magasin AS magasin, SUM(f.montant_eur) AS chiffre_affaires_eur
    FROM fait_ventes AS f
    JOIN dim_magasin AS m ON m.magasin_key = f.magasin_key
    JOIN dim_date AS d ON d.date_key = f.date_key
    WHERE f.canal = 'magasin' AND d.annee = 2024
    GROUP BY m.region, m.nom_magasin
), classement AS (
    SELECT *, RANK() OVER (PARTITION BY region ORDER BY chiffre_affaires_eur DESC) AS rang
    FROM ca_magasin
)
SELECT region, magasin, chiffre_affaires_eur, rang
FROM classement
WHERE rang <= 2
ORDER BY region, rang
"""
### END SOLUTION
con.sql(requete_08).df()

# %% labkit={"competences": ["C14"]} nbgrader={"grade": true, "grade_id": "ex08_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 8 : colonnes, au plus deux magasins par région, rangs 1 et 2, chiffres exacts."""
podium = checks.run_query(con, requete_08)
checks.assert_columns(podium, ["region", "magasin", "chiffre_affaires_eur", "rang"])
assert podium["rang"].between(1, 2).all(), "Ne gardez que les rangs 1 et 2."
assert podium.groupby("region").size().max() <= 2, (
    "Une région a plus de deux magasins : le rang doit être calculé dans chaque région (PARTITION BY)."
)
assert (podium.groupby("region")["rang"].min() == 1).all(), "Chaque région doit avoir son magasin de rang 1."
assert "Boutique en ligne" not in set(podium["region"]), "La boutique en ligne n'est pas un magasin : filtrez le canal."
### BEGIN HIDDEN TESTS
_expected_08 = """
SELECT m.region, m.nom_magasin AS magasin, SUM(f.montant_eur) AS chiffre_affaires_eur,
       RANK() OVER (PARTITION BY m.region ORDER BY SUM(f.montant_eur) DESC) AS rang
FROM fait_ventes f
JOIN dim_magasin m USING (magasin_key)
WHERE f.canal = 'magasin' AND f.date_key BETWEEN 20240101 AND 20241231
GROUP BY m.region, m.nom_magasin
QUALIFY rang < 3
"""
checks.assert_query_matches(con, requete_08, _expected_08, ordered=False)
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 7 — Montrer les réponses
#
# Deux graphiques (non notés) à partir de vos requêtes : l'évolution mensuelle du chiffre
# d'affaires par région (exercice 7), et le chiffre d'affaires 2024 de chaque magasin, lu
# sur les sous-totaux du rapport de l'exercice 5.

# %%
if afficher_graphiques:
    par_mois = con.sql(requete_07).df().sort_values(["region", "annee_mois"])
    fig, ax = plt.subplots(figsize=(10, 4.5))
    for region, lignes in par_mois.groupby("region"):
        ax.plot(pd.to_datetime(lignes["annee_mois"]), lignes["chiffre_affaires_eur"], label=region)
    ax.set_title("Chiffre d'affaires mensuel par région (magasins) et de la boutique en ligne")
    ax.set_xlabel("Mois")
    ax.set_ylabel("Chiffre d'affaires (€)")
    ax.legend(fontsize="small", ncol=2)
    plt.show()

# %% [markdown]
# Chaque courbe est une région (ou la boutique en ligne) : les régions qui comptent
# plusieurs magasins dominent, et une courbe qui démarre en cours de période signale un
# magasin ouvert pendant la période. C'est `ca_mois_precedent` et `evolution_pct` qui
# permettent de chiffrer ces variations d'un mois sur l'autre.

# %%
if afficher_graphiques:
    sous_totaux = con.sql(requete_05).df()
    sous_totaux = sous_totaux[sous_totaux["niveau"] == "sous-total magasin"].sort_values(
        "chiffre_affaires_eur"
    )
    fig, ax = plt.subplots(figsize=(8, max(3, 0.35 * len(sous_totaux))))
    ax.barh(sous_totaux["magasin"] + " (" + sous_totaux["region"] + ")", sous_totaux["chiffre_affaires_eur"])
    ax.set_title("Chiffre d'affaires 2024 par magasin")
    ax.set_xlabel("Chiffre d'affaires (€)")
    ax.set_ylabel("Magasin (région)")
    plt.show()

# %% [markdown]
# Les barres reprennent les lignes `'sous-total magasin'` du rapport de l'exercice 5 : un
# seul `GROUP BY ROLLUP` a fourni à la fois le détail mensuel et ces totaux, sans seconde
# requête.

# %% [markdown]
# ---
# ## Partie 8 — Justifier les choix techniques
#
# ### Question 9 — DuckDB ou PostgreSQL pour cet entrepôt ? (3 points, corrigée par votre formateur ou formatrice)
#
# Votre responsable technique s'interroge : « Pourquoi ne pas avoir construit l'étoile
# directement dans la base PostgreSQL de production, dans un schéma `entrepot` ? Et
# pourquoi un fichier DuckDB plutôt qu'un serveur PostgreSQL dédié à l'analyse ? »
#
# En **10 à 15 lignes**, répondez-lui en vous appuyant sur **ce que vous avez fait et
# mesuré dans ce lab** (durée de l'extraction, volumes, types de requêtes) :
#
# 1. pourquoi séparer l'entrepôt de la base de production ;
# 2. ce qui fait de DuckDB un bon choix **ici** (les paramètres et contraintes du projet) ;
# 3. au moins **deux** situations précises où vous changeriez d'avis pour un serveur
#    (PostgreSQL dédié ou entrepôt en nuage), et pourquoi.

# %% [markdown] labkit={"competences": ["C14"]} nbgrader={"grade": true, "grade_id": "justifier_duckdb", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# **Votre réponse :**
#
# ### BEGIN SOLUTION
# **Séparer de la production.** La base PostgreSQL sert les caisses et la boutique en
# ligne : des requêtes d'analyse qui parcourent deux ans de lignes de commande y
# entreraient en concurrence avec les transactions (CPU, mémoire, verrous, cache), et un
# rapport lent ralentirait les ventes. Son schéma 3FN est fait pour écrire une vente à la
# fois, pas pour agréger : l'étoile (dimensions dénormalisées, date calendaire, membres
# spéciaux) est un autre modèle, qui vit mieux ailleurs. Ici, la production n'a été lue
# qu'une fois, en lecture seule, par `COPY` (quelques secondes), et l'entrepôt ne contient
# que les colonnes utiles, sans données personnelles directes.
#
# **Pourquoi DuckDB ici.** Les requêtes du métier sont des agrégations sur beaucoup de
# lignes et peu de colonnes (`ROLLUP`, `CUBE`, fenêtres) : un moteur **en colonnes et
# vectorisé** ne lit que les colonnes utiles et les traite par blocs, ce qui convient mieux
# qu'un moteur orienté lignes. Les volumes (quelques centaines de milliers de lignes de
# faits, quelques millions à terme) tiennent sur un poste. DuckDB est **embarqué** : pas
# de serveur à installer, à sécuriser ni à administrer, un seul fichier
# (`sortie/entrepot.duckdb`) que l'on peut copier, versionner ou reconstruire en une
# exécution du notebook. C'est cohérent avec les contraintes du projet (une équipe, un
# poste, pas d'infrastructure).
#
# **Quand je changerais d'avis.** (a) Plusieurs utilisateurs ou un outil de BI doivent
# interroger l'entrepôt **en même temps** pendant qu'il se charge : DuckDB n'accepte qu'un
# processus écrivain sur un fichier ; un serveur gère la concurrence. (b) Il faut des
# **droits par rôle** (un directeur de magasin ne voit que son magasin, colonnes
# personnelles masquées) : DuckDB n'a ni utilisateurs, ni `GRANT`, ni sécurité au niveau
# des lignes, PostgreSQL si (lab d'administration). (c) Les volumes dépassent la machine
# (des milliards de lignes, des téraoctets) ou l'entrepôt doit être disponible en
# permanence avec sauvegardes et haute disponibilité : entrepôt en nuage ou PostgreSQL
# dédié administré.
# ### END SOLUTION

# %% [markdown]
# ---
# ## Récapitulatif
#
# | besoin | outil | piège à éviter |
# |---|---|---|
# | sortir des données de PostgreSQL vite | `COPY (SELECT …) TO STDOUT`, puis DuckDB `read_csv` avec les types de la source | laisser deviner les types (`'01'` devient `1`) ; lire la production à chaque requête |
# | une dimension date | `generate_series`, `isodow`, `isoyear`, `week`, fériés calculés en Python | `year` au lieu de `isoyear` pour les semaines ISO ; `dayname` en anglais ; oublier les fêtes mobiles |
# | identifier les membres d'une dimension | clé de substitution (`row_number`, séquence), clé naturelle gardée en colonne | utiliser la clé de la source comme clé de l'entrepôt |
# | ne perdre aucun fait | `LEFT JOIN` + `COALESCE` vers `-1` (inconnu) ou `-2` (sans objet) | jointure interne qui efface les tickets sans client ; clés `NULL` dans les faits |
# | prouver le chargement | rapprochement lignes et montants avec la source | publier sans compter |
# | rapports à sous-totaux | `ROLLUP` (hiérarchie), `CUBE` (tableau croisé), `GROUPING SETS`, `GROUPING()` | étiqueter les totaux avec `IS NULL` ; `ROLLUP` quand on veut toutes les marges |
# | évolutions, cumuls, classements | `LAG`, `SUM … OVER`, `RANK`, `QUALIFY` | oublier `PARTITION BY` ; un cumul qui ne repart pas en janvier |
#
# ## Pour aller plus loin
#
# - Ajoutez à `dim_date` les fériés d'Alsace-Moselle et une colonne `periode_soldes` ;
#   recalculez les jours ouvrés du magasin de Strasbourg.
# - Transformez `extract_to_staging` en chargement **incrémental** sur `updated_at` (lab
#   « ETL » du bloc 3) et rendez `load_fact_sales` idempotent sur une fenêtre de dates.
# - Remplacez la dimension produit par une dimension à variation lente de type 2 (lab
#   « dimensions à variation lente ») : les ventes de février 2024 doivent retrouver
#   l'ancien rayon des *Fruits secs*.
# - Comparez le temps de la requête de l'exercice 5 sur DuckDB et sur PostgreSQL à
#   l'échelle 1 (`EXPLAIN ANALYZE` des deux côtés).
# - Références : Ralph Kimball et Margy Ross, *The Data Warehouse Toolkit* (3e éd.,
#   chapitres 3 et 19 : dimension date, membres spéciaux, rapprochement) ; documentation
#   DuckDB : *GROUPING SETS*, *Window Functions*, *QUALIFY*.
