# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Le même entrepôt avec dbt : modèles, tests, snapshots et documentation
#
# **Bloc BC03** — Élaborer et maintenir un entrepôt de données
#
# **Compétences évaluées :**
#
# - **C14** — Créer un entrepôt de données à partir des paramètres du projet, des
#   contraintes techniques et de la modélisation ;
# - **C15** — Intégrer les ETL nécessaires en entrée et en sortie d'un entrepôt de données
#   afin de garantir la qualité et le bon formatage des données ;
# - **C17** — Implémenter des variations dans les dimensions selon le type de changement,
#   pour historiser les données de l'entrepôt.
#
# | | |
# |---|---|
# | Durée indicative | 3 heures |
# | Barème | 20 points : 17 corrigés automatiquement (7 exercices), 3 corrigés par votre formateur ou formatrice (1 question ouverte) |
# | Outils | dbt-core 1.11 et dbt-duckdb (l'entrepôt est un fichier DuckDB), SQL, YAML, Python |
#
# ## Comment travailler dans ce lab
#
# Ce notebook est à la fois **le cours et le lab** : chaque partie commence par une courte
# leçon avec des exemples à exécuter, puis vient un exercice.
#
# - Exécutez les cellules **dans l'ordre**, de haut en bas (`Maj + Entrée`).
# - Chaque exercice comporte une **cellule réponse**, qui contient
#   `raise NotImplementedError(...)` : remplacez cette ligne par votre réponse.
#   Ne renommez pas les variables demandées (`modele_stg_commandes`, `proprietes_marts`…) :
#   le correcteur les utilise.
# - La fin de chaque cellule réponse (déjà écrite) enregistre votre texte dans le projet
#   dbt puis lance la commande dbt de l'exercice ; le résumé de dbt s'affiche sous la
#   cellule. Une commande dbt prend quelques secondes : c'est normal.
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
# d'épiceries bio françaises (magasins, e-shop, carte de fidélité). Dans les labs
# précédents, vous avez construit l'entrepôt « à la main » : des scripts SQL et Python
# qui créent les tables, les chargent, les testent et historisent les dimensions.
#
# L'équipe veut maintenant industrialiser ce travail avec **dbt** (*data build tool*),
# l'outil de transformation le plus répandu dans les équipes data : chaque table de
# l'entrepôt devient un **modèle**, un simple `SELECT` dans un fichier `.sql` ; dbt en
# déduit l'ordre d'exécution (le **lignage**), crée les vues et les tables, lance les
# **tests** déclarés en YAML, historise les dimensions avec les **snapshots** (type 2) et
# génère la **documentation**.
#
# Les données sont **synthétiques** (générées par le cours) mais les données personnelles
# se traitent **comme des vraies** (RGPD).
#
# ### Les sources
#
# | source dbt | table | une ligne = | clé | colonnes utiles |
# |---|---|---|---|---|
# | `paniervert` | `orders` | une commande (magasin ou e-shop) | `order_id` | `customer_id` (`NULL` sans carte de fidélité), `store_id` (`NULL` pour l'e-shop), `channel` (`'magasin'` ou `'eshop'`), `ordered_at`, `status` |
# | `paniervert` | `order_lines` | une ligne de commande | `order_id`, `line_no` | `product_id`, `quantity` (en kg pour les produits au poids), `unit_price_eur`, `discount_eur` (remise en euros sur la ligne) |
# | `paniervert` | `products` | un produit du catalogue | `product_id` | `ean13`, `name`, `category`, `subcategory`, `organic`, `unit_price_eur`, `supplier_id` |
# | `crm` | `clients_actuels` | un client, **dans son état actuel** (export du CRM) | `client_id` | `adresse`, `code_postal`, `ville`, `maj_le` (date de la dernière modification) |
#
# Les trois tables `paniervert` sont des fichiers Parquet produits par le générateur du
# cours ; dbt les lit directement (dbt-duckdb sait déclarer un fichier comme source).
# L'export `clients_actuels` est **réécrit** à chaque extraction : il ne garde pas
# l'historique. C'est tout l'intérêt du snapshot de la partie 4.
#
# Trois pièges à garder en tête :
#
# - les commandes **annulées** (`status = 'annulée'`) restent dans les sources : c'est
#   à l'entrepôt de décider qu'elles ne comptent pas dans les ventes ;
# - `channel` vaut `'eshop'` dans la source, mais le métier écrit `'e-shop'` ;
# - le fichier DuckDB de l'entrepôt ne supporte qu'**un seul écrivain** : le notebook lit
#   l'entrepôt par `projet.query(...)`, qui ouvre une connexion en lecture seule et la
#   referme aussitôt, pour que la commande dbt suivante puisse écrire.

# %% [markdown]
# ## Objectifs
#
# À la fin de ce lab, vous saurez :
#
# 1. organiser un projet dbt en couches : **sources → staging → marts** ;
# 2. écrire des modèles de staging qui renomment, typent et recodent les colonnes ;
# 3. construire une dimension avec clé de substitution et une table de faits à un grain
#    énoncé, reliées par `ref()` ;
# 4. déclarer des tests génériques en YAML (`unique`, `not_null`, `relationships`,
#    `accepted_values`) et écrire un test singulier en SQL, puis vérifier qu'ils
#    **échouent** quand la donnée est fausse ;
# 5. historiser une dimension en type 2 avec un **snapshot** dbt ;
# 6. documenter les modèles et générer la documentation (`manifest.json`,
#    `catalog.json`) ;
# 7. comparer dbt à un ETL écrit à la main, et savoir quand ne pas l'utiliser.
#
# ## Prérequis
#
# - SQL : `SELECT`, jointures, `CASE`, fonctions de fenêtre (`ROW_NUMBER`).
# - Modélisation en étoile et dimensions à évolution lente (labs 01, 02 et 05 du bloc 3).
# - Lire un fichier YAML : indentation par espaces, listes avec `-`.

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
# La cellule suivante crée un **projet dbt neuf** dans `sortie/entrepot_dbt/` (tout ce
# qu'un précédent passage y avait écrit est effacé), déclare les sources, et définit :
#
# - `projet` : le projet dbt. `projet.model(nom, sql, layer)` écrit un modèle,
#   `projet.write(chemin, texte)` un fichier ; `projet.build(select=...)`,
#   `projet.test(...)`, `projet.snapshot(...)` et `projet.docs_generate()` lancent dbt et
#   renvoient un résultat (`.success`, `.nodes`, `.summary()`) ; `projet.query(sql)`
#   interroge l'entrepôt et renvoie un DataFrame ;
# - `con` : une base DuckDB **en mémoire** où les fichiers sources sont visibles sous
#   leur nom (`orders`, `order_lines`, `products`, `customer_history`), pour explorer
#   les données brutes ;
# - `publier_etat_clients(jour)` : écrit l'export CRM `clients_actuels` tel qu'il était
#   le `jour` donné.
#
# Elle est verrouillée ; si quelque chose se passe mal, relancez le noyau (*Kernel* →
# *Restart Kernel*).

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
from pathlib import Path

import duckdb
import pandas as pd

from labkit import checks
from labkit.datasets import paniervert
from labkit.services.dbt_project import DbtProject

pd.set_option("display.max_columns", 20)
pd.set_option("display.width", 200)

donnees = paniervert.path(scale, seed) / "tables"
sortie = Path("sortie").resolve()
dossier_crm = sortie / "crm"
dossier_crm.mkdir(parents=True, exist_ok=True)
fichier_crm = dossier_crm / "clients_actuels.parquet"

# Raw sources, for exploration (in memory, independent of the warehouse file).
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
for _name in ("orders", "order_lines", "products", "customer_history"):
    con.execute(
        f"CREATE VIEW {_name} AS SELECT * FROM read_parquet('{(donnees / _name).as_posix()}.parquet')"
    )

# A fresh dbt project: dbt_project.yml, profiles.yml (DuckDB file entrepot.duckdb).
projet = DbtProject.create(sortie / "entrepot_dbt", fresh=True)

