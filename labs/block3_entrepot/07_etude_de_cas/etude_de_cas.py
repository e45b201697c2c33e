# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Étude de cas : faire évoluer un entrepôt en production sans casser l'historique
#
# **Bloc BC03** — Élaborer et maintenir un entrepôt de données
#
# **Compétences évaluées** : C13 (modéliser), C14 (construire), C15 (ETL en entrée et en
# sortie), C16 (administrer : évolutions structurelles, maintien en condition
# opérationnelle), C17 (historiser les dimensions).
#
# | | |
# |---|---|
# | Durée indicative | 4 heures |
# | Barème | 18 points : 15 corrigés automatiquement (6 exercices), 3 corrigés par votre formateur ou formatrice (1 question ouverte) |
# | Outils | Python, DuckDB (SQL : `ALTER TABLE`, `UPDATE … FROM`, fonctions de fenêtre), `labkit.checks` |
#
# Ce lab reproduit la **mise en situation de l'examen** du bloc 3 : un entrepôt existant,
# dans un environnement de test, doit évoluer (changement technique, changement de schéma
# d'une source, nouveau besoin d'analyse) **sans casser l'historique**.
#
# ## Comment travailler dans ce lab
#
# Ce notebook est à la fois **le cours et le lab** : chaque partie commence par une courte
# leçon avec des exemples à exécuter, puis vient un exercice.
#
# - Exécutez les cellules **dans l'ordre**, de haut en bas (`Maj + Entrée`).
# - Chaque exercice comporte une **cellule réponse**, qui contient
#   `raise NotImplementedError(...)` : remplacez cette ligne par votre réponse.
#   Ne renommez pas les fonctions et variables demandées (`migrer_code_postal`,
#   `requete_05`…) : le correcteur les utilise.
# - Juste après vient une **cellule de test**, verrouillée : exécutez-la. Si elle
#   s'exécute sans erreur, les vérifications visibles sont passées. D'autres vérifications,
#   **cachées**, seront faites à la correction : un test visible réussi est bon signe,
#   mais ce n'est pas encore la note finale.
# - Un message d'erreur n'est pas un échec : il vous dit ce qui ne va pas (en français),
#   sans jamais donner la réponse. Lisez-le, corrigez, réessayez.
# - Les exercices 2 à 6 modifient **le même environnement de test**, dans l'ordre de la
#   demande d'évolution. Si vous corrigez une fonction déjà exécutée, repartez d'un
#   environnement propre : *Kernel* → *Restart Kernel and Run All Cells* (la mise en place
#   recopie la production dans l'environnement de test).
# - Avant de rendre votre travail : menu *Kernel* → *Restart Kernel and Run All Cells*,
#   puis bouton *Validate*.

# %% [markdown]
# ## Contexte
#
# Vous êtes data engineer chez **Panier Vert**, une chaîne fictive d'épiceries bio
# françaises (magasins, boutique en ligne, carte de fidélité). L'entrepôt de données des
# ventes est **en production** depuis deux ans : un fichier DuckDB, en étoile, que le
# contrôle de gestion et le marketing interrogent chaque jour. Il a été chargé pour la
# dernière fois au format actuel le **30 septembre 2024**.
#
# Les données sont **synthétiques** (générées par le cours) ; les données personnelles se
# traitent pourtant **comme si elles étaient réelles** (RGPD).
#
# ### L'entrepôt en production (version 1)
#
# | table | une ligne = | clé | colonnes |
# |---|---|---|---|
# | `dim_date` | un jour de 2023-2024 | `date_key` (`AAAAMMJJ`) | `date`, `annee`, `mois` |
# | `dim_magasin` | un magasin | `magasin_key` | `store_id`, `code_magasin`, `nom_magasin`, `ville` ; membres `-1` (inconnu) et `-2` (boutique en ligne) |
# | `dim_produit` | un produit | `produit_key` | `product_id`, `nom_produit`, `rayon`, `sous_rayon` ; membre `-1` |
# | `dim_client` | une **version** d'un client (SCD de type 2) | `client_key` | `customer_id`, `code_postal`, `ville`, `valid_from`, `valid_to`, `est_courant` ; membre `-1` |
# | `fait_ventes` | une ligne de commande vendue | (`order_id`, `line_no`) | `date_key`, `magasin_key`, `client_key`, `produit_key`, `order_id`, `line_no`, `canal`, `quantite`, `prix_unitaire_eur`, `remise_eur`, `montant_eur` |
# | `journal_chargements` | un lot chargé | `jour` | `format_source`, `nb_lignes` |
#
# Comme au lab sur les SCD, une version de `dim_client` est valide sur l'intervalle
# **semi-ouvert** `[valid_from, valid_to)` ; `valid_to` est `NULL` et `est_courant` vrai
# sur la version courante. Chaque vente pointe (`client_key`) vers la version du client
# **valide à la date de la commande** ; une vente sans carte de fidélité pointe vers le
# membre inconnu `-1` (son `customer_id` est `NULL`, sa `ville` vaut `'Inconnu'`).
#
# Chaque jour, le système de fidélité envoie un **lot** : une ligne par client modifié,
# avec son état à la fin du jour. Le chargement en type 2 (`charger_lot_clients_v1`,
# dans la mise en place) ferme la version courante d'un client qui a changé et en ouvre
# une nouvelle ; une ligne sans changement ne fait rien.
#
# ### La demande d'évolution n° 2024-117
#
# > **De** : la direction des données — **À** : l'équipe entrepôt
# >
# > 1. **Changement de schéma de la source.** Le nouveau logiciel de fidélité, en service
# >    depuis le 1er octobre 2024, n'envoie plus la colonne `cp_ville` (« `33000 Bordeaux` »)
# >    mais deux colonnes, `code_postal` et `commune`. Les lots depuis le 1er octobre sont
# >    en attente : il faut les charger.
# > 2. **Changement technique.** Le marketing signale que les clients de l'Ain
# >    (`01000 Bourg-en-Bresse`) apparaissent avec le code postal `1000` : `code_postal`
# >    a été créé en `INTEGER` en version 1. Il doit devenir un texte de cinq caractères,
# >    **y compris dans l'historique**.
# > 3. **Nouveau besoin d'analyse.** Le contrôle de gestion veut suivre le chiffre
# >    d'affaires **par moyen de paiement** (carte, espèces, ticket restaurant, virement),
# >    sur tout l'historique. L'extraction des paiements est livrée dans
# >    `staging.paiements` ; attention, le système de caisse n'a archivé les paiements
# >    qu'**à partir du 1er mars 2023**.
# >
# > Contraintes : aucune modification de la **production** avant la recette ; les
# > rapports existants doivent donner **les mêmes chiffres** après l'évolution ; aucune
# > version historique d'un client ne doit être perdue.
#
# Vous travaillez donc dans un **environnement de test** : une copie de la production
# (`sortie/test/entrepot.duckdb`, connexion `con`, en lecture et écriture). La
# production (`sortie/prod/entrepot.duckdb`, connexion `prod`) est ouverte **en lecture
# seule** : elle sert de référence pour vos tests de non-régression, et le lab vérifie à
# la fin qu'elle n'a pas changé d'un octet.

# %% [markdown]
# ## Objectifs
#
# À la fin de ce lab, vous saurez :
#
# 1. écrire une **suite de tests de non-régression** d'un entrepôt (volumes, montants
#    rapprochés, invariants des dimensions historisées, clés orphelines, historique
#    conservé) **avant** de toucher à quoi que ce soit ;
# 2. **migrer le type** d'une colonne en réparant les lignes existantes, sans perdre de
#    version ;
# 3. adapter un chargement à un **changement de schéma de la source**, sans rupture dans
#    l'historique ;
# 4. ajouter une **dimension** à une étoile existante et **rétro-alimenter** la table de
#    faits, avec un membre inconnu quand l'information manque ;
# 5. répondre au nouveau besoin par une requête d'analyse ;
# 6. faire la **recette** d'une évolution et préparer sa mise en production (plan,
#    retour arrière, communication).
#
# ## Prérequis
#
# - Les labs du bloc 3 : modélisation en étoile, construction (clés de substitution,
#   membres spéciaux, rapprochement), SCD (type 2, invariants vérifiés par
#   `labkit.checks`).
# - SQL : jointures, `GROUP BY`, fonctions de fenêtre ; Python : écrire une fonction.

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
dossier_sortie = "sortie"  # folder where the lab writes the warehouses
apercu_lignes = 5  # number of rows shown when previewing a result

# %% [markdown]
# La cellule suivante construit l'entrepôt de **production** (version 1) dans
# `sortie/prod/entrepot.duckdb` à partir des données de Panier Vert, le rouvre **en
# lecture seule** (`prod`), puis le **copie** dans l'environnement de test
# (`sortie/test/entrepot.duckdb`, connexion `con`) et y dépose les extractions livrées
# avec la demande (schéma `staging`). Elle définit aussi quelques outils :
#
# - `charger_lot_clients_v1(con, lot, jour)` : le chargement de type 2 de la version 1 ;
# - `jours_v2` (la liste des jours en attente) et `lot(jour)` (le lot d'un jour, au
#   nouveau format) ;
# - `rejouer_v2(base, fonction)` : charge dans `base`, avec `fonction`, les lots en
#   attente qui ne figurent pas encore dans `journal_chargements` ;
# - `copie_prod()` : un **bac à sable**, nouvelle copie de la production en mémoire
#   (avec le schéma `staging`), pour vos essais ;
# - `valeur(base, sql)` : la première valeur du résultat d'une requête.
#
# Elle est verrouillée et refait tout à chaque exécution.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import datetime as dt
import hashlib
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from labkit import checks
from labkit.datasets import paniervert

pd.set_option("display.max_columns", 20)
pd.set_option("display.width", 200)

DATE_BASCULE = dt.date(2024, 10, 1)  # first day delivered by the new loyalty software
DEBUT_ARCHIVE_PAIEMENTS = dt.date(2023, 3, 1)  # payments archived from that day on

