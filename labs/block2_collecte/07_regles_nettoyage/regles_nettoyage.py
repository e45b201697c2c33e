# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Règles d'agrégation et de nettoyage : un seul jeu « produits et prix » à partir de sources sales
#
# **Bloc BC02** — Collecter, stocker et mettre à disposition les données
#
# **Compétence évaluée : C10** — Développer des règles d'agrégation de données issues de
# différentes sources en programmant, sous forme de script, la suppression des entrées
# corrompues et l'homogénéisation des formats des données, afin de préparer le stockage du
# jeu de données final.
#
# | | |
# |---|---|
# | Durée indicative | 3 heures 30 |
# | Barème | 19 points : 16 corrigés automatiquement (9 exercices), 3 corrigés par votre formateur ou formatrice (1 question ouverte) |
# | Outils | Python, pandas, pandera (règles déclaratives), difflib (similarité de textes), matplotlib |
#
# ## Comment travailler dans ce lab
#
# Ce notebook est à la fois **le cours et le lab** : chaque partie commence par une courte
# leçon avec des exemples à exécuter, puis vient un exercice.
#
# - Exécutez les cellules **dans l'ordre**, de haut en bas (`Maj + Entrée`).
# - Chaque exercice comporte une **cellule réponse** : la signature de la fonction à
#   écrire vous est donnée, son corps contient `raise NotImplementedError(...)` :
#   remplacez cette ligne par votre code. Ne renommez ni les fonctions ni leurs
#   paramètres : le correcteur les appelle.
# - Juste après vient une **cellule de test**, verrouillée : exécutez-la. Si elle
#   s'exécute sans erreur, les vérifications visibles sont passées. D'autres vérifications,
#   **cachées**, seront faites à la correction, sur les vrais fichiers et sur de petits
#   jeux piégés : un test visible réussi est bon signe, mais ce n'est pas encore la
#   note finale.
# - Un message d'erreur n'est pas un échec : il vous dit ce qui ne va pas (en français),
#   sans jamais donner la réponse. Lisez-le, corrigez, réessayez.
# - Avant de rendre votre travail : menu *Kernel* → *Restart Kernel and Run All Cells*,
#   puis bouton *Validate*.

# %% [markdown]
# ## Contexte
#
# Vous êtes data engineer chez **Panier Vert**, une chaîne fictive d'épiceries bio
# françaises. Dans le lab « Ingérer des fichiers de données », vous avez appris à **lire**
# les fichiers que les partenaires envoient. La direction des achats veut maintenant **un
# seul jeu de données « produits et prix »**, propre, prêt à être chargé dans l'entrepôt :
# un produit par code EAN-13, avec son prix en euros dans une unité homogène.
#
# Les données sont **synthétiques** (générées par le cours, avec une graine fixe) mais
# réalistes. Trois sources, dans le dossier `sources/` du jeu Panier Vert :
#
# | source | contenu | défauts connus |
# |---|---|---|
# | `fournisseurs/tarifs_01.csv` … `tarifs_04.csv` | tarifs de quatre groupes de fournisseurs : EAN, désignation, SIRET et nom du fournisseur, prix, unité, date du tarif, catégorie | lignes corrompues, EAN et SIRET dont la clé de contrôle est fausse, champs vides, doublons exacts et quasi-doublons, prix au **gramme** au lieu du kilo, dates dans plusieurs formats |
# | `liste_prix_cooperative.xlsx` | liste de prix d'une coopérative (fruits et légumes) : EAN, désignation, catégorie, unité, prix | prix saisis comme du texte (`"3,50 €"`), ligne vide, ligne de total |
# | `catalogue_partenaire.json` | catalogue d'une place de marché : EAN, libellé, rayon, prix et unité, fournisseur | prix écrit comme du texte, prix absent, libellé nul |
#
# Un même produit peut figurer dans **plusieurs sources** (un produit de la coopérative est
# aussi dans le fichier de son fournisseur) : ce n'est pas un défaut, c'est le travail
# d'**agrégation** de le réunir.
#
# Le générateur fournit aussi `sources/defects_manifest.json`, la **vérité terrain** :
# la liste de chaque défaut injecté (fichier, ligne, type de défaut, valeur d'origine).
# Vos fonctions ne doivent **jamais** le lire (un vrai fournisseur n'envoie pas la liste de
# ses erreurs) ; une cellule du lab s'en sert pour **mesurer** vos règles (précision et
# rappel), et les tests cachés aussi.

# %% [markdown]
# ## Objectifs
#
# À la fin de ce lab, vous saurez :
#
# 1. vérifier une clé de contrôle (EAN-13, SIRET avec l'algorithme de Luhn) ;
# 2. normaliser des textes pour les comparer (casse, accents, ligatures, espaces) ;
# 3. homogénéiser des formats et des unités (virgule décimale, `€`, dates, grammes et
#    kilos) sans perdre la trace de la valeur brute ;
# 4. déclarer des règles de validation avec pandera et récupérer **toutes** les
#    violations, ligne par ligne ;
# 5. détecter les doublons exacts, les quasi-doublons et les conflits de clé, et savoir
#    pourquoi la similarité de noms seule ne suffit pas ;
# 6. écrire une chaîne de nettoyage qui **ne supprime rien en silence** : chaque ligne
#    écartée part en quarantaine avec son motif ;
# 7. mesurer une règle par sa précision et son rappel, et produire un rapport qualité.
#
# ## Prérequis
#
# - Le lab « Ingérer des fichiers de données » (lecture des CSV, Excel, JSON ; dates
#   françaises) : ses lecteurs vous sont fournis ici, tout prêts.
# - pandas : sélection, `groupby`, `sort_values`, `duplicated`, `merge`.
# - La leçon C10 du cours (« Agréger les sources et nettoyer les données »).

# %% [markdown]
# ## Mise en place
#
# La cellule suivante contient les **paramètres** du lab. `scale` est la taille du jeu
# de données (1 pour vous ; les tests automatiques du cours utilisent une version
# réduite) et `seed` la graine du générateur. Vous pouvez les modifier ; les outils
# d'exécution automatique (papermill) peuvent aussi les remplacer.

# %% tags=["parameters"]
# Lab parameters: papermill may override them (papermill -p apercu_lignes 10 ...).
from labkit import config

scale = config.scale()  # data scale (LABKIT_SCALE, 1 by default)
seed = config.seed()  # generator seed (LABKIT_SEED, 42 by default)
apercu_lignes = 5  # number of rows shown when previewing a result
afficher_graphiques = True  # False skips the (non-graded) plots

# %% [markdown]
# La cellule suivante importe les bibliothèques, repère les fichiers et définit les
# **lecteurs** des trois sources (ce que vous avez écrit dans le lab d'ingestion). Au
# premier lancement, elle génère le jeu de données Panier Vert (quelques secondes). Elle est
# verrouillée ; si quelque chose se passe mal, relancez simplement le noyau
# (*Kernel* → *Restart Kernel*).

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import datetime
import difflib
import inspect
import json
import re
import unicodedata
import warnings
from pathlib import Path

# pandera imports pyspark.pandas when it is installed, which warns about pandas 3.
warnings.filterwarnings("ignore", category=FutureWarning, module="pyspark")
warnings.filterwarnings("ignore", module="openpyxl")

import matplotlib.pyplot as plt
import numpy as np
import openpyxl
import pandas as pd
import pandera.pandas as pa

from labkit import checks
from labkit.datasets import paniervert

pd.set_option("display.max_columns", 20)
pd.set_option("display.width", 160)

sources = paniervert.path(scale, seed) / "sources"

MONTHS = {
    "janv": 1, "janvier": 1, "fevr": 2, "fevrier": 2, "mars": 3, "avr": 4, "avril": 4,
    "mai": 5, "juin": 6, "juil": 7, "juillet": 7, "aout": 8, "sept": 9, "septembre": 9,
    "oct": 10, "octobre": 10, "nov": 11, "novembre": 11, "dec": 12, "decembre": 12,
}


def parse_french_date(text):
    """A datetime.date from an ISO, dd/mm/yyyy or French text date; None if empty or invalid."""
    if not isinstance(text, str):
        return None
    value = unicodedata.normalize("NFKD", text)
    value = "".join(c for c in value if not unicodedata.combining(c)).strip().lower()
    if match := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
        year, month, day = (int(g) for g in match.groups())
    elif match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value):
        day, month, year = (int(g) for g in match.groups())
    elif match := re.fullmatch(r"(\d{1,2})(?:er)?\s+([a-z]+)\.?\s+(\d{4})", value):
        if match.group(2) not in MONTHS:
            return None
        day, month, year = int(match.group(1)), MONTHS[match.group(2)], int(match.group(3))
    else:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


BRUT_COLUMNS = ["source", "ligne", "nb_champs", "ean", "nom", "siret", "fournisseur", "prix",
                "unite", "date", "categorie", "contenu"]
CSV_FIELDS = ["ean", "nom", "siret", "fournisseur", "prix", "unite", "date", "categorie"]


