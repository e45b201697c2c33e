# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Alimenter l'entrepôt et servir ses consommateurs : les ETL en entrée et en sortie
#
# **Bloc BC03** — Élaborer et maintenir un entrepôt de données
#
# **Compétence évaluée : C15** — Intégrer les ETL nécessaires en entrée et en sortie d'un
# entrepôt de données afin de garantir la qualité et le bon formatage des données en
# respectant les modélisations logiques et physiques préalablement établies.
#
# | | |
# |---|---|
# | Durée indicative | 4 heures |
# | Barème | 21 points : 18 corrigés automatiquement (8 exercices), 3 corrigés par votre formateur ou formatrice (1 question ouverte) |
# | Outils | Python, DuckDB (l'entrepôt), pandas, Parquet, CSV |
#
# ## Comment travailler dans ce lab
#
# Ce notebook est à la fois **le cours et le lab** : chaque partie commence par une courte
# leçon avec des exemples à exécuter, puis vient un exercice.
#
# - Exécutez les cellules **dans l'ordre**, de haut en bas (`Maj + Entrée`).
# - Chaque exercice comporte une **cellule réponse**, qui contient
#   `raise NotImplementedError(...)` : remplacez cette ligne par votre réponse.
#   Ne renommez pas les fonctions demandées (`quality_gate`, `load_batch`…) : le
#   correcteur les utilise.
# - Juste après vient une **cellule de test**, verrouillée : exécutez-la. Si elle
#   s'exécute sans erreur, les vérifications visibles sont passées. D'autres vérifications,
#   **cachées**, seront faites à la correction : un test visible réussi est bon signe,
#   mais ce n'est pas encore la note finale.
# - Les tests appellent vos fonctions sur des **entrepôts neufs, en mémoire**, avec des
#   lots piégés (lot relancé, lot en retard, lot faux) : votre fonction doit marcher sur
#   n'importe quel lot, pas seulement sur ceux du notebook.
# - Les exercices s'enchaînent : `load_batch` (exercice 5) appelle vos fonctions des
#   exercices 1 à 3. Faites-les dans l'ordre.
# - Un message d'erreur n'est pas un échec : il vous dit ce qui ne va pas (en français),
#   sans jamais donner la réponse. Lisez-le, corrigez, réessayez.
# - Avant de rendre votre travail : menu *Kernel* → *Restart Kernel and Run All Cells*,
#   puis bouton *Validate*.

# %% [markdown]
# ## Contexte
#
# Vous êtes data engineer chez **Panier Vert**, une chaîne fictive d'épiceries bio
# françaises (magasins et boutique en ligne). Au lab précédent, vous avez construit
# l'entrepôt DuckDB en une fois : dimensions avec **clés de substitution** (`*_key`),
# **membre inconnu** `-1`, table de faits `fait_ventes` au grain **une ligne de
# commande**. Il faut maintenant l'**alimenter chaque nuit**, sans intervention, et
# **servir** ceux qui le lisent.
#
# Chaque nuit, l'extraction dépose un **lot** : les lignes de commande de la veille. Un lot
# est un dictionnaire Python :
#
# | clé | contenu |
# |---|---|
# | `"id_lot"` | identifiant du lot, `"ventes_AAAAMMJJ"` (le jour des ventes) |
# | `"lignes"` | un `DataFrame` pandas, une ligne par ligne de commande (colonnes ci-dessous) |
# | `"nb_lignes"` | le **bordereau** envoyé par la source : le nombre de lignes qu'elle a extraites… |
# | `"montant_net_eur"` | … et la somme de leurs montants nets, en euros |
#
# Les colonnes de `lot["lignes"]` (la liste `COLONNES_LOT`) :
#
# | colonne | type | sens |
# |---|---|---|
# | `order_id`, `line_no` | entiers | la clé du **grain** : une ligne de commande |
# | `ordered_at` | date-heure | moment de la commande (heure locale du ticket) |
# | `channel` | texte | `'magasin'` ou `'eshop'` |
# | `store_id` | entier, `NULL` possible | le magasin (`NULL` pour la boutique en ligne) |
# | `product_id` | entier | le produit |
# | `quantity` | réel | quantité (en kg pour les produits au poids) |
# | `unit_price_eur`, `discount_eur` | réels | prix unitaire et remise sur la ligne, en euros |
#
# Le **montant net** d'une ligne vaut `quantity * unit_price_eur - discount_eur`.
#
# Le monde réel n'arrive pas en ordre : un magasin dont la liaison réseau était coupée
# envoie son lot **en retard** ; un produit créé au siège arrive dans la dimension
# **après** ses premières ventes ; un lot est **relancé** après une panne ; un lot arrive
# **faux** (doublé, tronqué). Votre chaîne doit tout encaisser, **sans rien perdre en
# silence** et **sans rien compter deux fois**.
#
# Les données sont **synthétiques** (générées par le cours).

# %% [markdown]
# ## Objectifs
#
# À la fin de ce lab, vous saurez :
#
# 1. écrire des **portes qualité** bloquantes sur un lot (volume, unicité du grain,
#    rapprochement avec le bordereau de la source) ;
# 2. mettre des lignes en **quarantaine** avec leur motif, sans rien perdre (lignes lues =
#    lignes chargées + lignes en quarantaine) ;
# 3. charger des faits de façon **incrémentale et idempotente** (relancer ne change rien),
#    y compris un lot **en retard** ;
# 4. traiter une **dimension en retard** : membre inconnu, puis réparation ;
# 5. tenir une **table d'audit** des chargements ;
# 6. servir les consommateurs : un **magasin de données** agrégé, une **vue** pour les
#    outils BI, un export **Parquet** partitionné par mois et un export **CSV** lisible
#    par un Excel français.
#
# ## Prérequis
#
# - Le lab `bc03_02_construction` (clés de substitution, membre inconnu, `fait_ventes`).
# - SQL : jointures, `GROUP BY`, `INSERT`, `UPDATE` ; Python : écrire une fonction,
#   manipuler un `DataFrame`.
# - La leçon C15 du cours (« Les ETL en entrée et en sortie »).

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
dossier_sortie = "sortie"  # folder where the lab writes the warehouse and the exports
nb_jours_charges = 40  # number of daily batches loaded by the nightly loop (part 6)
apercu_lignes = 5  # number of rows shown when previewing a result

# %% [markdown]
# La cellule suivante (verrouillée) lit les données de Panier Vert, puis définit :
#
# - `creer_entrepot(con)` : crée dans une connexion DuckDB **vide** les tables de
#   l'entrepôt : `dim_magasin`, `dim_produit`, `fait_ventes` (vide), et le schéma `audit`
#   avec `audit.etl_chargement` (vide) et `audit.quarantaine` (vide) ;
# - `fabriquer_lot(jour)` : le lot d'un jour (un `datetime.date`), bordereau compris ;
# - `recevoir_produits(con, ids)` : l'arrivée **tardive** de fiches produits dans
#   `dim_produit` ;
# - `jours` : la liste des jours de vente, dans l'ordre ; `produits_en_retard` : les
#   produits absents de `dim_produit` au départ ;
# - `con` : l'entrepôt du notebook, un fichier neuf `sortie/entrepot_etl.duckdb`.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import datetime as dt
import math  # noqa: F401 (available to learners: math.isclose)
import shutil
import warnings
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from labkit import checks
from labkit.datasets import paniervert

warnings.filterwarnings("ignore", category=ResourceWarning)

COLONNES_LOT = [
    "order_id", "line_no", "ordered_at", "channel", "store_id",
    "product_id", "quantity", "unit_price_eur", "discount_eur",
]

_orders = paniervert.load("orders", scale, seed)
_lines = paniervert.load("order_lines", scale, seed)
_products = paniervert.load("products", scale, seed)
_stores = paniervert.load("stores", scale, seed)

ventes_source = (
    _lines.merge(_orders[["order_id", "ordered_at", "channel", "store_id"]], on="order_id")
    .loc[:, COLONNES_LOT]
    .sort_values(["order_id", "line_no"])
    .reset_index(drop=True)
)
ventes_source["store_id"] = ventes_source["store_id"].astype("float64")
ventes_source["channel"] = ventes_source["channel"].astype(object)
ventes_source["jour"] = ventes_source["ordered_at"].dt.date
jours = sorted(ventes_source["jour"].unique())
# Days with enough lines for the tests that alter several lines of one batch.
_par_jour = ventes_source.groupby("jour").size()
jours_riches = [j for j in jours if _par_jour[j] >= 12]

# Products sold on the third day that the dimension only receives later (late dimension).
produits_en_retard = sorted(
    ventes_source.loc[ventes_source["jour"] == jours[2], "product_id"].unique()
)[:2]
produits_en_retard = [int(p) for p in produits_en_retard]


def montant_net(lignes):
    """Net amount of each line: quantity * unit price - discount."""
    return lignes["quantity"] * lignes["unit_price_eur"] - lignes["discount_eur"]


def fabriquer_lot(jour, lignes=None):
    """The batch of one day, with the source's control totals (bordereau)."""
    if lignes is None:
        lignes = ventes_source.loc[ventes_source["jour"] == jour, COLONNES_LOT]
    lignes = lignes.reset_index(drop=True).copy()
    return {
        "id_lot": f"ventes_{jour:%Y%m%d}",
        "lignes": lignes,
        "nb_lignes": len(lignes),
        "montant_net_eur": round(float(montant_net(lignes).sum()), 2),
    }


