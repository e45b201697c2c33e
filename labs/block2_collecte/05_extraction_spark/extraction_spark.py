# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Extraire des données d'un système big data : Spark SQL sur le clickstream de Panier Vert
#
# **Bloc BC02** — Collecter, stocker et mettre à disposition les données
#
# **Compétences évaluées :**
#
# - **C8** — Automatiser l'extraction de données depuis un service web, une page web, un
#   fichier de données, une base de données et un **système big data** ;
# - **C9** — Réaliser des requêtes de type SQL d'extraction depuis un SGBD et un
#   **système big data**.
#
# | | |
# |---|---|
# | Durée indicative | 3 heures |
# | Barème | 17 points : 14 corrigés automatiquement (7 exercices), 3 corrigés par votre formateur ou formatrice (1 question ouverte) |
# | Outils | Python, PySpark (Spark SQL et API DataFrame), métastore Hive, Parquet |
#
# ## Comment travailler dans ce lab
#
# Ce notebook est à la fois **le cours et le lab** : chaque partie commence par une courte
# leçon avec des exemples à exécuter, puis vient un exercice.
#
# - Exécutez les cellules **dans l'ordre**, de haut en bas (`Maj + Entrée`).
# - Chaque exercice comporte une **cellule réponse**, qui contient
#   `raise NotImplementedError(...)` : remplacez cette ligne par votre réponse.
#   Ne renommez pas les variables demandées (`requete_01`, `df_02`…) :
#   le correcteur les utilise.
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
# françaises qui vend aussi en ligne. Le site e-commerce enregistre chaque action des
# visiteurs (le *clickstream*) : environ un million d'événements par an pour la chaîne, et
# bien plus lors des opérations commerciales. Les magasins, eux, remontent toutes les heures
# la température de leurs réfrigérateurs et le nombre d'entrées. Ces données ne sont pas
# dans la base de l'e-shop : elles sont stockées en **fichiers** dans le lac de données et
# déclarées comme tables dans le **métastore Hive** ; on les interroge avec **Spark**.
#
# L'équipe marketing vous demande des indicateurs sur le site (sessions, tunnel de
# conversion, produits les plus consultés) ; l'équipe qualité, les alertes de température
# des réfrigérateurs. Vous livrerez vos résultats en Parquet et dans une table Hive.
#
# Les données sont **générées** (fictives, sans personne réelle) par le module
# `labkit.datasets.paniervert`, toujours les mêmes pour une même graine (`seed`).
#
# ### Les deux tables du système big data
#
# | table | stockage | une ligne = | colonnes |
# |---|---|---|---|
# | `panier_vert.clickstream` | JSON lines, un dossier par jour : `clickstream/day=2024-06-03/part-0.jsonl` | un événement du site | `event_id`, `ts` (texte ISO 8601 avec le décalage de Paris), `session_id`, `customer_id` (`NULL` pour un visiteur anonyme), `event_type`, `page`, `product_id`, `device` (structure : `type`, `os`), `properties` (structure : `referrer`, `query`, `results`, `quantity`, `price_eur`, `order_id`, `amount_eur`), **`day`** (date, colonne de partition) |
# | `panier_vert.sensors` | Parquet, un dossier par mois : `sensors/month=2024-06/part-0.parquet` | une mesure horaire d'un capteur en magasin | `store_id`, `sensor_id`, `kind` (`temperature_frigo` en °C ou `comptage_entrees` en personnes par heure), `ts`, `value`, **`month`** (texte, colonne de partition) |
#
# Les valeurs de `event_type` : `page_view`, `search`, `add_to_cart`,
# `remove_from_cart`, `begin_checkout`, `purchase`.
#
# Pièges à garder en tête, nous y reviendrons :
#
# - la colonne `day` **n'existe pas dans les fichiers** : Spark la déduit du nom du dossier.
#   C'est elle, et non `ts`, qui permet de ne lire que les dossiers utiles ;
# - `ts` est un **texte** (avec `+01:00` ou `+02:00`), pas un horodatage ;
# - une session (`session_id`) regroupe plusieurs événements : compter des sessions,
#   c'est compter des identifiants **distincts** ;
# - certaines mesures de capteur sont **manquantes** (`value` vaut `NULL`) et certaines
#   sont **aberrantes** (une sonde défectueuse affiche −40 °C ou 85 °C).

# %% [markdown]
# ## Objectifs
#
# À la fin de ce lab, vous saurez :
#
# 1. ouvrir une session Spark et interroger des tables déclarées dans un métastore Hive ;
# 2. écrire un filtre qui déclenche l'**élagage des partitions** et le vérifier dans le
#    plan d'exécution (`PartitionFilters`) ;
# 3. écrire la même extraction en **Spark SQL** et avec l'**API DataFrame** ;
# 4. agréger un flux d'événements : sessions, tunnel de conversion, classements avec des
#    **fonctions de fenêtre** ;
# 5. repérer des anomalies dans des mesures de capteurs sans vous faire piéger par les
#    `NULL` ;
# 6. écrire un résultat en **Parquet partitionné** et dans une **table Hive**.
#
# ## Prérequis
#
# - Le lab SQL sur les vols de New York (`00_sql_nycflights`) : `GROUP BY`, `CASE`,
#   fonctions de fenêtre.
# - Savoir ce qu'est un DataFrame pandas.
# - Aucune connaissance préalable de Spark n'est nécessaire.

# %% [markdown]
# ## Mise en place
#
# La cellule suivante contient les **paramètres** du lab : l'échelle des données
# (`scale`, 1 par défaut) et la graine du générateur (`seed`). Les outils d'exécution
# automatique peuvent les remplacer.

# %% tags=["parameters"]
# Lab parameters: papermill may override them (papermill -p scale 0.05 ...).
from labkit import config

scale = config.scale()  # size of the generated data (1 for learners)
seed = config.seed()  # seed of the generated data (42 for learners)
dossier_sortie = "sortie"  # folder where the lab writes its files
apercu_lignes = 5  # number of rows shown when previewing a result

# %% [markdown]
# La cellule suivante démarre Spark (une dizaine de secondes), puis déclare les deux
# tables dans le métastore (quelques dizaines de secondes la première fois : Spark
# parcourt les dossiers et déduit le schéma des fichiers JSON). Elle est verrouillée ; si
# quelque chose se passe mal, relancez le noyau (*Kernel* → *Restart Kernel*).

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import os
import re
from pathlib import Path

