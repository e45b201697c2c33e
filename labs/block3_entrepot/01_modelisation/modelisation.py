# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Modéliser un entrepôt de données : faits, dimensions et schéma en étoile
#
# **Bloc BC03** — Élaborer et maintenir un entrepôt de données
#
# **Compétence évaluée : C13** — Modéliser la structure d'un entrepôt de données
# (dimensions et faits) pour répondre aux requêtes analytiques.
#
# | | |
# |---|---|
# | Durée indicative | 3 heures |
# | Barème | 26 points : 23 corrigés automatiquement (11 exercices), 3 corrigés par votre formateur ou formatrice (1 question ouverte) |
# | Outils | Python, pandas, DuckDB, matplotlib |
#
# ## Comment travailler dans ce lab
#
# Ce notebook est à la fois **le cours et le lab** : chaque partie commence par une courte
# leçon avec des exemples à exécuter, puis vient un exercice.
#
# - Exécutez les cellules **dans l'ordre**, de haut en bas (`Maj + Entrée`).
# - Chaque exercice comporte une **cellule réponse**, qui contient
#   `raise NotImplementedError(...)` : remplacez cette ligne par votre réponse.
#   Ne renommez pas les variables demandées (`matrice_bus`, `dim_produit`…) :
#   le correcteur les utilise.
# - Juste après vient une **cellule de test**, verrouillée : exécutez-la. Si elle
#   s'exécute sans erreur, les vérifications visibles sont passées. D'autres vérifications,
#   **cachées**, seront faites à la correction : un test visible réussi est bon signe,
#   mais ce n'est pas encore la note finale.
# - Un message d'erreur n'est pas un échec : il vous dit ce qui ne va pas (en français),
#   sans jamais donner la réponse. Lisez-le, corrigez, réessayez.
# - Les exercices s'enchaînent : le modèle de l'exercice 8 décrit les tables des
#   exercices 4, 5 et 7, et l'entrepôt de l'exercice 9 les accueille. Si un exercice
#   résiste, passez à la suite puis revenez-y.
# - Avant de rendre votre travail : menu *Kernel* → *Restart Kernel and Run All Cells*,
#   puis bouton *Validate*.

# %% [markdown]
# ## Contexte
#
# Vous êtes data engineer chez **Panier Vert**, une chaîne fictive d'épiceries bio
# françaises : des magasins dans plusieurs régions et un site de vente en ligne (l'e-shop)
# avec livraison à domicile. Jusqu'ici, chaque analyse partait des tables de production
# et chaque analyste recalculait à sa façon le chiffre d'affaires. La direction veut un
# **entrepôt de données** : un modèle unique, documenté, pensé pour les questions
# d'analyse. Vous êtes chargé·e de le **modéliser**, avant que l'équipe ne le construise
# et ne l'alimente (labs suivants du bloc 3).
#
# La direction a posé ses questions :
#
# | id | question métier |
# |---|---|
# | Q1 | Quel est le chiffre d'affaires par magasin, par région et par mois ? |
# | Q2 | Quels produits sont achetés ensemble dans un même panier ? |
# | Q3 | L'e-shop progresse-t-il plus vite que les magasins ? |
# | Q4 | Quelles catégories de produits (rayons, sous-rayons) performent le mieux ? |
# | Q5 | Comment évoluent les niveaux de stock des magasins au fil des mois ? |
# | Q6 | Quels transporteurs livrent le plus lentement les commandes de l'e-shop ? |
# | Q7 | Quels produits étaient en rupture de stock à la fin d'un mois donné ? |
#
# Les données sont **synthétiques** (générées par le cours avec une graine fixe) mais
# réalistes, sur la période du 1er janvier 2023 au 31 décembre 2024. La mise en place les
# charge dans une base DuckDB **en mémoire**, `con`, qui joue le rôle des systèmes
# sources :
#
# | table | une ligne = | clé | colonnes utiles |
# |---|---|---|---|
# | `orders` | une commande (ticket de caisse ou commande de l'e-shop) | `order_id` | `customer_id` (`NULL` si le client n'a pas présenté de carte de fidélité), `store_id` (`NULL` pour l'e-shop), `channel` (`magasin` ou `eshop`), `ordered_at` (heure de Paris), `status` (`payée`, `livrée`, `annulée`, `remboursée`, `en_cours`) |
# | `order_lines` | une ligne d'une commande | `order_id`, `line_no` | `product_id`, `quantity` (en kg pour les produits au poids), `unit_price_eur` (prix du jour de la commande), `discount_eur` (remise sur la ligne, en euros) |
# | `products` | un produit du catalogue | `product_id` | `ean13`, `name`, `category` (rayon), `subcategory` (sous-rayon), `organic`, `unit` |
# | `stores` | un magasin | `store_id` | `store_code` (`PV001`…), `name`, `city`, `departement_code`, `region_code` |
# | `regions` | une région française | `region_code` | `name` |
# | `deliveries` | un colis de l'e-shop | `delivery_id` | `order_id`, `carrier` (transporteur), `shipped_at`, `delivered_at` |
# | `stock_mensuel` | un relevé d'inventaire | (à vous de le dire) | `store_id`, `product_id`, `date_releve` (dernier jour de chaque mois de 2024), `quantite` |
#
# Trois particularités à garder en tête :
#
# - un même produit peut apparaître sur **plusieurs lignes d'une même commande** (deux
#   passages en caisse, deux pesées) ;
# - les commandes de l'e-shop n'ont **pas de magasin** (`store_id` vaut `NULL`) ;
# - le stock est une **photographie** à une date : la quantité en rayon le 31 mars ne
#   s'ajoute pas à celle du 28 février.

# %% [markdown]
# ## Objectifs
#
# À la fin de ce lab, vous saurez :
#
# 1. partir des questions métier pour dérouler les **quatre étapes de Kimball** :
#    processus, grain, dimensions, faits ;
# 2. construire une **matrice en bus** et repérer les **dimensions conformes** ;
# 3. déclarer et vérifier le **grain** d'une table de faits ;
# 4. construire des dimensions avec **clé de substitution** et **clé naturelle**, une
#    **dimension fourre-tout** (*junk dimension*) et une **dimension dégénérée** ;
# 5. classer les mesures en **additives**, **semi-additives** et **non additives**, et
#    les agréger correctement ;
# 6. décrire le modèle **en code**, en générer le **DDL** (clés primaires et étrangères)
#    et le dessiner ;
# 7. comparer le schéma en **étoile** et le schéma en **flocon**.
#
# ## Prérequis
#
# - SQL : `SELECT`, jointures, `GROUP BY` (lab BC02 « Extraire des données avec SQL »).
# - pandas : `merge`, `drop_duplicates`, `groupby`.
# - Python : listes, dictionnaires, appel d'une fonction.

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
apercu_lignes = 5  # number of rows shown when previewing a result
afficher_graphiques = True  # False skips the (non-graded) drawings

# %% [markdown]
# La cellule suivante charge les tables sources dans DuckDB, prépare la dimension date et
# définit les outils du lab : les classes `Mesure`, `Dimension` et `Fait`, qui servent à
# **décrire** un modèle en Python, et la fonction `dessiner_modele`, qui le dessine.
# Elle est verrouillée ; si quelque chose se passe mal, relancez simplement le noyau
# (*Kernel* → *Restart Kernel*).

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import warnings
from dataclasses import dataclass, field

import duckdb
import matplotlib.pyplot as plt
import pandas as pd

from labkit import checks
from labkit.datasets import paniervert

warnings.filterwarnings("ignore", category=FutureWarning)
warnings.filterwarnings("ignore", category=UserWarning)

# --- The sources: an in-memory DuckDB database ---------------------------------------
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
for _name in ["regions", "stores", "products", "orders", "order_lines", "deliveries", "stock"]:
    con.register("_frame", paniervert.load(_name, scale, seed))
    con.execute(f"CREATE TABLE {_name} AS SELECT * FROM _frame")
    con.unregister("_frame")

# Month-end stock counts of 2024, rebuilt backwards from the end-of-period stock and the
# store sales made after each month end.
con.execute("""
CREATE TABLE stock_mensuel AS
WITH month_ends AS (
    SELECT CAST(last_day(make_date(2024, m, 1)) AS DATE) AS date_releve
    FROM range(1, 13) AS t(m)
), store_sales AS (
    SELECT o.store_id, l.product_id, o.ordered_at, l.quantity
    FROM order_lines AS l
    JOIN orders AS o USING (order_id)
    WHERE o.channel = 'magasin' AND o.status <> 'annulée'
)
SELECT s.store_id, s.product_id, e.date_releve,
       s.quantity + COALESCE(SUM(v.quantity), 0) AS quantite
FROM stock AS s
CROSS JOIN month_ends AS e
LEFT JOIN store_sales AS v
       ON v.store_id = s.store_id AND v.product_id = s.product_id
      AND v.ordered_at >= e.date_releve + INTERVAL 1 DAY
GROUP BY s.store_id, s.product_id, e.date_releve, s.quantity
ORDER BY s.store_id, s.product_id, e.date_releve
""")
con.execute("DROP TABLE stock")

# --- The date dimension, shared by every fact table ----------------------------------
dim_date = con.sql("""
SELECT CAST(strftime(d, '%Y%m%d') AS INTEGER) AS date_sk,
       CAST(d AS DATE) AS date_jour,
       year(d) AS annee,
       quarter(d) AS trimestre,
       month(d) AS mois,
       ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août',
        'septembre', 'octobre', 'novembre', 'décembre'][month(d)] AS nom_mois,
       isodow(d) AS jour_semaine_iso,
       CAST(d AS DATE) = last_day(d) AS est_fin_de_mois
FROM range(DATE '2023-01-01', DATE '2025-01-01', INTERVAL 1 DAY) AS t(d)
ORDER BY date_sk
""").df()

# The special member of the store dimension that stands for the e-shop.
MAGASIN_ESHOP = {
    "magasin_sk": 0, "store_id": 0, "code_magasin": "WEB", "nom": "E-shop Panier Vert",
    "ville": "Non applicable", "departement_code": "Non applicable", "region": "Non applicable",
}

ADDITIVITES = ("additive", "semi-additive", "non-additive")


# --- Classes that describe a dimensional model ---------------------------------------
@dataclass
class Mesure:
    """A measure of a fact table: its name, SQL type and additivity class."""

    nom: str
    type_sql: str
    additivite: str

    def __post_init__(self):
        if self.additivite not in ADDITIVITES:
            raise ValueError(
                f"Mesure {self.nom!r} : l'additivité doit être l'une de {ADDITIVITES}, "
                f"pas {self.additivite!r}."
            )


@dataclass
class Dimension:
    """A dimension table: surrogate key (INTEGER), natural key and columns (name -> SQL type)."""

    table: str
    cle_substitution: str
    cle_naturelle: list
    colonnes: dict

    def __post_init__(self):
        missing = [c for c in self.cle_naturelle if c not in self.colonnes]
        if missing:
            raise ValueError(
                f"Dimension {self.table!r} : les colonnes de la clé naturelle {missing} "
                "doivent aussi figurer dans 'colonnes'."
            )


@dataclass
class Fait:
    """A fact table: grain, foreign keys (column -> dimension table), degenerate dimensions, measures."""

    table: str
    grain: list
    cles_etrangeres: dict
    dimensions_degenerees: dict = field(default_factory=dict)
    mesures: list = field(default_factory=list)

    def colonnes(self):
        """Every column of the fact table, in DDL order."""
        return (list(self.cles_etrangeres) + list(self.dimensions_degenerees)
                + [m.nom for m in self.mesures])