def creer_entrepot(con):
    """Create the warehouse tables in an empty DuckDB connection."""
    con.execute("SET enable_progress_bar = false")
    stores = _stores.sort_values("store_code")[["store_id", "store_code", "name", "city"]]
    con.register("_src_stores", stores)
    con.execute("""
        CREATE TABLE dim_magasin AS
        SELECT CAST(row_number() OVER (ORDER BY store_code) AS INTEGER) AS magasin_key,
               CAST(store_id AS INTEGER) AS store_id, store_code AS code_magasin,
               name AS nom_magasin, city AS ville
        FROM _src_stores
        UNION ALL SELECT -1, NULL, 'Inconnu', 'Inconnu', 'Inconnu'
        UNION ALL SELECT -2, NULL, 'Sans objet', 'Boutique en ligne', 'Sans objet'
    """)
    con.unregister("_src_stores")
    con.execute("CREATE SEQUENCE seq_produit START 1")
    con.execute("""
        CREATE TABLE dim_produit (
            produit_key INTEGER PRIMARY KEY DEFAULT nextval('seq_produit'),
            product_id  BIGINT,
            nom_produit VARCHAR,
            rayon       VARCHAR
        )
    """)
    con.execute("INSERT INTO dim_produit VALUES (-1, NULL, 'Inconnu', 'Inconnu')")
    connus = _products.loc[~_products["product_id"].isin(produits_en_retard)]
    connus = connus.sort_values("product_id")[["product_id", "name", "category"]]
    con.register("_src_products", connus)
    con.execute(
        "INSERT INTO dim_produit (product_id, nom_produit, rayon) "
        "SELECT product_id, name, category FROM _src_products ORDER BY product_id"
    )
    con.unregister("_src_products")
    con.execute("""
        CREATE TABLE fait_ventes (
            order_id          BIGINT  NOT NULL,
            line_no           INTEGER NOT NULL,
            date_key          INTEGER NOT NULL,
            magasin_key       INTEGER NOT NULL,
            produit_key       INTEGER NOT NULL,
            product_id        BIGINT,
            quantite          DOUBLE,
            prix_unitaire_eur DOUBLE,
            remise_eur        DOUBLE,
            montant_net_eur   DOUBLE,
            id_lot            VARCHAR NOT NULL,
            PRIMARY KEY (order_id, line_no)
        )
    """)
    con.execute("CREATE SCHEMA audit")
    con.execute("""
        CREATE TABLE audit.etl_chargement (
            id_execution       INTEGER PRIMARY KEY,
            id_lot             VARCHAR NOT NULL,
            debut              TIMESTAMP NOT NULL,
            fin                TIMESTAMP,
            statut             VARCHAR NOT NULL,
            lignes_lues        INTEGER,
            lignes_chargees    INTEGER,
            lignes_quarantaine INTEGER,
            message            VARCHAR
        )
    """)
    con.execute("""
        CREATE TABLE audit.quarantaine (
            id_lot         VARCHAR NOT NULL,
            order_id       BIGINT,
            line_no        INTEGER,
            ordered_at     TIMESTAMP,
            channel        VARCHAR,
            store_id       BIGINT,
            product_id     BIGINT,
            quantity       DOUBLE,
            unit_price_eur DOUBLE,
            discount_eur   DOUBLE,
            motif          VARCHAR NOT NULL
        )
    """)
    return con


def recevoir_produits(con, ids):
    """Late-arriving dimension: the product records of `ids` finally reach dim_produit."""
    arrivants = _products.loc[_products["product_id"].isin(list(ids))].sort_values("product_id")
    con.register("_arrivants", arrivants[["product_id", "name", "category"]])
    con.execute(
        "INSERT INTO dim_produit (product_id, nom_produit, rayon) "
        "SELECT product_id, name, category FROM _arrivants "
        "WHERE product_id NOT IN (SELECT product_id FROM dim_produit WHERE product_id IS NOT NULL) "
        "ORDER BY product_id"
    )
    con.unregister("_arrivants")


def faits_fictifs(con, jours_choisis, nb_par_jour=6, premier_order_id=1):
    """Insert made-up fact rows for some days (test data for the outputs, not an ETL)."""
    rng = np.random.default_rng(seed + premier_order_id)
    magasins = [k for (k,) in con.execute("SELECT magasin_key FROM dim_magasin ORDER BY 1").fetchall()]
    produits = con.sql("SELECT produit_key, product_id FROM dim_produit ORDER BY 1 LIMIT 40").df()
    lignes = []
    order_id = premier_order_id
    for jour in jours_choisis:
        for i in range(nb_par_jour):
            produit = produits.iloc[0 if i == 0 else int(rng.integers(1, len(produits)))]
            quantite = float(rng.integers(1, 5))
            prix = round(float(rng.uniform(0.5, 30)), 2)
            remise = 0.5 if i % 3 == 0 else 0.0
            lignes.append({
                "order_id": order_id, "line_no": 1,
                "date_key": jour.year * 10000 + jour.month * 100 + jour.day,
                "magasin_key": int(rng.choice(magasins)),
                "produit_key": int(produit["produit_key"]), "product_id": produit["product_id"],
                "quantite": quantite, "prix_unitaire_eur": prix, "remise_eur": remise,
                "montant_net_eur": round(quantite * prix - remise, 2), "id_lot": "fictif",
            })
            order_id += 1
    con.register("_fictifs", pd.DataFrame(lignes))
    con.execute("INSERT INTO fait_ventes SELECT * FROM _fictifs")
    con.unregister("_fictifs")


def entrepot_neuf():
    """A fresh in-memory warehouse (the test cells use it)."""
    return creer_entrepot(duckdb.connect())


sortie = Path(dossier_sortie)
sortie.mkdir(exist_ok=True)
(sortie / "exports").mkdir(exist_ok=True)
if "con" in globals():
    globals()["con"].close()
chemin_entrepot = sortie / "entrepot_etl.duckdb"
chemin_entrepot.unlink(missing_ok=True)
con = creer_entrepot(duckdb.connect(str(chemin_entrepot)))
print(f"{len(ventes_source)} lignes de vente sur {len(jours)} jours, du {jours[0]} au {jours[-1]}")
print("Produits en retard dans la dimension :", produits_en_retard)

# %% [markdown]
# ---
# ## Partie 1 — Un lot, et les portes qualité qui l'arrêtent
#
# Voici le lot du premier jour. Le **bordereau** (`nb_lignes`, `montant_net_eur`) est
# calculé par la source au moment de l'extraction : il voyage avec le lot, comme le
# bordereau d'un colis. Si ce qui arrive ne correspond pas au bordereau, le lot a été
# **tronqué ou doublé en route**.

# %%
lot = fabriquer_lot(jours[0])
print(lot["id_lot"], lot["nb_lignes"], "lignes annoncées,", lot["montant_net_eur"], "€ annoncés")
lot["lignes"].head(apercu_lignes)

# %% [markdown]
# Une **porte qualité bloquante** contrôle le lot **entier**, avant qu'il ne touche les
# tables publiées. Si elle échoue, on ne charge **rien** : l'entrepôt reste dans l'état de
# la veille, une alerte part, et le lot est rejoué une fois corrigé. Mieux vaut des
# chiffres d'hier que des chiffres faux au comité de direction.
#
# Exemple : le contrôle du **volume** et du **grain** en SQL, DuckDB lisant directement
# le `DataFrame` (on l'enregistre sous un nom avec `con.register`) :

# %%
con.register("lot_courant", lot["lignes"])
con.sql("""
    SELECT COUNT(*) AS nb_lignes,
           COUNT(*) - COUNT(DISTINCT (order_id, line_no)) AS doublons_grain,
           ROUND(SUM(quantity * unit_price_eur - discount_eur), 2) AS montant_net_eur
    FROM lot_courant
""").df()

# %% [markdown]
# ### Exercice 1 — La porte qualité du lot (2 points)
#
# Écrivez une fonction `quality_gate(con, lot)` qui reçoit une connexion DuckDB (utilisez-la
# si vous voulez travailler en SQL, sinon ignorez-la) et un lot, et renvoie la **liste des
# codes** des contrôles bloquants qui échouent (une `list` de `str`, vide si le lot est
# bon). Les contrôles, **dans cet ordre** (chaque code au plus une fois) :
#
# | code | le contrôle échoue si… |
# |---|---|
# | `"schema"` | une colonne de `COLONNES_LOT` manque dans `lot["lignes"]` ; dans ce cas, renvoyez `["schema"]` **seul** (les autres contrôles sont impossibles) |
# | `"volume"` | le lot n'a aucune ligne |
# | `"doublons"` | un couple `(order_id, line_no)` apparaît plus d'une fois |
# | `"reconciliation"` | le nombre de lignes diffère de `lot["nb_lignes"]`, **ou** la somme des montants nets (lignes où il est calculable, les `NULL` sont ignorés) s'écarte de `lot["montant_net_eur"]` de **plus de 0,01 €** |
#
# Les valeurs individuelles (quantité négative, produit manquant…) ne sont **pas** des
# contrôles bloquants : elles relèvent de la quarantaine (exercice 2).
#
# > **Indice** : `set(COLONNES_LOT) - set(lignes.columns)` ; `lignes.duplicated([...]).any()` ;
# > `math.isclose` ou `abs(a - b) > 0.01`. Attention : un lot vide a un montant de 0.

# %% nbgrader={"grade": false, "grade_id": "ex01_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def quality_gate(con, lot):
    """Blocking checks on a whole batch: the list of failed check codes (empty if fine)."""
    lignes = lot["lignes"]
    if set(COLONNES_LOT) - set(lignes.columns):
        return ["schema"]
    echecs = []
    if len(lignes) == 0:
        echecs.append("volume")
    if lignes.duplicated(["order_id", "line_no"]).any():
        echecs.append("doublons")
    total = float(montant_net(lignes).sum()) if len(lignes) else 0.0
    if len(lignes) != lot["nb_lignes"] or abs(total - lot["montant_net_eur"]) > 0.01:
        echecs.append("reconciliation")
    return echecs