# Close the connections of a previous run of this cell, then start from scratch.
for _name in ("prod", "con"):
    if isinstance(globals().get(_name), duckdb.DuckDBPyConnection):
        globals()[_name].close()
for _base in globals().get("_BACS", []):
    _base.close()
_BACS = []
sortie = Path(dossier_sortie)
chemin_prod = sortie / "prod" / "entrepot.duckdb"
chemin_test = sortie / "test" / "entrepot.duckdb"
for _folder in (chemin_prod.parent, chemin_test.parent):
    shutil.rmtree(_folder, ignore_errors=True)
    _folder.mkdir(parents=True)

# ---- Production v1, built from the operational data (state of 2024-09-30).
_build = duckdb.connect(str(chemin_prod))
_build.execute("SET enable_progress_bar = false")
for _table in ("stores", "products", "customers", "customer_history", "orders", "order_lines",
               "payments"):
    _build.register(f"src_{_table}", paniervert.load(_table, scale, seed))
_params = {"bascule": DATE_BASCULE}
_build.execute("""
CREATE TABLE dim_date (date_key INTEGER PRIMARY KEY, date DATE NOT NULL, annee INTEGER,
                       mois INTEGER);
INSERT INTO dim_date
SELECT CAST(strftime(d, '%Y%m%d') AS INTEGER), d, year(d), month(d)
FROM (SELECT CAST(unnest(generate_series(DATE '2023-01-01', DATE '2024-12-31',
                                         INTERVAL 1 DAY)) AS DATE) AS d);
CREATE TABLE dim_magasin (magasin_key INTEGER PRIMARY KEY, store_id INTEGER,
                          code_magasin VARCHAR, nom_magasin VARCHAR, ville VARCHAR);
INSERT INTO dim_magasin VALUES (-1, NULL, 'Inconnu', 'Inconnu', 'Inconnu'),
    (-2, NULL, 'Boutique en ligne', 'Boutique en ligne', 'Boutique en ligne');
INSERT INTO dim_magasin
SELECT ROW_NUMBER() OVER (ORDER BY store_code), store_id, store_code, name, city
FROM src_stores;
CREATE TABLE dim_produit (produit_key INTEGER PRIMARY KEY, product_id INTEGER,
                          nom_produit VARCHAR, rayon VARCHAR, sous_rayon VARCHAR);
INSERT INTO dim_produit VALUES (-1, NULL, 'Inconnu', 'Inconnu', 'Inconnu');
INSERT INTO dim_produit
SELECT ROW_NUMBER() OVER (ORDER BY product_id), product_id, name, category, subcategory
FROM src_products;
CREATE TABLE dim_client (client_key INTEGER PRIMARY KEY, customer_id INTEGER,
                         code_postal INTEGER, ville VARCHAR, valid_from DATE NOT NULL,
                         valid_to DATE, est_courant BOOLEAN NOT NULL);
INSERT INTO dim_client VALUES (-1, NULL, NULL, 'Inconnu', DATE '1900-01-01', NULL, true);
""")
_build.execute("""
INSERT INTO dim_client
WITH daily AS (  -- the last state of each day
    SELECT customer_id, postal_code, city, CAST(valid_from AS DATE) AS valid_from
    FROM src_customer_history
    WHERE CAST(valid_from AS DATE) < $bascule
    QUALIFY ROW_NUMBER() OVER (PARTITION BY customer_id, CAST(valid_from AS DATE)
                               ORDER BY valid_from DESC) = 1
), versions AS (  -- a day that changes nothing is not a new version
    SELECT * FROM daily
    QUALIFY (postal_code, city) IS DISTINCT FROM
            LAG((postal_code, city)) OVER (PARTITION BY customer_id ORDER BY valid_from)
)
SELECT ROW_NUMBER() OVER (ORDER BY customer_id, valid_from), customer_id,
       CAST(postal_code AS INTEGER), city, valid_from,
       LEAD(valid_from) OVER (PARTITION BY customer_id ORDER BY valid_from),
       LEAD(valid_from) OVER (PARTITION BY customer_id ORDER BY valid_from) IS NULL
FROM versions
""", _params)
_build.execute("""
CREATE TABLE fait_ventes AS
SELECT CAST(strftime(o.ordered_at, '%Y%m%d') AS INTEGER) AS date_key,
       CASE WHEN o.channel = 'eshop' THEN -2 ELSE COALESCE(m.magasin_key, -1) END
           AS magasin_key,
       COALESCE(c.client_key, -1) AS client_key,
       COALESCE(p.produit_key, -1) AS produit_key,
       l.order_id, l.line_no, o.channel AS canal, l.quantity AS quantite,
       l.unit_price_eur AS prix_unitaire_eur, l.discount_eur AS remise_eur,
       l.quantity * l.unit_price_eur - l.discount_eur AS montant_eur
FROM src_order_lines AS l
JOIN src_orders AS o USING (order_id)
LEFT JOIN dim_magasin AS m ON m.store_id = o.store_id
LEFT JOIN dim_client AS c
  ON c.customer_id = o.customer_id AND c.valid_from <= CAST(o.ordered_at AS DATE)
 AND (c.valid_to IS NULL OR CAST(o.ordered_at AS DATE) < c.valid_to)
LEFT JOIN dim_produit AS p ON p.product_id = l.product_id
WHERE o.status NOT IN ('annulée', 'remboursée') AND o.ordered_at < $bascule
ORDER BY l.order_id, l.line_no
""", _params)
_build.execute("""
CREATE TABLE journal_chargements (jour DATE PRIMARY KEY, format_source VARCHAR,
                                  nb_lignes INTEGER);
INSERT INTO journal_chargements
SELECT CAST($bascule AS DATE) - 1, 'v1 (chargement initial)', COUNT(*) FROM dim_client
""", _params)

# ---- What the change request delivers (staging of the test environment).
STAGING = {
    "paiements": _build.execute("""
        SELECT payment_id, order_id, method, amount_eur, paid_at FROM src_payments
        WHERE paid_at >= ? ORDER BY payment_id""", [DEBUT_ARCHIVE_PAIEMENTS]).df(),
    "flux_clients_v2": _build.execute("""
        WITH changes AS (
            SELECT CAST(valid_from AS DATE) AS jour, customer_id, postal_code, city
            FROM src_customer_history
            WHERE CAST(valid_from AS DATE) >= $bascule
            QUALIFY ROW_NUMBER() OVER (PARTITION BY customer_id, CAST(valid_from AS DATE)
                                       ORDER BY valid_from DESC) = 1
        ), consent_updates AS (  -- the customer record changes, the address does not
            SELECT CAST(c.consent_marketing_at AS DATE) AS jour, c.customer_id,
                   h.postal_code, h.city
            FROM src_customers AS c
            JOIN src_customer_history AS h
              ON h.customer_id = c.customer_id
             AND h.valid_from < CAST(c.consent_marketing_at AS DATE) + INTERVAL 1 DAY
             AND (h.valid_to IS NULL
                  OR h.valid_to >= CAST(c.consent_marketing_at AS DATE) + INTERVAL 1 DAY)
            WHERE CAST(c.consent_marketing_at AS DATE) >= $bascule
        )
        SELECT jour, customer_id, postal_code AS code_postal, city AS commune FROM changes
        UNION ALL
        SELECT * FROM consent_updates AS u
        WHERE NOT EXISTS (SELECT 1 FROM changes AS c
                          WHERE c.customer_id = u.customer_id AND c.jour = u.jour)
        ORDER BY jour, customer_id""", _params).df(),
}
exemple_lot_v1 = _build.execute("""
    SELECT customer_id, postal_code || ' ' || city AS cp_ville FROM src_customer_history
    WHERE CAST(valid_from AS DATE) = (SELECT MAX(CAST(valid_from AS DATE))
                                      FROM src_customer_history WHERE valid_from < $bascule)
    ORDER BY customer_id""", _params).df()
_build.close()
del _build


def empreinte(chemin):
    """SHA-256 of a file: proves that it has not changed."""
    return hashlib.sha256(Path(chemin).read_bytes()).hexdigest()


empreinte_prod = empreinte(chemin_prod)
prod = duckdb.connect(str(chemin_prod), read_only=True)
prod.execute("SET enable_progress_bar = false")


def _ajouter_staging(base):
    base.execute("CREATE SCHEMA IF NOT EXISTS staging")
    for name, frame in STAGING.items():
        base.register("_frame", frame)
        base.execute(f"CREATE OR REPLACE TABLE staging.{name} AS SELECT * FROM _frame")
        base.unregister("_frame")


# ---- The test environment: a copy of production, plus the staging of the request.
shutil.copyfile(chemin_prod, chemin_test)
con = duckdb.connect(str(chemin_test))
con.execute("SET enable_progress_bar = false")
_ajouter_staging(con)


def copie_prod():
    """A sandbox: a new in-memory copy of production (with staging), read-write."""
    base = duckdb.connect()
    base.execute("SET enable_progress_bar = false")
    base.execute(f"ATTACH '{chemin_prod.as_posix()}' AS source_prod (READ_ONLY)")
    base.execute("COPY FROM DATABASE source_prod TO memory")
    base.execute("DETACH source_prod")
    _ajouter_staging(base)
    _BACS.append(base)
    return base


def valeur(base, sql, params=None):
    """The first value of the first row of a query result."""
    return base.execute(sql, params or []).fetchall()[0][0]