def types_sql(frame):
    """SQL types of the columns of a DataFrame, as a dict (name -> DuckDB type)."""
    result = {}
    for name, dtype in frame.dtypes.items():
        if pd.api.types.is_bool_dtype(dtype):
            result[name] = "BOOLEAN"
        elif pd.api.types.is_integer_dtype(dtype):
            result[name] = "BIGINT"
        elif pd.api.types.is_float_dtype(dtype):
            result[name] = "DOUBLE"
        elif pd.api.types.is_datetime64_any_dtype(dtype):
            result[name] = "TIMESTAMP"
        else:
            result[name] = "VARCHAR"
    return result


DIM_DATE = Dimension(
    table="dim_date",
    cle_substitution="date_sk",
    cle_naturelle=["date_jour"],
    colonnes={"date_jour": "DATE", "annee": "INTEGER", "trimestre": "INTEGER",
              "mois": "INTEGER", "nom_mois": "VARCHAR", "jour_semaine_iso": "INTEGER",
              "est_fin_de_mois": "BOOLEAN"},
)


# --- Drawing a model -----------------------------------------------------------------
def _box_text(title, lines, max_lines):
    shown = lines[:max_lines] + ([f"… (+{len(lines) - max_lines})"] if len(lines) > max_lines else [])
    return "\n".join([title, "─" * max(len(title), 12)] + shown)


def dessiner_modele(dimensions, faits, titre="Modèle dimensionnel", max_lignes=9):
    """Draw fact tables (centre) and dimensions (left and right) linked by their foreign keys."""
    dims = list(dimensions)
    left, right = dims[0::2], dims[1::2]
    height = max(len(left), len(right), len(faits), 1)
    fig, ax = plt.subplots(figsize=(14, 2.6 * height + 1))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_axis_off()
    pos = {}

    def spread(items, x):
        for i, item in enumerate(items):
            pos[item.table] = (x, 1 - (i + 0.5) / len(items))

    spread(left, 0.13)
    spread(right, 0.87)
    spread(faits, 0.5)
    for fact in faits:
        fx, fy = pos[fact.table]
        for column, dim_table in fact.cles_etrangeres.items():
            if dim_table not in pos:
                continue
            dx, dy = pos[dim_table]
            ax.plot([fx, dx], [fy, dy], color="#4a6fa5", linewidth=1.2, zorder=1)
            ax.text(fx + 0.62 * (dx - fx), fy + 0.62 * (dy - fy), column, fontsize=7,
                    ha="center", va="center", color="#4a6fa5", zorder=2,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})
    for dim in dims:
        lines = [f"PK {dim.cle_substitution}"]
        lines += [f"NK {c}" for c in dim.cle_naturelle]
        lines += [c for c in dim.colonnes if c not in dim.cle_naturelle]
        ax.text(*pos[dim.table], _box_text(dim.table, lines, max_lignes), fontsize=7.5,
                family="monospace", ha="center", va="center", zorder=3,
                bbox={"boxstyle": "round,pad=0.5", "facecolor": "#e8f0e0", "edgecolor": "#5a7d3a"})
    short = {"additive": "A", "semi-additive": "SA", "non-additive": "NA"}
    for fact in faits:
        lines = [f"FK {c}" for c in fact.cles_etrangeres]
        lines += [f"DD {c}" for c in fact.dimensions_degenerees]
        lines += [f"{m.nom} ({short.get(m.additivite, '?')})" for m in fact.mesures]
        grain = "grain : " + ", ".join(fact.grain)
        ax.text(*pos[fact.table], _box_text(fact.table, lines + [grain], max_lignes + 6),
                fontsize=7.5, family="monospace", ha="center", va="center", zorder=3,
                bbox={"boxstyle": "round,pad=0.5", "facecolor": "#fdf1d6", "edgecolor": "#b07d1a"})
    ax.set_title(titre)
    plt.show()


sorted(row[0] for row in con.sql("SHOW TABLES").fetchall())

# %% [markdown]
# ### Premier contact
#
# Les tables sources sont celles d'un système **transactionnel** : normalisées, pensées
# pour enregistrer une vente vite et sans incohérence. Par exemple, une ligne de commande
# ne connaît ni le magasin ni la date : il faut passer par `orders`.

# %%
con.sql("SELECT * FROM order_lines LIMIT 5").df()

# %%
con.sql("""
SELECT channel, status, COUNT(*) AS nb_commandes
FROM orders
GROUP BY channel, status
ORDER BY channel, status
""").df()

# %% [markdown]
# ---
# ## Partie 1 — Des questions métier au processus : l'étape 1 de Kimball
#
# Ralph Kimball propose de concevoir un modèle dimensionnel en **quatre étapes** :
#
# 1. **choisir le processus métier** à modéliser : une activité de l'organisation qui
#    produit des événements mesurables (vendre, réapprovisionner, livrer). Un processus
#    donne **une table de faits** ;
# 2. **déclarer le grain** : ce que représente **exactement** une ligne de la table de
#    faits (« une ligne de ticket de caisse », « un relevé de stock par magasin, produit
#    et fin de mois ») ;
# 3. **identifier les dimensions** : le contexte de chaque fait, les axes d'analyse (qui,
#    quoi, où, quand) ; on y trouve les libellés que l'on filtre et que l'on regroupe ;
# 4. **identifier les faits** (les mesures) : les nombres que l'on agrège (quantités,
#    montants).
#
# L'ordre compte : le grain se déclare **avant** de choisir dimensions et mesures, car
# c'est lui qui dit quelles dimensions et quelles mesures sont possibles. On part des
# questions métier, mais on modélise le **processus**, pas la question : une bonne table
# de faits des ventes répond à Q1 comme à des questions que personne n'a encore posées.
#
# Chez Panier Vert, on retient trois processus : `ventes` (les lignes de commande, en
# magasin et sur l'e-shop), `stock` (les relevés d'inventaire de fin de mois) et
# `livraisons` (les colis de l'e-shop).

# %% [markdown]
# ### Exercice 1 — Quel processus pour quelle question ? (1 point)
#
# Pour chaque question métier Q1 à Q7 du contexte, dites quel processus fournit les
# données nécessaires pour y répondre.
#
# - Variable : `processus_par_question`, un dictionnaire dont les clés sont `"Q1"` …
#   `"Q7"` (toutes) et les valeurs l'un des textes `"ventes"`, `"stock"` ou
#   `"livraisons"`.
#
# > **Indice** : un produit « en rupture » a une quantité nulle dans un relevé ; un
# > panier est un ensemble de lignes de la même commande.

# %% nbgrader={"grade": false, "grade_id": "ex01_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
processus_par_question = {
    "Q1": "ventes",
    "Q2": "ventes",
    "Q3": "ventes",
    "Q4": "ventes",
    "Q5": "stock",
    "Q6": "livraisons",
    "Q7": "stock",
}
### END SOLUTION
processus_par_question

# %% labkit={"competences": ["C13"]} nbgrader={"grade": true, "grade_id": "ex01_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Exercice 1 : un processus connu pour chacune des sept questions, et le bon."""
assert isinstance(processus_par_question, dict), "processus_par_question doit être un dictionnaire."
_keys = {f"Q{i}" for i in range(1, 8)}
assert set(processus_par_question) == _keys, (
    "Les clés doivent être exactement 'Q1' à 'Q7' ; vous avez : "
    f"{sorted(processus_par_question)}."
)
_unknown = {v for v in processus_par_question.values() if v not in {"ventes", "stock", "livraisons"}}
assert not _unknown, f"Processus inconnus : {sorted(map(str, _unknown))} (attendus : ventes, stock, livraisons)."
### BEGIN HIDDEN TESTS
_expected = dict.fromkeys(["Q1", "Q2", "Q3", "Q4"], "ventes") | {
    "Q5": "stock", "Q7": "stock", "Q6": "livraisons"}
_wrong = sorted(k for k in _expected if processus_par_question[k] != _expected[k])
assert not _wrong, f"Revoyez le processus des questions {_wrong}."
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 2 — La matrice en bus et les dimensions conformes
#
# Un entrepôt ne se construit pas d'un bloc : on ajoute les processus un à un. Pour que
# les tables de faits restent **comparables** entre elles, elles doivent partager les
# **mêmes** dimensions : même table, mêmes clés, mêmes libellés. On parle de
# **dimensions conformes** (*conformed dimensions*). Grâce à elles, on peut mettre côte à
# côte les ventes et le stock d'un même produit dans un même magasin, le même mois.
#
# La **matrice en bus** (*bus matrix*) est l'outil de planification de Kimball : une
# ligne par processus, une colonne par dimension, une croix quand la dimension décrit
# le processus **à son grain**. Une colonne avec plusieurs croix est une dimension
# conforme : elle doit être construite une fois et partagée.
#
# Exemple, pour un autre métier (une bibliothèque) :
#
# | processus | date | livre | lecteur | bibliothèque |
# |---|:-:|:-:|:-:|:-:|
# | prêts | ✕ | ✕ | ✕ | ✕ |
# | acquisitions | ✕ | ✕ | | ✕ |
#
# En pandas, c'est un tableau de booléens :

# %%
pd.DataFrame(
    {"date": [True, True], "livre": [True, True], "lecteur": [True, False],
     "bibliotheque": [True, True]},
    index=["prêts", "acquisitions"],
)

# %% [markdown]
# ### Exercice 2 — La matrice en bus de Panier Vert (2 points)
#
# Les grains des trois processus sont les suivants :
#
# - `ventes` : une ligne de commande ; on connaît la date de la commande, le produit, le
#   magasin (ou l'e-shop, qui sera un membre spécial de la dimension magasin) et, quand
#   il est identifié, le client ;
# - `stock` : un relevé de fin de mois pour un magasin et un produit ;
# - `livraisons` : un colis de l'e-shop ; on connaît le transporteur, la date
#   d'expédition et, par la commande livrée, le client. Un colis contient toute une
#   commande : **aucun produit** n'est identifiable au grain du colis.
#
# Construisez `matrice_bus`, un `DataFrame` de booléens :
#
# - index (lignes), dans cet ordre : `"ventes"`, `"stock"`, `"livraisons"` ;
# - colonnes, dans cet ordre : `"date"`, `"produit"`, `"magasin"`, `"client"`,
#   `"transporteur"` ;
# - `True` quand la dimension s'applique au processus à son grain, `False` sinon.
#
# > **Indice** : un relevé d'inventaire ne dit rien d'un client ; les colis ne partent que
# > de l'e-shop.

# %% nbgrader={"grade": false, "grade_id": "ex02_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
matrice_bus = pd.DataFrame(
    {
        "date": [True, True, True],
        "produit": [True, True, False],
        "magasin": [True, True, False],
        "client": [True, False, True],
        "transporteur": [False, False, True],
    },
    index=["ventes", "stock", "livraisons"],
)
### END SOLUTION
matrice_bus

# %% labkit={"competences": ["C13"]} nbgrader={"grade": true, "grade_id": "ex02_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 2 : forme de la matrice en bus, booléens, croix exactes."""
assert isinstance(matrice_bus, pd.DataFrame), "matrice_bus doit être un DataFrame pandas."
assert list(matrice_bus.index) == ["ventes", "stock", "livraisons"], (
    f"L'index doit être ['ventes', 'stock', 'livraisons'], dans cet ordre ; vous avez {list(matrice_bus.index)}."
)
assert list(matrice_bus.columns) == ["date", "produit", "magasin", "client", "transporteur"], (
    "Les colonnes doivent être ['date', 'produit', 'magasin', 'client', 'transporteur'], "
    f"dans cet ordre ; vous avez {list(matrice_bus.columns)}."
)
assert all(pd.api.types.is_bool_dtype(t) for t in matrice_bus.dtypes), (
    "Chaque case doit être un booléen (True ou False), sans valeur manquante."
)
assert matrice_bus["date"].all(), "Tout processus se produit à une date : la colonne 'date' ne doit contenir que True."
assert (matrice_bus.sum(axis=0) >= 2).any(), (
    "Aucune dimension n'est partagée par deux processus : il n'y aurait alors aucune dimension conforme."
)
### BEGIN HIDDEN TESTS
_expected = pd.DataFrame(
    [[True, True, True, True, False],
     [True, True, True, False, False],
     [True, False, False, True, True]],
    index=["ventes", "stock", "livraisons"],
    columns=["date", "produit", "magasin", "client", "transporteur"],
)
_diff = [(p, d) for p in _expected.index for d in _expected.columns
         if bool(matrice_bus.loc[p, d]) != bool(_expected.loc[p, d])]
