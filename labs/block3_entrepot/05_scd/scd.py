# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Historiser les dimensions : les dimensions à évolution lente (SCD)
#
# **Bloc BC03** — Élaborer et maintenir un entrepôt de données
#
# **Compétence évaluée : C17** — Implémenter des variations dans les dimensions selon le
# type de changement, pour historiser les données de l'entrepôt.
#
# | | |
# |---|---|
# | Durée indicative | 4 heures |
# | Barème | 19 points : 16 corrigés automatiquement (7 exercices), 3 corrigés par votre formateur ou formatrice (1 question ouverte) |
# | Outils | Python, DuckDB (SQL : `MERGE`, `UPDATE`, `INSERT`, séquences) |
#
# ## Comment travailler dans ce lab
#
# Ce notebook est à la fois **le cours et le lab** : chaque partie commence par une courte
# leçon avec des exemples à exécuter, puis vient un exercice.
#
# - Exécutez les cellules **dans l'ordre**, de haut en bas (`Maj + Entrée`).
# - Chaque exercice comporte une **cellule réponse**, qui contient
#   `raise NotImplementedError(...)` : remplacez cette ligne par votre réponse.
#   Ne renommez pas les fonctions et variables demandées (`apply_scd1`, `requete_04`…) :
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
# Vous êtes ingénieur ou ingénieure data chez **Panier Vert**, une chaîne fictive
# d'épiceries bio françaises (magasins, e-shop, carte de fidélité). L'entrepôt de données
# répond aux questions du contrôle de gestion et du marketing : « combien avons-nous
# vendu à Lyon l'an dernier ? », « le chiffre d'affaires du magasin de Caen a-t-il changé
# depuis l'arrivée de sa nouvelle gérante ? », « que pèse le rayon Épicerie salée
# depuis la réorganisation du catalogue ? ».
#
# Or les **dimensions** bougent : un client déménage, un magasin change de gérant ou
# d'adresse, un produit change de prix ou de rayon. Chaque fois, il faut décider : écraser
# l'ancienne valeur, ou la garder ? Et si on la garde, comment ? C'est la question des
# **dimensions à évolution lente** (*slowly changing dimensions*, SCD), classées en types
# par Ralph Kimball.
#
# Les données sont **synthétiques** (générées par le cours) mais les données personnelles
# se traitent **comme des vraies** (RGPD). Le générateur fournit l'historique complet des
# changements, que nous allons **rejouer** jour par jour, comme le ferait le flux de
# changements du système opérationnel.
#
# ### Les tables sources (système opérationnel)
#
# | table | une ligne = | clé | colonnes utiles |
# |---|---|---|---|
# | `src_magasins` | un magasin (état actuel) | `store_id` | `store_code`, `name`, `opened_on`, `address`, `postal_code`, `city`, `manager_name` |
# | `src_clients` | un client (état actuel) | `customer_id` | noms, e-mail, `address`, `postal_code`, `city`, `birth_date`, `created_at`, consentements |
# | `src_produits` | un produit (état actuel) | `product_id` | `name`, `category`, `subcategory`, `unit_price_eur`, `updated_at` |
# | `src_commandes` | une commande | `order_id` | `customer_id` (`NULL` sans carte de fidélité), `store_id`, `ordered_at`, `status` |
# | `hist_magasins` | une version d'un magasin | `store_id`, `valid_from` | adresse et gérant (`manager_name`) |
# | `hist_clients` | une version d'un client | `customer_id`, `valid_from` | adresse (`address`, `postal_code`, `city`) |
# | `hist_produits` | une version d'un produit | `product_id`, `valid_from` | `category`, `subcategory`, `unit_price_eur` |
#
# Dans les tables `hist_*`, une version est valide sur l'intervalle **semi-ouvert**
# `[valid_from, valid_to)` : du début inclus à la fin **exclue** ; `valid_to` vaut `NULL`
# sur la version courante. Ces horodatages sont à la seconde près.
#
# ### Les flux de changements
#
# Le lab prépare trois **flux** (`flux_magasins`, `flux_clients`, `flux_produits`) :
# une ligne par entité modifiée et par jour (`jour`), avec l'état de l'entité **à la fin
# de ce jour**. Comme dans la vraie vie, un flux contient aussi des lignes **sans
# changement** pour la dimension : un client qui modifie son consentement marketing
# apparaît dans le flux du jour avec son adresse inchangée.
#
# Trois pièges à garder en tête :
#
# - l'entrepôt travaille **au jour** : deux changements le même jour ne font qu'une
#   version (la dernière l'emporte) ;
# - un lot peut arriver **en retard**, après des lots plus récents ;
# - l'historique d'une adresse est une **donnée personnelle** : le garder a un coût RGPD.

# %% [markdown]
# ## Objectifs
#
# À la fin de ce lab, vous saurez :
#
# 1. reconnaître et implémenter en SQL les types 0, 1, 2, 3, 4 et 6 ;
# 2. charger un lot de changements de façon **idempotente** (un lot sans changement ne
#    modifie rien) avec `MERGE`, `UPDATE` et `INSERT` ;
# 3. gérer les cas difficiles : nouvelle clé, deux changements le même jour, lot en
#    retard ;
# 4. vérifier les invariants d'une dimension historisée (une version courante par clé,
#    intervalles sans chevauchement ni trou) ;
# 5. rattacher chaque fait à la version de la dimension valide à sa date ;
# 6. choisir le type d'historisation de chaque attribut selon le besoin métier et le RGPD.
#
# ## Prérequis
#
# - SQL : `SELECT`, jointures, `GROUP BY`, fonctions de fenêtre (`LEAD`, `ROW_NUMBER`).
# - Modélisation en étoile : faits, dimensions, clés de substitution (labs précédents du
#   bloc 3).
# - Python : écrire une fonction, appeler `con.execute(...)`.

# %% [markdown]
# ## Mise en place
#
# La cellule suivante contient les **paramètres** du lab. `scale` est la taille du jeu
# de données (1 pour vous ; les tests automatiques du cours utilisent une version
# réduite) et `seed` la graine du générateur.

# %% tags=["parameters"]
# Lab parameters: papermill may override them (papermill -p apercu_lignes 10 ...).
from labkit import config

scale = config.scale()  # data scale (LABKIT_SCALE, 1 by default)
seed = config.seed()  # generator seed (LABKIT_SEED, 42 by default)
apercu_lignes = 5  # number of rows shown when previewing a result

# %% [markdown]
# La cellule suivante charge les données dans une base DuckDB **en mémoire** (`con`) et
# définit quelques outils : les définitions des tables de l'entrepôt (`DDL`), les flux de
# changements, `bac_a_sable(...)` qui crée une petite base séparée pour vos essais, et
# `rejouer(...)` qui applique une suite de lots. Elle est verrouillée ; si quelque chose
# se passe mal, relancez le noyau (*Kernel* → *Restart Kernel*).

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import datetime

import duckdb
import pandas as pd

from labkit import checks
from labkit.datasets import paniervert

pd.set_option("display.max_columns", 20)
pd.set_option("display.width", 200)

con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
for _table, _name in {
    "src_magasins": "stores",
    "src_clients": "customers",
    "src_produits": "products",
    "src_commandes": "orders",
    "hist_magasins": "store_history",
    "hist_clients": "customer_history",
    "hist_produits": "product_history",
}.items():
    _frame = paniervert.load(_name, scale, seed)
    con.execute(f"CREATE TABLE {_table} AS SELECT * FROM _frame")

# Warehouse tables (the functions you write work on these names).
DDL = {
    "dim_magasin": """CREATE TABLE dim_magasin (
        store_id INTEGER PRIMARY KEY, store_code VARCHAR, name VARCHAR, opened_on DATE,
        address VARCHAR, postal_code VARCHAR, city VARCHAR, manager_name VARCHAR,
        maj_le DATE)""",
    "dim_client": """CREATE TABLE dim_client (
        client_sk INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL,
        address VARCHAR, postal_code VARCHAR, city VARCHAR,
        valid_from DATE NOT NULL, valid_to DATE, est_courant BOOLEAN NOT NULL)""",
    "dim_produit": """CREATE TABLE dim_produit (
        product_id INTEGER PRIMARY KEY, name VARCHAR, category VARCHAR, subcategory VARCHAR,
        categorie_precedente VARCHAR, sous_categorie_precedente VARCHAR,
        date_reclassement DATE)""",
    "produit_courant": """CREATE TABLE produit_courant (
        product_id INTEGER PRIMARY KEY, category VARCHAR, subcategory VARCHAR,
        unit_price_eur DOUBLE, valid_from DATE NOT NULL)""",
    "produit_historique": """CREATE TABLE produit_historique (
        product_id INTEGER NOT NULL, category VARCHAR, subcategory VARCHAR,
        unit_price_eur DOUBLE, valid_from DATE NOT NULL, valid_to DATE NOT NULL)""",
}

# Change feeds: one row per entity and day, its state at the end of that day.
con.execute("""
CREATE TABLE flux_magasins AS
SELECT CAST(h.valid_from AS DATE) AS jour, h.store_id, s.store_code, s.name, s.opened_on,
       h.address, h.postal_code, h.city, h.manager_name
FROM hist_magasins AS h JOIN src_magasins AS s USING (store_id)
QUALIFY ROW_NUMBER() OVER (PARTITION BY h.store_id, CAST(h.valid_from AS DATE)
                           ORDER BY h.valid_from DESC) = 1
""")
con.execute("""
CREATE TABLE flux_clients AS
WITH changes AS (
    SELECT CAST(valid_from AS DATE) AS jour, customer_id, address, postal_code, city
    FROM hist_clients
    QUALIFY ROW_NUMBER() OVER (PARTITION BY customer_id, CAST(valid_from AS DATE)
                               ORDER BY valid_from DESC) = 1
), consent_updates AS (  -- the customer record changes, the address does not
    SELECT CAST(c.consent_marketing_at AS DATE) AS jour, c.customer_id,
           h.address, h.postal_code, h.city
    FROM src_clients AS c
    JOIN hist_clients AS h
      ON h.customer_id = c.customer_id
     AND h.valid_from < CAST(c.consent_marketing_at AS DATE) + INTERVAL 1 DAY
     AND (h.valid_to IS NULL OR h.valid_to >= CAST(c.consent_marketing_at AS DATE) + INTERVAL 1 DAY)
)
SELECT * FROM changes
UNION ALL
SELECT * FROM consent_updates AS u
WHERE NOT EXISTS (SELECT 1 FROM changes AS c WHERE c.customer_id = u.customer_id AND c.jour = u.jour)
""")
con.execute("""
CREATE TABLE flux_produits AS
SELECT CAST(h.valid_from AS DATE) AS jour, h.product_id, p.name, h.category, h.subcategory,
       h.unit_price_eur
FROM hist_produits AS h JOIN src_produits AS p USING (product_id)
QUALIFY ROW_NUMBER() OVER (PARTITION BY h.product_id, CAST(h.valid_from AS DATE)
                           ORDER BY h.valid_from DESC) = 1
""")

# Replay windows: [start, end) of the change days replayed by the tests.
REJEU_MAGASINS = (datetime.date(2022, 1, 1), datetime.date(2025, 1, 1))
REJEU_CLIENTS = (datetime.date(2024, 10, 1), datetime.date(2025, 1, 1))
REJEU_PRODUITS = (datetime.date(2024, 2, 1), datetime.date(2024, 5, 1))


def lot(flux, jour):
    """The batch of one day: a DataFrame with the columns of the feed except `jour`."""
    return con.execute(
        f"SELECT * EXCLUDE (jour) FROM {flux} WHERE jour = ? ORDER BY ALL", [jour]
    ).df()


def jours(flux, debut, fin):
    """Change days of a feed in [debut, fin), in chronological order."""
    rows = con.execute(
        f"SELECT DISTINCT jour FROM {flux} WHERE jour >= ? AND jour < ? ORDER BY jour",
        [debut, fin],
    ).fetchall()
    return [r[0] for r in rows]


def avec_retards(liste_jours, tous_les=5, decalage=3):
    """The same days, every `tous_les`-th one delivered `decalage` batches later."""
    ordre = list(liste_jours)
    for i in range(len(liste_jours) - 1, -1, -1):
        if i % tous_les == tous_les - 1 and i + decalage < len(ordre):
            ordre.insert(i + decalage, ordre.pop(i))
    return ordre


def rejouer(apply, cible, flux, liste_jours):
    """Apply the batch of each day, in the given order: apply(cible, batch, load_date)."""
    for jour in liste_jours:
        apply(cible, lot(flux, jour), jour)