SOURCES_YML = f"""
sources:
  - name: paniervert
    description: Système opérationnel de Panier Vert (fichiers Parquet du générateur).
    config:
      meta:
        external_location: "read_parquet('{donnees.as_posix()}/{{name}}.parquet')"
    tables:
      - name: orders
        description: Une ligne par commande (magasin ou e-shop).
      - name: order_lines
        description: Une ligne par ligne de commande.
      - name: products
        description: Le catalogue, dans son état actuel.
  - name: crm
    description: Exports du CRM, réécrits à chaque extraction (sans historique).
    tables:
      - name: clients_actuels
        description: Un client par ligne, dans son état au moment de l'export.
        config:
          meta:
            external_location: "read_parquet('{fichier_crm.as_posix()}')"
"""
projet.write("models/staging/_sources.yml", SOURCES_YML)

STG_PRODUITS = """
-- Staging: one row per product, renamed and typed; nothing filtered.
select
    cast(product_id as integer) as produit_id,
    ean13                       as ean,
    trim(name)                  as libelle,
    category                    as rayon,
    subcategory                 as sous_rayon,
    organic                     as est_bio,
    cast(unit_price_eur as decimal(10, 2)) as prix_catalogue_eur,
    cast(supplier_id as integer) as fournisseur_id
from {{ source('paniervert', 'products') }}
"""
projet.model("stg_produits", STG_PRODUITS, layer="staging")

# Snapshot days: the CRM export as it was on JOUR_1, then on JOUR_2.
JOUR_1 = "2024-07-01"
JOUR_2 = "2025-01-01"


def publier_etat_clients(jour):
    """Write the CRM export `clients_actuels` as it was on `jour` (00:00); return it."""
    etat = con.execute(
        """
        SELECT CAST(customer_id AS INTEGER) AS client_id, address AS adresse,
               postal_code AS code_postal, city AS ville, valid_from AS maj_le
        FROM customer_history
        WHERE valid_from <= CAST($jour AS TIMESTAMP)
          AND (valid_to IS NULL OR valid_to > CAST($jour AS TIMESTAMP))
        ORDER BY client_id
        """,
        {"jour": jour},
    ).df()
    etat.to_parquet(fichier_crm, index=False)
    return etat


def rejouer_snapshot():
    """Rebuild `snap_clients` from scratch: export of JOUR_1, snapshot, export of JOUR_2,
    snapshot. Returns the result of the last dbt command run."""
    with projet.connect(read_only=False) as ecriture:
        schemas = ecriture.execute(
            "SELECT table_schema FROM information_schema.tables WHERE table_name = 'snap_clients'"
        ).fetchall()
        for (schema,) in schemas:  # also a table left by an earlier try in another schema
            ecriture.execute(f'DROP TABLE IF EXISTS "{schema}".snap_clients')
    resultat = None
    for jour in (JOUR_1, JOUR_2):
        publier_etat_clients(jour)
        resultat = projet.snapshot(select="snap_clients")
        if not resultat.success:
            break
    return resultat


def colonnes_sql(table):
    """Column names and SQL types of a table of the warehouse."""
    return projet.query(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = ? ORDER BY ordinal_position", [table]
    )


publier_etat_clients(JOUR_1)
projet

# %% [markdown]
# ---
# ## Partie 1 — Un projet dbt, ses sources et la couche staging
#
# Un projet dbt est un **dossier** ; regardons ce que la cellule de mise en place a écrit :

# %%
sorted(str(p.relative_to(projet.root)) for p in projet.root.rglob("*") if p.is_file())

# %% [markdown]
# - `dbt_project.yml` décrit le projet : son nom (`entrepot`), où sont les modèles, et la
#   **matérialisation** par dossier : les modèles de `models/staging/` deviennent des
#   **vues**, ceux de `models/marts/` des **tables** ;
# - `profiles.yml` dit **où** écrire : ici le fichier DuckDB `entrepot.duckdb` du projet
#   (avec PostgreSQL, Snowflake ou BigQuery, seul ce fichier change) ;
# - `models/staging/_sources.yml` déclare les **sources** : les données qui entrent dans
#   l'entrepôt sans être produites par dbt.

# %%
print((projet.root / "dbt_project.yml").read_text())
print(SOURCES_YML)

# %% [markdown]
# ### Modèles, `source()` et `ref()`
#
# Un **modèle** est un fichier `.sql` qui contient **un seul `SELECT`**, sans `CREATE` :
# dbt l'enveloppe dans un `CREATE VIEW` ou `CREATE TABLE` selon la matérialisation. Le
# nom du fichier est le nom de la vue ou de la table. Deux fonctions Jinja relient les
# modèles :
#
# - `{{ source('paniervert', 'products') }}` lit une source déclarée ;
# - `{{ ref('stg_produits') }}` lit un autre modèle.
#
# dbt lit ces appels pour construire le **graphe** des dépendances : il sait qu'il doit
# créer `stg_produits` avant tout modèle qui fait `ref('stg_produits')`. C'est le
# **lignage**, qu'aucun script écrit à la main ne donne gratuitement.
#
# ### La couche staging
#
# La convention (celle du projet d'exemple *jaffle-shop* de dbt Labs) : **un modèle de
# staging par table source**, qui se contente de **renommer**, **typer** et **recoder**
# les colonnes, sans jointure et sans filtre. Les règles métier viennent ensuite, dans
# les *marts*. Voici le modèle `stg_produits` que la mise en place a écrit :

# %%
print(STG_PRODUITS)

# %% [markdown]
# Construisons-le. `projet.build(select="stg_produits")` lance
# `dbt build --select stg_produits` : dbt crée la vue, puis lance ses tests (il n'y en a
# pas encore). Le résultat s'affiche en résumé ; `resultat.output` contient le journal
# complet de dbt.

# %%
resultat = projet.build(select="stg_produits")
resultat

# %%
projet.query("SELECT * FROM stg_produits ORDER BY produit_id").head(apercu_lignes)

# %% [markdown]
# ### Exercice 1 — Les modèles de staging des commandes (3 points)
#
# Écrivez le `SELECT` de deux modèles de staging, dans deux chaînes Python :
#
# **`modele_stg_commandes`** (modèle `stg_commandes`, lu depuis
# `{{ source('paniervert', 'orders') }}`) : **une ligne par commande**, annulées
# comprises (rien n'est filtré en staging), avec exactement ces colonnes :
#
# | colonne | type | définition |
# |---|---|---|
# | `commande_id` | entier | `order_id` |
# | `client_id` | entier | `customer_id` (`NULL` conservé) |
# | `magasin_id` | entier | `store_id` (`NULL` conservé) |
# | `canal` | texte | `channel`, avec `'eshop'` recodé en `'e-shop'` (`'magasin'` inchangé) |
# | `commande_le` | `TIMESTAMP` | `ordered_at` |
# | `date_commande` | `DATE` | le jour de `ordered_at` |
# | `statut` | texte | `status`, inchangé |
#
# **`modele_stg_lignes`** (modèle `stg_lignes_commande`, lu depuis
# `{{ source('paniervert', 'order_lines') }}`) : une ligne par ligne de commande, avec
# les colonnes `commande_id` (`order_id`), `ligne_no` (`line_no`), `produit_id`
# (`product_id`), `quantite` (`quantity`), `prix_unitaire_eur` (`unit_price_eur`),
# `remise_eur` (`discount_eur`) et `montant_eur`, le montant payé de la ligne :
# `quantity × unit_price_eur − discount_eur`, **sans arrondi**.
#
# La fin de la cellule écrit les deux fichiers dans `models/staging/` et lance
# `dbt build` sur ces deux modèles.
#
# > **Indice** : partez de `stg_produits` ; pour le recodage, `CASE` ou `replace()` ;
# > pour le jour, `CAST(... AS DATE)`. Pas de point-virgule à la fin d'un modèle dbt.