def charger_lot_clients_v1(con, lot, jour):
    """v1 load of dim_client (SCD type 2) from a batch with columns customer_id, cp_ville."""
    con.register("lot_v1", lot)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE arrivees AS
        SELECT customer_id,
               CAST(split_part(cp_ville, ' ', 1) AS INTEGER) AS code_postal,
               substr(cp_ville, strpos(cp_ville, ' ') + 1) AS ville
        FROM lot_v1
    """)
    con.unregister("lot_v1")
    # 1. close the current version of the customers that changed
    con.execute("""
        UPDATE dim_client AS d SET valid_to = $jour, est_courant = false
        FROM arrivees AS a
        WHERE d.customer_id = a.customer_id AND d.est_courant
          AND (d.code_postal, d.ville) IS DISTINCT FROM (a.code_postal, a.ville)
    """, {"jour": jour})
    # 2. open a version for every customer left without a current one (changed or new)
    con.execute("""
        INSERT INTO dim_client
        SELECT (SELECT MAX(client_key) FROM dim_client)
                   + ROW_NUMBER() OVER (ORDER BY a.customer_id),
               a.customer_id, a.code_postal, a.ville, $jour, NULL, true
        FROM arrivees AS a
        WHERE NOT EXISTS (SELECT 1 FROM dim_client AS d
                          WHERE d.customer_id = a.customer_id AND d.est_courant)
    """, {"jour": jour})


jours_v2 = sorted(STAGING["flux_clients_v2"]["jour"].unique())
jours_v2 = [pd.Timestamp(j).date() for j in jours_v2]


def lot(jour):
    """The batch of one day in the new format: customer_id, code_postal, commune."""
    frame = STAGING["flux_clients_v2"]
    batch = frame.loc[frame["jour"] == pd.Timestamp(jour), ["customer_id", "code_postal", "commune"]]
    return batch.reset_index(drop=True)


def rejouer_v2(base, fonction):
    """Load into `base`, with fonction(base, lot, jour), the pending days not yet in the log."""
    deja = {r[0] for r in base.execute("SELECT jour FROM journal_chargements").fetchall()}
    for jour in jours_v2:
        if jour not in deja:
            batch = lot(jour)
            fonction(base, batch, jour)
            base.execute("INSERT INTO journal_chargements VALUES (?, 'v2', ?)", [jour, len(batch)])


f"Production et test prêts ; {len(jours_v2)} lots clients en attente, du {jours_v2[0]} au {jours_v2[-1]}."

# %% [markdown]
# ---
# ## Partie 1 — Faire connaissance avec l'entrepôt existant
#
# Avant de modifier un système, on le **regarde** : tables, volumes, types. Voici les
# tables de la production et leur nombre de lignes.

# %%
prod.sql("""
SELECT table_name, estimated_size AS lignes_estimees, column_count AS colonnes
FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY table_name
""").df()

# %% [markdown]
# La dimension client, avec ses types : le code postal est bien un `INTEGER`.

# %%
prod.sql("DESCRIBE dim_client").df()[["column_name", "column_type"]]

# %% [markdown]
# Le défaut signalé par le marketing : un entier ne garde pas de **zéro initial**. Les
# départements 01 à 09 (Ain, Aisne, Allier, Alpes…) perdent leur premier chiffre, et
# un code postal à quatre chiffres ne correspond plus à rien pour un outil de
# géocodage, une jointure avec la base officielle des codes postaux ou un export vers
# La Poste.

# %%
prod.sql("""
SELECT client_key, customer_id, code_postal, ville, valid_from, valid_to
FROM dim_client WHERE code_postal < 10000 ORDER BY client_key
""").df().head(apercu_lignes)

# %% [markdown]
# Le chargement de la version 1 attend une colonne `cp_ville`. Voici un lot de
# l'ancien format (le dernier avant la bascule), puis un lot du nouveau format :

# %%
exemple_lot_v1.head(apercu_lignes)

# %%
lot(jours_v2[0]).head(apercu_lignes)

# %% [markdown]
# Le chargement de la version 1, appliqué à un lot du nouveau format, **échoue** (sur un
# bac à sable, évidemment : jamais d'essai sur la production, ni même sur
# l'environnement de test). C'est ce qui est arrivé la nuit du 1er octobre, et les lots
# s'accumulent depuis.

# %%
_essai = copie_prod()
try:
    charger_lot_clients_v1(_essai, lot(jours_v2[0]), jours_v2[0])
except duckdb.Error as erreur:
    print("Échec du chargement v1 :", str(erreur).splitlines()[0])
_essai.close()

# %% [markdown]
# ---
# ## Partie 2 — D'abord, un filet de sécurité : les tests de non-régression
#
# Une évolution d'entrepôt se juge sur ce qu'elle **ne change pas** : les rapports
# existants doivent donner les mêmes chiffres, l'historique doit rester intact. On écrit
# donc les tests **avant** la migration, on vérifie qu'ils passent sur une copie
# intacte, puis qu'ils **échouent** sur une migration ratée (un test qui ne peut pas
# échouer ne protège de rien).
#
# Les contrôles classiques :
#
# - **volumes** : le nombre de lignes de faits ne change pas (une jointure qui duplique
#   ou qui perd des lignes se voit tout de suite) ;
# - **montants rapprochés** : la somme des mesures est la même avant et après ;
# - **invariants des dimensions historisées** : une seule version courante par client,
#   pas de chevauchement ni de trou entre versions (les graders de `labkit.checks`) ;
# - **intégrité référentielle** : aucune clé de la table de faits sans ligne dans sa
#   dimension (clé **orpheline**) ;
# - **historique conservé** : chaque version de la production existe encore, avec la
#   même clé de substitution (les faits pointent dessus).
#
# Les deux bases sont deux connexions différentes : on calcule chaque mesure dans
# chacune, puis on compare en Python. Les graders de `labkit.checks` lèvent
# `checks.CheckFailed` quand l'invariant est violé ; pour en faire un booléen :

# %%
_dim = prod.execute("SELECT * FROM dim_client").df()
try:
    checks.assert_one_current_row_per_key(_dim, "customer_id", "est_courant", "valid_to")
    invariant_respecte = True
except checks.CheckFailed:
    invariant_respecte = False
invariant_respecte, valeur(prod, "SELECT COUNT(*) FROM fait_ventes")

# %% [markdown]
# Les colonnes d'une table, pour parcourir les clés de la table de faits :

# %%
[colonne[0] for colonne in prod.execute("SELECT * FROM fait_ventes LIMIT 0").description]

# %% [markdown]
# ### Exercice 1 — La suite de tests de non-régression (3 points)
#
# Écrivez une fonction `tests_non_regression(prod, test)` qui reçoit deux connexions
# DuckDB (la référence et l'entrepôt à contrôler), **ne modifie aucune des deux**, et
# renvoie un **dictionnaire** de cinq booléens (`True` : contrôle réussi), avec
# exactement ces clés :
#
# | clé | vaut `True` si… |
# |---|---|
# | `faits_nb_lignes` | `fait_ventes` a le même nombre de lignes dans `test` que dans `prod` |
# | `faits_montant` | la somme de `montant_eur` de `fait_ventes` est la même dans les deux bases, à 0,01 € près |
# | `dim_client_invariants` | dans `test`, `dim_client` a une seule version courante par `customer_id` (`est_courant` vrai et `valid_to` `NULL`, cohérents), et ses versions ne se chevauchent pas et n'ont pas de trou |
# | `cles_orphelines` | dans `test`, **aucune** ligne de `fait_ventes` n'a de clé orpheline : pour **chaque** colonne de `fait_ventes` dont le nom se termine par `_key` (`client_key`, …, et celles qu'on ajoutera), la valeur existe dans la colonne de même nom de la dimension `dim_<préfixe>` (`client_key` → `dim_client.client_key`) ; une clé `NULL` compte comme orpheline |
# | `historique_conserve` | chaque ligne de `dim_client` de `prod` se retrouve dans `test` avec **la même** `client_key`, le même `customer_id` et le même `valid_from` |
#
# Le test essaie votre fonction sur une copie intacte (tout doit être `True`), puis sur
# des copies **abîmées exprès** : chaque défaut doit faire passer le bon contrôle à
# `False`. Ne codez en dur ni nombre de lignes ni liste de colonnes : la suite doit
# resservir après l'évolution (nouvelle dimension, nouvelles versions, code postal en
# texte).
#
# > **Indice** : pour les invariants, appelez `checks.assert_one_current_row_per_key`,
# > `checks.assert_no_overlap` et `checks.assert_no_gaps` sur la dimension lue en
# > DataFrame, dans un `try` / `except checks.CheckFailed`. Pour l'historique, comparez
# > des **ensembles** de tuples Python (`fetchall()` renvoie une liste de tuples) :
# > attention au membre inconnu, dont le `customer_id` est `NULL`, qu'une jointure SQL
# > avec `=` ne retrouverait pas.

# %% nbgrader={"grade": false, "grade_id": "ex01_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def tests_non_regression(prod, test):
    """Regression checks of a warehouse `test` against the reference `prod`: {name: bool}."""
    ### BEGIN SOLUTION
    resultats = {}
    nb_prod = valeur(prod, "SELECT COUNT(*) FROM fait_ventes")
    nb_test = valeur(test, "SELECT COUNT(*) FROM fait_ventes")
    resultats["faits_nb_lignes"] = nb_prod == nb_test
    somme_prod = valeur(prod, "SELECT COALESCE(SUM(montant_eur), 0) FROM fait_ventes")
    somme_test = valeur(test, "SELECT COALESCE(SUM(montant_eur), 0) FROM fait_ventes")
    resultats["faits_montant"] = abs(float(somme_prod) - float(somme_test)) < 0.01
    dim = test.execute("SELECT * FROM dim_client").df()
    try:
        checks.assert_one_current_row_per_key(dim, "customer_id", "est_courant", "valid_to")
        checks.assert_no_overlap(dim, "customer_id")
        checks.assert_no_gaps(dim, "customer_id")
        resultats["dim_client_invariants"] = True
    except checks.CheckFailed:
        resultats["dim_client_invariants"] = False
    colonnes = [c[0] for c in test.execute("SELECT * FROM fait_ventes LIMIT 0").description]
    orphelines = 0
    for cle in [c for c in colonnes if c.endswith("_key")]:
        dimension = "dim_" + cle.removesuffix("_key")
        orphelines += valeur(test, f"""
            SELECT COUNT(*) FROM fait_ventes AS f
            WHERE NOT EXISTS (SELECT 1 FROM {dimension} AS d WHERE d.{cle} = f.{cle})
        """)
    resultats["cles_orphelines"] = orphelines == 0
    sql_versions = "SELECT client_key, customer_id, valid_from FROM dim_client"
    versions_prod = set(prod.execute(sql_versions).fetchall())
    versions_test = set(test.execute(sql_versions).fetchall())
    resultats["historique_conserve"] = versions_prod <= versions_test
    return resultats
    ### END SOLUTION


_copie = copie_prod()
tests_non_regression(prod, _copie)

# %% labkit={"competences": ["C16", "C17"]} nbgrader={"grade": true, "grade_id": "ex01_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 1 : cinq contrôles booléens, tous vrais sur une copie intacte, le bon contrôle faux sur des copies abîmées."""
CONTROLES = ["faits_nb_lignes", "faits_montant", "dim_client_invariants", "cles_orphelines",
             "historique_conserve"]