def bac_a_sable(tables, type6=False):
    """A new, separate in-memory warehouse holding the given tables {name: DataFrame}."""
    sandbox = duckdb.connect()
    sandbox.execute("SET enable_progress_bar = false")
    for name, frame in tables.items():
        sandbox.execute(DDL[name])
        if name == "dim_client" and type6:
            sandbox.execute("ALTER TABLE dim_client ADD COLUMN ville_actuelle VARCHAR")
        if frame is not None and len(frame):
            sandbox.register("_rows", pd.DataFrame(frame))
            sandbox.execute(f"INSERT INTO {name} BY NAME SELECT * FROM _rows")
            sandbox.unregister("_rows")
    if "dim_client" in tables:
        start = sandbox.execute("SELECT COALESCE(MAX(client_sk), 0) + 1 FROM dim_client")
        sandbox.execute(f"CREATE SEQUENCE seq_client_sk START {start.fetchall()[0][0]}")
    return sandbox


def table(base, name, ordre="ALL"):
    """A table of `base` as a DataFrame, sorted."""
    return base.execute(f"SELECT * FROM {name} ORDER BY {ordre}").df()


def etat_initial(base_sql, jour):
    """State of a warehouse table loaded in bulk from the full history, before `jour`."""
    return con.execute(base_sql, {"jour": jour}).df()


# Bulk loads from the histories (what the warehouse held before the replay window).
CHARGEMENT_MAGASINS = """
SELECT f.store_id, f.store_code, f.name, f.opened_on, f.address, f.postal_code, f.city,
       f.manager_name, CAST($jour AS DATE) - 1 AS maj_le
FROM flux_magasins AS f
WHERE f.jour < $jour
QUALIFY ROW_NUMBER() OVER (PARTITION BY f.store_id ORDER BY f.jour DESC) = 1
"""
CHARGEMENT_CLIENTS = """
WITH daily AS (  -- the last state of each day
    SELECT customer_id, address, postal_code, city, CAST(valid_from AS DATE) AS valid_from
    FROM hist_clients
    WHERE CAST(valid_from AS DATE) < $jour
    QUALIFY ROW_NUMBER() OVER (PARTITION BY customer_id, CAST(valid_from AS DATE)
                               ORDER BY valid_from DESC) = 1
), versions AS (  -- a day that changes nothing is not a new version
    SELECT * FROM daily
    QUALIFY (address, postal_code, city) IS DISTINCT FROM LAG((address, postal_code, city))
                OVER (PARTITION BY customer_id ORDER BY valid_from)
)
SELECT CAST(ROW_NUMBER() OVER (ORDER BY customer_id, valid_from) AS INTEGER) AS client_sk,
       customer_id, address, postal_code, city, valid_from,
       LEAD(valid_from) OVER (PARTITION BY customer_id ORDER BY valid_from) AS valid_to,
       LEAD(valid_from) OVER (PARTITION BY customer_id ORDER BY valid_from) IS NULL
           AS est_courant
FROM versions
"""

"Données chargées : " + ", ".join(r[0] for r in con.execute("SHOW TABLES").fetchall())

# %% [markdown]
# ### Premier contact : un magasin et ses versions
#
# Regardons l'historique des magasins qui ont changé : chaque ligne est une **version**.

# %%
con.sql("""
SELECT store_id, valid_from, valid_to, address, city, manager_name
FROM hist_magasins
WHERE store_id IN (SELECT store_id FROM hist_magasins GROUP BY store_id HAVING COUNT(*) > 1)
ORDER BY store_id, valid_from
""").df().head(8)

# %% [markdown]
# Et le flux de changements des magasins, jour par jour (le premier jour d'un magasin est
# son ouverture : c'est une **nouvelle clé** pour l'entrepôt) :

# %%
con.sql("SELECT * FROM flux_magasins ORDER BY jour DESC, store_id").df().head(apercu_lignes)

# %% [markdown]
# ---
# ## Partie 1 — Types 0 et 1 : garder l'original, ou écraser
#
# | type | principe | historique | exemple |
# |---|---|---|---|
# | **0** | la valeur d'origine ne change **jamais**, même si la source change | non (valeur figée) | date d'ouverture d'un magasin, date de naissance, date d'inscription |
# | **1** | on **écrase** l'ancienne valeur | aucun | correction d'une faute de frappe, gérant actuel si l'on n'analyse jamais par gérant |
#
# **Type 1 en images** : le magasin 5 change de gérante le 15 juin 2022.
#
# *Avant* le chargement du 15/06/2022 :
#
# | store_id | name | opened_on | manager_name | maj_le |
# |---|---|---|---|---|
# | 5 | Panier Vert Caen | 2009-10-16 | Ambre Dubois | 2022-02-02 |
#
# *Après* : une seule ligne, l'ancienne valeur est perdue ; `opened_on` (type 0) n'a pas
# bougé.
#
# | store_id | name | opened_on | manager_name | maj_le |
# |---|---|---|---|---|
# | 5 | Panier Vert Caen | 2009-10-16 | **Brigitte Fontaine** | **2022-06-15** |
#
# Conséquence : tous les faits passés sont désormais attribués à la nouvelle gérante.
# Le type 1 **réécrit l'histoire** ; c'est voulu pour une correction, c'est une erreur si
# le métier veut analyser « sous quel gérant » une vente a eu lieu.
#
# ### Un chargement idempotent avec `MERGE`
#
# `MERGE` (SQL:2003, disponible dans DuckDB, PostgreSQL 15+, SQL Server, Oracle…) combine
# en une instruction « mettre à jour si la clé existe, insérer sinon » :
#
# ```sql
# MERGE INTO cible AS d
# USING lot AS b
#    ON d.cle = b.cle
# WHEN MATCHED AND (d.x IS DISTINCT FROM b.x) THEN
#     UPDATE SET x = b.x
# WHEN NOT MATCHED THEN
#     INSERT (cle, x) VALUES (b.cle, b.x)
# ```
#
# - La condition `AND (...)` après `WHEN MATCHED` évite de toucher les lignes **sans
#   changement** : le chargement devient **idempotent** (rejouer le même lot ne change
#   rien, pas même une date de mise à jour).
# - `IS DISTINCT FROM` compare en traitant `NULL` comme une valeur : `NULL <> 'a'` vaut
#   `NULL` (donc « faux » dans un `WHERE`), alors que `NULL IS DISTINCT FROM 'a'` vaut
#   vrai.
# - Dans une fonction Python, DuckDB lit directement un DataFrame pandas par le **nom de
#   la variable** : si le lot s'appelle `batch`, écrivez `USING batch AS b`. Les valeurs
#   Python se passent en paramètres : `con.execute("... = ?", [load_date])`, ou par nom :
#   `con.execute("... = $load_date", {"load_date": load_date})`.
# - Piège de DuckDB 2 : après `con.execute("SELECT ...")`, lisez **tout** le résultat
#   (`.fetchall()`) avant la requête suivante, sinon DuckDB refuse de continuer
#   (`ResourceInUseException`). Les instructions `MERGE`, `UPDATE`, `INSERT` et
#   `CREATE TEMP TABLE ... AS` n'ont pas ce souci.
#
# Exemple, sur une petite base séparée créée par `bac_a_sable` (on met à jour le seul
# nom du magasin, ce qui n'est **pas** l'exercice) :

# %%
exemple = bac_a_sable({"dim_magasin": pd.DataFrame([
    {"store_id": 1, "store_code": "PV001", "name": "Panier Vert Carpentras",
     "opened_on": datetime.date(2009, 2, 12), "address": "142 boulevard Carnot",
     "postal_code": "84200", "city": "Carpentras", "manager_name": "Nathalie Brun",
     "maj_le": datetime.date(2021, 12, 31)},
])})
lot_exemple = pd.DataFrame([{"store_id": 1, "name": "Panier Vert Carpentras centre"}])
exemple.execute("""
MERGE INTO dim_magasin AS d
USING lot_exemple AS b
   ON d.store_id = b.store_id
WHEN MATCHED AND d.name IS DISTINCT FROM b.name THEN UPDATE SET name = b.name
""")
table(exemple, "dim_magasin")

# %% [markdown]
# ### Exercice 1 — Types 0 et 1 sur la dimension magasin (2 points)
#
# La table `dim_magasin` a les colonnes `store_id` (clé), `store_code`, `name`,
# `opened_on`, `address`, `postal_code`, `city`, `manager_name` et `maj_le` (voir
# `DDL["dim_magasin"]`). Le métier a décidé :
#
# - **type 0** pour `store_code`, `name` et `opened_on` : la valeur du premier chargement
#   ne change plus jamais, même si un lot en apporte une autre ;
# - **type 1** pour `address`, `postal_code`, `city` et `manager_name` : on écrase.
#
# Écrivez `apply_scd1(con, batch, load_date)` qui applique à la table `dim_magasin` de la
# base `con` un lot `batch` (DataFrame pandas avec les colonnes `store_id`, `store_code`,
# `name`, `opened_on`, `address`, `postal_code`, `city`, `manager_name` ; une ligne par
# magasin) chargé le jour `load_date` (`datetime.date`) :
#
# - magasin **inconnu** de `dim_magasin` : insérez-le avec toutes ses colonnes et
#   `maj_le = load_date` ;
# - magasin connu dont **au moins une colonne de type 1 diffère** (pensez aux `NULL`) :
#   écrasez les quatre colonnes de type 1 et mettez `maj_le = load_date` ;
# - magasin connu **sans changement** de type 1 : ne touchez à rien (pas même `maj_le`),
#   même si une colonne de type 0 diffère.
#
# La fonction ne renvoie rien. Une seule instruction `MERGE` suffit.
#
# > **Indice** : partez de l'exemple ci-dessus ; ajoutez la clause `WHEN NOT MATCHED`
# > et passez `load_date` en paramètre (`?`) aux deux endroits où il sert.

# %% nbgrader={"grade": false, "grade_id": "ex01_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def apply_scd1(con, batch, load_date):
    """Types 0 and 1 on dim_magasin: insert new stores, overwrite changed type 1 columns."""
    ### BEGIN SOLUTION
    con.execute(
        """
        MERGE INTO dim_magasin AS d
        USING batch AS b
           ON d.store_id = b.store_id
        WHEN MATCHED AND (d.address IS DISTINCT FROM b.address
                          OR d.postal_code IS DISTINCT FROM b.postal_code
                          OR d.city IS DISTINCT FROM b.city
                          OR d.manager_name IS DISTINCT FROM b.manager_name) THEN
            UPDATE SET address = b.address, postal_code = b.postal_code, city = b.city,
                       manager_name = b.manager_name, maj_le = ?
        WHEN NOT MATCHED THEN
            INSERT (store_id, store_code, name, opened_on, address, postal_code, city,
                    manager_name, maj_le)
            VALUES (b.store_id, b.store_code, b.name, b.opened_on, b.address, b.postal_code,
                    b.city, b.manager_name, ?)
        """,
        [load_date, load_date],
    )
    ### END SOLUTION


# Try it: the warehouse as it was on 2021-12-31, then every store change since.
entrepot_magasins = bac_a_sable(
    {"dim_magasin": etat_initial(CHARGEMENT_MAGASINS, REJEU_MAGASINS[0])}
)
rejouer(apply_scd1, entrepot_magasins, "flux_magasins", jours("flux_magasins", *REJEU_MAGASINS))
table(entrepot_magasins, "dim_magasin", "maj_le DESC, store_id").head(apercu_lignes)

# %% labkit={"competences": ["C17"]} nbgrader={"grade": true, "grade_id": "ex01_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 1 : nouvelle clé insérée, type 1 écrasé, type 0 conservé, lot sans changement sans effet, rejeu complet exact."""
_d = datetime.date
_dim = pd.DataFrame([
    {"store_id": 1, "store_code": "PV001", "name": "Panier Vert Caen", "opened_on": _d(2009, 10, 16),
     "address": "92 allée de Bretagne", "postal_code": "14000", "city": "Caen",
     "manager_name": "Ambre Dubois", "maj_le": _d(2022, 2, 2)},
    {"store_id": 2, "store_code": "PV002", "name": "Panier Vert Pau", "opened_on": _d(2012, 5, 9),
     "address": "62 chemin Marcel Pagnol", "postal_code": "64000", "city": "Pau",
     "manager_name": None, "maj_le": _d(2021, 12, 31)},
])
_batch = pd.DataFrame([
    {"store_id": 1, "store_code": "PV001", "name": "Panier Vert Caen", "opened_on": _d(2009, 10, 16),
     "address": "92 allée de Bretagne", "postal_code": "14000", "city": "Caen",
     "manager_name": "Brigitte Fontaine"},
    {"store_id": 3, "store_code": "PV003", "name": "Panier Vert Rezé", "opened_on": _d(2022, 6, 1),
     "address": "10 impasse de la République", "postal_code": "44400", "city": "Rezé",
     "manager_name": "Mathis Mercier"},
])
_sb = bac_a_sable({"dim_magasin": _dim})
checks.learner_call("Lot du 2022-06-15", apply_scd1, _sb, _batch, _d(2022, 6, 15))
_res = table(_sb, "dim_magasin", "store_id")
assert len(_res) == 3, (
    f"Après un lot qui modifie un magasin et en ajoute un, dim_magasin a {len(_res)} lignes "
    "au lieu de 3 : un magasin inconnu doit être inséré, un magasin connu mis à jour sur place."
)
assert _res.loc[0, "manager_name"] == "Brigitte Fontaine", (
    "Le gérant du magasin 1 n'a pas été écrasé : vérifiez votre WHEN MATCHED (type 1)."
)
assert pd.Timestamp(_res.loc[0, "maj_le"]) == pd.Timestamp("2022-06-15"), (
    "maj_le doit valoir load_date sur un magasin réellement modifié."
)
assert pd.Timestamp(_res.loc[2, "maj_le"]) == pd.Timestamp("2022-06-15"), (
    "maj_le doit valoir load_date sur un magasin inséré."
)
### BEGIN HIDDEN TESTS
_before = table(_sb, "dim_magasin", "store_id")
with checks.context("Le même lot rejoué une seconde fois (aucun changement)"):
    checks.learner_call("Lot rejoué", apply_scd1, _sb, _batch, _d(2022, 6, 20))
    checks.assert_frame_matches(table(_sb, "dim_magasin", "store_id"), _before)
