# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Créer une base de données conforme au RGPD : le programme de fidélité de Panier Vert
#
# **Bloc BC02** — Collecter, stocker et mettre à disposition les données
#
# **Compétence évaluée : C11** — Créer une base de données dans le respect du RGPD en
# élaborant les modèles conceptuels et physiques des données à partir des données préparées
# et en programmant leur import afin de stocker le jeu de données du projet.
#
# | | |
# |---|---|
# | Durée indicative | 4 heures |
# | Barème | 22 points : 19 corrigés automatiquement (8 exercices), 3 corrigés par votre formateur ou formatrice (1 question ouverte) |
# | Outils | Python, pandas, SQLAlchemy 2, PostgreSQL, `hmac` (bibliothèque standard), matplotlib |
#
# ## Comment travailler dans ce lab
#
# Ce notebook est à la fois **le cours et le lab** : chaque partie commence par une courte
# leçon avec des exemples à exécuter, puis vient un exercice.
#
# - Exécutez les cellules **dans l'ordre**, de haut en bas (`Maj + Entrée`).
# - Chaque exercice comporte une **cellule réponse**, qui contient
#   `raise NotImplementedError(...)` : remplacez cette ligne par votre réponse.
#   Ne renommez pas les variables et les fonctions demandées (`mcd`, `creer_schema`,
#   `importer`…) : le correcteur les utilise.
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
# françaises. Le service marketing lance un nouveau traitement : des **offres
# personnalisées pour les membres du programme de fidélité**, calculées d'après les rayons
# où chacun fait ses achats (« vous achetez souvent en crèmerie : −10 % sur les fromages
# ce mois-ci »).
#
# Vous devez construire la **base de données** de ce traitement, dans un schéma dédié de
# la base PostgreSQL du cours, **dans le respect du RGPD** : la protection des données est
# pensée dès la conception (*privacy by design*, article 25), pas ajoutée après coup.
#
# Les données sont **synthétiques** (générées par le cours), mais les données personnelles
# des clients se traitent **comme si elles étaient réelles**.
#
# ### Les données préparées (sources)
#
# La cellule de mise en place charge quatre tables propres de Panier Vert dans des
# `DataFrame` pandas :
#
# | variable | une ligne = | colonnes utiles |
# |---|---|---|
# | `customers` | un client | `customer_id` (clé), `loyalty_id` (numéro de carte de fidélité, `None` sans carte), `first_name`, `last_name`, `sex`, `email` (unique), `phone`, `address`, `postal_code`, `city`, `departement_code`, `birth_date`, `created_at`, `consent_marketing` / `consent_marketing_at`, `consent_profiling` / `consent_profiling_at` (consentements et leur date, `NaT` sans consentement) |
# | `orders` | une commande (ticket de caisse ou commande en ligne) | `order_id` (clé), `customer_id` (`<NA>` sans carte présentée), `channel` (`'magasin'` ou `'eshop'`), `ordered_at`, `status` (`'payée'`, `'livrée'`, `'annulée'`, `'remboursée'`, `'en_cours'`) |
# | `order_lines` | une ligne de commande | `order_id`, `line_no` (clé composée), `product_id`, `quantity`, `unit_price_eur`, `discount_eur` (remise sur la ligne, en euros) |
# | `products` | un produit | `product_id` (clé), `name`, `category` (le **rayon** : `Crèmerie`, `Boissons`…) |
#
# Les dates sont en heure de Paris, **sans fuseau horaire**, comme dans la source.
#
# ### Les règles du traitement (fixées avec le délégué à la protection des données)
#
# - **Finalité** : proposer des offres personnalisées aux membres du programme de fidélité
#   d'après les rayons de leurs achats. C'est du **profilage** (article 4.4) : la **base
#   légale** est le **consentement** au profilage (`consent_profiling`).
# - **Personnes concernées** : les clients **titulaires d'une carte de fidélité**
#   (`loyalty_id` renseigné) **et** qui ont consenti au profilage (`consent_profiling` vrai,
#   avec sa date `consent_profiling_at`). Les autres n'entrent pas dans la base.
# - **Données** : le strict nécessaire. L'année de naissance et le département suffisent
#   à adapter les offres ; ni nom, ni e-mail, ni téléphone, ni adresse, ni date de naissance
#   complète, ni numéro de carte.
# - **Identifiant** : un **pseudonyme** calculé par hachage à clé (HMAC-SHA-256) de
#   l'e-mail, avec une clé secrète conservée **hors de la base**.
# - **Conservation** : **3 ans** à compter de la dernière activité du membre, puis
#   suppression.

# %% [markdown]
# ## Objectifs
#
# À la fin de ce lab, vous saurez :
#
# 1. construire un **modèle conceptuel** (MCD, méthode Merise) à partir de règles de
#    gestion : entités, associations, identifiants, propriétés, cardinalités ;
# 2. le traduire en **modèle logique** (MLD) : tables, clés primaires et étrangères ;
# 3. écrire le **modèle physique** (MPD) en SQL pour PostgreSQL : types, `PRIMARY KEY`,
#    `FOREIGN KEY`, `NOT NULL`, `CHECK`, `UNIQUE`, de façon rejouable ;
# 4. **pseudonymiser** un identifiant direct par hachage à clé (HMAC) et expliquer
#    pourquoi un hachage nu ne suffit pas ;
# 5. appliquer la **minimisation**, le **consentement** et les **durées de conservation**
#    dans la préparation des données ;
# 6. programmer un **import** transactionnel et idempotent avec SQLAlchemy, puis une
#    **purge** des données échues ;
# 7. rédiger l'entrée du **registre des traitements** (article 30).
#
# ## Prérequis
#
# - La leçon C11 du cours (`course/block2_collecte/c11_bdd_rgpd.md`).
# - Le lab `bc02_04_extraction_sgbd` (SQLAlchemy 2 : `engine`, `text`, paramètres liés).
# - Savoir manipuler un `DataFrame` pandas (`merge`, `groupby`).

# %% [markdown]
# ## Mise en place
#
# La cellule suivante contient les **paramètres** du lab. Vous pouvez les modifier ;
# les outils d'exécution automatique (papermill) peuvent aussi les remplacer.

# %% tags=["parameters"]
# Lab parameters: papermill may override them (papermill -p scale 0.05 ...).
import os

from labkit import config

scale = config.scale()  # size of the generated data (1 for learners)
seed = config.seed()  # seed of the generated data (42 for learners)
# The loyalty-programme schema: one per kernel, so that parallel runs never collide.
schema_fidelite = f"fidelite_{os.getpid()}"
dossier_secrets = "secrets"  # folder of the pseudonymisation key (outside the database)
apercu_lignes = 5  # number of rows shown when previewing a result
afficher_graphiques = True  # False skips the (non-graded) diagrams

# %% [markdown]
# La cellule suivante démarre (si besoin) la base PostgreSQL du cours, crée `engine`, votre
# accès à la base (en écriture : vous allez créer un schéma), charge les quatre tables
# sources et crée, au premier lancement, la **clé de pseudonymisation** dans le fichier
# `secrets/cle_pseudonymisation.txt` (une clé aléatoire, propre à votre machine).
# Elle est verrouillée.
#
# Elle définit aussi des outils : `dessiner_mcd` et `dessiner_mld` dessinent vos modèles,
# et `decrire_schema` montre les colonnes et contraintes d'un schéma. Les tests utilisent
# aussi `checks.refused(conn, sql)`, qui vérifie qu'une instruction SQL est refusée par la
# base (essayée dans un point de sauvegarde, puis toujours annulée).

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import atexit
import hashlib
import hmac
import os
import re
import secrets
import warnings
from datetime import date
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import sqlalchemy as sa
from matplotlib.patches import Ellipse, FancyBboxPatch
from sqlalchemy import text

from labkit import checks, services
from labkit.datasets import paniervert

warnings.filterwarnings("ignore", category=ResourceWarning)
warnings.filterwarnings("ignore", category=UserWarning)

# The course database (PostgreSQL); sessions in UTC so that timestamps round-trip unchanged.
url = services.ensure("postgres", scale=scale, seed=seed).url
engine = sa.create_engine(
    url,
    connect_args={"options": "-c timezone=UTC -c lock_timeout=10000",
                  "application_name": "bc02_08"},
)

# The prepared source tables.
customers = paniervert.load("customers", scale, seed)
orders = paniervert.load("orders", scale, seed)
order_lines = paniervert.load("order_lines", scale, seed)
products = paniervert.load("products", scale, seed)

# The pseudonymisation key lives in a file outside the database (or in an env variable).
VARIABLE_CLE = "PANIERVERT_PSEUDO_KEY"
CHEMIN_CLE = Path(dossier_secrets) / "cle_pseudonymisation.txt"
if not CHEMIN_CLE.exists():
    CHEMIN_CLE.parent.mkdir(parents=True, exist_ok=True)
    CHEMIN_CLE.write_text(secrets.token_hex(32) + "\n", encoding="utf-8")
    CHEMIN_CLE.chmod(0o600)


def dessiner_mcd(mcd):
    """Draw a Merise conceptual model: entities as boxes, associations as ellipses."""
    entites = list(mcd["entites"])
    rang = {nom: i for i, nom in enumerate(entites)}
    pos = {nom: (8.0 * i, 0.0) for i, nom in enumerate(entites)}
    decale = any(abs(rang[a["entites"][0]] - rang[a["entites"][1]]) != 1
                 for a in mcd.get("associations", []))
    fig, ax = plt.subplots(figsize=(max(8, 4.2 * len(entites)), 5 if decale else 3.6))
    hauteurs = {}
    for nom, ent in mcd["entites"].items():
        lignes = ["# " + str(ent.get("identifiant", "?"))] + [str(p) for p in ent.get("proprietes", [])]
        h = 0.45 * (len(lignes) + 1.4)
        hauteurs[nom] = h
        x, y = pos[nom]
        ax.add_patch(FancyBboxPatch((x - 1.9, y - h / 2), 3.8, h, boxstyle="round,pad=0.05",
                                    fc="#e8f3e8", ec="#2e6b2e", lw=1.5, zorder=3))
        ax.text(x, y + h / 2 - 0.35, nom, ha="center", va="center", weight="bold", zorder=4)
        ax.plot([x - 1.9, x + 1.9], [y + h / 2 - 0.65] * 2, color="#2e6b2e", lw=1, zorder=4)
        for k, ligne in enumerate(lignes):
            ax.text(x - 1.75, y + h / 2 - 1.0 - 0.42 * k, ligne, ha="left", va="center",
                    fontsize=9, zorder=4, weight="bold" if k == 0 else "normal")
    for assoc in mcd.get("associations", []):
        a, b = assoc["entites"]
        (xa, ya), (xb, yb) = pos[a], pos[b]
        decalage = 0.0 if abs(rang[a] - rang[b]) == 1 else 3.2
        xm, ym = (xa + xb) / 2, (ya + yb) / 2 + decalage
        props = [str(p) for p in assoc.get("proprietes", [])]
        largeur, haut = 3.2, 1.0 + 0.4 * len(props)
        for (xe, ye), card in zip((pos[a], pos[b]), assoc["cardinalites"], strict=False):
            ax.plot([xe, xm], [ye, ym], color="#555555", lw=1.2, zorder=1)
            sens = 1 if xm > xe else -1
            ax.text(xe + sens * 2.3, ye + 0.2 + (decalage and 0.6), card, ha="center",
                    fontsize=10, color="#b03a2e", weight="bold", zorder=4)
        ax.add_patch(Ellipse((xm, ym), largeur, haut, fc="#fdf2e0", ec="#a0652b", lw=1.5, zorder=3))
        ax.text(xm, ym + (0.15 if props else 0), assoc["nom"], ha="center", va="center",
                weight="bold", fontsize=9, zorder=4)
        for k, p in enumerate(props):
            ax.text(xm, ym - 0.25 - 0.35 * k, p, ha="center", va="center", fontsize=8, zorder=4)
    ax.set_xlim(-2.5, 8.0 * (len(entites) - 1) + 2.5)
    bas = max(hauteurs.values(), default=2) / 2 + 0.5
    ax.set_ylim(-bas, 5.0 if decale else bas)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("Modèle conceptuel des données (MCD) — identifiants marqués #")
    plt.show()