import pandas as pd
from pyspark.logger import PySparkLogger
from pyspark.sql import functions as F
from pyspark.sql.window import Window

from labkit import checks, services
from labkit.datasets import paniervert

spark = services.spark()  # local Spark session, with a Hive metastore
# pyspark also logs every rejected query as a JSON blob on stderr: the exception says it all
for logger_name in ("SQLQueryContextLogger", "DataFrameQueryContextLogger"):
    PySparkLogger.getLogger(logger_name).disabled = True
services.spark_tables(spark, scale, seed)  # panier_vert.clickstream and panier_vert.sensors

# Generated files (the hidden tests read them with another engine)
donnees = Path(paniervert.path(scale, seed))
# Your outputs go here
sortie = Path(dossier_sortie)
sortie.mkdir(exist_ok=True)
# Your own Hive database, unique to this kernel
base_lab = f"lab05_{os.getpid()}"


def plan_physique(df):
    """The physical plan Spark will run for ``df``, as text (what ``df.explain()`` prints)."""
    return df._jdf.queryExecution().executedPlan().toString()


def executer_sql(nom, requete):
    """``spark.sql(requete)``; if Spark rejects it, a French failure naming the variable."""
    try:
        return spark.sql(requete)
    except Exception as exc:  # ParseException, AnalysisException...
        premiere_ligne = str(exc).strip().splitlines()[0]
        raise checks.CheckFailed(
            f"Spark n'a pas pu exécuter {nom} : {premiere_ligne}. Testez-la dans la cellule réponse."
        ) from None


def filtres_de_partition(df):
    """The contents of every ``PartitionFilters: [...]`` found in the plan of ``df``."""
    return re.findall(r"PartitionFilters: \[([^\]]*)\]", plan_physique(df))


spark.sql("SHOW TABLES IN panier_vert").toPandas()

# %% [markdown]
# ### Premier contact
#
# `spark` est une **session Spark** : le point d'entrée vers le moteur. `spark.sql("...")`
# ne calcule rien tout de suite : il renvoie un **DataFrame Spark**, c'est-à-dire un
# *plan* de calcul. Le calcul n'a lieu qu'au moment où l'on demande un résultat
# (`.toPandas()`, `.collect()`, `.count()`, une écriture…) : on dit que Spark est
# **paresseux** (*lazy*). `.toPandas()` rapatrie le résultat dans un DataFrame pandas que le
# notebook affiche joliment : ne l'utilisez que sur des résultats **petits** (agrégés ou
# limités), car tout passe par la mémoire de votre notebook.

# %%
spark.sql("DESCRIBE TABLE panier_vert.clickstream").toPandas()

# %%
spark.sql("""
SELECT day, ts, session_id, event_type, page, product_id, device.type AS device_type
FROM panier_vert.clickstream
WHERE day = DATE '2024-03-12'
LIMIT 5
""").toPandas()

# %% [markdown]
# Remarquez la notation `device.type` : elle lit un champ d'une **structure** (un objet
# JSON imbriqué). Elle est propre à Spark SQL ; dans PostgreSQL, sur une colonne `jsonb`,
# on écrirait `device ->> 'type'`.
#
# ---
# ## Partie 1 — L'élagage des partitions, vu dans le plan
#
# Dans un système big data, il n'y a **pas d'index**. Les 731 dossiers `day=...` du
# clickstream sont autant de partitions : quand une requête filtre sur la colonne de
# partition `day`, Spark ne liste et n'ouvre que les dossiers concernés. C'est
# l'**élagage des partitions** (*partition pruning*). Un filtre sur `ts`, au contraire, ne
# peut être évalué qu'**après** avoir lu chaque ligne de chaque fichier.
#
# On le vérifie dans le **plan physique** que Spark va exécuter. `df.explain()` l'affiche ;
# la fonction `plan_physique(df)` de la mise en place le renvoie sous forme de texte, et
# `filtres_de_partition(df)` en extrait les listes `PartitionFilters: [...]` de chaque
# lecture de fichiers (`FileScan`). Comparez deux façons de demander les événements du
# 12 mars 2024 :

# %%
par_ts = spark.sql("""
SELECT count(*) AS nb_evenements
FROM panier_vert.clickstream
WHERE ts LIKE '2024-03-12%'
""")
par_day = spark.sql("""
SELECT count(*) AS nb_evenements
FROM panier_vert.clickstream
WHERE day = DATE '2024-03-12'
""")
print("filtre sur ts  :", filtres_de_partition(par_ts))
print("filtre sur day :", filtres_de_partition(par_day))

# %%
par_day.explain()

# %% [markdown]
# Le plan se lit **de bas en haut**. Tout en bas, `FileScan json` lit les fichiers :
#
# - `PartitionFilters: [isnotnull(day#…), (day#… = 2024-03-12)]` : le filtre est appliqué
#   aux **noms des dossiers**, avant toute lecture ;
# - `Location: InMemoryFileIndex(1 paths)` : un seul dossier sera lu, au lieu de 731 ;
# - `PushedFilters` : les filtres transmis au lecteur de fichiers, utiles surtout en
#   Parquet (il peut sauter des blocs entiers grâce aux statistiques min/max) ;
# - `ReadSchema` : les seules colonnes lues.
#
# Avec le filtre sur `ts`, la liste `PartitionFilters` est vide : Spark ouvre les 731
# dossiers pour garder quelques dizaines de lignes. Sur un an de clickstream d'un grand
# site (des téraoctets), la différence se compte en heures et en euros de cluster.
#
# ### Exercice 1 — Les événements du deuxième trimestre 2024 (2 points)
#
# Écrivez dans `requete_01` (une chaîne de caractères) une requête **Spark SQL** sur
# `panier_vert.clickstream` qui compte les événements du **deuxième trimestre 2024**
# (du 1er avril au 30 juin 2024 inclus) par type d'événement.
#
# - Colonnes, dans cet ordre : `event_type`, `nb_evenements` (le nombre d'événements).
# - Tri : `nb_evenements` décroissant, puis `event_type` croissant.
# - La requête doit **élaguer les partitions** : le test lit son plan et vérifie que
#   seuls les dossiers du trimestre sont lus.
#
# > **Indice** : `day` est de type `DATE` ; `DATE '2024-04-01'` est une date littérale, et
# > `BETWEEN` inclut ses deux bornes.