# type 0 column differs, type 1 NULL -> value, same day
_batch2 = pd.DataFrame([
    {"store_id": 1, "store_code": "PV001", "name": "Panier Vert Caen", "opened_on": _d(2010, 1, 1),
     "address": "92 allée de Bretagne", "postal_code": "14000", "city": "Caen",
     "manager_name": "Brigitte Fontaine"},
    {"store_id": 2, "store_code": "PV002", "name": "Panier Vert Pau Centre", "opened_on": _d(2012, 5, 9),
     "address": "62 chemin Marcel Pagnol", "postal_code": "64000", "city": "Pau",
     "manager_name": "Élodie Weber"},
])
checks.learner_call("Lot du 2022-07-01", apply_scd1, _sb, _batch2, _d(2022, 7, 1))
_exp = _before.copy()
_exp.loc[1, "manager_name"] = "Élodie Weber"
_exp.loc[1, "maj_le"] = pd.Timestamp("2022-07-01")
with checks.context("Lot qui change une colonne de type 0 et remplit un gérant NULL"):
    checks.assert_frame_matches(table(_sb, "dim_magasin", "store_id"), _exp)
# full replay against the current state of the sources
_wh = bac_a_sable({"dim_magasin": etat_initial(CHARGEMENT_MAGASINS, REJEU_MAGASINS[0])})
checks.learner_call("Rejeu du flux des magasins", rejouer, apply_scd1, _wh, "flux_magasins",
                    jours("flux_magasins", *REJEU_MAGASINS))
_expected = con.execute("""
    SELECT s.store_id, s.store_code, s.name, s.opened_on, s.address, s.postal_code, s.city,
           s.manager_name,
           GREATEST(DATE '2021-12-31',
                    (SELECT MAX(CAST(h.valid_from AS DATE)) FROM hist_magasins AS h
                     WHERE h.store_id = s.store_id)) AS maj_le
    FROM src_magasins AS s
""").df()
with checks.context("Après le rejeu de tous les changements de magasins depuis 2022"):
    checks.assert_frame_matches(table(_wh, "dim_magasin"), _expected, label="votre dim_magasin")
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 2 — Type 2 : une nouvelle ligne par version
#
# Le marketing veut analyser les ventes **selon la ville où habitait le client au moment
# de l'achat** : quand un client déménage, ses achats passés doivent rester à l'ancienne
# ville. Il faut donc garder **toutes les versions** : c'est le **type 2**.
#
# - Chaque version est une ligne, avec sa propre **clé de substitution** (`client_sk`,
#   un entier sans signification produit par une séquence) ; la clé naturelle
#   (`customer_id`) se répète.
# - `valid_from` et `valid_to` bornent la validité (intervalle semi-ouvert, au jour) ;
#   `valid_to` est `NULL` sur la version courante ; `est_courant` le redit en booléen,
#   pour des requêtes simples (`WHERE est_courant`).
# - Les faits stockent `client_sk` : une commande pointe vers **la version valide à sa
#   date**.
#
# **Type 2 en images** : la cliente 9 habite Villeurbanne, déménage à Beaune le 14 mars
# 2023.
#
# *Avant* le lot du 2023-03-14 :
#
# | client_sk | customer_id | city | valid_from | valid_to | est_courant |
# |---|---|---|---|---|---|
# | 9 | 9 | Villeurbanne | 2023-02-17 | `NULL` | true |
#
# *Après* : l'ancienne version est **fermée** (`valid_to` = jour du changement), une
# nouvelle est **ouverte** avec une nouvelle clé de substitution.
#
# | client_sk | customer_id | city | valid_from | valid_to | est_courant |
# |---|---|---|---|---|---|
# | 9 | 9 | Villeurbanne | 2023-02-17 | **2023-03-14** | **false** |
# | **2412** | 9 | **Beaune** | **2023-03-14** | `NULL` | true |
#
# Les **invariants** d'une dimension de type 2, que les tests vérifient avec des
# fonctions de `labkit.checks` :
#
# 1. une et une seule version courante par clé (`checks.assert_one_current_row_per_key`) ;
# 2. les versions d'une clé ne se **chevauchent** pas (`checks.assert_no_overlap`) ;
# 3. il n'y a pas de **trou** entre deux versions consécutives : le `valid_to` d'une
#    version est le `valid_from` de la suivante (`checks.assert_no_gaps`).
#
# Pourquoi `[valid_from, valid_to)` et pas `[valid_from, valid_to]` avec
# `valid_to = veille du changement` ? Avec un intervalle semi-ouvert, la version valide
# à une date `t` est celle qui vérifie `valid_from <= t AND (valid_to IS NULL OR t < valid_to)`
# sans jamais deux réponses, et sans calcul de « veille » (qui se complique avec des
# horodatages).
#
# ### Le chargement initial depuis un historique complet
#
# Quand on dispose de **tout** l'historique (c'est le cas pour le premier chargement),
# la fonction de fenêtre `LEAD` construit la dimension d'un coup : la fin d'une version
# est le début de la suivante. Le lab l'a préparé dans `CHARGEMENT_CLIENTS` : voici la
# dimension telle qu'elle était le 1er octobre 2024, pour les clients qui ont déménagé.

# %%
dim_client_initiale = etat_initial(CHARGEMENT_CLIENTS, REJEU_CLIENTS[0])
dim_client_initiale[
    dim_client_initiale["customer_id"].isin(
        dim_client_initiale.loc[~dim_client_initiale["est_courant"], "customer_id"]
    )
].head(6)

# %% [markdown]
# Au quotidien, en revanche, on ne reçoit qu'un **lot** de changements par jour, qu'il faut
# appliquer à la dimension existante : c'est l'objet des exercices 2 et 3. Voici le lot
# d'un jour :

# %%
premier_jour = jours("flux_clients", *REJEU_CLIENTS)[0]
lot("flux_clients", premier_jour).head(apercu_lignes)

# %% [markdown]
# ### Exercice 2 — Appliquer un lot en type 2 (3 points)
#
# Écrivez `apply_scd2(con, batch, load_date)` qui applique à la table `dim_client` de
# `con` (colonnes `client_sk`, `customer_id`, `address`, `postal_code`, `city`,
# `valid_from`, `valid_to`, `est_courant` ; voir `DDL["dim_client"]`) un lot `batch`
# (colonnes `customer_id`, `address`, `postal_code`, `city` ; une ligne par client) du
# jour `load_date`. Les colonnes suivies sont `address`, `postal_code` et `city`. Les lots
# arrivent **dans l'ordre** : `load_date` n'est jamais antérieur au `valid_from` d'une
# version courante.
#
# Pour chaque ligne du lot, comparez avec la version **courante** du client :
#
# 1. **client inconnu** : insérez une version courante (`valid_from = load_date`,
#    `valid_to = NULL`, `est_courant = true`) ;
# 2. **aucune colonne suivie ne diffère** : ne faites rien ;
# 3. **changement** et version courante commencée **avant** `load_date` : fermez-la
#    (`valid_to = load_date`, `est_courant = false`) et insérez la nouvelle version
#    courante ;
# 4. **changement** et version courante commencée **le jour même** (un deuxième lot le
#    même jour) : mettez à jour cette version **sur place**. Une version
#    `[load_date, load_date)` serait vide.
#
# Chaque nouvelle version reçoit `client_sk = nextval('seq_client_sk')` (la séquence
# existe déjà dans la base).
#
# > **Indice** : commencez par une table temporaire des lignes du lot qui changent
# > quelque chose, avec la clé et le `valid_from` de la version courante
# > (`CREATE OR REPLACE TEMP TABLE ... AS SELECT ... FROM batch LEFT JOIN dim_client ...`),
# > puis enchaînez `UPDATE ... FROM` (cas 4), `UPDATE ... FROM` (cas 3, fermeture) et
# > `INSERT INTO dim_client (colonnes...) SELECT ...` (cas 1 et 3). Nommez les colonnes
# > dans l'`INSERT` : l'exercice 7 ajoutera une colonne à la table.

# %% nbgrader={"grade": false, "grade_id": "ex02_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def apply_scd2(con, batch, load_date):
    """Type 2 on dim_client: close the changed current versions and open new ones."""
    ### BEGIN SOLUTION
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _scd2_changes AS
        SELECT b.customer_id, b.address, b.postal_code, b.city,
               d.client_sk, d.valid_from AS current_from
        FROM batch AS b
        LEFT JOIN dim_client AS d ON d.customer_id = b.customer_id AND d.valid_to IS NULL
        WHERE d.client_sk IS NULL
           OR d.address IS DISTINCT FROM b.address
           OR d.postal_code IS DISTINCT FROM b.postal_code
           OR d.city IS DISTINCT FROM b.city
    """)
    params = {"load_date": load_date}
    con.execute("""
        UPDATE dim_client AS d
        SET address = c.address, postal_code = c.postal_code, city = c.city
        FROM _scd2_changes AS c
        WHERE d.client_sk = c.client_sk AND c.current_from = $load_date
    """, params)
    con.execute("""
        UPDATE dim_client AS d
        SET valid_to = $load_date, est_courant = false
        FROM _scd2_changes AS c
        WHERE d.client_sk = c.client_sk AND c.current_from < $load_date
    """, params)
    con.execute("""
        INSERT INTO dim_client (client_sk, customer_id, address, postal_code, city,
                                valid_from, valid_to, est_courant)
        SELECT nextval('seq_client_sk'), customer_id, address, postal_code, city,
               $load_date, NULL, true
        FROM _scd2_changes
        WHERE client_sk IS NULL OR current_from < $load_date
    """, params)
    ### END SOLUTION


# Try it: replay the last quarter of 2024 on the dimension of 2024-10-01.
entrepot_clients = bac_a_sable({"dim_client": dim_client_initiale})
rejouer(apply_scd2, entrepot_clients, "flux_clients", jours("flux_clients", *REJEU_CLIENTS))
entrepot_clients.sql("""
SELECT * FROM dim_client
WHERE customer_id IN (SELECT customer_id FROM dim_client WHERE valid_from >= DATE '2024-10-01')
ORDER BY customer_id, valid_from
""").df().head(apercu_lignes)

# %% labkit={"competences": ["C17"]} nbgrader={"grade": true, "grade_id": "ex02_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 2 : invariants du type 2, nouvelle clé, lot sans changement, deux lots le même jour, rejeu d'un trimestre identique à l'historique."""
_d = datetime.date
_dim = pd.DataFrame([
    {"client_sk": 1, "customer_id": 1, "address": "12 rue Mercière", "postal_code": "69002",
     "city": "Lyon", "valid_from": _d(2023, 1, 5), "valid_to": None, "est_courant": True},
    {"client_sk": 2, "customer_id": 2, "address": "3 rue Écuyère", "postal_code": "14000",
     "city": "Caen", "valid_from": _d(2023, 2, 1), "valid_to": None, "est_courant": True},
])
_batch = pd.DataFrame([
    {"customer_id": 1, "address": "5 rue des Martyrs", "postal_code": "75009", "city": "Paris"},
    {"customer_id": 3, "address": "8 quai de la Fosse", "postal_code": "44000", "city": "Nantes"},
])
_sb = bac_a_sable({"dim_client": _dim})
checks.learner_call("Lot du 2024-03-01", apply_scd2, _sb, _batch, _d(2024, 3, 1))
_res = table(_sb, "dim_client", "customer_id, valid_from")
checks.assert_one_current_row_per_key(_res, "customer_id", "est_courant", "valid_to")
checks.assert_no_overlap(_res, "customer_id", "valid_from", "valid_to")
checks.assert_no_gaps(_res, "customer_id", "valid_from", "valid_to")
assert _res["client_sk"].is_unique, "Chaque version doit avoir sa propre clé client_sk."
assert (_res["customer_id"] == 1).sum() == 2, (
    "Le client 1 a déménagé : il doit avoir deux versions (l'ancienne fermée, la nouvelle "
    "courante)."
)
assert (_res["customer_id"] == 3).sum() == 1, "Le client 3, inconnu, doit être inséré."
### BEGIN HIDDEN TESTS
_v1 = pd.DataFrame([
    {"customer_id": 1, "valid_from": _d(2023, 1, 5), "valid_to": _d(2024, 3, 1),
     "address": "12 rue Mercière", "postal_code": "69002", "city": "Lyon"},
    {"customer_id": 1, "valid_from": _d(2024, 3, 1), "valid_to": None,
     "address": "5 rue des Martyrs", "postal_code": "75009", "city": "Paris"},
    {"customer_id": 2, "valid_from": _d(2023, 2, 1), "valid_to": None,
     "address": "3 rue Écuyère", "postal_code": "14000", "city": "Caen"},
    {"customer_id": 3, "valid_from": _d(2024, 3, 1), "valid_to": None,
     "address": "8 quai de la Fosse", "postal_code": "44000", "city": "Nantes"},
])
_tracked = ["address", "postal_code", "city"]
with checks.context("Après le lot du 2024-03-01"):
    checks.assert_history_matches(_res, _v1, "customer_id", _tracked)