def dessiner_mld(mld):
    """Draw a logical model: tables with their columns, PK/FK marks and arrows to references."""
    tables = list(mld)
    pos = {nom: (5.0 * i, 0.0) for i, nom in enumerate(tables)}
    fig, ax = plt.subplots(figsize=(max(8, 3.6 * len(tables)), 4.5))
    lignes = {}
    for nom, t in mld.items():
        cols = list(t.get("colonnes", []))
        pk, fk = set(t.get("cle_primaire", [])), dict(t.get("cles_etrangeres", {}))
        h = 0.45 * (len(cols) + 1.5)
        x, y = pos[nom]
        lignes[nom] = {col: (x, y + h / 2 - 1.0 - 0.42 * k) for k, col in enumerate(cols)}
        ax.add_patch(FancyBboxPatch((x - 2.0, y - h / 2), 4.0, h, boxstyle="round,pad=0.05",
                                    fc="#e6eef8", ec="#2b4f81", lw=1.5, zorder=3))
        ax.text(x, y + h / 2 - 0.35, nom, ha="center", va="center", weight="bold", zorder=4)
        for k, col in enumerate(cols):
            marques = ("PK " if col in pk else "") + ("FK" if col in fk else "")
            ax.text(x - 1.85, y + h / 2 - 1.0 - 0.42 * k, f"{marques:<6}{col}", ha="left",
                    va="center", fontsize=8.5, family="monospace", zorder=4,
                    weight="bold" if col in pk else "normal")
    for nom, t in mld.items():
        for col, cible in dict(t.get("cles_etrangeres", {})).items():
            if cible not in pos or col not in lignes.get(nom, {}):
                continue
            (xs, ys), (xc, yc) = lignes[nom][col], pos[cible]
            yc = lignes[cible].get(col, (xc, yc))[1]
            sens = 1 if xc > xs else -1
            ecart = abs(xc - xs) > 5.5
            ax.annotate("", xy=(xc - sens * 2.05, yc), xytext=(xs + sens * 2.05, ys), zorder=5,
                        arrowprops=dict(arrowstyle="-|>", color="#b03a2e", lw=1.3,
                                        connectionstyle=f"arc3,rad={0.6 * sens if ecart else 0}"))
    ax.set_xlim(-2.5, 5.0 * (len(tables) - 1) + 2.5)
    ax.set_ylim(-4.0, 3.0)
    ax.axis("off")
    ax.set_title("Modèle logique des données (MLD) — flèches : clé étrangère → table référencée")
    plt.show()


def decrire_schema(engine, schema):
    """Columns of a schema with their type, nullability and the constraints they belong to."""
    query = text("""
        SELECT c.table_name, c.column_name, c.data_type, c.is_nullable,
               string_agg(DISTINCT tc.constraint_type, ', ') AS contraintes
        FROM information_schema.columns AS c
        LEFT JOIN information_schema.key_column_usage AS k
               ON k.table_schema = c.table_schema AND k.table_name = c.table_name
              AND k.column_name = c.column_name
        LEFT JOIN information_schema.table_constraints AS tc
               ON tc.constraint_schema = k.constraint_schema
              AND tc.constraint_name = k.constraint_name
        WHERE c.table_schema = :schema
        GROUP BY c.table_name, c.column_name, c.data_type, c.is_nullable, c.ordinal_position
        ORDER BY c.table_name, c.ordinal_position
    """)
    return pd.read_sql(query, engine, params={"schema": schema})


def _drop_kernel_schemas():
    """This kernel's schemas go with it: nothing piles up in the shared database."""
    with engine.begin() as conn:
        for name in (schema_fidelite, f"exemple_mpd_{os.getpid()}"):
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))


atexit.register(_drop_kernel_schemas)

print(f"{len(customers)} clients, {len(orders)} commandes, {len(order_lines)} lignes, "
      f"{len(products)} produits ; clé de pseudonymisation : {CHEMIN_CLE}")

# %% [markdown]
# ---
# ## Partie 1 — Le modèle conceptuel (MCD)
#
# La méthode **Merise** décrit d'abord le métier, sans aucune technique :
#
# - une **entité** est un objet du métier (un membre, un achat) ; elle a un
#   **identifiant** (une propriété qui distingue chaque occurrence, soulignée en Merise,
#   marquée `#` dans nos dessins) et des **propriétés** ;
# - une **association** relie des entités (un membre *effectue* des achats) ; elle peut
#   porter des propriétés, quand une donnée dépend de **toutes** les entités reliées à la
#   fois ;
# - les **cardinalités** `min,max` se lisent du côté de chaque entité : combien de fois
#   **une occurrence de cette entité** participe à l'association, au minimum (0 ou 1) et au
#   maximum (1 ou n).
#
# Chaque propriété figure **une seule fois** dans le modèle, et chacune doit se justifier
# par la finalité : c'est la minimisation dès le MCD.
#
# Voici un exemple (qui n'est pas celui du lab) : des magasins emploient des salariés, et
# chaque salarié travaille dans exactement un magasin. On le déclare dans une structure
# Python, et la fonction `dessiner_mcd` le dessine :

# %%
exemple_mcd = {
    "entites": {
        "MAGASIN": {"identifiant": "store_id", "proprietes": ["commune", "surface_m2"]},
        "SALARIE": {"identifiant": "matricule", "proprietes": ["poste", "date_embauche"]},
    },
    "associations": [
        # a store employs 1 to n employees; an employee works in exactly 1 store
        {"nom": "EMPLOYER", "entites": ["MAGASIN", "SALARIE"], "cardinalites": ["1,n", "1,1"],
         "proprietes": []},
    ],
}
if afficher_graphiques:
    dessiner_mcd(exemple_mcd)

# %% [markdown]
# Le dessin montre deux entités (boîtes vertes) reliées par l'association `EMPLOYER`
# (ellipse) ; les cardinalités en rouge se lisent « un magasin emploie de 1 à n salariés »
# et « un salarié est employé par 1 et 1 seul magasin ».
#
# ### Exercice 1 — Le MCD du programme de fidélité (2 points)
#
# Les **règles de gestion** du traitement :
#
# 1. un **membre** est identifié par son pseudonyme `membre_id` ; on connaît son année de
#    naissance, son département, la date de son consentement au profilage, la date de sa
#    dernière activité et la date de fin de conservation de ses données ;
# 2. un **achat** (une commande non annulée) est identifié par `order_id` ; on connaît sa
#    date, son canal (magasin ou e-shop) et son montant total ;
# 3. un **rayon** est identifié par `rayon_id` et a un nom ;
# 4. un membre peut n'avoir encore **aucun** achat, ou en avoir plusieurs ; un achat est
#    effectué par **un et un seul** membre ;
# 5. un achat concerne **au moins un** rayon, souvent plusieurs ; un rayon peut n'être
#    concerné par **aucun** achat (un rayon tout neuf), ou par beaucoup ;
# 6. pour chaque achat et chaque rayon concerné, on connaît le montant dépensé dans ce
#    rayon lors de cet achat.
#
# Les **propriétés** à placer (chacune une seule fois) :
#
# `membre_id`, `annee_naissance`, `departement_code`, `consentement_at`,
# `derniere_activite`, `conservation_jusqu_au`, `order_id`, `achete_le`, `canal`,
# `montant_eur` (montant total de l'achat), `rayon_id`, `nom`, `montant_rayon_eur`
# (montant dépensé dans un rayon lors d'un achat).
#
# Déclarez dans `mcd` un dictionnaire de la même forme que `exemple_mcd` :
#
# - `mcd["entites"]` : exactement trois entités, nommées `"MEMBRE"`, `"ACHAT"` et
#   `"RAYON"` ; chacune est un dictionnaire avec `"identifiant"` (une chaîne) et
#   `"proprietes"` (la liste des **autres** propriétés de l'entité, sans l'identifiant) ;
# - `mcd["associations"]` : une liste de deux associations, `"EFFECTUER"` (entre
#   `"MEMBRE"` et `"ACHAT"`, dans cet ordre) et `"CONCERNER"` (entre `"ACHAT"` et
#   `"RAYON"`, dans cet ordre). Chacune a `"nom"`, `"entites"` (liste de deux noms),
#   `"cardinalites"` (liste de deux chaînes `"min,max"`, dans l'ordre des entités, parmi
#   `"0,1"`, `"1,1"`, `"0,n"`, `"1,n"`) et `"proprietes"` (liste, éventuellement vide).
#
# > **Indice** : une propriété qui dépend à la fois de l'achat **et** du rayon ne peut
# > appartenir ni à l'un ni à l'autre : elle est portée par l'association.

# %% nbgrader={"grade": false, "grade_id": "ex01_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
mcd = {
    "entites": {
        "MEMBRE": {
            "identifiant": "membre_id",
            "proprietes": ["annee_naissance", "departement_code", "consentement_at",
                           "derniere_activite", "conservation_jusqu_au"],
        },
        "ACHAT": {"identifiant": "order_id", "proprietes": ["achete_le", "canal", "montant_eur"]},
        "RAYON": {"identifiant": "rayon_id", "proprietes": ["nom"]},
    },
    "associations": [
        {"nom": "EFFECTUER", "entites": ["MEMBRE", "ACHAT"], "cardinalites": ["0,n", "1,1"],
         "proprietes": []},
        {"nom": "CONCERNER", "entites": ["ACHAT", "RAYON"], "cardinalites": ["1,n", "0,n"],
         "proprietes": ["montant_rayon_eur"]},
    ],
}
### END SOLUTION
if afficher_graphiques:
    dessiner_mcd(mcd)

# %% labkit={"competences": ["C11"]} nbgrader={"grade": true, "grade_id": "ex01_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 1 : structure du MCD, chaque propriété placée une fois, identifiants et cardinalités exacts."""
assert isinstance(mcd, dict) and set(mcd) >= {"entites", "associations"}, (
    "mcd doit être un dictionnaire avec les clés 'entites' et 'associations'."
)
assert set(mcd["entites"]) == {"MEMBRE", "ACHAT", "RAYON"}, (
    f"Les entités doivent être MEMBRE, ACHAT et RAYON ; vous avez {sorted(mcd['entites'])}."
)
_places = []
for _nom, _ent in mcd["entites"].items():
    assert isinstance(_ent.get("identifiant"), str), f"L'entité {_nom} n'a pas d'identifiant (chaîne)."
    assert isinstance(_ent.get("proprietes"), list), f"Les propriétés de {_nom} doivent être une liste."
    _places += [_ent["identifiant"], *_ent["proprietes"]]
