# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Extraire des données avec SQL : les vols au départ de New York
#
# **Bloc BC02** — Collecter, stocker et mettre à disposition les données
#
# **Compétence évaluée : C9** — Réaliser des requêtes de type SQL d'extraction depuis un
# système de gestion de bases de données (SGBD).
#
# | | |
# |---|---|
# | Durée indicative | 3 heures |
# | Barème | 26 points : 23 corrigés automatiquement (11 exercices), 3 corrigés par votre formateur ou formatrice (1 question ouverte) |
# | Outils | Python, DuckDB (un SGBD analytique qui tourne dans le notebook, sans serveur) |
#
# ## Comment travailler dans ce lab
#
# Ce notebook est à la fois **le cours et le lab** : chaque partie commence par une courte
# leçon avec des exemples à exécuter, puis vient un exercice.
#
# - Exécutez les cellules **dans l'ordre**, de haut en bas (`Maj + Entrée`).
# - Chaque exercice comporte une **cellule réponse**, qui contient
#   `raise NotImplementedError(...)` : remplacez cette ligne par votre réponse.
#   Ne renommez pas les variables demandées (`requete_01`, `requete_02`…) :
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
# Vous rejoignez l'équipe data d'un cabinet de conseil qui accompagne les aéroports de
# New York. Le responsable des opérations aériennes vous confie l'historique de tous les
# vols de l'année 2013 et vous pose une série de questions : quels vols ont été les plus
# retardés lors des tempêtes de neige ? Quelles compagnies, quelles liaisons posent
# problème ? Quelles données manquent au référentiel ? Votre outil : **SQL**.
#
# Les données sont **réelles et publiques** : le jeu `nycflights13` (Bureau of
# Transportation Statistics des États-Unis, mis en forme par Hadley Wickham, licence CC0).
# Il contient les 336 776 vols programmés en 2013 au départ des trois aéroports de
# New York : JFK, LaGuardia (LGA) et Newark (EWR).
#
# > Dans les labs suivants, vous retrouverez l'étude de cas fil rouge du cours,
# > **Panier Vert**, une chaîne fictive d'épiceries bio françaises. Ici, on s'entraîne
# > d'abord sur des données réelles, sans données personnelles.
#
# ### Les cinq tables
#
# | table | une ligne = | colonnes utiles |
# |---|---|---|
# | `flights` | un vol programmé | `year`, `month`, `day` (date locale du vol), `dep_time`, `sched_dep_time`, `arr_time`, `sched_arr_time` (heures locales au format *hhmm* : 1530 = 15 h 30), `dep_delay`, `arr_delay` (retards en minutes, négatifs si en avance), `carrier`, `flight`, `tailnum`, `origin`, `dest`, `air_time` (minutes), `distance` (miles), `hour`, `minute`, `time_hour` |
# | `airlines` | une compagnie | `carrier` (code), `name` |
# | `airports` | un aéroport | `faa` (code), `name`, `lat`, `lon`, `alt`, `tz`, `dst`, `tzone` |
# | `planes` | un avion | `tailnum` (immatriculation), `year` (année de construction), `type`, `manufacturer`, `model`, `engines`, `seats`, `speed`, `engine` |
# | `weather` | une heure de météo à un aéroport | `origin`, `time_hour`, `temp`, `wind_speed`, `precip`, `visib`… |
#
# Les **clés** qui relient les tables :
#
# - `flights.carrier` → `airlines.carrier`
# - `flights.origin` et `flights.dest` → `airports.faa`
# - `flights.tailnum` → `planes.tailnum`
# - `flights.(origin, time_hour)` → `weather.(origin, time_hour)`
#
# Trois particularités à garder en tête, nous y reviendrons :
#
# - un vol **annulé** n'a pas d'heure de départ réelle : `dep_time`, `dep_delay`,
#   `arr_time` et `arr_delay` valent `NULL` ;
# - les heures *hhmm* ne contiennent pas la date : un départ à `40` signifie 0 h 40,
#   éventuellement le lendemain du jour prévu ;
# - `time_hour` est exprimé en **temps universel (UTC)**, pas en heure de New York.

# %% [markdown]
# ## Objectifs
#
# À la fin de ce lab, vous saurez :
#
# 1. filtrer et trier des lignes (`SELECT`, `WHERE`, `ORDER BY`, `LIMIT`) ;
# 2. relier des tables par des jointures internes et externes (`INNER JOIN`, `LEFT JOIN`) ;
# 3. agréger des données (`GROUP BY`, `HAVING`) ;
# 4. structurer une requête en étapes nommées (`WITH`, les CTE) ;
# 5. classer et cumuler avec les fonctions de fenêtre (`RANK`, `SUM … OVER`) ;
# 6. manipuler des dates sans vous faire piéger par les fuseaux horaires ;
# 7. raisonner juste en présence de `NULL` (`COUNT`, `COALESCE`, le piège de `NOT IN`) ;
# 8. lire un plan d'exécution (`EXPLAIN ANALYZE`).
#
# ## Prérequis
#
# - Savoir exécuter une cellule de notebook et affecter une chaîne de caractères à une
#   variable Python (`x = """..."""`).
# - Connaître les notions de table, de ligne et de colonne.
# - Aucune connaissance préalable de SQL avancé ni de DuckDB n'est nécessaire.

# %% [markdown]
# ## Mise en place
#
# La cellule suivante contient les **paramètres** du lab. Vous pouvez les modifier ;
# les outils d'exécution automatique (papermill) peuvent aussi les remplacer.

# %% tags=["parameters"]
# Lab parameters: papermill may override them (papermill -p apercu_lignes 10 ...).
apercu_lignes = 5  # number of rows shown when previewing a result
afficher_graphiques = True  # False skips the (non-graded) plots

# %% [markdown]
# La cellule suivante charge les données dans une base DuckDB **en mémoire** : vous pouvez
# tout essayer, rien n'est modifié sur le disque. Elle est verrouillée ; si quelque chose
# se passe mal, relancez simplement le noyau (*Kernel* → *Restart Kernel*).

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import matplotlib.pyplot as plt

from labkit import checks
from labkit.datasets import nycflights13

# In-memory DuckDB database holding the five nycflights13 tables.
con = nycflights13.connect()
con.sql("SHOW TABLES").df()

# %% [markdown]
# ### Premier contact
#
# `con.sql("...")` exécute une requête SQL ; `.df()` convertit le résultat en tableau
# pandas, que le notebook affiche joliment. `DESCRIBE` donne les colonnes d'une table
# et leur type :

# %%
con.sql("DESCRIBE flights").df()[["column_name", "column_type"]]

# %%
con.sql("SELECT * FROM flights LIMIT 5").df()

# %% [markdown]
# Dans ce lab, chaque réponse est une **requête SQL écrite dans une chaîne Python**
# entre triples guillemets, ce qui permet de l'écrire sur plusieurs lignes :
#
# ```python
# requete_00 = """
# SELECT origin, dest
# FROM flights
# LIMIT 3
# """
# con.sql(requete_00).df()
# ```

# %% [markdown]
# ---
# ## Partie 1 — Filtrer et trier : `SELECT`, `WHERE`, `ORDER BY`
#
# Une requête d'extraction se lit dans cet ordre :
#
# ```sql
# SELECT colonnes          -- 5. ce que l'on garde (et comment on le nomme)
# FROM table               -- 1. d'où viennent les lignes
# WHERE condition          -- 2. quelles lignes on garde
# ORDER BY colonne DESC    -- 6. dans quel ordre
# LIMIT n                  -- 7. combien
# ```
#
# Les numéros donnent l'ordre dans lequel le SGBD **évalue** la requête (les étapes 3 et 4,
# `GROUP BY` et `HAVING`, viennent en partie 3). C'est pourquoi un alias défini dans le
# `SELECT` n'est pas utilisable dans le `WHERE` en SQL standard (DuckDB le tolère,
# PostgreSQL le refuse).
#
# Quelques règles à connaître :
#
# - les chaînes s'écrivent entre **apostrophes** : `origin = 'JFK'` (les guillemets
#   doubles `"..."` désignent des noms de colonnes) ;
# - `AND` est prioritaire sur `OR` : `a OR b AND c` signifie `a OR (b AND c)`.
#   Mettez des parenthèses dès que vous mélangez les deux ;
# - `dest IN ('LAX', 'SFO')` remplace `dest = 'LAX' OR dest = 'SFO'` ;
#   `distance BETWEEN 1000 AND 2000` inclut les deux bornes ;
# - `ORDER BY` accepte plusieurs clés : `ORDER BY dep_delay DESC, carrier` trie par retard
#   décroissant puis, **à retard égal**, par compagnie. Sans clé de départage, l'ordre des
#   ex æquo n'est pas garanti et peut changer d'une exécution à l'autre.
#
# Exemple : le jour de Noël, les cinq vols de JFK vers Los Angeles ou San Francisco partis
# avec le plus de retard, départagés par compagnie puis par numéro de vol.