def _suite(label, base):
    """Run the learner's suite on `base` and check the shape of its answer."""
    res = checks.learner_call(label, tests_non_regression, prod, base)
    assert isinstance(res, dict), f"{label} : tests_non_regression doit renvoyer un dictionnaire."
    assert sorted(res) == sorted(CONTROLES), (
        f"{label} : les clés du dictionnaire doivent être exactement {CONTROLES} "
        f"(vous avez {sorted(res)})."
    )
    for nom, ok in res.items():
        assert isinstance(ok, (bool, np.bool_)), (
            f"{label} : le contrôle {nom!r} doit valoir True ou False, pas {ok!r}."
        )
    return {nom: bool(ok) for nom, ok in res.items()}


def _doit_echouer(label, base, nom):
    res = _suite(label, base)
    assert not res[nom], (
        f"{label} : votre contrôle {nom!r} vaut True, il aurait dû détecter le défaut."
    )


_sb = copie_prod()
_res = _suite("Copie intacte de la production", _sb)
_faux = [nom for nom, ok in _res.items() if not ok]
assert not _faux, (
    f"Sur une copie intacte de la production, ces contrôles échouent à tort : {_faux}."
)
_sb.execute("""DELETE FROM fait_ventes
               WHERE order_id = (SELECT MIN(order_id) FROM fait_ventes)""")
_doit_echouer("Copie dont on a supprimé les lignes d'une commande", _sb, "faits_nb_lignes")
_sb.close()
### BEGIN HIDDEN TESTS
# The checks must not change the databases.
_sb = copie_prod()
_avant = (valeur(_sb, "SELECT COUNT(*) FROM fait_ventes"), valeur(_sb, "SELECT COUNT(*) FROM dim_client"))
_suite("Copie intacte (bis)", _sb)
assert _avant == (valeur(_sb, "SELECT COUNT(*) FROM fait_ventes"),
                  valeur(_sb, "SELECT COUNT(*) FROM dim_client")), (
    "tests_non_regression ne doit modifier aucune des deux bases."
)
_sb.close()

# A correct migration: every check must stay True.
_sb = copie_prod()
_sb.execute("""ALTER TABLE dim_client ALTER code_postal SET DATA TYPE VARCHAR
               USING lpad(CAST(code_postal AS VARCHAR), 5, '0')""")
_cid = valeur(_sb, "SELECT MIN(customer_id) FROM dim_client WHERE est_courant")
_sb.execute("""UPDATE dim_client SET valid_to = DATE '2024-10-15', est_courant = false
               WHERE customer_id = ? AND est_courant""", [_cid])
_sb.execute("""INSERT INTO dim_client SELECT (SELECT MAX(client_key) + 1 FROM dim_client), ?,
               '01000', 'Bourg-en-Bresse', DATE '2024-10-15', NULL, true""", [_cid])
_sb.execute("""INSERT INTO dim_client SELECT (SELECT MAX(client_key) + 1 FROM dim_client),
               (SELECT MAX(customer_id) + 1 FROM dim_client), '75011', 'Paris',
               DATE '2024-10-20', NULL, true""")
_sb.execute("CREATE TABLE dim_paiement (paiement_key INTEGER, moyen_paiement VARCHAR, libelle VARCHAR)")
_sb.execute("INSERT INTO dim_paiement VALUES (-1, 'inconnu', 'Inconnu'), (1, 'carte', 'Carte bancaire')")
_sb.execute("ALTER TABLE fait_ventes ADD COLUMN paiement_key INTEGER")
_sb.execute("UPDATE fait_ventes SET paiement_key = CASE WHEN order_id % 2 = 0 THEN 1 ELSE -1 END")
_res = _suite("Copie correctement migrée (code postal en texte, nouvelles versions, nouvelle dimension)", _sb)
_faux = [nom for nom, ok in _res.items() if not ok]
assert not _faux, (
    "Sur une copie correctement migrée (code postal en texte, nouvelles versions de clients, "
    f"nouvelle dimension dim_paiement), ces contrôles échouent à tort : {_faux}. "
    "Pensez au membre inconnu (customer_id NULL) et aux nouvelles colonnes de clé."
)
_sb.execute("UPDATE fait_ventes SET paiement_key = 42 WHERE order_id = (SELECT MAX(order_id) FROM fait_ventes)")
_doit_echouer("Nouvelle clé paiement_key orpheline", _sb, "cles_orphelines")
_sb.execute("UPDATE fait_ventes SET paiement_key = NULL WHERE paiement_key = 42")
_doit_echouer("Nouvelle clé paiement_key NULL", _sb, "cles_orphelines")
_sb.close()

_sb = copie_prod()
_sb.execute("""UPDATE fait_ventes SET montant_eur = montant_eur + 5
               WHERE order_id = (SELECT MIN(order_id) FROM fait_ventes) AND line_no = 1""")
_doit_echouer("Un montant modifié", _sb, "faits_montant")
_sb.close()

_sb = copie_prod()
_sb.execute("INSERT INTO fait_ventes SELECT * FROM fait_ventes WHERE order_id = (SELECT MAX(order_id) FROM fait_ventes)")
_doit_echouer("Lignes de faits dupliquées", _sb, "faits_nb_lignes")
_sb.close()

_ferme = valeur(prod, "SELECT MIN(client_key) FROM dim_client WHERE NOT est_courant")
for _label, _sql in [
    ("Deux versions courantes", "UPDATE dim_client SET valid_to = NULL, est_courant = true WHERE client_key = ?"),
    ("Un trou entre deux versions", "UPDATE dim_client SET valid_to = valid_to - 1 WHERE client_key = ?"),
    ("Deux versions qui se chevauchent", "UPDATE dim_client SET valid_to = valid_to + 1 WHERE client_key = ?"),
]:
    _sb = copie_prod()
    _sb.execute(_sql, [_ferme])
    _doit_echouer(_label, _sb, "dim_client_invariants")
    _sb.close()

_sb = copie_prod()
_sb.execute("UPDATE fait_ventes SET produit_key = 999999 WHERE order_id = (SELECT MIN(order_id) FROM fait_ventes)")
_doit_echouer("Clé produit orpheline", _sb, "cles_orphelines")
_sb.close()

_sb = copie_prod()
_sb.execute("UPDATE fait_ventes SET date_key = NULL WHERE order_id = (SELECT MIN(order_id) FROM fait_ventes)")
_doit_echouer("Clé date NULL", _sb, "cles_orphelines")
_sb.close()

# History rewritten: the old versions of a customer replaced by one version.
_cid = valeur(prod, "SELECT customer_id FROM dim_client WHERE client_key = ?", [_ferme])
_sb = copie_prod()
_sb.execute("""UPDATE dim_client SET valid_from = (SELECT MIN(valid_from) FROM dim_client WHERE customer_id = $c)
               WHERE customer_id = $c AND est_courant""", {"c": _cid})
_sb.execute("DELETE FROM dim_client WHERE customer_id = ? AND NOT est_courant", [_cid])
_doit_echouer("Historique d'un client réécrit", _sb, "historique_conserve")
_sb.close()

_sb = copie_prod()
_sb.execute("UPDATE dim_client SET client_key = client_key + 1000000 WHERE client_key > 0")
_doit_echouer("Clés de substitution renumérotées", _sb, "historique_conserve")
_sb.close()
### END HIDDEN TESTS

# %% [markdown]
# Gardez cette suite sous la main : vous la lancerez sur l'environnement de test à la fin
# (partie 6), avant de proposer la mise en production.
#
# ---
# ## Partie 3 — Le changement technique : `code_postal` devient un texte
#
# Changer le type d'une colonne qui contient déjà des données, c'est deux choses à la
# fois : changer le **schéma** et **réparer les valeurs**. En SQL :
#
# ```sql
# ALTER TABLE ma_table ALTER ma_colonne SET DATA TYPE nouveau_type USING expression
# ```
#
# L'expression `USING` calcule la nouvelle valeur de chaque ligne à partir de l'ancienne
# (sans `USING`, c'est un simple `CAST`). Un exemple sur une petite table jetable :

# %%
_demo = duckdb.connect()
_demo.execute("CREATE TABLE article (id INTEGER, reference INTEGER)")
_demo.execute("INSERT INTO article VALUES (1, 42), (2, 7), (3, NULL)")
_demo.execute("ALTER TABLE article ALTER reference SET DATA TYPE VARCHAR USING 'REF-' || reference")
_demo.sql("SELECT * FROM article").df()

# %% [markdown]
# Deux pièges :
#
# - un simple `CAST(code_postal AS VARCHAR)` donne `'1000'` : le type est réparé, pas la
#   valeur. Tous les codes postaux français ont **cinq chiffres** : il faut compléter à
#   gauche par des zéros (`lpad(texte, 5, '0')`) ;
# - reconstruire la dimension à partir de la source « pour repartir propre » perdrait
#   les versions et renumérotrait les clés de substitution : les faits pointeraient vers
#   d'autres versions. On **migre en place**.
#
# DuckDB accepte `VARCHAR(5)` mais ne contrôle pas la longueur : c'est votre migration
# (et vos tests) qui la garantissent.
#
# ### Exercice 2 — Migrer `code_postal` en texte (2 points)
#
# Écrivez une fonction `migrer_code_postal(con)` qui modifie `dim_client` dans la base
# `con` :
#
# - `code_postal` devient une colonne **`VARCHAR`** ;
# - chaque code postal existant devient son texte **à cinq chiffres** (`1000` →
#   `'01000'`, `75011` → `'75011'`), dans **toutes** les versions ; le membre inconnu
#   garde un code postal `NULL` ;
# - aucune autre colonne ni aucune ligne ne change (mêmes `client_key`, mêmes
#   intervalles) ;
# - la fonction peut être **rejouée** sans dommage : appelée une seconde fois sur une base
#   déjà migrée, elle ne change plus rien.
#
# La cellule applique ensuite votre fonction à l'environnement de test.
#
# > **Indice** : une seule instruction `ALTER TABLE … SET DATA TYPE VARCHAR USING …`.
# > Pour qu'elle soit rejouable, l'expression doit donner le même résultat si
# > `code_postal` est déjà un texte à cinq chiffres.