_before = table(_sb, "dim_client", "client_sk")
_noop = pd.DataFrame([
    {"customer_id": 2, "address": "3 rue Écuyère", "postal_code": "14000", "city": "Caen"},
    {"customer_id": 1, "address": "5 rue des Martyrs", "postal_code": "75009", "city": "Paris"},
])
with checks.context("Lot sans changement (mêmes adresses)"):
    checks.learner_call("Lot sans changement", apply_scd2, _sb, _noop, _d(2024, 3, 5))
    checks.assert_frame_matches(table(_sb, "dim_client", "client_sk"), _before)
_same_day = pd.DataFrame([
    {"customer_id": 1, "address": "9 rue Lepic", "postal_code": "75018", "city": "Paris"},
    {"customer_id": 3, "address": "2 rue Crébillon", "postal_code": "44000", "city": "Nantes"},
    {"customer_id": 4, "address": None, "postal_code": None, "city": "Brest"},
])
checks.learner_call("Deuxième lot du 2024-03-05", apply_scd2, _sb, _same_day, _d(2024, 3, 5))
_v2 = pd.concat([_v1, pd.DataFrame([
    {"customer_id": 4, "valid_from": _d(2024, 3, 5), "valid_to": None,
     "address": None, "postal_code": None, "city": "Brest"}])], ignore_index=True)
_v2.loc[1, "valid_to"] = _d(2024, 3, 5)
_v2.loc[3, "valid_to"] = _d(2024, 3, 5)
_v2 = pd.concat([_v2, pd.DataFrame([
    {"customer_id": 1, "valid_from": _d(2024, 3, 5), "valid_to": None,
     "address": "9 rue Lepic", "postal_code": "75018", "city": "Paris"},
    {"customer_id": 3, "valid_from": _d(2024, 3, 5), "valid_to": None,
     "address": "2 rue Crébillon", "postal_code": "44000", "city": "Nantes"}])], ignore_index=True)
with checks.context("Après un changement le jour d'un lot sans changement"):
    checks.assert_history_matches(table(_sb, "dim_client"), _v2, "customer_id", _tracked)
_again = pd.DataFrame([
    {"customer_id": 1, "address": "11 rue Lepic", "postal_code": "75018", "city": "Paris"},
    {"customer_id": 4, "address": "1 rue de Siam", "postal_code": "29200", "city": "Brest"},
])
checks.learner_call("Troisième lot du 2024-03-05", apply_scd2, _sb, _again, _d(2024, 3, 5))
_v3 = _v2.copy()
_v3.loc[_v3["customer_id"].eq(1) & _v3["valid_to"].isna(), "address"] = "11 rue Lepic"
_v3.loc[_v3["customer_id"].eq(4), ["address", "postal_code"]] = ["1 rue de Siam", "29200"]
_res = table(_sb, "dim_client")
with checks.context("Deux changements le même jour"):
    checks.assert_one_current_row_per_key(_res, "customer_id", "est_courant", "valid_to")
    checks.assert_no_overlap(_res, "customer_id")
    checks.assert_history_matches(_res, _v3, "customer_id", _tracked)
    assert _res["client_sk"].is_unique, "Chaque version doit avoir sa propre clé client_sk."
_wh = bac_a_sable({"dim_client": etat_initial(CHARGEMENT_CLIENTS, REJEU_CLIENTS[0])})
checks.learner_call("Rejeu du flux des clients", rejouer, apply_scd2, _wh, "flux_clients",
                    jours("flux_clients", *REJEU_CLIENTS))
_res = table(_wh, "dim_client")
_expected = etat_initial(CHARGEMENT_CLIENTS, REJEU_CLIENTS[1])
with checks.context("Après le rejeu du dernier trimestre 2024"):
    checks.assert_one_current_row_per_key(_res, "customer_id", "est_courant", "valid_to")
    checks.assert_no_overlap(_res, "customer_id")
    checks.assert_no_gaps(_res, "customer_id")
    checks.assert_history_matches(_res, _expected, "customer_id", _tracked)
### END HIDDEN TESTS

# %% [markdown]
# ### Exercice 3 — Le lot en retard (3 points)
#
# Un matin, le lot de la veille n'est pas arrivé : la chaîne de chargement a continué avec
# les lots suivants, et le lot manquant arrive deux jours plus tard. Avec `apply_scd2`,
# il ouvrirait une version **dans le passé** après une version plus récente : la
# dimension serait fausse.
#
# *Avant* le lot **en retard** du 2024-02-01 (la cliente a déménagé à Marseille le
# 1er février, mais on a déjà chargé son déménagement à Paris du 1er mars) :
#
# | customer_id | city | valid_from | valid_to |
# |---|---|---|---|
# | 1 | Lyon | 2023-01-05 | 2024-03-01 |
# | 1 | Paris | 2024-03-01 | `NULL` |
#
# *Après* : la version de Lyon est coupée, la version de Marseille s'**insère** entre les
# deux et se termine quand commence la suivante.
#
# | customer_id | city | valid_from | valid_to |
# |---|---|---|---|
# | 1 | Lyon | 2023-01-05 | **2024-02-01** |
# | 1 | **Marseille** | **2024-02-01** | **2024-03-01** |
# | 1 | Paris | 2024-03-01 | `NULL` |
#
# Écrivez `apply_scd2_tardif(con, batch, load_date)`, mêmes paramètres et même table
# qu'`apply_scd2`, qui accepte aussi les lots en retard. Pour chaque ligne du lot, soit
# `v` la version **valide à `load_date`** (`valid_from <= load_date` et
# `load_date < valid_to` ou `valid_to` NULL ; elle peut ne pas exister) et `s` la
# **version suivante** (celle du même client qui commence le plus tôt après `load_date` ;
# elle peut ne pas exister) :
#
# 1. `v` existe et aucune colonne suivie ne diffère : ne faites rien ;
# 2. `v` existe et commence le jour même : mettez-la à jour sur place ;
# 3. sinon, si `s` existe avec les **mêmes** valeurs que le lot : avancez son début
#    (`s.valid_from = load_date`) et fermez `v` à `load_date` si elle existe ;
# 4. sinon : fermez `v` à `load_date` si elle existe, et insérez une nouvelle version
#    `[load_date, début de s)`, ou `[load_date, NULL)` s'il n'y a pas de `s`, avec
#    `est_courant` vrai si et seulement si `valid_to` est `NULL`.
#
# Un lot dans l'ordre n'est qu'un cas particulier (pas de `s`) : votre fonction doit aussi
# traiter les lots ordinaires. Le rejeu de contrôle livre un lot sur cinq avec trois jours
# de retard (`avec_retards`).
#
# > **Indice** : une table temporaire par ligne du lot avec `v` (jointure sur l'intervalle)
# > et `s` (`arg_min(client_sk, valid_from)` des versions qui commencent après
# > `load_date`, puis une jointure pour ses valeurs), et deux booléens « mêmes valeurs que
# > `v` », « mêmes valeurs que `s` ». Puis un `UPDATE` ou un `INSERT` par cas.
# > Attention à l'ordre : fermez `v` **après** avoir lu ce dont vous avez besoin.

# %% nbgrader={"grade": false, "grade_id": "ex03_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def apply_scd2_tardif(con, batch, load_date):
    """Type 2 on dim_client, batches in any order: late changes are inserted in history."""
    ### BEGIN SOLUTION
    params = {"load_date": load_date}
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _late AS
        WITH nxt AS (
            SELECT customer_id, arg_min(client_sk, valid_from) AS s_sk,
                   MIN(valid_from) AS s_from
            FROM dim_client
            WHERE valid_from > $load_date
            GROUP BY customer_id
        )
        SELECT b.customer_id, b.address, b.postal_code, b.city,
               v.client_sk AS v_sk, v.valid_from AS v_from,
               n.s_sk, n.s_from,
               v.client_sk IS NOT NULL
                 AND v.address IS NOT DISTINCT FROM b.address
                 AND v.postal_code IS NOT DISTINCT FROM b.postal_code
                 AND v.city IS NOT DISTINCT FROM b.city AS same_as_v,
               s.client_sk IS NOT NULL
                 AND s.address IS NOT DISTINCT FROM b.address
                 AND s.postal_code IS NOT DISTINCT FROM b.postal_code
                 AND s.city IS NOT DISTINCT FROM b.city AS same_as_s
        FROM batch AS b
        LEFT JOIN dim_client AS v
               ON v.customer_id = b.customer_id AND v.valid_from <= $load_date
              AND (v.valid_to IS NULL OR $load_date < v.valid_to)
        LEFT JOIN nxt AS n ON n.customer_id = b.customer_id
        LEFT JOIN dim_client AS s ON s.client_sk = n.s_sk
    """, params)
    con.execute("DELETE FROM _late WHERE same_as_v")
    con.execute("""
        UPDATE dim_client AS d
        SET address = l.address, postal_code = l.postal_code, city = l.city
        FROM _late AS l
        WHERE d.client_sk = l.v_sk AND l.v_from = $load_date
    """, params)
    con.execute("DELETE FROM _late WHERE v_from = $load_date", params)
    con.execute("""
        UPDATE dim_client AS d SET valid_from = $load_date
        FROM _late AS l WHERE d.client_sk = l.s_sk AND l.same_as_s
    """, params)
    con.execute("""
        UPDATE dim_client AS d SET valid_to = $load_date, est_courant = false
        FROM _late AS l WHERE d.client_sk = l.v_sk
    """, params)
    con.execute("""
        INSERT INTO dim_client (client_sk, customer_id, address, postal_code, city,
                                valid_from, valid_to, est_courant)
        SELECT nextval('seq_client_sk'), customer_id, address, postal_code, city,
               $load_date, s_from, s_from IS NULL
        FROM _late
        WHERE NOT same_as_s
    """, params)
    ### END SOLUTION


# Try it: the same quarter, one batch in five delivered three days late.
entrepot_tardif = bac_a_sable({"dim_client": dim_client_initiale})
rejouer(apply_scd2_tardif, entrepot_tardif, "flux_clients",
        avec_retards(jours("flux_clients", *REJEU_CLIENTS)))
table(entrepot_tardif, "dim_client", "valid_from DESC, customer_id").head(apercu_lignes)

# %% labkit={"competences": ["C17"]} nbgrader={"grade": true, "grade_id": "ex03_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 3 : lot en retard inséré dans l'historique, invariants, cas limites (même valeurs que la version suivante, même jour, nouvelle clé), rejeu avec retards identique à l'historique."""
_d = datetime.date
_tracked = ["address", "postal_code", "city"]
_dim = pd.DataFrame([
    {"client_sk": 1, "customer_id": 1, "address": "12 rue Mercière", "postal_code": "69002",
     "city": "Lyon", "valid_from": _d(2023, 1, 5), "valid_to": _d(2024, 3, 1), "est_courant": False},
    {"client_sk": 2, "customer_id": 1, "address": "5 rue des Martyrs", "postal_code": "75009",
     "city": "Paris", "valid_from": _d(2024, 3, 1), "valid_to": None, "est_courant": True},
    {"client_sk": 3, "customer_id": 2, "address": "3 rue Écuyère", "postal_code": "14000",
     "city": "Caen", "valid_from": _d(2023, 2, 1), "valid_to": None, "est_courant": True},
])
_batch = pd.DataFrame([
    {"customer_id": 1, "address": "7 rue Paradis", "postal_code": "13001", "city": "Marseille"},
])
_sb = bac_a_sable({"dim_client": _dim})
checks.learner_call("Lot en retard du 2024-02-01", apply_scd2_tardif, _sb, _batch, _d(2024, 2, 1))
_res = table(_sb, "dim_client", "customer_id, valid_from")
checks.assert_one_current_row_per_key(_res, "customer_id", "est_courant", "valid_to")
checks.assert_no_overlap(_res, "customer_id", "valid_from", "valid_to")
checks.assert_no_gaps(_res, "customer_id", "valid_from", "valid_to")
assert (_res["customer_id"] == 1).sum() == 3, (
    "Le lot en retard doit insérer une version entre les deux versions du client 1."
)
assert _res["client_sk"].is_unique, "Chaque version doit avoir sa propre clé client_sk."
### BEGIN HIDDEN TESTS
_lyon, _paris, _caen = (
    ("12 rue Mercière", "69002", "Lyon"), ("5 rue des Martyrs", "75009", "Paris"),
    ("3 rue Écuyère", "14000", "Caen"))