# %%
con.sql("""
SELECT carrier, flight, dest, sched_dep_time, dep_delay
FROM flights
WHERE month = 12 AND day = 25
  AND origin = 'JFK'
  AND dest IN ('LAX', 'SFO')
ORDER BY dep_delay DESC, carrier, flight
LIMIT 5
""").df()

# %% [markdown]
# ### Exercice 1 — Le jour le plus retardé de l'année (1 point)
#
# Le **8 mars 2013** est la journée où le retard moyen au départ a été le plus élevé de
# l'année : une tempête de neige touchait la côte Est.
#
# Écrivez dans `requete_01` une requête qui liste les vols partis de **LaGuardia** (`LGA`)
# ce jour-là avec **au moins 240 minutes** (4 heures) de retard au départ.
#
# - Colonnes, dans cet ordre : `carrier`, `flight`, `dest`, `sched_dep_time`, `dep_time`,
#   `dep_delay`.
# - Tri : `dep_delay` décroissant, puis `carrier` et `flight` croissants pour départager
#   les ex æquo.
#
# > **Indice** : la date d'un vol est répartie dans trois colonnes, `year`, `month` et
# > `day`. « Au moins 240 » s'écrit `>= 240`.

# %% nbgrader={"grade": false, "grade_id": "ex01_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
requete_01 = """
SELECT carrier, flight, dest, sched_dep_time, dep_time, dep_delay
FROM flights
WHERE year = 2013 AND month = 3 AND day = 8
  AND origin = 'LGA'
  AND dep_delay >= 240
ORDER BY dep_delay DESC, carrier, flight
"""
### END SOLUTION
con.sql(requete_01).df().head(apercu_lignes)

# %% labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "ex01_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Exercice 1 : colonnes demandées, retards d'au moins 240 minutes, bonnes lignes dans le bon ordre."""
result = checks.run_query(con, requete_01)
checks.assert_columns(
    result, ["carrier", "flight", "dest", "sched_dep_time", "dep_time", "dep_delay"]
)
assert (result["dep_delay"] >= 240).all(), (
    "Certaines lignes ont moins de 240 minutes de retard au départ : vérifiez votre WHERE."
)
### BEGIN HIDDEN TESTS
expected = """
SELECT carrier, flight, dest, sched_dep_time, dep_time, dep_delay
FROM flights
WHERE make_date(year, month, day) = DATE '2013-03-08'
  AND origin = 'LGA' AND dep_delay >= 240
ORDER BY dep_delay DESC, carrier, flight
"""
checks.assert_query_matches(con, requete_01, expected, ordered=True)
### END HIDDEN TESTS

# %% [markdown]
# Regardez la colonne `dep_time` de votre résultat : un vol peut afficher un départ réel
# à `40` avec plus de 400 minutes de retard. Il est parti à 0 h 40… **le lendemain**.
# Les heures *hhmm* ne portent pas la date : ne les comparez jamais entre elles sans
# précaution. Les retards (`dep_delay`), eux, sont fiables.

# %% [markdown]
# ---
# ## Partie 2 — Relier des tables : les jointures
#
# La table `flights` ne contient que des codes (`carrier = 'UA'`, `dest = 'IAH'`).
# Pour obtenir les noms, on **joint** `flights` aux tables de référence grâce aux clés :
#
# ```sql
# SELECT f.flight, al.name AS compagnie
# FROM flights AS f
# INNER JOIN airlines AS al ON f.carrier = al.carrier
# ```
#
# - `f` et `al` sont des **alias** de tables : ils raccourcissent l'écriture et lèvent
#   les ambiguïtés (la colonne `name` existe dans `airlines` **et** dans `airports`).
# - `AS compagnie` renomme une colonne du résultat.
# - Une même table peut être jointe **plusieurs fois** avec des alias différents :
#   c'est le cas de `airports`, qui sert à la fois pour l'aéroport de départ et pour celui
#   d'arrivée.
# - `INNER JOIN` (ou simplement `JOIN`) ne garde que les lignes qui ont une correspondance
#   des deux côtés.

# %%
con.sql("""
SELECT f.carrier,
       al.name AS compagnie,
       f.flight,
       f.origin,
       f.dest
FROM flights AS f
INNER JOIN airlines AS al ON f.carrier = al.carrier
LIMIT 3
""").df()

# %% [markdown]
# ### Exercice 2 — Les noms plutôt que les codes (2 points)
#
# Toujours le **8 mars 2013**, mais cette fois pour les trois aéroports de New York :
# le responsable veut la liste des vols partis avec **au moins 300 minutes** de retard,
# lisible par un humain.
#
# - Colonnes, dans cet ordre :
#   - `compagnie` : le nom de la compagnie (`airlines.name`) ;
#   - `flight` : le numéro de vol ;
#   - `aeroport_depart` : le nom de l'aéroport de départ (`airports.name`) ;
#   - `aeroport_arrivee` : le nom de l'aéroport d'arrivée (`airports.name`) ;
#   - `dep_delay` : le retard au départ.
# - Utilisez des jointures **internes** (`INNER JOIN`).
# - Tri : `dep_delay` décroissant, puis `compagnie` et `flight` croissants.
#
# > **Indice** : il faut joindre `airports` deux fois, par exemple avec les alias `dep`
# > (sur `f.origin = dep.faa`) et `arr` (sur `f.dest = arr.faa`).

# %% nbgrader={"grade": false, "grade_id": "ex02_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
requete_02 = """
SELECT al.name AS compagnie,
       f.flight,
       dep.name AS aeroport_depart,
       arr.name AS aeroport_arrivee,
       f.dep_delay
FROM flights AS f
INNER JOIN airlines AS al ON f.carrier = al.carrier
INNER JOIN airports AS dep ON f.origin = dep.faa
INNER JOIN airports AS arr ON f.dest = arr.faa
WHERE f.year = 2013 AND f.month = 3 AND f.day = 8
  AND f.dep_delay >= 300
ORDER BY f.dep_delay DESC, compagnie, f.flight
"""
### END SOLUTION
con.sql(requete_02).df().head(apercu_lignes)

# %% labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "ex02_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 2 : colonnes demandées, noms renseignés, retards d'au moins 300 minutes, lignes et ordre exacts."""
result = checks.run_query(con, requete_02)
checks.assert_columns(
    result, ["compagnie", "flight", "aeroport_depart", "aeroport_arrivee", "dep_delay"]
)
assert set(result["aeroport_depart"]) <= {
    "John F Kennedy Intl", "La Guardia", "Newark Liberty Intl"
}, "La colonne 'aeroport_depart' doit contenir le nom d'un aéroport de New York (jointure sur origin)."
assert (result["dep_delay"] >= 300).all(), (
    "Certaines lignes ont moins de 300 minutes de retard au départ : vérifiez votre WHERE."
)
### BEGIN HIDDEN TESTS
expected = """
SELECT c.name AS compagnie, f.flight, o.name AS aeroport_depart,
       d.name AS aeroport_arrivee, f.dep_delay
FROM flights f, airlines c, airports o, airports d
WHERE f.carrier = c.carrier AND f.origin = o.faa AND f.dest = d.faa
  AND f.month = 3 AND f.day = 8 AND f.dep_delay >= 300
ORDER BY f.dep_delay DESC, c.name, f.flight
"""
checks.assert_query_matches(con, requete_02, expected, ordered=True)
### END HIDDEN TESTS

# %% [markdown]
# ### Les lignes qui disparaissent sans prévenir : `LEFT JOIN`
#
# Une jointure interne **élimine** les lignes sans correspondance, sans erreur ni
# avertissement. Comparez le nombre de vols avant et après une jointure interne avec
# `airports` sur la destination :