# %% nbgrader={"grade": false, "grade_id": "ex01_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
modele_stg_commandes = """
select
    cast(order_id as integer)    as commande_id,
    cast(customer_id as integer) as client_id,
    cast(store_id as integer)    as magasin_id,
    case channel when 'eshop' then 'e-shop' else channel end as canal,
    ordered_at                   as commande_le,
    cast(ordered_at as date)     as date_commande,
    status                       as statut
from {{ source('paniervert', 'orders') }}
"""
modele_stg_lignes = """
select
    cast(order_id as integer)   as commande_id,
    cast(line_no as integer)    as ligne_no,
    cast(product_id as integer) as produit_id,
    quantity                    as quantite,
    unit_price_eur              as prix_unitaire_eur,
    discount_eur                as remise_eur,
    quantity * unit_price_eur - discount_eur as montant_eur
from {{ source('paniervert', 'order_lines') }}
"""
### END SOLUTION
projet.model("stg_commandes", modele_stg_commandes, layer="staging")
projet.model("stg_lignes_commande", modele_stg_lignes, layer="staging")
resultat_01 = projet.build(select="stg_commandes stg_lignes_commande")
resultat_01

# %% labkit={"competences": ["C15"]} nbgrader={"grade": true, "grade_id": "ex01_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 1 : les deux vues de staging sont construites ; colonnes, types, recodage et contenu exacts."""
assert resultat_01.success, (
    "dbt n'a pas pu construire vos modèles : lisez le résumé affiché sous la cellule réponse "
    "(resultat_01), corrigez votre SQL et relancez la cellule."
)
_stg_c = projet.query("SELECT * FROM stg_commandes")
checks.assert_columns(_stg_c, ["commande_id", "client_id", "magasin_id", "canal",
                               "commande_le", "date_commande", "statut"],
                      label="stg_commandes")
_n_orders = con.execute("SELECT COUNT(*) FROM orders").fetchall()[0][0]
assert len(_stg_c) == _n_orders, (
    "stg_commandes doit garder une ligne par commande de la source, annulées comprises : "
    "ne filtrez rien et ne joignez rien en staging."
)
assert set(_stg_c["canal"].dropna()) <= {"magasin", "e-shop"}, (
    "La colonne canal ne doit contenir que 'magasin' et 'e-shop' : vérifiez le recodage de "
    "'eshop'."
)
_types_c = dict(colonnes_sql("stg_commandes").values.tolist())
assert _types_c["date_commande"] == "DATE", (
    f"date_commande est de type {_types_c['date_commande']} : elle doit être de type DATE "
    "(le jour, sans l'heure)."
)
assert _types_c["commande_le"].startswith("TIMESTAMP"), (
    "commande_le doit garder l'horodatage complet de la commande (TIMESTAMP)."
)
_stg_l = projet.query("SELECT * FROM stg_lignes_commande")
checks.assert_columns(_stg_l, ["commande_id", "ligne_no", "produit_id", "quantite",
                               "prix_unitaire_eur", "remise_eur", "montant_eur"],
                      label="stg_lignes_commande")
assert len(_stg_l) == con.execute("SELECT COUNT(*) FROM order_lines").fetchall()[0][0], (
    "stg_lignes_commande doit garder une ligne par ligne de commande de la source."
)
### BEGIN HIDDEN TESTS
with projet.connect() as _w:
    checks.assert_query_matches(
        _w,
        "SELECT commande_id, client_id, magasin_id, canal, commande_le, date_commande, statut "
        "FROM stg_commandes",
        f"""SELECT order_id, customer_id, store_id,
                   replace(channel, 'eshop', 'e-shop'), ordered_at,
                   make_date(year(ordered_at), month(ordered_at), day(ordered_at)), status
            FROM read_parquet('{(donnees / 'orders.parquet').as_posix()}')""",
        check_names=False,
    )
    checks.assert_query_matches(
        _w,
        "SELECT commande_id, ligne_no, produit_id, quantite, prix_unitaire_eur, remise_eur, "
        "montant_eur FROM stg_lignes_commande",
        f"""SELECT order_id, line_no, product_id, quantity, unit_price_eur, discount_eur,
                   unit_price_eur * quantity - discount_eur
            FROM read_parquet('{(donnees / 'order_lines.parquet').as_posix()}')""",
        check_names=False,
    )
_types_l = dict(colonnes_sql("stg_lignes_commande").values.tolist())
assert _types_l["montant_eur"] in ("DOUBLE", "FLOAT") or _types_l["montant_eur"].startswith("DECIMAL"), (
    f"montant_eur est de type {_types_l['montant_eur']} : un nombre décimal est attendu."
)
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 2 — Les marts : une dimension et une table de faits
#
# Les **marts** sont les tables que les analystes et les outils de BI interrogent : les
# dimensions et les faits du modèle en étoile. Ils lisent la couche staging par `ref()`,
# jamais les sources directement.
#
# ### La clé de substitution
#
# Une dimension a sa propre clé, la **clé de substitution** (*surrogate key*), distincte
# de la clé naturelle de la source : elle isole l'entrepôt des changements de
# numérotation de la source et permet plusieurs versions d'un même produit (type 2). Avec
# dbt, deux façons courantes :
#
# - un entier, `ROW_NUMBER() OVER (ORDER BY clé_naturelle)` ; simple, mais il peut changer
#   d'une reconstruction à l'autre si un produit est inséré « au milieu » : à réserver aux
#   dimensions reconstruites en entier, comme ici ;
# - un **hachage** de la clé naturelle, `md5(cast(produit_id as varchar))` (c'est ce que
#   fait la macro `generate_surrogate_key` du paquet `dbt_utils`) : stable d'une
#   exécution à l'autre, mais plus lourd à joindre.
#
# Exemple, **sur les magasins** (ce n'est pas l'exercice) : un modèle qui serait écrit
# dans `models/marts/dim_magasin.sql`.
#
# ```sql
# select
#     row_number() over (order by store_id) as magasin_sk,
#     store_id as magasin_id,
#     name     as nom
# from {{ ref('stg_magasins') }}
# ```
#
# ### Exercice 2 — La dimension produit (2 points)
#
# Écrivez dans `modele_dim_produit` le `SELECT` du modèle `dim_produit` (une **table**,
# dans `models/marts/`), lu depuis `{{ ref('stg_produits') }}` : **une ligne par
# produit**, avec exactement les colonnes
#
# - `produit_sk` : la clé de substitution, un **entier** unique et non `NULL` (par exemple
#   un numéro de ligne dans l'ordre de `produit_id`) ;
# - `produit_id`, `ean`, `libelle`, `rayon`, `sous_rayon`, `est_bio` : recopiés de
#   `stg_produits`.
#
# Le prix catalogue et le fournisseur ne font **pas** partie de la dimension.

# %% nbgrader={"grade": false, "grade_id": "ex02_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
modele_dim_produit = """
select
    cast(row_number() over (order by produit_id) as integer) as produit_sk,
    produit_id,
    ean,
    libelle,
    rayon,
    sous_rayon,
    est_bio
from {{ ref('stg_produits') }}
"""
### END SOLUTION
projet.model("dim_produit", modele_dim_produit, layer="marts")
resultat_02 = projet.build(select="dim_produit")
resultat_02

# %% labkit={"competences": ["C14"]} nbgrader={"grade": true, "grade_id": "ex02_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 2 : dim_produit est une table, une ligne par produit, clé de substitution entière unique, attributs exacts."""
assert resultat_02.success, (
    "dbt n'a pas pu construire dim_produit : lisez le résumé affiché sous la cellule réponse "
    "(resultat_02)."
)
_dim = projet.query("SELECT * FROM dim_produit")
checks.assert_columns(_dim, ["produit_sk", "produit_id", "ean", "libelle", "rayon",
                             "sous_rayon", "est_bio"], label="dim_produit")
_kind = projet.query(
    "SELECT table_type FROM information_schema.tables WHERE table_name = 'dim_produit'"
)["table_type"].tolist()
assert _kind == ["BASE TABLE"], (
    "dim_produit doit être une table (matérialisation table, celle du dossier models/marts)."
)
assert _dim["produit_sk"].notna().all() and _dim["produit_sk"].is_unique, (
    "produit_sk doit être unique et jamais NULL : c'est la clé de la dimension."
)
assert _dim["produit_id"].is_unique, (
    "Un même produit_id apparaît sur plusieurs lignes : une ligne par produit attendue."
)
_sk_type = dict(colonnes_sql("dim_produit").values.tolist())["produit_sk"]
assert _sk_type in ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT",
                    "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT"), (
    f"produit_sk est de type {_sk_type} : un entier est demandé."
)
### BEGIN HIDDEN TESTS
assert "model.entrepot.stg_produits" in projet.manifest()["parent_map"]["model.entrepot.dim_produit"], (
    "dim_produit doit lire stg_produits par {{ ref('stg_produits') }}, pas par son nom écrit en dur."
)
with projet.connect() as _w:
    checks.assert_query_matches(
        _w,
        "SELECT produit_id, ean, libelle, rayon, sous_rayon, est_bio FROM dim_produit",
        f"""SELECT product_id, ean13, trim(name), category, subcategory, organic
            FROM read_parquet('{(donnees / 'products.parquet').as_posix()}')""",
        check_names=False,
    )