# %% nbgrader={"grade": false, "grade_id": "ex01_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
requete_01 = """
SELECT event_type, count(*) AS nb_evenements
FROM panier_vert.clickstream
WHERE day BETWEEN DATE '2024-04-01' AND DATE '2024-06-30'
GROUP BY event_type
ORDER BY nb_evenements DESC, event_type
"""
### END SOLUTION
spark.sql(requete_01).toPandas()

# %% labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "ex01_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 1 : colonnes, élagage des partitions visible dans le plan, comptages exacts et ordre."""
resultat_01 = executer_sql("requete_01", requete_01)
table_01 = resultat_01.toPandas()
checks.assert_columns(table_01, ["event_type", "nb_evenements"])
filtres_01 = filtres_de_partition(resultat_01)
assert filtres_01 and all("day" in f for f in filtres_01), (
    "Le plan de votre requête ne montre aucun filtre de partition sur day "
    f"(PartitionFilters : {filtres_01}) : Spark lit tous les dossiers du clickstream. "
    "Exprimez la période avec la colonne de partition."
)
### BEGIN HIDDEN TESTS
import duckdb

jours_t2 = [p for p in (donnees / "clickstream").iterdir() if "2024-04-01" <= p.name[4:] <= "2024-06-30"]
lus_01 = [int(n) for n in re.findall(r"InMemoryFileIndex\((\d+) paths\)", plan_physique(resultat_01))]
assert lus_01 and max(lus_01) <= len(jours_t2), (
    f"Votre plan lit {lus_01} dossiers : seuls ceux du trimestre devraient l'être."
)
ref = duckdb.connect()
attendu_01 = ref.sql(f"""
SELECT event_type, count(*) AS nb_evenements
FROM read_json_auto('{donnees}/clickstream/*/*.jsonl', hive_partitioning = true)
WHERE day >= DATE '2024-04-01' AND day < DATE '2024-07-01'
GROUP BY ALL
ORDER BY 2 DESC, 1
""").df()
checks.assert_frame_matches(table_01, attendu_01, ordered=True)
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 2 — Spark SQL ou API DataFrame : deux écritures, un seul moteur
#
# La même extraction s'écrit de deux façons :
#
# - en **Spark SQL**, une chaîne passée à `spark.sql(...)`, comme dans la partie 1 ;
# - avec l'**API DataFrame**, une chaîne de méthodes Python sur `spark.table(...)` :
#   `.filter(...)`, `.groupBy(...)`, `.agg(...)`, `.orderBy(...)`, avec les fonctions de
#   `pyspark.sql.functions` (importé sous le nom `F`).
#
# Les deux produisent **le même plan** : l'optimiseur de Spark (Catalyst) ne voit pas la
# différence. On choisit l'une ou l'autre selon le contexte : SQL pour une requête lisible
# par un analyste, l'API DataFrame pour composer des étapes en Python (fonctions
# réutilisables, paramètres, tests unitaires). Exemple : les recherches du 12 mars 2024
# par type d'appareil, des deux façons.

# %%
exemple_sql = spark.sql("""
SELECT device.type AS device_type,
       count(*) AS nb_recherches,
       count(DISTINCT session_id) AS nb_sessions_recherche
FROM panier_vert.clickstream
WHERE day = DATE '2024-03-12' AND event_type = 'search'
GROUP BY device.type
ORDER BY device_type
""")
exemple_api = (
    spark.table("panier_vert.clickstream")
    .filter((F.col("day") == F.lit("2024-03-12").cast("date")) & (F.col("event_type") == "search"))
    .groupBy(F.col("device.type").alias("device_type"))
    .agg(
        F.count("*").alias("nb_recherches"),
        F.countDistinct("session_id").alias("nb_sessions_recherche"),
    )
    .orderBy("device_type")
)
exemple_api.toPandas()

# %% [markdown]
# Les deux résultats sont identiques, et les deux plans aussi (comparez
# `exemple_sql.explain()` et `exemple_api.explain()`) : le filtre sur `day` devient un
# `PartitionFilters` dans les deux cas.

# %%
exemple_sql.toPandas().equals(exemple_api.toPandas())

# %% [markdown]
# ### Exercice 2 — Les sessions par jour, en SQL et en API DataFrame (2 points)
#
# Pour chaque jour du **deuxième trimestre 2024** (du 1er avril au 30 juin inclus),
# comptez :
#
# - `nb_sessions` : le nombre de sessions **distinctes** (`session_id`) ayant au moins un
#   événement ce jour-là ;
# - `nb_clients` : le nombre de clients **distincts** identifiés (`customer_id` non `NULL`)
#   ayant au moins un événement ce jour-là.
#
# Colonnes, dans cet ordre : `day` (la date), `nb_sessions`, `nb_clients` ; tri par `day`
# croissant. Écrivez-le **deux fois** :
#
# - `requete_02` : une chaîne de caractères contenant la requête Spark SQL ;
# - `df_02` : un DataFrame Spark construit avec l'**API DataFrame** (`spark.table`,
#   `.filter`, `.groupBy`, `.agg`, `.orderBy`), sans `spark.sql`.
#
# Les deux doivent donner exactement le même résultat, et élaguer les partitions.
#
# > **Indice** : `count(DISTINCT x)` en SQL, `F.countDistinct("x")` dans l'API. L'un comme
# > l'autre ignore les `NULL`.

# %% nbgrader={"grade": false, "grade_id": "ex02_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
requete_02 = """
SELECT day,
       count(DISTINCT session_id) AS nb_sessions,
       count(DISTINCT customer_id) AS nb_clients
FROM panier_vert.clickstream
WHERE day BETWEEN DATE '2024-04-01' AND DATE '2024-06-30'
GROUP BY day
ORDER BY day
"""
df_02 = (
    spark.table("panier_vert.clickstream")
    .filter(F.col("day").between(F.lit("2024-04-01").cast("date"), F.lit("2024-06-30").cast("date")))
    .groupBy("day")
    .agg(
        F.countDistinct("session_id").alias("nb_sessions"),
        F.countDistinct("customer_id").alias("nb_clients"),
    )
    .orderBy("day")
)
### END SOLUTION
df_02.toPandas().head(apercu_lignes)