# %%
con.sql("""
SELECT
    (SELECT COUNT(*) FROM flights) AS vols_dans_flights,
    (SELECT COUNT(*)
     FROM flights AS f
     INNER JOIN airports AS a ON f.dest = a.faa) AS vols_apres_inner_join
""").df()

# %% [markdown]
# Plusieurs milliers de vols ont disparu : certaines destinations ne figurent pas dans
# le référentiel `airports`. Un rapport construit ainsi serait **faux sans que personne
# ne s'en aperçoive**.
#
# `LEFT JOIN` (jointure externe gauche) garde **toutes** les lignes de la table de gauche ;
# quand il n'y a pas de correspondance, les colonnes de la table de droite valent `NULL` :
#
# ```sql
# SELECT f.dest, a.name
# FROM flights AS f
# LEFT JOIN airports AS a ON f.dest = a.faa
# ```
#
# `SELECT DISTINCT` supprime les lignes en double du résultat.

# %% [markdown]
# ### Exercice 3 — Compléter le référentiel des aéroports (2 points)
#
# L'équipe chargée du référentiel veut la liste de **toutes** les destinations desservies
# depuis New York en 2013, avec le nom de l'aéroport tel qu'il figure dans `airports`,
# pour repérer celles qui manquent.
#
# - Colonnes : `dest` (le code de destination) et `nom_aeroport` (`airports.name`,
#   `NULL` si la destination est absente du référentiel).
# - **Une ligne par destination**, aucune destination ne doit manquer.
# - Tri : `dest` croissant.
#
# > **Indice** : partez de `flights` (la table dont on veut garder toutes les
# > destinations), faites un `LEFT JOIN` sur `airports`, et pensez à `DISTINCT`.

# %% nbgrader={"grade": false, "grade_id": "ex03_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
requete_03 = """
SELECT DISTINCT f.dest, a.name AS nom_aeroport
FROM flights AS f
LEFT JOIN airports AS a ON f.dest = a.faa
ORDER BY f.dest
"""
### END SOLUTION
con.sql(requete_03).df().head(apercu_lignes)

# %% labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "ex03_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 3 : colonnes demandées, une ligne par destination desservie, noms et ordre exacts."""
result = checks.run_query(con, requete_03)
checks.assert_columns(result, ["dest", "nom_aeroport"])
n_destinations = con.sql("SELECT COUNT(DISTINCT dest) AS n FROM flights").df()["n"].iloc[0]
checks.assert_row_count(result, int(n_destinations))
### BEGIN HIDDEN TESTS
expected = """
SELECT d.dest, a.name AS nom_aeroport
FROM (SELECT dest FROM flights GROUP BY dest) AS d
LEFT JOIN airports AS a ON a.faa = d.dest
ORDER BY d.dest
"""
checks.assert_query_matches(con, requete_03, expected, ordered=True)
### END HIDDEN TESTS

# %% [markdown]
# Votre résultat montre des destinations sans nom : ce sont des aéroports de Porto Rico
# et des îles Vierges américaines, absents de ce référentiel. En pratique, avant toute
# jointure interne, posez-vous la question : **une ligne sans correspondance doit-elle
# disparaître ?**

# %% [markdown]
# ---
# ## Partie 3 — Agréger : `GROUP BY` et `HAVING`
#
# Une **agrégation** résume plusieurs lignes en une seule : `COUNT(*)` (nombre de lignes),
# `SUM`, `AVG`, `MIN`, `MAX`. Avec `GROUP BY`, on obtient un résumé **par groupe** :
#
# ```sql
# SELECT origin, COUNT(*) AS nb_vols, AVG(dep_delay) AS retard_moyen
# FROM flights
# GROUP BY origin
# ```
#
# Deux règles :
#
# - toute colonne du `SELECT` qui n'est pas agrégée doit figurer dans le `GROUP BY` ;
# - `WHERE` filtre les **lignes avant** le regroupement, `HAVING` filtre les **groupes
#   après** : `HAVING COUNT(*) >= 1000` garde les groupes d'au moins 1 000 lignes.
#
# `AVG(dep_delay)` calcule la moyenne des valeurs **connues** : les `NULL` (vols annulés)
# sont ignorés. Nous y reviendrons en partie 8.

# %%
con.sql("""
SELECT origin,
       COUNT(*) AS nb_vols,
       AVG(dep_delay) AS retard_moyen
FROM flights
GROUP BY origin
ORDER BY origin
""").df()

# %% [markdown]
# ### Exercice 4 — Les grandes compagnies et leurs retards (2 points)
#
# Pour chaque compagnie ayant programmé **au moins 10 000 vols** dans l'année, calculez
# son retard moyen à l'arrivée.
#
# - Colonnes :
#   - `compagnie` : le nom de la compagnie (`airlines.name`) ;
#   - `nb_vols` : le nombre de vols programmés (toutes les lignes de `flights`, vols
#     annulés compris) ;
#   - `retard_moyen_arrivee` : la moyenne de `arr_delay`, en minutes, **sans arrondi**.
# - Tri : `retard_moyen_arrivee` décroissant, puis `compagnie` croissant.
#
# > **Indice** : la condition « au moins 10 000 vols » porte sur un groupe, pas sur une
# > ligne. `WHERE` ou `HAVING` ?

# %% nbgrader={"grade": false, "grade_id": "ex04_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
requete_04 = """
SELECT al.name AS compagnie,
       COUNT(*) AS nb_vols,
       AVG(f.arr_delay) AS retard_moyen_arrivee
FROM flights AS f
INNER JOIN airlines AS al ON f.carrier = al.carrier
GROUP BY al.name
HAVING COUNT(*) >= 10000
ORDER BY retard_moyen_arrivee DESC, compagnie
"""
### END SOLUTION
con.sql(requete_04).df().head(apercu_lignes)

# %% labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "ex04_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 4 : colonnes demandées, au moins 10 000 vols par compagnie, tri décroissant, valeurs exactes."""
result = checks.run_query(con, requete_04)
checks.assert_columns(result, ["compagnie", "nb_vols", "retard_moyen_arrivee"])
assert (result["nb_vols"] >= 10000).all(), (
    "Certaines compagnies ont moins de 10 000 vols : le filtre sur les groupes manque."
)
assert result["retard_moyen_arrivee"].is_monotonic_decreasing, (
    "Les lignes doivent être triées par retard moyen à l'arrivée décroissant."
)
### BEGIN HIDDEN TESTS
expected = """
WITH per_carrier AS (
    SELECT carrier, COUNT(*) AS n, AVG(arr_delay) AS delay
    FROM flights
    GROUP BY carrier
)
SELECT al.name AS compagnie, p.n AS nb_vols, p.delay AS retard_moyen_arrivee
FROM per_carrier AS p
JOIN airlines AS al USING (carrier)
WHERE p.n >= 10000
ORDER BY p.delay DESC, al.name
"""
checks.assert_query_matches(con, requete_04, expected, ordered=True)
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 4 — Structurer en étapes : les CTE (`WITH`)
#
# Certaines questions demandent **deux niveaux d'agrégation** : d'abord un résumé par
# jour, puis un résumé de ces résumés. Une **CTE** (*Common Table Expression*) nomme une
# requête intermédiaire, que la suite utilise comme une table :
#
# ```sql
# WITH etape_1 AS (
#     SELECT ...
# ),
# etape_2 AS (
#     SELECT ... FROM etape_1 ...
# )
# SELECT ... FROM etape_2
# ```
#
# Une CTE se lit de haut en bas, comme une recette : c'est la meilleure façon de rendre
# une requête longue compréhensible (et testable étape par étape). Exemple : combien de
# vols part-il de New York par jour, en moyenne, au minimum et au maximum ?

# %%
con.sql("""
WITH vols_par_jour AS (
    SELECT year, month, day, COUNT(*) AS nb_vols
    FROM flights
    GROUP BY year, month, day
)
SELECT AVG(nb_vols) AS moyenne, MIN(nb_vols) AS minimum, MAX(nb_vols) AS maximum
FROM vols_par_jour
""").df()

