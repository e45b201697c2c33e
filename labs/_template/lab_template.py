# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# <!-- AUTHOR: copy this file to labs/<block>/<NN_slug>/<name>.py and replace every
# placeholder. HTML comments like this one are invisible to learners; delete them when
# you are done. Read labs/AUTHORING.md first; the exemplary lab is
# labs/block2_collecte/00_sql_nycflights/sql_nycflights.py. -->
#
# # Titre du lab : une phrase qui dit ce que l'on apprend
#
# **Bloc BCxx** — intitulé du bloc
#
# **Compétence évaluée : Cx** — intitulé de la compétence (voir le référentiel).
#
# | | |
# |---|---|
# | Durée indicative | 1 heure |
# | Barème | 4 points : 2 corrigés automatiquement (1 exercice), 2 corrigés par votre formateur ou formatrice (1 question ouverte) |
# | Outils | Python, DuckDB |
#
# ## Comment travailler dans ce lab
#
# - Exécutez les cellules **dans l'ordre**, de haut en bas (`Maj + Entrée`).
# - Dans chaque **cellule réponse**, remplacez `raise NotImplementedError(...)` par votre
#   réponse, sans renommer les variables demandées.
# - Exécutez ensuite la **cellule de test** qui suit. Des vérifications cachées
#   s'ajouteront à la correction.
# - Avant de rendre votre travail : *Kernel* → *Restart Kernel and Run All Cells*, puis
#   *Validate*.

# %% [markdown]
# ## Contexte
#
# <!-- AUTHOR: the running case study (Panier Vert, a fictional French organic grocery
# chain) or the real public data set, and the learner's professional role. -->
#
# Vous travaillez pour **Panier Vert**, une chaîne fictive d'épiceries bio. La direction
# veut connaître le chiffre d'affaires de ses magasins par ville.
#
# ## Objectifs
#
# À la fin de ce lab, vous saurez :
#
# 1. agréger une table par groupe avec SQL ;
# 2. expliquer un choix technique en quelques phrases.
#
# ## Prérequis
#
# - Savoir exécuter une cellule de notebook.
# - Connaître `SELECT`, `FROM` et `GROUP BY`.

# %% [markdown]
# ## Mise en place
#
# Les **paramètres** du lab (papermill peut les remplacer) :

# %% tags=["parameters"]
# Lab parameters: papermill may override them (papermill -p apercu_lignes 10 ...).
apercu_lignes = 5  # number of rows shown when previewing a result

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import duckdb

from labkit import checks

# AUTHOR: load data through labkit.datasets; never download anything at run time.
con = duckdb.connect()
con.execute("""
CREATE TABLE ventes AS
SELECT * FROM (VALUES
    ('Lyon Part-Dieu', 'Lyon', 1200.0),
    ('Lyon Croix-Rousse', 'Lyon', 800.0),
    ('Nantes Centre', 'Nantes', 950.0),
    ('Lille Wazemmes', 'Lille', 700.0)
) AS t(magasin, ville, chiffre_affaires)
""")
con.sql("SELECT * FROM ventes").df()

# %% [markdown]
# ---
# ## Partie 1 — Agréger par groupe
#
# <!-- AUTHOR: a short lesson, then a runnable example that is NOT the answer. -->
#
# `GROUP BY` résume les lignes de chaque groupe en une seule :
# `SUM(x)` additionne, `COUNT(*)` compte.

# %%
con.sql("""
SELECT COUNT(*) AS nb_magasins
FROM ventes
""").df()

# %% [markdown]
# ### Exercice 1 — Le chiffre d'affaires par ville (2 points)
#
# Écrivez dans `requete_01` une requête qui calcule le chiffre d'affaires total de
# chaque ville.
#
# - Colonnes : `ville`, `ca_total` (somme de `chiffre_affaires`).
# - Tri : `ca_total` décroissant, puis `ville` croissant.
#
# > **Indice** : `SUM(...)` et un regroupement par ville.

# %% nbgrader={"grade": false, "grade_id": "ex01_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
requete_01 = """
SELECT ville, SUM(chiffre_affaires) AS ca_total
FROM ventes
GROUP BY ville
ORDER BY ca_total DESC, ville
"""
### END SOLUTION
con.sql(requete_01).df().head(apercu_lignes)

# %% labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "ex01_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 1 : colonnes demandées, une ligne par ville, totaux et ordre exacts."""
result = checks.run_query(con, requete_01)
checks.assert_columns(result, ["ville", "ca_total"])
checks.assert_row_count(result, 3)
### BEGIN HIDDEN TESTS
expected = """
SELECT ville, SUM(chiffre_affaires) AS ca_total
FROM ventes
GROUP BY ALL
ORDER BY 2 DESC, 1
"""
checks.assert_query_matches(con, requete_01, expected, ordered=True)
### END HIDDEN TESTS

# %% [markdown]
# ### Question 2 — Justifier un choix (2 points, corrigée par votre formateur ou formatrice)
#
# <!-- AUTHOR: an open question graded by hand with the rubric
# autograder/rubrics/<lab id>/<grade_id>.md (points per criterion sum to the cell's
# points). The model answer sits between the solution markers. -->
#
# Pourquoi faut-il préciser une seconde clé de tri (`ville`) dans l'exercice 1 ?
# Répondez en deux ou trois phrases dans la cellule ci-dessous.

# %% [markdown] labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "why_tiebreak", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# **Votre réponse :**
#
# ### BEGIN SOLUTION
# Deux villes peuvent avoir le même chiffre d'affaires total. Sans seconde clé, l'ordre
# de ces ex æquo n'est pas garanti par SQL : il peut changer d'une exécution à l'autre,
# et un résultat attendu « dans l'ordre » ne serait pas reproductible. Trier ensuite par
# `ville` rend l'ordre unique, donc déterministe.
# ### END SOLUTION

# %% [markdown]
# ---
# ## Récapitulatif
#
# | besoin | outil | piège à éviter |
# |---|---|---|
# | résumer par groupe | `GROUP BY` + `SUM`, `COUNT` | toute colonne non agrégée doit être dans le `GROUP BY` |
# | ordre reproductible | `ORDER BY a DESC, b` | sans clé de départage, l'ordre des ex æquo n'est pas garanti |
#
# ## Pour aller plus loin
#
# - Ajoutez le nombre de magasins par ville.
# - Lien vers une documentation de référence.