### END SOLUTION
quality_gate(con, lot)

# %% labkit={"competences": ["C15"]} nbgrader={"grade": true, "grade_id": "ex01_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 1 : un bon lot passe, un lot doublé en route est arrêté, un lot sans colonne aussi."""
_bon = fabriquer_lot(jours[1])
_res = checks.learner_call("quality_gate(con, bon lot)", quality_gate, con, _bon)
assert isinstance(_res, list), "quality_gate doit renvoyer une liste (list) de codes."
assert _res == [], f"Un lot intact ne doit échouer à aucun contrôle ; votre fonction renvoie {_res}."
_double = dict(_bon, lignes=pd.concat([_bon["lignes"], _bon["lignes"]], ignore_index=True))
_res = checks.learner_call("quality_gate(con, lot doublé)", quality_gate, con, _double)
assert isinstance(_res, list) and len(_res) > 0, (
    "Un lot envoyé deux fois (toutes ses lignes en double) doit être arrêté."
)
_sans = dict(_bon, lignes=_bon["lignes"].drop(columns=["quantity"]))
_res = checks.learner_call("quality_gate(con, lot sans colonne quantity)", quality_gate, con, _sans)
assert _res == ["schema"], (
    f"Il manque une colonne au lot : attendu le seul code du contrôle de schéma ; vous renvoyez {_res}."
)
### BEGIN HIDDEN TESTS
_d = _double["lignes"]
assert quality_gate(con, _double) == ["doublons", "reconciliation"], "Un lot doublé en route doit échouer aux contrôles des doublons et de la réconciliation."
# duplicated grain but the bordereau matches the (duplicated) content
assert quality_gate(con, fabriquer_lot(jours[1], _d)) == ["doublons"], "Un grain en double doit être signalé, même si le bordereau correspond."
# truncated batch: one line lost in transit
_tronque = dict(_bon, lignes=_bon["lignes"].iloc[1:])
assert quality_gate(con, _tronque) == ["reconciliation"], "Un lot tronqué (une ligne perdue en route) doit échouer à la réconciliation."
# same row count, one amount altered by more than one cent
_alt = _bon["lignes"].copy()
_alt.loc[0, "discount_eur"] = _alt.loc[0, "discount_eur"] + 0.05
assert quality_gate(con, dict(_bon, lignes=_alt)) == ["reconciliation"], "Un lot dont un montant a changé en route (même nombre de lignes) doit échouer à la réconciliation."
# a rounding difference below one cent is not a failure
_alt2 = _bon["lignes"].copy()
_alt2.loc[0, "discount_eur"] = _alt2.loc[0, "discount_eur"] + 0.004
assert quality_gate(con, dict(_bon, lignes=_alt2)) == [], "Un écart de moins d'un centime sur le montant ne doit pas arrêter le lot."
# empty batch whose bordereau says 0
_vide = fabriquer_lot(jours[1], _bon["lignes"].iloc[0:0])
assert quality_gate(con, _vide) == ["volume"], "Un lot vide doit échouer au seul contrôle du volume s'il est annoncé vide."
_vide2 = dict(_bon, lignes=_bon["lignes"].iloc[0:0])
assert quality_gate(con, _vide2) == ["volume", "reconciliation"], "Un lot vide annoncé avec des lignes échoue au volume et à la réconciliation."
# negative quantity announced by the source: quarantine matter, not blocking
_neg = _bon["lignes"].copy()
_neg.loc[0, "quantity"] = -2.0
assert quality_gate(con, fabriquer_lot(jours[1], _neg)) == [], "Une quantité négative annoncée par la source relève de la quarantaine, pas d'un contrôle bloquant."
# a null amount is ignored in the sum
_nul = _bon["lignes"].copy()
_nul.loc[0, "unit_price_eur"] = float("nan")
assert quality_gate(con, fabriquer_lot(jours[1], _nul)) == [], "Les montants NULL sont ignorés dans la somme : ils ne doivent pas faire échouer le lot."
_extra = _bon["lignes"].assign(commentaire="x")
assert quality_gate(con, fabriquer_lot(jours[1], _extra)) == [], "Une colonne en plus dans le lot ne doit pas faire échouer le contrôle de schéma."
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 2 — La quarantaine : rien n'est jeté en silence
#
# Une ligne isolée fausse (quantité négative, prix nul) n'est pas une raison d'arrêter
# tout le lot : on la met **de côté**, dans une table de **quarantaine**, avec le **motif**,
# pour que quelqu'un la revoie, la corrige et la réinjecte. La règle d'or :
#
# > **lignes lues = lignes chargées + lignes en quarantaine.**
#
# Une ligne qui disparaît sans trace est la pire des erreurs : personne ne la cherchera.
# Exemple avec pandas : un masque booléen sépare les lignes.

# %%
_demo = lot["lignes"].head(4).copy()
_demo.loc[1, "quantity"] = 0
masque_suspect = _demo["quantity"] <= 0
print(len(_demo), "=", (~masque_suspect).sum(), "+", masque_suspect.sum())
_demo.loc[masque_suspect]

# %% [markdown]
# ### Exercice 2 — Séparer les lignes valides de la quarantaine (2 points)
#
# Écrivez une fonction `separer_lignes(lot)` qui renvoie un couple `(valides, quarantaine)`
# de deux `DataFrame` :
#
# - `valides` : les lignes du lot qui passent toutes les règles, avec exactement les
#   colonnes `COLONNES_LOT` ;
# - `quarantaine` : les autres, avec les colonnes `COLONNES_LOT` **plus** une colonne
#   `motif` (texte) ;
# - chaque ligne du lot est dans l'un des deux, **une seule fois**.
#
# Les règles, **dans cet ordre** (une ligne qui enfreint plusieurs règles prend le motif
# de la **première**) :
#
# | motif | la ligne est en quarantaine si… |
# |---|---|
# | `"produit_manquant"` | `product_id` est `NULL` |
# | `"quantite_invalide"` | `quantity` est `NULL` ou `<= 0` |
# | `"prix_invalide"` | `unit_price_eur` est `NULL` ou `<= 0` |
#
# Un produit **inconnu de la dimension** n'est **pas** un motif de quarantaine : c'est une
# dimension en retard (partie 4).
#
# > **Indice** : `numpy.select` ou des affectations successives d'une colonne `motif`
# > dans l'ordre **inverse** des règles ; attention, `NaN <= 0` vaut `False`.

# %% nbgrader={"grade": false, "grade_id": "ex02_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def separer_lignes(lot):
    """Split a batch into (valid rows, quarantined rows with their reason)."""
    lignes = lot["lignes"].loc[:, COLONNES_LOT].copy()
    motif = pd.Series(pd.NA, index=lignes.index, dtype="object")
    regles = [
        ("prix_invalide", ~(lignes["unit_price_eur"] > 0)),
        ("quantite_invalide", ~(lignes["quantity"] > 0)),
        ("produit_manquant", lignes["product_id"].isna()),
    ]
    for nom, masque in regles:  # reverse order: the first rule wins
        motif[masque] = nom
    en_quarantaine = motif.notna()
    quarantaine = lignes.loc[en_quarantaine].assign(motif=motif[en_quarantaine].astype(str))
    return lignes.loc[~en_quarantaine], quarantaine
### END SOLUTION
valides, quarantaine = separer_lignes(lot)
print(len(lot["lignes"]), "=", len(valides), "+", len(quarantaine))

# %% labkit={"competences": ["C15"]} nbgrader={"grade": true, "grade_id": "ex02_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 2 : colonnes, aucune ligne perdue ni dupliquée, motifs des règles."""
_l = fabriquer_lot(jours_riches[3])["lignes"].copy()
_l.loc[0, "quantity"] = -1.0
_l.loc[1, "unit_price_eur"] = 0.0
_piege = fabriquer_lot(jours_riches[3], _l)
_res = checks.learner_call("separer_lignes(lot)", separer_lignes, _piege)
assert isinstance(_res, tuple) and len(_res) == 2, "separer_lignes doit renvoyer un couple (valides, quarantaine)."
_v, _q = _res
checks.assert_columns(_v, COLONNES_LOT, label="valides")
checks.assert_columns(_q, COLONNES_LOT + ["motif"], label="quarantaine")
assert len(_v) + len(_q) == len(_l), (
    f"Lignes lues : {len(_l)} ; valides + quarantaine : {len(_v)} + {len(_q)}. "
    "Aucune ligne ne doit être perdue ni comptée deux fois."
)
assert len(_q) >= 2, "La quantité négative et le prix nul de ce lot doivent partir en quarantaine."
### BEGIN HIDDEN TESTS
_l = fabriquer_lot(jours_riches[3])["lignes"].copy()
_l["product_id"] = _l["product_id"].astype("float64")
_l.loc[0, "quantity"] = -1.0
_l.loc[1, "unit_price_eur"] = 0.0
_l.loc[2, "product_id"] = float("nan")
_l.loc[2, "quantity"] = -3.0  # two rules: the first wins
_l.loc[3, "quantity"] = float("nan")
_l.loc[4, "unit_price_eur"] = float("nan")
_l.loc[5, "quantity"] = 0.0
_l.loc[5, "unit_price_eur"] = -1.0
_l.loc[6, "product_id"] = 999999  # unknown product: not quarantined
_v, _q = separer_lignes(fabriquer_lot(jours_riches[3], _l))
_motifs = dict(zip(_q["line_no"].astype(int).astype(str) + "/" + _q["order_id"].astype(str), _q["motif"], strict=True))
_exp = {}
for _i, _m in [(0, "quantite_invalide"), (1, "prix_invalide"), (2, "produit_manquant"),
               (3, "quantite_invalide"), (4, "prix_invalide"), (5, "quantite_invalide")]:
    _exp[f"{int(_l.loc[_i, 'line_no'])}/{_l.loc[_i, 'order_id']}"] = _m