# %% [markdown]
# ### Exercice 5 — Les jours noirs de chaque aéroport (2 points)
#
# On appelle **jour noir** d'un aéroport une journée où le retard moyen au départ de ses
# vols (moyenne de `dep_delay` sur les vols de la journée partis de cet aéroport)
# est **strictement supérieur à 30 minutes**.
#
# Pour chaque aéroport de départ, calculez :
#
# - `origin` : le code de l'aéroport ;
# - `nb_jours_noirs` : le nombre de jours noirs de l'année ;
# - `pire_retard_journalier` : le retard moyen de sa pire journée, c'est-à-dire le plus
#   grand des retards moyens journaliers (en minutes, sans arrondi).
#
# Tri : `origin` croissant. Une journée se repère par `year`, `month` et `day`.
#
# > **Indice** : une première CTE calcule le retard moyen par aéroport et par jour ;
# > la requête finale regroupe ces lignes par aéroport.

# %% nbgrader={"grade": false, "grade_id": "ex05_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
requete_05 = """
WITH retard_par_jour AS (
    SELECT origin, year, month, day, AVG(dep_delay) AS retard_moyen
    FROM flights
    GROUP BY origin, year, month, day
)
SELECT origin,
       COUNT(*) FILTER (WHERE retard_moyen > 30) AS nb_jours_noirs,
       MAX(retard_moyen) AS pire_retard_journalier
FROM retard_par_jour
GROUP BY origin
ORDER BY origin
"""
### END SOLUTION
con.sql(requete_05).df()

# %% labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "ex05_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 5 : colonnes demandées, une ligne par aéroport de départ, valeurs exactes."""
result = checks.run_query(con, requete_05)
checks.assert_columns(result, ["origin", "nb_jours_noirs", "pire_retard_journalier"])
checks.assert_row_count(result, 3)
assert result["nb_jours_noirs"].between(1, 365).all(), (
    "Le nombre de jours noirs doit être compris entre 1 et 365 : comptez-vous bien des jours ?"
)
assert (result["nb_jours_noirs"] < 365).all(), (
    "Toutes les journées de l'année sont comptées comme jours noirs : ne comptez que celles "
    "dont le retard moyen dépasse 30 minutes (COUNT compte toutes les valeurs non NULL, "
    "y compris les 0 d'un CASE … ELSE 0)."
)
### BEGIN HIDDEN TESTS
expected = """
WITH daily AS (
    SELECT origin, make_date(year, month, day) AS d,
           SUM(dep_delay) / COUNT(dep_delay) AS delay
    FROM flights
    GROUP BY ALL
)
SELECT origin,
       SUM(CASE WHEN delay > 30 THEN 1 ELSE 0 END) AS nb_jours_noirs,
       MAX(delay) AS pire_retard_journalier
FROM daily
GROUP BY origin
ORDER BY origin
"""
checks.assert_query_matches(con, requete_05, expected, ordered=True)
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 5 — Fonctions de fenêtre : classer
#
# `GROUP BY` **réduit** chaque groupe à une ligne. Une **fonction de fenêtre** calcule,
# elle, une valeur pour **chaque ligne**, en regardant un ensemble de lignes voisines
# (la « fenêtre ») :
#
# ```sql
# RANK() OVER (PARTITION BY carrier ORDER BY nb_vols DESC)
# ```
#
# - `PARTITION BY carrier` : le classement recommence à 1 pour chaque compagnie ;
# - `ORDER BY nb_vols DESC` : on classe par nombre de vols décroissant.
#
# Trois fonctions de classement, qui ne diffèrent que pour les **ex æquo** :

# %%
con.sql("""
SELECT avion, nb_vols,
       ROW_NUMBER() OVER (ORDER BY nb_vols DESC, avion) AS row_number,
       RANK()       OVER (ORDER BY nb_vols DESC)        AS rank,
       DENSE_RANK() OVER (ORDER BY nb_vols DESC)        AS dense_rank
FROM (VALUES ('A', 50), ('B', 42), ('C', 42), ('D', 40)) AS t(avion, nb_vols)
ORDER BY nb_vols DESC, avion
""").df()

# %% [markdown]
# - `ROW_NUMBER` numérote 1, 2, 3, 4 : les ex æquo sont départagés (arbitrairement si
#   l'`ORDER BY` ne suffit pas à les distinguer) ;
# - `RANK` donne le même rang aux ex æquo, puis **saute** des rangs : 1, 2, 2, 4 (comme
#   un classement sportif) ;
# - `DENSE_RANK` donne le même rang aux ex æquo, **sans trou** : 1, 2, 2, 3.
#
# Une fonction de fenêtre est calculée **après** `WHERE` et `GROUP BY` : pour filtrer sur
# son résultat (« garder les 3 premiers »), on la calcule dans une CTE, puis on filtre
# dans la requête suivante. On peut aussi appliquer une fenêtre à un agrégat,
# par exemple `RANK() OVER (ORDER BY COUNT(*) DESC)`.

# %% [markdown]
# ### Exercice 6 — Les avions les plus sollicités de chaque compagnie (2 points)
#
# Pour chaque compagnie, trouvez les avions les plus utilisés : comptez le nombre de
# vols de chaque avion (lignes de `flights` pour ce couple compagnie-avion, vols annulés
# compris, **en ignorant les lignes où `tailnum` est `NULL`**), classez les avions de chaque
# compagnie avec **`RANK()`** par nombre de vols décroissant, et gardez ceux dont le rang
# est **inférieur ou égal à 3**. Les ex æquo sont donc tous conservés : une compagnie peut
# avoir plus de 3 lignes.
#
# - Colonnes : `carrier`, `tailnum`, `nb_vols`, `rang`.
# - Tri : `carrier`, puis `rang`, puis `tailnum` (croissants).
#
# > **Indice** : une CTE pour compter les vols par `carrier` et `tailnum`, une deuxième
# > pour calculer le rang avec `PARTITION BY carrier`, puis un filtre sur le rang.

# %% nbgrader={"grade": false, "grade_id": "ex06_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
requete_06 = """
WITH vols_par_avion AS (
    SELECT carrier, tailnum, COUNT(*) AS nb_vols
    FROM flights
    WHERE tailnum IS NOT NULL
    GROUP BY carrier, tailnum
),
classement AS (
    SELECT carrier, tailnum, nb_vols,
           RANK() OVER (PARTITION BY carrier ORDER BY nb_vols DESC) AS rang
    FROM vols_par_avion
)
SELECT carrier, tailnum, nb_vols, rang
FROM classement
WHERE rang <= 3
ORDER BY carrier, rang, tailnum
"""
### END SOLUTION
con.sql(requete_06).df().head(apercu_lignes)

# %% labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "ex06_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 6 : colonnes demandées, rangs entre 1 et 3, classement RANK avec ex æquo, ordre exact."""
result = checks.run_query(con, requete_06)
checks.assert_columns(result, ["carrier", "tailnum", "nb_vols", "rang"])
assert result["rang"].between(1, 3).all(), "Tous les rangs doivent être compris entre 1 et 3."
assert result["tailnum"].notna().all(), "Les lignes où tailnum est NULL doivent être ignorées."
rank_in_carrier = result.groupby("carrier")["nb_vols"].rank(method="min", ascending=False)
assert (result["rang"] == rank_in_carrier).all(), (
    "Dans chaque compagnie, le rang doit suivre RANK() par nombre de vols décroissant, "
    "en partant de 1 : des ex æquo ont le même rang, et le rang suivant saute d'autant "
    "(1, 2, 2, 4). Vérifiez la fonction de classement, son PARTITION BY, et que les "
    "lignes sans tailnum sont écartées avant le classement."
)
### BEGIN HIDDEN TESTS
expected = """
SELECT carrier, tailnum, COUNT(*) AS nb_vols,
       RANK() OVER (PARTITION BY carrier ORDER BY COUNT(*) DESC) AS rang
FROM flights
WHERE tailnum IS NOT NULL
GROUP BY carrier, tailnum
QUALIFY rang < 4
ORDER BY carrier, rang, tailnum
"""
checks.assert_query_matches(con, requete_06, expected, ordered=True)
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 6 — Fonctions de fenêtre : cumuls et moyennes mobiles
#
# Avec une fonction d'agrégation (`SUM`, `AVG`…) et `OVER (... ORDER BY ...)`, on calcule
# un **cumul** ou une **moyenne mobile**. Le **cadre** de la fenêtre dit quelles lignes
# sont prises en compte :
#
# ```sql
# -- cumul : du début de la partition jusqu'à la ligne courante
# SUM(nb_vols) OVER (
#     PARTITION BY origin
#     ORDER BY mois
#     ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
# )
# -- moyenne mobile : la ligne courante et les 2 lignes précédentes
# AVG(nb_vols) OVER (
#     PARTITION BY origin
#     ORDER BY mois
#     ROWS BETWEEN 2 PRECEDING AND CURRENT ROW
# )
# ```
#
# **Écrivez toujours le cadre explicitement.** Sans lui, le cadre par défaut est
# `RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW`, qui inclut les lignes **ex æquo**
# sur la clé de tri. Observez la différence sur ce petit exemple, où deux lignes tombent
# le même jour :