# %% labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "ex02_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 2 : la requête SQL et le DataFrame donnent le même résultat, exact, avec élagage."""
assert isinstance(requete_02, str), "requete_02 doit être une chaîne de caractères (la requête SQL)."
assert hasattr(df_02, "toPandas") and hasattr(df_02, "groupBy"), (
    "df_02 doit être un DataFrame Spark (construit à partir de spark.table(...)), "
    "pas un DataFrame pandas."
)
sql_02 = executer_sql("requete_02", requete_02)
table_sql_02 = sql_02.toPandas()
table_api_02 = df_02.toPandas()
with checks.context("requete_02"):
    checks.assert_columns(table_sql_02, ["day", "nb_sessions", "nb_clients"])
with checks.context("df_02"):
    checks.assert_columns(table_api_02, ["day", "nb_sessions", "nb_clients"])
with checks.context("df_02 comparé à requete_02"):
    checks.assert_frame_matches(table_api_02, table_sql_02, ordered=True)
for nom_02, plan_02 in [("requete_02", sql_02), ("df_02", df_02)]:
    assert filtres_de_partition(plan_02) and all("day" in f for f in filtres_de_partition(plan_02)), (
        f"Le plan de {nom_02} ne montre aucun filtre de partition sur day : "
        "tous les dossiers du clickstream sont lus."
    )
### BEGIN HIDDEN TESTS
import duckdb

ref = duckdb.connect()
attendu_02 = ref.sql(f"""
WITH t2 AS (
    SELECT day, session_id, customer_id
    FROM read_json_auto('{donnees}/clickstream/*/*.jsonl', hive_partitioning = true)
    WHERE day >= DATE '2024-04-01' AND day < DATE '2024-07-01'
)
SELECT s.day, s.nb_sessions, coalesce(c.nb_clients, 0) AS nb_clients
FROM (SELECT day, count(*) AS nb_sessions FROM (SELECT DISTINCT day, session_id FROM t2) GROUP BY day) s
LEFT JOIN (
    SELECT day, count(*) AS nb_clients
    FROM (SELECT DISTINCT day, customer_id FROM t2 WHERE customer_id IS NOT NULL) GROUP BY day
) c USING (day)
ORDER BY s.day
""").df()
attendu_02["day"] = attendu_02["day"].dt.date
with checks.context("requete_02 (sessions et clients distincts de chaque jour, un client compté une fois)"):
    checks.assert_frame_matches(table_sql_02, attendu_02, ordered=True)
with checks.context("df_02 (sessions et clients distincts de chaque jour, un client compté une fois)"):
    checks.assert_frame_matches(table_api_02, attendu_02, ordered=True)
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 3 — Le tunnel de conversion
#
# Le marketing suit le **tunnel de conversion** du site : parmi les sessions, combien
# consultent un produit, combien ajoutent au panier, combien achètent ? Chaque étape se
# compte en sessions **distinctes** qui contiennent au moins un événement du type voulu.
# La technique : l'**agrégation conditionnelle**. `count(DISTINCT CASE WHEN condition THEN
# session_id END)` ne compte que les sessions pour lesquelles la condition est vraie (le
# `CASE` sans `ELSE` vaut `NULL`, que `count` ignore). Exemple, le 12 mars 2024 :

# %%
spark.sql("""
SELECT count(DISTINCT session_id) AS nb_sessions,
       count(DISTINCT CASE WHEN event_type = 'search' THEN session_id END) AS nb_sessions_recherche
FROM panier_vert.clickstream
WHERE day = DATE '2024-03-12'
""").toPandas()

# %% [markdown]
# Le mois d'une date s'obtient avec `date_format(day, 'yyyy-MM')` (texte `'2024-04'`) ;
# attention, les motifs de format de Spark suivent Java (`yyyy`, `MM`), pas ceux de
# PostgreSQL (`YYYY`) ni de DuckDB (`%Y`).
#
# ### Exercice 3 — Le tunnel de conversion par mois (3 points)
#
# Construisez `df_03`, un DataFrame Spark (avec `spark.sql` ou avec l'API DataFrame, au
# choix), qui donne pour chaque **mois du deuxième trimestre 2024** (avril, mai, juin) :
#
# | colonne | définition |
# |---|---|
# | `mois` | le mois de `day`, texte au format `'2024-04'` |
# | `nb_sessions` | sessions distinctes ayant au moins un événement dans le mois |
# | `nb_sessions_vue` | sessions distinctes ayant au moins un `page_view` dans le mois |
# | `nb_sessions_panier` | sessions distinctes ayant au moins un `add_to_cart` dans le mois |
# | `nb_sessions_achat` | sessions distinctes ayant au moins un `purchase` dans le mois |
# | `taux_conversion` | `nb_sessions_achat / nb_sessions`, nombre décimal entre 0 et 1, sans arrondi |
#
# Colonnes dans cet ordre, une ligne par mois, tri par `mois` croissant. Filtrez sur la
# colonne de partition.
#
# > **Indice** : en Spark SQL, `/` entre deux entiers donne un nombre décimal (pas de
# > division entière comme dans PostgreSQL).

# %% nbgrader={"grade": false, "grade_id": "ex03_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
df_03 = spark.sql("""
WITH tunnel AS (
    SELECT date_format(day, 'yyyy-MM') AS mois,
           count(DISTINCT session_id) AS nb_sessions,
           count(DISTINCT CASE WHEN event_type = 'page_view' THEN session_id END) AS nb_sessions_vue,
           count(DISTINCT CASE WHEN event_type = 'add_to_cart' THEN session_id END) AS nb_sessions_panier,
           count(DISTINCT CASE WHEN event_type = 'purchase' THEN session_id END) AS nb_sessions_achat
    FROM panier_vert.clickstream
    WHERE day BETWEEN DATE '2024-04-01' AND DATE '2024-06-30'
    GROUP BY date_format(day, 'yyyy-MM')
)
SELECT *, nb_sessions_achat / nb_sessions AS taux_conversion
FROM tunnel
ORDER BY mois
""")
### END SOLUTION
df_03.toPandas()