assert _motifs == _exp, f"Motifs attribués (ligne/commande : motif) : {_motifs} ; vérifiez l'ordre des règles et les valeurs NULL."
assert len(_v) == len(_l) - 6 and 999999 in set(_v["product_id"]), "Les lignes valides (y compris un produit inconnu de la dimension) doivent toutes être gardées."
assert not _v.duplicated(["order_id", "line_no"]).any(), "Une ligne valide apparaît plusieurs fois dans valides."
_v, _q = separer_lignes(fabriquer_lot(jours_riches[3]))
assert len(_q) == 0 and len(_v) == len(fabriquer_lot(jours_riches[3])["lignes"]), "Un lot propre ne doit rien mettre en quarantaine."
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 3 — Charger les faits de façon idempotente
#
# Un traitement est **idempotent** si l'exécuter deux fois sur le même lot donne le même
# résultat que l'exécuter une fois. Après une panne à 3 h du matin, on **relance**, sans se
# demander ce qui avait déjà été écrit. Un `INSERT` simple relancé **double** les ventes ;
# deux techniques fondées sur la **clé du grain** `(order_id, line_no)` ne le font pas :
#
# - **fusionner** : `INSERT INTO … ON CONFLICT (order_id, line_no) DO UPDATE SET …`
#   (ou `MERGE INTO`) : une ligne déjà présente est mise à jour, une nouvelle est insérée ;
# - **remplacer la partition du lot** : dans une transaction, `DELETE … WHERE id_lot = ?`
#   puis `INSERT`.
#
# Un lot **en retard** (les ventes du 3 arrivent après celles du 5) ne pose alors aucun
# problème, à condition de calculer `date_key` depuis **la date de la vente**
# (`ordered_at`), jamais depuis la date du chargement.
#
# Rappel des tables de l'entrepôt :

# %%
con.sql("DESCRIBE fait_ventes").df()[["column_name", "column_type"]]

# %%
con.sql("SELECT * FROM dim_magasin ORDER BY magasin_key").df()

# %%
con.sql("SELECT * FROM dim_produit ORDER BY produit_key").df().head(apercu_lignes)

# %% [markdown]
# Exemple d'`ON CONFLICT` sur une petite table : la seconde exécution met à jour la ligne
# au lieu de la dupliquer.

# %%
demo = duckdb.connect()
demo.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v INTEGER)")
for _ in range(2):
    demo.execute("INSERT INTO t VALUES (1, 10), (2, 20) ON CONFLICT (k) DO UPDATE SET v = excluded.v")
demo.sql("SELECT * FROM t").df()

# %% [markdown]
# ### Exercice 3 — Charger des lignes valides dans `fait_ventes` (3 points)
#
# Écrivez une fonction `charger_faits(con, valides, id_lot)` qui charge dans `fait_ventes`
# les lignes du `DataFrame` `valides` (colonnes `COLONNES_LOT`), de façon **idempotente** :
# la rappeler avec les mêmes lignes ne change rien ; la rappeler avec des lignes
# **corrigées** (même `(order_id, line_no)`, autres valeurs) **met à jour** les lignes
# existantes. Elle ne renvoie rien. Chaque colonne de `fait_ventes` :
#
# | colonne | valeur |
# |---|---|
# | `order_id`, `line_no`, `product_id` | recopiés du lot |
# | `date_key` | le jour de `ordered_at` au format entier `AAAAMMJJ` (`20240509`) |
# | `magasin_key` | `-2` si `channel = 'eshop'` ; sinon la clé de `dim_magasin` du `store_id` (`-1` si introuvable ou `NULL`) |
# | `produit_key` | la clé de `dim_produit` du `product_id` (`-1` si introuvable : **membre inconnu**) |
# | `quantite`, `prix_unitaire_eur`, `remise_eur` | `quantity`, `unit_price_eur`, `discount_eur` |
# | `montant_net_eur` | `quantity * unit_price_eur - discount_eur`, arrondi à 2 décimales (`ROUND(…, 2)`) |
# | `id_lot` | le paramètre `id_lot` (le lignage : quel lot a écrit la ligne) |
#
# > **Indice** : `con.register("v", valides)` rend le `DataFrame` lisible en SQL ;
# > `CAST(strftime(ordered_at, '%Y%m%d') AS INTEGER)` ; `LEFT JOIN` + `COALESCE(…, -1)` ;
# > `INSERT INTO fait_ventes (colonnes…) SELECT … ON CONFLICT (order_id, line_no) DO UPDATE
# > SET …`.

# %% nbgrader={"grade": false, "grade_id": "ex03_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def charger_faits(con, valides, id_lot):
    """Upsert valid batch rows into fait_ventes with surrogate key lookups."""
    con.register("_valides", valides)
    con.execute("""
        INSERT INTO fait_ventes (order_id, line_no, date_key, magasin_key, produit_key,
                                 product_id, quantite, prix_unitaire_eur, remise_eur,
                                 montant_net_eur, id_lot)
        SELECT v.order_id, v.line_no,
               CAST(strftime(v.ordered_at, '%Y%m%d') AS INTEGER),
               CASE WHEN v.channel = 'eshop' THEN -2 ELSE COALESCE(m.magasin_key, -1) END,
               COALESCE(p.produit_key, -1),
               v.product_id, v.quantity, v.unit_price_eur, v.discount_eur,
               ROUND(v.quantity * v.unit_price_eur - v.discount_eur, 2),
               ?
        FROM _valides v
        LEFT JOIN dim_magasin m ON m.store_id = v.store_id
        LEFT JOIN dim_produit p ON p.product_id = v.product_id
        ON CONFLICT (order_id, line_no) DO UPDATE SET
            date_key = excluded.date_key, magasin_key = excluded.magasin_key,
            produit_key = excluded.produit_key, product_id = excluded.product_id,
            quantite = excluded.quantite, prix_unitaire_eur = excluded.prix_unitaire_eur,
            remise_eur = excluded.remise_eur, montant_net_eur = excluded.montant_net_eur,
            id_lot = excluded.id_lot
    """, [id_lot])
    con.unregister("_valides")
### END SOLUTION
charger_faits(con, valides, lot["id_lot"])
con.sql("SELECT * FROM fait_ventes ORDER BY order_id, line_no").df().head(apercu_lignes)

# %% labkit={"competences": ["C15"]} nbgrader={"grade": true, "grade_id": "ex03_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 3 : toutes les lignes chargées, relancer ne double rien, clés trouvées ou -1."""
_c = entrepot_neuf()
_lot = fabriquer_lot(jours[1])
checks.learner_call("charger_faits (1re exécution)", charger_faits, _c, _lot["lignes"], _lot["id_lot"])
_n1 = _c.execute("SELECT COUNT(*) FROM fait_ventes").fetchall()[0][0]
assert _n1 == len(_lot["lignes"]), f"{len(_lot['lignes'])} lignes valides, {_n1} lignes dans fait_ventes."
checks.learner_call("charger_faits (lot relancé)", charger_faits, _c, _lot["lignes"], _lot["id_lot"])
_n2 = _c.execute("SELECT COUNT(*) FROM fait_ventes").fetchall()[0][0]
assert _n2 == _n1, f"Relancer le même lot fait passer fait_ventes de {_n1} à {_n2} lignes : le chargement n'est pas idempotent."
_orph = _c.execute("""
    SELECT COUNT(*) FROM fait_ventes f
    WHERE f.magasin_key NOT IN (SELECT magasin_key FROM dim_magasin)
       OR f.produit_key NOT IN (SELECT produit_key FROM dim_produit)
""").fetchall()[0][0]
assert _orph == 0, f"{_orph} lignes de faits ont une clé absente de sa dimension : pensez au membre -1."
_c.close()
### BEGIN HIDDEN TESTS
_c = entrepot_neuf()
_l3 = fabriquer_lot(jours[3])
_l2 = fabriquer_lot(jours[2])  # contains the late products
_l5 = _l3["lignes"].copy()
_l5.loc[0, "store_id"] = 9999.0
_l5.loc[0, "channel"] = "magasin"
# late batch: day 3 loaded before day 2
charger_faits(_c, _l5, _l3["id_lot"])
charger_faits(_c, _l2["lignes"], _l2["id_lot"])
charger_faits(_c, _l5, _l3["id_lot"])
_got = _c.sql("SELECT * FROM fait_ventes").df()
_all = pd.concat([_l5.assign(id_lot=_l3["id_lot"]), _l2["lignes"].assign(id_lot=_l2["id_lot"])], ignore_index=True)
_mag = _c.sql("SELECT store_id, magasin_key FROM dim_magasin WHERE store_id IS NOT NULL").df()
_prd = _c.sql("SELECT product_id, produit_key FROM dim_produit WHERE product_id IS NOT NULL").df()
_e = _all.merge(_mag, on="store_id", how="left").merge(_prd, on="product_id", how="left")
_exp = pd.DataFrame({
    "order_id": _e["order_id"], "line_no": _e["line_no"],
    "date_key": _e["ordered_at"].dt.year * 10000 + _e["ordered_at"].dt.month * 100 + _e["ordered_at"].dt.day,
    "magasin_key": _e["magasin_key"].where(_e["channel"] != "eshop", -2).fillna(-1),
    "produit_key": _e["produit_key"].fillna(-1), "product_id": _e["product_id"],
    "quantite": _e["quantity"], "prix_unitaire_eur": _e["unit_price_eur"], "remise_eur": _e["discount_eur"],
    "montant_net_eur": (_e["quantity"] * _e["unit_price_eur"] - _e["discount_eur"]).round(2),
    "id_lot": _e["id_lot"],
})
checks.assert_frame_matches(
    _got, _exp, atol=0.011,
    label="la table fait_ventes après un lot en retard, un magasin inconnu et un lot relancé",
)
assert (_got["produit_key"] == -1).sum() >= 1, "Les ventes de produits absents de dim_produit doivent pointer vers le membre inconnu -1."
# corrected batch: same keys, new values -> update
_corr = _l2["lignes"].copy()
_corr["discount_eur"] = _corr["discount_eur"] + 1.0
charger_faits(_c, _corr, _l2["id_lot"])
_s = _c.execute(f"SELECT SUM(remise_eur), COUNT(*) FROM fait_ventes WHERE id_lot = '{_l2['id_lot']}'").fetchall()[0]
assert abs(_s[0] - _corr["discount_eur"].sum()) < 1e-6 and _s[1] == len(_corr), "Un lot corrigé (mêmes lignes, autres valeurs) doit mettre à jour les faits existants."
_c.close()
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 4 — La dimension en retard : membre inconnu, puis réparation
#
# Les produits `produits_en_retard` ont été vendus avant que leur fiche n'arrive dans
# `dim_produit` (elle est saisie au siège, parfois avec quelques jours de retard). Rejeter
# leurs ventes fausserait le chiffre d'affaires : on les charge tout de suite avec le
# **membre inconnu** (`produit_key = -1`), en gardant dans le fait la **clé naturelle**
# `product_id`. Quand la fiche arrive, on **répare** les faits : c'est pour cela que
# `fait_ventes` garde `product_id`.
#
# (Autre technique vue en cours : créer tout de suite un **membre déduit**, une ligne de
# dimension « À compléter » que l'on complète plus tard.)