# %%
con.sql("""
SELECT jour, montant,
       SUM(montant) OVER (ORDER BY jour) AS cumul_cadre_par_defaut,
       SUM(montant) OVER (
           ORDER BY jour, montant
           ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
       ) AS cumul_rows
FROM (VALUES (1, 10), (2, 5), (2, 7), (3, 1)) AS t(jour, montant)
ORDER BY jour, montant
""").df()

# %% [markdown]
# Avec le cadre par défaut, les deux lignes du jour 2 reçoivent le même cumul (22) ; avec
# `ROWS`, le cumul avance ligne par ligne. Aucun n'est « faux » : c'est à vous de choisir,
# consciemment. Avec `ROWS`, rendez l'ordre **unique** (ici `jour, montant`), sinon le
# cumul des ex æquo peut changer d'une exécution à l'autre.

# %% [markdown]
# ### Exercice 7 — L'activité mois par mois (2 points)
#
# Pour chaque aéroport de départ et chaque mois de 2013, calculez :
#
# - `origin` : le code de l'aéroport ;
# - `mois` : le numéro du mois (1 à 12, la colonne `month`) ;
# - `nb_vols` : le nombre de vols programmés ce mois-là depuis cet aéroport ;
# - `cumul_vols` : le cumul de `nb_vols` depuis janvier, pour cet aéroport ;
# - `moyenne_mobile_3_mois` : la moyenne de `nb_vols` sur le mois courant et les **deux
#   mois précédents** de cet aéroport (en janvier et en février, la moyenne porte sur les
#   mois disponibles : 1 et 2 mois).
#
# Tri : `origin`, puis `mois` (croissants).
#
# > **Indice** : agrégez d'abord par `origin` et `month` dans une CTE, puis appliquez deux
# > fonctions de fenêtre partitionnées par `origin`, ordonnées par `mois`, avec le bon
# > cadre `ROWS`.

# %% nbgrader={"grade": false, "grade_id": "ex07_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
requete_07 = """
WITH vols_par_mois AS (
    SELECT origin, month AS mois, COUNT(*) AS nb_vols
    FROM flights
    GROUP BY origin, month
)
SELECT origin, mois, nb_vols,
       SUM(nb_vols) OVER (
           PARTITION BY origin
           ORDER BY mois
           ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
       ) AS cumul_vols,
       AVG(nb_vols) OVER (
           PARTITION BY origin
           ORDER BY mois
           ROWS BETWEEN 2 PRECEDING AND CURRENT ROW
       ) AS moyenne_mobile_3_mois
FROM vols_par_mois
ORDER BY origin, mois
"""
### END SOLUTION
con.sql(requete_07).df().head(apercu_lignes)

# %% labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "ex07_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 7 : colonnes demandées, 36 lignes, cumul de décembre égal au total annuel, valeurs et ordre exacts."""
result = checks.run_query(con, requete_07)
checks.assert_columns(
    result, ["origin", "mois", "nb_vols", "cumul_vols", "moyenne_mobile_3_mois"]
)
checks.assert_row_count(result, 36)
december = result[result["mois"] == 12].set_index("origin")["cumul_vols"]
totals = con.sql("SELECT origin, COUNT(*) AS n FROM flights GROUP BY origin").df()
assert all(december.get(o) == n for o, n in zip(totals["origin"], totals["n"], strict=True)), (
    "En décembre, le cumul d'un aéroport doit être égal à son nombre total de vols de l'année."
)
### BEGIN HIDDEN TESTS
expected = """
SELECT origin, month AS mois, COUNT(*) AS nb_vols,
       SUM(COUNT(*)) OVER w_cumul AS cumul_vols,
       AVG(COUNT(*)) OVER w_3 AS moyenne_mobile_3_mois
FROM flights
GROUP BY origin, month
WINDOW w_cumul AS (PARTITION BY origin ORDER BY month
                   ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
       w_3 AS (PARTITION BY origin ORDER BY month ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)
ORDER BY origin, mois
"""
checks.assert_query_matches(con, requete_07, expected, ordered=True)
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 7 — Dates, heures et fuseaux horaires
#
# SQL distingue plusieurs types temporels : `DATE` (un jour), `TIMESTAMP` (un jour et une
# heure), `INTERVAL` (une durée). Les fonctions les plus utiles (ici en DuckDB ; les noms
# varient un peu d'un SGBD à l'autre) :
#
# | besoin | expression | exemple de résultat |
# |---|---|---|
# | fabriquer une date | `make_date(year, month, day)` | `2013-03-08` |
# | écrire une date littérale | `DATE '2013-06-01'` | `2013-06-01` |
# | extraire une partie | `extract(month FROM d)`, `extract(hour FROM ts)` | `3`, `14` |
# | jour de la semaine ISO | `isodow(d)` | `1` = lundi … `7` = dimanche |
# | tronquer | `date_trunc('month', ts)` | `2013-03-01 00:00:00` |
# | convertir | `CAST(ts AS DATE)` | `2013-03-08` |
#
# Méfiez-vous de `dayofweek(d)` : il numérote de `0` = dimanche à `6` = samedi.
# `isodow` suit la norme ISO 8601, en usage en France : la semaine commence le lundi.
#
# ### Le piège du fuseau horaire
#
# `time_hour` est la date et l'heure de départ prévues, tronquées à l'heure pleine
# (un départ prévu à 5 h 15 donne 5 h), et exprimées en **UTC**.
# New York est à UTC−5 en hiver (UTC−4 en été). Un vol prévu à 20 h le 1er janvier à
# New York a donc un `time_hour`… le 2 janvier :

# %%
con.sql("""
SELECT carrier, flight, year, month, day, hour, minute, time_hour,
       CAST(time_hour AS DATE) AS date_utc,
       make_date(year, month, day) AS date_locale
FROM flights
WHERE month = 1 AND day = 1 AND hour >= 20
ORDER BY hour, minute, carrier, flight
LIMIT 3
""").df()

# %% [markdown]
# Pour raisonner en **jours locaux** (« les vols du lundi »), utilisez `year`, `month` et
# `day`, qui sont en heure de New York. `time_hour` reste la bonne colonne pour joindre
# `flights` à `weather`, car les deux tables l'expriment en UTC.

# %% [markdown]
# ### Exercice 8 — Quel jour de la semaine voyager l'été ? (2 points)
#
# Pour les vols de l'**été 2013**, du 1er juin au 31 août **inclus** (dates locales),
# calculez par jour de la semaine :
#
# - `jour_semaine` : le numéro ISO du jour (1 = lundi … 7 = dimanche), calculé sur la
#   **date locale** du vol ;
# - `nb_vols` : le nombre de vols programmés ;
# - `retard_moyen_depart` : la moyenne de `dep_delay` (en minutes, sans arrondi).
#
# Tri : `jour_semaine` croissant.
#
# > **Indice** : construisez la date locale avec `make_date(year, month, day)`, filtrez
# > avec `BETWEEN DATE '...' AND DATE '...'`, puis regroupez par `isodow(...)`.
# > N'utilisez pas `time_hour` ici : il est en UTC.

# %% nbgrader={"grade": false, "grade_id": "ex08_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
requete_08 = """
WITH vols_ete AS (
    SELECT make_date(year, month, day) AS date_locale, dep_delay
    FROM flights
    WHERE make_date(year, month, day) BETWEEN DATE '2013-06-01' AND DATE '2013-08-31'
)
SELECT isodow(date_locale) AS jour_semaine,
       COUNT(*) AS nb_vols,
       AVG(dep_delay) AS retard_moyen_depart
FROM vols_ete
GROUP BY jour_semaine
ORDER BY jour_semaine
"""
### END SOLUTION
con.sql(requete_08).df()