# %% labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "ex03_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 3 : colonnes, une ligne par mois, cohérence des étapes du tunnel, valeurs exactes."""
assert hasattr(df_03, "toPandas"), "df_03 doit être un DataFrame Spark."
table_03 = df_03.toPandas()
checks.assert_columns(
    table_03,
    ["mois", "nb_sessions", "nb_sessions_vue", "nb_sessions_panier", "nb_sessions_achat", "taux_conversion"],
)
checks.assert_row_count(table_03, 3)
assert list(table_03["mois"]) == sorted(table_03["mois"]), "Triez les lignes par mois croissant."
etapes_03 = ["nb_sessions_vue", "nb_sessions_panier", "nb_sessions_achat"]
assert (table_03[etapes_03].le(table_03["nb_sessions"], axis=0)).all().all(), (
    "Une étape du tunnel compte plus de sessions que nb_sessions : "
    "comptez des sessions distinctes, pas des événements."
)
assert ((table_03["taux_conversion"] - table_03["nb_sessions_achat"] / table_03["nb_sessions"]).abs() < 1e-9).all(), (
    "taux_conversion doit valoir nb_sessions_achat / nb_sessions, sans arrondi."
)
assert filtres_de_partition(df_03), "Le plan de df_03 n'élague pas les partitions : filtrez sur day."
### BEGIN HIDDEN TESTS
import duckdb

ref = duckdb.connect()
attendu_03 = ref.sql(f"""
WITH ev AS (
    SELECT DISTINCT strftime(day, '%Y-%m') AS mois, session_id, event_type
    FROM read_json_auto('{donnees}/clickstream/*/*.jsonl', hive_partitioning = true)
    WHERE year(day) = 2024 AND month(day) IN (4, 5, 6)
)
SELECT mois,
       count(DISTINCT session_id) AS nb_sessions,
       count(*) FILTER (WHERE event_type = 'page_view') AS nb_sessions_vue,
       count(*) FILTER (WHERE event_type = 'add_to_cart') AS nb_sessions_panier,
       count(*) FILTER (WHERE event_type = 'purchase') AS nb_sessions_achat,
       count(*) FILTER (WHERE event_type = 'purchase') / count(DISTINCT session_id) AS taux_conversion
FROM ev
GROUP BY mois
ORDER BY mois
""").df()
checks.assert_frame_matches(table_03, attendu_03, ordered=True)
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 4 — Classer avec les fonctions de fenêtre
#
# Les fonctions de fenêtre de Spark SQL sont celles du standard, comme dans DuckDB ou
# PostgreSQL : `RANK() OVER (PARTITION BY ... ORDER BY ...)` numérote les lignes **dans
# chaque groupe**, sans réduire le nombre de lignes. Rappel sur les ex æquo :
# `ROW_NUMBER` les départage arbitrairement (1, 2, 3, 4), `RANK` leur donne le même rang et
# saute les suivants (1, 2, 2, 4), `DENSE_RANK` ne saute pas (1, 2, 2, 3).
#
# Spark ne connaît pas `QUALIFY` : pour filtrer sur un rang, on passe par une CTE ou une
# sous-requête. Dans l'API DataFrame, la fenêtre se décrit avec `Window` :
# `F.rank().over(Window.partitionBy("a").orderBy(F.desc("b")))`.
#
# Exemple : pour chaque type d'appareil, les deux systèmes d'exploitation les plus
# fréquents le 12 mars 2024.

# %%
spark.sql("""
WITH par_os AS (
    SELECT device.type AS device_type, device.os AS os, count(*) AS nb_evenements
    FROM panier_vert.clickstream
    WHERE day = DATE '2024-03-12'
    GROUP BY device.type, device.os
)
SELECT *
FROM (
    SELECT *, RANK() OVER (PARTITION BY device_type ORDER BY nb_evenements DESC) AS rang
    FROM par_os
)
WHERE rang <= 2
ORDER BY device_type, rang, os
""").toPandas()

# %% [markdown]
# ### Exercice 4 — Les produits les plus consultés chaque mois (2 points)
#
# Une **consultation** est un événement `page_view` dont `product_id` n'est pas `NULL`
# (une fiche produit). Pour chaque mois du deuxième trimestre 2024, construisez `df_04`,
# un DataFrame Spark, avec les produits les plus consultés :
#
# - colonnes, dans cet ordre : `mois` (texte `'2024-04'`), `product_id`, `nb_vues` (le
#   nombre de consultations du produit dans le mois), `rang` ;
# - `rang` : le rang du produit dans son mois par `nb_vues` décroissant, calculé avec
#   **`RANK`** (les ex æquo partagent le même rang) ;
# - ne gardez que les lignes de `rang` inférieur ou égal à 3 (il peut donc y avoir plus de
#   trois produits dans un mois en cas d'ex æquo) ;
# - tri : `mois`, puis `rang`, puis `product_id` croissants.

# %% nbgrader={"grade": false, "grade_id": "ex04_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
fenetre_mois = Window.partitionBy("mois").orderBy(F.desc("nb_vues"))
df_04 = (
    spark.table("panier_vert.clickstream")
    .filter(F.col("day").between(F.lit("2024-04-01").cast("date"), F.lit("2024-06-30").cast("date")))
    .filter((F.col("event_type") == "page_view") & F.col("product_id").isNotNull())
    .groupBy(F.date_format("day", "yyyy-MM").alias("mois"), "product_id")
    .agg(F.count("*").alias("nb_vues"))
    .withColumn("rang", F.rank().over(fenetre_mois))
    .filter(F.col("rang") <= 3)
    .orderBy("mois", "rang", "product_id")
)
### END SOLUTION
df_04.toPandas().head(apercu_lignes)