assert not _diff, (
    f"{len(_diff)} case(s) fausse(s) ; revoyez les processus {sorted({p for p, _ in _diff})}."
)
### END HIDDEN TESTS

# %% [markdown]
# Lisez votre matrice par colonne : `date`, `produit` et `magasin` sont partagées par les
# ventes et le stock ; `date` et `client` par les ventes et les livraisons. Ce sont les
# dimensions conformes que nous construirons une seule fois. Dans ce lab, nous
# implémentons les processus `ventes` et `stock` ; les livraisons et la dimension client
# (qui contient des données personnelles) viendront dans les labs suivants.

# %% [markdown]
# ---
# ## Partie 3 — Le grain : l'étape 2
#
# Le grain est une **phrase métier** (« une ligne = une ligne de ticket de caisse »), que
# l'on traduit en **colonnes** : l'ensemble des colonnes qui identifient une ligne de la
# table de faits. Deux règles :
#
# - **unicité** : deux lignes de la table de faits n'ont jamais les mêmes valeurs sur les
#   colonnes du grain ;
# - **minimalité** : aucune colonne ne peut être retirée du grain sans perdre l'unicité.
#
# Kimball recommande le grain **le plus fin** (atomique) disponible dans la source : on
# peut toujours agréger une table fine, jamais détailler une table agrégée. Une table des
# ventes au grain « jour × magasin » ne répondrait pas à Q2 (les paniers).
#
# Vérifier un grain, c'est compter les doublons :

# %%
con.sql("""
SELECT store_id, product_id, COUNT(*) AS nb_lignes
FROM stock_mensuel
GROUP BY store_id, product_id
HAVING COUNT(*) > 1
ORDER BY nb_lignes DESC, store_id, product_id
LIMIT 3
""").df()

# %% [markdown]
# `(store_id, product_id)` ne suffit donc pas à identifier un relevé.
#
# ### Exercice 3 — Déclarer le grain (2 points)
#
# Déclarez le grain **le plus fin** de deux processus, sous forme de listes de noms de
# colonnes de leur table source :
#
# - `grain_ventes` : colonnes de `order_lines` qui identifient une ligne de vente ;
# - `grain_stock` : colonnes de `stock_mensuel` qui identifient un relevé.
#
# Chaque grain doit être **unique** et **minimal** sur les données.
#
# > **Indice** : vérifiez l'unicité avec une requête `GROUP BY ... HAVING COUNT(*) > 1`,
# > comme ci-dessus. Relisez les particularités du contexte avant de choisir les colonnes
# > des ventes.

# %% nbgrader={"grade": false, "grade_id": "ex03_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
grain_ventes = ["order_id", "line_no"]
grain_stock = ["store_id", "product_id", "date_releve"]
### END SOLUTION
grain_ventes, grain_stock

# %% labkit={"competences": ["C13"]} nbgrader={"grade": true, "grade_id": "ex03_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 3 : les grains déclarés existent, sont uniques et minimaux, et sont les bons."""


def _check_grain(label, table, grain):
    assert isinstance(grain, list) and grain, f"{label} doit être une liste non vide de noms de colonnes."
    columns = [r[0] for r in con.sql(f"DESCRIBE {table}").fetchall()]
    unknown = [c for c in grain if c not in columns]
    assert not unknown, f"{label} : colonnes inconnues dans {table} : {unknown}."
    assert len(set(grain)) == len(grain), f"{label} : une colonne apparaît deux fois."

    def n_duplicates(cols):
        if not cols:
            return con.execute(f"SELECT COUNT(*) - 1 FROM {table}").fetchall()[0][0]
        keys = ", ".join(cols)
        return con.execute(
            f"SELECT COUNT(*) FROM (SELECT {keys} FROM {table} GROUP BY {keys} HAVING COUNT(*) > 1)"
        ).fetchall()[0][0]

    n = n_duplicates(grain)
    assert n == 0, (
        f"{label} n'est pas unique : {n} combinaison(s) de {grain} apparaissent plusieurs fois "
        f"dans {table} : ces colonnes ne suffisent pas à identifier une ligne."
    )
    for c in grain:
        rest = [x for x in grain if x != c]
        assert n_duplicates(rest) > 0, (
            f"{label} n'est pas minimal : sans la colonne {c!r}, il reste unique. Retirez-la."
        )


_check_grain("grain_ventes", "order_lines", grain_ventes)
_check_grain("grain_stock", "stock_mensuel", grain_stock)
### BEGIN HIDDEN TESTS
assert set(grain_ventes) == {"order_id", "line_no"}, (
    "grain_ventes : le grain le plus fin est celui qui identifie une ligne de commande telle "
    "que la source la numérote."
)
assert set(grain_stock) == {"store_id", "product_id", "date_releve"}, (
    "grain_stock : un relevé est identifié par le magasin, le produit et la date du relevé."
)
### END HIDDEN TESTS

# %% [markdown]
# Un piège courant : `["order_id", "product_id"]` semble naturel (« un produit dans une
# commande »), mais le même produit peut figurer sur deux lignes d'un ticket. Déclarer ce
# grain, puis regrouper les lignes pour qu'il devienne vrai, ferait perdre de
# l'information à l'entrepôt.

# %% [markdown]
# ---
# ## Partie 4 — Les dimensions : l'étape 3
#
# Une table de dimension porte le **contexte** : une ligne par membre (un produit, un
# magasin, un jour), beaucoup de colonnes descriptives, **dénormalisées** (le nom du
# rayon est recopié sur chaque produit : on évite des jointures aux analystes).
#
# Elle a deux clés :
#
# - la **clé naturelle** (ou clé métier) : l'identifiant du système source
#   (`product_id`) ; elle permet de retrouver le membre lors des chargements ;
# - la **clé de substitution** (*surrogate key*, suffixe `_sk`) : un entier **sans
#   signification**, attribué par l'entrepôt, clé primaire de la dimension. Les tables de
#   faits ne référencent que celle-ci. Elle isole l'entrepôt des changements de la source
#   (un code recyclé, deux sources aux identifiants qui se chevauchent) et permet de
#   garder l'historique d'un membre sur plusieurs lignes (lab sur les dimensions à
#   évolution lente).
#
# La dimension date est prête : elle a été construite dans la mise en place. Sa clé de
# substitution `date_sk` est une exception tolérée : un entier lisible, `20240315` pour
# le 15 mars 2024.

# %%
dim_date.head(apercu_lignes)

# %% [markdown]
# Voici comment construire une clé de substitution en pandas : on numérote les membres
# (ici de 1 à n), dans un ordre quelconque mais stable.

# %%
exemple = con.sql("SELECT region_code, name FROM regions").df()
exemple.insert(0, "region_sk", range(1, len(exemple) + 1))
exemple.head(apercu_lignes)

# %% [markdown]
# ### Exercice 4 — Les dimensions produit et magasin (2 points)
#
# Construisez deux `DataFrame` pandas, en **étoile** (toutes les colonnes descriptives
# dans la dimension, sans autre table à joindre).
#
# `dim_produit` : une ligne par produit de `products`, colonnes dans cet ordre :
#
# | colonne | contenu |
# |---|---|
# | `produit_sk` | clé de substitution : entiers distincts, non nuls |
# | `product_id` | clé naturelle |
# | `ean13` | le code EAN-13 |
# | `nom` | `products.name` |
# | `sous_rayon` | `products.subcategory` |
# | `rayon` | `products.category` |
# | `bio` | `products.organic` (booléen) |
# | `unite` | `products.unit` |
#
# `dim_magasin` : une ligne par magasin de `stores`, **plus** le membre spécial
# `MAGASIN_ESHOP` (défini dans la mise en place, clé de substitution 0), colonnes dans cet
# ordre :
#
# | colonne | contenu |
# |---|---|
# | `magasin_sk` | clé de substitution : entiers distincts, non nuls, **strictement positifs** pour les magasins ; 0 pour l'e-shop |
# | `store_id` | clé naturelle (0 pour l'e-shop) |
# | `code_magasin` | `stores.store_code` |
# | `nom` | `stores.name` |
# | `ville` | `stores.city` |
# | `departement_code` | `stores.departement_code` |
# | `region` | le **nom** de la région (`regions.name`), pas son code |
#
# > **Indice** : `pd.DataFrame([MAGASIN_ESHOP])` est un tableau d'une ligne que
# > `pd.concat` ajoute aux magasins. Vous pouvez aussi écrire une requête SQL dans `con` et
# > la convertir avec `.df()`.

# %% nbgrader={"grade": false, "grade_id": "ex04_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
dim_produit = con.sql("""
SELECT ROW_NUMBER() OVER (ORDER BY product_id) AS produit_sk,
       product_id, ean13, name AS nom, subcategory AS sous_rayon, category AS rayon,
       organic AS bio, unit AS unite
FROM products
ORDER BY product_id
""").df()
dim_magasin = pd.concat(
    [
        pd.DataFrame([MAGASIN_ESHOP]),
        con.sql("""
        SELECT ROW_NUMBER() OVER (ORDER BY s.store_id) AS magasin_sk,
               s.store_id, s.store_code AS code_magasin, s.name AS nom, s.city AS ville,
               s.departement_code, r.name AS region
        FROM stores AS s
        JOIN regions AS r USING (region_code)
        ORDER BY s.store_id
        """).df(),
    ],
    ignore_index=True,
)
### END SOLUTION
dim_magasin.head(apercu_lignes)

# %% labkit={"competences": ["C13"]} nbgrader={"grade": true, "grade_id": "ex04_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 4 : colonnes, clés de substitution et naturelles, membre e-shop, contenu exact."""
checks.assert_columns(dim_produit, ["produit_sk", "product_id", "ean13", "nom", "sous_rayon",
                                    "rayon", "bio", "unite"])
checks.assert_columns(dim_magasin, ["magasin_sk", "store_id", "code_magasin", "nom", "ville",
                                    "departement_code", "region"])
for _label, _frame, _sk, _nk in [("dim_produit", dim_produit, "produit_sk", "product_id"),
                                 ("dim_magasin", dim_magasin, "magasin_sk", "store_id")]:
    assert pd.api.types.is_integer_dtype(_frame[_sk]) and _frame[_sk].notna().all(), (
        f"{_label} : la clé de substitution {_sk} doit être un entier non nul."
    )
    assert _frame[_sk].is_unique, f"{_label} : la clé de substitution {_sk} doit être unique."
    assert _frame[_nk].is_unique, f"{_label} : la clé naturelle {_nk} doit être unique (une ligne par membre)."
_n_products = con.execute("SELECT COUNT(*) FROM products").fetchall()[0][0]
assert len(dim_produit) == _n_products, (
    f"dim_produit doit avoir une ligne par produit : {len(dim_produit)} lignes pour {_n_products} produits."
)
_eshop = dim_magasin[dim_magasin["magasin_sk"] == 0]
assert len(_eshop) == 1 and _eshop["code_magasin"].iloc[0] == "WEB", (
    "dim_magasin doit contenir le membre spécial MAGASIN_ESHOP, avec la clé de substitution 0."
)
assert (dim_magasin.loc[dim_magasin["store_id"] != 0, "magasin_sk"] > 0).all(), (
    "Les clés de substitution des vrais magasins doivent être strictement positives (0 est réservé à l'e-shop)."
)
assert not dim_magasin["region"].astype(str).str.fullmatch(r"\d+").any(), (
    "La colonne 'region' doit contenir le nom de la région, pas son code : joignez la table regions."
)
### BEGIN HIDDEN TESTS
_ref_produit = con.sql("""
SELECT product_id, ean13, name AS nom, subcategory AS sous_rayon, category AS rayon,
       organic AS bio, unit AS unite FROM products
""").df()
with checks.context("dim_produit"):
    checks.assert_frame_matches(dim_produit.drop(columns="produit_sk"), _ref_produit)