_noms_assoc = {a.get("nom") for a in mcd["associations"]}
assert _noms_assoc == {"EFFECTUER", "CONCERNER"}, (
    f"Les associations doivent être EFFECTUER et CONCERNER ; vous avez {sorted(map(str, _noms_assoc))}."
)
for _a in mcd["associations"]:
    assert len(_a["entites"]) == 2 and set(_a["entites"]) <= set(mcd["entites"]), (
        f"L'association {_a['nom']} doit relier deux entités déclarées."
    )
    assert len(_a["cardinalites"]) == 2 and set(_a["cardinalites"]) <= {"0,1", "1,1", "0,n", "1,n"}, (
        f"Cardinalités de {_a['nom']} : deux chaînes parmi '0,1', '1,1', '0,n', '1,n'."
    )
    _places += list(_a.get("proprietes", []))
_doublons = sorted({p for p in _places if _places.count(p) > 1})
assert not _doublons, f"Ces propriétés sont placées plusieurs fois : {_doublons}."
_attendues = {"membre_id", "annee_naissance", "departement_code", "consentement_at",
              "derniere_activite", "conservation_jusqu_au", "order_id", "achete_le", "canal",
              "montant_eur", "rayon_id", "nom", "montant_rayon_eur"}
assert set(_places) == _attendues, (
    f"Propriétés manquantes : {sorted(_attendues - set(_places))} ; "
    f"en trop : {sorted(set(_places) - _attendues)}."
)
### BEGIN HIDDEN TESTS
_ref_ent = {
    "MEMBRE": ("membre_id", {"annee_naissance", "departement_code", "consentement_at",
                             "derniere_activite", "conservation_jusqu_au"}),
    "ACHAT": ("order_id", {"achete_le", "canal", "montant_eur"}),
    "RAYON": ("rayon_id", {"nom"}),
}
for _nom, (_id, _props) in _ref_ent.items():
    assert mcd["entites"][_nom]["identifiant"] == _id, f"L'identifiant de {_nom} n'est pas le bon."
    assert set(mcd["entites"][_nom]["proprietes"]) == _props, (
        f"Les propriétés de {_nom} ne sont pas les bonnes : relisez les règles de gestion."
    )
_ref_assoc = {"EFFECTUER": (("MEMBRE", "0,n"), ("ACHAT", "1,1"), set()),
              "CONCERNER": (("ACHAT", "1,n"), ("RAYON", "0,n"), {"montant_rayon_eur"})}
for _a in mcd["associations"]:
    _e1, _e2, _p = _ref_assoc[_a["nom"]]
    _card = dict(zip(_a["entites"], _a["cardinalites"], strict=False))
    assert _card == dict([_e1, _e2]), (
        f"Les cardinalités de {_a['nom']} ne correspondent pas aux règles de gestion 4 et 5 "
        "(elles se lisent du côté de chaque entité)."
    )
    assert set(_a.get("proprietes", [])) == _p, f"Les propriétés de {_a['nom']} ne sont pas les bonnes."
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 2 — Le modèle logique (MLD)
#
# Le passage du MCD au MLD (modèle **relationnel**) suit trois règles :
#
# 1. chaque **entité** devient une **table** ; son identifiant devient la **clé primaire** ;
# 2. une association **1-n** (cardinalité maximale 1 d'un côté, n de l'autre) disparaît :
#    la table du côté « 1,1 » (ou « 0,1 ») reçoit une **clé étrangère** vers l'autre table ;
# 3. une association **n-n** (maximum n des deux côtés) devient une **table** dont la clé
#    primaire est **composée** des deux clés étrangères ; les propriétés de l'association
#    deviennent ses colonnes.
#
# Dans l'exemple des magasins, `SALARIE` (côté 1,1) reçoit la clé étrangère :
# `salarie(matricule PK, poste, date_embauche, store_id FK → magasin)`.
#
# ### Exercice 2 — Le MLD (2 points)
#
# Déclarez dans `mld` le modèle logique issu de **votre** MCD : un dictionnaire dont les
# clés sont les noms de tables, en minuscules : `"membre"`, `"achat"`, `"rayon"`, et la
# table issue de l'association n-n, nommée `"achat_rayon"`. Chaque table est un
# dictionnaire avec :
#
# - `"colonnes"` : la liste de toutes ses colonnes (les noms des propriétés du MCD, et les
#   clés étrangères, qui gardent le nom de la clé primaire qu'elles référencent) ;
# - `"cle_primaire"` : la liste des colonnes de la clé primaire ;
# - `"cles_etrangeres"` : un dictionnaire `{colonne: table_référencée}` (vide s'il n'y en a
#   pas).
#
# > **Indice** : l'association `EFFECTUER` est 1-n, `CONCERNER` est n-n.

# %% nbgrader={"grade": false, "grade_id": "ex02_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
mld = {
    "membre": {
        "colonnes": ["membre_id", "annee_naissance", "departement_code", "consentement_at",
                     "derniere_activite", "conservation_jusqu_au"],
        "cle_primaire": ["membre_id"],
        "cles_etrangeres": {},
    },
    "achat": {
        "colonnes": ["order_id", "membre_id", "achete_le", "canal", "montant_eur"],
        "cle_primaire": ["order_id"],
        "cles_etrangeres": {"membre_id": "membre"},
    },
    "rayon": {
        "colonnes": ["rayon_id", "nom"],
        "cle_primaire": ["rayon_id"],
        "cles_etrangeres": {},
    },
    "achat_rayon": {
        "colonnes": ["order_id", "rayon_id", "montant_rayon_eur"],
        "cle_primaire": ["order_id", "rayon_id"],
        "cles_etrangeres": {"order_id": "achat", "rayon_id": "rayon"},
    },
}
### END SOLUTION
if afficher_graphiques:
    dessiner_mld(mld)

# %% labkit={"competences": ["C11"]} nbgrader={"grade": true, "grade_id": "ex02_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 2 : quatre tables, clés primaires et étrangères cohérentes, colonnes exactes."""
assert set(mld) == {"membre", "achat", "rayon", "achat_rayon"}, (
    f"Les tables doivent être membre, achat, rayon et achat_rayon ; vous avez {sorted(mld)}."
)
for _t, _d in mld.items():
    assert set(_d) >= {"colonnes", "cle_primaire", "cles_etrangeres"}, (
        f"La table {_t} doit avoir 'colonnes', 'cle_primaire' et 'cles_etrangeres'."
    )
    assert _d["cle_primaire"] and set(_d["cle_primaire"]) <= set(_d["colonnes"]), (
        f"La clé primaire de {_t} doit être non vide et faite de colonnes de la table."
    )
    for _c, _ref in dict(_d["cles_etrangeres"]).items():
        assert _c in _d["colonnes"], f"La clé étrangère {_t}.{_c} n'est pas une colonne de {_t}."
        assert _ref in mld and _c in mld[_ref]["cle_primaire"], (
            f"La clé étrangère {_t}.{_c} doit référencer la clé primaire d'une table du MLD."
        )
assert len(mld["achat_rayon"]["cle_primaire"]) == 2, (
    "La table issue d'une association n-n a une clé primaire composée de deux colonnes."
)
### BEGIN HIDDEN TESTS
_ref_mld = {
    "membre": ({"membre_id", "annee_naissance", "departement_code", "consentement_at",
                "derniere_activite", "conservation_jusqu_au"}, {"membre_id"}, {}),
    "achat": ({"order_id", "membre_id", "achete_le", "canal", "montant_eur"}, {"order_id"},
              {"membre_id": "membre"}),
    "rayon": ({"rayon_id", "nom"}, {"rayon_id"}, {}),
    "achat_rayon": ({"order_id", "rayon_id", "montant_rayon_eur"}, {"order_id", "rayon_id"},
                    {"order_id": "achat", "rayon_id": "rayon"}),
}
for _t, (_cols, _pk, _fk) in _ref_mld.items():
    assert set(mld[_t]["colonnes"]) == _cols, f"Les colonnes de {_t} ne sont pas les bonnes."
    assert set(mld[_t]["cle_primaire"]) == _pk, f"La clé primaire de {_t} n'est pas la bonne."
    assert dict(mld[_t]["cles_etrangeres"]) == _fk, f"Les clés étrangères de {_t} ne sont pas les bonnes."
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 3 — Le modèle physique (MPD) : le DDL
#
# Le MPD fixe tout pour **un SGBD précis** : les types exacts et les contraintes. Les
# contraintes ne sont pas un détail : elles garantissent l'**exactitude** des données
# (un principe de l'article 5) et empêchent des erreurs graves, comme écrire un e-mail en
# clair là où l'on attend un pseudonyme.
#
# | contrainte | effet | exemple |
# |---|---|---|
# | `PRIMARY KEY` | unique et non nulle, identifie la ligne | `order_id bigint PRIMARY KEY` |
# | `FOREIGN KEY ... REFERENCES` | la valeur existe dans la table référencée | `REFERENCES magasin (store_id) ON DELETE CASCADE` |
# | `NOT NULL` | valeur obligatoire | `commune text NOT NULL` |
# | `CHECK (...)` | une condition vraie sur chaque ligne | `CHECK (surface_m2 > 0)` |
# | `UNIQUE` | pas deux lignes avec la même valeur | `email text UNIQUE` |
#
# `ON DELETE CASCADE` supprime les lignes filles quand la ligne mère est supprimée : c'est
# ce qui permettra à la purge d'effacer un membre **et** tous ses achats en une instruction.
#
# Les montants s'écrivent en `numeric(10, 2)` (décimal exact), jamais en `double precision`
# (binaire approché : `0.1 + 0.2` n'y vaut pas `0.3`).
#
# Un **schéma** PostgreSQL est un espace de noms pour des tables : `fidelite_4242.membre` est
# la table `membre` du schéma `fidelite_4242`. Votre schéma est dans la variable
# `schema_fidelite` : son nom se termine par le numéro de votre noyau Python, pour que deux
# exécutions simultanées du notebook (la correction automatique en lance plusieurs) ne se
# marchent jamais dessus ; il est supprimé quand le noyau s'arrête. Pour rendre la création **rejouable**, on supprime le
# schéma et tout ce qu'il contient (`DROP SCHEMA IF EXISTS ... CASCADE`) avant de le
# recréer. On ne le fait que sur un schéma **qui vous appartient** : jamais sur `public`,
# qui contient ici la base de l'e-shop.
#
# Avec SQLAlchemy, `with engine.begin() as conn:` ouvre une transaction validée à la fin du
# bloc (ou annulée en cas d'erreur) ; dans PostgreSQL, même les `CREATE TABLE` sont
# transactionnels.

# %%
exemple = f"exemple_mpd_{os.getpid()}"  # a throw-away schema for this example
with engine.begin() as conn:
    conn.execute(text(f"DROP SCHEMA IF EXISTS {exemple} CASCADE"))
    conn.execute(text(f"CREATE SCHEMA {exemple}"))
    conn.execute(text(f"""
        CREATE TABLE {exemple}.magasin (
            store_id    integer PRIMARY KEY,
            commune     text NOT NULL,
            surface_m2  integer NOT NULL CHECK (surface_m2 > 0)
        )
    """))
    conn.execute(text(f"""
        CREATE TABLE {exemple}.salarie (
            matricule     text PRIMARY KEY CHECK (matricule ~ '^S[0-9]{{5}}$'),
            poste         text NOT NULL,
            date_embauche date NOT NULL,
            store_id      integer NOT NULL REFERENCES {exemple}.magasin (store_id)
                          ON DELETE CASCADE
        )
    """))
    ok = checks.refused(conn, f"INSERT INTO {exemple}.magasin VALUES (1, 'Lyon', -5)")
    print("Une surface négative est refusée :", ok)
decrire_schema(engine, exemple)