# %% labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "ex04_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 4 : colonnes, rangs entre 1 et 3 cohérents avec nb_vues, classement exact avec RANK."""
assert hasattr(df_04, "toPandas"), "df_04 doit être un DataFrame Spark."
table_04 = df_04.toPandas()
checks.assert_columns(table_04, ["mois", "product_id", "nb_vues", "rang"])
assert set(table_04["mois"]) == {"2024-04", "2024-05", "2024-06"}, (
    f"Mois trouvés : {sorted(set(table_04['mois']))} ; attendus : les trois mois du "
    "trimestre, au format '2024-04'."
)
assert table_04["rang"].between(1, 3).all(), "Ne gardez que les rangs 1 à 3."
assert (table_04.groupby("mois")["rang"].min() == 1).all(), "Chaque mois doit commencer au rang 1."
for mois_04, groupe_04 in table_04.groupby("mois"):
    tri_04 = groupe_04.sort_values("rang")
    assert tri_04["nb_vues"].is_monotonic_decreasing, (
        f"En {mois_04}, un meilleur rang a moins de consultations : "
        "classez par nb_vues décroissant."
    )
### BEGIN HIDDEN TESTS
import duckdb

ref = duckdb.connect()
attendu_04 = ref.sql(f"""
SELECT strftime(day, '%Y-%m') AS mois, product_id, count(*) AS nb_vues,
       rank() OVER (PARTITION BY strftime(day, '%Y-%m') ORDER BY count(*) DESC) AS rang
FROM read_json_auto('{donnees}/clickstream/*/*.jsonl', hive_partitioning = true)
WHERE day BETWEEN DATE '2024-04-01' AND DATE '2024-06-30'
  AND event_type = 'page_view' AND product_id IS NOT NULL
GROUP BY mois, product_id
QUALIFY rang <= 3
ORDER BY mois, rang, product_id
""").df()
assert not (attendu_04.duplicated(["mois", "rang"]).any() and not table_04.duplicated(["mois", "rang"]).any()), (
    "Aucun ex æquo dans votre classement, alors que des produits ont le même nombre de "
    "consultations : ils doivent partager le même rang (RANK, pas ROW_NUMBER ni LIMIT)."
)
checks.assert_frame_matches(table_04, attendu_04, ordered=True)
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 5 — Les capteurs des magasins : des anomalies et des `NULL`
#
# La table `panier_vert.sensors` est en **Parquet**, un format en colonnes : Spark ne lit
# que les colonnes utiles et saute les blocs qu'un filtre exclut grâce aux statistiques
# min/max de chaque bloc (regardez `PushedFilters` dans le plan). Les réfrigérateurs
# doivent rester entre 0 et 8 °C ; les capteurs `comptage_entrees` comptent des
# personnes, pas des degrés.
#
# Deux rappels sur les `NULL` (une mesure manquante) :
#
# - `count(*)` compte les lignes, `count(value)` seulement les valeurs non `NULL` ;
# - une comparaison avec `NULL` (`value > 8`) ne vaut ni vrai ni faux, mais `NULL` :
#   la ligne n'est retenue ni par le `WHERE` ni par un `CASE WHEN`.

# %%
spark.sql("""
SELECT kind, count(*) AS nb_lignes, count(value) AS nb_valeurs,
       min(value) AS valeur_min, max(value) AS valeur_max
FROM panier_vert.sensors
WHERE month = '2024-01'
GROUP BY kind
ORDER BY kind
""").toPandas()

# %% [markdown]
# ### Exercice 5 — Les alertes de température par magasin (2 points)
#
# Sur **toute l'année 2024** (toute la table), pour les seules mesures de
# **température de réfrigérateur** (`kind = 'temperature_frigo'`), construisez `df_05`, un
# DataFrame Spark, avec une ligne par magasin :
#
# | colonne | définition |
# |---|---|
# | `store_id` | le magasin |
# | `nb_mesures` | nombre de lignes de mesure, manquantes comprises |
# | `nb_manquantes` | nombre de mesures dont `value` est `NULL` |
# | `nb_alertes` | nombre de mesures **connues** hors de la plage autorisée : `value < 0` ou `value > 8` |
#
# Colonnes dans cet ordre ; tri par `nb_alertes` décroissant, puis `store_id` croissant.

# %% nbgrader={"grade": false, "grade_id": "ex05_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
df_05 = spark.sql("""
SELECT store_id,
       count(*) AS nb_mesures,
       count(*) - count(value) AS nb_manquantes,
       count_if(value < 0 OR value > 8) AS nb_alertes
FROM panier_vert.sensors
WHERE kind = 'temperature_frigo'
GROUP BY store_id
ORDER BY nb_alertes DESC, store_id
""")
### END SOLUTION
df_05.toPandas().head(apercu_lignes)

# %% labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "ex05_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 5 : colonnes, un magasin par ligne, comptages cohérents et exacts, ordre."""
assert hasattr(df_05, "toPandas"), "df_05 doit être un DataFrame Spark."
table_05 = df_05.toPandas()
checks.assert_columns(table_05, ["store_id", "nb_mesures", "nb_manquantes", "nb_alertes"])
assert table_05["store_id"].is_unique, "Chaque magasin doit apparaître sur une seule ligne : GROUP BY store_id."
assert (table_05["nb_manquantes"] + table_05["nb_alertes"] <= table_05["nb_mesures"]).all(), (
    "Pour un magasin, nb_manquantes + nb_alertes dépasse nb_mesures : une mesure manquante "
    "n'est pas une alerte, et nb_mesures compte toutes les lignes."
)
### BEGIN HIDDEN TESTS
import pyarrow.dataset as pads