_stores = con.sql("SELECT * FROM stores").df().merge(
    con.sql("SELECT region_code, name AS region FROM regions").df(), on="region_code")
_ref_magasin = pd.concat([
    pd.DataFrame([MAGASIN_ESHOP]).drop(columns="magasin_sk"),
    _stores.rename(columns={"store_code": "code_magasin", "name": "nom", "city": "ville"})[
        ["store_id", "code_magasin", "nom", "ville", "departement_code", "region"]],
], ignore_index=True)
with checks.context("dim_magasin"):
    checks.assert_frame_matches(dim_magasin.drop(columns="magasin_sk"), _ref_magasin)
### END HIDDEN TESTS

# %% [markdown]
# ### Les indicateurs d'une commande : la dimension fourre-tout
#
# Une commande porte de petits indicateurs : son canal (`magasin` ou `eshop`), son statut,
# la présence d'une carte de fidélité. En faire trois dimensions encombrerait la table de
# faits de trois clés pour quelques valeurs chacune ; les laisser en texte dans la table
# de faits la gonflerait. Kimball les regroupe dans **une** dimension, dite
# **fourre-tout** (*junk dimension*) : une ligne par **combinaison** d'indicateurs,
# une seule clé dans la table de faits.
#
# On y met uniquement les combinaisons **observées** dans les données (le produit
# cartésien de toutes les valeurs possibles est une autre option, utile quand il reste
# petit).

# %% [markdown]
# ### Exercice 5 — La dimension fourre-tout des profils de commande (2 points)
#
# Construisez `dim_profil_commande`, un `DataFrame` avec une ligne par combinaison
# **présente dans `orders`** de trois indicateurs, colonnes dans cet ordre :
#
# | colonne | contenu |
# |---|---|
# | `profil_sk` | clé de substitution : entiers distincts, non nuls |
# | `canal` | `orders.channel` |
# | `statut` | `orders.status` |
# | `avec_carte` | booléen : `True` si la commande a un client identifié (`customer_id` non nul) |
#
# > **Indice** : `drop_duplicates` en pandas, ou `SELECT DISTINCT` en SQL.

# %% nbgrader={"grade": false, "grade_id": "ex05_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
dim_profil_commande = con.sql("""
SELECT ROW_NUMBER() OVER (ORDER BY canal, statut, avec_carte) AS profil_sk, *
FROM (
    SELECT DISTINCT channel AS canal, status AS statut, customer_id IS NOT NULL AS avec_carte
    FROM orders
)
ORDER BY profil_sk
""").df()
### END SOLUTION
dim_profil_commande

# %% labkit={"competences": ["C13"]} nbgrader={"grade": true, "grade_id": "ex05_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 5 : colonnes, clé de substitution, combinaisons uniques et toutes observées."""
checks.assert_columns(dim_profil_commande, ["profil_sk", "canal", "statut", "avec_carte"])
assert pd.api.types.is_integer_dtype(dim_profil_commande["profil_sk"]) and dim_profil_commande["profil_sk"].is_unique, (
    "profil_sk doit être un entier unique."
)
assert pd.api.types.is_bool_dtype(dim_profil_commande["avec_carte"]), "avec_carte doit être un booléen."
assert not dim_profil_commande.duplicated(["canal", "statut", "avec_carte"]).any(), (
    "Chaque combinaison (canal, statut, avec_carte) ne doit apparaître qu'une fois."
)
_orders = con.sql(
    "SELECT channel AS canal, status AS statut, customer_id IS NOT NULL AS avec_carte FROM orders"
).df()
_missing = _orders.merge(dim_profil_commande, how="left", on=["canal", "statut", "avec_carte"])["profil_sk"].isna().sum()
assert _missing == 0, (
    f"{_missing} commande(s) n'ont pas de profil correspondant : il manque des combinaisons."
)
### BEGIN HIDDEN TESTS
_ref = con.sql("""
SELECT channel AS canal, status AS statut, customer_id IS NOT NULL AS avec_carte
FROM orders GROUP BY ALL
""").df()
checks.assert_frame_matches(dim_profil_commande.drop(columns="profil_sk"), _ref)
### END HIDDEN TESTS

# %% [markdown]
# Quelques lignes seulement : la dimension fourre-tout remplace trois colonnes de texte
# par un petit entier sur chacune des lignes de ventes. Remarquez aussi les combinaisons
# absentes (une commande de l'e-shop a toujours un client identifié) : elles disent
# quelque chose du métier.

# %% [markdown]
# ---
# ## Partie 5 — Les faits : l'étape 4
#
# ### Mesures additives, semi-additives, non additives
#
# Une **mesure** est une colonne numérique de la table de faits. Ce qui compte pour
# l'analyste, c'est la façon dont elle **s'agrège** :
#
# - **additive** : on peut la sommer selon **toutes** les dimensions (montant vendu,
#   quantité vendue : la somme par mois, par magasin ou par produit a un sens) ;
# - **semi-additive** : on peut la sommer selon certaines dimensions mais **pas dans le
#   temps** (un niveau de stock, un solde de compte : le stock de tous les magasins au
#   31 mars se somme, mais additionner le stock du 31 janvier, du 29 février et du
#   31 mars ne veut rien dire). Sur une période, on prend la **dernière valeur** (ou la
#   moyenne des relevés) ;
# - **non additive** : elle ne se somme selon **aucune** dimension (un prix unitaire, un
#   taux, un ratio, une moyenne). On stocke plutôt ses composantes additives (le
#   numérateur et le dénominateur) et on recalcule le ratio **après** agrégation.
#
# Exemple du piège semi-additif sur un produit d'un magasin :

# %%
con.sql("""
SELECT store_id, product_id,
       SUM(quantite) AS somme_des_releves_2024,
       arg_max(quantite, date_releve) AS stock_au_dernier_releve
FROM stock_mensuel
WHERE store_id = (SELECT MIN(store_id) FROM stock_mensuel)
GROUP BY store_id, product_id
ORDER BY product_id
LIMIT 3
""").df()

# %% [markdown]
# La « somme des relevés » compte les mêmes pots de miel douze fois. Le stock de 2024,
# c'est le stock au dernier relevé de 2024.
#
# Quant aux ratios : le taux de remise moyen d'un mois n'est pas la moyenne des taux de
# chaque ligne (une remise de 50 % sur un citron pèserait autant qu'une remise de 5 % sur
# un panier de 200 €), mais `SUM(remise) / SUM(montant brut)`.

# %% [markdown]
# ### Exercice 6 — Classer les mesures (2 points)
#
# Voici les mesures envisagées pour l'entrepôt :
#
# | mesure | définition |
# |---|---|
# | `quantite` | quantité vendue sur une ligne de commande |
# | `prix_unitaire_eur` | prix unitaire du produit le jour de la commande |
# | `remise_eur` | remise accordée sur la ligne, en euros |
# | `montant_net_eur` | montant payé pour la ligne : `quantite × prix_unitaire_eur − remise_eur` |
# | `taux_remise` | `remise_eur / (quantite × prix_unitaire_eur)` sur la ligne |
# | `panier_moyen_eur` | montant moyen d'une commande |
# | `quantite_en_stock` | quantité d'un produit en stock dans un magasin à la date d'un relevé |
# | `valeur_stock_eur` | `quantite_en_stock × prix du produit` à la date d'un relevé |
#
# Construisez `additivite`, un dictionnaire dont les clés sont ces huit noms de mesures
# et les valeurs l'un des textes `"additive"`, `"semi-additive"` ou `"non-additive"`
# (la constante `ADDITIVITES` de la mise en place les contient).

# %% nbgrader={"grade": false, "grade_id": "ex06_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
additivite = {
    "quantite": "additive",
    "prix_unitaire_eur": "non-additive",
    "remise_eur": "additive",
    "montant_net_eur": "additive",
    "taux_remise": "non-additive",
    "panier_moyen_eur": "non-additive",
    "quantite_en_stock": "semi-additive",
    "valeur_stock_eur": "semi-additive",
}
### END SOLUTION
additivite

# %% labkit={"competences": ["C13"]} nbgrader={"grade": true, "grade_id": "ex06_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 6 : les huit mesures classées, avec des classes connues, et correctement."""
_measures = ["quantite", "prix_unitaire_eur", "remise_eur", "montant_net_eur", "taux_remise",
             "panier_moyen_eur", "quantite_en_stock", "valeur_stock_eur"]
assert isinstance(additivite, dict), "additivite doit être un dictionnaire."
assert set(additivite) == set(_measures), (
    f"Les clés doivent être exactement les huit mesures du tableau ; vous avez {sorted(additivite)}."
)
_bad = sorted(k for k, v in additivite.items() if v not in ADDITIVITES)
assert not _bad, f"Classes inconnues pour {_bad} : utilisez 'additive', 'semi-additive' ou 'non-additive'."
assert len(set(additivite.values())) == 3, "Les trois classes d'additivité sont représentées parmi ces mesures."
### BEGIN HIDDEN TESTS
_expected = {"quantite": "additive", "remise_eur": "additive", "montant_net_eur": "additive",
             "prix_unitaire_eur": "non-additive", "taux_remise": "non-additive",
             "panier_moyen_eur": "non-additive", "quantite_en_stock": "semi-additive",
             "valeur_stock_eur": "semi-additive"}
_wrong = sorted(k for k in _expected if additivite[k] != _expected[k])
assert not _wrong, f"Revoyez la classe de : {_wrong}."
### END HIDDEN TESTS

# %% [markdown]
# ### La table de faits des ventes et sa dimension dégénérée
#
# La table de faits contient, pour chaque ligne au grain déclaré :
#
# - les **clés étrangères** vers les dimensions (les clés de substitution) ;
# - les **mesures** ;
# - éventuellement des **dimensions dégénérées** : un identifiant de la source, comme le
#   numéro de commande `order_id`, utile pour regrouper les lignes d'un même panier (Q2)
#   ou remonter au ticket, mais qui n'a **aucun attribut** à mettre dans une table de
#   dimension. Il reste dans la table de faits, sans table associée.
#
# Pour trouver la clé de substitution d'un membre, on **joint sur la clé naturelle**
# (*lookup*). Exemple avec la dimension date, dont la clé se calcule :

# %%
con.sql("""
SELECT order_id, ordered_at,
       CAST(strftime(ordered_at, '%Y%m%d') AS INTEGER) AS date_sk
FROM orders
LIMIT 3
""").df()

# %% [markdown]
# ### Exercice 7 — La table de faits des ventes (3 points)
#
# Construisez `fait_ventes`, un `DataFrame` au grain de l'exercice 3 (une ligne par ligne
# de `order_lines`, **aucune perdue, aucune dupliquée**), colonnes dans cet ordre :
#
# | colonne | contenu |
# |---|---|
# | `date_sk` | date de la commande (`orders.ordered_at`) au format entier `AAAAMMJJ` |
# | `produit_sk` | clé de `dim_produit` du produit de la ligne |
# | `magasin_sk` | clé de `dim_magasin` du magasin de la commande ; **0** (l'e-shop) quand `store_id` est `NULL` |
# | `profil_sk` | clé de `dim_profil_commande` de la combinaison (canal, statut, carte) de la commande |
# | `order_id` | dimension dégénérée : le numéro de commande |
# | `line_no` | dimension dégénérée : le numéro de ligne |
# | `quantite` | `order_lines.quantity` |
# | `prix_unitaire_eur` | `order_lines.unit_price_eur` |
# | `remise_eur` | `order_lines.discount_eur` |
# | `montant_net_eur` | `quantite × prix_unitaire_eur − remise_eur`, sans arrondi |
#
# Toutes les lignes sont gardées, y compris celles des commandes annulées ou remboursées :
# le statut est dans le profil, l'analyste filtre selon sa question.
#
# > **Indice** : partez de `order_lines`, joignez `orders` sur `order_id`, puis chaque
# > dimension sur sa clé naturelle. Pour utiliser vos `DataFrame` dans une requête DuckDB,
# > enregistrez-les d'abord : `con.register("dim_produit", dim_produit)`. En pandas,
# > `merge(..., how="left")` suivi d'une vérification des clés manquantes évite de perdre
# > des lignes sans le voir.