# %% [markdown]
# ### Exercice 3 — Le script de création du schéma (3 points)
#
# Écrivez une fonction `creer_schema(engine, schema)` qui, **dans une seule transaction**,
# supprime le schéma `schema` s'il existe (avec `CASCADE`), le recrée, puis y crée les
# quatre tables suivantes (le nom du schéma est un paramètre : écrivez par exemple
# `f"CREATE TABLE {schema}.membre (...)"`). Elle doit pouvoir être appelée plusieurs fois
# de suite sans erreur. Elle ne renvoie rien.
#
# **`membre`**
#
# | colonne | type | contraintes |
# |---|---|---|
# | `membre_id` | `char(64)` | clé primaire ; `CHECK` : 64 caractères hexadécimaux minuscules (`membre_id ~ '^[0-9a-f]{64}$'`) |
# | `annee_naissance` | `smallint` | non nulle ; `CHECK` entre 1900 et 2010 inclus |
# | `departement_code` | `varchar(3)` | non nulle |
# | `consentement_at` | `timestamp` | non nulle (la preuve du consentement) |
# | `derniere_activite` | `date` | non nulle |
# | `conservation_jusqu_au` | `date` | non nulle ; `CHECK (conservation_jusqu_au > derniere_activite)` |
#
# **`achat`**
#
# | colonne | type | contraintes |
# |---|---|---|
# | `order_id` | `bigint` | clé primaire |
# | `membre_id` | `char(64)` | non nulle ; clé étrangère vers `membre`, `ON DELETE CASCADE` |
# | `achete_le` | `timestamp` | non nulle |
# | `canal` | `text` | non nulle ; `CHECK` : `'magasin'` ou `'eshop'` |
# | `montant_eur` | `numeric(10, 2)` | non nulle ; `CHECK` positif ou nul |
#
# **`rayon`**
#
# | colonne | type | contraintes |
# |---|---|---|
# | `rayon_id` | `smallint` | clé primaire |
# | `nom` | `text` | non nulle ; `UNIQUE` |
#
# **`achat_rayon`**
#
# | colonne | type | contraintes |
# |---|---|---|
# | `order_id` | `bigint` | clé étrangère vers `achat`, `ON DELETE CASCADE` |
# | `rayon_id` | `smallint` | clé étrangère vers `rayon` |
# | `montant_rayon_eur` | `numeric(10, 2)` | non nulle ; `CHECK` positif ou nul |
# | | | clé primaire composée `(order_id, rayon_id)` |
#
# > **Indice** : une contrainte qui porte sur une seule colonne s'écrit sur la ligne de la
# > colonne ; une clé primaire composée s'écrit à part : `PRIMARY KEY (a, b)`. Créez les
# > tables dans l'ordre des clés étrangères (`membre` avant `achat`…).

# %% nbgrader={"grade": false, "grade_id": "ex03_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def creer_schema(engine, schema):
    """Drop and recreate the loyalty-programme schema with its four tables, in one transaction."""
    ddl = [
        f"DROP SCHEMA IF EXISTS {schema} CASCADE",
        f"CREATE SCHEMA {schema}",
        f"""
        CREATE TABLE {schema}.membre (
            membre_id             char(64) PRIMARY KEY CHECK (membre_id ~ '^[0-9a-f]{{64}}$'),
            annee_naissance       smallint NOT NULL CHECK (annee_naissance BETWEEN 1900 AND 2010),
            departement_code      varchar(3) NOT NULL,
            consentement_at       timestamp NOT NULL,
            derniere_activite     date NOT NULL,
            conservation_jusqu_au date NOT NULL,
            CHECK (conservation_jusqu_au > derniere_activite)
        )""",
        f"""
        CREATE TABLE {schema}.achat (
            order_id    bigint PRIMARY KEY,
            membre_id   char(64) NOT NULL REFERENCES {schema}.membre (membre_id) ON DELETE CASCADE,
            achete_le   timestamp NOT NULL,
            canal       text NOT NULL CHECK (canal IN ('magasin', 'eshop')),
            montant_eur numeric(10, 2) NOT NULL CHECK (montant_eur >= 0)
        )""",
        f"""
        CREATE TABLE {schema}.rayon (
            rayon_id smallint PRIMARY KEY,
            nom      text NOT NULL UNIQUE
        )""",
        f"""
        CREATE TABLE {schema}.achat_rayon (
            order_id          bigint REFERENCES {schema}.achat (order_id) ON DELETE CASCADE,
            rayon_id          smallint REFERENCES {schema}.rayon (rayon_id),
            montant_rayon_eur numeric(10, 2) NOT NULL CHECK (montant_rayon_eur >= 0),
            PRIMARY KEY (order_id, rayon_id)
        )""",
    ]
    with engine.begin() as conn:
        for statement in ddl:
            conn.execute(text(statement))
### END SOLUTION
creer_schema(engine, schema_fidelite)
decrire_schema(engine, schema_fidelite)

# %% labkit={"competences": ["C11"]} nbgrader={"grade": true, "grade_id": "ex03_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 3 : schéma rejouable, quatre tables, clés primaires et étrangères, NOT NULL, CHECK, UNIQUE, types."""
for _essai in range(2):  # twice in a row: must not fail
    try:
        creer_schema(engine, schema_fidelite)
    except sa.exc.DBAPIError as _exc:
        raise AssertionError(
            f"creer_schema a échoué à l'appel n° {_essai + 1} (est-elle rejouable ? DROP SCHEMA IF EXISTS "
            f"... CASCADE) : {str(_exc.orig).splitlines()[0]}"
        ) from None
with engine.connect() as _conn:
    _tables = set(_conn.execute(text(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = :s"
    ), {"s": schema_fidelite}).scalars())
    _pk = dict(_conn.execute(text("""
        SELECT tc.table_name, array_agg(k.column_name::text ORDER BY k.column_name)
        FROM information_schema.table_constraints tc
        JOIN information_schema.key_column_usage k
          ON k.constraint_schema = tc.constraint_schema AND k.constraint_name = tc.constraint_name
        WHERE tc.table_schema = :s AND tc.constraint_type = 'PRIMARY KEY'
        GROUP BY tc.table_name
    """), {"s": schema_fidelite}).all())
    _cols = pd.read_sql(text("""
        SELECT table_name, column_name, data_type, is_nullable, character_maximum_length,
               numeric_precision, numeric_scale
        FROM information_schema.columns WHERE table_schema = :s
    """), _conn, params={"s": schema_fidelite})
    _fks = {(r[0], r[1]): (r[2], r[3]) for r in _conn.execute(text("""
        SELECT cl.relname, a.attname, ref.relname, c.confdeltype
        FROM pg_constraint c
        JOIN pg_class cl ON cl.oid = c.conrelid
        JOIN pg_namespace n ON n.oid = cl.relnamespace
        JOIN pg_class ref ON ref.oid = c.confrelid
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
        WHERE c.contype = 'f' AND n.nspname = :s
    """), {"s": schema_fidelite})}
assert _tables == {"membre", "achat", "rayon", "achat_rayon"}, (
    f"Le schéma doit contenir membre, achat, rayon et achat_rayon ; il contient {sorted(_tables)}."
)
_sans_pk = sorted(_tables - set(_pk))
assert not _sans_pk, f"Ces tables n'ont pas de clé primaire : {_sans_pk}."
assert ("achat", "membre_id") in _fks, "La table achat n'a pas de clé étrangère membre_id vers membre."
### BEGIN HIDDEN TESTS
assert _pk == {"membre": ["membre_id"], "achat": ["order_id"], "rayon": ["rayon_id"],
               "achat_rayon": ["order_id", "rayon_id"]}, "Une clé primaire n'est pas la bonne."
assert {k: v[0] for k, v in _fks.items()} == {("achat", "membre_id"): "membre",
                                              ("achat_rayon", "order_id"): "achat",
                                              ("achat_rayon", "rayon_id"): "rayon"}, (
    "Les clés étrangères ne sont pas les bonnes (colonnes ou tables référencées)."
)
assert _fks[("achat", "membre_id")][1] == "c" and _fks[("achat_rayon", "order_id")][1] == "c", (
    "Les clés étrangères vers membre et vers achat doivent être ON DELETE CASCADE."
)
_types = {"membre_id": {"character"}, "annee_naissance": {"smallint"},
          "departement_code": {"character varying"},
          "consentement_at": {"timestamp without time zone"}, "derniere_activite": {"date"},
          "conservation_jusqu_au": {"date"}, "order_id": {"bigint"},
          "achete_le": {"timestamp without time zone"}, "canal": {"text"},
          "montant_eur": {"numeric"}, "rayon_id": {"smallint"}, "nom": {"text"},
          "montant_rayon_eur": {"numeric"}}
for _r in _cols.itertuples():
    assert _r.data_type in _types[_r.column_name], (
        f"La colonne {_r.table_name}.{_r.column_name} n'a pas le type demandé."
    )
    assert _r.is_nullable == "NO", f"La colonne {_r.table_name}.{_r.column_name} doit être NOT NULL."
assert len(_cols) == 16, "Le schéma n'a pas exactement les colonnes demandées."
assert (_cols.loc[_cols.data_type == "numeric", ["numeric_precision", "numeric_scale"]]
        .eq([10, 2]).all().all()), "Les montants doivent être en numeric(10, 2)."
_h = "a" * 64
with engine.connect() as _conn:
    _tx = _conn.begin()
    _ins_m = (f"INSERT INTO {schema_fidelite}.membre VALUES "
              "(:id, :an, '69', '2024-01-01 10:00', CAST(:act AS date), CAST(:fin AS date))")
    assert not checks.refused(_conn, _ins_m, params={"id": _h, "an": 1980, "act": "2024-01-01", "fin": "2027-01-01"}), (
        "Une ligne valide de membre est refusée."
    )
    _conn.execute(text(_ins_m), {"id": _h, "an": 1980, "act": "2024-01-01", "fin": "2027-01-01"})
    _bad = [
        (_ins_m, {"id": "client@exemple.fr".ljust(64), "an": 1980, "act": "2024-01-01", "fin": "2027-01-01"},
         "membre accepte un membre_id qui n'est pas fait de 64 caractères hexadécimaux"),
        (_ins_m, {"id": "b" * 64, "an": 1850, "act": "2024-01-01", "fin": "2027-01-01"},
         "membre accepte une année de naissance avant 1900"),
        (_ins_m, {"id": "b" * 64, "an": 2015, "act": "2024-01-01", "fin": "2027-01-01"},
         "membre accepte une année de naissance après 2010"),
        (_ins_m, {"id": "b" * 64, "an": 1980, "act": "2024-01-01", "fin": "2023-01-01"},
         "membre accepte une fin de conservation antérieure à la dernière activité"),
        (f"INSERT INTO {schema_fidelite}.achat VALUES (2, :id, '2024-01-02', 'drive', 10)", {"id": _h},
         "achat accepte un canal autre que 'magasin' ou 'eshop'"),
        (f"INSERT INTO {schema_fidelite}.achat VALUES (3, :id, '2024-01-02', 'eshop', -1)", {"id": _h},
         "achat accepte un montant négatif"),
        (f"INSERT INTO {schema_fidelite}.achat VALUES (4, :id, '2024-01-02', 'eshop', 10)", {"id": "c" * 64},
         "achat accepte un membre_id absent de membre"),
        (f"INSERT INTO {schema_fidelite}.rayon VALUES (2, 'Crèmerie')", {},
         "rayon accepte deux rayons du même nom"),
        (f"INSERT INTO {schema_fidelite}.achat_rayon VALUES (1, 9, 5)", {},
         "achat_rayon accepte un rayon_id absent de rayon"),
    ]
    _conn.execute(text(f"INSERT INTO {schema_fidelite}.rayon VALUES (1, 'Crèmerie')"))
    _conn.execute(text(f"INSERT INTO {schema_fidelite}.achat VALUES (1, :id, '2024-01-02', 'eshop', 10)"),
                  {"id": _h})
    for _sql, _p, _quoi in _bad:
        assert checks.refused(_conn, _sql, params=_p), (
            f"Une contrainte demandée (CHECK, UNIQUE ou clé étrangère) manque : la table {_quoi}."
        )
    _conn.execute(text(f"INSERT INTO {schema_fidelite}.achat_rayon VALUES (1, 1, 5)"))
    _conn.execute(text(f"DELETE FROM {schema_fidelite}.membre"))
    assert _conn.execute(text(f"SELECT count(*) FROM {schema_fidelite}.achat_rayon")).scalar_one() == 0, (
        "Supprimer un membre doit supprimer ses achats et leurs rayons (ON DELETE CASCADE)."
    )
    _tx.rollback()