def _hist(rows):
    return pd.DataFrame(
        [dict(zip(["customer_id", "valid_from", "valid_to", *_tracked],
                  [k, f, t, *vals], strict=True)) for k, f, t, vals in rows])


def _case(label, batches, expected_rows):
    sandbox = bac_a_sable({"dim_client": _dim})
    for batch_rows, day in batches:
        checks.learner_call(label, apply_scd2_tardif, sandbox, pd.DataFrame(
            [dict(zip(["customer_id", *_tracked], r, strict=True)) for r in batch_rows]), day)
    result = table(sandbox, "dim_client")
    with checks.context(label):
        checks.assert_one_current_row_per_key(result, "customer_id", "est_courant", "valid_to")
        checks.assert_no_overlap(result, "customer_id")
        checks.assert_no_gaps(result, "customer_id")
        checks.assert_history_matches(result, _hist(expected_rows), "customer_id", _tracked)
        assert result["client_sk"].is_unique, "Chaque version doit avoir sa propre clé client_sk."


_marseille = ("7 rue Paradis", "13001", "Marseille")
_case("Lot en retard du 2024-02-01", [([(1, *_marseille)], _d(2024, 2, 1))], [
    (1, _d(2023, 1, 5), _d(2024, 2, 1), _lyon), (1, _d(2024, 2, 1), _d(2024, 3, 1), _marseille),
    (1, _d(2024, 3, 1), None, _paris), (2, _d(2023, 2, 1), None, _caen)])
_case("Lot en retard sans changement", [([(1, *_lyon), (2, *_caen)], _d(2024, 2, 1))], [
    (1, _d(2023, 1, 5), _d(2024, 3, 1), _lyon), (1, _d(2024, 3, 1), None, _paris),
    (2, _d(2023, 2, 1), None, _caen)])
_case("Lot en retard qui annonce la version suivante", [([(1, *_paris)], _d(2024, 2, 10))], [
    (1, _d(2023, 1, 5), _d(2024, 2, 10), _lyon), (1, _d(2024, 2, 10), None, _paris),
    (2, _d(2023, 2, 1), None, _caen)])
_case("Lot en retard le jour d'une version existante", [([(1, *_marseille)], _d(2024, 3, 1))], [
    (1, _d(2023, 1, 5), _d(2024, 3, 1), _lyon), (1, _d(2024, 3, 1), None, _marseille),
    (2, _d(2023, 2, 1), None, _caen)])
_case("Lots dans l'ordre (nouvelle clé, déménagement)",
      [([(2, *_lyon), (3, *_paris)], _d(2024, 4, 1)), ([(3, *_caen)], _d(2024, 5, 1))], [
    (1, _d(2023, 1, 5), _d(2024, 3, 1), _lyon), (1, _d(2024, 3, 1), None, _paris),
    (2, _d(2023, 2, 1), _d(2024, 4, 1), _caen), (2, _d(2024, 4, 1), None, _lyon),
    (3, _d(2024, 4, 1), _d(2024, 5, 1), _paris), (3, _d(2024, 5, 1), None, _caen)])
_case("Nouvelle clé arrivée en retard, après son déménagement",
      [([(3, *_caen)], _d(2024, 5, 1)), ([(3, *_paris)], _d(2024, 4, 1))], [
    (1, _d(2023, 1, 5), _d(2024, 3, 1), _lyon), (1, _d(2024, 3, 1), None, _paris),
    (2, _d(2023, 2, 1), None, _caen),
    (3, _d(2024, 4, 1), _d(2024, 5, 1), _paris), (3, _d(2024, 5, 1), None, _caen)])
_wh = bac_a_sable({"dim_client": etat_initial(CHARGEMENT_CLIENTS, REJEU_CLIENTS[0])})
checks.learner_call("Rejeu avec retards du flux des clients", rejouer, apply_scd2_tardif, _wh,
                    "flux_clients", avec_retards(jours("flux_clients", *REJEU_CLIENTS)))
_res = table(_wh, "dim_client")
with checks.context("Après le rejeu du dernier trimestre 2024 avec des lots en retard"):
    checks.assert_one_current_row_per_key(_res, "customer_id", "est_courant", "valid_to")
    checks.assert_no_overlap(_res, "customer_id")
    checks.assert_no_gaps(_res, "customer_id")
    checks.assert_history_matches(_res, etat_initial(CHARGEMENT_CLIENTS, REJEU_CLIENTS[1]),
                                  "customer_id", _tracked)
### END HIDDEN TESTS

# %% [markdown]
# Remarquez que le rejeu avec retards donne **exactement** les mêmes versions que le rejeu
# dans l'ordre (seules les clés de substitution diffèrent) : le chargement est robuste à l'ordre d'arrivée. En revanche, les **faits**
# déjà chargés avec l'ancienne version (une commande du 2 février rattachée à Lyon) sont
# désormais rattachés à la mauvaise version : un lot de dimension en retard impose de
# recalculer les clés de substitution des faits de la période (partie 3).

# %% [markdown]
# ---
# ## Partie 3 — Rattacher les faits à la bonne version
#
# Pour la suite, le lab construit la dimension client **complète** (tout l'historique,
# au jour) dans la base principale `con`, avec le chargement initial de la partie 2 :

# %%
con.execute("CREATE OR REPLACE TABLE dim_client AS " + CHARGEMENT_CLIENTS,
            {"jour": datetime.date(2100, 1, 1)})
con.sql("SELECT COUNT(*) AS nb_versions, COUNT(DISTINCT customer_id) AS nb_clients FROM dim_client").df()

# %% [markdown]
# Une requête « à date » (*as of*) retrouve l'état de la dimension à un jour donné, grâce
# à l'intervalle semi-ouvert. Par exemple, les dix villes qui comptaient le plus de
# clients le 1er janvier 2024 :

# %%
con.sql("""
SELECT city, COUNT(*) AS nb_clients
FROM dim_client
WHERE valid_from <= DATE '2024-01-01'
  AND (valid_to IS NULL OR DATE '2024-01-01' < valid_to)
GROUP BY city
ORDER BY nb_clients DESC, city
LIMIT 10
""").df()

# %% [markdown]
# ### Exercice 4 — La table de faits des commandes (2 points)
#
# Écrivez dans `requete_04` une requête qui construit les lignes de la future table de
# faits des commandes, pour les commandes de `src_commandes` **passées par un client
# identifié** (`customer_id` non `NULL`), toutes dates confondues :
#
# - Colonnes, dans cet ordre : `order_id`, `customer_id`, `date_commande` (la **date**
#   de `ordered_at`, type `DATE`), `client_sk` (la clé de la version de `dim_client`
#   **valide à `date_commande`**).
# - Tri : `order_id` croissant.
#
# Chaque commande doit apparaître **une seule fois**.
#
# > **Indice** : une jointure sur la clé naturelle **et** sur l'intervalle. Le jour d'un
# > déménagement, la nouvelle version est déjà valide (le début est inclus, la fin
# > exclue). `est_courant` donnerait la ville d'aujourd'hui, pas celle du jour de l'achat.

# %% nbgrader={"grade": false, "grade_id": "ex04_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
requete_04 = """
SELECT o.order_id, o.customer_id, CAST(o.ordered_at AS DATE) AS date_commande, d.client_sk
FROM src_commandes AS o
JOIN dim_client AS d
  ON d.customer_id = o.customer_id
 AND d.valid_from <= CAST(o.ordered_at AS DATE)
 AND (d.valid_to IS NULL OR CAST(o.ordered_at AS DATE) < d.valid_to)
WHERE o.customer_id IS NOT NULL
ORDER BY o.order_id
"""
### END SOLUTION
con.sql(requete_04).df().head(apercu_lignes)

# %% labkit={"competences": ["C17"]} nbgrader={"grade": true, "grade_id": "ex04_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 4 : colonnes demandées, une ligne par commande, chaque fait pointe vers la version valide à sa date, lignes et ordre exacts."""
result = checks.run_query(con, requete_04)
checks.assert_columns(result, ["order_id", "customer_id", "date_commande", "client_sk"])
assert result["order_id"].is_unique, (
    "Une commande apparaît plusieurs fois : une version se termine le jour où la suivante "
    "commence ; la fin de l'intervalle est exclue (<, pas <=)."
)
checks.assert_facts_join_valid_version(
    result, checks.run_query(con, "SELECT * FROM dim_client"),
    "customer_id", "date_commande", "customer_id", "client_sk", "valid_from", "valid_to",
)
### BEGIN HIDDEN TESTS
expected = """
SELECT o.order_id, o.customer_id, CAST(o.ordered_at AS DATE) AS date_commande,
       (SELECT arg_max(d.client_sk, d.valid_from) FROM dim_client AS d
        WHERE d.customer_id = o.customer_id
          AND d.valid_from <= CAST(o.ordered_at AS DATE)) AS client_sk
FROM src_commandes AS o
WHERE o.customer_id IS NOT NULL
ORDER BY o.order_id
"""
checks.assert_query_matches(con, requete_04, expected, ordered=True)
### END HIDDEN TESTS

# %% [markdown]
# Le type 2 répond maintenant à la question du marketing : le nombre de commandes par
# ville **au moment de l'achat** se calcule par une simple jointure sur `client_sk`.

# %% [markdown]
# ---
# ## Partie 4 — Type 3 (une colonne « valeur précédente ») et type 4 (table d'historique)
#
# ### Type 3 : la réorganisation du catalogue
#
# Le 1er mars 2024, Panier Vert a réorganisé son catalogue : les *Fruits secs* ont quitté
# l'Épicerie salée, les *Thés et cafés* l'Épicerie sucrée et les *Farines* la
# Boulangerie, pour rejoindre leur rayon actuel. Le contrôle de gestion veut comparer les ventes « dans
# l'ancienne organisation » et « dans la nouvelle », **pour toutes les périodes**. Un
# type 2 répondrait mal (les ventes d'avant mars resteraient dans l'ancien rayon) ; le
# **type 3** ajoute une colonne pour la valeur **précédente** : une seule étape de
# mémoire, mais les deux organisations sont disponibles sur **une seule** ligne.
#
# *Avant* le lot du 2024-03-01 :
#
# | product_id | subcategory | category | categorie_precedente | date_reclassement |
# |---|---|---|---|---|
# | 4 | Farines | Boulangerie | `NULL` | `NULL` |
#
# *Après* :
#
# | product_id | subcategory | category | categorie_precedente | date_reclassement |
# |---|---|---|---|---|
# | 4 | Farines | **Épicerie salée** | **Boulangerie** | **2024-03-01** |
#
# Les produits qui ont changé de rayon ce jour-là :

# %%
lot_reorganisation = lot("flux_produits", datetime.date(2024, 3, 1))
lot_reorganisation.head(apercu_lignes)