# %% nbgrader={"grade": false, "grade_id": "ex07_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
_lines = con.sql("SELECT * FROM order_lines").df()
_orders = con.sql("SELECT * FROM orders").df()
fait_ventes = _lines.merge(_orders, on="order_id", how="left")
fait_ventes["date_sk"] = fait_ventes["ordered_at"].dt.strftime("%Y%m%d").astype("int64")
fait_ventes["store_id"] = fait_ventes["store_id"].fillna(0).astype("int64")
fait_ventes["avec_carte"] = fait_ventes["customer_id"].notna()
fait_ventes = (
    fait_ventes
    .merge(dim_produit[["produit_sk", "product_id"]], on="product_id", how="left")
    .merge(dim_magasin[["magasin_sk", "store_id"]], on="store_id", how="left")
    .merge(dim_profil_commande, left_on=["channel", "status", "avec_carte"],
           right_on=["canal", "statut", "avec_carte"], how="left")
)
fait_ventes = fait_ventes.rename(columns={
    "quantity": "quantite", "unit_price_eur": "prix_unitaire_eur", "discount_eur": "remise_eur"})
fait_ventes["montant_net_eur"] = (
    fait_ventes["quantite"] * fait_ventes["prix_unitaire_eur"] - fait_ventes["remise_eur"])
fait_ventes = fait_ventes[["date_sk", "produit_sk", "magasin_sk", "profil_sk", "order_id",
                           "line_no", "quantite", "prix_unitaire_eur", "remise_eur",
                           "montant_net_eur"]]
assert fait_ventes[["produit_sk", "magasin_sk", "profil_sk"]].notna().all().all()
### END SOLUTION
fait_ventes.head(apercu_lignes)

# %% labkit={"competences": ["C13"]} nbgrader={"grade": true, "grade_id": "ex07_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 7 : colonnes, une ligne par ligne de commande, clés toutes trouvées, contenu exact."""
checks.assert_columns(fait_ventes, ["date_sk", "produit_sk", "magasin_sk", "profil_sk", "order_id",
                                    "line_no", "quantite", "prix_unitaire_eur", "remise_eur",
                                    "montant_net_eur"])
_n_lines = con.execute("SELECT COUNT(*) FROM order_lines").fetchall()[0][0]
assert len(fait_ventes) == _n_lines, (
    f"fait_ventes a {len(fait_ventes)} lignes alors que order_lines en a {_n_lines} : une jointure "
    "a perdu ou dupliqué des lignes (jointure interne sur une clé absente ? clé non unique ?)."
)
assert not fait_ventes.duplicated(["order_id", "line_no"]).any(), (
    "Des lignes de commande apparaissent plusieurs fois : le grain n'est pas respecté."
)
for _col in ["date_sk", "produit_sk", "magasin_sk", "profil_sk"]:
    assert fait_ventes[_col].notna().all(), (
        f"La clé étrangère {_col} contient des valeurs manquantes : certaines lignes n'ont pas "
        "trouvé leur membre dans la dimension (l'e-shop ? une combinaison du profil ?)."
    )
for _col, _dim, _sk in [("produit_sk", dim_produit, "produit_sk"), ("magasin_sk", dim_magasin, "magasin_sk"),
                        ("profil_sk", dim_profil_commande, "profil_sk"), ("date_sk", dim_date, "date_sk")]:
    assert fait_ventes[_col].isin(_dim[_sk]).all(), (
        f"Des valeurs de {_col} n'existent pas dans la dimension : utilisez ses clés de substitution."
    )
assert (fait_ventes["magasin_sk"] == 0).any(), "Les ventes de l'e-shop doivent pointer vers le membre spécial 0."
_gap = (fait_ventes["quantite"] * fait_ventes["prix_unitaire_eur"] - fait_ventes["remise_eur"]
        - fait_ventes["montant_net_eur"]).abs().max()
assert _gap < 1e-6, "montant_net_eur doit valoir quantite × prix_unitaire_eur − remise_eur sur chaque ligne."
### BEGIN HIDDEN TESTS
con.register("_t_fait", fait_ventes)
con.register("_t_produit", dim_produit)
con.register("_t_magasin", dim_magasin)
con.register("_t_profil", dim_profil_commande)
try:
    _actual = con.sql("""
    SELECT f.order_id, f.line_no, f.date_sk, p.product_id, m.store_id, pr.canal, pr.statut,
           pr.avec_carte, f.quantite, f.prix_unitaire_eur, f.remise_eur, f.montant_net_eur
    FROM _t_fait AS f
    JOIN _t_produit AS p ON p.produit_sk = f.produit_sk
    JOIN _t_magasin AS m ON m.magasin_sk = f.magasin_sk
    JOIN _t_profil AS pr ON pr.profil_sk = f.profil_sk
    """).df()
finally:
    for _v in ["_t_fait", "_t_produit", "_t_magasin", "_t_profil"]:
        con.unregister(_v)
_expected = con.sql("""
SELECT l.order_id, l.line_no, year(o.ordered_at) * 10000 + month(o.ordered_at) * 100 + day(o.ordered_at) AS date_sk,
       l.product_id, COALESCE(o.store_id, 0) AS store_id, o.channel AS canal, o.status AS statut,
       o.customer_id IS NOT NULL AS avec_carte, l.quantity AS quantite,
       l.unit_price_eur AS prix_unitaire_eur, l.discount_eur AS remise_eur,
       l.quantity * l.unit_price_eur - l.discount_eur AS montant_net_eur
FROM order_lines AS l, orders AS o
WHERE l.order_id = o.order_id
""").df()
checks.assert_frame_matches(_actual, _expected)
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 6 — Le modèle en code : déclaration, dessin, DDL
#
# Un modèle dimensionnel n'est pas qu'un dessin : c'est une **spécification** que l'on
# peut relire, versionner, tester et dont on peut **générer** le DDL (les ordres
# `CREATE TABLE`). La mise en place définit trois classes :
#
# - `Dimension(table, cle_substitution, cle_naturelle, colonnes)` : `colonnes` est un
#   dictionnaire *nom → type SQL* de **toutes** les colonnes sauf la clé de substitution
#   (qui est toujours un `INTEGER`) ; `cle_naturelle` est la liste des colonnes (parmi
#   `colonnes`) qui identifient un membre dans la source ;
# - `Mesure(nom, type_sql, additivite)` ;
# - `Fait(table, grain, cles_etrangeres, dimensions_degenerees, mesures)` :
#   `cles_etrangeres` associe chaque colonne de clé étrangère à la **table** de dimension
#   qu'elle référence ; `dimensions_degenerees` associe chaque colonne dégénérée à son
#   type ; `grain` est la liste des colonnes de la table de faits qui forment le grain.
#
# La dimension date est déjà déclarée, dans la constante `DIM_DATE` :

# %%
DIM_DATE

# %% [markdown]
# La fonction `types_sql(df)` propose un type SQL pour chaque colonne d'un `DataFrame` ;
# elle vous évitera de recopier les types à la main :

# %%
types_sql(dim_date)

# %% [markdown]
# ### Exercice 8 — Déclarer le modèle (2 points)
#
# Déclarez le modèle en étoile de Panier Vert :
#
# - `modele_dimensions` : la liste des quatre `Dimension`, `DIM_DATE` puis `dim_produit`,
#   `dim_magasin` et `dim_profil_commande` (le nom de `table` est celui du `DataFrame`
#   correspondant). Pour chacune, `cle_substitution` est sa colonne `_sk` et `colonnes`
#   contient **exactement** les autres colonnes du `DataFrame`. Les clés naturelles :
#   `product_id` pour les produits, `store_id` pour les magasins, et pour la dimension
#   fourre-tout la **combinaison** de ses trois indicateurs ;
# - `modele_faits` : la liste de deux `Fait` :
#   - `fait_ventes` : ses colonnes sont exactement celles du `DataFrame` `fait_ventes` de
#     l'exercice 7 (clés étrangères, dimensions dégénérées, mesures), son grain est
#     exprimé avec ses colonnes ;
#   - `fait_stock_mensuel` : une ligne par relevé de `stock_mensuel`, avec les clés
#     étrangères `date_sk`, `produit_sk`, `magasin_sk`, une seule mesure,
#     `quantite_en_stock` (type `DOUBLE`), et pas de dimension dégénérée.
#
#   L'additivité de chaque mesure est celle de votre classement de l'exercice 6.
#
# > **Indice** : `types_sql(dim_produit.drop(columns="produit_sk"))` donne le dictionnaire
# > `colonnes` de la dimension produit. Le grain d'une table de faits est exprimé avec
# > **ses** colonnes : pour le stock, ce sont des clés de substitution, pas `store_id`.

# %% nbgrader={"grade": false, "grade_id": "ex08_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
modele_dimensions = [
    DIM_DATE,
    Dimension("dim_produit", "produit_sk", ["product_id"],
              types_sql(dim_produit.drop(columns="produit_sk"))),
    Dimension("dim_magasin", "magasin_sk", ["store_id"],
              types_sql(dim_magasin.drop(columns="magasin_sk"))),
    Dimension("dim_profil_commande", "profil_sk", ["canal", "statut", "avec_carte"],
              types_sql(dim_profil_commande.drop(columns="profil_sk"))),
]
modele_faits = [
    Fait(
        table="fait_ventes",
        grain=["order_id", "line_no"],
        cles_etrangeres={"date_sk": "dim_date", "produit_sk": "dim_produit",
                         "magasin_sk": "dim_magasin", "profil_sk": "dim_profil_commande"},
        dimensions_degenerees={"order_id": "BIGINT", "line_no": "BIGINT"},
        mesures=[Mesure(nom, "DOUBLE", additivite[nom])
                 for nom in ["quantite", "prix_unitaire_eur", "remise_eur", "montant_net_eur"]],
    ),
    Fait(
        table="fait_stock_mensuel",
        grain=["date_sk", "produit_sk", "magasin_sk"],
        cles_etrangeres={"date_sk": "dim_date", "produit_sk": "dim_produit",
                         "magasin_sk": "dim_magasin"},
        mesures=[Mesure("quantite_en_stock", "DOUBLE", additivite["quantite_en_stock"])],
    ),
]
### END SOLUTION
[d.table for d in modele_dimensions], [f.table for f in modele_faits]