### END HIDDEN TESTS

# %% [markdown]
# Regardez le tableau affiché sous votre réponse : chaque colonne, son type, si elle
# accepte `NULL`, et les contraintes dont elle fait partie. C'est la documentation vivante
# de votre MPD, lue dans le catalogue de PostgreSQL (`information_schema`) ; c'est aussi là
# que les tests la vérifient.

# %% [markdown]
# ---
# ## Partie 4 — Pseudonymiser avec une clé secrète
#
# Le membre doit être identifié de façon **stable** (pour relier ses achats d'un import à
# l'autre) sans que la base contienne son e-mail. Première idée : hacher l'e-mail avec
# SHA-256. Mauvaise idée : le hachage est public et déterministe, il suffit de hacher une
# liste d'e-mails pour retrouver les correspondances.

# %%
liste_volee = ["claire.martin@gmail.com", "julien.fontaine16@laposte.net", "perrot.noe@gmail.com"]
empreintes = {hashlib.sha256(e.encode()).hexdigest(): e for e in liste_volee}

# An "anonymised" extract with bare SHA-256 hashes...
extrait = customers["email"].head(5).map(lambda e: hashlib.sha256(e.encode()).hexdigest())
# ...is re-identified in one line by anybody holding a list of e-mail addresses.
extrait.map(empreintes)

# %% [markdown]
# Deux clients de l'extrait sont ré-identifiés instantanément. La parade est le
# **hachage à clé** HMAC (module `hmac` de la bibliothèque standard) : le même calcul,
# mélangé à une **clé secrète**. Sans la clé, la liste d'e-mails ne sert à rien ; avec la
# même clé, le même e-mail donne toujours le même pseudonyme.
#
# ```python
# hmac.new(cle, message, hashlib.sha256).hexdigest()   # cle et message : des bytes
# ```
#
# La clé ne doit **jamais** être dans la base ni dans le code source (un notebook se
# partage, un dépôt git se publie) : elle vient d'une **variable d'environnement** (en
# production, remplie par un coffre à secrets) ou d'un **fichier** protégé, hors de la
# base. Ici, la variable s'appelle `PANIERVERT_PSEUDO_KEY` (nom dans `VARIABLE_CLE`) et le
# fichier est `CHEMIN_CLE`. Les données restent personnelles : qui détient la clé peut
# recalculer le pseudonyme d'un e-mail connu.
#
# Pensez aussi à **normaliser** avant de hacher : `" Claire.Martin@Gmail.com "` et
# `"claire.martin@gmail.com"` sont la même adresse, ils doivent donner le même pseudonyme.
#
# ### Exercice 4 — Lire la clé et pseudonymiser (2 points)
#
# Écrivez deux fonctions :
#
# - `lire_cle()` : renvoie la clé de pseudonymisation sous forme de `bytes`. Si la variable
#   d'environnement nommée par `VARIABLE_CLE` existe et n'est pas vide (une valeur faite
#   seulement d'espaces compte comme vide), la clé est sa valeur ; sinon, c'est le contenu
#   du fichier `CHEMIN_CLE`. Dans les deux cas, retirez les espaces et sauts de ligne en
#   début et en fin (`.strip()`), puis encodez en UTF-8.
#   Relisez la variable et le fichier **à chaque appel** (pas de valeur mémorisée).
# - `pseudonymiser(email, cle)` : renvoie le pseudonyme de `email` (une `str`), c'est-à-dire
#   le HMAC-SHA-256, avec la clé `cle` (des `bytes`), de l'e-mail normalisé (espaces de
#   début et de fin retirés, minuscules, encodé en UTF-8), sous forme hexadécimale
#   (64 caractères minuscules, `.hexdigest()`).
#
# > **Indice** : `os.environ.get(nom, "")` lit une variable d'environnement ;
# > `Path.read_text(encoding="utf-8")` lit un fichier texte.

# %% nbgrader={"grade": false, "grade_id": "ex04_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def lire_cle():
    """The pseudonymisation key: the env variable if set and not empty, else the key file."""
    valeur = os.environ.get(VARIABLE_CLE, "").strip()
    if not valeur:
        valeur = CHEMIN_CLE.read_text(encoding="utf-8").strip()
    return valeur.encode("utf-8")


def pseudonymiser(email, cle):
    """Stable pseudonym of an e-mail address: HMAC-SHA-256 of the normalised address."""
    normalise = email.strip().lower().encode("utf-8")
    return hmac.new(cle, normalise, hashlib.sha256).hexdigest()
### END SOLUTION
cle = lire_cle()
pseudonymiser("claire.martin@gmail.com", cle)

# %% labkit={"competences": ["C11"]} nbgrader={"grade": true, "grade_id": "ex04_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 4 : clé lue dans la variable d'environnement ou le fichier ; HMAC stable, à clé, normalisé."""
_avant = os.environ.pop(VARIABLE_CLE, None)
try:
    _cle_fichier = lire_cle()
    os.environ[VARIABLE_CLE] = "cle-de-test-123"
    _cle_env = lire_cle()
finally:
    os.environ.pop(VARIABLE_CLE, None)
    if _avant is not None:
        os.environ[VARIABLE_CLE] = _avant
assert isinstance(_cle_fichier, bytes) and isinstance(_cle_env, bytes), "lire_cle() doit renvoyer des bytes."
assert _cle_env == b"cle-de-test-123", (
    "Quand la variable d'environnement est définie, lire_cle() doit renvoyer sa valeur (en bytes)."
)
assert _cle_fichier == CHEMIN_CLE.read_text(encoding="utf-8").strip().encode(), (
    "Sans variable d'environnement, lire_cle() doit renvoyer le contenu du fichier de clé, sans le saut de ligne."
)
_e = "claire.martin@gmail.com"
_p = pseudonymiser(_e, b"cle-1")
assert isinstance(_p, str) and re.fullmatch(r"[0-9a-f]{64}", _p), (
    "Le pseudonyme doit être une chaîne de 64 caractères hexadécimaux minuscules (.hexdigest())."
)
assert _p != hashlib.sha256(_e.encode()).hexdigest(), (
    "Votre pseudonyme est un SHA-256 nu de l'e-mail : n'importe qui peut le recalculer. Utilisez hmac avec la clé."
)
assert pseudonymiser(_e, b"cle-1") == _p, "Le même e-mail avec la même clé doit donner le même pseudonyme."
assert pseudonymiser(_e, b"cle-2") != _p, "Avec une autre clé, le pseudonyme doit changer : la clé est-elle utilisée ?"
assert pseudonymiser("  Claire.Martin@GMAIL.com \n", b"cle-1") == _p, (
    "L'e-mail doit être normalisé (espaces retirés, minuscules) avant le hachage."
)
### BEGIN HIDDEN TESTS
os.environ[VARIABLE_CLE] = "   "
try:
    assert lire_cle() == _cle_fichier, (
        "Une variable d'environnement vide ou faite seulement d'espaces doit être ignorée : "
        "testez la valeur après .strip(), et lisez alors le fichier de clé."
    )
finally:
    os.environ.pop(VARIABLE_CLE, None)
    if _avant is not None:
        os.environ[VARIABLE_CLE] = _avant
for _x, _k in [(_e, b"cle-1"), ("Élodie.Dupré@orange.fr ", b"autre"), ("a@b.fr", _cle_fichier)]:
    _ref = hmac.new(_k, _x.strip().lower().encode("utf-8"), hashlib.sha256).hexdigest()
    assert pseudonymiser(_x, _k) == _ref, "Le pseudonyme n'est pas le HMAC-SHA-256 attendu."
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 5 — Minimiser, filtrer par consentement, dater la conservation
#
# Avant d'écrire quoi que ce soit dans la base, le programme d'import prépare les données
# **en mémoire** : les identifiants directs n'entrent jamais dans la base, même
# « temporairement ».
#
# - **Consentement** : le profilage repose sur le consentement ; seuls les clients qui
#   l'ont donné, et dont on peut **prouver** la date, entrent dans la base.
# - **Minimisation** : on ne garde que les colonnes du MPD. L'année de naissance remplace
#   la date complète (un quasi-identifiant beaucoup plus précis).
# - **Conservation** : la date de fin de conservation se calcule à l'import, selon une
#   règle documentée, et s'écrit dans la base, où la purge la lira.
#
# Pour ajouter des années à une date, `pd.DateOffset(years=3)` fait ce qu'il faut, même
# pour un 29 février (qui devient un 28 février) :

# %%
pd.Series(pd.to_datetime(["2024-02-29", "2023-06-15"])) + pd.DateOffset(years=3)

# %% [markdown]
# ### Exercice 5 — Préparer les membres (3 points)
#
# Écrivez une fonction `preparer_membres(customers, orders, cle)` qui renvoie un
# `DataFrame` avec **exactement** les six colonnes de la table `membre`, une ligne par
# membre :
#
# - les **membres** sont les clients qui ont une carte de fidélité (`loyalty_id` non nul),
#   qui ont consenti au profilage (`consent_profiling` vrai) et dont la date de
#   consentement `consent_profiling_at` est connue ;
# - `membre_id` : `pseudonymiser(email, cle)` ;
# - `annee_naissance` : l'année de `birth_date` (entier) ;
# - `departement_code` : celui du client ;
# - `consentement_at` : `consent_profiling_at` (date et heure) ;
# - `derniere_activite` : le **jour** le plus récent entre celui du consentement au
#   profilage et celui de la dernière commande **non annulée** du client (`status` différent
#   de `'annulée'`, tous canaux confondus) ; pour un client sans commande, c'est le jour du
#   consentement ;
# - `conservation_jusqu_au` : `derniere_activite` plus **3 ans** (`pd.DateOffset(years=3)`).
#
# Les deux dernières colonnes sont des **dates sans heure** (par exemple des
# `datetime64` à minuit, obtenues avec `.dt.normalize()`, ou des objets `datetime.date`).
# L'ordre des lignes est libre. Ne modifiez pas les `DataFrame` reçus.
#
# > **Indice** : filtrez les clients, calculez la dernière commande par client avec un
# > `groupby("customer_id")["ordered_at"].max()`, rattachez-la par un `merge(..., how="left")`,
# > puis prenez le maximum des deux dates ligne par ligne.