# %%
_lot_retard = fabriquer_lot(jours[2])
charger_faits(con, separer_lignes(_lot_retard)[0], _lot_retard["id_lot"])
con.sql("SELECT produit_key, product_id, COUNT(*) AS nb FROM fait_ventes WHERE produit_key = -1 GROUP BY ALL").df()

# %% [markdown]
# ### Exercice 4 — Réparer les faits rattachés au membre inconnu (2 points)
#
# Écrivez une fonction `reparer_membres_inconnus(con)` qui, dans `fait_ventes`, remplace
# `produit_key = -1` par la clé de `dim_produit` du même `product_id` **quand ce produit
# existe désormais** dans la dimension, et laisse les autres à `-1`. Elle renvoie le
# **nombre de lignes de faits réparées** (un `int`). La rappeler sans nouvel arrivant
# renvoie `0` et ne change rien.
#
# > **Indice** : `UPDATE fait_ventes AS f SET produit_key = p.produit_key FROM dim_produit
# > AS p WHERE …` ; comptez les lignes concernées avant la mise à jour, ou utilisez
# > `RETURNING`.

# %% nbgrader={"grade": false, "grade_id": "ex04_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def reparer_membres_inconnus(con):
    """Late-arriving dimension fix-up: re-point -1 facts to the now known products."""
    reparees = con.execute("""
        UPDATE fait_ventes AS f
        SET produit_key = p.produit_key
        FROM dim_produit AS p
        WHERE f.produit_key = -1 AND p.product_id = f.product_id AND p.produit_key > 0
        RETURNING f.order_id
    """).fetchall()
    return len(reparees)
### END SOLUTION
recevoir_produits(con, produits_en_retard)
print(reparer_membres_inconnus(con), "lignes réparées")
con.sql("SELECT COUNT(*) AS encore_inconnues FROM fait_ventes WHERE produit_key = -1").df()

# %% labkit={"competences": ["C15"]} nbgrader={"grade": true, "grade_id": "ex04_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 4 : après l'arrivée des fiches, plus aucun fait inconnu pour ces produits ; un int renvoyé."""
_c = entrepot_neuf()
_lot = fabriquer_lot(jours[2])
charger_faits(_c, _lot["lignes"], _lot["id_lot"])
recevoir_produits(_c, produits_en_retard)
_n = checks.learner_call("reparer_membres_inconnus(con)", reparer_membres_inconnus, _c)
assert isinstance(_n, int), f"La fonction doit renvoyer un int (nombre de lignes réparées), pas {type(_n).__name__}."
_reste = _c.execute("SELECT COUNT(*) FROM fait_ventes WHERE produit_key = -1").fetchall()[0][0]
assert _reste == 0, f"{_reste} lignes de faits restent au membre inconnu alors que leur produit est arrivé."
_c.close()
### BEGIN HIDDEN TESTS
_c = entrepot_neuf()
_lot = fabriquer_lot(jours[2])
_l = _lot["lignes"].copy()
_l.loc[0, "product_id"] = 888888  # never arrives
charger_faits(_c, _l, _lot["id_lot"])
_avant = _c.sql("SELECT * FROM fait_ventes ORDER BY order_id, line_no").df()
assert reparer_membres_inconnus(_c) == 0, "Avant l'arrivée des fiches, aucune ligne ne doit être réparée (renvoyez 0)."
recevoir_produits(_c, produits_en_retard[:1])
_attendu = int(_l["product_id"].isin(produits_en_retard[:1]).sum())
assert reparer_membres_inconnus(_c) == _attendu, "Le nombre renvoyé doit être celui des lignes réellement réparées."
assert reparer_membres_inconnus(_c) == 0, "Un second appel sans nouvel arrivant doit renvoyer 0."
recevoir_produits(_c, produits_en_retard)
assert reparer_membres_inconnus(_c) == int(_l["product_id"].isin(produits_en_retard[1:]).sum()), (
    "Après l'arrivée d'un second produit, le nombre renvoyé doit être celui des lignes réparées par cet appel."
)
_apres = _c.sql("SELECT f.*, p.product_id AS pid FROM fait_ventes f JOIN dim_produit p USING (produit_key) ORDER BY order_id, line_no").df()
assert len(_apres) == len(_avant), (
    f"fait_ventes avait {len(_avant)} lignes avant les réparations et en a {len(_apres)} après : "
    "la réparation doit modifier produit_key (UPDATE), sans ajouter ni supprimer de faits."
)
_k = _apres["produit_key"] > 0
assert (_apres.loc[_k, "pid"] == _apres.loc[_k, "product_id"]).all(), "Chaque fait réparé doit pointer vers la clé du même product_id."
assert (_apres["produit_key"] == -1).sum() == 1, "Un produit toujours absent de la dimension doit rester au membre -1."
_c.close()
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 5 — La chaîne complète et sa table d'audit
#
# Chaque exécution laisse une trace dans `audit.etl_chargement` : on y voit ce qui a été
# chargé, quand, avec quel résultat ; on y cherche le point de reprise après une panne ;
# on la montre à l'auditeur. Sa structure :

# %%
con.sql("DESCRIBE audit.etl_chargement").df()[["column_name", "column_type"]]

# %% [markdown]
# ### Exercice 5 — `load_batch` : porte, quarantaine, chargement, audit (3 points)
#
# Écrivez une fonction `load_batch(con, lot)` qui enchaîne vos fonctions et renvoie le
# **statut** (`"réussi"` ou `"échoué"`) :
#
# 1. noter l'heure de début ; lancer `quality_gate(con, lot)` ;
# 2. si des contrôles échouent : **ne rien écrire** dans `fait_ventes` ni dans
#    `audit.quarantaine` ; statut `"échoué"`, `message` = les codes joints par `", "`
#    (`"doublons, reconciliation"`), `lignes_chargees = 0`, `lignes_quarantaine = 0` ;
# 3. sinon : `separer_lignes(lot)` ; **remplacer** dans `audit.quarantaine` les lignes de ce
#    `id_lot` (supprimer les anciennes, insérer les nouvelles avec leur `id_lot`) ;
#    `charger_faits(con, valides, lot["id_lot"])` ; statut `"réussi"`, `message` `NULL`,
#    `lignes_chargees` = nombre de lignes valides, `lignes_quarantaine` = nombre de lignes
#    en quarantaine ;
# 4. dans les deux cas, **ajouter** une ligne à `audit.etl_chargement` : `id_execution` =
#    le plus grand existant + 1 (1 pour la première), `id_lot`, `debut`, `fin` (l'heure de
#    fin, `debut <= fin`), `statut`, `lignes_lues` = nombre de lignes du lot, et les
#    colonnes ci-dessus.
#
# Relancer un lot réussi ne change ni `fait_ventes` ni `audit.quarantaine`, et ajoute une
# ligne d'audit (chaque **exécution** est tracée).
#
# > **Indice** : `dt.datetime.now()` pour les heures ; `con.register` puis
# > `INSERT INTO audit.quarantaine SELECT ?, * FROM …` (l'ordre des colonnes de la table
# > est `id_lot` puis `COLONNES_LOT` puis `motif`). Pour aller plus loin : entourez
# > l'écriture de `con.begin()` / `con.commit()`.

# %% nbgrader={"grade": false, "grade_id": "ex05_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def load_batch(con, lot):
    """Quality gate, quarantine, idempotent fact load and audit row for one batch."""
    debut = dt.datetime.now()
    echecs = quality_gate(con, lot)
    lues = len(lot["lignes"])
    con.begin()
    if echecs:
        statut, message, chargees, mises_de_cote = "échoué", ", ".join(echecs), 0, 0
    else:
        valides, quarantaine = separer_lignes(lot)
        con.execute("DELETE FROM audit.quarantaine WHERE id_lot = ?", [lot["id_lot"]])
        con.register("_quarantaine", quarantaine[COLONNES_LOT + ["motif"]])
        con.execute(
            "INSERT INTO audit.quarantaine SELECT ?, " + ", ".join(COLONNES_LOT + ["motif"])
            + " FROM _quarantaine",
            [lot["id_lot"]],
        )
        con.unregister("_quarantaine")
        charger_faits(con, valides, lot["id_lot"])
        statut, message, chargees, mises_de_cote = "réussi", None, len(valides), len(quarantaine)
    con.execute(
        "INSERT INTO audit.etl_chargement "
        "SELECT COALESCE(MAX(id_execution), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ? FROM audit.etl_chargement",
        [lot["id_lot"], debut, dt.datetime.now(), statut, lues, chargees, mises_de_cote, message],
    )
    con.commit()
    return statut