# %% nbgrader={"grade": false, "grade_id": "ex02_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def migrer_code_postal(con):
    """dim_client.code_postal INTEGER -> VARCHAR of five digits, in every version, in place."""
    ### BEGIN SOLUTION
    con.execute("""
        ALTER TABLE dim_client ALTER code_postal SET DATA TYPE VARCHAR
        USING lpad(CAST(code_postal AS VARCHAR), 5, '0')
    """)
    ### END SOLUTION


migrer_code_postal(con)
con.sql("""
SELECT client_key, customer_id, code_postal, ville FROM dim_client
WHERE code_postal LIKE '0%' ORDER BY client_key
""").df().head(apercu_lignes)

# %% labkit={"competences": ["C16", "C17"]} nbgrader={"grade": true, "grade_id": "ex02_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 2 : type texte, codes à cinq chiffres, mêmes lignes et mêmes clés, migration rejouable."""


def _verifier_migration(label, base):
    types = dict(base.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'dim_client'"
    ).fetchall())
    assert types.get("code_postal") == "VARCHAR", (
        f"{label} : code_postal est de type {types.get('code_postal')}, il doit devenir un VARCHAR."
    )
    dim = checks.run_query(base, "SELECT * FROM dim_client")
    checks.assert_columns(dim, ["client_key", "customer_id", "code_postal", "ville", "valid_from",
                                "valid_to", "est_courant"], label="votre dim_client")
    mauvais = dim.loc[dim["code_postal"].notna() & ~dim["code_postal"].astype(str).str.fullmatch(r"\d{5}"),
                      "code_postal"]
    assert mauvais.empty, (
        f"{label} : {len(mauvais)} code(s) postal(aux) n'ont pas cinq chiffres, par exemple "
        f"{mauvais.iloc[0]!r} : un code postal français en a toujours cinq (pensez au zéro initial)."
    )
    n_prod = valeur(prod, "SELECT COUNT(*) FROM dim_client")
    assert len(dim) == n_prod, (
        f"{label} : dim_client a {len(dim)} lignes au lieu des {n_prod} de la production : "
        "la migration ne doit ni perdre ni ajouter de version."
    )
    return dim


_verifier_migration("Environnement de test", con)
_sb = copie_prod()
checks.learner_call("migrer_code_postal sur une copie de la production", migrer_code_postal, _sb)
_verifier_migration("Copie de la production", _sb)
### BEGIN HIDDEN TESTS
_exp = prod.execute("SELECT * FROM dim_client").df()
_exp["code_postal"] = [None if pd.isna(v) else f"{int(v):05d}" for v in _exp["code_postal"]]
for _label, _base in [("Environnement de test", con), ("Copie de la production", _sb)]:
    with checks.context(_label):
        checks.assert_frame_matches(checks.run_query(_base, "SELECT * FROM dim_client"), _exp)
checks.learner_call("migrer_code_postal rejouée sur une base déjà migrée", migrer_code_postal, _sb)
with checks.context("Après un second appel"):
    checks.assert_frame_matches(_verifier_migration("Après un second appel", _sb), _exp)
_sb.close()
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 4 — Le changement de schéma de la source
#
# La source a **renommé et découpé** une colonne : `cp_ville` (`'01000 Bourg-en-Bresse'`)
# est devenue `code_postal` (`'01000'`, un texte) et `commune` (`'Bourg-en-Bresse'`).
# L'entrepôt, lui, ne change pas de modèle : `dim_client` garde ses colonnes
# `code_postal` et `ville`. C'est le rôle de la couche de chargement d'**isoler**
# l'entrepôt des changements des sources : on adapte le **mapping** (quelle colonne de la
# source alimente quelle colonne de l'entrepôt), pas le modèle.
#
# Pour que l'historique reste continu, le nouveau chargement doit comparer les valeurs
# reçues à la version courante **dans le même format** : si un côté porte `'01000'` et
# l'autre `1000`, chaque client de l'Ain reçoit une fausse nouvelle version à chaque lot.
# C'est pourquoi la migration de la partie 3 passe **avant** la reprise des chargements.
#
# Relisez `charger_lot_clients_v1` dans la cellule de mise en place : les étapes du
# type 2 (fermer la version courante si un attribut a changé, ouvrir une version pour
# chaque client resté sans version courante) ne changent pas.
#
# ### Exercice 3 — Charger les lots au nouveau format (3 points)
#
# Écrivez une fonction `charger_lot_clients_v2(con, lot, jour)` qui charge dans
# `dim_client` (déjà migrée : `code_postal` est un texte) un lot au **nouveau format** :
# un DataFrame avec les colonnes `customer_id`, `code_postal` (texte à cinq chiffres) et
# `commune` ; `jour` est la date du lot (`datetime.date`). Comme en version 1 :
#
# - un client dont le `code_postal` ou la ville a changé : sa version courante est fermée
#   (`valid_to = jour`, `est_courant = false`) et une nouvelle version est ouverte
#   (`valid_from = jour`, `valid_to` `NULL`, `est_courant = true`) ;
# - un client **inconnu** de la dimension (nouvelle carte) : une première version est
#   ouverte le `jour` du lot ;
# - un client **sans changement** : rien ne bouge ;
# - chaque nouvelle version reçoit une `client_key` **nouvelle** (plus grande que toutes
#   les clés existantes) ; les versions existantes gardent la leur.
#
# La cellule charge ensuite tous les lots en attente dans l'environnement de test, avec
# `rejouer_v2(con, charger_lot_clients_v2)` (qui tient `journal_chargements` à jour).
#
# > **Indice** : partez de `charger_lot_clients_v1` et changez seulement la lecture du lot
# > (la table temporaire `arrivees`). Les autres instructions marchent telles quelles.

# %% nbgrader={"grade": false, "grade_id": "ex03_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def charger_lot_clients_v2(con, lot, jour):
    """SCD type 2 load of dim_client from a batch in the new format (code_postal, commune)."""
    ### BEGIN SOLUTION
    con.register("lot_v2", lot)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE arrivees AS
        SELECT customer_id, CAST(code_postal AS VARCHAR) AS code_postal, commune AS ville
        FROM lot_v2
    """)
    con.unregister("lot_v2")
    con.execute("""
        UPDATE dim_client AS d SET valid_to = $jour, est_courant = false
        FROM arrivees AS a
        WHERE d.customer_id = a.customer_id AND d.est_courant
          AND (d.code_postal, d.ville) IS DISTINCT FROM (a.code_postal, a.ville)
    """, {"jour": jour})
    con.execute("""
        INSERT INTO dim_client
        SELECT (SELECT MAX(client_key) FROM dim_client)
                   + ROW_NUMBER() OVER (ORDER BY a.customer_id),
               a.customer_id, a.code_postal, a.ville, $jour, NULL, true
        FROM arrivees AS a
        WHERE NOT EXISTS (SELECT 1 FROM dim_client AS d
                          WHERE d.customer_id = a.customer_id AND d.est_courant)
    """, {"jour": jour})
    ### END SOLUTION


rejouer_v2(con, charger_lot_clients_v2)
con.sql("""
SELECT * FROM dim_client
WHERE customer_id IN (SELECT customer_id FROM dim_client WHERE valid_from >= DATE '2024-10-01')
ORDER BY customer_id, valid_from
""").df().head(apercu_lignes)

# %% labkit={"competences": ["C15", "C17"]} nbgrader={"grade": true, "grade_id": "ex03_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 3 : lot au nouveau format chargé en type 2, invariants, clés existantes conservées, historique complet exact."""


def _invariants(label, dim):
    with checks.context(label):
        checks.assert_one_current_row_per_key(dim, "customer_id", "est_courant", "valid_to",
                                              label="votre dim_client")
        checks.assert_no_overlap(dim, "customer_id", label="votre dim_client")
        checks.assert_no_gaps(dim, "customer_id", label="votre dim_client")


_sb = copie_prod()
checks.learner_call("migrer_code_postal (exercice 2) sur une copie", migrer_code_postal, _sb)
_jour = jours_v2[0]
_lot = lot(_jour)
checks.learner_call(f"Lot du {_jour}", charger_lot_clients_v2, _sb, _lot, _jour)
_dim = checks.run_query(_sb, "SELECT * FROM dim_client")
checks.assert_columns(_dim, ["client_key", "customer_id", "code_postal", "ville", "valid_from",
                             "valid_to", "est_courant"], label="votre dim_client")
_invariants(f"Après le lot du {_jour}", _dim)
_courant = _dim[_dim["est_courant"].astype(bool)].set_index("customer_id")
for _row in _lot.itertuples():
    assert _row.customer_id in _courant.index, (
        f"Après le lot du {_jour}, le client {_row.customer_id} n'a pas de version courante."
    )
    assert (_courant.at[_row.customer_id, "code_postal"], _courant.at[_row.customer_id, "ville"]) == (
        _row.code_postal, _row.commune), (
        f"Après le lot du {_jour}, la version courante du client {_row.customer_id} ne porte pas "
        "le code postal et la commune du lot."
    )