# %% labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "ex08_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 8 : colonnes demandées, les 7 jours ISO dans l'ordre, comptages et moyennes exacts."""
result = checks.run_query(con, requete_08)
checks.assert_columns(result, ["jour_semaine", "nb_vols", "retard_moyen_depart"])
assert list(result["jour_semaine"]) == [1, 2, 3, 4, 5, 6, 7], (
    "La colonne 'jour_semaine' doit contenir 1 (lundi) à 7 (dimanche), dans l'ordre."
)
### BEGIN HIDDEN TESTS
expected = """
SELECT extract(isodow FROM CAST(printf('%04d-%02d-%02d', year, month, day) AS DATE))
           AS jour_semaine,
       COUNT(*) AS nb_vols,
       AVG(dep_delay) AS retard_moyen_depart
FROM flights
WHERE year = 2013 AND month IN (6, 7, 8)
GROUP BY 1
ORDER BY 1
"""
checks.assert_query_matches(con, requete_08, expected, ordered=True)
### END HIDDEN TESTS

# %% [markdown]
# Le samedi se distingue nettement : moins de vols, et un retard moyen deux fois plus
# faible que les autres jours. Si le test échoue alors que votre requête « a l'air
# juste », vérifiez que vous n'avez pas utilisé `time_hour` : les vols du soir y
# basculent au lendemain, et changent de jour de la semaine.
#
# Un graphique aide à voir d'où viennent les retards dans une journée. Celui-ci n'est pas
# noté ; il montre le retard moyen au départ selon l'heure prévue (locale) de départ :

# %%
if afficher_graphiques:
    by_hour = con.sql("""
        SELECT hour, AVG(dep_delay) AS retard_moyen
        FROM flights
        WHERE hour >= 5
        GROUP BY hour
        ORDER BY hour
    """).df()
    fig, ax = plt.subplots(figsize=(8, 3.5))
    ax.bar(by_hour["hour"], by_hour["retard_moyen"], color="#1f77b4")
    ax.set_xlabel("Heure de départ prévue (heure locale de New York)")
    ax.set_ylabel("Retard moyen au départ (min)")
    ax.set_title("Les retards s'accumulent au fil de la journée (2013)")
    ax.set_xticks(range(5, 24))
    plt.show()

# %% [markdown]
# *Lecture du graphique* : le retard moyen est proche de zéro pour les premiers vols du
# matin, puis augmente régulièrement jusqu'à environ 25 minutes en soirée, avant de
# redescendre pour les derniers vols : chaque retard se propage aux rotations suivantes.

# %% [markdown]
# ---
# ## Partie 8 — Les `NULL`, ou l'art de ne pas savoir
#
# `NULL` signifie « valeur inconnue ». Ce n'est ni zéro, ni une chaîne vide, et toute
# comparaison avec `NULL` donne… `NULL` (ni vrai, ni faux). Or `WHERE` et `CASE WHEN` ne
# retiennent que ce qui est **vrai**. Conséquences :
#
# | expression | résultat |
# |---|---|
# | `NULL = NULL` | `NULL` : on teste avec `x IS NULL` / `x IS NOT NULL` |
# | `WHERE arr_delay <= 15` | exclut les vols dont `arr_delay` est `NULL` |
# | `WHERE NOT (arr_delay > 15)` | les exclut **aussi** ! |
# | `COUNT(*)` | compte toutes les lignes |
# | `COUNT(arr_delay)` | compte les lignes où `arr_delay` n'est pas `NULL` |
# | `AVG(arr_delay)` | moyenne des valeurs **connues** seulement |
# | `CASE WHEN arr_delay <= 15 THEN 1 ELSE 0 END` | `0` quand `arr_delay` est `NULL` (on tombe dans le `ELSE`) |
# | `CASE WHEN arr_delay <= 15 THEN 1 END` | `NULL` quand la condition n'est pas vraie (pas de `ELSE`) |
# | `COALESCE(a, b)` | `a` s'il est connu, sinon `b` |
#
# Vérifiez-le sur un petit exemple :

# %%
con.sql("""
SELECT COUNT(*) AS count_etoile,
       COUNT(retard) AS count_retard,
       AVG(retard) AS avg_retard,
       AVG(COALESCE(retard, 0)) AS avg_coalesce,
       COUNT(*) FILTER (WHERE retard <= 15) AS nb_ponctuels,
       COUNT(*) FILTER (WHERE NOT (retard > 15)) AS nb_pas_en_retard
FROM (VALUES (10), (30), (NULL)) AS t(retard)
""").df()

# %% [markdown]
# Dans `flights`, un `NULL` a un sens métier :
#
# - `dep_time` est `NULL` : le vol a été **annulé** ;
# - `arr_delay` est `NULL` : le vol a été annulé, **ou** il est parti mais a été
#   **dérouté** vers un autre aéroport (son retard à l'arrivée n'a pas de sens).
#
# Les autorités américaines mesurent la **ponctualité** ainsi : un vol est ponctuel s'il
# arrive avec au plus 15 minutes de retard ; les vols annulés ou déroutés comptent comme
# **non ponctuels**. Le dénominateur est donc le nombre de vols **programmés**.

# %% [markdown]
# ### Exercice 9 — Le tableau de bord de fiabilité (3 points)
#
# Pour chaque aéroport de départ, calculez :
#
# - `origin` : le code de l'aéroport ;
# - `nb_vols` : le nombre de vols programmés ;
# - `nb_annules` : le nombre de vols annulés (`dep_time` est `NULL`) ;
# - `nb_arrivees_inconnues` : le nombre de vols dont `arr_delay` est `NULL`
#   (annulés ou déroutés) ;
# - `taux_ponctualite` : la part des vols programmés arrivés avec **au plus 15 minutes**
#   de retard (`arr_delay <= 15`), entre 0 et 1 ; un vol dont `arr_delay` est `NULL`
#   compte comme non ponctuel.
#
# Tri : `origin` croissant.
#
# > **Indice** : `COUNT(*) - COUNT(dep_time)` compte les `NULL` de `dep_time`.
# > Pour le taux, relisez les deux lignes `CASE WHEN` du tableau ci-dessus :
# > l'une des deux donne un taux de 100 %…

# %% nbgrader={"grade": false, "grade_id": "ex09_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
requete_09 = """
SELECT origin,
       COUNT(*) AS nb_vols,
       COUNT(*) - COUNT(dep_time) AS nb_annules,
       COUNT(*) - COUNT(arr_delay) AS nb_arrivees_inconnues,
       AVG(CASE WHEN arr_delay <= 15 THEN 1 ELSE 0 END) AS taux_ponctualite
FROM flights
GROUP BY origin
ORDER BY origin
"""
### END SOLUTION
con.sql(requete_09).df()

# %% labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "ex09_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 9 : colonnes demandées, une ligne par aéroport, comptages cohérents, taux de ponctualité exact."""
result = checks.run_query(con, requete_09)
checks.assert_columns(
    result, ["origin", "nb_vols", "nb_annules", "nb_arrivees_inconnues", "taux_ponctualite"]
)
checks.assert_row_count(result, 3)
assert (result["nb_annules"] <= result["nb_arrivees_inconnues"]).all(), (
    "Un vol annulé n'a pas de retard à l'arrivée : nb_annules ne peut pas dépasser "
    "nb_arrivees_inconnues."
)
assert result["taux_ponctualite"].between(0, 1).all(), (
    "Le taux de ponctualité est une proportion entre 0 et 1 (pas un pourcentage)."
)
assert (result["taux_ponctualite"] < 1).all(), (
    "Un taux de ponctualité de 100 % : les vols dont arr_delay est NULL ont-ils disparu "
    "du dénominateur ?"
)
### BEGIN HIDDEN TESTS
expected = """
SELECT origin,
       COUNT(*) AS nb_vols,
       SUM(CASE WHEN dep_time IS NULL THEN 1 ELSE 0 END) AS nb_annules,
       COUNT(*) FILTER (WHERE arr_delay IS NULL) AS nb_arrivees_inconnues,
       COUNT(*) FILTER (WHERE arr_delay <= 15) / COUNT(*) AS taux_ponctualite
FROM flights
GROUP BY origin
ORDER BY origin
"""
checks.assert_query_matches(con, requete_09, expected, ordered=True)
### END HIDDEN TESTS