### END SOLUTION
_lot_piege = fabriquer_lot(jours_riches[4])
_lot_piege["lignes"].loc[0, "quantity"] = -1.0
_lot_piege = fabriquer_lot(jours_riches[4], _lot_piege["lignes"])  # the source itself sent it
print(load_batch(con, _lot_piege), load_batch(con, _lot_piege))
con.sql("SELECT * FROM audit.etl_chargement ORDER BY id_execution").df()

# %% labkit={"competences": ["C15"]} nbgrader={"grade": true, "grade_id": "ex05_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 5 : lignes lues = chargées + quarantaine, relance sans effet, mauvais lot arrêté, audit."""
_c = entrepot_neuf()
_l = fabriquer_lot(jours_riches[4])["lignes"].copy()
_l.loc[0, "quantity"] = -1.0
_lot = fabriquer_lot(jours_riches[4], _l)
_st = checks.learner_call("load_batch (lot avec une ligne suspecte)", load_batch, _c, _lot)
assert _st == "réussi", f"Un lot qui passe la porte qualité doit renvoyer \"réussi\", pas {_st!r}."
_nf = _c.execute("SELECT COUNT(*) FROM fait_ventes").fetchall()[0][0]
_nq = _c.execute("SELECT COUNT(*) FROM audit.quarantaine").fetchall()[0][0]
assert _nf + _nq == len(_l), f"Lignes lues : {len(_l)} ; chargées + quarantaine : {_nf} + {_nq}."
assert _nq >= 1, "La ligne à quantité négative doit être dans audit.quarantaine."
checks.learner_call("load_batch (lot relancé)", load_batch, _c, _lot)
_nf2 = _c.execute("SELECT COUNT(*) FROM fait_ventes").fetchall()[0][0]
_nq2 = _c.execute("SELECT COUNT(*) FROM audit.quarantaine").fetchall()[0][0]
assert (_nf2, _nq2) == (_nf, _nq), (
    f"Après relance : {_nf2} faits et {_nq2} lignes en quarantaine (avant : {_nf} et {_nq}). "
    "Relancer un lot ne doit rien changer."
)
_mauvais = dict(_lot, lignes=pd.concat([_lot["lignes"], _lot["lignes"]], ignore_index=True), id_lot="ventes_double")
_st = checks.learner_call("load_batch (lot doublé)", load_batch, _c, _mauvais)
assert _st == "échoué", f"Un lot arrêté par la porte qualité doit renvoyer \"échoué\", pas {_st!r}."
assert _c.execute("SELECT COUNT(*) FROM fait_ventes").fetchall()[0][0] == _nf, "Un lot arrêté ne doit rien charger."
_audit = _c.sql("SELECT * FROM audit.etl_chargement ORDER BY id_execution").df()
checks.assert_row_count(_audit, 3)
_c.close()
### BEGIN HIDDEN TESTS
_exp_audit = pd.DataFrame({
    "id_execution": [1, 2, 3], "id_lot": [_lot["id_lot"], _lot["id_lot"], "ventes_double"],
    "statut": ["réussi", "réussi", "échoué"], "lignes_lues": [len(_l), len(_l), 2 * len(_l)],
    "lignes_chargees": [len(_l) - 1, len(_l) - 1, 0], "lignes_quarantaine": [1, 1, 0],
    "message": [None, None, "doublons, reconciliation"],
})
checks.assert_frame_matches(_audit[list(_exp_audit.columns)], _exp_audit, ordered=True,
                            label="la table audit.etl_chargement après un lot réussi, sa relance et un lot doublé")
assert (_audit["debut"] <= _audit["fin"]).all() and _audit["fin"].notna().all(), "Les colonnes debut et fin doivent être remplies, avec debut <= fin."
_c = entrepot_neuf()
load_batch(_c, _lot)
_q = _c.sql("SELECT * FROM audit.quarantaine").df()
assert list(_q["id_lot"]) == [_lot["id_lot"]] and list(_q["motif"]) == ["quantite_invalide"], (
    "audit.quarantaine doit contenir la ligne suspecte du lot, avec l'id_lot du lot et son motif."
)
assert int(_q["order_id"].iloc[0]) == int(_l.loc[0, "order_id"]) and _q["quantity"].iloc[0] == -1.0, (
    "audit.quarantaine doit garder les valeurs de la ligne telles que reçues (colonnes dans l'ordre "
    "id_lot, COLONNES_LOT, motif)."
)
# a corrected resend of the same batch: the quarantine of that batch is replaced
_l2 = fabriquer_lot(jours_riches[4])["lignes"]
assert load_batch(_c, fabriquer_lot(jours_riches[4], _l2)) == "réussi", (
    "Le même lot renvoyé corrigé doit être chargé (statut \"réussi\")."
)
assert _c.execute("SELECT COUNT(*) FROM audit.quarantaine").fetchall()[0][0] == 0, "Un lot renvoyé corrigé doit remplacer la quarantaine de ce lot."
assert _c.execute("SELECT COUNT(*) FROM fait_ventes").fetchall()[0][0] == len(_l2), (
    "Après l'envoi corrigé, fait_ventes doit contenir toutes les lignes du lot, une seule fois."
)
# a failed batch writes nothing, not even quarantine
_c2 = entrepot_neuf()
_tr = dict(_lot, lignes=_lot["lignes"].iloc[1:])
assert load_batch(_c2, _tr) == "échoué", "Un lot tronqué (une ligne perdue en route) doit être arrêté."
assert _c2.execute("SELECT COUNT(*) FROM fait_ventes").fetchall()[0][0] == 0, "Un lot arrêté ne doit rien charger."
assert _c2.execute("SELECT COUNT(*) FROM audit.quarantaine").fetchall()[0][0] == 0, (
    "Un lot arrêté par la porte qualité ne doit rien écrire dans audit.quarantaine."
)
_a = _c2.sql("SELECT * FROM audit.etl_chargement").df()
assert list(_a["message"]) == ["reconciliation"] and list(_a["lignes_quarantaine"]) == [0], (
    "Pour un lot arrêté, l'audit doit avoir message = les codes des contrôles échoués et lignes_quarantaine = 0."
)
_c.close()
_c2.close()
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 6 — La nuit : chargement de plusieurs lots
#
# La boucle suivante joue plusieurs nuits : les lots de `nb_jours_charges` jours, dont un
# arrive **en retard** (le 6e jour est chargé en dernier) et un arrive **doublé** (le 8e,
# arrêté par la porte puis rejoué correctement). Les produits en retard arrivent au milieu,
# et l'on répare les faits.

# %%
ordre = [j for j in jours[:nb_jours_charges] if j != jours[5]] + [jours[5]]
for i, jour in enumerate(ordre):
    lot_nuit = fabriquer_lot(jour)
    if jour == jours[7]:
        lot_double = dict(lot_nuit, lignes=pd.concat([lot_nuit["lignes"]] * 2, ignore_index=True))
        load_batch(con, lot_double)  # stopped by the quality gate
    load_batch(con, lot_nuit)
    if i == 10:
        recevoir_produits(con, produits_en_retard)
        reparer_membres_inconnus(con)
con.sql("""
    SELECT statut, COUNT(*) AS executions, SUM(lignes_lues) AS lues,
           SUM(lignes_chargees) AS chargees, SUM(lignes_quarantaine) AS quarantaine
    FROM audit.etl_chargement GROUP BY statut
""").df()

# %% [markdown]
# ---
# ## Partie 7 — En sortie : le magasin de données et la vue pour les outils BI
#
# L'entrepôt existe pour être **lu**. Chaque consommateur reçoit une interface stable,
# limitée à son besoin :
#
# - un **magasin de données** (*data mart*) : une table **agrégée** pour un métier,
#   reconstruite après chaque chargement (`CREATE OR REPLACE TABLE`) ; les tableaux de
#   bord y sont instantanés ;
# - une **vue** pour les outils BI : des noms de colonnes clairs, les membres spéciaux
#   libellés, aucune clé technique ; la vue est un **contrat** : on peut réorganiser les
#   tables dessous sans casser les tableaux de bord, et elle montre toujours les données
#   du dernier chargement.
#
# ### Exercice 6 — Le magasin de données et la vue BI (2 points)
#
# Écrivez une fonction `construire_sorties(con)` qui crée (ou remplace) :
#
# 1. la **table** `mart_ventes_mois_rayon`, une ligne par mois et par rayon, avec les
#    colonnes dans cet ordre : `annee` (entier), `mois` (entier, 1 à 12), `rayon` (le
#    `rayon` de `dim_produit`, `'Inconnu'` pour le membre `-1`), `nb_lignes` (nombre de
#    lignes de faits), `ca_net_eur` (somme de `montant_net_eur`, arrondie à 2 décimales) ;
#    l'année et le mois viennent de `date_key` ;
# 2. la **vue** `v_ventes_bi`, une ligne par ligne de `fait_ventes`, avec les colonnes :
#    `date_vente` (type `DATE`, tirée de `date_key`), `magasin` (`nom_magasin` de
#    `dim_magasin`), `rayon`, `produit` (`nom_produit`), `quantite`, `montant_net_eur`.
#
# Elle ne renvoie rien.
#
# > **Indice** : `date_key // 10000`, `date_key // 100 % 100` ;
# > `strptime(CAST(date_key AS VARCHAR), '%Y%m%d')::DATE` ;
# > `CREATE OR REPLACE VIEW v_ventes_bi AS SELECT …`.