assert _dim["client_key"].is_unique, "client_key doit rester unique dans dim_client."
_dim_test = checks.run_query(con, "SELECT * FROM dim_client")
_invariants("Environnement de test, après tous les lots", _dim_test)
### BEGIN HIDDEN TESTS
# Expected history: the full customer history, day by day, without no-change days.
_hist = paniervert.load("customer_history", scale, seed)
_hist = _hist.assign(valid_from=_hist["valid_from"].dt.normalize()).sort_values(["customer_id", "valid_from"])
_hist = _hist.groupby(["customer_id", "valid_from"], as_index=False).last()
_same = (_hist["customer_id"] == _hist["customer_id"].shift()) & \
        (_hist["postal_code"] == _hist["postal_code"].shift()) & (_hist["city"] == _hist["city"].shift())
_hist = _hist[~_same].copy()
_hist["valid_to"] = _hist.groupby("customer_id")["valid_from"].shift(-1)
_exp = _hist.rename(columns={"postal_code": "code_postal", "city": "ville"})[
    ["customer_id", "valid_from", "valid_to", "code_postal", "ville"]]
_keys_prod = set(prod.execute("SELECT client_key, customer_id, valid_from FROM dim_client").fetchall())


def _verifier_historique(label, base):
    dim = checks.run_query(base, "SELECT * FROM dim_client")
    _invariants(label, dim)
    with checks.context(label):
        checks.assert_history_matches(dim[dim["customer_id"].notna()], _exp, "customer_id",
                                      ["code_postal", "ville"], label="votre dim_client")
    assert dim["client_key"].is_unique, f"{label} : client_key doit rester unique."
    kept = set(base.execute("SELECT client_key, customer_id, valid_from FROM dim_client").fetchall())
    assert _keys_prod <= kept, (
        f"{label} : des versions de la production ont changé de client_key ou de date de début : "
        "les versions existantes doivent garder leur clé (les faits pointent dessus)."
    )
    return dim


# A reference migration, so that this exercise is graded on its own.
_sb2 = copie_prod()
_sb2.execute("""ALTER TABLE dim_client ALTER code_postal SET DATA TYPE VARCHAR
                USING lpad(CAST(code_postal AS VARCHAR), 5, '0')""")
checks.learner_call("rejouer_v2 avec charger_lot_clients_v2", rejouer_v2, _sb2, charger_lot_clients_v2)
_avant = _verifier_historique("Après tous les lots en attente", _sb2)
_max_prod = valeur(prod, "SELECT MAX(client_key) FROM dim_client")
_new = _avant[~_avant["client_key"].isin([k for k, _, _ in _keys_prod])]
assert (_new["client_key"] > _max_prod).all(), "Les nouvelles versions doivent recevoir des client_key nouvelles."
# Idempotence: the last batch again changes nothing.
checks.learner_call("Dernier lot rejoué", charger_lot_clients_v2, _sb2, lot(jours_v2[-1]), jours_v2[-1])
with checks.context("Après avoir rejoué le dernier lot"):
    checks.assert_frame_matches(checks.run_query(_sb2, "SELECT * FROM dim_client"), _avant)
_verifier_historique("Environnement de test", con)
_sb.close()
_sb2.close()
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 5 — Le nouveau besoin : le chiffre d'affaires par moyen de paiement
#
# ### Modéliser avant de coder
#
# Le grain de `fait_ventes` est la **ligne de commande** ; un paiement, lui, concerne une
# **commande** entière, et une commande peut être payée en **plusieurs fois** (un ticket
# restaurant plus une carte). Joindre directement `fait_ventes` à `staging.paiements`
# dupliquerait les lignes des commandes payées en deux fois : le chiffre d'affaires serait
# gonflé, et le test `faits_nb_lignes` le verrait.
#
# La solution de Kimball : une petite dimension `dim_paiement`, et **une** clé par ligne
# de faits, calculée au grain de la commande. Une commande payée avec plusieurs moyens
# reçoit un membre dédié, « plusieurs moyens » ; une commande sans paiement archivé
# (avant le 1er mars 2023) reçoit le membre **inconnu** : on ne devine pas, et on ne
# laisse pas de clé `NULL` (elle disparaîtrait des jointures internes des rapports).
#
# Voici les moyens de paiement dans l'extraction, et les commandes payées avec plusieurs
# moyens :

# %%
con.sql("""
SELECT method, COUNT(*) AS paiements, COUNT(*) FILTER (WHERE amount_eur < 0) AS remboursements,
       MIN(paid_at) AS premier_paiement
FROM staging.paiements GROUP BY method ORDER BY method
""").df()

# %%
con.sql("""
SELECT order_id, list(method ORDER BY payment_id) AS moyens, list(amount_eur ORDER BY payment_id) AS montants
FROM staging.paiements GROUP BY order_id HAVING COUNT(DISTINCT method) > 1 ORDER BY order_id
""").df().head(apercu_lignes)

# %% [markdown]
# ### Exercice 4 — Ajouter la dimension paiement et rétro-alimenter les faits (3 points)
#
# Écrivez une fonction `ajouter_dimension_paiement(con)` qui, dans la base `con` :
#
# 1. crée la table **`dim_paiement`** (`paiement_key INTEGER`, `moyen_paiement VARCHAR`,
#    `libelle VARCHAR`) avec **exactement** ces six lignes :
#
#    | `paiement_key` | `moyen_paiement` | `libelle` |
#    |---:|---|---|
#    | -1 | `inconnu` | `Inconnu` |
#    | 1 | `carte` | `Carte bancaire` |
#    | 2 | `espèces` | `Espèces` |
#    | 3 | `ticket_restaurant` | `Ticket restaurant` |
#    | 4 | `virement` | `Virement` |
#    | 5 | `plusieurs` | `Plusieurs moyens` |
#
# 2. ajoute à `fait_ventes` une colonne **`paiement_key`** (`INTEGER`) et la remplit pour
#    **toutes** les lignes, selon la commande (`order_id`) de la ligne : on regarde les
#    paiements de cette commande dans `staging.paiements` de **montant positif**
#    (`amount_eur > 0`, les remboursements ne comptent pas) ;
#    - un seul moyen (`method`) distinct : la clé de ce moyen ;
#    - plusieurs moyens distincts : `5` ;
#    - aucun paiement : `-1` ;
#
# 3. ne change **rien d'autre** à `fait_ventes` : mêmes lignes, mêmes valeurs.
#
# La fonction doit pouvoir être **rejouée** (un second appel donne le même résultat, sans
# erreur) : une migration interrompue doit pouvoir être relancée.
#
# > **Indice** : `CREATE OR REPLACE TABLE`, `ALTER TABLE … ADD COLUMN IF NOT EXISTS`, puis
# > `UPDATE fait_ventes AS f SET paiement_key = … FROM (sous-requête au grain de la
# > commande) AS p WHERE p.order_id = f.order_id`. Pensez aux lignes qu'un `UPDATE … FROM`
# > ne touche pas.

# %% nbgrader={"grade": false, "grade_id": "ex04_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def ajouter_dimension_paiement(con):
    """Add dim_paiement and back-fill fait_ventes.paiement_key (order grain, -1 when unknown)."""
    ### BEGIN SOLUTION
    con.execute("""
        CREATE OR REPLACE TABLE dim_paiement (
            paiement_key INTEGER PRIMARY KEY, moyen_paiement VARCHAR NOT NULL,
            libelle VARCHAR NOT NULL)
    """)
    con.execute("""
        INSERT INTO dim_paiement VALUES
            (-1, 'inconnu', 'Inconnu'), (1, 'carte', 'Carte bancaire'),
            (2, 'espèces', 'Espèces'), (3, 'ticket_restaurant', 'Ticket restaurant'),
            (4, 'virement', 'Virement'), (5, 'plusieurs', 'Plusieurs moyens')
    """)
    con.execute("ALTER TABLE fait_ventes ADD COLUMN IF NOT EXISTS paiement_key INTEGER")
    con.execute("UPDATE fait_ventes SET paiement_key = -1")
    con.execute("""
        UPDATE fait_ventes AS f SET paiement_key = d.paiement_key
        FROM (
            SELECT order_id,
                   CASE WHEN COUNT(DISTINCT method) > 1 THEN 'plusieurs' ELSE MIN(method) END
                       AS moyen_paiement
            FROM staging.paiements
            WHERE amount_eur > 0
            GROUP BY order_id
        ) AS p
        JOIN dim_paiement AS d USING (moyen_paiement)
        WHERE p.order_id = f.order_id
    """)
    ### END SOLUTION


ajouter_dimension_paiement(con)
con.sql("""
SELECT d.libelle, COUNT(*) AS lignes FROM fait_ventes AS f
LEFT JOIN dim_paiement AS d USING (paiement_key) GROUP BY ALL ORDER BY lignes DESC
""").df()

# %% labkit={"competences": ["C13", "C14"]} nbgrader={"grade": true, "grade_id": "ex04_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 4 : dim_paiement exacte, paiement_key renseignée sans changer les faits, rétro-alimentation exacte, fonction rejouable."""
_COLS_FAITS = [c[0] for c in prod.execute("SELECT * FROM fait_ventes LIMIT 0").description]


def _verifier_paiement(label, base):
    dim = checks.run_query(base, "SELECT * FROM dim_paiement")
    checks.assert_columns(dim, ["paiement_key", "moyen_paiement", "libelle"], label="votre dim_paiement")
    checks.assert_row_count(dim, 6)
    faits = checks.run_query(base, "SELECT * FROM fait_ventes")
    checks.assert_columns(faits, [*_COLS_FAITS, "paiement_key"], label="votre fait_ventes")
    n_prod = valeur(prod, "SELECT COUNT(*) FROM fait_ventes")
    assert len(faits) == n_prod, (
        f"{label} : fait_ventes a {len(faits)} lignes au lieu des {n_prod} de la production : "
        "une jointure avec les paiements duplique-t-elle les commandes payées en plusieurs fois ?"
    )
    assert faits["paiement_key"].notna().all(), (
        f"{label} : des lignes de fait_ventes ont une paiement_key NULL : pensez au membre inconnu."
    )
    assert faits["paiement_key"].isin(dim["paiement_key"]).all(), (
        f"{label} : des valeurs de paiement_key n'existent pas dans dim_paiement."
    )
    return dim, faits