# %% [markdown]
# ### Le piège de `NOT IN`
#
# Question : combien d'avions du référentiel `planes` n'ont **effectué aucun vol en
# décembre** ? La requête qui vient naturellement :

# %%
con.sql("""
SELECT COUNT(*) AS nb_avions
FROM planes
WHERE tailnum NOT IN (SELECT tailnum FROM flights WHERE month = 12)
""").df()

# %% [markdown]
# Zéro ? Pourtant, des centaines d'avions n'ont pas volé en décembre. Que s'est-il passé ?
#
# La sous-requête renvoie les `tailnum` des vols de décembre, **dont des `NULL`** (des vols
# annulés sans avion affecté). Or `x NOT IN (a, b, NULL)` signifie
# `x <> a AND x <> b AND x <> NULL`, et `x <> NULL` vaut `NULL` : la condition n'est
# **jamais vraie**, quelle que soit la valeur de `x`. Une seule valeur `NULL` dans la
# sous-requête, et le résultat est vide, sans erreur.
#
# Deux écritures sûres :
#
# ```sql
# -- NOT EXISTS : « il n'existe aucun vol de décembre pour cet avion »
# SELECT ...
# FROM planes AS p
# WHERE NOT EXISTS (
#     SELECT 1
#     FROM flights AS f
#     WHERE f.tailnum = p.tailnum AND f.month = 12
# )
#
# -- anti-jointure : LEFT JOIN, puis on garde les lignes sans correspondance
# SELECT ...
# FROM planes AS p
# LEFT JOIN flights AS f ON f.tailnum = p.tailnum AND f.month = 12
# WHERE f.tailnum IS NULL
# ```
#
# Dans l'anti-jointure, la condition `f.month = 12` doit être dans le `ON` : placée dans
# le `WHERE`, elle éliminerait justement les lignes sans correspondance (où `f.month`
# est `NULL`).

# %% [markdown]
# ### Exercice 10 — Les avions restés au sol en décembre (2 points)
#
# Listez les avions du référentiel `planes` qui n'apparaissent dans **aucune** ligne de
# `flights` du mois de décembre 2013 (même annulée).
#
# - Colonnes : `tailnum`, `manufacturer`, `model`.
# - Tri : `tailnum` croissant.
#
# > **Indice** : choisissez l'une des deux écritures sûres ci-dessus.

# %% nbgrader={"grade": false, "grade_id": "ex10_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
requete_10 = """
SELECT p.tailnum, p.manufacturer, p.model
FROM planes AS p
WHERE NOT EXISTS (
    SELECT 1
    FROM flights AS f
    WHERE f.tailnum = p.tailnum AND f.year = 2013 AND f.month = 12
)
ORDER BY p.tailnum
"""
### END SOLUTION
con.sql(requete_10).df().head(apercu_lignes)

# %% labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "ex10_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 10 : colonnes demandées, résultat non vide, avions exacts et triés."""
result = checks.run_query(con, requete_10)
checks.assert_columns(result, ["tailnum", "manufacturer", "model"])
assert len(result) > 0, (
    "Votre résultat est vide : avez-vous bien limité la recherche aux vols de décembre ? "
    "Avez-vous utilisé NOT IN sur une sous-requête qui contient des NULL, ou filtré la "
    "table de droite dans le WHERE d'une anti-jointure ?"
)
assert result["tailnum"].is_unique, "Chaque avion ne doit apparaître qu'une fois."
### BEGIN HIDDEN TESTS
expected = """
SELECT p.tailnum, p.manufacturer, p.model
FROM planes AS p
LEFT JOIN (SELECT DISTINCT tailnum FROM flights WHERE month = 12) AS dec
       ON dec.tailnum = p.tailnum
WHERE dec.tailnum IS NULL
ORDER BY p.tailnum
"""
checks.assert_query_matches(con, requete_10, expected, ordered=True)
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 9 — Synthèse
#
# Cette dernière requête mobilise presque tout le lab. Prenez le temps de la construire
# **par étapes** : écrivez une première CTE, affichez son résultat, puis ajoutez l'étape
# suivante.

# %% [markdown]
# ### Exercice 11 — Le classement des liaisons de JFK (3 points)
#
# Le responsable de l'aéroport **JFK** veut classer ses **liaisons régulières** de la plus
# pénible à la moins pénible. Une liaison (JFK → destination) est régulière si elle compte
# au moins **365 vols programmés** dans l'année (vols annulés compris).
#
# - Colonnes :
#   - `rang` : le rang de la liaison selon le retard moyen à l'arrivée décroissant,
#     calculé avec `RANK()` (rang 1 = la plus pénible) ;
#   - `dest` : le code de la destination ;
#   - `nom_destination` : le nom de l'aéroport de destination (`airports.name`), ou le
#     code `dest` lui-même si la destination est absente du référentiel ;
#   - `nb_vols` : le nombre de vols programmés sur la liaison ;
#   - `retard_moyen_arrivee` : la moyenne de `arr_delay` (minutes, sans arrondi) ;
#   - `part_retards_graves` : parmi les vols dont `arr_delay` est connu, la part de ceux
#     arrivés avec **plus de 60 minutes** de retard (entre 0 et 1).
# - Seules les liaisons au départ de JFK avec `nb_vols >= 365` figurent dans le résultat.
# - Tri : `rang`, puis `dest` (croissants).
#
# > **Indice** : une CTE par liaison (`WHERE`, `GROUP BY`, `HAVING`), puis un `LEFT JOIN`
# > vers `airports` avec `COALESCE` pour le nom, et `RANK() OVER (ORDER BY ...)` pour le
# > rang. Pour la part, le dénominateur est `COUNT(arr_delay)`. Attention : en PostgreSQL,
# > la division de deux entiers est entière (`3 / 4` vaut `0`) alors que DuckDB renvoie
# > `0.75` ; multiplier par `1.0` rend la requête portable.

# %% nbgrader={"grade": false, "grade_id": "ex11_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
requete_11 = """
WITH liaisons AS (
    SELECT dest,
           COUNT(*) AS nb_vols,
           AVG(arr_delay) AS retard_moyen_arrivee,
           1.0 * COUNT(*) FILTER (WHERE arr_delay > 60) / COUNT(arr_delay)
               AS part_retards_graves
    FROM flights
    WHERE origin = 'JFK'
    GROUP BY dest
    HAVING COUNT(*) >= 365
)
SELECT RANK() OVER (ORDER BY l.retard_moyen_arrivee DESC) AS rang,
       l.dest,
       COALESCE(a.name, l.dest) AS nom_destination,
       l.nb_vols,
       l.retard_moyen_arrivee,
       l.part_retards_graves
FROM liaisons AS l
LEFT JOIN airports AS a ON l.dest = a.faa
ORDER BY rang, l.dest
"""
### END SOLUTION
con.sql(requete_11).df().head(apercu_lignes)

# %% labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "ex11_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 11 : colonnes demandées, liaisons régulières de JFK, noms sans NULL, rangs, valeurs et ordre exacts."""
result = checks.run_query(con, requete_11)
checks.assert_columns(
    result,
    ["rang", "dest", "nom_destination", "nb_vols", "retard_moyen_arrivee",
     "part_retards_graves"],
)
assert (result["nb_vols"] >= 365).all(), "Toutes les liaisons doivent avoir au moins 365 vols."
assert result["nom_destination"].notna().all(), (
    "La colonne 'nom_destination' ne doit jamais être NULL : pensez à COALESCE."
)
assert result["part_retards_graves"].between(0, 1).all(), (
    "La part de retards graves est une proportion entre 0 et 1."
)
assert result["rang"].is_monotonic_increasing and result["rang"].iloc[0] == 1, (
    "Les lignes doivent être triées par rang croissant, en commençant au rang 1."
)
### BEGIN HIDDEN TESTS
expected = """
SELECT RANK() OVER (ORDER BY AVG(f.arr_delay) DESC) AS rang,
       f.dest, COALESCE(MIN(a.name), f.dest) AS nom_destination,
       COUNT(*) AS nb_vols,
       AVG(f.arr_delay) AS retard_moyen_arrivee,
       AVG(CASE WHEN f.arr_delay > 60 THEN 1.0
                WHEN f.arr_delay IS NOT NULL THEN 0.0 END) AS part_retards_graves
FROM flights AS f
LEFT JOIN airports AS a ON a.faa = f.dest
WHERE f.origin = 'JFK'
GROUP BY f.dest
HAVING COUNT(*) >= 365
ORDER BY rang, f.dest
"""
checks.assert_query_matches(con, requete_11, expected, ordered=True)
### END HIDDEN TESTS