# %% nbgrader={"grade": false, "grade_id": "ex06_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def construire_sorties(con):
    """Aggregated mart table and BI view on top of fait_ventes."""
    con.execute("""
        CREATE OR REPLACE TABLE mart_ventes_mois_rayon AS
        SELECT CAST(f.date_key // 10000 AS INTEGER) AS annee,
               CAST(f.date_key // 100 % 100 AS INTEGER) AS mois,
               p.rayon,
               COUNT(*) AS nb_lignes,
               ROUND(SUM(f.montant_net_eur), 2) AS ca_net_eur
        FROM fait_ventes f JOIN dim_produit p USING (produit_key)
        GROUP BY ALL
        ORDER BY annee, mois, rayon
    """)
    con.execute("""
        CREATE OR REPLACE VIEW v_ventes_bi AS
        SELECT strptime(CAST(f.date_key AS VARCHAR), '%Y%m%d')::DATE AS date_vente,
               m.nom_magasin AS magasin, p.rayon, p.nom_produit AS produit,
               f.quantite, f.montant_net_eur
        FROM fait_ventes f
        JOIN dim_magasin m USING (magasin_key)
        JOIN dim_produit p USING (produit_key)
    """)
### END SOLUTION
construire_sorties(con)
con.sql("SELECT * FROM mart_ventes_mois_rayon ORDER BY annee, mois, rayon").df().head(apercu_lignes)

# %% labkit={"competences": ["C15"]} nbgrader={"grade": true, "grade_id": "ex06_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 6 : colonnes du magasin de données et de la vue, totaux rapprochés de fait_ventes."""
_c = entrepot_neuf()
faits_fictifs(_c, [dt.date(2024, 1, 30), dt.date(2024, 1, 31), dt.date(2024, 2, 1)])
checks.learner_call("construire_sorties(con)", construire_sorties, _c)
_mart = checks.run_query(_c, "SELECT * FROM mart_ventes_mois_rayon")
checks.assert_columns(_mart, ["annee", "mois", "rayon", "nb_lignes", "ca_net_eur"])
_nf = _c.execute("SELECT COUNT(*) FROM fait_ventes").fetchall()[0][0]
assert _mart["nb_lignes"].sum() == _nf, (
    f"La somme de nb_lignes ({_mart['nb_lignes'].sum()}) doit égaler le nombre de faits : "
    "une jointure interne perd-elle le membre inconnu ?"
)
_vue = checks.run_query(_c, "SELECT * FROM v_ventes_bi")
checks.assert_columns(_vue, ["date_vente", "magasin", "rayon", "produit", "quantite", "montant_net_eur"])
_type = _c.execute("SELECT table_type FROM information_schema.tables WHERE table_name = 'v_ventes_bi'").fetchall()
assert _type == [("VIEW",)], "v_ventes_bi doit être une vue (CREATE VIEW), pas une table."
### BEGIN HIDDEN TESTS
_f = _c.sql("SELECT * FROM fait_ventes").df()
_p = _c.sql("SELECT produit_key, rayon, nom_produit FROM dim_produit").df()
_m = _c.sql("SELECT magasin_key, nom_magasin FROM dim_magasin").df()
_e = _f.merge(_p, on="produit_key").merge(_m, on="magasin_key")
_e["annee"] = _e["date_key"] // 10000
_e["mois"] = _e["date_key"] // 100 % 100
_exp = (_e.groupby(["annee", "mois", "rayon"], as_index=False)
        .agg(nb_lignes=("order_id", "size"), ca_net_eur=("montant_net_eur", "sum")))
_exp["ca_net_eur"] = _exp["ca_net_eur"].round(2)
checks.assert_frame_matches(_mart, _exp, atol=0.011, label="la table mart_ventes_mois_rayon")
assert "Inconnu" in set(_mart["rayon"]), "Les ventes au membre inconnu doivent apparaître dans le magasin de données (rayon 'Inconnu')."
_expv = pd.DataFrame({
    "date_vente": pd.to_datetime(_e["date_key"].astype(str), format="%Y%m%d"),
    "magasin": _e["nom_magasin"], "rayon": _e["rayon"], "produit": _e["nom_produit"],
    "quantite": _e["quantite"], "montant_net_eur": _e["montant_net_eur"],
})
checks.assert_frame_matches(_vue, _expv, label="la vue v_ventes_bi")
assert str(_c.sql("SELECT * FROM v_ventes_bi").types[0]) == "DATE", "date_vente doit être de type DATE."
# the view follows new loads; the mart is rebuilt by a new call
faits_fictifs(_c, [dt.date(2024, 3, 1)], premier_order_id=1000)
assert _c.execute("SELECT COUNT(*) FROM v_ventes_bi").fetchall()[0][0] == _nf + 6, "La vue doit suivre les nouveaux chargements."
construire_sorties(_c)
assert _c.execute("SELECT SUM(nb_lignes) FROM mart_ventes_mois_rayon").fetchall()[0][0] == _nf + 6, (
    "Un nouvel appel doit reconstruire le magasin de données."
)
_c.close()
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 8 — Les exports : Parquet pour les machines, CSV pour les humains
#
# **Parquet** est le format des outils de données : typé, compressé, en colonnes. On le
# **partitionne** : un dossier par valeur de colonne (`annee=2024/mois=3/…parquet`, la
# convention dite *Hive*), pour qu'un lecteur ne lise que les mois qu'il demande. DuckDB
# l'écrit en une instruction :
#
# ```sql
# COPY (SELECT …) TO 'dossier' (FORMAT parquet, PARTITION_BY (annee, mois), OVERWRITE);
# ```
#
# `OVERWRITE` vide d'abord le dossier : l'export est **idempotent** (même entrepôt, mêmes
# fichiers). Sans lui, DuckDB refuse d'écrire dans un dossier non vide. Avec
# `OVERWRITE_OR_IGNORE`, il écrase les fichiers de même nom mais **laisse les autres** : un
# mois retiré de l'entrepôt (lot annulé, données purgées) resterait dans l'export, et un
# nom de fichier unique par exécution (`FILENAME_PATTERN 'data_{uuid}'`) ferait
# **doubler** les lignes à chaque relance.
#
# ### Exercice 7 — Export Parquet partitionné par mois (2 points)
#
# Écrivez une fonction `export_parquet(con, dossier)` qui exporte **toutes** les lignes de
# `fait_ventes`, avec toutes ses colonnes plus `annee` et `mois` (entiers tirés de
# `date_key`), en Parquet **partitionné** par `annee` puis `mois` dans le dossier `dossier`
# (un `str` ou un `Path`). La rappeler **remplace** l'export précédent : après l'appel, le
# dossier contient exactement les lignes actuelles de `fait_ventes`, ni plus ni moins, même
# si des lignes en ont été retirées depuis l'export précédent. Elle ne renvoie rien.
#
# On relit l'export avec `read_parquet('dossier/**/*.parquet', hive_partitioning = true)`.

# %% nbgrader={"grade": false, "grade_id": "ex07_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def export_parquet(con, dossier):
    """Export fait_ventes to Parquet, partitioned by year and month (idempotent)."""
    con.execute(f"""
        COPY (SELECT *, CAST(date_key // 10000 AS INTEGER) AS annee,
                        CAST(date_key // 100 % 100 AS INTEGER) AS mois
              FROM fait_ventes)
        TO '{Path(dossier).as_posix()}' (FORMAT parquet, PARTITION_BY (annee, mois), OVERWRITE)
    """)
### END SOLUTION
export_parquet(con, sortie / "exports" / "ventes_parquet")
sorted(str(p.relative_to(sortie)) for p in (sortie / "exports" / "ventes_parquet").glob("*/*"))[:apercu_lignes]

# %% labkit={"competences": ["C15"]} nbgrader={"grade": true, "grade_id": "ex07_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 7 : dossiers annee=/mois=, toutes les lignes relues, relance sans doublement."""
_c = entrepot_neuf()
faits_fictifs(_c, [dt.date(2023, 12, 31), dt.date(2024, 1, 1), dt.date(2024, 1, 2)])
_nf = _c.execute("SELECT COUNT(*) FROM fait_ventes").fetchall()[0][0]
_dossier = sortie / "tests" / "parquet"
shutil.rmtree(_dossier, ignore_errors=True)
_dossier.parent.mkdir(parents=True, exist_ok=True)
checks.learner_call("export_parquet(con, dossier)", export_parquet, _c, str(_dossier))
_parts = sorted({p.parent.relative_to(_dossier).as_posix() for p in _dossier.rglob("*.parquet")})
assert _parts and all(p.startswith("annee=") and "/mois=" in p for p in _parts), (
    f"Dossiers trouvés : {_parts[:3]}… ; attendus de la forme annee=AAAA/mois=M."
)
_glob = (_dossier / "**" / "*.parquet").as_posix()
_n = _c.execute(f"SELECT COUNT(*) FROM read_parquet('{_glob}', hive_partitioning = true)").fetchall()[0][0]
assert _n == _nf, f"L'export contient {_n} lignes, fait_ventes en a {_nf}."
checks.learner_call("export_parquet (relance)", export_parquet, _c, str(_dossier))
_n = _c.execute(f"SELECT COUNT(*) FROM read_parquet('{_glob}', hive_partitioning = true)").fetchall()[0][0]
assert _n == _nf, f"Après relance, l'export contient {_n} lignes au lieu de {_nf} : l'export n'est pas idempotent."
### BEGIN HIDDEN TESTS
assert len(_parts) == 2, "Il faut un dossier par mois présent dans fait_ventes."
_back = _c.sql(f"SELECT * EXCLUDE (annee, mois), annee, mois FROM read_parquet('{_glob}', hive_partitioning = true)").df()
_ref = _c.sql("SELECT *, date_key // 10000 AS annee, date_key // 100 % 100 AS mois FROM fait_ventes").df()
checks.assert_frame_matches(_back[list(_ref.columns)], _ref, label="l'export Parquet relu")
_expected_parts = sorted({f"annee={k // 10000}/mois={k // 100 % 100}" for k in _ref["date_key"]})
assert _parts == _expected_parts, f"Partitions trouvées : {_parts} ; une par mois présent dans fait_ventes."
# a month removed from the warehouse must disappear from the export
_c.execute(f"DELETE FROM fait_ventes WHERE date_key // 100 = {int(_ref['date_key'].max()) // 100}")
export_parquet(_c, str(_dossier))
_n = _c.execute(f"SELECT COUNT(*) FROM read_parquet('{_glob}', hive_partitioning = true)").fetchall()[0][0]
_nf = _c.execute("SELECT COUNT(*) FROM fait_ventes").fetchall()[0][0]
assert _n == _nf, f"Après suppression d'un mois et relance, l'export contient {_n} lignes au lieu de {_nf} : les anciens fichiers doivent disparaître."
_c.close()
shutil.rmtree(_dossier, ignore_errors=True)
### END HIDDEN TESTS