capteurs_05 = pads.dataset(donnees / "sensors", format="parquet", partitioning="hive").to_table().to_pandas()
frigo_05 = capteurs_05[capteurs_05["kind"] == "temperature_frigo"].assign(
    manquante=lambda d: d["value"].isna(),
    alerte=lambda d: (d["value"] < 0) | (d["value"] > 8),
)
attendu_05 = (
    frigo_05.groupby("store_id")
    .agg(nb_mesures=("value", "size"), nb_manquantes=("manquante", "sum"), nb_alertes=("alerte", "sum"))
    .reset_index()
    .sort_values(["nb_alertes", "store_id"], ascending=[False, True])
)
with checks.context("alertes = mesures connues hors de [0, 8] ; une mesure manquante n'est ni une alerte ni exclue de nb_mesures"):
    checks.assert_frame_matches(table_05, attendu_05, ordered=True)
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 6 — Livrer les résultats : Parquet partitionné et table Hive
#
# Une extraction n'est utile que si son résultat est **livré** là où les autres le
# trouvent. Deux façons de faire avec Spark :
#
# - **écrire des fichiers** : `df.write.mode("overwrite").partitionBy("col").parquet(chemin)`
#   crée un dossier `col=valeur` par valeur de la colonne de partition, comme le
#   clickstream. La colonne de partition **n'est plus dans les fichiers** : elle est dans
#   le nom des dossiers, et les lecteurs (Spark, DuckDB, pandas avec pyarrow) la
#   reconstituent. `mode("overwrite")` remplace une livraison précédente ; sans lui, une
#   deuxième exécution échoue parce que le dossier existe ;
# - **écrire une table** du métastore : `df.write.mode("overwrite").saveAsTable("base.table")`
#   crée une table **gérée** (*managed*) : Spark range les fichiers dans son entrepôt
#   (*warehouse*) et la déclare dans le métastore ; d'autres utilisateurs la lisent alors
#   par son nom, sans connaître son chemin. `DROP TABLE` supprime alors aussi les fichiers
#   (contrairement aux tables **externes** `panier_vert.*`, dont les fichiers restent).
#
# Exemple : l'exemple de la partie 2 écrit en Parquet, puis relu avec pandas.

# %%
chemin_exemple = sortie / "exemple_recherches"
exemple_api.write.mode("overwrite").partitionBy("device_type").parquet(str(chemin_exemple))
print(sorted(p.name for p in chemin_exemple.iterdir()))
pd.read_parquet(chemin_exemple)

# %% [markdown]
# ### Exercice 6 — Livrer le classement des produits en Parquet partitionné (2 points)
#
# Écrivez le DataFrame `df_04` de l'exercice 4 au format **Parquet**, **partitionné par
# `mois`**, dans le dossier `sortie/top_produits` (variable `chemin_06`, déjà définie
# ci-dessous), en remplaçant une éventuelle écriture précédente. Puis relisez-le avec
# **Spark** dans `relu_06`, un DataFrame Spark.

# %% nbgrader={"grade": false, "grade_id": "ex06_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
chemin_06 = sortie / "top_produits"
### BEGIN SOLUTION
df_04.write.mode("overwrite").partitionBy("mois").parquet(str(chemin_06))
relu_06 = spark.read.parquet(str(chemin_06))
### END SOLUTION
relu_06.toPandas().head(apercu_lignes)

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex06_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 6 : dossier Parquet partitionné par mois, relu par Spark, contenu identique au classement."""
assert chemin_06.is_dir(), f"Le dossier {chemin_06} n'existe pas : écrivez df_04 avec df_04.write."
dossiers_06 = sorted(p.name for p in chemin_06.iterdir() if p.is_dir())
assert dossiers_06 and all(d.startswith("mois=") for d in dossiers_06), (
    f"Sous-dossiers trouvés dans {chemin_06} : {dossiers_06}. Une écriture partitionnée "
    "par mois crée un dossier mois=... par mois : utilisez partitionBy."
)
assert hasattr(relu_06, "toPandas"), "relu_06 doit être un DataFrame Spark relu depuis le dossier."
table_06 = relu_06.toPandas()
table_06["mois"] = table_06["mois"].astype(str)
checks.assert_columns(table_06, ["mois", "product_id", "nb_vues", "rang"])
with checks.context("relu_06 comparé à df_04"):
    checks.assert_frame_matches(table_06, df_04.toPandas())
### BEGIN HIDDEN TESTS
import duckdb

assert dossiers_06 == ["mois=2024-04", "mois=2024-05", "mois=2024-06"], (
    f"Sous-dossiers inattendus : {dossiers_06}."
)
ref = duckdb.connect()
fichiers_06 = ref.sql(
    f"SELECT mois, product_id, nb_vues, rang FROM read_parquet('{chemin_06}/*/*.parquet', hive_partitioning = true)"
).df()
fichiers_06["mois"] = fichiers_06["mois"].astype(str)
# Exercise 6 grades the delivery of df_04 (read back by another engine), not the ranking
# itself: a wrong df_04 already costs the points of exercise 4.
with checks.context("fichiers Parquet relus par un autre moteur, comparés à df_04"):
    checks.assert_frame_matches(fichiers_06, df_04.toPandas())
### END HIDDEN TESTS

# %% [markdown]
# ### Exercice 7 — Livrer les alertes dans une table Hive (1 point)
#
# Chaque noyau a sa propre base Hive, dont le nom est dans la variable `base_lab` (définie
# dans la mise en place ; elle est supprimée à la fin du lab). Créez cette base si elle
# n'existe pas, puis enregistrez le DataFrame `df_05` de l'exercice 5 comme **table gérée**
# nommée `alertes_frigo` dans cette base, en remplaçant une éventuelle version précédente.
# Mettez le nom complet de la table (`"<base>.alertes_frigo"`) dans la variable `table_07`.
#
# > **Indice** : `spark.sql(f"CREATE DATABASE IF NOT EXISTS {base_lab}")`, puis
# > `saveAsTable`.

# %% nbgrader={"grade": false, "grade_id": "ex07_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
table_07 = f"{base_lab}.alertes_frigo"
spark.sql(f"CREATE DATABASE IF NOT EXISTS {base_lab}")
df_05.write.mode("overwrite").saveAsTable(table_07)
### END SOLUTION
spark.sql(f"SHOW TABLES IN {base_lab}").toPandas()

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex07_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Exercice 7 : la table gérée alertes_frigo existe dans base_lab et contient les alertes."""
assert table_07 == f"{base_lab}.alertes_frigo", (
    f"table_07 vaut {table_07!r} : elle doit contenir le nom complet base.table, "
    "avec la base base_lab et la table alertes_frigo."
)
assert spark.catalog.tableExists(f"{base_lab}.alertes_frigo"), (
    f"La table alertes_frigo n'existe pas dans la base {base_lab} : utilisez saveAsTable."
)
table_lue_07 = spark.table(table_07).toPandas()
with checks.context(f"la table {table_07}"):
    checks.assert_frame_matches(table_lue_07, df_05.toPandas())