# %% nbgrader={"grade": false, "grade_id": "ex05_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def preparer_membres(customers, orders, cle):
    """Members of the loyalty programme who consented to profiling, minimised and pseudonymised."""
    membres = customers[
        customers["loyalty_id"].notna()
        & customers["consent_profiling"].astype(bool)
        & customers["consent_profiling_at"].notna()
    ]
    valides = orders[orders["status"] != "annulée"]
    derniere = (valides.groupby("customer_id")["ordered_at"].max()
                .rename("derniere_commande").reset_index())
    membres = membres.merge(derniere, on="customer_id", how="left")
    consentement = pd.to_datetime(membres["consent_profiling_at"])
    activite = pd.concat(
        [consentement, pd.to_datetime(membres["derniere_commande"])], axis=1
    ).max(axis=1).dt.normalize()
    return pd.DataFrame({
        "membre_id": membres["email"].map(lambda e: pseudonymiser(e, cle)),
        "annee_naissance": pd.to_datetime(membres["birth_date"]).dt.year.astype("int64"),
        "departement_code": membres["departement_code"].astype(str),
        "consentement_at": consentement,
        "derniere_activite": activite,
        "conservation_jusqu_au": activite + pd.DateOffset(years=3),
    })
### END SOLUTION
membres = preparer_membres(customers, orders, cle)
print(f"{len(membres)} membres sur {len(customers)} clients")
membres.head(apercu_lignes)

# %% labkit={"competences": ["C11"]} nbgrader={"grade": true, "grade_id": "ex05_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 5 : colonnes minimisées, consentement, pseudonymes, dates de conservation, lignes exactes."""
_cle_t = b"cle-du-test-ex05"
_res = preparer_membres(customers.copy(), orders.copy(), _cle_t)
checks.assert_columns(_res, ["membre_id", "annee_naissance", "departement_code", "consentement_at",
                             "derniere_activite", "conservation_jusqu_au"])
assert len(_res) > 0, "Votre résultat est vide : vérifiez vos filtres."
assert len(_res) <= int(customers["consent_profiling"].sum()), (
    "Il y a plus de membres que de clients ayant consenti au profilage : filtrez sur consent_profiling."
)
assert _res["membre_id"].is_unique and _res["membre_id"].str.fullmatch(r"[0-9a-f]{64}").all(), (
    "membre_id doit être un pseudonyme unique de 64 caractères hexadécimaux."
)
assert not _res["membre_id"].isin(customers["email"]).any(), "Des e-mails en clair sont dans membre_id."
assert _res["consentement_at"].notna().all(), "Chaque membre doit avoir une date de consentement."
_act = pd.to_datetime(_res["derniere_activite"])
_fin = pd.to_datetime(_res["conservation_jusqu_au"])
assert (_act == _act.dt.normalize()).all(), "derniere_activite doit être une date sans heure (jour)."
assert (_act >= pd.to_datetime(_res["consentement_at"]).dt.normalize()).all(), (
    "La dernière activité ne peut pas être antérieure au jour du consentement."
)
assert ((_fin - _act).dt.days.between(1095, 1096)).all(), (
    "conservation_jusqu_au doit être derniere_activite plus 3 ans."
)
### BEGIN HIDDEN TESTS
_c = customers.loc[customers.loyalty_id.notna() & (customers.consent_profiling == True)  # noqa: E712
                   & customers.consent_profiling_at.notna()].copy()
_o = orders.query("status != 'annulée'").copy()
_o["jour"] = _o.ordered_at.dt.floor("D")
_last = _o.pivot_table(index="customer_id", values="jour", aggfunc="max")["jour"]
_c["jour_c"] = _c.consent_profiling_at.dt.floor("D")
_c["jour_o"] = _c.customer_id.map(_last)
_c["act"] = _c[["jour_c", "jour_o"]].max(axis=1)
_exp = pd.DataFrame({
    "membre_id": [hmac.new(_cle_t, e.strip().lower().encode(), hashlib.sha256).hexdigest() for e in _c.email],
    "annee_naissance": [int(str(d)[:4]) for d in _c.birth_date],
    "departement_code": _c.departement_code.astype(str).to_numpy(),
    "consentement_at": pd.to_datetime(_c.consent_profiling_at).to_numpy(),
    "derniere_activite": _c.act.to_numpy(),
    "conservation_jusqu_au": [a + pd.DateOffset(years=3) for a in _c.act],
})
_got = _res.copy()
for _col in ["consentement_at", "derniere_activite", "conservation_jusqu_au"]:
    _got[_col] = pd.to_datetime(_got[_col]).astype("datetime64[ns]")
    _exp[_col] = pd.to_datetime(_exp[_col]).astype("datetime64[ns]")
_got["annee_naissance"] = _got["annee_naissance"].astype("int64")
_got["departement_code"] = _got["departement_code"].astype(str)
checks.assert_frame_matches(_got, _exp, ordered=False, label="votre table de membres")
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 6 — Programmer l'import
#
# Un bon programme d'import (leçon C11) :
#
# - écrit **tout ou rien** : une seule transaction (`with engine.begin() as conn:`) ; si
#   une ligne viole une contrainte, tout est annulé et la base reste dans son état
#   précédent ;
# - est **idempotent** : le relancer donne le même contenu, sans doublon. Ici, le plus sûr
#   est de **vider** les tables puis de tout réinsérer, dans la même transaction. Un
#   simple `INSERT … ON CONFLICT DO UPDATE` ne suffirait pas : un membre qui a **retiré son
#   consentement** depuis le dernier import resterait dans la base ;
# - respecte l'**ordre des clés étrangères** : on vide les tables filles avant les mères,
#   on remplit les mères avant les filles ;
# - ne fait entrer dans la base **que** des données préparées (pseudonymisées,
#   minimisées).
#
# pandas écrit un `DataFrame` dans une table existante avec `to_sql`, en lui passant la
# **connexion** de la transaction (pas l'`engine`, qui ouvrirait une autre transaction) :
#
# ```python
# with engine.begin() as conn:
#     conn.execute(text(f"DELETE FROM {schema}.salarie"))
#     df.to_sql("salarie", conn, schema=schema, if_exists="append", index=False)
# ```
#
# N'utilisez jamais `if_exists="replace"` ici : pandas recréerait la table **sans vos
# contraintes**.
#
# ### Exercice 6 — L'import (3 points)
#
# Écrivez une fonction `importer(engine, schema, customers, orders, order_lines, products,
# cle)` qui, dans **une seule transaction**, vide les quatre tables du schéma (qui existe
# déjà) puis les remplit :
#
# - `membre` : le résultat de `preparer_membres(customers, orders, cle)` ;
# - `rayon` : une ligne par valeur distincte de `products["category"]` ; `nom` est la
#   catégorie, `rayon_id` un entier de votre choix, distinct pour chaque rayon (par exemple
#   1, 2, 3… dans l'ordre alphabétique) ;
# - `achat` : une ligne par commande **non annulée** d'un membre ; `achete_le` est
#   `ordered_at`, `canal` est `channel`, `membre_id` le pseudonyme du client, et
#   `montant_eur` la somme, sur les lignes de la commande, de
#   `quantity * unit_price_eur - discount_eur`, arrondie au centime ;
# - `achat_rayon` : pour chaque achat et chaque rayon (catégorie du produit) présent dans
#   ses lignes, `montant_rayon_eur`, la même somme restreinte aux lignes de ce rayon,
#   arrondie au centime.
#
# La fonction renvoie un dictionnaire `{nom_de_table: nombre_de_lignes_insérées}` pour les
# quatre tables. Rien d'autre que ces colonnes n'entre dans la base.
#
# > **Indice** : rattachez le pseudonyme aux commandes par `customer_id` : calculez-le une
# > fois par client membre (par exemple dans une petite table `customer_id` → `membre_id`),
# > puis faites une jointure interne avec `orders`.

# %% nbgrader={"grade": false, "grade_id": "ex06_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def importer(engine, schema, customers, orders, order_lines, products, cle):
    """Load the loyalty-programme schema from the prepared tables, in one transaction."""
    membres = preparer_membres(customers, orders, cle)
    correspondance = customers.loc[customers["email"].notna(), ["customer_id", "email"]].copy()
    correspondance["membre_id"] = correspondance["email"].map(lambda e: pseudonymiser(e, cle))
    correspondance = correspondance[correspondance["membre_id"].isin(membres["membre_id"])]

    noms = sorted(products["category"].dropna().unique())
    rayons = pd.DataFrame({"rayon_id": range(1, len(noms) + 1), "nom": noms})

    commandes = orders[orders["status"] != "annulée"].merge(
        correspondance[["customer_id", "membre_id"]], on="customer_id", how="inner"
    )
    lignes = order_lines[order_lines["order_id"].isin(commandes["order_id"])].merge(
        products[["product_id", "category"]], on="product_id", how="left"
    )
    lignes = lignes.assign(
        montant=lignes["quantity"] * lignes["unit_price_eur"] - lignes["discount_eur"]
    )
    totaux = lignes.groupby("order_id")["montant"].sum().round(2).rename("montant_eur")
    achats = commandes.merge(totaux, left_on="order_id", right_index=True, how="inner")
    achats = achats.rename(columns={"ordered_at": "achete_le", "channel": "canal"})[
        ["order_id", "membre_id", "achete_le", "canal", "montant_eur"]
    ]
    par_rayon = (lignes.groupby(["order_id", "category"])["montant"].sum().round(2)
                 .rename("montant_rayon_eur").reset_index()
                 .merge(rayons, left_on="category", right_on="nom"))
    par_rayon = par_rayon[["order_id", "rayon_id", "montant_rayon_eur"]]

    tables = {"membre": membres, "rayon": rayons, "achat": achats, "achat_rayon": par_rayon}
    with engine.begin() as conn:
        for nom in ["achat_rayon", "achat", "rayon", "membre"]:
            conn.execute(text(f"DELETE FROM {schema}.{nom}"))
        for nom in ["membre", "rayon", "achat", "achat_rayon"]:
            tables[nom].to_sql(nom, conn, schema=schema, if_exists="append", index=False,
                               chunksize=5000)
    return {nom: len(df) for nom, df in tables.items()}
### END SOLUTION
comptes = importer(engine, schema_fidelite, customers, orders, order_lines, products, cle)
comptes

# %% labkit={"competences": ["C11"]} nbgrader={"grade": true, "grade_id": "ex06_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 6 : import complet et idempotent, aucun identifiant direct en clair, contenu exact, tout ou rien."""


def _compter(schema):
    with engine.connect() as c:
        return {t: c.execute(text(f"SELECT count(*) FROM {schema}.{t}")).scalar_one()
                for t in ["membre", "achat", "rayon", "achat_rayon"]}


_n1 = importer(engine, schema_fidelite, customers, orders, order_lines, products, cle)
_db1 = _compter(schema_fidelite)
_n2 = importer(engine, schema_fidelite, customers, orders, order_lines, products, cle)
_db2 = _compter(schema_fidelite)
assert isinstance(_n1, dict) and set(_n1) == set(_db1), (
    "importer doit renvoyer un dictionnaire {table: nombre de lignes} pour les quatre tables."
)
assert _db1 == _db2, "Relancer l'import change le contenu de la base : l'import n'est pas idempotent."
assert {k: int(v) for k, v in _n2.items()} == _db2, (
    "Les nombres renvoyés ne correspondent pas aux lignes présentes dans la base."
)
assert all(v > 0 for v in _db2.values()), f"Une table est vide après l'import : {_db2}."
assert _db2["membre"] == len(preparer_membres(customers, orders, cle)), (
    "La table membre doit contenir exactement les membres préparés."
)
_textes = pd.read_sql(text("""
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = :s AND data_type IN ('text', 'character', 'character varying')
"""), engine, params={"s": schema_fidelite})
_identifiants = set(customers["email"]) | set(customers["last_name"]) | set(customers["phone"]) \
    | set(customers["loyalty_id"].dropna()) | set(customers["address"])