# %% [markdown]
# Le **CSV** est destiné à une personne du contrôle de gestion qui l'ouvre par double-clic
# dans un Excel réglé en français. Excel attend alors :
#
# - le séparateur **point-virgule** `;` (la virgule est le séparateur décimal) ;
# - une **virgule décimale** : `1234,5` et non `1234.5` (sinon Excel y voit du texte, ou
#   une date) ;
# - un fichier **UTF-8 avec BOM** (les trois octets `EF BB BF` au début) : sans lui, Excel
#   lit `Crèmerie` comme `CrÃ¨merie`.
#
# pandas sait tout faire : `sep`, `decimal` et `encoding="utf-8-sig"` (UTF-8 avec BOM)
# dans `DataFrame.to_csv`.

# %%
pd.DataFrame({"rayon": ["Crèmerie"], "ca_net_eur": [1234.5]}).to_csv(sep=";", index=False)

# %% [markdown]
# ### Exercice 8 — Export CSV pour un Excel français (2 points)
#
# Écrivez une fonction `export_csv(con, chemin)` qui écrit la table `mart_ventes_mois_rayon`
# dans le fichier `chemin` :
#
# - colonnes et en-tête : `annee;mois;rayon;nb_lignes;ca_net_eur`, lignes triées par
#   `annee`, `mois`, `rayon` ;
# - séparateur `;`, virgule décimale pour `ca_net_eur`, pas de colonne d'index ;
# - encodage UTF-8 **avec BOM**.
#
# Elle ne renvoie rien.

# %% nbgrader={"grade": false, "grade_id": "ex08_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def export_csv(con, chemin):
    """Write the mart as a CSV for a French Excel: ';', decimal comma, UTF-8 with BOM."""
    mart = con.sql("SELECT * FROM mart_ventes_mois_rayon ORDER BY annee, mois, rayon").df()
    mart.to_csv(chemin, sep=";", decimal=",", index=False, encoding="utf-8-sig")
### END SOLUTION
export_csv(con, sortie / "exports" / "ventes_mois_rayon.csv")
print((sortie / "exports" / "ventes_mois_rayon.csv").read_text(encoding="utf-8-sig")[:300])

# %% labkit={"competences": ["C15"]} nbgrader={"grade": true, "grade_id": "ex08_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 8 : BOM, en-tête, séparateur point-virgule, virgule décimale, contenu du mart."""
_c = entrepot_neuf()
_c.register("_mart_test", pd.DataFrame({
    "annee": [2024, 2025, 2024, 2024], "mois": [11, 1, 2, 2],
    "rayon": ["Boissons", "Inconnu", "Épicerie salée", "Crèmerie"],
    "nb_lignes": [1, 7, 3, 12], "ca_net_eur": [0.5, 1000.0, 19.99, 1234.56],
}))
_c.execute("CREATE TABLE mart_ventes_mois_rayon AS SELECT * FROM _mart_test")
_fichier = sortie / "tests" / "mart.csv"
_fichier.parent.mkdir(parents=True, exist_ok=True)
_fichier.unlink(missing_ok=True)
checks.learner_call("export_csv(con, chemin)", export_csv, _c, str(_fichier))
_octets = _fichier.read_bytes()
assert _octets.startswith(b"\xef\xbb\xbf"), "Le fichier doit commencer par le BOM UTF-8 (encoding='utf-8-sig')."
_texte = _octets.decode("utf-8-sig")
assert _texte.splitlines()[0] == "annee;mois;rayon;nb_lignes;ca_net_eur", (
    f"Première ligne : {_texte.splitlines()[0]!r} ; vérifiez l'en-tête, l'index et le séparateur."
)
assert "." not in "".join(line.rsplit(";", 1)[-1] for line in _texte.splitlines()[1:]), (
    "La colonne ca_net_eur contient un point décimal : Excel en français attend une virgule."
)
### BEGIN HIDDEN TESTS
_back = pd.read_csv(_fichier, sep=";", decimal=",", encoding="utf-8-sig")
_ref = _c.sql("SELECT * FROM mart_ventes_mois_rayon ORDER BY annee, mois, rayon").df()
checks.assert_frame_matches(_back, _ref, ordered=True, label="le CSV relu (sep=';', decimal=',')")
assert any("," in line.rsplit(";", 1)[-1] for line in _texte.splitlines()[1:]), (
    "Les montants décimaux de ca_net_eur doivent s'écrire avec une virgule (decimal=',')."
)
_c.close()
_fichier.unlink(missing_ok=True)
### END HIDDEN TESTS

# %% [markdown]
# On regarde pour finir l'état de l'entrepôt du notebook après la nuit : le rapprochement
# global « lues = chargées + quarantaine » sur les exécutions réussies, et les sorties.

# %%
con.sql("""
    SELECT SUM(lignes_lues) AS lues, SUM(lignes_chargees) AS chargees,
           SUM(lignes_quarantaine) AS quarantaine
    FROM audit.etl_chargement WHERE statut = 'réussi'
""").df()

# %%
construire_sorties(con)
export_parquet(con, sortie / "exports" / "ventes_parquet")
export_csv(con, sortie / "exports" / "ventes_mois_rayon.csv")
con.sql("SELECT magasin, SUM(montant_net_eur) AS ca FROM v_ventes_bi GROUP BY magasin ORDER BY ca DESC").df()

# %% [markdown]
# ---
# ## Question ouverte — Trois heures du matin (3 points, corrigée à la main)
#
# Il est 3 h du matin. Le lot des ventes de la veille échoue à la porte qualité
# `reconciliation` : il contient 12 % de lignes de moins que son bordereau. Le comité de
# direction lit le tableau de bord à 8 h 30.
#
# Répondez en **10 à 20 lignes**, dans la cellule ci-dessous :
#
# 1. Que fait (et que ne fait pas) votre chaîne, automatiquement, à 3 h ? Que voit le
#    comité à 8 h 30, et comment le sait-il ?
# 2. Qui est prévenu, par quel moyen, avec quelles informations (pensez à la table
#    d'audit) ? Que fait la personne d'astreinte le matin pour rejouer le lot ?
# 3. Comparez deux stratégies d'idempotence vues dans ce lab ou en cours (fusion sur la clé
#    du grain, remplacement de la partition du lot, échange de table) : laquelle choisiriez-
#    vous pour `fait_ventes`, et que se passe-t-il avec chacune si la **source** supprime une
#    ligne d'un lot déjà chargé ?

# %% [markdown] labkit={"competences": ["C15"]} nbgrader={"grade": true, "grade_id": "incident_nuit", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# VOTRE RÉPONSE ICI

# %% [markdown]
# ---
# ## Récapitulatif
#
# | besoin | outil | piège à éviter |
# |---|---|---|
# | arrêter un lot faux | porte qualité bloquante (schéma, volume, grain, bordereau) | charger d'abord, contrôler ensuite |
# | ne rien perdre | quarantaine avec motif ; lues = chargées + quarantaine | un `WHERE` qui filtre en silence |
# | relancer sans crainte | `INSERT … ON CONFLICT DO UPDATE`, ou `DELETE` + `INSERT` par `id_lot` | un `INSERT` simple (ventes doublées) |
# | lot en retard | `date_key` calculée depuis la date de la vente | la date du chargement |
# | dimension en retard | membre inconnu `-1` + clé naturelle gardée, puis réparation | jeter le fait, ou perdre sa clé naturelle |
# | tracer | `audit.etl_chargement`, `id_lot` sur chaque fait | un journal en texte libre |
# | servir le métier | magasin de données agrégé, vue BI | une jointure interne qui perd l'inconnu |
# | exporter | Parquet `PARTITION_BY … OVERWRITE` ; CSV `;`, virgule décimale, BOM | `OVERWRITE_OR_IGNORE` relancé (lignes doublées) |
#
# ## Pour aller plus loin
#
# - Le **membre déduit** (*inferred member*) : créer la ligne de dimension « À compléter »
#   dès le fait, puis la compléter (leçon C15) ; comparez avec la réparation de la partie 4.
# - Les **filigranes** (*watermarks*) : n'extraire que les lignes modifiées depuis le
#   dernier chargement réussi (colonne `updated_at` de `orders`).
# - Un **ordonnanceur** (cron, Airflow, Dagster) qui enchaîne `load_batch`, réessaie et
#   alerte ; et dbt, qui déclare ces tests de qualité en YAML (lab 06 du bloc 3).
# - Le lab suivant, `bc03_05_scd` : historiser les dimensions, et rattacher un fait en
#   retard à la version valide **à sa date**.