### END HIDDEN TESTS

# %% [markdown]
# ### Le grain d'une table de faits
#
# Avant d'écrire une table de faits, on **énonce son grain** : « une ligne = … ». Ici :
# **une ligne par ligne de commande non annulée**. Deux erreurs classiques le trahissent :
#
# - une jointure qui **démultiplie** les lignes (*fan-out*) : joindre une table qui a
#   plusieurs lignes par clé ;
# - un filtre oublié : les commandes annulées gonfleraient le chiffre d'affaires.
#
# ### Exercice 3 — La table de faits des ventes (3 points)
#
# Écrivez dans `modele_fct_lignes_vente` le `SELECT` du modèle `fct_lignes_vente` (une
# table dans `models/marts/`), au grain **une ligne par ligne de commande dont la
# commande n'est pas annulée** (`statut <> 'annulée'` ; les autres statuts sont gardés),
# avec exactement les colonnes :
#
# | colonne | d'où vient-elle |
# |---|---|
# | `commande_id`, `ligne_no` | `stg_lignes_commande` |
# | `produit_sk` | `dim_produit`, par la jointure sur `produit_id` |
# | `client_id`, `magasin_id`, `canal`, `date_commande` | `stg_commandes` |
# | `quantite`, `montant_eur` | `stg_lignes_commande` |
#
# Lisez les trois modèles par `ref()`. La table ne garde **pas** `produit_id` : on
# retrouve le produit par la dimension.

# %% nbgrader={"grade": false, "grade_id": "ex03_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
modele_fct_lignes_vente = """
select
    l.commande_id,
    l.ligne_no,
    d.produit_sk,
    c.client_id,
    c.magasin_id,
    c.canal,
    c.date_commande,
    l.quantite,
    l.montant_eur
from {{ ref('stg_lignes_commande') }} as l
join {{ ref('stg_commandes') }} as c on c.commande_id = l.commande_id
join {{ ref('dim_produit') }} as d on d.produit_id = l.produit_id
where c.statut <> 'annulée'
"""
### END SOLUTION
projet.model("fct_lignes_vente", modele_fct_lignes_vente, layer="marts")
resultat_03 = projet.build(select="fct_lignes_vente")
resultat_03

# %% labkit={"competences": ["C14"]} nbgrader={"grade": true, "grade_id": "ex03_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 3 : fct_lignes_vente au grain d'une ligne de commande non annulée, clé produit_sk valide, mesures exactes."""
assert resultat_03.success, (
    "dbt n'a pas pu construire fct_lignes_vente : lisez le résumé affiché sous la cellule "
    "réponse (resultat_03)."
)
_fct = projet.query("SELECT * FROM fct_lignes_vente")
checks.assert_columns(_fct, ["commande_id", "ligne_no", "produit_sk", "client_id", "magasin_id",
                             "canal", "date_commande", "quantite", "montant_eur"],
                      label="fct_lignes_vente")
assert not _fct.duplicated(["commande_id", "ligne_no"]).any(), (
    "Une même ligne de commande (commande_id, ligne_no) apparaît plusieurs fois : une jointure "
    "démultiplie vos lignes, le grain n'est pas respecté."
)
_annulees = set(con.execute(
    "SELECT order_id FROM orders WHERE status = 'annulée'").df()["order_id"])
assert not _fct["commande_id"].isin(_annulees).any(), (
    "Votre table contient des lignes de commandes annulées : elles ne sont pas des ventes."
)
_orphelins = projet.query(
    "SELECT COUNT(*) AS n FROM fct_lignes_vente f "
    "WHERE NOT EXISTS (SELECT 1 FROM dim_produit d WHERE d.produit_sk = f.produit_sk)"
)["n"].iloc[0]
assert _orphelins == 0, (
    f"{_orphelins} ligne(s) ont un produit_sk absent de dim_produit : la clé doit venir de la "
    "dimension."
)
### BEGIN HIDDEN TESTS
_parents_fct = projet.manifest()["parent_map"]["model.entrepot.fct_lignes_vente"]
assert {"model.entrepot.stg_lignes_commande", "model.entrepot.stg_commandes",
        "model.entrepot.dim_produit"} <= set(_parents_fct), (
    "fct_lignes_vente doit lire stg_lignes_commande, stg_commandes et dim_produit par ref()."
)
with projet.connect() as _w:
    checks.assert_query_matches(
        _w,
        """SELECT f.commande_id, f.ligne_no, d.produit_id, f.client_id, f.magasin_id, f.canal,
                  f.date_commande, f.quantite, f.montant_eur
           FROM fct_lignes_vente f LEFT JOIN dim_produit d USING (produit_sk)""",
        f"""SELECT l.order_id, l.line_no, l.product_id, o.customer_id, o.store_id,
                   CASE WHEN o.channel = 'eshop' THEN 'e-shop' ELSE o.channel END,
                   CAST(o.ordered_at AS DATE), l.quantity,
                   l.quantity * l.unit_price_eur - l.discount_eur
            FROM read_parquet('{(donnees / 'order_lines.parquet').as_posix()}') l
            JOIN read_parquet('{(donnees / 'orders.parquet').as_posix()}') o
              ON o.order_id = l.order_id
            WHERE o.status IS DISTINCT FROM 'annulée'""",
        check_names=False,
    )
### END HIDDEN TESTS

# %% [markdown]
# Le lignage est déjà là : dbt l'a écrit dans `target/manifest.json` (la clé `parent_map`
# donne les parents directs de chaque nœud). Sans rien déclarer d'autre que des `ref()`
# et des `source()`, on sait d'où vient chaque table :

# %%
_parents = projet.manifest()["parent_map"]


def ascendants(noeud):
    """Every node upstream of `noeud` in the dbt graph (sources included)."""
    vus, a_voir = set(), list(_parents.get(noeud, []))
    while a_voir:
        parent = a_voir.pop()
        if parent not in vus:
            vus.add(parent)
            a_voir.extend(_parents.get(parent, []))
    return sorted(vus)


lignage_fct = None
if "model.entrepot.fct_lignes_vente" in _parents:
    lignage_fct = ascendants("model.entrepot.fct_lignes_vente")
else:
    print("fct_lignes_vente n'est pas encore construit : faites l'exercice 3, puis relancez "
          "cette cellule.")
lignage_fct