def _decode(data):
    """Strict UTF-8 (with or without BOM), else strict cp1252."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("encodage inconnu")


def read_price_csvs(folder):
    """Every supplier price file: one record per non-empty line, fields as written."""
    records = []
    for path in sorted((Path(folder) / "fournisseurs").glob("tarifs_*.csv")):
        name = path.relative_to(folder).as_posix()
        for line_no, line in enumerate(_decode(path.read_bytes()).splitlines(), start=1):
            if line_no == 1 or line == "":
                continue
            fields = line.split(";")
            record = {"source": name, "ligne": line_no, "nb_champs": len(fields),
                      "contenu": line}
            if len(fields) == len(CSV_FIELDS):
                record.update({k: (v if v != "" else None)
                               for k, v in zip(CSV_FIELDS, fields, strict=True)})
            records.append(record)
    return records


def read_price_list(folder):
    """The co-operative's workbook: every row below the header, blank and total rows included."""
    name = "liste_prix_cooperative.xlsx"
    book = openpyxl.load_workbook(Path(folder) / name, read_only=True, data_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    header_no = next(i for i, row in enumerate(rows, start=1)
                     if any(isinstance(v, str) and v.strip() == "EAN" for v in row))
    header = [str(v).strip() if v is not None else "" for v in rows[header_no - 1]]
    columns = {"EAN": "ean", "Désignation": "nom", "Catégorie": "categorie", "Unité": "unite",
               "Prix unitaire (€)": "prix"}
    records = []
    for row_no, row in enumerate(rows[header_no:], start=header_no + 1):
        cells = dict(zip(header, row, strict=False))
        record = {"source": name, "ligne": row_no,
                  "contenu": " | ".join("" if v is None else str(v) for v in row).rstrip(" |")}
        for label, column in columns.items():
            value = cells.get(label)
            record[column] = str(value) if column != "prix" and value is not None else value
        records.append(record)
    return records


def read_partner_catalogue(folder):
    """The partner's nested JSON catalogue, flattened; ``ligne`` is the 0-based index."""
    name = "catalogue_partenaire.json"
    document = json.loads((Path(folder) / name).read_text(encoding="utf-8"))
    records = []
    for index, product in enumerate(document["produits"]):
        price = product.get("prix") or {}
        supplier = product.get("fournisseur") or {}
        shelf = product.get("rayon") or {}
        records.append({
            "source": name, "ligne": index, "ean": product.get("ean"),
            "nom": product.get("libelle"), "siret": supplier.get("siret"),
            "fournisseur": supplier.get("nom"), "prix": price.get("montant"),
            "unite": price.get("unite"),
            "categorie": " > ".join(v for v in (shelf.get("niveau1"), shelf.get("niveau2")) if v)
            or None,
            "contenu": json.dumps({k: v for k, v in product.items() if k != "disponibilite"},
                                  ensure_ascii=False),
        })
    return records


def read_sources(folder):
    """The three sources in one raw DataFrame: one row per source record, values as written."""
    records = read_price_csvs(folder) + read_price_list(folder) + read_partner_catalogue(folder)
    frame = pd.DataFrame(records).reindex(columns=BRUT_COLUMNS)
    frame["ligne"] = frame["ligne"].astype("int64")
    frame["nb_champs"] = frame["nb_champs"].astype("Int64")
    for column in BRUT_COLUMNS:
        if column not in ("ligne", "nb_champs", "prix"):
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    frame["prix"] = frame["prix"].astype(object).where(frame["prix"].notna(), None)
    return frame


# Quarantine reasons, by priority: a row gets the first reason that applies to it.
MOTIFS = ["ligne_corrompue", "valeur_manquante", "ean_invalide", "siret_invalide",
          "unite_inconnue", "prix_hors_plage", "doublon_exact", "quasi_doublon", "conflit_ean"]
UNITES = ["kg", "pièce", "l", "botte"]
COLONNES_PROPRES = ["source", "ligne", "ean", "nom", "siret", "fournisseur", "prix_eur", "unite",
                    "date_tarif", "categorie"]

# Ground truth: which quarantine reason each injected defect type calls for.
MOTIF_ATTENDU = {
    "corrupt_row": "ligne_corrompue", "blank_row": "ligne_corrompue",
    "footer_row": "ligne_corrompue", "missing_value": "valeur_manquante",
    "missing_field": "valeur_manquante", "null_value": "valeur_manquante",
    "invalid_ean": "ean_invalide", "invalid_siret": "siret_invalide",
    "exact_duplicate": "doublon_exact", "near_duplicate": "quasi_doublon",
}


def mesurer(quarantaine):
    """Precision and recall of a quarantine table against the defects manifest, per reason."""
    manifest = json.loads((sources / "defects_manifest.json").read_text(encoding="utf-8"))
    truth = {}
    for defect in manifest["defects"]:
        if defect["defect"] in MOTIF_ATTENDU:
            truth.setdefault(MOTIF_ATTENDU[defect["defect"]], set()).add(
                (defect["file"], defect["row"]))
    flagged = {}
    for source, ligne, motif in quarantaine[["source", "ligne", "motif"]].itertuples(index=False):
        flagged.setdefault(motif, set()).add((source, int(ligne)))
    rows = []
    for motif in [m for m in MOTIFS if m in truth or m in flagged]:
        expected, found = truth.get(motif, set()), flagged.get(motif, set())
        hits = len(expected & found)
        rows.append({"motif": motif, "attendues": len(expected), "signalees": len(found),
                     "justes": hits,
                     "precision": hits / len(found) if found else np.nan,
                     "rappel": hits / len(expected) if expected else np.nan})
    return pd.DataFrame(rows)


brut = read_sources(sources)
brut.groupby("source").size().rename("nb_lignes").to_frame()

# %% [markdown]
# ### Les données brutes réunies
#
# `brut` réunit les trois sources dans **un seul tableau**, une ligne par enregistrement
# source, avec les valeurs **telles qu'elles sont écrites** (rien n'est encore converti ni
# écarté) :
#
# | colonne | contenu |
# |---|---|
# | `source` | le fichier, relatif au dossier `sources/` (`fournisseurs/tarifs_01.csv`, `liste_prix_cooperative.xlsx`, `catalogue_partenaire.json`) |
# | `ligne` | la position dans le fichier : numéro de ligne du CSV (l'en-tête est la ligne 1), numéro de ligne de la feuille Excel, **indice à partir de 0** dans la liste `produits` du JSON |
# | `nb_champs` | CSV seulement : nombre de champs séparés par `;` (valeur manquante `<NA>` pour Excel et JSON) |
# | `ean`, `nom`, `siret`, `fournisseur`, `unite`, `categorie` | texte tel qu'écrit, `None` si vide ou absent ; une ligne CSV qui n'a pas 8 champs a tous ces champs à `None` |
# | `prix` | tel que lu : texte pour les CSV (`"2,69"`), nombre **ou** texte pour Excel et JSON (`3.5`, `"3,50 €"`), `None` si absent |
# | `date` | texte de la date du tarif (CSV seulement, sinon `None`) |
# | `contenu` | la ligne brute (CSV), les cellules de la ligne (Excel) ou l'objet JSON : de quoi comprendre un rejet |
#
# La source Excel ne donne ni SIRET, ni fournisseur, ni date ; la source JSON ne donne
# pas de date.

# %%
brut.sample(apercu_lignes, random_state=1)

# %% [markdown]
# ### Où va-t-on ?
#
# La chaîne que vous allez écrire, exercice après exercice :
#
# ```
# brut ──► homogénéiser ──► règles (pandera) ──► doublons ──┬──► propres ──► réconcilier ──► produits_prix
#                                                           └──► quarantaine (motif) ──► rapport qualité
# ```
#
# Chaque ligne de `brut` finit **soit** dans `propres`, **soit** dans `quarantaine`, avec
# un **motif**. Les motifs possibles, **par ordre de priorité** (une ligne qui relève de
# plusieurs motifs reçoit le premier de la liste) :
#
# | motif | règle |
# |---|---|
# | `ligne_corrompue` | la ligne n'a pas la structure d'un enregistrement : `nb_champs` renseigné et différent de 8, ou `ean` absent ou qui n'est pas formé d'exactement 13 chiffres (espaces autour retirés) |
# | `valeur_manquante` | `nom`, prix ou unité manquant (ou prix illisible) ; pour les fichiers fournisseurs (CSV), SIRET ou date manquant |
# | `ean_invalide` | 13 chiffres, mais la clé de contrôle EAN-13 est fausse |
# | `siret_invalide` | SIRET présent mais invalide |
# | `unite_inconnue` | unité, après homogénéisation, hors de `kg`, `pièce`, `l`, `botte` |
# | `prix_hors_plage` | prix en euros, après homogénéisation, hors de l'intervalle [0,05 ; 500] |
# | `doublon_exact` | ligne identique à une ligne précédente de la même source |
# | `quasi_doublon` | même EAN qu'une ligne précédente de la même source, nom semblable |
# | `conflit_ean` | même EAN qu'une ligne précédente de la même source, nom différent |

# %% [markdown]
# ---
# ## Partie 1 — Les clés de contrôle : EAN-13 et SIRET
#
# Pour réunir des sources, il faut une **clé commune** : ici le code-barres **EAN-13** du
# produit. Ses 13 chiffres ne sont pas libres : le dernier est une **clé de contrôle**
# calculée à partir des 12 autres. Une faute de frappe sur un chiffre change presque
# toujours la clé : la ligne ne peut pas être rattachée avec certitude à un produit.
#
# Le calcul de la clé EAN-13 :
#
# 1. on pondère les 12 premiers chiffres, de gauche à droite, alternativement par **1** et
#    par **3** (le 1er chiffre × 1, le 2e × 3, le 3e × 1…) ;
# 2. on fait la somme $S$ ;
# 3. la clé vaut $(10 - S \bmod 10) \bmod 10$ : ce qu'il faut ajouter à $S$ pour atteindre
#    la dizaine supérieure.
#
# Exemple avec `4006381333931` : les 12 premiers chiffres pondérés donnent
# 4×1 + 0×3 + 0×1 + 6×3 + 3×1 + 8×3 + 1×1 + 3×3 + 3×1 + 3×3 + 9×1 + 3×3 = 89,
# et $(10 - 9) \bmod 10 = 1$ : c'est bien le dernier chiffre.

# %%
code = "4006381333931"
poids = [1, 3] * 6
somme = sum(int(chiffre) * p for chiffre, p in zip(code[:12], poids, strict=True))
print("somme pondérée :", somme, "-> clé calculée :", (10 - somme % 10) % 10, "; clé lue :", code[12])

# %% [markdown]
# ### Exercice 1 — Valider un code EAN-13 (1 point)
#
# Écrivez `is_valid_ean13(code)` qui renvoie `True` si `code` est une **chaîne** formée
# d'exactement **13 chiffres ASCII** (`0` à `9`, sans espace ni autre caractère) dont la
# clé de contrôle est juste, et `False` dans **tous** les autres cas (`None`, `NaN`, un
# nombre, une chaîne de 12 ou 14 caractères, des lettres…). La fonction ne lève jamais
# d'exception.
#
# Écrivez le calcul vous-même (pas de bibliothèque de codes-barres).
#
# > **Indice** : `re.fullmatch(r"[0-9]{13}", code)` vérifie la forme ; attention,
# > `str.isdigit()` accepte aussi des chiffres non ASCII comme `"²"` ou `"٣"`.

# %% nbgrader={"grade": false, "grade_id": "ex01_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def is_valid_ean13(code):
    """True for a 13-digit string whose EAN-13 check digit is right, False otherwise."""
    ### BEGIN SOLUTION
    if not isinstance(code, str) or not re.fullmatch(r"[0-9]{13}", code):
        return False
    total = sum(int(digit) * (3 if position % 2 else 1)
                for position, digit in enumerate(code[:12]))
    return (10 - total % 10) % 10 == int(code[12])
    ### END SOLUTION


[is_valid_ean13(c) for c in ["4006381333931", "4006381333932", None]]

# %% labkit={"competences": ["C10"]} nbgrader={"grade": true, "grade_id": "ex01_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Exercice 1 : booléens, code de l'exemple valide, chiffre modifié invalide ; codes réels, formes piégées, calcul fait par vous."""
assert is_valid_ean13("4006381333931") is True, (
    "is_valid_ean13('4006381333931') doit renvoyer True (exemple de la leçon) : "
    "vérifiez les poids 1 et 3 et le calcul de la clé."
)
assert is_valid_ean13("4006381333932") is False, (
    "Un code dont le dernier chiffre a été modifié doit être invalide."
)
assert is_valid_ean13(None) is False, "None doit donner False (sans exception)."
### BEGIN HIDDEN TESTS
try:
    _source = inspect.getsource(is_valid_ean13)
except (OSError, TypeError):
    _source = ""
assert "paniervert" not in _source and not (getattr(
    is_valid_ean13, "__module__", None) or "").startswith("labkit"), (
    "Écrivez le calcul de la clé vous-même, sans utiliser la fonction du module labkit."
)


def _ean_ok(code):
    digits = [int(c) for c in code]
    return (sum(digits[0:12:2]) + 3 * sum(digits[1:12:2]) + digits[12]) % 10 == 0


_products = paniervert.load("products", scale, seed)
for _code in _products["ean13"]:
    assert is_valid_ean13(_code) is True, f"Le code réel {_code} est valide : votre fonction dit non."
_manifest = json.loads((sources / "defects_manifest.json").read_text(encoding="utf-8"))
_bad = [d for d in _manifest["defects"] if d["defect"] == "invalid_ean"]
for _d in _bad:
    _line = (sources / _d["file"]).read_bytes().decode("cp1252").split("\r\n")[_d["row"] - 1]
    _code = _line.split(";")[0]
    assert is_valid_ean13(_code) is False, f"Le code {_code} a un chiffre faux : il est invalide."
for _i in range(3000):
    _code = f"{(_i * 7919 + 12345) % 10**13:013d}"
    assert is_valid_ean13(_code) is _ean_ok(_code), f"is_valid_ean13({_code!r}) est faux."
for _value in ["", "400638133393", "40063813339310", "400638133393a", " 4006381333931",
               "4006381333931 ", "٤006381333931", "4006381333931".replace("4", "４", 1),
               4006381333931, 4006381333931.0, float("nan"), pd.NA, ["4006381333931"]]:
    try:
        _found = is_valid_ean13(_value)
    except Exception as _error:
        raise AssertionError(
            f"is_valid_ean13({_value!r}) lève {type(_error).__name__} : renvoyez False."
        ) from None
    assert _found is False, f"is_valid_ean13({_value!r}) doit renvoyer False, pas {_found!r}."
assert is_valid_ean13("0000000000000") is True, "'0000000000000' a une clé juste (0)."
### END HIDDEN TESTS

# %% [markdown]
# ### Le SIRET et l'algorithme de Luhn
#
# Le **SIRET** (14 chiffres) identifie un établissement : les 9 premiers chiffres sont le
# **SIREN** de l'entreprise, les 5 suivants le numéro de l'établissement (NIC). Le SIREN
# et le SIRET sont tous deux contrôlés par l'**algorithme de Luhn** (le même que pour
# les cartes bancaires) :
#
# 1. en partant de la **droite**, on double un chiffre sur deux, **à partir du deuxième**
#    (le dernier chiffre n'est pas doublé, l'avant-dernier l'est…) ;
# 2. si un chiffre doublé dépasse 9, on lui retire 9 (`7 × 2 = 14` → `5`) ;
# 3. on additionne tous les chiffres obtenus : le numéro est valide si la somme est un
#    multiple de 10.
#
# Exemple avec le SIREN `732829320` :

# %%
siren = "732829320"
chiffres = []
for rang, chiffre in enumerate(reversed(siren)):
    valeur = int(chiffre) * (2 if rang % 2 == 1 else 1)
    chiffres.append(valeur - 9 if valeur > 9 else valeur)
print(list(reversed(chiffres)), "somme :", sum(chiffres), "-> valide :", sum(chiffres) % 10 == 0)

# %% [markdown]
# ### Exercice 2 — Valider un SIRET (1 point)
#
# Écrivez `is_valid_siret(code)` qui renvoie `True` si `code` est une **chaîne** formée
# d'exactement **14 chiffres ASCII** telle que :
#
# - le **SIREN** (les 9 premiers chiffres) passe le contrôle de Luhn ;
# - **et** le SIRET complet (les 14 chiffres) passe le contrôle de Luhn.
#
# Elle renvoie `False` dans tous les autres cas, sans jamais lever d'exception. Écrivez
# le calcul vous-même.
#
# > **Indice** : écrivez d'abord une petite fonction `luhn_ok(chiffres)` pour une chaîne de
# > chiffres de longueur quelconque, puis appelez-la deux fois.
# >
# > Pour votre culture : les établissements de La Poste (SIREN `356000000`) font exception
# > à la règle de Luhn ; on n'en tient pas compte ici.

# %% nbgrader={"grade": false, "grade_id": "ex02_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def is_valid_siret(code):
    """True for a 14-digit string whose SIREN and SIRET both pass the Luhn check."""
    ### BEGIN SOLUTION
    def luhn_ok(digits):
        total = 0
        for rank, digit in enumerate(reversed(digits)):
            value = int(digit) * (2 if rank % 2 else 1)
            total += value - 9 if value > 9 else value
        return total % 10 == 0

    if not isinstance(code, str) or not re.fullmatch(r"[0-9]{14}", code):
        return False
    return luhn_ok(code[:9]) and luhn_ok(code)
    ### END SOLUTION


[is_valid_siret(c) for c in ["73282932000074", "73282932000075", None]]

# %% labkit={"competences": ["C10"]} nbgrader={"grade": true, "grade_id": "ex02_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Exercice 2 : booléens, un SIRET valide et un SIRET modifié ; SIRET réels, SIREN invalide, formes piégées, calcul fait par vous."""
assert is_valid_siret("73282932000074") is True, (
    "is_valid_siret('73282932000074') doit renvoyer True : vérifiez le sens (depuis la "
    "droite) et le chiffre doublé."
)
assert is_valid_siret("73282932000075") is False, (
    "Un SIRET dont le dernier chiffre a été modifié doit être invalide."
)
assert is_valid_siret(None) is False, "None doit donner False (sans exception)."
### BEGIN HIDDEN TESTS
try:
    _source = inspect.getsource(is_valid_siret)
except (OSError, TypeError):
    _source = ""
assert "paniervert" not in _source and not (getattr(
    is_valid_siret, "__module__", None) or "").startswith("labkit"), (
    "Écrivez le contrôle de Luhn vous-même, sans utiliser la fonction du module labkit."
)


def _luhn(code):
    total = 0
    for i, c in enumerate(code[::-1]):
        total += sum(divmod(int(c) * (1 + i % 2), 10))
    return total % 10 == 0


for _code in paniervert.load("suppliers", scale, seed)["siret"]:
    assert is_valid_siret(_code) is True, f"Le SIRET réel {_code} est valide : votre fonction dit non."
_manifest = json.loads((sources / "defects_manifest.json").read_text(encoding="utf-8"))
for _d in [d for d in _manifest["defects"] if d["defect"] == "invalid_siret"]:
    _line = (sources / _d["file"]).read_bytes().decode("cp1252").split("\r\n")[_d["row"] - 1]
    _code = _line.split(";")[2]
    assert is_valid_siret(_code) is False, f"Le SIRET {_code} a un chiffre faux : il est invalide."
# A SIRET whose 14 digits pass Luhn but whose SIREN does not.
_siren = "123456789"
assert not _luhn(_siren)
_nic = next(f"{n:05d}" for n in range(100000) if _luhn(_siren + f"{n:05d}"))
assert is_valid_siret(_siren + _nic) is False, (
    f"is_valid_siret({_siren + _nic!r}) : le SIRET complet passe Luhn mais pas le SIREN "
    "(9 premiers chiffres) ; il est invalide."
)
for _i in range(3000):
    _code = f"{(_i * 104729 + 98765) % 10**14:014d}"
    _expected = _luhn(_code[:9]) and _luhn(_code)
    assert is_valid_siret(_code) is _expected, f"is_valid_siret({_code!r}) est faux."
for _value in ["", "7328293200007", "732829320000740", "7328293200007a", " 73282932000074",
               "73282932000074".replace("7", "٧", 1), 73282932000074, float("nan"), pd.NA]:
    try:
        _found = is_valid_siret(_value)
    except Exception as _error:
        raise AssertionError(
            f"is_valid_siret({_value!r}) lève {type(_error).__name__} : renvoyez False."
        ) from None
    assert _found is False, f"is_valid_siret({_value!r}) doit renvoyer False, pas {_found!r}."
### END HIDDEN TESTS

# %% [markdown]
# Combien de lignes brutes ont un EAN ou un SIRET invalide ? (Les lignes corrompues, sans
# EAN, ne comptent pas ici.)

# %%
avec_ean = brut[brut["ean"].notna()]
pd.DataFrame({
    "ean_invalide": avec_ean.groupby("source")["ean"].apply(lambda s: (~s.map(is_valid_ean13)).sum()),
    "siret_invalide": avec_ean.groupby("source")["siret"].apply(
        lambda s: (s.notna() & ~s.map(is_valid_siret)).sum()),
})

# %% [markdown]
# Les lignes « Total » et les lignes vides de la feuille Excel n'ont pas un EAN de 13
# chiffres : elles relèvent du motif `ligne_corrompue`, qui passe avant `ean_invalide`.

# %% [markdown]
# ---
# ## Partie 2 — Homogénéiser : les noms, les formats, les unités
#
# ### Comparer des noms
#
# Pour un humain, `Pomme GOLDEN`, `pomme  golden ` et `Pommé golden` désignent le même
# produit ; pour Python, ce sont trois chaînes différentes. Avant de comparer, on calcule
# une **forme normalisée** (qui ne sert qu'à comparer : on garde le nom d'origine pour
# l'afficher) :
#
# - la casse : `str.lower()` ;
# - les accents : `unicodedata.normalize("NFKD", texte)` décompose `é` en `e` suivi d'un
#   accent « combinant », qu'on retire avec `unicodedata.combining(c)` ;
# - les **ligatures** : `œ` et `æ` ne se décomposent pas, il faut les remplacer à la main
#   (`œ` → `oe`) ; sinon « Bœuf » et « Boeuf » restent différents ;
# - les espaces : une suite d'espaces, de tabulations ou d'espaces **insécables**
#   (`\u00a0`, `\u202f`, fréquentes dans les exports de tableurs) compte pour une seule
#   espace ; `re.sub(r"\s+", " ", texte)` les traite toutes.

# %%
for texte in ["Crème fraîche", "Bœuf", "prix\u00a0:\u202f3 €"]:
    decompose = unicodedata.normalize("NFKD", texte)
    print(repr(texte), "->", [c for c in decompose if unicodedata.combining(c)],
          "->", repr(re.sub(r"\s+", " ", texte)))

# %% [markdown]
# ### Exercice 3 — Normaliser un nom (1 point)
#
# Écrivez `normalise_name(text)` qui renvoie la forme normalisée d'un nom :
#
# 1. en minuscules ;
# 2. avec `œ` remplacé par `oe` et `æ` par `ae` ;
# 3. sans accents (décomposition NFKD, puis suppression des caractères combinants) ;
# 4. chaque suite de caractères blancs (`\s` : espaces, tabulations, espaces insécables…)
#    remplacée par **une** espace, sans espace au début ni à la fin.
#
# `None` et les valeurs manquantes de pandas (`NaN`, `pd.NA`) donnent la chaîne vide `""`.
#
# Exemple : `normalise_name("  Bœuf  BOURGUIGNON\u00a0élevé ")` vaut
# `"boeuf bourguignon eleve"`.

# %% nbgrader={"grade": false, "grade_id": "ex03_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def normalise_name(text):
    """Lower case, ligatures spelt out, no accents, single spaces: a form to compare names."""
    ### BEGIN SOLUTION
    if not isinstance(text, str):
        return ""
    value = text.lower().replace("œ", "oe").replace("æ", "ae")
    value = "".join(c for c in unicodedata.normalize("NFKD", value)
                    if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", value).strip()
    ### END SOLUTION


normalise_name("  Bœuf  BOURGUIGNON\u00a0élevé ")

# %% labkit={"competences": ["C10"]} nbgrader={"grade": true, "grade_id": "ex03_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Exercice 3 : exemple de l'énoncé, valeurs manquantes ; casse, accents, ligatures, espaces de tous types, noms réels."""
assert normalise_name("  Bœuf  BOURGUIGNON\u00a0élevé ") == "boeuf bourguignon eleve", (
    f"normalise_name sur l'exemple de l'énoncé renvoie "
    f"{normalise_name('  Bœuf  BOURGUIGNON' + chr(160) + 'élevé ')!r}."
)
assert normalise_name(None) == "", "None doit donner la chaîne vide."
### BEGIN HIDDEN TESTS
_cases = {
    "Crème fraîche": "creme fraiche",
    "ŒUFS FRAIS": "oeufs frais",
    "Cæsar salade": "caesar salade",
    "Pâté\tde\ncampagne": "pate de campagne",
    "\u202fÉpeautre\u00a0 T80 ": "epeautre t80",
    "Maïs doux": "mais doux",
    "": "",
    "   ": "",
    "déjà normalisé": "deja normalise",
    "Noël": "noel",
}
for _text, _expected in _cases.items():
    _found = normalise_name(_text)
    assert _found == _expected, f"normalise_name({_text!r}) renvoie {_found!r}."
for _value in [float("nan"), pd.NA, np.nan]:
    assert normalise_name(_value) == "", f"normalise_name({_value!r}) doit renvoyer ''."
for _name in paniervert.load("products", scale, seed)["name"]:
    _expected = re.sub(r"\s+", " ", "".join(
        c for c in unicodedata.normalize("NFKD", _name.lower().replace("œ", "oe").replace("æ", "ae"))
        if not unicodedata.combining(c))).strip()
    assert normalise_name(_name) == _expected, f"normalise_name({_name!r}) est inexact."
    assert normalise_name(_name.upper()) == _expected, f"normalise_name({_name.upper()!r}) est inexact."
### END HIDDEN TESTS

# %% [markdown]
# ### Homogénéiser les formats et les unités
#
# Les prix arrivent sous plusieurs formes : `"2,69"` (CSV), `2.69` (nombre Excel ou
# JSON), `"3,50 €"` (texte saisi dans un tableur), parfois `"1 234,50 €"` avec une espace
# insécable entre les milliers. Les dates aussi : `2024-03-01`, `01/03/2024`,
# `1 mars 2024` (la fonction `parse_french_date` du lab d'ingestion vous est fournie,
# dans la cellule de mise en place).
#
# Et les **unités** : certains fournisseurs donnent, pour un produit vendu au kilo, le prix
# **au gramme** avec l'unité `g`. Comparer `0,0027 €/g` à `2,69 €/kg` sans conversion
# fausserait toute analyse de prix. La règle : **une unité par grandeur** (€/kg, €/l,
# €/pièce, €/botte), et on convertit.
#
# Regardons les unités et quelques prix bruts :

# %%
print(brut["unite"].value_counts(dropna=False).to_dict())
brut.loc[brut["unite"].eq("g") | brut["prix"].map(lambda v: isinstance(v, str) and "€" in v),
         ["source", "ligne", "prix", "unite", "date"]].head(apercu_lignes)

# %% [markdown]
# Une remarque importante : le prix au gramme a été **arrondi** par le fournisseur à
# 4 décimales (`0,0027`). Multiplié par 1 000, il donne `2,70 €/kg`, alors que le vrai
# prix est peut-être `2,69 €/kg`. La conversion ne peut pas recréer l'information perdue :
# une autre source (la coopérative, le catalogue partenaire) donnera peut-être le prix
# exact. C'est l'un des enjeux de la réconciliation (partie 6).

# %% [markdown]
# ### Exercice 4 — Homogénéiser les formats et les unités (3 points)
#
# Écrivez `homogenise(brut)` qui reçoit un DataFrame au format de `brut` et renvoie un
# **nouveau** DataFrame (sans modifier celui reçu), avec le **même index**, les mêmes
# lignes dans le même ordre, et exactement ces colonnes, dans cet ordre :
#
# | colonne | type | règle |
# |---|---|---|
# | `source`, `ligne` | inchangés | |
# | `ean`, `siret` | texte | espaces autour retirés (`str.strip`) ; `None` reste manquant |
# | `nom`, `fournisseur`, `categorie` | texte | **inchangés** (la forme d'origine sert à l'affichage) |
# | `prix_eur` | `float64` | depuis `prix` : un nombre est pris tel quel ; un texte est converti en retirant le symbole `€` et **tous** les caractères blancs (`\s`), et en remplaçant la virgule décimale par un point ; `NaN` si absent ou illisible (`"gratuit"`) |
# | `unite` | texte | espaces autour retirés, en minuscules ; **`g` devient `kg`**, et le prix de la ligne est alors multiplié par 1 000 puis **arrondi à 2 décimales** |
# | `date_tarif` | date (`datetime64`) | `parse_french_date(date)` ; `NaT` si absente ou illisible |
#
# Les colonnes `prix`, `date`, `nb_champs` et `contenu` ne figurent pas dans le résultat.
#
# > **Indice** : une petite fonction `to_price(value)` appliquée avec `.map(...)` ;
# > `pd.isna(value)` reconnaît `None`, `NaN` et `pd.NA` ; attention, un `bool` est aussi un
# > `int` en Python (il n'y en a pas dans nos données). Pour les grammes, un masque
# > `unite == "g"` et `.loc[masque, "prix_eur"]`. Pour les dates,
# > `pd.to_datetime(brut["date"].map(parse_french_date))`.

# %% nbgrader={"grade": false, "grade_id": "ex04_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def homogenise(brut):
    """Typed, homogeneous columns: text keys stripped, prices in euros per kg/l/piece, dates."""
    ### BEGIN SOLUTION
    def to_price(value):
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return np.nan
        if isinstance(value, (int, float, np.number)):
            return float(value)
        text = re.sub(r"[\s€]", "", value).replace(",", ".")
        try:
            return float(text)
        except ValueError:
            return np.nan

    def strip(series):
        return series.map(lambda v: v.strip() if isinstance(v, str) else None).astype(object)

    result = pd.DataFrame(index=brut.index)
    result["source"] = brut["source"]
    result["ligne"] = brut["ligne"]
    result["ean"] = strip(brut["ean"])
    result["nom"] = brut["nom"]
    result["siret"] = strip(brut["siret"])
    result["fournisseur"] = brut["fournisseur"]
    result["prix_eur"] = brut["prix"].map(to_price).astype("float64")
    result["unite"] = brut["unite"].map(lambda v: v.strip().lower() if isinstance(v, str) else None)
    grams = result["unite"].eq("g")
    result.loc[grams, "prix_eur"] = (result.loc[grams, "prix_eur"] * 1000).round(2)
    result.loc[grams, "unite"] = "kg"
    result["date_tarif"] = pd.to_datetime(brut["date"].map(parse_french_date))
    result["categorie"] = brut["categorie"]
    return result
    ### END SOLUTION


homogene = homogenise(brut)
homogene.head(apercu_lignes)

# %% labkit={"competences": ["C10"]} nbgrader={"grade": true, "grade_id": "ex04_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 4 : colonnes et types demandés, même index, plus d'unité g ; prix, unités et dates exacts (vérité terrain et jeu piégé), brut non modifié."""
_brut_copy = brut.copy()
result = homogenise(brut)
assert isinstance(result, pd.DataFrame), "homogenise doit renvoyer un DataFrame."
assert list(result.columns) == COLONNES_PROPRES, (
    f"Colonnes obtenues : {list(result.columns)} ; attendu, dans cet ordre : {COLONNES_PROPRES}."
)
assert result.index.equals(brut.index), "Le résultat doit garder l'index (et l'ordre) de brut."
assert pd.api.types.is_float_dtype(result["prix_eur"]), (
    f"'prix_eur' est de type {result['prix_eur'].dtype} : attendu float64."
)
assert pd.api.types.is_datetime64_any_dtype(result["date_tarif"]), (
    f"'date_tarif' est de type {result['date_tarif'].dtype} : attendu datetime64."
)
assert not result["unite"].eq("g").any(), "Il reste des unités 'g' : convertissez-les en kg."
assert result["prix_eur"].notna().sum() > 0.9 * brut["prix"].notna().sum(), (
    "Beaucoup de prix présents dans brut sont devenus NaN : vérifiez la virgule décimale "
    "et le symbole €."
)
### BEGIN HIDDEN TESTS
def _match(actual, expected, context):
    try:
        checks.assert_frame_matches(actual, expected, ordered=True)
    except checks.CheckFailed as error:
        raise AssertionError(f"{context} : {error}") from None


assert brut.equals(_brut_copy), "homogenise ne doit pas modifier le DataFrame reçu."
_products = paniervert.load("products", scale, seed).set_index("ean13")
_manifest = json.loads((sources / "defects_manifest.json").read_text(encoding="utf-8"))
_lookup = result.set_index(["source", "ligne"])
for _d in _manifest["defects"]:
    _where = (_d["file"], _d["row"])
    if _d["defect"] in ("price_as_text", "type_mismatch"):
        _found = _lookup.loc[_where, "prix_eur"]
        assert abs(_found - _products.loc[_d["key"], "unit_price_eur"]) < 1e-9, (
            f"{_d['file']}, ligne {_d['row']} : prix écrit comme du texte mal converti ({_found!r})."
        )
    if _d["defect"] == "unit_mixup":
        _found = _lookup.loc[_where, ["prix_eur", "unite"]]
        assert _found["unite"] == "kg", f"{_d['file']}, ligne {_d['row']} : l'unité doit devenir kg."
        assert abs(_found["prix_eur"] - _products.loc[_d["key"], "unit_price_eur"]) <= 0.051, (
            f"{_d['file']}, ligne {_d['row']} : prix au gramme mal converti en €/kg ({_found['prix_eur']!r})."
        )
        assert round(_found["prix_eur"], 2) == _found["prix_eur"], (
            f"{_d['file']}, ligne {_d['row']} : arrondissez le prix converti à 2 décimales."
        )
    if _d["defect"] == "date_format":
        _found = _lookup.loc[_where, "date_tarif"]
        assert _found == _products.loc[_d["key"], "updated_at"].normalize(), (
            f"{_d['file']}, ligne {_d['row']} : date mal convertie ({_found!r})."
        )
_csv = result["source"].str.endswith(".csv") & brut["nb_champs"].eq(8).fillna(False).astype(bool)
_ok = _csv & result["ean"].isin(_products.index) & result["prix_eur"].notna()
_ref = _products.loc[result.loc[_ok, "ean"], "unit_price_eur"].to_numpy()
_gap = (result.loc[_ok, "prix_eur"].to_numpy() - _ref)
assert (np.abs(_gap) <= 0.051).all(), "Des prix des fichiers fournisseurs sont mal convertis."
_tricky = pd.DataFrame({
    "source": ["fournisseurs/essai.csv"] * 4 + ["essai.xlsx"] * 3 + ["essai.json"] * 3,
    "ligne": [2, 3, 4, 5, 6, 7, 8, 0, 1, 2],
    "nb_champs": pd.array([8, 8, 8, 3, None, None, None, None, None, None], dtype="Int64"),
    "ean": [" 0012345678905 ", "3370001000001", "3370001000019", None, "3370001000026",
            None, "Total", "3370001000033", "3370001000040", "3370001000057"],
    "nom": ["  Crème  FRAÎCHE", "Œufs x6", "Lait", None, "Poireau", None, "12 articles",
            "Miel", "Thé", None],
    "siret": ["73282932000074 ", "73282932000074", "73282932000074", None, None, None, None,
              " 73282932000074", None, None],
    "fournisseur": ["Ferme d'Été", "GAEC Noël", "GAEC Noël", None, None, None, None,
                    "Rucher", None, None],
    "prix": ["1,5", "0,0123", "gratuit", None, "1\u00a0234,50\u202f€", None, None, 3, "2,75",
             12.5],
    "unite": ["pièce", " G ", "l", None, "Kg", None, None, "pièce", "kg", "botte"],
    "date": ["3 janv. 2024", "1er mars 2024", "31/02/2024", None, None, None, None, None, None,
             None],
    "categorie": ["Crèmerie > Crème", "Crèmerie > Œufs", None, None, "Légumes", None, None,
                  "Épicerie", "Thés", None],
    "contenu": ["a", "b", "c", "x;y;z", "d", "", "Total | 12 articles", "{}", "{}", "{}"],
}, index=[10, 11, 12, 13, 20, 21, 22, 30, 31, 32])
_expected = pd.DataFrame({
    "source": _tricky["source"],
    "ligne": _tricky["ligne"],
    "ean": ["0012345678905", "3370001000001", "3370001000019", None, "3370001000026", None,
            "Total", "3370001000033", "3370001000040", "3370001000057"],
    "nom": _tricky["nom"],
    "siret": ["73282932000074", "73282932000074", "73282932000074", None, None, None, None,
              "73282932000074", None, None],
    "fournisseur": _tricky["fournisseur"],
    "prix_eur": [1.5, 12.3, np.nan, np.nan, 1234.5, np.nan, np.nan, 3.0, 2.75, 12.5],
    "unite": ["pièce", "kg", "l", None, "kg", None, None, "pièce", "kg", "botte"],
    "date_tarif": pd.to_datetime(["2024-01-03", "2024-03-01", None, None, None, None, None,
                                  None, None, None]),
    "categorie": _tricky["categorie"],
}, index=_tricky.index)
try:
    _result = homogenise(_tricky)
except Exception as _error:
    raise AssertionError(
        f"homogenise échoue sur un petit jeu piégé (espaces insécables, 'gratuit', unité ' G ', "
        f"nombres Python) : {type(_error).__name__} ({_error})."
    ) from None
assert _result.index.equals(_tricky.index), "Sur un jeu piégé, l'index de brut n'est pas conservé."
_match(_result, _expected, "Votre homogénéisation d'un petit jeu piégé (espaces insécables, "
       "texte illisible, unité ' G ', date impossible, nombres Python)")
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 3 — Des règles déclaratives avec pandera
#
# Plutôt que des `if` dispersés, on **déclare** les contraintes attendues dans un
# **schéma** : une colonne, un type, des contrôles (*checks*). Le schéma se relit (le
# jury peut le lire), se versionne et se teste. La bibliothèque **pandera** (version
# installée ci-dessous) s'importe avec `import pandera.pandas as pa` :
#
# ```python
# schema = pa.DataFrameSchema(
#     {
#         "code": pa.Column(str, pa.Check(lambda s: s.str.len() == 3, name="code_court")),
#         "prix": pa.Column(float, pa.Check(lambda s: s > 0, name="prix_negatif")),
#         "commentaire": pa.Column(str, nullable=True),   # valeurs manquantes permises
#     },
#     checks=[pa.Check(lambda df: df["prix"] < 100, name="regle_sur_plusieurs_colonnes")],
# )
# ```
#
# À savoir :
#
# - `pa.Column(type, checks, nullable=False)` : par défaut, une valeur manquante est une
#   **violation** (le check s'appelle alors `not_nullable`) ; les autres checks ne voient
#   que les valeurs présentes ;
# - `pa.Check(fonction, name=...)` : la fonction reçoit la **colonne** (une `Series`) et
#   renvoie une `Series` de booléens ; avec `element_wise=True`, elle reçoit **une valeur**
#   et renvoie un booléen (pratique pour `is_valid_ean13`) ;
# - `name=` donne le nom du check dans le rapport d'erreurs. Attention : les checks
#   prédéfinis (`pa.Check.in_range`, `pa.Check.isin`…) gardent **leur propre nom**
#   (`in_range(0.05, 500)`) même si on leur passe `name=` ; pour choisir le nom, écrivez
#   le check avec `pa.Check(lambda s: ..., name=...)` ;
# - un check **de schéma** (`checks=[...]` du `DataFrameSchema`) reçoit tout le DataFrame :
#   il exprime une règle entre colonnes ;
# - `schema.validate(df, lazy=True)` vérifie **tout** avant de lever une seule exception,
#   `pa.errors.SchemaErrors`, dont l'attribut `failure_cases` est un DataFrame : une ligne
#   par violation, avec `column`, `check`, `failure_case` (la valeur fautive) et `index`
#   (l'index de la ligne fautive ; vide pour une erreur qui concerne la colonne entière,
#   comme un mauvais type). Sans `lazy=True`, la validation s'arrête à la première erreur.

# %%
from importlib.metadata import version

print("pandera", version("pandera"))
schema_exemple = pa.DataFrameSchema(
    {
        "code": pa.Column(str, pa.Check(lambda s: s.str.len() == 3, name="code_court")),
        "prix": pa.Column(float, pa.Check(lambda s: s > 0, name="prix_negatif")),
        "commentaire": pa.Column(str, nullable=True),
    },
    checks=[pa.Check(lambda df: df["prix"] < 100, name="regle_sur_plusieurs_colonnes")],
)
exemple = pd.DataFrame({"code": ["abc", "abcd", None], "prix": [1.0, -2.0, 150.0],
                        "commentaire": [None, "ok", None]}, index=[7, 8, 9])
try:
    schema_exemple.validate(exemple, lazy=True)
except pa.errors.SchemaErrors as erreurs:
    echecs_exemple = erreurs.failure_cases
echecs_exemple[["column", "check", "failure_case", "index"]]

# %% [markdown]
# La ligne d'index 9 a deux violations (`code` manquant, et la règle sur plusieurs
# colonnes, qui apparaît une fois par colonne) : une ligne peut enfreindre plusieurs
# règles à la fois. D'où la **priorité des motifs** vue plus haut.

# %% [markdown]
# ### Exercice 5 — Déclarer les règles (2 points)
#
# Écrivez `build_rules()` qui renvoie un `pa.DataFrameSchema` pour les DataFrames produits
# par `homogenise`, avec ces règles :
#
# | colonne | type | manquant permis ? | check, et son nom (`name=`) |
# |---|---|---|---|
# | `source` | `str` | non | |
# | `ligne` | `int` | non | |
# | `ean` | `str` | non | `is_valid_ean13` vrai, nommé `"ean_invalide"` |
# | `nom` | `str` | non | |
# | `siret` | `str` | oui | `is_valid_siret` vrai, nommé `"siret_invalide"` |
# | `fournisseur` | `str` | oui | |
# | `prix_eur` | `float` | non | entre 0,05 et 500 (bornes comprises), nommé `"prix_hors_plage"` |
# | `unite` | `str` | non | dans `UNITES` (`kg`, `pièce`, `l`, `botte`), nommé `"unite_inconnue"` |
# | `date_tarif` | `pa.DateTime` | oui | |
# | `categorie` | `str` | oui | |
#
# et une règle **de schéma** nommée `"valeur_manquante"` : une ligne dont la `source`
# commence par `"fournisseurs/"` (un CSV fournisseur) doit avoir un `siret` **et** une
# `date_tarif` renseignés.
#
# Ainsi, dans `failure_cases`, la colonne `check` vaut directement le motif de
# quarantaine, sauf `not_nullable`, qui correspondra au motif `valeur_manquante`.
#
# > **Indice** : `pa.Check(is_valid_ean13, element_wise=True, name="ean_invalide")` ;
# > `s.between(0.05, 500)` ; `s.isin(UNITES)` ; pour la règle de schéma,
# > `~df["source"].str.startswith("fournisseurs/") | (...)`.

# %% nbgrader={"grade": false, "grade_id": "ex05_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def build_rules():
    """The declarative validation rules of the homogenised product/price rows."""
    ### BEGIN SOLUTION
    def required_for_csv(df):
        from_csv = df["source"].str.startswith("fournisseurs/")
        return ~from_csv | (df["siret"].notna() & df["date_tarif"].notna())

    return pa.DataFrameSchema(
        {
            "source": pa.Column(str),
            "ligne": pa.Column(int),
            "ean": pa.Column(str, pa.Check(is_valid_ean13, element_wise=True,
                                           name="ean_invalide")),
            "nom": pa.Column(str),
            "siret": pa.Column(str, pa.Check(is_valid_siret, element_wise=True,
                                             name="siret_invalide"), nullable=True),
            "fournisseur": pa.Column(str, nullable=True),
            "prix_eur": pa.Column(float, pa.Check(lambda s: s.between(0.05, 500),
                                                  name="prix_hors_plage")),
            "unite": pa.Column(str, pa.Check(lambda s: s.isin(UNITES), name="unite_inconnue")),
            "date_tarif": pa.Column(pa.DateTime, nullable=True),
            "categorie": pa.Column(str, nullable=True),
        },
        checks=[pa.Check(required_for_csv, name="valeur_manquante")],
    )
    ### END SOLUTION


regles = build_rules()
regles

# %% [markdown]
# Essayons les règles sur les lignes qui ne sont pas corrompues. Le tableau ci-dessous
# compte les violations par colonne et par check :

# %%
corrompues = (brut["nb_champs"].notna() & brut["nb_champs"].ne(8)).fillna(False).astype(bool) | ~brut[
    "ean"].map(lambda v: isinstance(v, str) and re.fullmatch(r"[0-9]{13}", v.strip()) is not None)
try:
    regles.validate(homogene[~corrompues], lazy=True)
    echecs = pd.DataFrame(columns=["column", "check", "index"])
except pa.errors.SchemaErrors as erreurs:
    echecs = erreurs.failure_cases
echecs.groupby(["column", "check"]).size().rename("nb_violations").reset_index()

# %% labkit={"competences": ["C10"]} nbgrader={"grade": true, "grade_id": "ex05_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 5 : un DataFrameSchema qui accepte des lignes propres et nomme ses violations ; violations exactes sur un jeu piégé et sur les vraies données."""
schema = build_rules()
assert isinstance(schema, pa.DataFrameSchema), (
    f"build_rules doit renvoyer un pa.DataFrameSchema, pas {type(schema).__name__}."
)


def _violations(schema, frame):
    """{index: set of reasons} from a lazy validation; not_nullable counts as valeur_manquante."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    else:
        return {}
    cases = cases[cases["index"].notna()]
    found = {}
    for index, check in cases[["index", "check"]].itertuples(index=False):
        found.setdefault(int(index), set()).add(
            "valeur_manquante" if check == "not_nullable" else str(check))
    return found


_good = pd.DataFrame({
    "source": ["fournisseurs/essai.csv", "essai.xlsx"], "ligne": [2, 6],
    "ean": ["4006381333931", "4006381333931"], "nom": ["Miel", "Miel"],
    "siret": ["73282932000074", None], "fournisseur": ["Rucher", None],
    "prix_eur": [5.5, 0.05], "unite": ["kg", "pièce"],
    "date_tarif": pd.to_datetime(["2024-01-03", None]), "categorie": ["Épicerie", None],
})
assert _violations(schema, _good) == {}, (
    f"Deux lignes propres sont refusées par vos règles : {_violations(schema, _good)}. "
    "Vérifiez les types et les colonnes qui acceptent des valeurs manquantes."
)
_bad = _good.assign(ean=["4006381333932", "4006381333931"])
assert _violations(schema, _bad).get(0) == {"ean_invalide"}, (
    "Une ligne dont l'EAN a une clé fausse doit donner une violation nommée 'ean_invalide'."
)
### BEGIN HIDDEN TESTS
_rows = [
    # (source, ean, nom, siret, prix, unite, date, expected reasons)
    ("fournisseurs/a.csv", "4006381333931", "Miel", "73282932000074", 5.5, "kg", "2024-01-03", set()),
    ("fournisseurs/a.csv", "4006381333932", "Miel", "73282932000074", 5.5, "kg", "2024-01-03", {"ean_invalide"}),
    ("fournisseurs/a.csv", "4006381333931", None, "73282932000074", 5.5, "kg", "2024-01-03", {"valeur_manquante"}),
    ("fournisseurs/a.csv", "4006381333931", "Miel", "73282932000075", 5.5, "kg", "2024-01-03", {"siret_invalide"}),
    ("fournisseurs/a.csv", "4006381333931", "Miel", None, 5.5, "kg", "2024-01-03", {"valeur_manquante"}),
    ("fournisseurs/a.csv", "4006381333931", "Miel", "73282932000074", 5.5, "kg", None, {"valeur_manquante"}),
    ("fournisseurs/a.csv", "4006381333931", "Miel", "73282932000074", np.nan, "kg", "2024-01-03", {"valeur_manquante"}),
    ("fournisseurs/a.csv", "4006381333931", "Miel", "73282932000074", 0.0499, "kg", "2024-01-03", {"prix_hors_plage"}),
    ("fournisseurs/a.csv", "4006381333931", "Miel", "73282932000074", 500.0, "kg", "2024-01-03", set()),
    ("fournisseurs/a.csv", "4006381333931", "Miel", "73282932000074", 500.01, "kg", "2024-01-03", {"prix_hors_plage"}),
    ("fournisseurs/a.csv", "4006381333931", "Miel", "73282932000074", 5.5, "g", "2024-01-03", {"unite_inconnue"}),
    ("fournisseurs/a.csv", "4006381333931", "Miel", "73282932000074", 5.5, None, "2024-01-03", {"valeur_manquante"}),
    ("b.xlsx", "4006381333931", "Miel", None, 5.5, "botte", None, set()),
    ("c.json", "4006381333931", "Miel", "73282932000074", 5.5, "l", None, set()),
    ("c.json", "4006381333932", "Miel", "73282932000075", -1.0, "sac", None,
     {"ean_invalide", "siret_invalide", "prix_hors_plage", "unite_inconnue"}),
    ("c.json", None, "Miel", None, 5.5, "l", None, {"valeur_manquante"}),
]
_frame = pd.DataFrame({
    "source": [r[0] for r in _rows], "ligne": list(range(2, 2 + len(_rows))),
    "ean": [r[1] for r in _rows], "nom": [r[2] for r in _rows], "siret": [r[3] for r in _rows],
    "fournisseur": ["Rucher"] * len(_rows), "prix_eur": [r[4] for r in _rows],
    "unite": [r[5] for r in _rows], "date_tarif": pd.to_datetime([r[6] for r in _rows]),
    "categorie": [None] * len(_rows),
}, index=range(100, 100 + len(_rows)))
_found = _violations(schema, _frame)
for _i, _row in zip(_frame.index, _rows, strict=True):
    assert _found.get(_i, set()) == _row[7], (
        f"Ligne de test {_row[:7]} : violations {sorted(_found.get(_i, set()))}, "
        "ce n'est pas ce que demandent les règles de l'énoncé."
    )
# On the real data: the schema flags exactly the rows that violate the rules.
_data = homogenise(brut)
_keep = brut["ean"].map(lambda v: isinstance(v, str) and re.fullmatch(r"[0-9]{13}", v.strip()) is not None)
_keep &= ~(brut["nb_champs"].notna() & brut["nb_champs"].ne(8)).fillna(False).astype(bool)
_data = _data[_keep]
_csv = _data["source"].str.startswith("fournisseurs/")
_expected = {
    "valeur_manquante": (_data[["nom", "prix_eur", "unite"]].isna().any(axis=1)
                         | (_csv & (_data["siret"].isna() | _data["date_tarif"].isna()))),
    "ean_invalide": ~_data["ean"].map(is_valid_ean13),
    "siret_invalide": _data["siret"].notna() & ~_data["siret"].map(lambda v: is_valid_siret(v) if isinstance(v, str) else True),
    "prix_hors_plage": _data["prix_eur"].notna() & ~_data["prix_eur"].between(0.05, 500),
    "unite_inconnue": _data["unite"].notna() & ~_data["unite"].isin(UNITES),
}
_found = _violations(schema, _data)
for _reason, _mask in _expected.items():
    _want = set(_data.index[_mask])
    _got = {i for i, reasons in _found.items() if _reason in reasons}
    assert _got == _want, (
        f"Sur les vraies données, les violations '{_reason}' ne sont pas exactement les lignes "
        "qui enfreignent cette règle."
    )
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 4 — Doublons exacts, quasi-doublons, doublons flous
#
# Trois situations, trois traitements :
#
# - **doublon exact** : la même ligne, deux fois (un export relancé) ; on garde la
#   première, les suivantes partent en quarantaine (et sont comptées dans le rapport) ;
# - **quasi-doublon** : la même clé (EAN) avec un nom écrit autrement (`Farine T65 bio` et
#   `farine t65  BIO`) ; on compare les formes normalisées, et on garde la première ;
# - **doublon flou** : deux noms proches **sans** clé commune. Une mesure de similarité
#   propose des paires, mais fusionner automatiquement est risqué.
#
# Le module standard `difflib` mesure la similarité de deux textes :
# `difflib.SequenceMatcher(None, a, b).ratio()` vaut 1 pour deux textes identiques et 0
# pour deux textes sans rien en commun. Voyons ce qu'il dit des noms du catalogue :

# %%
def similarite(a, b):
    """difflib ratio of the normalised forms of two names."""
    return difflib.SequenceMatcher(None, normalise_name(a), normalise_name(b)).ratio()


print(round(similarite("Bœuf bourguignon du terroir", "BOEUF  Bourguignon du terroir"), 3))
print(round(similarite("Bœuf bourguignon du terroir", "Buf bourguignon du terroir"), 3))
print(round(similarite("Cuisses de canard", "Cuisses de canard de nos régions"), 3))

# %% [markdown]
# La deuxième ligne montre un piège courant : un export qui « retire les accents » en
# supprimant les caractères non ASCII transforme `Bœuf` en `Buf`. La normalisation ne
# suffit plus, la similarité reste élevée. La troisième ligne montre le danger inverse :
# deux produits **différents** (deux EAN distincts) ont des noms très proches. Et dans le
# catalogue, certains noms sont même **identiques** pour des produits différents :

# %%
produits = paniervert.load("products", scale, seed)
noms_partages = produits[produits["name"].duplicated(keep=False)].sort_values("name")
print(len(noms_partages), "produits partagent leur nom avec un autre produit")
noms_partages[["ean13", "name", "unit", "unit_price_eur"]].head(apercu_lignes)

# %% [markdown]
# Conclusion : la similarité de noms **propose**, la clé **décide**. Dans ce lab, un
# doublon se cherche **à l'intérieur d'une même source** et **sur la même clé EAN** ; la
# similarité des noms sert à distinguer un quasi-doublon (même produit, nom mal saisi) d'un
# **conflit** (même EAN, mais un nom sans rapport : l'EAN est probablement faux, la ligne
# doit être revue par un humain).
#
# ### Exercice 6 — Trouver les doublons (2 points)
#
# Écrivez `find_duplicates(df)` qui reçoit un DataFrame au format de `homogenise` (avec
# n'importe quel index) et renvoie une `Series` **alignée sur `df.index`**, qui vaut, pour
# chaque ligne :
#
# - `"doublon_exact"` si une ligne **précédente** de la même `source` a exactement les
#   mêmes valeurs dans les huit colonnes `ean`, `nom`, `siret`, `fournisseur`, `prix_eur`,
#   `unite`, `date_tarif`, `categorie` (deux valeurs manquantes sont considérées égales) ;
# - sinon, si une ligne précédente de la même `source` a le même `ean` :
#   - `"quasi_doublon"` si la similarité entre le nom normalisé (`normalise_name`) de la
#     **première** ligne de cet EAN dans la source et celui de la ligne est **supérieure ou
#     égale à 0,8** (`difflib.SequenceMatcher(None, a, b).ratio()`) ;
#   - `"conflit_ean"` sinon ;
# - `None` dans tous les autres cas, et pour les lignes sans `ean`.
#
# « Précédente » s'entend dans l'ordre de `ligne` croissante, à l'intérieur de chaque
# source. Seules les lignes passées à la fonction comptent.
#
# > **Indice** : `df.sort_values(["source", "ligne"])`, puis
# > `.duplicated(subset=[...], keep="first")` pour les doublons exacts ; une boucle sur les
# > lignes triées avec un dictionnaire `{(source, ean): nom normalisé de la première
# > ligne}` pour le reste.

# %% nbgrader={"grade": false, "grade_id": "ex06_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def find_duplicates(df):
    """Per row: "doublon_exact", "quasi_doublon", "conflit_ean" or None (within each source)."""
    ### BEGIN SOLUTION
    columns = ["ean", "nom", "siret", "fournisseur", "prix_eur", "unite", "date_tarif",
               "categorie"]
    result = pd.Series([None] * len(df), index=df.index, dtype=object)
    ordered = df.sort_values(["source", "ligne"])
    exact = ordered.duplicated(subset=["source", *columns], keep="first")
    first_name = {}
    for index, source, ean, name in ordered[["source", "ean", "nom"]].itertuples():
        if not isinstance(ean, str):
            continue
        if exact[index]:
            result[index] = "doublon_exact"
            continue
        key = (source, ean)
        if key not in first_name:
            first_name[key] = normalise_name(name)
            continue
        ratio = difflib.SequenceMatcher(None, first_name[key], normalise_name(name)).ratio()
        result[index] = "quasi_doublon" if ratio >= 0.8 else "conflit_ean"
    return result
    ### END SOLUTION


doublons = find_duplicates(homogene)
doublons.value_counts()

# %% labkit={"competences": ["C10"]} nbgrader={"grade": true, "grade_id": "ex06_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 6 : une Series alignée, valeurs permises, doublons trouvés ; résultat exact sur un jeu piégé et sur les vraies données."""
result = find_duplicates(homogenise(brut))
assert isinstance(result, pd.Series), "find_duplicates doit renvoyer une pandas Series."
assert result.index.equals(brut.index), "La Series doit être alignée sur l'index du DataFrame reçu."
_values = set(result.dropna())
assert _values <= {"doublon_exact", "quasi_doublon", "conflit_ean"}, (
    f"Valeurs inattendues : {sorted(_values - {'doublon_exact', 'quasi_doublon', 'conflit_ean'})}."
)
assert (result == "doublon_exact").any(), "Aucun doublon exact trouvé : il y en a dans les fichiers."
### BEGIN HIDDEN TESTS
def _plain(series):
    return [None if pd.isna(v) else v for v in series]


_base = dict(siret="73282932000074", fournisseur="Rucher", prix_eur=2.5, unite="kg",
             date_tarif=pd.Timestamp("2024-03-01"), categorie="Épicerie")
_rows = [
    # (index, source, ligne, ean, nom, changes, expected)
    (50, "s1.csv", 9, "A", "Pomme golden", {}, "doublon_exact"),     # after line 2 (order by ligne)
    (51, "s1.csv", 2, "A", "Pomme golden", {}, None),
    (52, "s1.csv", 3, "A", "  POMME  Golden ", {}, "quasi_doublon"),
    (53, "s1.csv", 4, "A", "Jus de carotte", {}, "conflit_ean"),
    (54, "s1.csv", 5, "A", "Pomme golden", {"prix_eur": 2.6}, "quasi_doublon"),
    (55, "s2.csv", 2, "A", "Pomme golden", {}, None),                # another source
    (56, "s1.csv", 6, "B", None, {"prix_eur": np.nan}, None),
    (57, "s1.csv", 7, "B", None, {"prix_eur": np.nan}, "doublon_exact"),
    (58, "s1.csv", 8, None, "Sans code", {}, None),
    (59, "s1.csv", 10, None, "Sans code", {}, None),
    (60, "s1.csv", 11, "C", "Bœuf bourguignon", {}, None),
    (61, "s1.csv", 12, "C", "Buf bourguignon", {}, "quasi_doublon"),
    (62, "s1.csv", 13, "C", "Pomme golden", {}, "conflit_ean"),
    (63, "s1.csv", 14, "D", "abcdefghij", {}, None),
    (64, "s1.csv", 15, "D", "abcdefghXY", {}, "quasi_doublon"),        # ratio exactly 0.8
    (65, "s1.csv", 16, "D", "abcdefgXYZ", {}, "conflit_ean"),          # ratio 0.7
]
_frame = pd.DataFrame([
    {"source": s, "ligne": line, "ean": ean, "nom": name, **{**_base, **changes}}
    for _, s, line, ean, name, changes, _ in _rows
], index=[r[0] for r in _rows])[COLONNES_PROPRES]
try:
    _result = find_duplicates(_frame)
except Exception as _error:
    raise AssertionError(
        f"find_duplicates échoue sur un petit jeu piégé : {type(_error).__name__} ({_error})."
    ) from None
assert _result.index.equals(_frame.index), "Sur un jeu piégé, la Series n'est pas alignée sur l'index reçu."
for (_i, _s, _line, _ean, _name, _changes, _want), _got in zip(_rows, _plain(_result), strict=True):
    assert _got == _want, (
        f"Jeu piégé, ligne {_line} de {_s} (ean={_ean!r}, nom={_name!r}) : vous trouvez "
        f"{_got!r}. Relisez les règles (ordre des lignes, première ligne de l'EAN, seuil ≥ 0,8, "
        "lignes sans ean)."
    )
_manifest = json.loads((sources / "defects_manifest.json").read_text(encoding="utf-8"))
_where = result.to_frame("motif").join(brut[["source", "ligne"]])
for _defect, _motif in (("exact_duplicate", "doublon_exact"), ("near_duplicate", "quasi_doublon")):
    _truth = {(d["file"], d["row"]) for d in _manifest["defects"] if d["defect"] == _defect}
    _got = set(map(tuple, _where.loc[_where["motif"] == _motif, ["source", "ligne"]].to_numpy().tolist()))
    assert _truth <= _got, f"Des lignes '{_motif}' des fichiers réels ne sont pas trouvées."
### END HIDDEN TESTS

# %% [markdown]
# Sur les données brutes complètes, des lignes corrompues ou incomplètes peuvent aussi
# sortir comme doublons. C'est pourquoi, dans la chaîne complète, on cherche les doublons
# **seulement parmi les lignes qui ont passé toutes les autres règles** : une copie d'une
# ligne rejetée doit être rejetée pour la même raison, pas comme doublon.

# %% [markdown]
# ---
# ## Partie 5 — La chaîne complète : rien n'est supprimé en silence
#
# ### Exercice 7 — Nettoyer et mettre en quarantaine (3 points)
#
# Écrivez `clean(brut)` qui renvoie un **tuple** `(propres, quarantaine)` :
#
# 1. **`ligne_corrompue`** : les lignes de `brut` dont `nb_champs` est renseigné et
#    différent de 8, ou dont `ean` est absent ou n'est pas formé d'exactement 13 chiffres
#    (espaces autour retirés) ;
# 2. pour les autres lignes : `homogenise`, puis validation par `build_rules()` avec
#    `lazy=True` ; chaque violation d'une ligne lui donne le motif égal au nom du check
#    (`not_nullable` donne `valeur_manquante`) ; s'il y en a plusieurs, la ligne prend le
#    **premier** motif dans l'ordre de la liste `MOTIFS` (définie dans la mise en place) ;
# 3. parmi les lignes qui n'ont toujours **aucun** motif : `find_duplicates`, dont la valeur
#    (si elle n'est pas `None`) devient le motif ;
# 4. `propres` : les lignes **sans motif**, telles que les renvoie `homogenise`, colonnes
#    `COLONNES_PROPRES`, triées par `source` puis `ligne`, index `0, 1, 2…` ;
# 5. `quarantaine` : une ligne par ligne de `brut` **avec** un motif, colonnes, dans cet
#    ordre : `source`, `ligne`, `motif`, `contenu` (la colonne `contenu` de `brut`), triées
#    par `source` puis `ligne`, index `0, 1, 2…`.
#
# Chaque ligne de `brut` est donc dans **exactement un** des deux tableaux.
#
# > **Indice** : une `Series` `motif` alignée sur `brut.index`, initialisée à `None`,
# > remplie étape par étape. Dans `failure_cases`, gardez les lignes dont `index` n'est
# > pas manquant ; pour choisir le motif prioritaire d'une ligne, `MOTIFS.index(motif)`
# > donne son rang.

# %% nbgrader={"grade": false, "grade_id": "ex07_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def clean(brut):
    """(propres, quarantaine): every raw row ends in exactly one of them, with a reason if rejected."""
    ### BEGIN SOLUTION
    data = homogenise(brut)
    reason = pd.Series([None] * len(brut), index=brut.index, dtype=object)
    wrong_count = (brut["nb_champs"].notna() & brut["nb_champs"].ne(8)).fillna(False).astype(bool)
    no_key = ~brut["ean"].map(
        lambda v: isinstance(v, str) and re.fullmatch(r"[0-9]{13}", v.strip()) is not None)
    reason[wrong_count | no_key] = "ligne_corrompue"

    rest = data[reason.isna()]
    try:
        build_rules().validate(rest, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        cases = cases[cases["index"].notna()]
        for index, check in cases[["index", "check"]].itertuples(index=False):
            found = "valeur_manquante" if check == "not_nullable" else str(check)
            current = reason[index]
            if current is None or MOTIFS.index(found) < MOTIFS.index(current):
                reason[index] = found

    duplicates = find_duplicates(data[reason.isna()]).dropna()
    reason[duplicates.index] = duplicates

    kept = reason.isna()
    propres = (data.loc[kept, COLONNES_PROPRES].sort_values(["source", "ligne"])
               .reset_index(drop=True))
    quarantaine = (brut.loc[~kept, ["source", "ligne"]].assign(motif=reason[~kept],
                                                               contenu=brut.loc[~kept, "contenu"])
                   .sort_values(["source", "ligne"]).reset_index(drop=True))
    return propres, quarantaine
    ### END SOLUTION


propres, quarantaine = clean(brut)
print(len(brut), "lignes brutes ->", len(propres), "propres +", len(quarantaine), "en quarantaine")
quarantaine.head(apercu_lignes)

# %% labkit={"competences": ["C10"]} nbgrader={"grade": true, "grade_id": "ex07_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 7 : deux tableaux, colonnes demandées, chaque ligne brute dans exactement un tableau, motifs permis ; précision et rappel par motif (vérité terrain), valeurs corrigées exactes, jeu piégé."""
_out = clean(brut)
assert isinstance(_out, tuple) and len(_out) == 2, "clean doit renvoyer un tuple (propres, quarantaine)."
_propres, _quarantaine = _out
assert list(_propres.columns) == COLONNES_PROPRES, (
    f"Colonnes de propres : {list(_propres.columns)} ; attendu : {COLONNES_PROPRES}."
)
assert list(_quarantaine.columns) == ["source", "ligne", "motif", "contenu"], (
    f"Colonnes de quarantaine : {list(_quarantaine.columns)} ; attendu : source, ligne, motif, contenu."
)
assert set(_quarantaine["motif"]) <= set(MOTIFS), (
    f"Motifs inconnus : {sorted(set(_quarantaine['motif']) - set(MOTIFS))}."
)
_keys_brut = list(zip(brut["source"], brut["ligne"], strict=True))
_keys_out = (list(zip(_propres["source"], _propres["ligne"], strict=True))
             + list(zip(_quarantaine["source"], _quarantaine["ligne"], strict=True)))
assert len(_keys_out) == len(set(_keys_out)), "Une même ligne brute apparaît deux fois dans vos résultats."
assert sorted(_keys_out) == sorted(_keys_brut), (
    f"{len(set(_keys_brut) - set(_keys_out))} ligne(s) brute(s) ne sont ni dans propres ni en "
    "quarantaine : rien ne doit disparaître en silence."
)
assert not _propres["unite"].eq("g").any(), "Il reste des prix au gramme dans propres."
### BEGIN HIDDEN TESTS
_manifest = json.loads((sources / "defects_manifest.json").read_text(encoding="utf-8"))
_groups = {
    "ligne_corrompue": {"corrupt_row", "blank_row", "footer_row"},
    "valeur_manquante": {"missing_value", "missing_field", "null_value"},
    "ean_invalide": {"invalid_ean"}, "siret_invalide": {"invalid_siret"},
    "doublon_exact": {"exact_duplicate"}, "quasi_doublon": {"near_duplicate"},
}
for _motif, _defects in _groups.items():
    _truth = {(d["file"], d["row"]) for d in _manifest["defects"] if d["defect"] in _defects}
    _flag = {(s, int(n)) for s, n, m in _quarantaine[["source", "ligne", "motif"]].itertuples(index=False)
             if m == _motif}
    _tp = len(_truth & _flag)
    _precision = _tp / len(_flag) if _flag else (1.0 if not _truth else 0.0)
    _recall = _tp / len(_truth) if _truth else 1.0
    assert _recall >= 0.95, (
        f"Motif '{_motif}' : rappel {_recall * 100:.0f} % ; des lignes défectueuses ne sont pas en "
        "quarantaine avec ce motif (mesurez avec la cellule de la partie 5)."
    )
    assert _precision >= 0.95, (
        f"Motif '{_motif}' : précision {_precision * 100:.0f} % ; des lignes saines sont mises en "
        "quarantaine avec ce motif."
    )
_defective = {(d["file"], d["row"]) for d in _manifest["defects"]
              if any(d["defect"] in g for g in _groups.values())}
_extra = {(s, int(n)) for s, n in _quarantaine[["source", "ligne"]].itertuples(index=False)} - _defective
assert not _extra, f"{len(_extra)} ligne(s) saine(s) mise(s) en quarantaine."
_products = paniervert.load("products", scale, seed).set_index("ean13")
_mixups = {(d["file"], d["row"]) for d in _manifest["defects"] if d["defect"] == "unit_mixup"}
assert _propres["ean"].isin(_products.index).all(), "propres contient des EAN inconnus du catalogue."
for _row in _propres.itertuples(index=False):
    _clean = _products.loc[_row.ean]
    _tolerance = 0.051 if (_row.source, _row.ligne) in _mixups else 1e-9
    assert abs(_row.prix_eur - _clean["unit_price_eur"]) <= _tolerance, (
        f"{_row.source}, ligne {_row.ligne} : prix {_row.prix_eur} inexact après homogénéisation."
    )
    assert _row.unite == _clean["unit"], f"{_row.source}, ligne {_row.ligne} : unité inexacte."
    assert _row.nom == _clean["name"], f"{_row.source}, ligne {_row.ligne} : nom modifié."
    if _row.source.startswith("fournisseurs/"):
        assert _row.date_tarif == _clean["updated_at"].normalize(), (
            f"{_row.source}, ligne {_row.ligne} : date inexacte."
        )
assert _propres.index.equals(pd.RangeIndex(len(_propres))), "Réindexez propres (0, 1, 2…)."
assert _quarantaine.index.equals(pd.RangeIndex(len(_quarantaine))), "Réindexez quarantaine (0, 1, 2…)."
assert list(zip(_quarantaine["source"], _quarantaine["ligne"], strict=True)) == sorted(
    zip(_quarantaine["source"], _quarantaine["ligne"], strict=True)), "Triez la quarantaine par source puis ligne."
assert list(zip(_propres["source"], _propres["ligne"], strict=True)) == sorted(
    zip(_propres["source"], _propres["ligne"], strict=True)), "Triez propres par source puis ligne."

# A small crafted set, independent of the manifest.
_E = {}
for _n in range(1, 13):
    _body = f"337000{_n:06d}"
    _s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(_body))
    _E[_n] = _body + str((10 - _s % 10) % 10)
_BAD = _E[2][:12] + str((int(_E[2][12]) + 1) % 10)
_S, _S_BAD = "73282932000074", "73282932000075"


def _csv(line, ean, nom, prix="2,50", unite="kg", date="2024-03-01", siret=_S, n=8):
    return {"source": "fournisseurs/essai.csv", "ligne": line, "nb_champs": n, "ean": ean,
            "nom": nom, "siret": siret, "fournisseur": "Ferme", "prix": prix, "unite": unite,
            "date": date, "categorie": "Fruits > Pommes", "contenu": f"ligne {line}"}


_records = [
    (_csv(2, _E[1], "Pomme Golden"), None),
    ({**_csv(3, None, None, None, None, None, None, n=3)}, "ligne_corrompue"),
    (_csv(4, _BAD, "Poire"), "ean_invalide"),
    (_csv(5, _E[3], "Prune", siret=_S_BAD), "siret_invalide"),
    (_csv(6, _E[4], "Kiwi", prix=None), "valeur_manquante"),
    (_csv(7, _E[1], "Pomme Golden"), "doublon_exact"),
    (_csv(8, _E[1], "  POMME golden "), "quasi_doublon"),
    (_csv(9, _E[1], "Jus de carotte"), "conflit_ean"),
    (_csv(10, _E[5], "Noix", prix="0,0025", unite="g"), None),
    (_csv(11, _E[6], "Noisette", date=None), "valeur_manquante"),
    (_csv(12, _E[7], "Truffe", prix="900,00"), "prix_hors_plage"),
    (_csv(13, _E[8], "Châtaigne", unite="sachet"), "unite_inconnue"),
    (_csv(14, " " + _E[9] + " ", "Datte", date="3 janv. 2024"), None),
    (_csv(15, _BAD, "Figue", prix=None), "valeur_manquante"),
    (_csv(16, _E[4], "Kiwi", prix=None), "valeur_manquante"),
    (_csv(17, _E[10], "Abricot", n=9), "ligne_corrompue"),
    (_csv(18, _E[4], "Kiwi", prix="2,00"), None),
    (_csv(19, _E[12], "Coing", siret=_S_BAD, unite="sachet", prix="900"), "siret_invalide"),
    (_csv(20, _BAD, "Nèfle", siret=_S_BAD), "ean_invalide"),
    (_csv(21, _E[11], "Mûre", unite="sachet", prix="0,01"), "unite_inconnue"),
    (_csv(22, _BAD, "Cassis", date=None, unite="sac"), "valeur_manquante"),
    (_csv(23, _E[10], "Groseille", siret=None, prix="999"), "valeur_manquante"),
    ({"source": "essai.xlsx", "ligne": 6, "nb_champs": None, "ean": _E[1], "nom": "Pomme Golden",
      "siret": None, "fournisseur": None, "prix": "2,50 €", "unite": "kg", "date": None,
      "categorie": "Fruits", "contenu": "x"}, None),
    ({"source": "essai.xlsx", "ligne": 7, "nb_champs": None, "ean": None, "nom": None,
      "siret": None, "fournisseur": None, "prix": None, "unite": None, "date": None,
      "categorie": None, "contenu": ""}, "ligne_corrompue"),
    ({"source": "essai.xlsx", "ligne": 8, "nb_champs": None, "ean": "Total", "nom": "3 articles",
      "siret": None, "fournisseur": None, "prix": None, "unite": None, "date": None,
      "categorie": None, "contenu": "Total | 3 articles"}, "ligne_corrompue"),
    ({"source": "essai.json", "ligne": 0, "nb_champs": None, "ean": _E[11], "nom": "Miel",
      "siret": _S, "fournisseur": "Rucher", "prix": "1,20", "unite": "pièce", "date": None,
      "categorie": "Épicerie", "contenu": "{}"}, None),
    ({"source": "essai.json", "ligne": 1, "nb_champs": None, "ean": _E[12], "nom": None,
      "siret": _S, "fournisseur": "Rucher", "prix": 3.0, "unite": "pièce", "date": None,
      "categorie": "Épicerie", "contenu": "{}"}, "valeur_manquante"),
    ({"source": "essai.json", "ligne": 2, "nb_champs": None, "ean": _E[1], "nom": "Pomme golden",
      "siret": _S, "fournisseur": "Rucher", "prix": 2.5, "unite": "kg", "date": None,
      "categorie": "Fruits", "contenu": "{}"}, None),
]
_tricky = pd.DataFrame([r for r, _ in _records]).reindex(columns=BRUT_COLUMNS)
_tricky["nb_champs"] = _tricky["nb_champs"].astype("Int64")
for _column in BRUT_COLUMNS:
    if _column not in ("ligne", "nb_champs"):
        _tricky[_column] = _tricky[_column].astype(object).where(_tricky[_column].notna(), None)
_tricky.index = range(200, 200 + len(_tricky))
try:
    _p, _q = clean(_tricky)
except Exception as _error:
    raise AssertionError(f"clean échoue sur un petit jeu piégé : {type(_error).__name__} ({_error}).") from None
_expected_q = {(r["source"], r["ligne"]): m for r, m in _records}
_got_q = {(s, int(n)): m for s, n, m in _q[["source", "ligne", "motif"]].itertuples(index=False)}
_wrong = [(s, n, _got_q.get((s, n), "gardée")) for (s, n), m in _expected_q.items()
          if _got_q.get((s, n)) != m]
assert not _wrong, (
    "Sur un petit jeu piégé, votre quarantaine n'est pas exacte : vérifiez la priorité des "
    "motifs (MOTIFS) et que les doublons ne sont cherchés que parmi les lignes sans autre motif. "
    f"Lignes mal traitées (source, ligne, votre motif) : {sorted(_wrong)}."
)
_kept = _p.set_index(["source", "ligne"])
assert abs(_kept.loc[("fournisseurs/essai.csv", 10), "prix_eur"] - 2.5) < 1e-9, (
    "Sur un petit jeu piégé, un prix au gramme (« 0,0025 », unité g) doit devenir 2,50 €/kg dans propres."
)
assert _kept.loc[("fournisseurs/essai.csv", 14), "ean"] == _E[9], (
    "Dans propres, les EAN doivent être ceux de homogenise (espaces autour retirés)."
)
assert _q.loc[_q["ligne"].eq(3), "contenu"].iloc[0] == "ligne 3", "La colonne contenu doit venir de brut."
### END HIDDEN TESTS

# %% [markdown]
# ### Mesurer vos règles : précision et rappel
#
# La cellule suivante compare votre quarantaine à la vérité terrain (le manifeste des
# défauts) avec la fonction `mesurer` de la mise en place. Pour chaque motif :
#
# - `attendues` : lignes défectueuses qui relèvent de ce motif selon le manifeste ;
# - `signalees` : lignes que **vous** avez mises en quarantaine avec ce motif ;
# - `precision` = justes / signalées (une règle peu précise jette de bonnes lignes) ;
# - `rappel` = justes / attendues (une règle au rappel faible laisse passer des erreurs).
#
# Les tests cachés exigent au moins 95 % de précision **et** de rappel pour chaque motif
# du manifeste. Cette cellule n'est pas notée : servez-vous-en pour améliorer vos règles.
# (`conflit_ean`, `unite_inconnue` et `prix_hors_plage` n'ont pas de défaut attendu dans
# ces fichiers : toute ligne que vous y mettez est une fausse alerte.)

# %%
mesure = mesurer(quarantaine)
mesure

# %% [markdown]
# Les défauts **corrigés** plutôt qu'écartés (prix au gramme, prix écrits comme du texte,
# dates dans un autre format) ne figurent pas dans ce tableau : les tests cachés vérifient
# que leurs valeurs, dans `propres`, sont les bonnes.

# %% [markdown]
# ---
# ## Partie 6 — Réconcilier les sources : un produit, un prix
#
# `propres` contient encore **plusieurs lignes pour un même EAN** quand le produit figure
# dans plusieurs sources. Pour le jeu final, il faut une **règle de priorité documentée** :
# ici, le fichier du fournisseur fait foi (c'est lui qui fixe le prix et donne la date),
# puis la coopérative, puis le catalogue du partenaire.

# %%
propres.groupby("ean").size().value_counts().rename_axis("nb_sources").rename("nb_produits")

# %% [markdown]
# ### Exercice 8 — Réconcilier (1 point)
#
# Écrivez `reconcile(propres)` qui renvoie **une ligne par `ean`**, avec les colonnes de
# `propres` (`COLONNES_PROPRES`, dans le même ordre), en gardant pour chaque EAN la ligne de
# la source **prioritaire** :
#
# 1. les fichiers fournisseurs (`source` qui commence par `"fournisseurs/"`) ;
# 2. puis le fichier Excel (`source` qui se termine par `".xlsx"`) ;
# 3. puis le JSON (`source` qui se termine par `".json"`).
#
# À priorité égale, la plus petite `source`, puis la plus petite `ligne`. Triez le
# résultat par `ean` croissant, index `0, 1, 2…`.
#
# > **Indice** : une colonne temporaire de rang de priorité, `sort_values` sur
# > plusieurs colonnes, puis `drop_duplicates("ean", keep="first")`.

# %% nbgrader={"grade": false, "grade_id": "ex08_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def reconcile(propres):
    """One row per EAN, from the highest-priority source (supplier CSV > Excel > JSON)."""
    ### BEGIN SOLUTION
    rank = np.select(
        [propres["source"].str.startswith("fournisseurs/"), propres["source"].str.endswith(".xlsx")],
        [0, 1], default=2)
    return (propres.assign(_rank=rank)
            .sort_values(["_rank", "source", "ligne"])
            .drop_duplicates("ean", keep="first")
            .sort_values("ean")
            .drop(columns="_rank")
            .reset_index(drop=True)[COLONNES_PROPRES])
    ### END SOLUTION


produits_prix = reconcile(propres)
print(len(produits_prix), "produits dans le jeu final")
produits_prix.head(apercu_lignes)

# %% labkit={"competences": ["C10"]} nbgrader={"grade": true, "grade_id": "ex08_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Exercice 8 : colonnes, un EAN par ligne, tous les EAN de propres ; source prioritaire exacte (vraies données et jeu piégé)."""
result = reconcile(propres)
assert list(result.columns) == COLONNES_PROPRES, f"Colonnes obtenues : {list(result.columns)}."
assert result["ean"].is_unique, "Chaque EAN ne doit apparaître qu'une fois."
assert set(result["ean"]) == set(propres["ean"]), "Tous les EAN de propres doivent être dans le résultat."
### BEGIN HIDDEN TESTS
def _reference(frame):
    priority = {"fournisseurs/": 0}
    rows = []
    for _ean, group in frame.groupby("ean", sort=True):
        keys = [((0 if s.startswith("fournisseurs/") else 1 if s.endswith(".xlsx") else 2), s, n)
                for s, n in zip(group["source"], group["ligne"], strict=True)]
        rows.append(group.iloc[min(range(len(keys)), key=keys.__getitem__)])
    del priority
    return pd.DataFrame(rows)[COLONNES_PROPRES].reset_index(drop=True)


try:
    checks.assert_frame_matches(result, _reference(propres), ordered=True)
except checks.CheckFailed as _error:
    raise AssertionError(f"Votre réconciliation des vraies données : {_error}") from None
_tiny = pd.DataFrame({
    "source": ["z.json", "coop.xlsx", "fournisseurs/b.csv", "fournisseurs/a.csv", "a.json",
               "fournisseurs/a.csv", "b.xlsx", "a.xlsx"],
    "ligne": [0, 9, 2, 7, 5, 3, 4, 8],
    "ean": ["E1", "E1", "E1", "E2", "E3", "E2", "E4", "E4"],
    "nom": list("abcdefgh"), "siret": [None] * 8, "fournisseur": [None] * 8,
    "prix_eur": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], "unite": ["kg"] * 8,
    "date_tarif": pd.to_datetime([None] * 8), "categorie": [None] * 8,
}, index=[9, 8, 7, 6, 5, 4, 3, 2])
try:
    checks.assert_frame_matches(reconcile(_tiny), _reference(_tiny), ordered=True)
except checks.CheckFailed as _error:
    raise AssertionError(f"Votre réconciliation d'un petit jeu piégé (priorités, ex æquo) : {_error}") from None
### END HIDDEN TESTS

# %% [markdown]
# Combien de produits du catalogue manquent au jeu final ? Ce sont ceux dont **toutes** les
# lignes ont été mises en quarantaine (par exemple un EAN mal saisi dans le seul fichier qui
# les cite). La quarantaine n'est pas une poubelle : c'est une liste de travail pour
# l'équipe achats, qui corrigera la source.

# %%
manquants = produits[~produits["ean13"].isin(produits_prix["ean"])]
print(len(manquants), "produits sur", len(produits), "absents du jeu final")

# %% [markdown]
# ---
# ## Partie 7 — Le rapport qualité
#
# Chaque exécution de la chaîne produit un **rapport qualité** : combien de lignes lues,
# gardées, écartées, par source et par règle. Il sert à trois choses : répondre à la
# question « combien avez-vous supprimé, et pourquoi ? », alerter quand une source se
# dégrade, et suivre la qualité dans le temps.
#
# ### Exercice 9 — Le rapport qualité (2 points)
#
# Écrivez `quality_report(brut, quarantaine)` qui renvoie un DataFrame avec les colonnes,
# dans cet ordre :
#
# - `source` : chaque source présente dans `brut` ;
# - `motif` : un motif présent dans la quarantaine **de cette source**, ou `"valide"` pour
#   les lignes de la source qui ne sont pas en quarantaine (une ligne `"valide"` par
#   source, même si son nombre vaut 0) ;
# - `nb_lignes` (entier) : le nombre de lignes de la source avec ce motif ;
# - `part` (nombre entre 0 et 1) : `nb_lignes` divisé par le nombre de lignes de la source
#   dans `brut`, sans arrondi.
#
# Une ligne par couple (`source`, `motif`) ; triez par `source` puis `motif` (ordre
# alphabétique), index `0, 1, 2…`. Pour chaque source, la somme des `part` vaut donc 1.
#
# > **Indice** : `groupby(["source", "motif"]).size()`, puis `pd.concat` avec les lignes
# > `"valide"` calculées à partir du nombre de lignes lues par source.

# %% nbgrader={"grade": false, "grade_id": "ex09_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def quality_report(brut, quarantaine):
    """Rows per source and reason (plus "valide"), with their share of the source's rows."""
    ### BEGIN SOLUTION
    read = brut.groupby("source").size()
    rejected = quarantaine.groupby(["source", "motif"]).size().rename("nb_lignes").reset_index()
    valid = (read - quarantaine.groupby("source").size().reindex(read.index, fill_value=0))
    valid = valid.rename("nb_lignes").rename_axis("source").reset_index().assign(motif="valide")
    report = pd.concat([rejected, valid], ignore_index=True)
    report["nb_lignes"] = report["nb_lignes"].astype("int64")
    report["part"] = report["nb_lignes"] / report["source"].map(read)
    return (report[["source", "motif", "nb_lignes", "part"]]
            .sort_values(["source", "motif"]).reset_index(drop=True))
    ### END SOLUTION


rapport = quality_report(brut, quarantaine)
rapport

# %% labkit={"competences": ["C10"]} nbgrader={"grade": true, "grade_id": "ex09_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 9 : colonnes demandées, parts qui somment à 1 par source, une ligne valide par source ; rapport exact (vraies données et jeu piégé)."""
result = quality_report(brut, quarantaine)
assert list(result.columns) == ["source", "motif", "nb_lignes", "part"], (
    f"Colonnes obtenues : {list(result.columns)} ; attendu : source, motif, nb_lignes, part."
)
assert pd.api.types.is_integer_dtype(result["nb_lignes"]), "'nb_lignes' doit être un entier."
_sums = result.groupby("source")["part"].sum()
assert np.allclose(_sums, 1.0), (
    f"Pour chaque source, la somme des parts doit valoir 1 ; obtenu : {_sums.round(4).to_dict()}."
)
assert (result["motif"] == "valide").groupby(result["source"]).sum().eq(1).all(), (
    "Chaque source doit avoir exactement une ligne de motif 'valide'."
)
### BEGIN HIDDEN TESTS
def _reference(raw, rejected):
    rows = []
    for source, group in raw.groupby("source"):
        total = len(group)
        flagged = rejected[rejected["source"] == source]
        counts = flagged["motif"].value_counts().to_dict()
        counts["valide"] = total - len(flagged)
        for motif, n in counts.items():
            rows.append((source, motif, int(n), n / total))
    return (pd.DataFrame(rows, columns=["source", "motif", "nb_lignes", "part"])
            .sort_values(["source", "motif"]).reset_index(drop=True))


def _match(actual, expected, context):
    try:
        checks.assert_frame_matches(actual, expected, ordered=True)
    except checks.CheckFailed as error:
        raise AssertionError(f"{context} : {error}") from None


_match(result, _reference(brut, quarantaine), "Votre rapport sur les vraies données")
_raw = pd.DataFrame({"source": ["b.csv"] * 4 + ["a.json"] * 2 + ["c.xlsx"] * 3,
                     "ligne": [2, 3, 4, 5, 0, 1, 6, 7, 8]})
_rej = pd.DataFrame({"source": ["b.csv", "b.csv", "b.csv", "c.xlsx", "c.xlsx", "c.xlsx"],
                     "ligne": [2, 3, 5, 6, 7, 8],
                     "motif": ["ean_invalide", "doublon_exact", "ean_invalide",
                               "ligne_corrompue", "valeur_manquante", "ligne_corrompue"],
                     "contenu": [""] * 6})
_match(quality_report(_raw, _rej), _reference(_raw, _rej),
       "Votre rapport sur un petit jeu piégé (une source sans rejet, une source sans ligne valide)")
_empty = _rej.iloc[0:0]
_match(quality_report(_raw, _empty), _reference(_raw, _empty),
       "Votre rapport avec une quarantaine vide")
### END HIDDEN TESTS

# %% [markdown]
# ### Un graphique, et un seuil d'alerte
#
# Le graphique montre, pour chaque source, la part des lignes écartées, motif par motif :

# %%
if afficher_graphiques:
    ecartes = rapport[rapport["motif"] != "valide"].pivot_table(
        index="source", columns="motif", values="part", fill_value=0)
    ax = (ecartes * 100).plot.barh(stacked=True, figsize=(9, 3.5))
    ax.axvline(5, color="red", linestyle="--", label="seuil d'alerte (5 %)")
    ax.set_title("Lignes mises en quarantaine, par source et par motif")
    ax.set_xlabel("part des lignes de la source (%)")
    ax.set_ylabel("source")
    ax.legend(fontsize=8, bbox_to_anchor=(1.01, 1), loc="upper left")
    plt.tight_layout()
    plt.show()

# %% [markdown]
# Chaque barre empile, pour une source, la part de ses lignes mises en quarantaine par
# motif ; la ligne rouge marque un seuil d'alerte de 5 %. Les fichiers fournisseurs sont
# au-dessus (environ 10 % de lignes écartées), surtout à cause des EAN et SIRET mal saisis
# et des doublons ; à l'échelle 1, la coopérative et le partenaire restent en dessous.
#
# Un seuil dépassé ne veut pas dire « jeter le fichier » mais « un humain regarde avant de
# publier » : une hausse brutale du taux de rejet d'une source signale plus souvent un
# **changement de format** (un nouveau logiciel chez le fournisseur) que des données
# soudain fausses.

# %%
taux_rejet = 1 - rapport[rapport["motif"] == "valide"].set_index("source")["part"]
taux_rejet.rename("taux_rejet").to_frame().assign(alerte=lambda t: t["taux_rejet"] > 0.05)

# %% [markdown]
# ---
# ## Partie 8 — Supprimer, corriger ou mettre en quarantaine ?
#
# ### Question 10 — Une politique de nettoyage (3 points, corrigée par votre formateur ou formatrice)
#
# Vous présentez votre chaîne à la responsable des achats et au jury. Répondez **en 15 à
# 25 lignes** dans la cellule ci-dessous :
#
# 1. Pour chacun de ces défauts rencontrés dans le lab, dites si vous le **supprimez**,
#    le **corrigez** automatiquement ou le **mettez en quarantaine**, et pourquoi : ligne
#    corrompue, EAN à la clé fausse, SIRET invalide, prix au gramme, doublon exact,
#    quasi-doublon, conflit d'EAN, valeur manquante.
# 2. Appuyez-vous sur **vos** chiffres : le tableau de précision et de rappel, le rapport
#    qualité. Y a-t-il une règle dont vous n'êtes pas sûr, et comment le vérifieriez-vous
#    sans manifeste des défauts ?
# 3. En production, les fichiers changent chaque mois : comment **surveillez-vous** que vos
#    règles restent bonnes (dérive des règles, dérive des sources) ? Citez au moins deux
#    indicateurs et ce qui déclenche une alerte.
#
# *Double-cliquez sur la cellule ci-dessous pour écrire votre réponse.*

# %% [markdown] labkit={"competences": ["C10"]} nbgrader={"grade": true, "grade_id": "politique_nettoyage", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# **Votre réponse :**
#
# ### BEGIN SOLUTION
# **Supprimer** (rejet motivé, tracé, sans revue) : la ligne corrompue (nombre de champs
# faux, ligne vide, ligne de total) n'est pas un enregistrement, rien n'est récupérable ;
# le doublon exact n'apporte aucune information, on garde la première occurrence et on
# compte les autres. Les deux restent visibles dans la quarantaine et le rapport.
#
# **Corriger automatiquement** : le prix au gramme (l'unité `g` est sans ambiguïté, la
# conversion ×1000 est une règle déterministe, mais on note la perte de précision due à
# l'arrondi du fournisseur et on préfère une autre source si elle donne le prix exact),
# les prix écrits comme du texte et les dates dans un autre format (règles de format
# déclarées, valeur brute conservée).
#
# **Quarantaine** (revue humaine, correction à la source, réinjection) : l'EAN à la clé
# fausse (on ne sait pas quel chiffre est faux ; on peut proposer un candidat par
# similarité de nom et EAN à un chiffre près, mais un humain valide) ; le SIRET invalide
# (le produit est peut-être bon, le fournisseur est incertain : risque de payer le mauvais
# fournisseur) ; le conflit d'EAN ; la valeur manquante (un prix ou une unité ne se devine
# pas). Le quasi-doublon est écarté au profit de la première ligne mais reste en
# quarantaine : si les deux lignes diffèrent sur autre chose que le nom, il faut choisir.
#
# **Mes chiffres** : précision et rappel de 100 % sur chaque motif du manifeste (par
# exemple 44 EAN invalides attendus et signalés à l'échelle 1), aucune fausse alerte en
# `conflit_ean`, `unite_inconnue` ou `prix_hors_plage` ; le rapport montre environ 10 %
# de rejets sur chaque CSV, moins de 5 % sur la coopérative et le partenaire. La règle la plus
# fragile est le seuil de similarité 0,8 (quasi-doublon contre conflit) et la plage de prix
# [0,05 ; 500]. Sans manifeste, je ferais vérifier à la main un échantillon tiré au
# hasard de lignes gardées et de lignes rejetées (par exemple 50 de chaque), pour estimer
# précision et rappel.
#
# **Surveillance** : à chaque exécution, le rapport qualité est historisé ; indicateurs :
# taux de rejet par source et par motif, comparé à la moyenne des mois précédents (alerte
# au-delà de 5 % ou d'une hausse de plus de deux écarts-types), nombre de lignes lues par
# source (un fichier deux fois plus court signale un export tronqué), part des conversions
# automatiques (un bond des prix au gramme signale un changement de format), distribution
# des prix par catégorie. Une alerte bloque la publication et ouvre une revue ; les règles
# sont versionnées avec leurs tests, et le petit échantillon vérifié à la main est rejoué à
# chaque modification d'une règle.
# ### END SOLUTION

# %% [markdown]
# ---
# ## Récapitulatif
#
# | besoin | outil | piège à éviter |
# |---|---|---|
# | rattacher une ligne à un produit | clé EAN-13 vérifiée (poids 1 et 3) | `str.isdigit()` accepte des chiffres non ASCII ; un code lu comme nombre perd ses zéros |
# | vérifier un fournisseur | SIRET : Luhn sur le SIREN et sur le SIRET | ne contrôler que la longueur |
# | comparer des noms | forme normalisée (casse, accents, `œ`, espaces) | oublier les ligatures et les espaces insécables ; perdre le nom d'origine |
# | homogénéiser | une règle explicite par format, une unité par grandeur | deviner en silence ; oublier qu'une conversion ne recrée pas une précision perdue |
# | valider | schéma pandera, `lazy=True`, `failure_cases` | s'arrêter à la première erreur ; les checks prédéfinis gardent leur propre nom |
# | dédoublonner | même source, même clé ; similarité pour qualifier | fusionner sur la seule similarité des noms : des produits distincts ont des noms proches, voire identiques |
# | écarter | quarantaine avec motif et contenu brut | `drop` ou `dropna` : des lignes disparaissent sans trace |
# | réunir les sources | règle de priorité documentée | garder plusieurs prix pour un produit sans dire lequel fait foi |
# | prouver la qualité | précision et rappel, rapport qualité, seuil d'alerte | un chiffre global qui cache une source dégradée |

# %% [markdown]
# ## Pour aller plus loin
#
# - **L'API partenaire** : ajoutez une quatrième source, les produits de l'API
#   (`services.ensure("api", scale=scale, seed=seed)`, voir le lab « Extraire depuis un
#   service web »), et vérifiez que vos règles s'appliquent sans modification.
# - **Récupérer les EAN mal saisis** : pour chaque ligne `ean_invalide`, cherchez dans les
#   autres sources un EAN valide qui ne diffère que d'**un chiffre** et dont le nom est
#   semblable : proposez-le à la revue humaine, sans corriger automatiquement.
# - **Similarité plus rapide** : sur des dizaines de milliers de noms, `difflib` devient
#   lent ; la bibliothèque `rapidfuzz` (installée dans l'environnement du cours) offre les
#   mêmes mesures, bien plus vite, et des comparaisons par mots (`token_sort_ratio`).
# - **Rapport d'erreurs pandera** : `pa.errors.SchemaErrors` donne aussi un résumé par
#   check (`erreurs.message`) ; les schémas se sérialisent en YAML (`schema.to_yaml()`)
#   pour être relus hors du code.
# - **Documentation** : [pandera](https://pandera.readthedocs.io/),
#   [difflib](https://docs.python.org/fr/3/library/difflib.html), la fiche de l'INSEE sur
#   le [numéro SIRET](https://www.insee.fr/fr/metadonnees/definition/c1841) et la
#   spécification GS1 de la [clé de contrôle](https://www.gs1.org/services/how-calculate-check-digit-manually).