### BEGIN HIDDEN TESTS
infos_07 = spark.catalog.getTable(table_07)
assert infos_07.tableType == "MANAGED", (
    f"La table {table_07} est de type {infos_07.tableType} : créez une table gérée avec saveAsTable."
)
# Exercise 7 grades the delivery of df_05 (compared in the visible test), not the alerts
# themselves: a wrong df_05 already costs the points of exercise 5.
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 7 — Question ouverte : Spark ou un moteur sur une seule machine ? (3 points)
#
# Dans ce lab, DuckDB (un moteur analytique qui tourne sur une seule machine) aurait lu
# les mêmes fichiers, plus vite que Spark : les corrections cachées l'utilisent d'ailleurs
# pour calculer les résultats attendus. La direction de Panier Vert vous demande :
# **faut-il garder Spark pour le clickstream, ou passer à DuckDB ?**
#
# Répondez en **10 à 15 lignes** dans la cellule ci-dessous. Appuyez-vous sur ce que vous
# avez observé dans ce lab (temps de démarrage, élagage des partitions, écriture en table
# Hive) et sur des arguments de **volume** (taille des données aujourd'hui et dans trois
# ans) et de **vélocité** (fréquence d'arrivée des événements, délai attendu des
# indicateurs). Concluez par une recommandation et la condition qui la ferait changer.
# Cette réponse est corrigée par votre formateur ou formatrice.

# %% [markdown] labkit={"competences": ["C8", "C9"]} nbgrader={"grade": true, "grade_id": "spark_ou_duckdb", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# **Votre réponse :**
#
# ### BEGIN SOLUTION
# Aujourd'hui, le clickstream de Panier Vert pèse environ un million d'événements par an,
# soit quelques centaines de mégaoctets de JSON : il tient sur le disque et dans la
# mémoire d'une seule machine. Pour ce **volume**, DuckDB est plus simple et plus rapide :
# pas de JVM à démarrer (Spark met une dizaine de secondes à démarrer et autant à
# inférer le schéma du JSON), pas de cluster à administrer, et il sait lui aussi élaguer
# les partitions `day=...` et lire le Parquet en colonnes.
#
# Spark devient le bon choix quand une seule machine ne suffit plus : un volume de
# plusieurs centaines de gigaoctets ou de téraoctets (historique de plusieurs années,
# croissance du site, événements plus détaillés), des agrégations avec de gros
# *shuffles* (sessions, jointures avec les commandes) qui dépassent la mémoire, ou une
# **vélocité** qui impose un traitement continu (Structured Streaming sur un flux
# d'événements toutes les secondes, indicateurs à la minute pendant les soldes). Spark
# apporte aussi le métastore Hive partagé (tables par leur nom, comme `saveAsTable`), la
# tolérance aux pannes et le passage à l'échelle horizontal sur un cluster.
#
# Recommandation : pour les indicateurs quotidiens actuels, passer à DuckDB (ou le garder
# pour l'exploration), en conservant le stockage partitionné par jour, lisible par les
# deux moteurs ; revenir à Spark (ou le garder pour le traitement de nuit) dès que le
# volume dépasse la mémoire et le disque d'une machine, ou si le marketing demande des
# indicateurs en temps quasi réel.
# ### END SOLUTION

# %% [markdown]
# ---
# ## Nettoyage
#
# La cellule suivante supprime votre base Hive `base_lab` (et les fichiers de sa table
# gérée). Les tables externes `panier_vert.*` et vos fichiers dans `sortie/` restent.

# %%
spark.sql(f"DROP DATABASE IF EXISTS {base_lab} CASCADE")

# %% [markdown]
# ---
# ## Récapitulatif
#
# | besoin | outil Spark | piège à éviter |
# |---|---|---|
# | lire peu de données dans une grosse table | filtre sur la colonne de partition (`day`) | un filtre sur `ts` lit tous les dossiers : vérifiez `PartitionFilters` |
# | comprendre ce que Spark va faire | `df.explain()`, lu de bas en haut | Spark est paresseux : rien n'est calculé avant une action |
# | écrire une extraction | Spark SQL ou API DataFrame | même plan : choisissez la lisibilité |
# | rapatrier un résultat | `.toPandas()` | seulement sur un résultat petit (agrégé, limité) |
# | compter des sessions | `count(DISTINCT session_id)` | `count(*)` compte des événements |
# | étapes d'un tunnel | `count(DISTINCT CASE WHEN ... THEN session_id END)` | un taux se définit par son dénominateur |
# | classer dans un groupe | `RANK() OVER (PARTITION BY ... ORDER BY ...)` | pas de `QUALIFY` dans Spark ; `ROW_NUMBER` coupe les ex æquo |
# | mesures manquantes | `count(*)` vs `count(value)` | une comparaison avec `NULL` n'est jamais vraie |
# | livrer des fichiers | `write.mode("overwrite").partitionBy(...).parquet(...)` | la colonne de partition est dans le nom des dossiers |
# | livrer une table | `saveAsTable("base.table")` | une table gérée emporte ses fichiers au `DROP` |
#
# Pour la certification, **C9** demande des requêtes d'extraction depuis un SGBD **et** un
# système big data, et **C8** l'automatisation de l'extraction depuis un système big
# data : ce lab couvre le côté big data des deux.

# %% [markdown]
# ## Pour aller plus loin
#
# - **Mesurez l'élagage** : chronométrez (`%time`) la requête de l'exercice 1 avec le
#   filtre sur `day`, puis avec un filtre sur `ts`. À l'échelle 1, l'écart se voit.
# - **Schéma explicite** : l'inférence du schéma JSON lit toutes les données. Lisez le
#   clickstream avec `spark.read.schema("...").json(...)` et comparez le temps.
# - **Tunnel ordonné** : une session qui achète sans avoir consulté de fiche produit
#   existe-t-elle ? Utilisez `min(ts)` par étape pour vérifier l'ordre des événements.
# - **Spark Connect** : avec la variable `SPARK_REMOTE=sc://hôte:15002`, le même code
#   s'exécute sur un cluster distant (voir `docs/services.md`).
# - **Documentation** : le guide Spark SQL
#   (<https://spark.apache.org/docs/latest/sql-programming-guide.html>) et la référence des
#   fonctions (<https://spark.apache.org/docs/latest/api/sql/>).