# %% [markdown]
# ---
# ## Partie 3 — Les tests : la qualité déclarée, vérifiée à chaque exécution
#
# ### Les tests génériques, en YAML
#
# Les propriétés d'un modèle (description, colonnes, tests) se déclarent dans un fichier
# YAML à côté des modèles. dbt fournit quatre **tests génériques** :
#
# | test | échoue si… |
# |---|---|
# | `unique` | une valeur de la colonne apparaît deux fois |
# | `not_null` | une valeur est `NULL` |
# | `accepted_values` | une valeur n'est pas dans la liste `values` |
# | `relationships` | une valeur n'existe pas dans la colonne `field` du modèle `to` (clé étrangère) |
#
# Chaque test est **une requête qui cherche les lignes fautives** : le test réussit si
# elle ne renvoie rien. Syntaxe de dbt 1.11 (les paramètres d'un test vont sous
# `arguments:`), sur un exemple qui n'est **pas** l'exercice :
#
# ```yaml
# models:
#   - name: dim_magasin
#     description: Une ligne par magasin.
#     columns:
#       - name: magasin_sk
#         description: Clé de substitution.
#         data_tests:
#           - unique
#           - not_null
#       - name: region_code
#         data_tests:
#           - relationships:
#               arguments:
#                 to: ref('dim_region')
#                 field: region_code
#       - name: format
#         data_tests:
#           - accepted_values:
#               arguments:
#                 values: ['hyper', 'proxi']
# ```
#
# `dbt test` lance les tests ; `dbt build` construit **et** teste chaque modèle, dans
# l'ordre du graphe : si un test échoue, les modèles qui en dépendent ne sont pas
# construits. Un modèle faux ne contamine pas la suite.
#
# ### Exercice 4 — Les tests des marts (2 points)
#
# Écrivez dans `proprietes_marts` le contenu YAML du fichier `models/marts/_marts.yml`
# qui déclare, avec une `description` (une phrase) pour chacun des deux modèles :
#
# | modèle | colonne | tests |
# |---|---|---|
# | `dim_produit` | `produit_sk` | `unique`, `not_null` |
# | `dim_produit` | `produit_id` | `unique`, `not_null` |
# | `fct_lignes_vente` | `produit_sk` | `not_null`, `relationships` vers `produit_sk` de `dim_produit` |
# | `fct_lignes_vente` | `canal` | `accepted_values` : `'magasin'` et `'e-shop'` |
# | `fct_lignes_vente` | `date_commande` | `not_null` |
#
# La fin de la cellule écrit le fichier et lance `dbt test` sur les deux modèles. Les
# tests cachés vérifient aussi que vos tests **échouent** quand on casse une ligne de
# l'entrepôt.
#
# > **Indice** : le YAML est sensible à l'indentation (des espaces, jamais de
# > tabulation). Si dbt ne trouve pas un test, vérifiez qu'il est bien sous
# > `data_tests:` de la bonne colonne.

# %% nbgrader={"grade": false, "grade_id": "ex04_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
proprietes_marts = """
models:
  - name: dim_produit
    description: Dimension produit, une ligne par produit du catalogue.
    columns:
      - name: produit_sk
        description: Clé de substitution du produit.
        data_tests:
          - unique
          - not_null
      - name: produit_id
        description: Identifiant du produit dans le système opérationnel.
        data_tests:
          - unique
          - not_null
  - name: fct_lignes_vente
    description: Faits de vente, une ligne par ligne de commande non annulée.
    columns:
      - name: produit_sk
        data_tests:
          - not_null
          - relationships:
              arguments:
                to: ref('dim_produit')
                field: produit_sk
      - name: canal
        data_tests:
          - accepted_values:
              arguments:
                values: ['magasin', 'e-shop']
      - name: date_commande
        data_tests:
          - not_null
"""
### END SOLUTION
projet.write("models/marts/_marts.yml", proprietes_marts)
resultat_04 = projet.test(select="dim_produit fct_lignes_vente")
resultat_04

# %% labkit={"competences": ["C15"]} nbgrader={"grade": true, "grade_id": "ex04_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 4 : les tests demandés sont déclarés, réussissent sur l'entrepôt et échouent sur des lignes cassées."""
assert resultat_04.success, (
    "dbt test a échoué : lisez le résumé affiché sous la cellule réponse (resultat_04). "
    "« Parsing Error » : votre YAML est mal formé (indentation, tirets, deux-points) ; un "
    "test « en échec » sur des données justes : il est sans doute mal paramétré."
)
_declares = [(t["model"], t["column"], t["test"]) for t in projet.declared_tests()]
_demandes = [
    ("dim_produit", "produit_sk", "unique"), ("dim_produit", "produit_sk", "not_null"),
    ("dim_produit", "produit_id", "unique"), ("dim_produit", "produit_id", "not_null"),
    ("fct_lignes_vente", "produit_sk", "not_null"),
    ("fct_lignes_vente", "produit_sk", "relationships"),
    ("fct_lignes_vente", "canal", "accepted_values"),
    ("fct_lignes_vente", "date_commande", "not_null"),
]
_manquants = [d for d in _demandes if d not in _declares]
assert not _manquants, (
    "dbt ne trouve pas ces tests dans votre YAML (modèle, colonne, test) : "
    + ", ".join(str(m) for m in _manquants)
    + ". Vérifiez les noms et l'indentation."
)
_noeuds = projet.manifest()["nodes"]
for _modele in ("dim_produit", "fct_lignes_vente"):
    assert _noeuds[f"model.entrepot.{_modele}"]["description"].strip(), (
        f"Le modèle {_modele} n'a pas de description dans votre YAML."
    )
### BEGIN HIDDEN TESTS
_par_signature = {}
for _t in projet.declared_tests():
    _par_signature.setdefault((_t["model"], _t["column"], _t["test"]), []).append(_t)
_rel = _par_signature[("fct_lignes_vente", "produit_sk", "relationships")][0]["kwargs"]
assert _rel.get("field") == "produit_sk" and "dim_produit" in str(_rel.get("to")), (
    "Le test relationships doit pointer vers la colonne produit_sk de dim_produit."
)
_val = _par_signature[("fct_lignes_vente", "canal", "accepted_values")][0]["kwargs"]
assert sorted(_val.get("values", [])) == ["e-shop", "magasin"], (
    "Le test accepted_values de canal doit accepter exactement les deux canaux demandés."
)
_compiles = {n.unique_id: n.compiled_code for n in resultat_04.nodes if n.compiled_code}


def _echecs(connexion, signature):
    """Rows returned by each learner's test of this signature (they all must catch)."""
    comptes = []
    for test in _par_signature[signature]:
        sql = _compiles.get(test["unique_id"])
        assert sql, f"Le test {test['name']} n'a pas été exécuté par dbt test."
        comptes.append(connexion.execute(f"SELECT COUNT(*) FROM ({sql}) AS t").fetchall()[0][0])
    return min(comptes)


with projet.connect(read_only=False) as _w:
    _w.execute("BEGIN TRANSACTION")
    try:
        for _sig in _demandes:
            assert _echecs(_w, _sig) == 0, f"Le test {_sig} échoue sur des données justes."
        _w.execute("INSERT INTO dim_produit SELECT * FROM dim_produit ORDER BY produit_sk LIMIT 1")
        _w.execute("INSERT INTO dim_produit SELECT * REPLACE (NULL AS produit_sk, NULL AS produit_id) "
                   "FROM dim_produit ORDER BY produit_sk LIMIT 1")
        _ligne = "FROM fct_lignes_vente ORDER BY commande_id, ligne_no LIMIT 1"
        _w.execute(f"INSERT INTO fct_lignes_vente SELECT * REPLACE (NULL AS produit_sk) {_ligne}")
        _w.execute("INSERT INTO fct_lignes_vente SELECT * REPLACE "
                   f"((SELECT MAX(produit_sk) + 1000 FROM dim_produit) AS produit_sk) {_ligne}")
        _w.execute(f"INSERT INTO fct_lignes_vente SELECT * REPLACE ('drive' AS canal) {_ligne}")
        _w.execute(f"INSERT INTO fct_lignes_vente SELECT * REPLACE (NULL AS date_commande) {_ligne}")
        for _sig in _demandes:
            assert _echecs(_w, _sig) > 0, (
                f"Votre test {_sig} ne détecte pas une ligne fausse : vérifiez ses paramètres."
            )
    finally:
        _w.execute("ROLLBACK")
### END HIDDEN TESTS

# %% [markdown]
# ### Les tests singuliers, en SQL
#
# Une règle qu'aucun test générique n'exprime s'écrit en **test singulier** : un fichier
# `.sql` dans le dossier `tests/`, qui contient un `SELECT` renvoyant les **lignes
# fautives**. Le test réussit s'il ne renvoie aucune ligne. Exemple (ce n'est pas
# l'exercice) : « aucune ligne de vente n'a une quantité négative ou nulle ».
#
# ```sql
# select commande_id, ligne_no, quantite
# from {{ ref('fct_lignes_vente') }}
# where quantite <= 0
# ```
#
# ### Exercice 5 — Un test singulier pour le grain (2 points)
#
# Le test générique `unique` porte sur **une** colonne ; or le grain de
# `fct_lignes_vente` est le **couple** (`commande_id`, `ligne_no`). Écrivez dans
# `test_grain` le `SELECT` du test singulier `tests/assert_grain_lignes_vente.sql` qui
# renvoie les lignes fautives : les couples (`commande_id`, `ligne_no`) présents **plus
# d'une fois** dans `{{ ref('fct_lignes_vente') }}`. Il doit réussir sur l'entrepôt
# actuel, et échouer dès qu'une ligne de commande est en double, même si les deux
# exemplaires diffèrent par une autre colonne.