# %% [markdown]
# ### Exercice 5 — Type 3 sur le rayon des produits (2 points)
#
# La table `dim_produit` a les colonnes `product_id` (clé), `name`, `category`,
# `subcategory`, `categorie_precedente`, `sous_categorie_precedente` et
# `date_reclassement` (voir `DDL["dim_produit"]`).
#
# Écrivez `apply_scd3(con, batch, load_date)` qui applique un lot de produits
# (colonnes `product_id`, `name`, `category`, `subcategory`, `unit_price_eur` ; une ligne
# par produit) du jour `load_date`. Les colonnes suivies sont `category` et `subcategory`
# (traitées **ensemble** : si l'une change, on mémorise les deux) :
#
# - produit **inconnu** : insérez `product_id`, `name`, `category`, `subcategory` ; les
#   trois autres colonnes restent `NULL` ;
# - **ni `category` ni `subcategory` ne change** : ne faites rien (un changement de prix
#   ou de nom ne concerne pas cette dimension) ;
# - **changement**, et `date_reclassement` différente de `load_date` (ou `NULL`) :
#   `categorie_precedente` et `sous_categorie_precedente` reçoivent les valeurs actuelles,
#   `category` et `subcategory` les nouvelles, `date_reclassement = load_date` ;
# - **changement**, et `date_reclassement = load_date` (deuxième lot le même jour) :
#   écrasez seulement `category` et `subcategory` ; les valeurs précédentes restent
#   celles d'avant ce jour.
#
# > **Indice** : dans un `UPDATE`, toutes les expressions du `SET` lisent les valeurs
# > **d'avant** la mise à jour : `SET a = b, b = a` échange bien les deux colonnes.
# > `CASE WHEN d.date_reclassement = ? THEN ... ELSE ... END` traite les deux cas de
# > changement en une instruction.

# %% nbgrader={"grade": false, "grade_id": "ex05_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def apply_scd3(con, batch, load_date):
    """Type 3 on dim_produit: keep the previous category next to the current one."""
    ### BEGIN SOLUTION
    params = {"load_date": load_date}
    con.execute("""
        UPDATE dim_produit AS d
        SET categorie_precedente = CASE WHEN d.date_reclassement IS NOT DISTINCT FROM $load_date
                                        THEN d.categorie_precedente ELSE d.category END,
            sous_categorie_precedente = CASE WHEN d.date_reclassement IS NOT DISTINCT FROM $load_date
                                             THEN d.sous_categorie_precedente
                                             ELSE d.subcategory END,
            category = b.category,
            subcategory = b.subcategory,
            date_reclassement = $load_date
        FROM batch AS b
        WHERE d.product_id = b.product_id
          AND (d.category IS DISTINCT FROM b.category
               OR d.subcategory IS DISTINCT FROM b.subcategory)
    """, params)
    con.execute("""
        INSERT INTO dim_produit (product_id, name, category, subcategory)
        SELECT b.product_id, b.name, b.category, b.subcategory
        FROM batch AS b
        WHERE NOT EXISTS (SELECT 1 FROM dim_produit AS d WHERE d.product_id = b.product_id)
    """)
    ### END SOLUTION


CHARGEMENT_PRODUITS_3 = """
SELECT product_id, name, category, subcategory
FROM flux_produits
WHERE jour < $jour
QUALIFY ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY jour DESC) = 1
"""
entrepot_produits = bac_a_sable(
    {"dim_produit": etat_initial(CHARGEMENT_PRODUITS_3, REJEU_PRODUITS[0])}
)
rejouer(apply_scd3, entrepot_produits, "flux_produits", jours("flux_produits", *REJEU_PRODUITS))
entrepot_produits.sql(
    "SELECT * FROM dim_produit WHERE date_reclassement IS NOT NULL ORDER BY product_id"
).df().head(apercu_lignes)

# %% labkit={"competences": ["C17"]} nbgrader={"grade": true, "grade_id": "ex05_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 5 : reclassement mémorisé, changement de prix sans effet, nouvelle clé, deux changements le même jour, rejeu de la réorganisation exact."""
_d = datetime.date
_dim = pd.DataFrame([
    {"product_id": 4, "name": "Farine de blé T65 1 kg", "category": "Boulangerie",
     "subcategory": "Farines"},
    {"product_id": 7, "name": "Comté 18 mois 250 g", "category": "Crèmerie",
     "subcategory": "Fromages"},
])
_batch = pd.DataFrame([
    {"product_id": 4, "name": "Farine de blé T65 1 kg", "category": "Épicerie salée",
     "subcategory": "Farines", "unit_price_eur": 2.69},
    {"product_id": 7, "name": "Comté 18 mois 250 g", "category": "Crèmerie",
     "subcategory": "Fromages", "unit_price_eur": 6.10},
    {"product_id": 9, "name": "Thé vert sencha 100 g", "category": "Épicerie sucrée",
     "subcategory": "Thés et cafés", "unit_price_eur": 5.20},
])
_sb = bac_a_sable({"dim_produit": _dim})
checks.learner_call("Lot du 2024-03-01", apply_scd3, _sb, _batch, _d(2024, 3, 1))
_res = table(_sb, "dim_produit", "product_id")
checks.assert_columns(_res, ["product_id", "name", "category", "subcategory",
                             "categorie_precedente", "sous_categorie_precedente",
                             "date_reclassement"], label="votre dim_produit")
assert len(_res) == 3, (
    f"dim_produit a {len(_res)} lignes au lieu de 3 : un produit inconnu doit être inséré, "
    "un produit connu mis à jour sur place (le type 3 n'ajoute pas de ligne)."
)
assert _res.loc[0, "categorie_precedente"] == "Boulangerie", (
    "Le produit 4 a changé de rayon : categorie_precedente doit recevoir son ancien rayon."
)
assert _res.loc[1, "date_reclassement"] is None or pd.isna(_res.loc[1, "date_reclassement"]), (
    "Le produit 7 n'a changé que de prix : il ne doit pas être reclassé."
)
### BEGIN HIDDEN TESTS
_cols = ["product_id", "name", "category", "subcategory", "categorie_precedente",
         "sous_categorie_precedente", "date_reclassement"]
_exp = pd.DataFrame([
    [4, "Farine de blé T65 1 kg", "Épicerie salée", "Farines", "Boulangerie", "Farines",
     pd.Timestamp("2024-03-01")],
    [7, "Comté 18 mois 250 g", "Crèmerie", "Fromages", None, None, pd.NaT],
    [9, "Thé vert sencha 100 g", "Épicerie sucrée", "Thés et cafés", None, None, pd.NaT],
], columns=_cols)
with checks.context("Après le lot du 2024-03-01"):
    checks.assert_frame_matches(_res, _exp)
_batch2 = pd.DataFrame([
    {"product_id": 4, "name": "Farine de blé T65 1 kg", "category": "Épicerie salée",
     "subcategory": "Farines et levures", "unit_price_eur": 2.69},
    {"product_id": 9, "name": "Thé vert sencha 100 g", "category": "Boissons",
     "subcategory": "Thés et cafés", "unit_price_eur": 5.20},
])
checks.learner_call("Deuxième lot du 2024-03-01", apply_scd3, _sb, _batch2, _d(2024, 3, 1))
_exp.loc[0, "subcategory"] = "Farines et levures"
_exp.loc[2] = [9, "Thé vert sencha 100 g", "Boissons", "Thés et cafés", "Épicerie sucrée",
               "Thés et cafés", pd.Timestamp("2024-03-01")]
with checks.context("Deux changements le même jour (le 2024-03-01)"):
    checks.assert_frame_matches(table(_sb, "dim_produit"), _exp)
checks.learner_call("Lot du 2024-04-02", apply_scd3, _sb, _batch2, _d(2024, 4, 2))
with checks.context("Le même lot rejoué plus tard (aucun changement)"):
    checks.assert_frame_matches(table(_sb, "dim_produit"), _exp)
_wh = bac_a_sable({"dim_produit": etat_initial(CHARGEMENT_PRODUITS_3, REJEU_PRODUITS[0])})
checks.learner_call("Rejeu du flux des produits", rejouer, apply_scd3, _wh, "flux_produits",
                    jours("flux_produits", *REJEU_PRODUITS))
_expected = con.execute("""
    WITH v AS (
        SELECT product_id, category, subcategory, CAST(valid_from AS DATE) AS jour,
               LAG(category) OVER w AS prev_cat, LAG(subcategory) OVER w AS prev_sub
        FROM hist_produits
        WHERE CAST(valid_from AS DATE) < $fin
        WINDOW w AS (PARTITION BY product_id ORDER BY valid_from)
    ), changes AS (
        SELECT product_id, prev_cat, prev_sub, jour FROM v
        WHERE jour >= $debut AND prev_cat IS NOT NULL
          AND (prev_cat <> category OR prev_sub <> subcategory)
    )
    SELECT p.product_id, p.name, cur.category, cur.subcategory,
           c.prev_cat AS categorie_precedente, c.prev_sub AS sous_categorie_precedente,
           c.jour AS date_reclassement
    FROM src_produits AS p
    JOIN (SELECT product_id, arg_max(category, jour) AS category,
                 arg_max(subcategory, jour) AS subcategory FROM v GROUP BY product_id) AS cur
      USING (product_id)
    LEFT JOIN (SELECT * FROM changes QUALIFY ROW_NUMBER() OVER (
                   PARTITION BY product_id ORDER BY jour DESC) = 1) AS c USING (product_id)
""", {"debut": REJEU_PRODUITS[0], "fin": REJEU_PRODUITS[1]}).df()
with checks.context("Après le rejeu de février à avril 2024 (réorganisation du 1er mars)"):
    checks.assert_frame_matches(table(_wh, "dim_produit"), _expected, label="votre dim_produit")
### END HIDDEN TESTS

# %% [markdown]
# ### Type 4 : une table d'historique à part
#
# Le prix change souvent (jusqu'à plusieurs fois par an) : en type 2, la dimension produit
# grossirait vite, et la plupart des requêtes n'ont besoin que du prix actuel. Le
# **type 4** sépare les deux usages :
#
# - `produit_courant` : une ligne par produit, l'état actuel, avec `valid_from` (depuis
#   quand) ;
# - `produit_historique` : les versions **passées**, fermées, avec `valid_from` et
#   `valid_to`.
#
# L'union des deux (`valid_to` `NULL` pour le courant) redonne un historique complet de
# type 2. Kimball appelle aussi « type 4 » la **mini-dimension** : les attributs qui
# changent vite (par exemple une tranche de prix) sortent de la dimension dans une petite
# table dont la clé est portée par les faits. Les deux idées sont les mêmes : isoler ce
# qui change souvent.
#
# *Avant* le lot du 2024-06-11 :
#
# `produit_courant`
#
# | product_id | unit_price_eur | valid_from |
# |---|---|---|
# | 2 | 5.53 | 2023-10-19 |
#
# `produit_historique`
#
# | product_id | unit_price_eur | valid_from | valid_to |
# |---|---|---|---|
# | 2 | 4.76 | 2016-06-20 | 2022-03-05 |
# | 2 | 5.00 | 2022-03-05 | 2023-10-19 |
#
# *Après* (prix à 5,69 €) : la ligne courante part à l'historique, fermée au jour du
# changement, et la ligne courante est mise à jour.
#
# `produit_courant`
#
# | product_id | unit_price_eur | valid_from |
# |---|---|---|
# | 2 | **5.69** | **2024-06-11** |
#
# `produit_historique`
#
# | product_id | unit_price_eur | valid_from | valid_to |
# |---|---|---|---|
# | 2 | 4.76 | 2016-06-20 | 2022-03-05 |
# | 2 | 5.00 | 2022-03-05 | 2023-10-19 |
# | **2** | **5.53** | **2023-10-19** | **2024-06-11** |
#
# ### Exercice 6 — Type 4 sur le prix et le rayon (2 points)
#
# Écrivez `apply_scd4(con, batch, load_date)` qui applique un lot de produits (mêmes
# colonnes qu'à l'exercice 5) aux tables `produit_courant` (`product_id`, `category`,
# `subcategory`, `unit_price_eur`, `valid_from`) et `produit_historique` (les mêmes et
# `valid_to`). Les colonnes suivies sont `category`, `subcategory` et `unit_price_eur` :
#
# - produit **inconnu** : insérez-le dans `produit_courant` avec `valid_from = load_date` ;
# - **aucune** colonne suivie ne diffère : ne faites rien ;
# - **changement**, ligne courante commencée **avant** `load_date` : copiez la ligne
#   courante dans `produit_historique` avec `valid_to = load_date`, puis mettez à jour la
#   ligne courante (nouvelles valeurs, `valid_from = load_date`) ;
# - **changement**, ligne courante commencée **le jour même** : mettez-la à jour sur
#   place, sans rien archiver.
#
# > **Indice** : l'ordre des instructions compte : archivez (`INSERT INTO
# > produit_historique SELECT ... FROM produit_courant JOIN batch ...`) **avant** de
# > mettre à jour `produit_courant`. Comparez les prix avec `IS DISTINCT FROM` : les
# > valeurs viennent de la même source, l'égalité exacte est ici la bonne règle.