_verifier_paiement("Environnement de test", con)
_sb = copie_prod()
checks.learner_call("ajouter_dimension_paiement sur une copie", ajouter_dimension_paiement, _sb)
_verifier_paiement("Copie de la production", _sb)
### BEGIN HIDDEN TESTS
_exp_dim = pd.DataFrame({
    "paiement_key": [-1, 1, 2, 3, 4, 5],
    "moyen_paiement": ["inconnu", "carte", "espèces", "ticket_restaurant", "virement", "plusieurs"],
    "libelle": ["Inconnu", "Carte bancaire", "Espèces", "Ticket restaurant", "Virement", "Plusieurs moyens"],
})
_pay = STAGING["paiements"]
_pay = _pay[_pay["amount_eur"] > 0].groupby("order_id")["method"].agg(["nunique", "first"])
_pay["moyen_paiement"] = np.where(_pay["nunique"] > 1, "plusieurs", _pay["first"])
_exp_faits = prod.execute("SELECT order_id, line_no FROM fait_ventes").df()
_exp_faits["paiement_key"] = (
    _exp_faits["order_id"].map(_pay["moyen_paiement"]).fillna("inconnu")
    .map(_exp_dim.set_index("moyen_paiement")["paiement_key"])
)
_SOMMES = ("SELECT COUNT(*), SUM(date_key), SUM(magasin_key), SUM(client_key), SUM(produit_key), "
           "SUM(quantite), SUM(montant_eur), COUNT(DISTINCT (order_id, line_no)) FROM fait_ventes")
_sommes_prod = prod.execute(_SOMMES).fetchall()[0]
checks.learner_call("ajouter_dimension_paiement rejouée", ajouter_dimension_paiement, _sb)
for _label, _base in [("Environnement de test", con), ("Copie de la production, après deux appels", _sb)]:
    _dim, _faits = _verifier_paiement(_label, _base)
    with checks.context(f"{_label}, dim_paiement"):
        checks.assert_frame_matches(_dim, _exp_dim)
    with checks.context(f"{_label}, fait_ventes"):
        checks.assert_frame_matches(_faits[["order_id", "line_no", "paiement_key"]], _exp_faits)
    _sommes = _base.execute(_SOMMES).fetchall()[0]
    assert all(abs(float(a) - float(b)) < 0.01 for a, b in zip(_sommes, _sommes_prod, strict=True)), (
        f"{_label} : les colonnes existantes de fait_ventes ont changé : seule paiement_key doit être ajoutée."
    )
_sb.close()
### END HIDDEN TESTS

# %% [markdown]
# ### Exercice 5 — La requête du contrôle de gestion (2 points)
#
# Écrivez la requête `requete_05` qui donne, **par année et par moyen de paiement**, à
# partir de `fait_ventes`, `dim_date` et `dim_paiement` de l'environnement de test :
#
# | colonne | contenu |
# |---|---|
# | `annee` | `dim_date.annee` de la vente |
# | `libelle` | `dim_paiement.libelle` |
# | `nb_commandes` | nombre de commandes **distinctes** (`order_id`) |
# | `chiffre_affaires_eur` | somme de `montant_eur`, sans arrondi |
# | `part_ca` | `chiffre_affaires_eur` divisé par le chiffre d'affaires **total de l'année** (entre 0 et 1, sans arrondi) |
#
# Une ligne par couple (année, moyen) présent dans les faits, **y compris** « Inconnu »
# et « Plusieurs moyens ». Triez par `annee`, puis `chiffre_affaires_eur` décroissant,
# puis `libelle`.
#
# > **Indice** : la part de l'année est une fonction de fenêtre sur un agrégat :
# > `SUM(...) / SUM(SUM(...)) OVER (PARTITION BY ...)`.

# %% nbgrader={"grade": false, "grade_id": "ex05_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
requete_05 = """
SELECT d.annee,
       p.libelle,
       COUNT(DISTINCT f.order_id) AS nb_commandes,
       SUM(f.montant_eur) AS chiffre_affaires_eur,
       SUM(f.montant_eur) / SUM(SUM(f.montant_eur)) OVER (PARTITION BY d.annee) AS part_ca
FROM fait_ventes AS f
JOIN dim_date AS d USING (date_key)
JOIN dim_paiement AS p USING (paiement_key)
GROUP BY d.annee, p.libelle
ORDER BY d.annee, chiffre_affaires_eur DESC, p.libelle
"""
### END SOLUTION
con.sql(requete_05).df()

# %% labkit={"competences": ["C14"]} nbgrader={"grade": true, "grade_id": "ex05_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 5 : colonnes, parts qui somment à 1 par année, chiffre d'affaires total rapproché, lignes et ordre exacts."""
_res = checks.run_query(con, requete_05)
checks.assert_columns(_res, ["annee", "libelle", "nb_commandes", "chiffre_affaires_eur", "part_ca"])
_parts = _res.groupby("annee")["part_ca"].sum()
assert ((_parts - 1).abs() < 1e-6).all(), (
    "Pour chaque année, la somme de part_ca doit valoir 1 : divisez par le total de l'année."
)
_total = valeur(con, "SELECT SUM(montant_eur) FROM fait_ventes")
assert abs(float(_res["chiffre_affaires_eur"].sum()) - float(_total)) < 0.01, (
    "La somme de chiffre_affaires_eur ne se rapproche pas du total de fait_ventes : "
    "des ventes sont-elles perdues (jointure interne sur une clé absente) ou comptées deux fois ?"
)
### BEGIN HIDDEN TESTS
_expected_05 = """
WITH lignes AS (
    SELECT d.annee, p.libelle, f.order_id, f.montant_eur
    FROM fait_ventes f, dim_date d, dim_paiement p
    WHERE f.date_key = d.date_key AND f.paiement_key = p.paiement_key
), annees AS (SELECT annee, SUM(montant_eur) AS total FROM lignes GROUP BY annee)
SELECT l.annee, l.libelle, COUNT(DISTINCT l.order_id) AS nb_commandes,
       SUM(l.montant_eur) AS chiffre_affaires_eur, SUM(l.montant_eur) / MAX(a.total) AS part_ca
FROM lignes l JOIN annees a ON a.annee = l.annee
GROUP BY l.annee, l.libelle
ORDER BY 1, 4 DESC, 2
"""
checks.assert_query_matches(con, requete_05, _expected_05, ordered=True)
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 6 — La recette avant la mise en production
#
# L'évolution est faite dans l'environnement de test. Avant de proposer la mise en
# production, on fait la **recette** : on relance la suite de non-régression contre la
# production, et on dresse le **bilan** de ce qui a changé, table par table. Ce bilan
# sert au comité de changement et à la communication aux utilisateurs : une table
# nouvelle, des versions de clients en plus, et surtout **aucun écart** sur les faits.
#
# La liste des tables permanentes d'une base DuckDB :

# %%
con.sql("""
SELECT table_name, estimated_size FROM duckdb_tables()
WHERE schema_name = 'main' AND NOT temporary ORDER BY table_name
""").df()

# %% [markdown]
# ### Exercice 6 — Recette et bilan (2 points)
#
# Créez trois variables :
#
# - `resultats_recette` : le résultat de **votre** `tests_non_regression(prod, con)` ;
# - `feu_vert` : `True` si et seulement si tous les contrôles de `resultats_recette` sont
#   réussis ;
# - `bilan_recette` : un DataFrame avec **une ligne par table** permanente du schéma
#   `main` présente dans `prod` **ou** dans `con` (les tables de `staging` et les tables
#   temporaires n'en font pas partie), et les colonnes `table_name`, `lignes_prod`
#   (nombre de lignes dans `prod`, `0` si la table n'y existe pas), `lignes_test` (idem
#   dans `con`) et `ecart` (`lignes_test - lignes_prod`), triées par `table_name`.
#
# Comptez les lignes avec `COUNT(*)` (la colonne `estimated_size` n'est qu'une
# estimation). Le test vérifie aussi que la production n'a pas changé d'un octet.
#
# > **Indice** : deux dictionnaires `{table: nombre de lignes}`, un par base, puis une
# > boucle sur l'union de leurs clés (`sorted(set(a) | set(b))`).

# %% nbgrader={"grade": false, "grade_id": "ex06_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
resultats_recette = tests_non_regression(prod, con)
feu_vert = all(resultats_recette.values())


def _compter(base):
    tables = [r[0] for r in base.execute("""
        SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary
    """).fetchall()]
    return {t: valeur(base, f"SELECT COUNT(*) FROM main.{t}") for t in tables}


_lignes_prod, _lignes_test = _compter(prod), _compter(con)
bilan_recette = pd.DataFrame(
    [(t, _lignes_prod.get(t, 0), _lignes_test.get(t, 0)) for t in sorted(set(_lignes_prod) | set(_lignes_test))],
    columns=["table_name", "lignes_prod", "lignes_test"],
)
bilan_recette["ecart"] = bilan_recette["lignes_test"] - bilan_recette["lignes_prod"]
### END SOLUTION
print("Feu vert pour la mise en production :", feu_vert, resultats_recette)
bilan_recette

# %% labkit={"competences": ["C16"]} nbgrader={"grade": true, "grade_id": "ex06_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 6 : recette verte sur l'environnement de test, production intacte, bilan exact, la suite détecte une migration ratée."""
assert isinstance(resultats_recette, dict) and resultats_recette, (
    "resultats_recette doit être le dictionnaire renvoyé par tests_non_regression(prod, con)."
)
_echecs = [nom for nom, ok in resultats_recette.items() if not ok]
assert not _echecs, (
    f"La recette de l'environnement de test échoue sur : {_echecs}. Corrigez la migration "
    "(ou la suite), puis relancez tout le notebook."
)
assert feu_vert is True or feu_vert is np.True_, "feu_vert doit valoir True quand tous les contrôles sont réussis."
assert empreinte(chemin_prod) == empreinte_prod, (
    "Le fichier de production a changé depuis la mise en place : toute l'évolution doit se "
    "faire dans l'environnement de test (con)."
)
checks.assert_columns(bilan_recette, ["table_name", "lignes_prod", "lignes_test", "ecart"],
                      label="votre bilan_recette")