# %% nbgrader={"grade": false, "grade_id": "ex05_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
test_grain = """
select commande_id, ligne_no, count(*) as nb_lignes
from {{ ref('fct_lignes_vente') }}
group by commande_id, ligne_no
having count(*) > 1
"""
### END SOLUTION
projet.write("tests/assert_grain_lignes_vente.sql", test_grain)
resultat_05 = projet.test(select="assert_grain_lignes_vente")
resultat_05

# %% labkit={"competences": ["C15"]} nbgrader={"grade": true, "grade_id": "ex05_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 5 : le test singulier existe, dépend de fct_lignes_vente, réussit sur l'entrepôt et détecte une ligne en double."""
assert resultat_05.success, (
    "dbt test a échoué sur votre test singulier : lisez le résumé affiché sous la cellule "
    "réponse (resultat_05). S'il est « en échec », il trouve des doublons dans un entrepôt "
    "juste : revoyez votre GROUP BY et votre HAVING."
)
_singulier = [t for t in projet.declared_tests() if t["name"] == "assert_grain_lignes_vente"]
assert _singulier and _singulier[0]["test"] == "singular", (
    "dbt ne voit pas le test singulier assert_grain_lignes_vente."
)
assert "model.entrepot.fct_lignes_vente" in _singulier[0]["depends_on"], (
    "Votre test doit lire fct_lignes_vente par {{ ref('fct_lignes_vente') }}."
)
_noeud_05 = resultat_05.node("assert_grain_lignes_vente")
assert _noeud_05 is not None and _noeud_05.status == "pass", (
    "Le test assert_grain_lignes_vente n'a pas réussi sur l'entrepôt."
)
### BEGIN HIDDEN TESTS
_sql_05 = _noeud_05.compiled_code
with projet.connect(read_only=False) as _w:
    _w.execute("BEGIN TRANSACTION")
    try:
        _ligne = "FROM fct_lignes_vente ORDER BY commande_id, ligne_no LIMIT 1"
        _w.execute(f"INSERT INTO fct_lignes_vente SELECT * REPLACE (quantite + 1 AS quantite) {_ligne}")
        _n = _w.execute(f"SELECT COUNT(*) FROM ({_sql_05}) AS t").fetchall()[0][0]
        assert _n > 0, (
            "Votre test ne détecte pas une ligne de commande en double dont la quantité "
            "diffère : le grain porte sur (commande_id, ligne_no) seulement."
        )
    finally:
        _w.execute("ROLLBACK")
    _w.execute("BEGIN TRANSACTION")
    try:
        _w.execute("INSERT INTO fct_lignes_vente SELECT * FROM fct_lignes_vente "
                   "ORDER BY commande_id DESC, ligne_no DESC LIMIT 1")
        _n = _w.execute(f"SELECT COUNT(*) FROM ({_sql_05}) AS t").fetchall()[0][0]
        assert _n > 0, "Votre test ne détecte pas une ligne de commande copiée deux fois."
    finally:
        _w.execute("ROLLBACK")
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 4 — Historiser une dimension : les snapshots
#
# L'export `clients_actuels` du CRM ne garde que l'**état actuel** de chaque client :
# quand un client déménage, sa ligne est réécrite. Pour analyser les ventes selon la
# ville du client **au moment de l'achat** (type 2, lab 05), il faut garder les versions.
# C'est le rôle d'un **snapshot** dbt : à chaque `dbt snapshot`, dbt compare la source à
# la table du snapshot et
#
# - insère les clés nouvelles ;
# - pour une clé **modifiée**, ferme la version courante (`dbt_valid_to`) et en insère
#   une nouvelle (`dbt_valid_from`) ;
# - ne touche pas aux clés inchangées (relancer le snapshot ne change rien : il est
#   **idempotent**).
#
# dbt ajoute les colonnes `dbt_scd_id`, `dbt_updated_at`, `dbt_valid_from` et
# `dbt_valid_to` (`NULL` sur la version courante) ; l'intervalle est semi-ouvert,
# `[dbt_valid_from, dbt_valid_to)`.
#
# Deux **stratégies** disent comment dbt détecte un changement :
#
# | stratégie | paramètres | une ligne a changé si… | `dbt_valid_from` vaut… |
# |---|---|---|---|
# | `timestamp` | `updated_at: <colonne>` | sa colonne de mise à jour est plus récente | la valeur de cette colonne (date **métier** du changement) |
# | `check` | `check_cols: [<colonnes>]` ou `all` | l'une des colonnes surveillées diffère | l'heure d'exécution du snapshot |
#
# Quand la source a une date de mise à jour fiable, `timestamp` est préférable : il est
# plus rapide et date les versions au moment réel du changement, pas au passage du
# snapshot. Depuis dbt 1.9, un snapshot se déclare en YAML dans `snapshots/`. Exemple sur
# une autre source (ce n'est **pas** l'exercice) :
#
# ```yaml
# snapshots:
#   - name: snap_fournisseurs
#     relation: source('achats', 'fournisseurs')
#     config:
#       unique_key: fournisseur_id
#       strategy: check
#       check_cols: ['certificateur', 'commune']
# ```
#
# Le lab simule deux extractions du CRM : l'état des clients au **1er juillet 2024**
# (`JOUR_1`), puis au **1er janvier 2025** (`JOUR_2`). La fonction `rejouer_snapshot()`
# de la mise en place efface la table du snapshot, publie l'export de `JOUR_1`, lance
# `dbt snapshot`, publie l'export de `JOUR_2` et relance `dbt snapshot`. Voici l'export
# du premier jour :

# %%
publier_etat_clients(JOUR_1).head(apercu_lignes)

# %% [markdown]
# ### Exercice 6 — Le snapshot des clients (3 points)
#
# Écrivez dans `snapshot_clients` le contenu YAML du fichier `snapshots/snap_clients.yml`
# qui déclare le snapshot **`snap_clients`** de la source `crm`, table
# `clients_actuels`, de clé `client_id`, avec la stratégie **`timestamp`** sur la colonne
# `maj_le`. Ne changez ni le schéma ni la base de destination : la table du snapshot doit
# s'appeler `snap_clients` dans le schéma par défaut (`main`).
#
# La fin de la cellule écrit le fichier et appelle `rejouer_snapshot()`.

# %% nbgrader={"grade": false, "grade_id": "ex06_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
snapshot_clients = """
snapshots:
  - name: snap_clients
    relation: source('crm', 'clients_actuels')
    config:
      unique_key: client_id
      strategy: timestamp
      updated_at: maj_le
"""
### END SOLUTION
projet.write("snapshots/snap_clients.yml", snapshot_clients)
resultat_06 = rejouer_snapshot()
resultat_06