# %% labkit={"competences": ["C13"]} nbgrader={"grade": true, "grade_id": "ex08_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 8 : tables déclarées, colonnes conformes aux DataFrame, grain unique, clés, dimensions conformes, additivité."""
assert all(isinstance(d, Dimension) for d in modele_dimensions), "modele_dimensions doit être une liste de Dimension."
assert all(isinstance(f, Fait) for f in modele_faits), "modele_faits doit être une liste de Fait."
_dims = {d.table: d for d in modele_dimensions}
_classes = globals().get("additivite", {})  # the classification of exercise 6, if answered
_facts = {f.table: f for f in modele_faits}
assert set(_dims) == {"dim_date", "dim_produit", "dim_magasin", "dim_profil_commande"}, (
    f"Dimensions attendues : dim_date, dim_produit, dim_magasin, dim_profil_commande ; vous avez {sorted(_dims)}."
)
assert set(_facts) == {"fait_ventes", "fait_stock_mensuel"}, (
    f"Tables de faits attendues : fait_ventes, fait_stock_mensuel ; vous avez {sorted(_facts)}."
)
for _name, _frame in [("dim_date", dim_date), ("dim_produit", dim_produit), ("dim_magasin", dim_magasin),
                      ("dim_profil_commande", dim_profil_commande)]:
    _d = _dims[_name]
    _declared = [_d.cle_substitution, *_d.colonnes]
    assert sorted(_declared) == sorted(_frame.columns), (
        f"{_name} : la clé de substitution et les colonnes déclarées ({sorted(_declared)}) doivent être "
        f"exactement celles du DataFrame ({sorted(_frame.columns)})."
    )
for _f in modele_faits:
    _unknown = sorted(set(_f.cles_etrangeres.values()) - set(_dims))
    assert not _unknown, f"{_f.table} référence des dimensions non déclarées : {_unknown}."
    _outside = [c for c in _f.grain if c not in _f.colonnes()]
    assert not _outside, f"{_f.table} : le grain utilise des colonnes absentes de la table de faits : {_outside}."
    for _m in _f.mesures:
        assert _m.nom not in _classes or _m.additivite == _classes[_m.nom], (
            f"{_f.table} : l'additivité de la mesure {_m.nom!r} doit être celle de votre classement (exercice 6)."
        )
assert sorted(_facts["fait_ventes"].colonnes()) == sorted(fait_ventes.columns), (
    "fait_ventes : les colonnes déclarées (clés étrangères, dimensions dégénérées, mesures) doivent être "
    "exactement celles du DataFrame de l'exercice 7."
)
assert not fait_ventes.duplicated(_facts["fait_ventes"].grain).any(), (
    "Le grain déclaré pour fait_ventes n'est pas unique sur le DataFrame fait_ventes."
)
_conformed = set(_facts["fait_ventes"].cles_etrangeres.values()) & set(_facts["fait_stock_mensuel"].cles_etrangeres.values())
assert _conformed, "Les deux tables de faits ne partagent aucune dimension : où sont les dimensions conformes ?"
### BEGIN HIDDEN TESTS
assert _conformed == {"dim_date", "dim_produit", "dim_magasin"}, (
    "Les dimensions conformes (partagées par les ventes et le stock) ne sont pas les bonnes : revoyez la matrice en bus."
)
assert set(_facts["fait_ventes"].grain) == {"order_id", "line_no"}, "Revoyez le grain de fait_ventes (exercice 3)."
assert set(_facts["fait_ventes"].dimensions_degenerees) == {"order_id", "line_no"}, (
    "order_id et line_no sont les dimensions dégénérées de fait_ventes."
)
assert set(_facts["fait_stock_mensuel"].grain) == {"date_sk", "produit_sk", "magasin_sk"}, (
    "Revoyez le grain de fait_stock_mensuel : un relevé par date, produit et magasin."
)
assert [m.nom for m in _facts["fait_stock_mensuel"].mesures] == ["quantite_en_stock"], (
    "fait_stock_mensuel a une seule mesure, quantite_en_stock."
)
assert set(_dims["dim_profil_commande"].cle_naturelle) == {"canal", "statut", "avec_carte"}, (
    "La clé naturelle de la dimension fourre-tout est la combinaison de ses indicateurs."
)
assert _dims["dim_produit"].cle_naturelle == ["product_id"] and _dims["dim_magasin"].cle_naturelle == ["store_id"], (
    "Clés naturelles : ['product_id'] pour dim_produit, ['store_id'] pour dim_magasin."
)
_ref_add = {"quantite": "additive", "prix_unitaire_eur": "non-additive", "remise_eur": "additive",
            "montant_net_eur": "additive", "quantite_en_stock": "semi-additive"}
for _f in modele_faits:
    for _m in _f.mesures:
        assert _ref_add.get(_m.nom) == _m.additivite, f"Revoyez l'additivité de la mesure {_m.nom!r}."
### END HIDDEN TESTS

# %% [markdown]
# ### Le dessin du modèle
#
# La fonction `dessiner_modele` lit **votre** déclaration et dessine le schéma : les
# tables de faits au centre (fond orangé), les dimensions autour (fond vert), une ligne
# par clé étrangère. `PK` désigne la clé primaire, `NK` la clé naturelle, `FK` une clé
# étrangère, `DD` une dimension dégénérée ; les lettres entre parenthèses donnent
# l'additivité des mesures (A, SA, NA).

# %%
if afficher_graphiques:
    dessiner_modele(modele_dimensions, modele_faits,
                    titre="Panier Vert : ventes et stock, deux étoiles qui partagent leurs dimensions")

# %% [markdown]
# Le dessin montre deux étoiles accolées : `fait_ventes` relié aux quatre dimensions,
# `fait_stock_mensuel` relié à trois d'entre elles (date, produit, magasin), qui sont les
# dimensions conformes. Si votre dessin montre une dimension isolée ou une ligne qui
# manque, c'est votre déclaration qu'il faut corriger.

# %% [markdown]
# ### Du modèle au DDL
#
# Dans l'entrepôt, les clés deviennent des **contraintes** que le SGBD vérifie :
#
# ```sql
# CREATE TABLE dim_exemple (
#     exemple_sk INTEGER PRIMARY KEY,
#     code VARCHAR NOT NULL,
#     libelle VARCHAR,
#     UNIQUE (code)
# );
# CREATE TABLE fait_exemple (
#     exemple_sk INTEGER NOT NULL REFERENCES dim_exemple (exemple_sk),
#     ticket BIGINT,
#     montant DOUBLE,
#     PRIMARY KEY (ticket)
# );
# ```
#
# DuckDB décrit les contraintes de ses tables dans `duckdb_constraints()` ; c'est là que
# le correcteur vérifiera votre entrepôt.

# %%
_demo = duckdb.connect()
_demo.execute("""
CREATE TABLE dim_exemple (exemple_sk INTEGER PRIMARY KEY, code VARCHAR NOT NULL, libelle VARCHAR, UNIQUE (code));
CREATE TABLE fait_exemple (exemple_sk INTEGER NOT NULL REFERENCES dim_exemple (exemple_sk),
                           ticket BIGINT, montant DOUBLE, PRIMARY KEY (ticket));
""")
_demo.sql("""
SELECT table_name, constraint_type, constraint_column_names, referenced_table, referenced_column_names
FROM duckdb_constraints()
ORDER BY table_name, constraint_type
""").df()

# %% [markdown]
# ### Exercice 9 — Générer le DDL et créer l'entrepôt (3 points)
#
# Écrivez la fonction `generer_ddl(dimensions, faits)` qui renvoie la **liste** des ordres
# `CREATE TABLE` (un texte par table) du modèle, **les dimensions d'abord** (une table de
# faits ne peut référencer qu'une table qui existe). Elle doit marcher pour **n'importe
# quel** modèle décrit avec les trois classes, pas seulement celui de Panier Vert :
#
# - une dimension : sa clé de substitution `INTEGER PRIMARY KEY`, puis chaque colonne de
#   `colonnes` avec son type, `NOT NULL` pour les colonnes de la clé naturelle, et une
#   contrainte `UNIQUE (...)` sur **l'ensemble** des colonnes de la clé naturelle ;
# - une table de faits : chaque clé étrangère `INTEGER NOT NULL REFERENCES <table de la
#   dimension> (<clé de substitution de cette dimension>)`, puis les dimensions
#   dégénérées avec leur type, puis les mesures avec leur type, et enfin
#   `PRIMARY KEY (...)` sur les colonnes du grain.
#
# Attention : le nom d'une colonne de clé étrangère n'est pas toujours celui de la clé de
# substitution qu'elle référence (une table de faits des livraisons aurait
# `date_expedition_sk` et `date_livraison_sk`, deux rôles de la même `dim_date`).
#
# La cellule réponse exécute ensuite votre DDL dans une nouvelle base DuckDB en mémoire,
# `entrepot`.

# %% nbgrader={"grade": false, "grade_id": "ex09_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def generer_ddl(dimensions, faits):
    """The CREATE TABLE statements of the model, dimensions first."""
    ### BEGIN SOLUTION
    statements = []
    surrogate = {d.table: d.cle_substitution for d in dimensions}
    for d in dimensions:
        lines = [f"{d.cle_substitution} INTEGER PRIMARY KEY"]
        for column, sql_type in d.colonnes.items():
            not_null = " NOT NULL" if column in d.cle_naturelle else ""
            lines.append(f"{column} {sql_type}{not_null}")
        lines.append(f"UNIQUE ({', '.join(d.cle_naturelle)})")
        statements.append(f"CREATE TABLE {d.table} (\n    " + ",\n    ".join(lines) + "\n)")
    for f in faits:
        lines = [f"{column} INTEGER NOT NULL REFERENCES {table} ({surrogate[table]})"
                 for column, table in f.cles_etrangeres.items()]
        lines += [f"{column} {sql_type}" for column, sql_type in f.dimensions_degenerees.items()]
        lines += [f"{m.nom} {m.type_sql}" for m in f.mesures]
        lines.append(f"PRIMARY KEY ({', '.join(f.grain)})")
        statements.append(f"CREATE TABLE {f.table} (\n    " + ",\n    ".join(lines) + "\n)")
    return statements
    ### END SOLUTION


entrepot = duckdb.connect()
entrepot.execute("SET enable_progress_bar = false")
for ddl in generer_ddl(modele_dimensions, modele_faits):
    entrepot.execute(ddl)
print(generer_ddl(modele_dimensions, modele_faits)[-2])

# %% labkit={"competences": ["C13"]} nbgrader={"grade": true, "grade_id": "ex09_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 9 : DDL exécutable, clés primaires, uniques et étrangères dans le catalogue, grain vérifié sur la table chargée."""


def _build(dimensions, faits):
    db = duckdb.connect()
    db.execute("SET enable_progress_bar = false")
    statements = checks.learner_call("generer_ddl", generer_ddl, dimensions, faits)
    assert isinstance(statements, list) and all(isinstance(s, str) for s in statements), (
        "generer_ddl doit renvoyer une liste de textes (un ordre CREATE TABLE par table)."
    )
    assert len(statements) == len(dimensions) + len(faits), (
        f"generer_ddl doit renvoyer un ordre par table : {len(statements)} ordres pour "
        f"{len(dimensions) + len(faits)} tables."
    )
    for s in statements:
        try:
            db.execute(s)
        except duckdb.Error as exc:
            raise AssertionError(f"Un ordre généré échoue dans DuckDB : {str(exc).splitlines()[0]}") from None
    return db


def _constraints(db):
    rows = db.sql("""
    SELECT table_name, constraint_type, constraint_column_names, referenced_table, referenced_column_names
    FROM duckdb_constraints()
    """).fetchall()
    return {(t, k, tuple(sorted(c)), r, tuple(rc or ())) for t, k, c, r, rc in rows}