assert (bilan_recette["ecart"] == bilan_recette["lignes_test"] - bilan_recette["lignes_prod"]).all(), (
    "ecart doit valoir lignes_test - lignes_prod sur chaque ligne."
)
### BEGIN HIDDEN TESTS
_rows = []
_tables = {}
for _side, _base in (("prod", prod), ("test", con)):
    for _t, in _base.execute("""SELECT table_name FROM information_schema.tables
                               WHERE table_schema = 'main' AND table_type = 'BASE TABLE'
                                 AND table_catalog = current_database()""").fetchall():
        _tables.setdefault(_t, {"prod": 0, "test": 0})[_side] = valeur(_base, f'SELECT COUNT(*) FROM main."{_t}"')
_exp_bilan = pd.DataFrame([(t, v["prod"], v["test"], v["test"] - v["prod"]) for t, v in sorted(_tables.items())],
                          columns=["table_name", "lignes_prod", "lignes_test", "ecart"])
checks.assert_frame_matches(bilan_recette.reset_index(drop=True), _exp_bilan, ordered=True)
_res = tests_non_regression(prod, con)
assert all(_res.values()) and all(resultats_recette.values()), "La recette doit être verte."
# The learner's suite must stop a broken migration: payments joined at line grain.
_sb = copie_prod()
_sb.execute("CREATE TABLE dim_paiement AS SELECT * FROM (VALUES (-1, 'inconnu', 'Inconnu'), "
            "(1, 'carte', 'Carte bancaire')) AS t(paiement_key, moyen_paiement, libelle)")
_sb.execute("""CREATE OR REPLACE TABLE fait_ventes AS
               SELECT f.*, CASE WHEN p.method = 'carte' THEN 1 ELSE -1 END AS paiement_key
               FROM fait_ventes AS f LEFT JOIN staging.paiements AS p USING (order_id)""")
_res = checks.learner_call("tests_non_regression sur une migration ratée", tests_non_regression, prod, _sb)
assert not all(_res.values()), (
    "Sur une migration qui joint les paiements au grain de la ligne (lignes dupliquées), "
    "votre suite de non-régression donne le feu vert : elle doit l'arrêter."
)
_sb.close()
### END HIDDEN TESTS

# %% [markdown]
# ### Question 7 — Le plan de mise en production (3 points, corrigée par votre formateur ou formatrice)
#
# La recette est verte. Vous présentez l'évolution au comité de changement. Rédigez, en
# 15 à 25 lignes (listes bienvenues) :
#
# 1. le **plan de mise en production** : les étapes dans l'ordre (sauvegarde, fenêtre,
#    ordre des trois changements, reprise des lots en attente, contrôles), et le **plan
#    de retour arrière** : à quel signal on l'applique et comment on revient à l'état
#    antérieur sans perdre les lots chargés entre-temps ;
# 2. la **communication aux utilisateurs** : ce qui change dans leurs rapports et leurs
#    requêtes (type du code postal, nouvelle dimension et ses membres « Inconnu » et
#    « Plusieurs moyens », nouvelles versions de clients), ce qui ne change pas, et quand ;
# 3. les **risques** restants et comment vous les maîtrisez (au moins trois).
#
# *Double-cliquez sur la cellule ci-dessous pour écrire votre réponse.*

# %% [markdown] labkit={"competences": ["C16"]} nbgrader={"grade": true, "grade_id": "plan_mise_en_production", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# **Votre réponse :**
#
# ### BEGIN SOLUTION
# **1. Plan de mise en production** (un soir, hors des heures d'utilisation, annoncé une
# semaine avant) :
#
# 1. geler les chargements et les accès en écriture ; **sauvegarder** la production
#    (copie du fichier `entrepot.duckdb`, empreinte SHA-256 notée, restauration testée) ;
# 2. appliquer les scripts **dans l'ordre de la recette** : migration du code postal
#    (avant toute reprise de lot, sinon fausses versions), puis nouveau chargement des
#    clients et reprise des lots en attente depuis le 1er octobre (journal des
#    chargements), puis `dim_paiement` et rétro-alimentation de `paiement_key` ;
# 3. relancer la **suite de non-régression** contre la sauvegarde, plus les rapports
#    témoins (CA 2023 et 2024 par magasin : mêmes chiffres) ;
# 4. rouvrir les accès, réactiver le chargement quotidien au format v2, surveiller le
#    premier chargement nocturne (nombre de versions créées, journal).
#
# **Retour arrière** : si un contrôle échoue ou si un rapport témoin diffère, on restaure
# la sauvegarde (copie du fichier, vérifiée par son empreinte) et on remet l'ancien
# chargement ; les lots clients en attente restent dans la zone de préparation et le
# journal dit lesquels rejouer : rien n'est perdu. Les scripts étant rejouables, on peut
# aussi relancer une étape interrompue. Décision go / no-go prise par un responsable
# nommé, à une heure limite fixée.
#
# **2. Communication aux utilisateurs** (message avant, et note de version après) :
#
# - `code_postal` devient un **texte** à cinq chiffres : les filtres numériques
#   (`code_postal = 1000`, `BETWEEN 1000 AND 1999`) et les tris numériques sont à
#   réécrire (`code_postal = '01000'`, `LIKE '01%'`) ; les clients de l'Ain, de l'Aisne…
#   apparaissent enfin avec le bon code ; Excel doit importer la colonne en texte ;
# - nouvel axe d'analyse **moyen de paiement** : « Inconnu » = ventes avant le 1er mars
#   2023 (paiements non archivés), « Plusieurs moyens » = commandes payées en plusieurs
#   fois ; les comparaisons entre moyens se font donc à partir de mars 2023 ;
# - les clients ont des versions nouvelles depuis le 1er octobre (déménagements enfin
#   chargés) : les ventes par ville d'octobre à décembre 2024 peuvent bouger ;
# - **aucun** chiffre d'affaires historique ne change (recette jointe) ; date de mise en
#   service et contact en cas de doute.
#
# **3. Risques et parades** :
#
# - un rapport ou un outil de BI qui suppose un code postal numérique casse : inventaire
#   des requêtes qui utilisent la colonne, test des principaux tableaux de bord en
#   recette ;
# - la source v2 change encore ou envoie des codes mal formés (4 chiffres, espaces) :
#   contrôle de format à l'entrée (`^\d{5}$`), lots en erreur mis en quarantaine ;
# - écart entre test et production (données arrivées depuis la copie) : refaire la copie
#   et la recette juste avant la mise en production ;
# - le membre « Inconnu » mal compris (lu comme un moyen de paiement) : libellé explicite
#   et note dans le dictionnaire de données ;
# - RGPD : l'historique des codes postaux est une donnée personnelle ; la migration ne
#   doit pas élargir les accès ni la durée de conservation (droits inchangés, purge
#   existante appliquée aux nouvelles versions).
# ### END SOLUTION

# %% [markdown]
# ---
# ## Récapitulatif
#
# | besoin | outil | piège à éviter |
# |---|---|---|
# | faire évoluer sans casser | environnement de test copié de la production, production en lecture seule | « un petit correctif » appliqué directement en production |
# | prouver que rien n'a cassé | suite de non-régression écrite **avant** : volumes, montants, invariants SCD, clés orphelines, historique | un test qui ne peut pas échouer (essayez-le sur une copie abîmée) |
# | changer un type | `ALTER TABLE … SET DATA TYPE … USING expression` | `CAST` qui perd le zéro initial ; reconstruire la dimension et perdre les versions |
# | absorber un changement de source | adapter le mapping du chargement, pas le modèle | comparer des valeurs de formats différents (fausses versions) |
# | nouveau besoin, nouvelle dimension | dimension + clé dans les faits calculée au bon grain + membres spéciaux | joindre au mauvais grain (lignes dupliquées), laisser des clés `NULL` |
# | migration relançable | `CREATE OR REPLACE`, `ADD COLUMN IF NOT EXISTS`, journal des lots | un script qui échoue ou double les données à la seconde exécution |
# | décider | bilan de recette, plan de retour arrière, communication | découvrir le changement de type par un rapport cassé le lundi matin |
#
# Pour la certification, cette mise en situation mobilise tout le bloc 3 : **C13** (où
# placer une information nouvelle dans l'étoile, à quel grain), **C14** (construire la
# dimension et la requête), **C15** (adapter le flux d'entrée), **C16** (évolution
# structurelle, recette, plan de mise en production) et **C17** (garder l'historique
# juste). Le jury attend que chaque décision soit **justifiée** et chaque résultat
# **prouvé** par un test.

# %% [markdown]
# ## Pour aller plus loin
#
# - **Migrations versionnées** : écrivez les trois changements comme des fichiers
#   numérotés (`V2__code_postal_texte.sql`, `V3__dim_paiement.sql`) et une table
#   `schema_version` qui dit lesquels sont appliqués, à la manière de Flyway, Liquibase ou
#   Alembic (lab d'administration du bloc 3).
# - **Vue de compatibilité** : pour laisser aux utilisateurs le temps de migrer leurs
#   requêtes, publiez une vue `v_dim_client_v1` qui expose encore l'ancien format, et
#   datez son retrait.
# - **Grain de la commande** : au lieu d'un membre « Plusieurs moyens », une table de
#   faits des **paiements** (grain : un paiement) et une table de pont ; quelles
#   questions chacune permet-elle de répondre ?
# - **dbt** : les mêmes tests de non-régression s'écrivent en tests dbt
#   (`unique`, `not_null`, `relationships`, tests personnalisés) ; voyez le lab dbt du
#   bloc 3.
# - **Références** : Ralph Kimball et Margy Ross, *The Data Warehouse Toolkit*, 3e
#   édition, chapitre 5 (changements de dimension) et « Graceful extensions to dimensional
#   models » ; documentation de `ALTER TABLE` dans DuckDB
#   (<https://duckdb.org/docs/sql/statements/alter_table>).