_nus = {hashlib.sha256(e.strip().lower().encode()).hexdigest() for e in customers["email"]} \
    | {hashlib.sha256(e.encode()).hexdigest() for e in customers["email"]}
with engine.connect() as _conn:
    for _r in _textes.itertuples():
        _vals = set(_conn.execute(text(
            f'SELECT DISTINCT trim("{_r.column_name}") FROM {schema_fidelite}."{_r.table_name}"'
        )).scalars())
        assert not (_vals & _identifiants), (
            f"La colonne {_r.table_name}.{_r.column_name} contient des identifiants directs en clair."
        )
        assert not (_vals & _nus), (
            f"La colonne {_r.table_name}.{_r.column_name} contient des SHA-256 nus d'e-mails : utilisez le HMAC."
        )
### BEGIN HIDDEN TESTS
_ref_m = preparer_membres(customers, orders, cle)
_map = pd.DataFrame({"customer_id": customers.customer_id,
                     "mid": [hmac.new(cle, e.strip().lower().encode(), hashlib.sha256).hexdigest()
                             for e in customers.email]})
_map = _map[_map.mid.isin(_ref_m.membre_id)]
_ol = order_lines.merge(products[["product_id", "category"]], on="product_id")
_ol["m"] = _ol.quantity * _ol.unit_price_eur - _ol.discount_eur
_oo = orders[orders.status != "annulée"].merge(_map, on="customer_id")
_ol = _ol[_ol.order_id.isin(_oo.order_id)]
_exp_a = _oo.set_index("order_id").join(_ol.groupby("order_id").m.sum().round(2), how="inner").reset_index()
_exp_a = _exp_a[["order_id", "mid", "ordered_at", "channel", "m"]].set_axis(
    ["order_id", "membre_id", "achete_le", "canal", "montant_eur"], axis=1)
_got_a = pd.read_sql(text(f"""SELECT order_id, membre_id::text AS membre_id, achete_le::timestamp AS achete_le,
    canal, montant_eur::float8 AS montant_eur FROM {schema_fidelite}.achat"""), engine)
_got_a["achete_le"] = _got_a["achete_le"].astype("datetime64[ns]")
_exp_a["achete_le"] = _exp_a["achete_le"].astype("datetime64[ns]")
checks.assert_frame_matches(_got_a, _exp_a, atol=0.006, label="la table achat")
_exp_r = _ol.groupby(["order_id", "category"], as_index=False).m.sum()
_exp_r["m"] = _exp_r.m.round(2)
_got_r = pd.read_sql(text(f"""SELECT ar.order_id, r.nom AS category, ar.montant_rayon_eur::float8 AS m
    FROM {schema_fidelite}.achat_rayon ar JOIN {schema_fidelite}.rayon r USING (rayon_id)"""), engine)
checks.assert_frame_matches(_got_r, _exp_r, atol=0.006, label="la table achat_rayon")
_got_noms = pd.read_sql(text(f"SELECT nom FROM {schema_fidelite}.rayon"), engine)["nom"]
assert sorted(_got_noms) == sorted(products.category.unique()), "La table rayon n'a pas les bons rayons."
# Withdrawn consent: the next import must remove the member.
_retire = customers.copy()
_idx = _retire.index[_retire.loyalty_id.notna() & _retire.consent_profiling][0]
_retire.loc[_idx, "consent_profiling"] = False
importer(engine, schema_fidelite, _retire, orders, order_lines, products, cle)
assert _compter(schema_fidelite)["membre"] == _db2["membre"] - 1, (
    "Après un retrait de consentement, le membre doit disparaître au prochain import."
)
# All or nothing: a row violating a constraint must leave the previous content untouched.
importer(engine, schema_fidelite, customers, orders, order_lines, products, cle)
_poison = customers.copy()
_idx2 = _poison.index[_poison.loyalty_id.notna() & _poison.consent_profiling][-1]
_poison.loc[_idx2, "birth_date"] = date(1850, 1, 1)
_pid = hmac.new(cle, _poison.loc[_idx2, "email"].strip().lower().encode(), hashlib.sha256).hexdigest()
try:
    importer(engine, schema_fidelite, _poison, orders, order_lines, products, cle)
except Exception:
    assert _compter(schema_fidelite) == _db2, (
        "Un import qui échoue a laissé la base à moitié modifiée : utilisez une seule transaction."
    )
else:
    with engine.connect() as _conn:
        assert _conn.execute(text(f"SELECT count(*) FROM {schema_fidelite}.membre WHERE annee_naissance < 1900")
                             ).scalar_one() == 0, "Une année de naissance invalide est entrée dans la base."
importer(engine, schema_fidelite, customers, orders, order_lines, products, cle)
assert _compter(schema_fidelite) == _db2
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 7 — Purger les données échues
#
# La date de fin de conservation ne sert à rien si personne ne supprime les données : une
# **purge** planifiée (chaque nuit, par exemple) efface les membres dont la date est
# dépassée, et, grâce aux `ON DELETE CASCADE`, leurs achats. Elle prend en paramètre la
# **date de référence** (le jour de la purge) plutôt que de lire l'horloge : elle reste
# ainsi testable et rejouable. En production, elle écrirait aussi dans un journal combien
# de lignes elle a supprimées (jamais lesquelles, puisqu'elles doivent disparaître).
#
# Une **vue** peut aussi aider à surveiller ce qui arrive à échéance :

# %%
with engine.begin() as conn:
    conn.execute(text(f"""
        CREATE OR REPLACE VIEW {schema_fidelite}.echeances AS
        SELECT date_trunc('year', conservation_jusqu_au)::date AS annee_echeance,
               count(*) AS nb_membres
        FROM {schema_fidelite}.membre
        GROUP BY 1
    """))
pd.read_sql(text(f"SELECT * FROM {schema_fidelite}.echeances ORDER BY 1"), engine)

# %% [markdown]
# Des membres arrivent à échéance **avant 2025** : ils ont consenti il y a longtemps et
# n'ont rien acheté depuis plus de trois ans. Le premier import les a fait entrer ; la
# purge doit les faire sortir.
#
# ### Exercice 7 — La purge (2 points)
#
# Écrivez une fonction `purger(engine, schema, date_reference)` qui, dans une transaction,
# supprime de la table `membre` du schéma les membres dont `conservation_jusqu_au` est
# **strictement antérieure** à `date_reference` (un `datetime.date`), ainsi que tous leurs
# achats et leurs lignes de `achat_rayon`, et renvoie le **nombre de membres** supprimés
# (un `int`).
#
# Passez `date_reference` comme **paramètre lié** (`:date_reference`), jamais par
# formatage de chaîne.
#
# > **Indice** : `conn.execute(...)` renvoie un résultat dont l'attribut `.rowcount` donne
# > le nombre de lignes supprimées.

# %% nbgrader={"grade": false, "grade_id": "ex07_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def purger(engine, schema, date_reference):
    """Delete the members whose retention date is before date_reference (purchases cascade)."""
    with engine.begin() as conn:
        resultat = conn.execute(
            text(f"DELETE FROM {schema}.membre WHERE conservation_jusqu_au < :date_reference"),
            {"date_reference": date_reference},
        )
        return int(resultat.rowcount)
### END SOLUTION
nb_purges = purger(engine, schema_fidelite, date(2025, 1, 1))
print(f"{nb_purges} membres purgés")

# %% labkit={"competences": ["C11"]} nbgrader={"grade": true, "grade_id": "ex07_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 7 : membres échus supprimés avec leurs achats, nombre renvoyé, purge rejouable."""
importer(engine, schema_fidelite, customers, orders, order_lines, products, cle)
_ref_date = date(2025, 1, 1)
with engine.connect() as _conn:
    _avant_m = _conn.execute(text(f"SELECT count(*) FROM {schema_fidelite}.membre")).scalar_one()
_n = purger(engine, schema_fidelite, _ref_date)
with engine.connect() as _conn:
    _apres_m = _conn.execute(text(f"SELECT count(*) FROM {schema_fidelite}.membre")).scalar_one()
    _min_fin = _conn.execute(text(f"SELECT min(conservation_jusqu_au) FROM {schema_fidelite}.membre")).scalar_one()