def _check_catalog(db, dimensions, faits):
    found = _constraints(db)
    by_table = {d.table: d for d in dimensions}
    for d in dimensions:
        assert (d.table, "PRIMARY KEY", (d.cle_substitution,), None, ()) in found, (
            f"{d.table} : il manque la clé primaire sur la clé de substitution {d.cle_substitution}."
        )
        assert (d.table, "UNIQUE", tuple(sorted(d.cle_naturelle)), None, ()) in found, (
            f"{d.table} : il manque la contrainte UNIQUE sur la clé naturelle (toutes ses colonnes ensemble)."
        )
        for c in d.cle_naturelle:
            assert (d.table, "NOT NULL", (c,), None, ()) in found, f"{d.table} : la colonne {c} de la clé naturelle doit être NOT NULL."
    for f in faits:
        assert (f.table, "PRIMARY KEY", tuple(sorted(f.grain)), None, ()) in found, (
            f"{f.table} : il manque la clé primaire sur les colonnes du grain."
        )
        for column, table in f.cles_etrangeres.items():
            key = (f.table, "FOREIGN KEY", (column,), table, (by_table[table].cle_substitution,))
            assert key in found, (
                f"{f.table} : il manque la clé étrangère {column} → {table} "
                "(vers la clé de substitution de la dimension)."
            )
            assert (f.table, "NOT NULL", (column,), None, ()) in found, f"{f.table} : la clé étrangère {column} doit être NOT NULL."
        columns = [r[0] for r in db.sql(f"DESCRIBE {f.table}").fetchall()]
        assert columns == f.colonnes(), (
            f"{f.table} : colonnes créées {columns}, attendues dans l'ordre clés étrangères, "
            f"dimensions dégénérées, mesures : {f.colonnes()}."
        )


_db = _build(modele_dimensions, modele_faits)
_check_catalog(_db, modele_dimensions, modele_faits)
# Load the learner's tables, then check the declared grain on the loaded fact table.
for _name, _frame in [("dim_date", dim_date), ("dim_produit", dim_produit), ("dim_magasin", dim_magasin),
                      ("dim_profil_commande", dim_profil_commande), ("fait_ventes", fait_ventes)]:
    _db.register("_frame", _frame)
    try:
        _db.execute(f"INSERT INTO {_name} BY NAME SELECT * FROM _frame")
    except duckdb.Error as exc:
        raise AssertionError(f"Le chargement de {_name} échoue : {str(exc).splitlines()[0]}") from None
    finally:
        _db.unregister("_frame")
_grain = ", ".join(next(f for f in modele_faits if f.table == "fait_ventes").grain)
_dups = _db.execute(f"SELECT COUNT(*) FROM (SELECT {_grain} FROM fait_ventes GROUP BY {_grain} HAVING COUNT(*) > 1)").fetchall()[0][0]
assert _dups == 0, "Le grain déclaré de fait_ventes n'est pas unique sur la table chargée."
assert _db.execute("SELECT COUNT(*) FROM fait_ventes").fetchall()[0][0] == len(fait_ventes), (
    "Toutes les lignes de fait_ventes doivent se charger dans les tables créées par votre DDL."
)
_db.close()
### BEGIN HIDDEN TESTS
# Another model: a role-playing date dimension, a composite natural key, a fact without measures.
_dims_h = [
    Dimension("dim_jour", "jour_sk", ["jour"], {"jour": "DATE", "ferie": "BOOLEAN"}),
    Dimension("dim_transporteur", "transporteur_sk", ["code", "pays"],
              {"libelle": "VARCHAR", "code": "VARCHAR", "pays": "VARCHAR"}),
]
_facts_h = [
    Fait("fait_colis", grain=["colis_id"],
         cles_etrangeres={"expedition_sk": "dim_jour", "livraison_sk": "dim_jour",
                          "transporteur_sk": "dim_transporteur"},
         dimensions_degenerees={"colis_id": "VARCHAR"},
         mesures=[Mesure("poids_kg", "DOUBLE", "additive")]),
    Fait("fait_passage", grain=["jour_sk", "transporteur_sk"],
         cles_etrangeres={"jour_sk": "dim_jour", "transporteur_sk": "dim_transporteur"}),
]
with checks.context("un autre modèle (dimension de rôle, clé naturelle composée)"):
    _db = _build(_dims_h, _facts_h)
    _check_catalog(_db, _dims_h, _facts_h)
    _db.execute("INSERT INTO dim_jour VALUES (1, DATE '2024-05-01', true)")
    _db.execute("INSERT INTO dim_transporteur VALUES (1, 'Colissimo', 'COL', 'FR')")
    _db.execute("INSERT INTO fait_colis VALUES (1, 1, 1, 'A1', 2.5)")
    for _bad in ["INSERT INTO fait_colis VALUES (1, 99, 1, 'A2', 1.0)",
                 "INSERT INTO fait_colis VALUES (1, 1, 1, 'A1', 1.0)",
                 "INSERT INTO dim_transporteur VALUES (2, 'Colissimo bis', 'COL', 'FR')"]:
        try:
            _db.execute(_bad)
        except duckdb.Error:
            continue
        raise AssertionError("Une ligne qui viole une contrainte (clé étrangère, grain, clé naturelle) a été acceptée.")
    _db.close()
### END HIDDEN TESTS

# %% [markdown]
# ### Le chargement de l'entrepôt
#
# La cellule suivante (fournie) charge vos dimensions et votre table de faits des ventes
# dans `entrepot`, puis construit la table de faits du stock par recherche des clés de
# substitution. Les contraintes jouent leur rôle : une clé étrangère sans membre ou un
# doublon sur le grain ferait échouer le chargement.

# %%
for _name, _frame in [("dim_date", dim_date), ("dim_produit", dim_produit), ("dim_magasin", dim_magasin),
                      ("dim_profil_commande", dim_profil_commande), ("fait_ventes", fait_ventes)]:
    entrepot.register("_frame", _frame)
    entrepot.execute(f"INSERT INTO {_name} BY NAME SELECT * FROM _frame")
    entrepot.unregister("_frame")

entrepot.register("_releves", con.sql("SELECT * FROM stock_mensuel").df())
entrepot.execute("""
INSERT INTO fait_stock_mensuel BY NAME
SELECT CAST(strftime(r.date_releve, '%Y%m%d') AS INTEGER) AS date_sk,
       p.produit_sk, m.magasin_sk, r.quantite AS quantite_en_stock
FROM _releves AS r
JOIN dim_produit AS p ON p.product_id = r.product_id
JOIN dim_magasin AS m ON m.store_id = r.store_id
""")
entrepot.unregister("_releves")
entrepot.sql("""
SELECT table_name, estimated_size AS nb_lignes
FROM duckdb_tables()
ORDER BY table_name
""").df()

# %% [markdown]
# ---
# ## Partie 7 — Interroger l'étoile
#
# Le modèle en étoile rend les questions métier faciles : une jointure par dimension,
# un `GROUP BY` sur des libellés. Voici Q1 (chiffre d'affaires des commandes non
# annulées, par région et par mois), sans une seule table source :

# %%
entrepot.sql("""
SELECT m.region, d.annee, d.mois, SUM(f.montant_net_eur) AS chiffre_affaires_eur
FROM fait_ventes AS f
JOIN dim_magasin AS m USING (magasin_sk)
JOIN dim_date AS d USING (date_sk)
JOIN dim_profil_commande AS p USING (profil_sk)
WHERE p.statut <> 'annulée'
GROUP BY m.region, d.annee, d.mois
ORDER BY m.region, d.annee, d.mois
""").df().head(apercu_lignes)

# %% [markdown]
# Le montant est additif : on peut le sommer par région, par mois, par produit, dans
# n'importe quel ordre. Il n'en va pas de même du stock.
#
# ### Exercice 10 — Le stock en fin de trimestre (2 points)
#
# Le contrôleur de gestion veut, pour chaque magasin et chaque trimestre de 2024, la
# quantité totale en stock (tous produits confondus) **en fin de trimestre**, c'est-à-dire
# au **dernier relevé** du trimestre présent dans `fait_stock_mensuel`.
#
# Écrivez dans `requete_10` une requête sur la base `entrepot` :
#
# - colonnes, dans cet ordre : `code_magasin`, `annee`, `trimestre`, `quantite_en_stock`
#   (la somme, sur les produits du magasin, des quantités au dernier relevé du trimestre) ;
# - une ligne par magasin et par trimestre ;
# - tri : `code_magasin`, `annee`, `trimestre` croissants.
#
# > **Indice** : trouvez d'abord, dans une CTE, le `date_sk` du dernier relevé de chaque
# > trimestre (`MAX(date_sk)` par `annee`, `trimestre` sur les relevés), puis ne gardez que
# > les relevés de ces dates avant de sommer.

# %% nbgrader={"grade": false, "grade_id": "ex10_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
requete_10 = """
WITH derniers_releves AS (
    SELECT d.annee, d.trimestre, MAX(f.date_sk) AS date_sk
    FROM fait_stock_mensuel AS f
    JOIN dim_date AS d USING (date_sk)
    GROUP BY d.annee, d.trimestre
)
SELECT m.code_magasin, r.annee, r.trimestre, SUM(f.quantite_en_stock) AS quantite_en_stock
FROM fait_stock_mensuel AS f
JOIN derniers_releves AS r USING (date_sk)
JOIN dim_magasin AS m USING (magasin_sk)
GROUP BY m.code_magasin, r.annee, r.trimestre
ORDER BY m.code_magasin, r.annee, r.trimestre
"""
### END SOLUTION
entrepot.sql(requete_10).df().head(apercu_lignes)

# %% labkit={"competences": ["C13"]} nbgrader={"grade": true, "grade_id": "ex10_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 10 : colonnes, une ligne par magasin et trimestre, stock au dernier relevé (pas la somme des relevés), valeurs exactes."""
result = checks.run_query(entrepot, requete_10)
checks.assert_columns(result, ["code_magasin", "annee", "trimestre", "quantite_en_stock"])
assert not result.duplicated(["code_magasin", "annee", "trimestre"]).any(), (
    "Une seule ligne par magasin et par trimestre."
)
_december = con.sql("""
SELECT st.store_code AS code_magasin, SUM(s.quantite) AS stock_decembre
FROM stock_mensuel AS s JOIN stores AS st USING (store_id)
WHERE s.date_releve = DATE '2024-12-31'
GROUP BY st.store_code
""").df()
_q4 = result[(result["annee"] == 2024) & (result["trimestre"] == 4)].merge(_december, on="code_magasin")
assert len(_q4) > 0, "Aucune ligne pour le quatrième trimestre 2024 : vérifiez vos jointures."
assert ((_q4["quantite_en_stock"] - _q4["stock_decembre"]).abs() < 1e-6).all(), (
    "Le stock du 4e trimestre ne vaut pas le stock du relevé du 31 décembre : un stock est "
    "semi-additif, il ne se somme pas (ni ne se moyenne) sur les mois du trimestre."
)
### BEGIN HIDDEN TESTS
_expected = con.sql("""
SELECT st.store_code AS code_magasin, year(s.date_releve) AS annee, quarter(s.date_releve) AS trimestre,
       SUM(s.quantite) AS quantite_en_stock
FROM stock_mensuel AS s
JOIN stores AS st ON st.store_id = s.store_id
WHERE s.date_releve IN (
    SELECT MAX(date_releve) FROM stock_mensuel GROUP BY year(date_releve), quarter(date_releve))
GROUP BY ALL
ORDER BY code_magasin, annee, trimestre
""").df()
checks.assert_frame_matches(result, _expected, ordered=True)
### END HIDDEN TESTS

# %% [markdown]
# Faites l'expérience : remplacez le filtre sur le dernier relevé par une simple somme.
# Le stock « du trimestre » triple, alors qu'aucun pot de confiture n'a été ajouté en
# rayon. C'est l'erreur classique des tableaux de bord construits sur une mesure
# semi-additive.

# %% [markdown]
# ---
# ## Partie 8 — Étoile ou flocon ?
#
# Dans notre **étoile**, la hiérarchie rayon > sous-rayon est **dénormalisée** : le nom du
# rayon est répété sur chaque produit. Le schéma en **flocon** (*snowflake*) la
# **normalise** : la dimension produit pointe vers une table des sous-rayons, qui pointe
# vers une table des rayons.
#
# | | étoile | flocon |
# |---|---|---|
# | jointures pour filtrer par rayon | une (`dim_produit`) | trois (`dim_produit` → `dim_sous_rayon` → `dim_rayon`) |
# | redondance | le nom du rayon répété sur chaque produit | aucune |
# | lisibilité pour les analystes et les outils de BI | forte | moindre |
# | mise à jour d'un libellé de rayon | sur tous les produits du rayon | sur une ligne |
#
# Kimball recommande l'étoile : les dimensions sont petites devant les faits, la
# redondance coûte peu et la simplicité des requêtes vaut beaucoup. Le flocon se défend
# quand une hiérarchie est partagée par plusieurs dimensions ou très volumineuse.