# %% [markdown]
# Remarquez les liaisons vers Porto Rico (`SJU`, `BQN`, `PSE`) : sans le `LEFT JOIN`,
# elles auraient disparu du classement, et sans `COALESCE`, elles n'auraient pas de nom.

# %% [markdown]
# ---
# ## Partie 10 — Sous le capot : lire un plan d'exécution
#
# Le SGBD ne suit pas votre requête à la lettre : un **optimiseur** la traduit en un
# **plan d'exécution**, un arbre d'**opérateurs** (lecture de table, jointure, agrégation,
# tri…). Les données montent des feuilles (les tables, en bas) vers la racine (le résultat,
# en haut).
#
# - `EXPLAIN requête` affiche le plan **prévu**, avec des estimations du nombre de lignes
#   (précédées de `~`) ;
# - `EXPLAIN ANALYZE requête` **exécute** la requête et affiche, pour chaque opérateur,
#   le nombre de lignes **réellement** produites et le temps passé.
#
# Opérateurs courants dans DuckDB (les versions 1.x les écrivent en majuscules,
# `HASH_JOIN`…) :
#
# - `Table Scan` : lecture d'une table ; DuckDB stocke les données par colonne et ne lit
#   que les colonnes utiles ;
# - `Filter` : application d'une condition ;
# - `Hash Join` : jointure par table de hachage ; le SGBD construit une table de hachage
#   sur le plus petit côté, puis y cherche chaque ligne de l'autre côté ;
# - `Hash Group By` : agrégation ;
# - `Projection` : calcul des colonnes du résultat ;
# - `Order By` : tri.
#
# Voici une requête qui joint les vols aux avions et agrège par constructeur ; la cellule
# affiche son plan avec les mesures réelles :

# %%
plan_query = """
SELECT p.manufacturer,
       COUNT(*) AS nb_vols,
       AVG(f.arr_delay) AS retard_moyen_arrivee
FROM flights AS f
INNER JOIN planes AS p ON f.tailnum = p.tailnum
GROUP BY p.manufacturer
ORDER BY nb_vols DESC
"""
print(con.sql("EXPLAIN ANALYZE " + plan_query).fetchall()[0][1])

# %% [markdown]
# ### Question 12 — Quel opérateur domine ? (3 points, corrigée par votre formateur ou formatrice)
#
# Exécutez la cellule précédente (plusieurs fois si vous voulez : les durées varient un
# peu d'une exécution à l'autre, et l'horloge mesure mal les opérateurs très rapides).
# Puis répondez **en quelques phrases**, dans la cellule ci-dessous :
#
# 1. Quel opérateur représente l'essentiel du temps d'exécution ? Citez sa durée.
# 2. Pourquoi lui ? Appuyez-vous sur le **nombre de lignes** qui entrent dans chaque
#    opérateur et qui en sortent.
# 3. Pourquoi les autres opérateurs (lectures de tables, agrégation, tri) coûtent-ils si
#    peu ?
#
# > **Indice** : comparez le nombre de lignes lues dans `flights` avec le nombre de lignes
# > qui sortent de la jointure, puis de l'agrégation. Que deviennent les vols dont
# > l'avion est inconnu de `planes` ?
#
# *Double-cliquez sur la cellule ci-dessous pour écrire votre réponse.*

# %% [markdown] labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "explain_plan", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# **Votre réponse :**
#
# ### BEGIN SOLUTION
# L'opérateur dominant est le `Hash Join` (jointure par hachage) : il concentre presque
# tout le temps mesuré (de l'ordre de 10 ms sur un total d'environ 15 ms ; les autres
# opérateurs affichent des durées proches de zéro).
#
# C'est lui qui traite le plus gros volume : DuckDB construit une table de hachage sur le
# petit côté, `planes` (3 322 lignes), puis y cherche chacun des quelque 330 000 vols lus
# dans `flights` ; il en sort environ 284 000 lignes. Les vols dont `tailnum` est `NULL`
# ou absent de `planes` sont éliminés par cette jointure interne, d'où l'écart entre
# lignes entrantes et sortantes (un filtre dynamique en écarte même une partie dès la
# lecture de `flights`).
#
# Les lectures de tables sont bon marché : les données sont en mémoire, stockées par
# colonne, et seules les colonnes utiles (`tailnum`, `arr_delay`, `manufacturer`) sont
# lues. L'agrégation fait un travail simple par ligne et réduit 284 000 lignes à 35
# groupes (les constructeurs) ; le tri final ne porte que sur ces 35 lignes. Piste
# d'optimisation : agréger les vols par `tailnum` avant la jointure réduirait le nombre
# de lignes à joindre à environ 4 000.
# ### END SOLUTION

# %% [markdown]
# ---
# ## Récapitulatif
#
# | besoin | outil SQL | piège à éviter |
# |---|---|---|
# | garder certaines lignes | `WHERE` | `AND` prioritaire sur `OR` : mettez des parenthèses |
# | ordonner | `ORDER BY ... DESC, ...` | sans clé de départage, l'ordre des ex æquo n'est pas garanti |
# | ajouter des libellés | `INNER JOIN ... ON` | une jointure interne fait disparaître les lignes sans correspondance |
# | tout garder | `LEFT JOIN` | les colonnes de droite valent `NULL` sans correspondance |
# | résumer par groupe | `GROUP BY`, `HAVING` | `WHERE` filtre les lignes, `HAVING` les groupes |
# | enchaîner des étapes | `WITH ... AS (...)` | nommez les étapes, testez-les une à une |
# | classer dans chaque groupe | `RANK() OVER (PARTITION BY ... ORDER BY ...)` | `ROW_NUMBER`, `RANK` et `DENSE_RANK` diffèrent sur les ex æquo |
# | cumuler | `SUM(...) OVER (... ROWS BETWEEN ...)` | écrivez le cadre ; le cadre par défaut (`RANGE`) inclut les ex æquo |
# | raisonner par jour | `make_date`, `isodow`, `date_trunc` | `time_hour` est en UTC |
# | compter les inconnus | `COUNT(*)` vs `COUNT(col)`, `COALESCE` | `AVG` et `CASE` sans `ELSE` ignorent ou propagent les `NULL` |
# | « aucun ... » | `NOT EXISTS`, anti-jointure | `NOT IN` sur une sous-requête contenant un `NULL` ne renvoie rien |
# | comprendre la performance | `EXPLAIN ANALYZE` | un plan se lit de bas en haut |
#
# Pour la certification, la compétence **C9** demande de réaliser des requêtes
# d'extraction depuis un SGBD **et** depuis un système big data. Ce lab couvre la première
# moitié ; la seconde viendra avec Spark SQL, dont la syntaxe est très proche.

# %% [markdown]
# ## Pour aller plus loin
#
# - **`QUALIFY`** (DuckDB, Snowflake, BigQuery…) filtre directement sur une fonction de
#   fenêtre, sans CTE : réécrivez l'exercice 6 avec `QUALIFY rang <= 3`. Cette clause ne
#   fait pas partie du standard SQL : PostgreSQL ne la connaît pas.
# - **Fuseaux horaires** : convertissez `time_hour` en heure de New York avec
#   `(time_hour AT TIME ZONE 'UTC') AT TIME ZONE 'America/New_York'`, puis vérifiez que
#   vous retrouvez `year`, `month`, `day` et `hour`.
# - **Météo** : joignez `flights` et `weather` sur `(origin, time_hour)` et comparez le
#   retard moyen au départ par temps de brouillard (`visib < 1`) et par temps clair.
#   Combien de vols perdez-vous avec une jointure interne ?
# - **Optimisation** : réécrivez la requête de la partie 10 en agrégeant les vols par
#   `tailnum` avant la jointure, puis comparez les deux plans avec `EXPLAIN ANALYZE`.
# - **Documentation** : le guide SQL de DuckDB (<https://duckdb.org/docs/sql/introduction>)
#   et le chapitre de PostgreSQL sur les fonctions de fenêtre
#   (<https://www.postgresql.org/docs/current/tutorial-window.html>).