assert isinstance(_n, int), "purger doit renvoyer un entier (le nombre de membres supprimés)."
assert _n > 0, "Aucun membre supprimé : vérifiez la condition sur conservation_jusqu_au."
assert _apres_m > 0, "La purge a supprimé tous les membres : vérifiez la colonne et le sens de la comparaison."
assert _avant_m - _apres_m == _n, "Le nombre renvoyé ne correspond pas au nombre de membres supprimés."
assert _min_fin >= _ref_date, "Des membres dont la conservation est échue sont encore dans la base."
assert purger(engine, schema_fidelite, _ref_date) == 0, "Une deuxième purge à la même date ne doit rien supprimer."
### BEGIN HIDDEN TESTS
importer(engine, schema_fidelite, customers, orders, order_lines, products, cle)
_m = preparer_membres(customers, orders, cle)
_fin = pd.to_datetime(_m.conservation_jusqu_au)
_seuil = _fin.sort_values().iloc[len(_fin) // 2]
_exp_n = int((_fin < _seuil).sum())
_restants = set(_m.membre_id[_fin >= _seuil])
with engine.connect() as _conn:
    _avant_a = _conn.execute(text(f"SELECT count(*) FROM {schema_fidelite}.achat WHERE membre_id IN "
                                  f"(SELECT membre_id FROM {schema_fidelite}.membre WHERE conservation_jusqu_au >= :d)"),
                             {"d": _seuil.date()}).scalar_one()
assert purger(engine, schema_fidelite, _seuil.date()) == _exp_n, (
    "Le nombre de membres supprimés n'est pas le bon (la borne est stricte : < date_reference)."
)
with engine.connect() as _conn:
    _ids = {s.strip() for s in _conn.execute(text(f"SELECT membre_id FROM {schema_fidelite}.membre")).scalars()}
    _n_a = _conn.execute(text(f"SELECT count(*) FROM {schema_fidelite}.achat")).scalar_one()
    _orph = _conn.execute(text(f"""SELECT count(*) FROM {schema_fidelite}.achat_rayon ar
        WHERE NOT EXISTS (SELECT 1 FROM {schema_fidelite}.achat a WHERE a.order_id = ar.order_id)""")).scalar_one()
assert _ids == _restants, "Ce ne sont pas les bons membres qui restent après la purge."
assert _n_a == _avant_a and _orph == 0, "Les achats des membres purgés doivent disparaître avec eux."
importer(engine, schema_fidelite, customers, orders, order_lines, products, cle)
_n = purger(engine, schema_fidelite, _ref_date)
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 8 — Le registre des traitements (article 30)
#
# Le responsable du traitement tient un **registre** de ses traitements. Pour chacun, il
# indique notamment : le nom et les coordonnées du responsable (et du délégué à la
# protection des données), les **finalités**, les catégories de **personnes** et de
# **données**, les catégories de **destinataires**, les **transferts** hors de l'Union
# européenne, les **délais d'effacement** et une description des **mesures de
# sécurité**. On y ajoute la **base légale** (article 6), que la CNIL recommande de
# documenter au même endroit. Tenir le registre sous forme structurée (un dictionnaire,
# une table, un fichier YAML versionné avec le code) permet de le vérifier
# automatiquement, comme un test.
#
# ### Exercice 8 — L'entrée du registre (2 points)
#
# Déclarez dans `registre` un dictionnaire qui décrit **ce traitement**, avec exactement
# les clés suivantes :
#
# | clé | type | contenu |
# |---|---|---|
# | `"traitement"` | `str` | le nom du traitement |
# | `"responsable"` | `str` | le responsable du traitement et le contact du DPO |
# | `"finalite"` | `str` | la finalité, précise |
# | `"base_legale"` | `str` | la base légale (article 6) |
# | `"categories_personnes"` | liste de `str` | les personnes concernées |
# | `"categories_donnees"` | liste de `str` | les catégories de données (au moins trois) |
# | `"destinataires"` | liste de `str` | qui reçoit ou consulte les données |
# | `"transferts_hors_ue"` | `str` | les transferts hors UE (ou leur absence) |
# | `"duree_conservation"` | `str` | la durée et son point de départ |
# | `"mesures_securite"` | liste de `str` | les mesures de sécurité (au moins deux) |
#
# Appuyez-vous sur les règles du traitement (section *Contexte*) et sur ce que vous avez
# construit. Aucune valeur ne doit être vide.

# %% nbgrader={"grade": false, "grade_id": "ex08_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
registre = {
    "traitement": "Offres personnalisées du programme de fidélité",
    "responsable": "Panier Vert SAS, direction marketing ; DPO : dpo@paniervert.example",
    "finalite": ("Proposer aux membres du programme de fidélité des offres personnalisées "
                 "selon les rayons de leurs achats (profilage)"),
    "base_legale": "Consentement de la personne au profilage (article 6.1.a du RGPD)",
    "categories_personnes": ["Clients titulaires de la carte de fidélité ayant consenti au profilage"],
    "categories_donnees": [
        "Pseudonyme du membre (HMAC-SHA-256 de l'e-mail)",
        "Année de naissance et département",
        "Date du consentement au profilage",
        "Achats : date, canal, montant total et montant par rayon",
        "Dates de dernière activité et de fin de conservation",
    ],
    "destinataires": ["Équipe data", "Service marketing (segments et offres, sans pseudonymes)"],
    "transferts_hors_ue": "Aucun transfert hors de l'Union européenne",
    "duree_conservation": ("3 ans à compter de la dernière activité du membre (dernier achat "
                           "ou consentement), puis suppression par la purge ; suppression "
                           "au prochain import en cas de retrait du consentement"),
    "mesures_securite": [
        "Pseudonymisation par HMAC-SHA-256, clé secrète hors de la base",
        "Minimisation : aucun identifiant direct dans la base",
        "Contraintes d'intégrité (clés, CHECK) et import transactionnel",
        "Accès restreint au schéma (rôles en lecture seule pour les utilisateurs)",
        "Purge automatique des données échues",
    ],
}
### END SOLUTION
pd.Series(registre).to_frame("contenu")

# %% labkit={"competences": ["C11"]} nbgrader={"grade": true, "grade_id": "ex08_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 8 : entrée du registre complète et cohérente avec le traitement."""
_cles = {"traitement", "responsable", "finalite", "base_legale", "categories_personnes",
         "categories_donnees", "destinataires", "transferts_hors_ue", "duree_conservation",
         "mesures_securite"}
assert isinstance(registre, dict), "registre doit être un dictionnaire."
assert set(registre) == _cles, (
    f"Clés manquantes : {sorted(_cles - set(registre))} ; en trop : {sorted(set(registre) - _cles)}."
)
for _k in ["traitement", "responsable", "finalite", "base_legale", "transferts_hors_ue", "duree_conservation"]:
    assert isinstance(registre[_k], str) and registre[_k].strip(), f"registre['{_k}'] doit être un texte non vide."
for _k in ["categories_personnes", "categories_donnees", "destinataires", "mesures_securite"]:
    assert isinstance(registre[_k], list) and registre[_k] and all(
        isinstance(v, str) and v.strip() for v in registre[_k]
    ), f"registre['{_k}'] doit être une liste non vide de textes non vides."
assert len(registre["categories_donnees"]) >= 3, "Détaillez au moins trois catégories de données."
assert len(registre["mesures_securite"]) >= 2, "Citez au moins deux mesures de sécurité."
### BEGIN HIDDEN TESTS
assert "consentement" in registre["base_legale"].lower(), (
    "La base légale ne correspond pas au traitement décrit (profilage) : relisez le contexte."
)
assert re.search(r"\b(3|trois)\s*ans\b", registre["duree_conservation"].lower()), (
    "La durée de conservation ne correspond pas à la règle du traitement."
)
assert any(re.search(r"pseudonym|hmac|hach", m.lower()) for m in registre["mesures_securite"]), (
    "Les mesures de sécurité doivent citer la pseudonymisation."
)
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 9 — Justifier ses choix
#
# ### Question 9 — Base légale, conservation, pseudonymisation (3 points, corrigée par votre formateur ou formatrice)
#
# Le directeur marketing vous écrit : « Pourquoi demander le consentement ? L'intérêt
# légitime suffirait, et on aurait dix fois plus de membres. Et puisque les e-mails sont
# hachés, ce ne sont plus des données personnelles : on peut garder l'historique aussi
# longtemps qu'on veut, non ? »
#
# Répondez-lui **en 10 à 15 lignes**, dans la cellule ci-dessous :
#
# 1. pourquoi le **consentement** est la base légale adaptée à ce traitement (et ce que
#    cela implique quand un membre le retire) ;
# 2. comment la **durée de conservation** de 3 ans est justifiée, et comment elle est
#    appliquée dans votre base ;
# 3. pourquoi les données de la base, pseudonymisées par HMAC, **restent des données
#    personnelles** soumises au RGPD (citez au moins deux raisons concrètes tirées de
#    votre base).
#
# *Double-cliquez sur la cellule ci-dessous pour écrire votre réponse.*

# %% [markdown] labkit={"competences": ["C11"]} nbgrader={"grade": true, "grade_id": "justification_rgpd", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# **Votre réponse :**
#
# ### BEGIN SOLUTION
# **Base légale.** Le traitement analyse les achats de chaque membre pour lui adresser des
# offres ciblées : c'est du profilage à des fins de prospection commerciale. L'intérêt
# légitime suppose une mise en balance avec les attentes raisonnables des personnes ; un
# client qui présente sa carte en caisse ne s'attend pas à ce que son panier soit analysé
# rayon par rayon, et la CNIL (comme le CEPD) attend un consentement pour ce type de
# profilage marketing. Le consentement doit être libre, spécifique, éclairé, univoque et
# **prouvé** : d'où `consentement_at`. Il se retire aussi facilement qu'il se donne : au
# retrait, le membre ne doit plus être traité ; notre import complet (vider puis
# recharger) le fait disparaître au prochain passage, ce qu'un simple *upsert* ne ferait
# pas. « Dix fois plus de membres » n'est pas une justification juridique.
#
# **Conservation.** La durée est fixée par la finalité : au-delà de 3 ans sans activité,
# la relation commerciale est éteinte et les offres n'ont plus d'objet ; c'est aussi la
# durée que la CNIL juge adaptée pour la prospection (3 ans après le dernier contact).
# Elle est calculée à l'import (`conservation_jusqu_au = derniere_activite + 3 ans`),
# contrainte par un `CHECK`, et appliquée par `purger`, planifiée chaque nuit ; les
# achats partent avec le membre (`ON DELETE CASCADE`). Les copies dérivées (exports,
# entrepôt) doivent suivre la même règle.
#
# **Pseudonymisé n'est pas anonyme.** (1) Panier Vert détient la clé HMAC et la table
# `customers` : il suffit de recalculer le HMAC des e-mails pour ré-identifier chaque
# membre ; c'est la définition de la pseudonymisation (article 4.5). (2) `order_id` se
# joint à la base de l'e-shop, qui contient `customer_id`. (3) Les quasi-identifiants
# (année de naissance + département + dates et montants d'achats) permettent d'isoler
# une personne et de relier ses enregistrements : les critères d'anonymisation du CEPD
# (individualisation, corrélation, inférence) ne sont pas remplis. Le RGPD s'applique
# donc entièrement : base légale, durée, droits des personnes, registre. La
# pseudonymisation est une **mesure de sécurité** qui réduit le risque, pas une sortie du
# RGPD.
# ### END SOLUTION

# %% [markdown]
# ---
# ## Récapitulatif
#
# | besoin | outil | piège à éviter |
# |---|---|---|
# | décrire le métier | MCD Merise : entités, associations, cardinalités | placer une propriété d'association dans une entité |
# | passer aux tables | MLD : 1-n → clé étrangère, n-n → table à clé composée | oublier la table d'association |
# | garantir l'exactitude | `PRIMARY KEY`, `FOREIGN KEY`, `NOT NULL`, `CHECK`, `UNIQUE` | montants en `double precision` ; contraintes recréées par `to_sql(if_exists="replace")`… qui les perd |
# | rejouer le DDL | `DROP SCHEMA IF EXISTS … CASCADE` dans un schéma dédié | le faire sur `public` |
# | pseudonymiser | HMAC-SHA-256, clé hors de la base, e-mail normalisé | SHA-256 nu (attaque par liste) ; clé dans le code |
# | minimiser | seulement les colonnes justifiées par la finalité | « on garde tout, au cas où » |
# | consentement | filtrer sur le consentement **et** sa date | oublier les retraits de consentement (upsert seul) |
# | conserver | `conservation_jusqu_au` calculée à l'import, `purger` planifiée | une date que personne ne lit |
# | importer | une transaction, vider puis recharger, ordre des clés étrangères | une base à moitié chargée après une erreur |
# | documenter | registre de l'article 30, sous forme structurée | un registre qui ne décrit pas la base réelle |
#
# Pour la certification, la compétence **C11** demande de créer la base **à partir des
# données préparées**, avec ses modèles conceptuel et physique, et d'en **programmer
# l'import**, le tout dans le respect du RGPD : c'est exactement la chaîne de ce lab. Le
# lab suivant (`bc02_09`) met ce jeu de données à disposition par une API, sans exposer
# plus de données personnelles que la finalité ne l'exige.

# %% [markdown]
# ## Pour aller plus loin
#
# - **Droits d'accès** : créez un rôle `lecture_fidelite` qui n'a que `USAGE` sur le schéma
#   et `SELECT` sur ses tables (`GRANT`), et vérifiez qu'il ne peut pas lire `public.customers`.
# - **Journal de purge** : ajoutez une table `journal_purge (purge_le, date_reference,
#   nb_membres)` que `purger` alimente dans la même transaction.
# - **Rotation de clé** : que se passe-t-il si la clé HMAC fuit ? Écrivez la procédure
#   (nouvelle clé, recalcul des pseudonymes, mise à jour des clés étrangères).
# - **Droit d'accès (article 15)** : écrivez une fonction qui, à partir d'un e-mail,
#   retrouve toutes les lignes d'un membre dans le schéma (indice : `pseudonymiser`).
# - **Chargement en masse** : remplacez `to_sql` par `COPY` (avec `psycopg`,
#   `cursor.copy(...)`) et mesurez le gain à l'échelle 1.
# - **Références** : le guide RGPD du développeur de la CNIL
#   (<https://www.cnil.fr/fr/guide-rgpd-du-developpeur>), le modèle de registre de la CNIL,
#   et l'avis 05/2014 du G29 sur les techniques d'anonymisation.