# %% [markdown]
# ### Exercice 11 — Normaliser la hiérarchie des produits (2 points)
#
# Construisez la version en flocon de la dimension produit, en trois `DataFrame` :
#
# - `dim_rayon` : colonnes `rayon_sk` (entiers distincts) et `rayon`, une ligne par rayon ;
# - `dim_sous_rayon` : colonnes `sous_rayon_sk` (entiers distincts), `sous_rayon` et
#   `rayon_sk` (la clé du rayon parent), une ligne par sous-rayon ;
# - `dim_produit_flocon` : les colonnes de `dim_produit` (avec les **mêmes** valeurs de
#   `produit_sk`), sauf `sous_rayon` et `rayon`, remplacées par `sous_rayon_sk` ; dans
#   l'ordre : `produit_sk`, `product_id`, `ean13`, `nom`, `sous_rayon_sk`, `bio`,
#   `unite`.
#
# Partez de votre `dim_produit`. Dans ce catalogue, un nom de sous-rayon n'appartient qu'à
# un seul rayon.

# %% nbgrader={"grade": false, "grade_id": "ex11_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
dim_rayon = (dim_produit[["rayon"]].drop_duplicates().sort_values("rayon")
             .reset_index(drop=True))
dim_rayon.insert(0, "rayon_sk", range(1, len(dim_rayon) + 1))
dim_sous_rayon = (dim_produit[["sous_rayon", "rayon"]].drop_duplicates()
                  .sort_values("sous_rayon").reset_index(drop=True)
                  .merge(dim_rayon, on="rayon").drop(columns="rayon"))
dim_sous_rayon.insert(0, "sous_rayon_sk", range(1, len(dim_sous_rayon) + 1))
dim_produit_flocon = dim_produit.merge(dim_sous_rayon[["sous_rayon_sk", "sous_rayon"]], on="sous_rayon")[
    ["produit_sk", "product_id", "ean13", "nom", "sous_rayon_sk", "bio", "unite"]]
### END SOLUTION
dim_sous_rayon.head(apercu_lignes)

# %% labkit={"competences": ["C13"]} nbgrader={"grade": true, "grade_id": "ex11_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 11 : colonnes, clés uniques, chaque niveau une seule fois, l'étoile se reconstruit à l'identique."""
checks.assert_columns(dim_rayon, ["rayon_sk", "rayon"])
checks.assert_columns(dim_sous_rayon, ["sous_rayon_sk", "sous_rayon", "rayon_sk"])
checks.assert_columns(dim_produit_flocon, ["produit_sk", "product_id", "ean13", "nom", "sous_rayon_sk", "bio", "unite"])
for _label, _frame, _sk, _nk in [("dim_rayon", dim_rayon, "rayon_sk", "rayon"),
                                 ("dim_sous_rayon", dim_sous_rayon, "sous_rayon_sk", "sous_rayon"),
                                 ("dim_produit_flocon", dim_produit_flocon, "produit_sk", "product_id")]:
    assert _frame[_sk].notna().all() and _frame[_sk].is_unique, f"{_label} : la clé {_sk} doit être unique et non nulle."
    assert _frame[_nk].is_unique, f"{_label} : chaque {_nk} ne doit apparaître qu'une fois (c'est tout l'intérêt de normaliser)."
assert dim_sous_rayon["rayon_sk"].isin(dim_rayon["rayon_sk"]).all(), "Chaque sous-rayon doit pointer vers un rayon existant."
assert dim_produit_flocon["sous_rayon_sk"].isin(dim_sous_rayon["sous_rayon_sk"]).all(), (
    "Chaque produit doit pointer vers un sous-rayon existant."
)
_rebuilt = (dim_produit_flocon.merge(dim_sous_rayon, on="sous_rayon_sk").merge(dim_rayon, on="rayon_sk")
            [["produit_sk", "product_id", "ean13", "nom", "sous_rayon", "rayon", "bio", "unite"]])
with checks.context("l'étoile reconstruite à partir du flocon"):
    checks.assert_row_count(_rebuilt, len(dim_produit))
### BEGIN HIDDEN TESTS
with checks.context("l'étoile reconstruite à partir du flocon"):
    checks.assert_frame_matches(_rebuilt, dim_produit)
_ref_hier = con.sql("SELECT DISTINCT subcategory AS sous_rayon, category AS rayon FROM products").df()
with checks.context("la hiérarchie rayon > sous-rayon"):
    checks.assert_frame_matches(
        dim_sous_rayon.merge(dim_rayon, on="rayon_sk")[["sous_rayon", "rayon"]], _ref_hier)
### END HIDDEN TESTS

# %% [markdown]
# Comparez les deux requêtes ci-dessous : même résultat (le chiffre d'affaires par rayon),
# mais deux jointures de plus dans le flocon.

# %%
for _name, _frame in [("dim_rayon", dim_rayon), ("dim_sous_rayon", dim_sous_rayon),
                      ("dim_produit_flocon", dim_produit_flocon)]:
    entrepot.register(_name, _frame)
etoile = entrepot.sql("""
SELECT p.rayon, SUM(f.montant_net_eur) AS chiffre_affaires_eur
FROM fait_ventes AS f JOIN dim_produit AS p USING (produit_sk)
GROUP BY p.rayon ORDER BY p.rayon
""").df()
flocon = entrepot.sql("""
SELECT r.rayon, SUM(f.montant_net_eur) AS chiffre_affaires_eur
FROM fait_ventes AS f
JOIN dim_produit_flocon AS p USING (produit_sk)
JOIN dim_sous_rayon AS s USING (sous_rayon_sk)
JOIN dim_rayon AS r USING (rayon_sk)
GROUP BY r.rayon ORDER BY r.rayon
""").df()
etoile.merge(flocon, on="rayon", suffixes=("_etoile", "_flocon"))

# %% [markdown]
# ### Question 12 — Justifier le modèle (3 points, corrigée par votre formateur ou formatrice)
#
# Le responsable de l'équipe BI relit votre modèle avant la mise en production. Répondez
# **en quelques phrases** (10 à 15 lignes en tout) :
#
# 1. Pourquoi avoir choisi la **ligne de commande** comme grain de `fait_ventes`, plutôt
#    que la commande entière ou le total par jour et par magasin ? Appuyez-vous sur au
#    moins deux questions métier du contexte.
# 2. Pour la hiérarchie des produits, recommandez-vous l'**étoile** ou le **flocon** ?
#    Donnez les arguments pour et contre, et dites dans quel cas vous changeriez d'avis.
# 3. Que deviendrait la réorganisation du catalogue du 1er mars 2024 (des sous-rayons
#    changent de rayon) dans chacun des deux schémas ?
#
# *Double-cliquez sur la cellule ci-dessous pour écrire votre réponse.*

# %% [markdown] labkit={"competences": ["C13"]} nbgrader={"grade": true, "grade_id": "justifier_modele", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# **Votre réponse :**
#
# ### BEGIN SOLUTION
# **Grain.** La ligne de commande est le grain le plus fin (atomique) de la source : on
# peut toujours agréger vers la commande, le jour ou le magasin, jamais redescendre d'un
# total. Elle est nécessaire pour l'analyse du panier (Q2 : quels produits sont achetés
# ensemble, ce qui demande les produits de chaque commande, regroupés par la dimension
# dégénérée `order_id`) et pour la performance par rayon et sous-rayon (Q4 : le produit
# n'existe qu'au niveau de la ligne). Un grain « jour × magasin » répondrait à Q1 et Q3,
# mais ni à Q2 ni à Q4. Le volume (quelques centaines de milliers de lignes par an) est
# sans difficulté pour un moteur en colonnes comme DuckDB.
#
# **Étoile ou flocon.** Je recommande l'étoile : la dimension produit est petite (quelques
# milliers de lignes) devant les faits, la redondance du nom du rayon coûte très peu,
# et chaque requête par rayon économise deux jointures ; les analystes et les outils de
# BI lisent directement une seule table. Le flocon évite la redondance et rend la mise à
# jour d'un libellé de rayon atomique (une ligne), mais il complique toutes les requêtes.
# Je changerais d'avis si la hiérarchie était partagée par plusieurs dimensions (par
# exemple les produits et les fournisseurs rattachés aux mêmes rayons), très volumineuse,
# ou si un outil imposait un modèle normalisé.
#
# **Réorganisation du 1er mars 2024.** En étoile, on met à jour la colonne `rayon` de tous
# les produits des sous-rayons déplacés ; en flocon, on change le `rayon_sk` de trois
# lignes de `dim_sous_rayon`. Dans les deux cas, une mise à jour simple (type 1) réécrit
# l'histoire : les ventes de 2023 apparaîtraient dans le nouveau rayon. Si le métier
# veut comparer les rayons tels qu'ils étaient, il faut historiser (type 2 : une nouvelle
# version du produit, ou du sous-rayon, avec ses dates de validité), ce qui se fait plus
# simplement sur la dimension produit de l'étoile.
# ### END SOLUTION

# %% [markdown]
# ---
# ## Récapitulatif
#
# | besoin | outil | piège à éviter |
# |---|---|---|
# | partir du métier | les 4 étapes de Kimball : processus, grain, dimensions, faits | modéliser une question plutôt qu'un processus |
# | planifier l'entrepôt | la matrice en bus | construire deux dimensions « produit » différentes pour deux processus |
# | définir une ligne de faits | le grain, unique et minimal | `(order_id, product_id)` : un produit peut revenir sur un ticket |
# | identifier un membre | clé de substitution (PK) + clé naturelle (UNIQUE) | référencer la clé naturelle depuis les faits |
# | l'e-shop sans magasin | un membre spécial de la dimension | une clé étrangère `NULL` qui fait disparaître des ventes |
# | de petits indicateurs | la dimension fourre-tout | trois dimensions de deux valeurs |
# | un identifiant sans attribut | la dimension dégénérée | une table de dimension vide de sens |
# | agréger un stock | dernier relevé de la période | sommer une mesure semi-additive dans le temps |
# | agréger un ratio | `SUM(numérateur) / SUM(dénominateur)` | la moyenne des ratios |
# | garantir le modèle | DDL généré, contraintes dans `duckdb_constraints()` | un modèle qui n'existe que sur un dessin |
# | hiérarchie de produits | l'étoile (dénormalisée) | le flocon par réflexe de normalisation |

# %% [markdown]
# ## Pour aller plus loin
#
# - **Une troisième étoile** : déclarez `fait_livraisons` (grain : un colis) avec deux
#   rôles de la dimension date (`date_expedition_sk`, `date_livraison_sk`), une dimension
#   transporteur et la mesure `delai_heures`. Générez son DDL avec votre fonction et
#   dessinez les trois étoiles.
# - **Table de faits agrégée** : créez `fait_ventes_jour_magasin` au grain jour × magasin
#   × rayon à partir de `fait_ventes`, et vérifiez que les totaux sont identiques.
# - **Kimball, Inmon, Data Vault** : comparez l'approche dimensionnelle de ce lab avec
#   l'entrepôt normalisé de Bill Inmon et la modélisation *Data Vault* (hubs, liens,
#   satellites) ; la leçon C13 du cours en donne les grandes lignes.
# - **Référence** : Ralph Kimball et Margy Ross, *The Data Warehouse Toolkit*, 3e édition
#   (Wiley, 2013), chapitres 1 à 3 (ventes au détail, stock).