# %% nbgrader={"grade": false, "grade_id": "ex06_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def apply_scd4(con, batch, load_date):
    """Type 4: current row in produit_courant, past versions in produit_historique."""
    ### BEGIN SOLUTION
    params = {"load_date": load_date}
    changed = """
        FROM batch AS b
        WHERE c.product_id = b.product_id
          AND (c.category IS DISTINCT FROM b.category
               OR c.subcategory IS DISTINCT FROM b.subcategory
               OR c.unit_price_eur IS DISTINCT FROM b.unit_price_eur)
    """
    con.execute("""
        INSERT INTO produit_historique (product_id, category, subcategory, unit_price_eur,
                                        valid_from, valid_to)
        SELECT c.product_id, c.category, c.subcategory, c.unit_price_eur, c.valid_from,
               $load_date
        FROM produit_courant AS c, batch AS b
        WHERE c.product_id = b.product_id AND c.valid_from < $load_date
          AND (c.category IS DISTINCT FROM b.category
               OR c.subcategory IS DISTINCT FROM b.subcategory
               OR c.unit_price_eur IS DISTINCT FROM b.unit_price_eur)
    """, params)
    con.execute(f"""
        UPDATE produit_courant AS c
        SET category = b.category, subcategory = b.subcategory,
            unit_price_eur = b.unit_price_eur, valid_from = $load_date
        {changed}
    """, params)
    con.execute("""
        INSERT INTO produit_courant (product_id, category, subcategory, unit_price_eur,
                                     valid_from)
        SELECT b.product_id, b.category, b.subcategory, b.unit_price_eur, $load_date
        FROM batch AS b
        WHERE NOT EXISTS (SELECT 1 FROM produit_courant AS c WHERE c.product_id = b.product_id)
    """, params)
    ### END SOLUTION


CHARGEMENT_PRODUITS_4 = """
WITH versions AS (  -- a day that changes nothing is not a new version
    SELECT product_id, category, subcategory, unit_price_eur, jour
    FROM flux_produits
    WHERE jour < $jour
    QUALIFY (category, subcategory, unit_price_eur) IS DISTINCT FROM
            LAG((category, subcategory, unit_price_eur))
                OVER (PARTITION BY product_id ORDER BY jour)
)
SELECT product_id, category, subcategory, unit_price_eur, jour AS valid_from,
       LEAD(jour) OVER (PARTITION BY product_id ORDER BY jour) AS valid_to
FROM versions
"""


def entrepot_type4(jour):
    """A sandbox holding produit_courant and produit_historique as they were before `jour`."""
    versions = etat_initial(CHARGEMENT_PRODUITS_4, jour)
    return bac_a_sable({
        "produit_courant": versions[versions["valid_to"].isna()].drop(columns="valid_to"),
        "produit_historique": versions[versions["valid_to"].notna()],
    })


entrepot_prix = entrepot_type4(REJEU_PRODUITS[0])
rejouer(apply_scd4, entrepot_prix, "flux_produits", jours("flux_produits", *REJEU_PRODUITS))
table(entrepot_prix, "produit_historique", "valid_to DESC, product_id").head(apercu_lignes)

# %% labkit={"competences": ["C17"]} nbgrader={"grade": true, "grade_id": "ex06_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 6 : archivage de la version courante, invariants de l'historique reconstitué, lot sans changement, même jour, nouvelle clé, rejeu exact."""
_d = datetime.date
_hist_sql = """
SELECT product_id, category, subcategory, unit_price_eur, valid_from, valid_to
FROM produit_historique
UNION ALL
SELECT product_id, category, subcategory, unit_price_eur, valid_from, NULL
FROM produit_courant
"""
_courant = pd.DataFrame([
    {"product_id": 2, "category": "Crèmerie", "subcategory": "Fromages", "unit_price_eur": 5.53,
     "valid_from": _d(2023, 10, 19)},
])
_historique = pd.DataFrame([
    {"product_id": 2, "category": "Crèmerie", "subcategory": "Fromages", "unit_price_eur": 5.00,
     "valid_from": _d(2022, 3, 5), "valid_to": _d(2023, 10, 19)},
])
_batch = pd.DataFrame([
    {"product_id": 2, "name": "Brie de Meaux 500 g", "category": "Crèmerie",
     "subcategory": "Fromages", "unit_price_eur": 5.69},
    {"product_id": 5, "name": "Persil plat botte", "category": "Fruits et légumes",
     "subcategory": "Herbes aromatiques", "unit_price_eur": 1.23},
])
_sb = bac_a_sable({"produit_courant": _courant, "produit_historique": _historique})
checks.learner_call("Lot du 2024-06-11", apply_scd4, _sb, _batch, _d(2024, 6, 11))
_cur = table(_sb, "produit_courant", "product_id")
_all = checks.run_query(_sb, _hist_sql)
assert len(_cur) == 2, (
    f"produit_courant a {len(_cur)} lignes au lieu de 2 : une seule ligne par produit, "
    "et un produit inconnu doit y être inséré."
)
assert len(table(_sb, "produit_historique")) == 2, (
    "Le produit 2 a changé de prix : son ancienne ligne courante doit être archivée dans "
    "produit_historique (une ligne de plus)."
)
checks.assert_one_current_row_per_key(_all, "product_id", None, "valid_to",
                                      label="l'historique reconstitué")
checks.assert_no_overlap(_all, "product_id", label="l'historique reconstitué")
checks.assert_no_gaps(_all, "product_id", label="l'historique reconstitué")
### BEGIN HIDDEN TESTS
_tracked = ["category", "subcategory", "unit_price_eur"]
_brie = ("Crèmerie", "Fromages")
_persil = ("Fruits et légumes", "Herbes aromatiques")
_exp_rows = [
    (2, _d(2022, 3, 5), _d(2023, 10, 19), *_brie, 5.00),
    (2, _d(2023, 10, 19), _d(2024, 6, 11), *_brie, 5.53),
    (2, _d(2024, 6, 11), None, *_brie, 5.69),
    (5, _d(2024, 6, 11), None, *_persil, 1.23),
]
_cols = ["product_id", "valid_from", "valid_to", *_tracked]
with checks.context("Après le lot du 2024-06-11"):
    checks.assert_history_matches(_all, pd.DataFrame(_exp_rows, columns=_cols), "product_id",
                                  _tracked, label="l'historique reconstitué")
_before_cur, _before_hist = table(_sb, "produit_courant"), table(_sb, "produit_historique")
checks.learner_call("Lot rejoué le 2024-06-20", apply_scd4, _sb, _batch, _d(2024, 6, 20))
with checks.context("Le même lot rejoué plus tard (aucun changement)"):
    checks.assert_frame_matches(table(_sb, "produit_courant"), _before_cur,
                                label="votre produit_courant")
    checks.assert_frame_matches(table(_sb, "produit_historique"), _before_hist,
                                label="votre produit_historique")
_batch2 = _batch.assign(unit_price_eur=[5.79, 1.23], subcategory=["Fromages affinés",
                                                                  "Herbes aromatiques"])
checks.learner_call("Lot du 2024-06-21", apply_scd4, _sb, _batch2, _d(2024, 6, 21))
_batch3 = _batch.assign(unit_price_eur=[5.89, 1.23])
checks.learner_call("Deuxième lot du 2024-06-21", apply_scd4, _sb, _batch3, _d(2024, 6, 21))
_exp_rows[2] = (2, _d(2024, 6, 11), _d(2024, 6, 21), *_brie, 5.69)
_exp_rows.append((2, _d(2024, 6, 21), None, *_brie, 5.89))
with checks.context("Deux changements le même jour (le 2024-06-21)"):
    checks.assert_history_matches(checks.run_query(_sb, _hist_sql),
                                  pd.DataFrame(_exp_rows, columns=_cols), "product_id",
                                  _tracked, label="l'historique reconstitué")
_wh = entrepot_type4(REJEU_PRODUITS[0])
checks.learner_call("Rejeu du flux des produits", rejouer, apply_scd4, _wh, "flux_produits",
                    jours("flux_produits", *REJEU_PRODUITS))
_expected = etat_initial(CHARGEMENT_PRODUITS_4, REJEU_PRODUITS[1])
_all = checks.run_query(_wh, _hist_sql)
with checks.context("Après le rejeu de février à avril 2024"):
    checks.assert_no_overlap(_all, "product_id", label="l'historique reconstitué")
    checks.assert_no_gaps(_all, "product_id", label="l'historique reconstitué")
    checks.assert_history_matches(_all, _expected, "product_id", _tracked,
                                  label="l'historique reconstitué")
### END HIDDEN TESTS

# %% [markdown]
# L'historique des prix a un autre usage : **contrôler** les données. Chaque ligne de
# commande porte le prix unitaire facturé ; avec l'historique, on peut vérifier qu'il
# est bien le prix catalogue valide à la date de la commande (voir *Pour aller plus
# loin*).

# %% [markdown]
# ---
# ## Partie 5 — Type 6 : le meilleur des types 1, 2 et 3
#
# Le marketing a une seconde demande : « pour chaque achat, la ville **au moment de
# l'achat** *et* la ville **où le client habite aujourd'hui** » (pour cibler une
# campagne locale avec l'historique d'achat complet du client). Le **type 6**
# (1 + 2 + 3 = 6) ajoute à une dimension de type 2 une colonne `ville_actuelle`,
# **écrasée sur toutes les versions** du client (type 1) à chaque changement :
#
# *Après* le déménagement du 14 mars 2023 :
#
# | client_sk | customer_id | city | ville_actuelle | valid_from | valid_to |
# |---|---|---|---|---|---|
# | 9 | 9 | Villeurbanne | **Beaune** | 2023-02-17 | 2023-03-14 |
# | 2412 | 9 | Beaune | Beaune | 2023-03-14 | `NULL` |
#
# *Après* le déménagement suivant, le 1er août 2023 :
#
# | client_sk | customer_id | city | ville_actuelle | valid_from | valid_to |
# |---|---|---|---|---|---|
# | 9 | 9 | Villeurbanne | **Paris** | 2023-02-17 | 2023-03-14 |
# | 2412 | 9 | Beaune | **Paris** | 2023-03-14 | 2023-08-01 |
# | 3157 | 9 | Paris | Paris | 2023-08-01 | `NULL` |
#
# Une commande de février 2023 donne ainsi, par la seule clé `client_sk`, « Villeurbanne
# à l'époque, Paris aujourd'hui », sans jointure supplémentaire.
#
# ### Exercice 7 — Type 6 sur la ville (2 points)
#
# La table `dim_client` a maintenant une colonne de plus, `ville_actuelle`. Écrivez
# `apply_scd6(con, batch, load_date)` qui :
#
# 1. applique le lot en type 2 exactement comme `apply_scd2` (vous pouvez l'appeler) ;
# 2. puis, pour **chaque client du lot**, écrit dans `ville_actuelle` de **toutes** ses
#    versions la `city` de sa version courante.
#
# > **Indice** : `UPDATE dim_client AS d SET ville_actuelle = c.city FROM dim_client AS c
# > WHERE ...` (une auto-jointure sur la version courante), limité aux clients du lot.

# %% nbgrader={"grade": false, "grade_id": "ex07_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def apply_scd6(con, batch, load_date):
    """Type 6 on dim_client: type 2 history plus ville_actuelle overwritten on every version."""
    ### BEGIN SOLUTION
    apply_scd2(con, batch, load_date)
    con.execute("""
        UPDATE dim_client AS d
        SET ville_actuelle = c.city
        FROM dim_client AS c
        WHERE c.customer_id = d.customer_id AND c.valid_to IS NULL
          AND d.customer_id IN (SELECT customer_id FROM batch)
    """)
    ### END SOLUTION


entrepot_type6 = bac_a_sable({"dim_client": dim_client_initiale.assign(
    ville_actuelle=dim_client_initiale.groupby("customer_id")["city"].transform("last"))},
    type6=True)
rejouer(apply_scd6, entrepot_type6, "flux_clients", jours("flux_clients", *REJEU_CLIENTS)[:10])
entrepot_type6.sql("""
SELECT * FROM dim_client
WHERE customer_id IN (SELECT customer_id FROM dim_client WHERE city <> ville_actuelle)
ORDER BY customer_id, valid_from
""").df().head(apercu_lignes)