# %% labkit={"competences": ["C17"]} nbgrader={"grade": true, "grade_id": "ex06_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 6 : snap_clients existe ; une version courante par client, pas de chevauchement, historique de type 2 exact."""
assert resultat_06 is not None and resultat_06.success, (
    "dbt snapshot a échoué : lisez le résumé affiché sous la cellule réponse (resultat_06)."
)
assert resultat_06.node("snap_clients") is not None, (
    "dbt n'a exécuté aucun snapshot nommé snap_clients : vérifiez la clé name de votre YAML."
)
_ou = projet.query(
    "SELECT table_schema FROM information_schema.tables WHERE table_name = 'snap_clients'"
)["table_schema"].tolist()
assert "main" in _ou, (
    "La table snap_clients doit être dans le schéma par défaut main : retirez toute "
    "configuration de schéma ou de base de votre snapshot."
)
_snap = projet.query("SELECT * FROM snap_clients")
checks.assert_columns(_snap, ["client_id", "adresse", "code_postal", "ville", "maj_le",
                              "dbt_scd_id", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to"],
                      label="snap_clients")
checks.assert_one_current_row_per_key(_snap, "client_id", valid_to="dbt_valid_to",
                                      label="snap_clients")
checks.assert_no_overlap(_snap, "client_id", "dbt_valid_from", "dbt_valid_to",
                         label="snap_clients")
_courants = _snap[_snap["dbt_valid_to"].isna()]
assert len(_courants) == len(publier_etat_clients(JOUR_2)), (
    "Le nombre de versions courantes devrait égaler le nombre de clients du dernier export."
)
assert _snap["client_id"].duplicated().any(), (
    "Aucun client n'a plusieurs versions : l'historique des déménagements entre les deux "
    "exports n'a pas été gardé."
)
### BEGIN HIDDEN TESTS
_attendu = con.execute(
    """
    WITH v1 AS (
        SELECT customer_id, valid_from, address, postal_code, city FROM customer_history
        WHERE valid_from <= TIMESTAMP '2024-07-01'
          AND coalesce(valid_to, TIMESTAMP '9999-12-31') > TIMESTAMP '2024-07-01'
    ), v2 AS (
        SELECT customer_id, valid_from, address, postal_code, city FROM customer_history
        WHERE valid_from <= TIMESTAMP '2025-01-01'
          AND coalesce(valid_to, TIMESTAMP '9999-12-31') > TIMESTAMP '2025-01-01'
    )
    SELECT v1.customer_id AS client_id, v1.valid_from AS dbt_valid_from,
           CASE WHEN v2.valid_from <> v1.valid_from THEN v2.valid_from END AS dbt_valid_to,
           v1.address AS adresse, v1.postal_code AS code_postal, v1.city AS ville
    FROM v1 JOIN v2 USING (customer_id)
    UNION ALL
    SELECT v2.customer_id, v2.valid_from, NULL, v2.address, v2.postal_code, v2.city
    FROM v2 LEFT JOIN v1 USING (customer_id)
    WHERE v1.customer_id IS NULL OR v1.valid_from <> v2.valid_from
    """
).df()
checks.assert_history_matches(_snap, _attendu, "client_id", ["adresse", "code_postal", "ville"],
                              "dbt_valid_from", "dbt_valid_to", label="snap_clients")
### END HIDDEN TESTS

# %% [markdown]
# Les clients qui ont déménagé entre les deux exports ont maintenant deux versions.
# Remarquez ce que le snapshot **ne peut pas** voir : un client qui a déménagé **deux
# fois** entre deux extractions n'a qu'une nouvelle version. Un snapshot ne vaut que par
# la fréquence de ses passages ; la capture des changements à la source (CDC) n'a pas
# cette limite.

# %%
versions_clients = None
if colonnes_sql("snap_clients").empty:
    print("La table snap_clients n'existe pas encore : faites l'exercice 6, puis relancez "
          "cette cellule.")
else:
    versions_clients = projet.query("""
    SELECT client_id, ville, dbt_valid_from, dbt_valid_to
    FROM snap_clients
    WHERE client_id IN (SELECT client_id FROM snap_clients GROUP BY client_id HAVING COUNT(*) > 1)
    ORDER BY client_id, dbt_valid_from
    """).head(2 * apercu_lignes)
versions_clients

# %% [markdown]
# ---
# ## Partie 5 — La documentation générée
#
# dbt documente le projet à partir de ce qu'il sait déjà :
#
# - `target/manifest.json` : tous les nœuds (sources, modèles, tests, snapshots), leur
#   SQL, leurs descriptions et le graphe des dépendances ; écrit par chaque commande ;
# - `target/catalog.json` : ce que la base contient réellement (colonnes, types,
#   nombre de lignes) ; écrit par `dbt docs generate`.
#
# `dbt docs serve` publierait ensuite un site web avec le graphe de lignage ; dans ce lab,
# nous lisons directement les deux fichiers JSON. Les descriptions s'écrivent dans le
# YAML, comme les tests, au niveau du modèle et de chaque colonne.
#
# ### Exercice 7 — Documenter la couche staging (2 points)
#
# Écrivez dans `proprietes_staging` le contenu YAML du fichier
# `models/staging/_staging.yml` qui documente les deux modèles `stg_commandes` et
# `stg_lignes_commande` : une `description` pour **chaque modèle** et pour **chacune de
# leurs colonnes** (au moins quelques mots utiles : unité, origine, règle de recodage),
# et les tests `unique` et `not_null` sur `stg_commandes.commande_id`. N'y mettez pas
# `stg_produits` ni les sources (déjà décrites dans `_sources.yml`).
#
# La fin de la cellule écrit le fichier et lance `dbt docs generate`.

# %% nbgrader={"grade": false, "grade_id": "ex07_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
proprietes_staging = """
models:
  - name: stg_commandes
    description: Commandes de la source, une ligne par commande, annulées comprises.
    columns:
      - name: commande_id
        description: Identifiant de la commande (order_id).
        data_tests:
          - unique
          - not_null
      - name: client_id
        description: Client porteur de la carte de fidélité ; NULL sans carte.
      - name: magasin_id
        description: Magasin de la vente ; NULL pour l'e-shop.
      - name: canal
        description: "'magasin' ou 'e-shop' (recodé depuis 'eshop')."
      - name: commande_le
        description: Horodatage de la commande, heure locale de Paris.
      - name: date_commande
        description: Jour de la commande (heure locale de Paris).
      - name: statut
        description: Statut de la commande (payée, livrée, annulée, remboursée, en_cours).
  - name: stg_lignes_commande
    description: Lignes de commande de la source, une ligne par (commande_id, ligne_no).
    columns:
      - name: commande_id
        description: Commande de la ligne.
      - name: ligne_no
        description: Numéro de la ligne dans la commande.
      - name: produit_id
        description: Produit vendu.
      - name: quantite
        description: Quantité vendue (en kg pour les produits au poids).
      - name: prix_unitaire_eur
        description: Prix unitaire TTC en euros à la date de la commande.
      - name: remise_eur
        description: Remise en euros sur la ligne.
      - name: montant_eur
        description: Montant payé en euros, quantité × prix unitaire − remise.
"""
### END SOLUTION
projet.write("models/staging/_staging.yml", proprietes_staging)
resultat_07 = projet.docs_generate()
resultat_07

# %% labkit={"competences": ["C15"]} nbgrader={"grade": true, "grade_id": "ex07_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 7 : la documentation est générée ; chaque modèle de staging et chacune de ses colonnes réelles sont décrits ; tests de clé déclarés."""
assert resultat_07.success, (
    "dbt docs generate a échoué : lisez le résumé affiché sous la cellule réponse "
    "(resultat_07). Une erreur de YAML indique souvent une indentation fausse."
)
_catalogue = projet.catalog()["nodes"]
_manifeste = projet.manifest()["nodes"]
for _modele in ("stg_commandes", "stg_lignes_commande"):
    _uid = f"model.entrepot.{_modele}"
    assert _uid in _catalogue, f"{_modele} n'apparaît pas dans catalog.json."
    assert _manifeste[_uid]["description"].strip(), (
        f"Le modèle {_modele} n'a pas de description dans votre YAML."
    )
    _decrites = {c.lower(): d.get("description", "").strip()
                 for c, d in _manifeste[_uid]["columns"].items()}
    _sans = [c.lower() for c in _catalogue[_uid]["columns"] if not _decrites.get(c.lower())]
    assert not _sans, f"Colonnes de {_modele} sans description : {', '.join(sorted(_sans))}."
### BEGIN HIDDEN TESTS
_tests_07 = {(t["column"], t["test"]) for t in projet.declared_tests("stg_commandes")}
assert {("commande_id", "unique"), ("commande_id", "not_null")} <= _tests_07, (
    "Les tests unique et not_null de stg_commandes.commande_id ne sont pas déclarés."
)
for _modele in ("stg_commandes", "stg_lignes_commande"):
    _uid = f"model.entrepot.{_modele}"
    _courtes = [c for c, d in _manifeste[_uid]["columns"].items()
                if len(d.get("description", "").split()) < 2]
    assert not _courtes, f"Descriptions trop courtes dans {_modele} : {', '.join(_courtes)}."
    _fantomes = set(_manifeste[_uid]["columns"]) - {c.lower() for c in _catalogue[_uid]["columns"]}
    assert not _fantomes, f"Colonnes décrites mais absentes de {_modele} : {', '.join(sorted(_fantomes))}."
### END HIDDEN TESTS

# %% [markdown]
# Ce que dbt sait maintenant de `fct_lignes_vente`, tiré des deux fichiers : ses colonnes
# et leurs types (catalogue), ses parents (manifeste) et les tests qui le protègent.

# %%
_catalogue_fait = (projet.root / "target" / "catalog.json").exists()
_cat_fct = projet.catalog()["nodes"].get("model.entrepot.fct_lignes_vente") if _catalogue_fait else None
colonnes_fct = None
if _cat_fct is None:
    print("catalog.json ne décrit pas encore fct_lignes_vente : faites les exercices 3 et 7, "
          "puis relancez cette cellule.")
else:
    colonnes_fct = pd.DataFrame(
        [(c["name"], c["type"]) for c in sorted(_cat_fct["columns"].values(), key=lambda c: c["index"])],
        columns=["colonne", "type"],
    )
colonnes_fct

# %%
_tests_fct = projet.declared_tests("fct_lignes_vente")
tests_fct = None
if not _tests_fct:
    print("Aucun test n'est encore déclaré sur fct_lignes_vente : faites l'exercice 4, puis "
          "relancez cette cellule.")
else:
    tests_fct = pd.DataFrame(_tests_fct)[["name", "test", "column"]]
tests_fct

# %% [markdown]
# ---
# ## Question ouverte — dbt ou ETL écrit à la main ? (3 points, corrigée par votre formateur ou formatrice)
#
# Au lab 03, vous avez écrit l'alimentation de l'entrepôt à la main (Python et SQL :
# portes qualité, quarantaine, chargement idempotent, table d'audit). Ici, le même
# entrepôt est décrit par des modèles dbt.
#
# Comparez les deux approches pour Panier Vert, en 10 à 15 lignes, sur :
#
# 1. le **lignage** et l'ordre d'exécution ;
# 2. les **tests** de qualité (où ils vivent, quand ils tournent, ce qui arrive quand un
#    test échoue) ;
# 3. l'**idempotence** et la reprise après incident (que se passe-t-il si on relance
#    `dbt build` ? et un snapshot ?) ;
# 4. **au moins deux situations où vous ne choisiriez pas dbt** (ou pas dbt seul), en
#    justifiant.
#
# *Double-cliquez sur la cellule ci-dessous pour écrire votre réponse.*

# %% [markdown] labkit={"competences": ["C15"]} nbgrader={"grade": true, "grade_id": "dbt_ou_etl", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# **Votre réponse :**
#
# ### BEGIN SOLUTION
# **Lignage.** Avec dbt, le graphe des dépendances est déduit des `ref()` et `source()` :
# l'ordre d'exécution est calculé, on peut reconstruire un modèle et tout ce qui en
# dépend (`--select fct_lignes_vente+`), et le lignage est documenté (`manifest.json`,
# `dbt docs`). Dans l'ETL écrit à la main, l'ordre est codé dans le script et le lignage
# n'existe que dans la tête de ceux qui l'ont écrit ou dans une documentation à tenir à
# jour.
#
# **Tests.** dbt déclare les tests à côté des modèles (YAML, SQL), les lance à chaque
# `dbt build` et **arrête** les modèles en aval quand un test échoue ; un test est une
# requête, donc on peut vérifier qu'il échoue sur une ligne fausse. Mais dbt teste
# **après** avoir construit la table : il ne met pas les lignes fautives en quarantaine
# comme la porte qualité du lab 03 (il faut le construire soi-même : un modèle des lignes
# rejetées, `store_failures`, ou des contrats de modèle).
#
# **Idempotence.** Un modèle `table` ou `view` est recréé à chaque exécution : relancer
# `dbt build` redonne le même résultat, la reprise après incident consiste à relancer.
# Les modèles `incremental` et les snapshots ont un état : le snapshot ne l'est que si la
# source et sa colonne `updated_at` sont fiables ; un snapshot manqué est un historique
# perdu (il ne voit pas deux changements entre deux passages), et on ne peut pas le
# reconstruire en relançant.
#
# **Quand ne pas utiliser dbt.** (1) L'**extraction** et le chargement depuis une API,
# un site ou des fichiers (dbt ne fait que le « T » d'ELT : il faut un autre outil pour
# collecter, ici nos scripts du bloc 2, Airbyte, etc.) ; (2) un traitement **temps
# réel** ou en flux (dbt travaille par lots) ; (3) une logique très procédurale ou des
# traitements hors SQL (appel d'un modèle de ML, géocodage ; les modèles Python de dbt
# sont limités) ; (4) une petite équipe avec deux requêtes stables : le coût d'un projet,
# d'un outil et d'une compétence de plus n'est pas justifié. dbt ne remplace pas non plus
# l'ordonnanceur (Airflow, cron) qui lance les chaînes.
# ### END SOLUTION

# %% [markdown]
# ---
# ## Récapitulatif
#
# | besoin | outil dbt | piège à éviter |
# |---|---|---|
# | lire une donnée qui entre dans l'entrepôt | `sources:` en YAML, `{{ source('nom', 'table') }}` | lire un fichier par son chemin dans un modèle : le lignage est perdu |
# | préparer une source | modèle de staging (vue) : renommer, typer, recoder | filtrer ou joindre dès le staging |
# | enchaîner les modèles | `{{ ref('modele') }}` | écrire le nom de la table en dur : dbt ne connaît plus l'ordre |
# | dimension | modèle `table` avec clé de substitution | numéro de ligne instable si la dimension est chargée par morceaux |
# | table de faits | grain énoncé, jointures vers les dimensions | jointure qui démultiplie les lignes, filtre oublié |
# | qualité | tests génériques en YAML, tests singuliers en SQL | un test qui ne peut pas échouer (jamais vérifié sur une ligne fausse) |
# | historiser | snapshot, stratégie `timestamp` ou `check` | croire qu'un snapshot voit tous les changements entre deux passages |
# | documenter | `description:` en YAML, `dbt docs generate` | une documentation écrite à part, qui vieillit |
# | exécuter | `dbt build --select ...` | relancer tout le projet pour un seul modèle |
#
# Pour la certification, le jury attend que vous sachiez **construire** un entrepôt
# (C14), en **garantir la qualité** par des tests qui peuvent échouer (C15) et
# **historiser** ses dimensions (C17), en justifiant le choix de l'outil.

# %% [markdown]
# ## Pour aller plus loin
#
# - **`dbt build` complet** : lancez `projet.build()` sans `--select` ; dans quel ordre
#   dbt construit-il les nœuds ? Cassez `stg_commandes` (une faute de frappe) et
#   observez les nœuds `skipped`.
# - **Modèle incrémental** : réécrivez `fct_lignes_vente` avec
#   `{{ config(materialized='incremental', unique_key=['commande_id', 'ligne_no']) }}` et
#   `{% if is_incremental() %} where ... {% endif %}` ; comparez avec le chargement
#   idempotent du lab 03.
# - **Contrats de modèle** : `contract: {enforced: true}` dans le YAML fait vérifier à
#   dbt les noms et types des colonnes **avant** de construire la table.
# - **Membre inconnu** : ajoutez à `dim_produit` une ligne `produit_sk = -1` et faites
#   pointer vers elle les ventes d'un produit inconnu (`coalesce` après un `left join`).
# - **La dimension client de type 2** : construisez `dim_client` à partir de
#   `snap_clients` et rattachez chaque vente à la version valide à sa date
#   (`checks.assert_facts_join_valid_version`).
# - **Références** : documentation de dbt (<https://docs.getdbt.com>), en particulier
#   *Best practice guides → How we structure our dbt projects* ; l'adaptateur dbt-duckdb
#   (<https://github.com/duckdb/dbt-duckdb>) ; Ralph Kimball et Margy Ross, *The Data
#   Warehouse Toolkit*, 3e édition.