# %% labkit={"competences": ["C17"]} nbgrader={"grade": true, "grade_id": "ex07_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 7 : historique de type 2 conservé, ville_actuelle écrasée sur toutes les versions des clients du lot, nouvelle clé, lot sans changement."""
_d = datetime.date
_dim = pd.DataFrame([
    {"client_sk": 1, "customer_id": 9, "address": "48 bis place des Chênes", "postal_code": "69100",
     "city": "Villeurbanne", "valid_from": _d(2023, 2, 17), "valid_to": _d(2023, 3, 14),
     "est_courant": False, "ville_actuelle": "Beaune"},
    {"client_sk": 2, "customer_id": 9, "address": "122 rue de la Liberté", "postal_code": "21200",
     "city": "Beaune", "valid_from": _d(2023, 3, 14), "valid_to": None, "est_courant": True,
     "ville_actuelle": "Beaune"},
    {"client_sk": 3, "customer_id": 15, "address": "68 boulevard de la Paix", "postal_code": "31600",
     "city": "Muret", "valid_from": _d(2022, 6, 27), "valid_to": None, "est_courant": True,
     "ville_actuelle": "Muret"},
])
_batch = pd.DataFrame([
    {"customer_id": 9, "address": "109 avenue des Peupliers", "postal_code": "75020", "city": "Paris"},
    {"customer_id": 15, "address": "68 boulevard de la Paix", "postal_code": "31600", "city": "Muret"},
    {"customer_id": 18, "address": "62 rue Voltaire", "postal_code": "31400", "city": "Toulouse"},
])
_sb = bac_a_sable({"dim_client": _dim}, type6=True)
checks.learner_call("Lot du 2023-08-01", apply_scd6, _sb, _batch, _d(2023, 8, 1))
_res = table(_sb, "dim_client", "customer_id, valid_from")
checks.assert_columns(_res, ["client_sk", "customer_id", "address", "postal_code", "city",
                             "valid_from", "valid_to", "est_courant", "ville_actuelle"],
                      label="votre dim_client")
checks.assert_one_current_row_per_key(_res, "customer_id", "est_courant", "valid_to")
checks.assert_no_overlap(_res, "customer_id")
checks.assert_no_gaps(_res, "customer_id")
assert (_res.loc[_res["customer_id"] == 9, "ville_actuelle"] == "Paris").all(), (
    "Le client 9 a déménagé à Paris : ville_actuelle doit valoir 'Paris' sur toutes ses "
    "versions, y compris les anciennes."
)
### BEGIN HIDDEN TESTS
_exp = pd.DataFrame([
    [9, _d(2023, 2, 17), _d(2023, 3, 14), "Villeurbanne", "Paris"],
    [9, _d(2023, 3, 14), _d(2023, 8, 1), "Beaune", "Paris"],
    [9, _d(2023, 8, 1), None, "Paris", "Paris"],
    [15, _d(2022, 6, 27), None, "Muret", "Muret"],
    [18, _d(2023, 8, 1), None, "Toulouse", "Toulouse"],
], columns=["customer_id", "valid_from", "valid_to", "city", "ville_actuelle"])
with checks.context("Après le lot du 2023-08-01"):
    checks.assert_history_matches(_res, _exp, "customer_id", ["city", "ville_actuelle"])
_batch2 = pd.DataFrame([
    {"customer_id": 15, "address": "3 rue Foch", "postal_code": "31000", "city": "Toulouse"},
])
checks.learner_call("Lot du 2023-09-01", apply_scd6, _sb, _batch2, _d(2023, 9, 1))
_exp.loc[3, ["valid_to", "ville_actuelle"]] = [_d(2023, 9, 1), "Toulouse"]
_exp.loc[5] = [15, _d(2023, 9, 1), None, "Toulouse", "Toulouse"]
with checks.context("Après un second lot (le client 9 n'y figure pas)"):
    checks.assert_history_matches(table(_sb, "dim_client"), _exp, "customer_id",
                                  ["city", "ville_actuelle"])
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 6 — Choisir le type, attribut par attribut
#
# Le type ne se choisit pas pour une table entière mais **pour chaque attribut**, selon
# trois questions :
#
# 1. **Le métier analyse-t-il le passé selon cet attribut ?** (ventes par ville au moment
#    de l'achat : type 2 ; ventes par rayon dans l'organisation d'aujourd'hui : type 1 ou 3)
# 2. **À quelle fréquence change-t-il ?** (un prix qui change chaque mois fait exploser
#    une dimension de type 2 : type 4 ou mini-dimension)
# 3. **A-t-on le droit de le garder ?** Le RGPD impose la **minimisation** (ne garder que
#    ce qui est nécessaire à la finalité) et une **durée de conservation** limitée ;
#    l'historique d'adresses d'une personne est une donnée personnelle, identifiante
#    (adresse postale) et révélatrice (suivre les déménagements d'une personne). Le droit
#    à l'**effacement** et le droit de **rectification** s'appliquent aussi aux versions
#    historiques.
#
# Pour vous aider, voici les attributs des dimensions client et produit (catégorie RGPD
# tirée du dictionnaire de données) :

# %%
pd.DataFrame(
    [(c.table, c.column, c.meaning_fr, c.gdpr_category) for c in paniervert.dictionary()
     if c.table in ("customers", "products")],
    columns=["table", "colonne", "signification", "catégorie RGPD"],
)

# %% [markdown]
# ### Question 8 — Quel type pour quel attribut ? (3 points, corrigée par votre formateur ou formatrice)
#
# Pour la dimension **client** (`first_name`, `last_name`, `email`, `phone`, `address`,
# `postal_code`, `city`, `birth_date`, `created_at`, `loyalty_id`, `consent_marketing`)
# et la dimension **produit** (`name`, `category`, `subcategory`, `unit_price_eur`,
# `organic`/`label`, `supplier_id`), proposez **un type de SCD par attribut** (0, 1, 2, 3,
# 4 ou 6, ou « hors de la dimension ») et **justifiez-le** en une ligne par le besoin
# métier. Puis, en quelques phrases, expliquez les **conséquences RGPD** de l'historique
# des adresses des clients (type 2 ou 6) et comment les maîtriser : ce qu'on garde
# vraiment, pendant combien de temps, ce que devient l'historique en cas de demande
# d'effacement ou de rectification.
#
# Un tableau (attribut, type, justification) suivi d'un paragraphe de 5 à 10 lignes
# suffit. *Double-cliquez sur la cellule ci-dessous pour écrire votre réponse.*

# %% [markdown] labkit={"competences": ["C17"]} nbgrader={"grade": true, "grade_id": "choix_types", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# **Votre réponse :**
#
# ### BEGIN SOLUTION
# | dimension | attribut | type | justification |
# |---|---|---|---|
# | client | `first_name`, `last_name` | 1 | corrections et changements d'état civil : aucune analyse par l'ancien nom ; ne pas garder l'ancien nom (minimisation) |
# | client | `email`, `phone` | 1, ou hors de l'entrepôt | utiles au contact (CRM), pas à l'analyse : ne pas les historiser, idéalement ne pas les charger du tout (ou pseudonymisés) |
# | client | `address` | 1 (voire hors entrepôt) | la rue n'est pas un axe d'analyse : garder l'historique des rues serait un suivi de la personne sans finalité |
# | client | `postal_code`, `city` | 2, ou 6 (`ville_actuelle`) | le marketing analyse les ventes selon le lieu de résidence **au moment de l'achat** ; le type 6 ajoute la ville actuelle pour les campagnes |
# | client | `birth_date` | 0 | ne change pas ; une correction éventuelle se fait en type 1 ; mieux : stocker une tranche d'âge (minimisation) |
# | client | `created_at` | 0 | date d'inscription : fait historique, ne doit jamais être réécrit |
# | client | `loyalty_id` | 1 | identifiant technique de la carte ; une carte remplacée remplace l'ancienne |
# | client | `consent_marketing` | 1 dans la dimension, historique dans une table d'audit (type 4) | la campagne doit respecter le consentement **actuel** ; la preuve du consentement à une date relève d'un journal daté |
# | produit | `name` | 1 | une correction de libellé ne change pas l'analyse |
# | produit | `category`, `subcategory` | 3 (ou 1) | la réorganisation du 1er mars 2024 : comparer toutes les périodes dans l'ancienne et la nouvelle organisation ; type 2 si l'on veut les ventes « dans le rayon de l'époque » |
# | produit | `unit_price_eur` | 4 (table d'historique) ou hors dimension | change souvent ; le prix réellement payé est une **mesure** des faits (ligne de commande) ; l'historique des prix catalogue va dans une table à part |
# | produit | `organic`, `label` | 2 | un produit qui perd son label bio : les ventes passées doivent rester « bio » (rapports réglementaires, part du bio) |
# | produit | `supplier_id` | 2 | analyser les achats par fournisseur au moment de la vente (changement de fournisseur) |
#
# **RGPD.** Un historique d'adresses est une donnée personnelle (adresse postale :
# identifiant direct) qui révèle les déménagements d'une personne : il faut une finalité
# (analyser les ventes par zone de résidence), et donc la **minimisation** : historiser la
# ville ou le code postal, pas la rue ; l'entrepôt d'analyse n'a pas besoin du nom, de
# l'e-mail ni du téléphone (pseudonymisation par une clé, les données de contact restant
# dans le système opérationnel). La **durée de conservation** s'applique aussi aux
# versions anciennes : purge ou agrégation des versions au-delà de la durée définie
# (par exemple 3 ans après le dernier achat, comme le recommande la CNIL pour la
# prospection). En cas de demande d'**effacement**, **toutes les versions** du client
# doivent être effacées ou anonymisées de façon irréversible (les faits peuvent être
# rattachés à un membre « client anonyme » pour garder les totaux) ; une
# **rectification** corrige aussi les versions passées (c'est une erreur, pas un
# changement : type 1 sur l'historique). Ces traitements sont documentés au registre et
# testés (preuve d'effet).
# ### END SOLUTION

# %% [markdown]
# ---
# ## Récapitulatif
#
# | besoin | type | mise en œuvre | piège à éviter |
# |---|---|---|---|
# | une valeur d'origine qui ne doit jamais changer | 0 | ne pas la mettre à jour (`MERGE` sans elle dans le `SET`) | la réécrire par erreur lors d'une correction de la source |
# | corriger, garder seulement le présent | 1 | `MERGE ... WHEN MATCHED AND ... IS DISTINCT FROM ...` | réécrire l'histoire d'un attribut que le métier analyse dans le temps |
# | analyser le passé « tel qu'il était » | 2 | fermer la version courante, en ouvrir une avec une nouvelle clé de substitution | `=` au lieu de `IS DISTINCT FROM` (NULL), intervalle fermé `<=`, deux lots le même jour (version vide), lot en retard |
# | comparer deux organisations sur toutes les périodes | 3 | colonne « valeur précédente » + date | une seule étape de mémoire |
# | attribut qui change souvent | 4 | table courante + table d'historique (ou mini-dimension) | archiver **après** avoir écrasé la ligne courante |
# | passé et présent sur la même ligne | 6 | type 2 + colonne actuelle écrasée sur toutes les versions | oublier les anciennes versions |
# | rattacher un fait | — | jointure sur la clé naturelle **et** `valid_from <= date < valid_to` | joindre sur `est_courant` |
# | vérifier une dimension | — | `checks.assert_one_current_row_per_key`, `assert_no_overlap`, `assert_no_gaps` | ne tester que le cas heureux |
# | données personnelles | — | minimiser ce qu'on historise, purger, effacer toutes les versions | garder l'historique des adresses « au cas où » |
#
# Pour la certification, la compétence **C17** demande d'implémenter les variations des
# dimensions **selon le type de changement** : le jury attend que vous sachiez justifier
# le type de chaque attribut, l'implémenter et **prouver** que la dimension reste juste
# (tests d'invariants, rejeu).

# %% [markdown]
# ## Pour aller plus loin
#
# - **Facts en retard** : après un lot de dimension en retard (exercice 3), recalculez
#   `client_sk` des commandes de la période touchée (`UPDATE ... FROM` sur la table de
#   faits) et vérifiez-le avec `checks.assert_facts_join_valid_version`.
# - **Contrôle des prix** : chargez `order_lines` (`paniervert.load("order_lines", scale,
#   seed)`) et comparez son `unit_price_eur` au prix de l'historique des produits valide
#   à la date de la commande. Au jour près, quels écarts restent, et pourquoi ?
# - **Type 7** : une table de faits qui porte à la fois la clé de substitution (version
#   de l'époque) et la clé naturelle (pour joindre la version courante).
# - **dbt snapshots** : le lab « entrepôt avec dbt » du bloc 3 génère le type 2
#   automatiquement (`strategy: check` ou `timestamp`) ; comparez le SQL généré au vôtre.
# - **PostgreSQL** : réécrivez `apply_scd2` pour PostgreSQL 15+ (`MERGE`, et une
#   contrainte d'exclusion `EXCLUDE USING gist (customer_id WITH =, daterange(valid_from,
#   valid_to) WITH &&)` qui rend les chevauchements impossibles).
# - **Références** : Ralph Kimball et Margy Ross, *The Data Warehouse Toolkit*, 3e
#   édition, chapitre 5 (« Slowly Changing Dimension Techniques ») ; documentation de
#   `MERGE` dans DuckDB (<https://duckdb.org/docs/sql/statements/merge_into>).
