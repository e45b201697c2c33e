# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Ingérer des fichiers de données : encodages, séparateurs, dates françaises, Excel, JSON et Parquet
#
# **Bloc BC02** — Collecter, stocker et mettre à disposition les données
#
# **Compétences évaluées :**
#
# - **C8** — Automatiser l'extraction de données depuis un fichier de données (et d'autres
#   sources) ;
# - **C10** — Définir des règles d'agrégation et de nettoyage : suppression des entrées
#   corrompues, homogénéisation des formats.
#
# | | |
# |---|---|
# | Durée indicative | 3 heures |
# | Barème | 19 points : 16 corrigés automatiquement (9 exercices), 3 corrigés par votre formateur ou formatrice (1 question ouverte) |
# | Outils | Python, pandas, openpyxl, pyarrow (Parquet), charset_normalizer |
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
#   fichiers piégés : un test visible réussi est bon signe, mais ce n'est pas encore la
#   note finale.
# - Un message d'erreur n'est pas un échec : il vous dit ce qui ne va pas (en français),
#   sans jamais donner la réponse. Lisez-le, corrigez, réessayez.
# - Avant de rendre votre travail : menu *Kernel* → *Restart Kernel and Run All Cells*,
#   puis bouton *Validate*.

# %% [markdown]
# ## Contexte
#
# Vous êtes data engineer chez **Panier Vert**, une chaîne fictive d'épiceries bio
# françaises. Chaque mois, les producteurs et partenaires envoient leurs tarifs « comme
# ils peuvent » : export d'un vieux logiciel de gestion sous Windows, tableur mis en page
# pour être imprimé, catalogue JSON d'une place de marché, export Parquet des caisses.
# Votre mission : écrire les fonctions d'**ingestion** qui lisent ces fichiers de manière
# **automatique et fiable**, et qui rendent des tableaux aux types propres (nombres,
# dates, textes), prêts pour le nettoyage et le chargement.
#
# Les données sont **synthétiques** (générées par le cours, avec une graine fixe) mais
# réalistes. Les fichiers se trouvent dans le dossier `sources/` du jeu Panier Vert :
#
# | fichier | format | particularités |
# |---|---|---|
# | `fournisseurs/tarifs_01.csv` … `tarifs_04.csv` | CSV exportés par les fournisseurs | encodage Windows, séparateur `;`, virgule décimale, fins de ligne Windows (CRLF), dates dans plusieurs formats (`2024-03-01`, `01/03/2024`, `1 mars 2024`), lignes corrompues |
# | `liste_prix_cooperative.xlsx` | classeur Excel d'une coopérative | un bloc de titre (cellules fusionnées) au-dessus de l'en-tête, des prix saisis comme du texte (`"3,50 €"`), une ligne vide, une ligne de total |
# | `catalogue_partenaire.json` | catalogue d'une place de marché | JSON imbriqué (`produits[].rayon`, `.prix`, `.fournisseur`, `.labels[]`, `.disponibilite[]`), un prix écrit comme du texte, des champs absents ou nuls |
# | `export_caisses_2024-12.parquet` | lignes de tickets de caisse de décembre 2024 | format colonne typé : le schéma voyage avec les données |
#
# Colonnes des CSV fournisseurs : `code_ean` (code-barres EAN-13 du produit),
# `designation`, `siret_fournisseur` (SIRET à 14 chiffres), `fournisseur`,
# `prix_unitaire` (en euros), `unite` (`kg`, `pièce`, `l`, `botte`…), `date_tarif`
# (date d'effet du prix), `categorie` (`rayon > sous-rayon`).
#
# Les fichiers contiennent d'autres défauts (codes EAN invalides, doublons, erreurs
# d'unité) : ils seront traités dans le lab « Règles d'agrégation et de nettoyage ». Ici,
# on se concentre sur la **lecture** : chaque valeur doit être lue telle que le
# fournisseur l'a écrite, mais avec le bon type.

# %% [markdown]
# ## Objectifs
#
# À la fin de ce lab, vous saurez :
#
# 1. détecter l'encodage d'un fichier texte par des décodages stricts, et dire pourquoi
#    une détection probabiliste ne suffit pas ;
# 2. lire un CSV « à la française » (séparateur `;`, virgule décimale) avec les bons
#    types, sans perdre les zéros en tête des codes ;
# 3. convertir des dates françaises écrites dans des formats variés ;
# 4. mettre en quarantaine les lignes corrompues au lieu de les perdre en silence ;
# 5. trouver par programme l'en-tête d'un tableau Excel mis en page, et convertir des prix
#    saisis comme du texte ;
# 6. aplatir un JSON imbriqué avec `pandas.json_normalize` ;
# 7. lire un fichier Parquet et comparer son schéma à un contrat d'interface.
#
# ## Prérequis
#
# - Python : fonctions, boucles, dictionnaires, exceptions (`try` / `except`).
# - pandas : `DataFrame`, sélection de colonnes, `astype`.
# - Avoir entendu parler des octets et des caractères (`bytes` et `str` en Python) aide,
#   mais la partie 1 reprend l'essentiel.

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
dossier_sortie = "sortie"  # folder (in the lab's working directory) for files written here

# %% [markdown]
# La cellule suivante importe les bibliothèques et repère les fichiers. Au premier
# lancement, elle génère le jeu de données Panier Vert (quelques secondes). Elle est
# verrouillée ; si quelque chose se passe mal, relancez simplement le noyau
# (*Kernel* → *Restart Kernel*).

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import codecs
import csv
import datetime
import io
import json
import re
import unicodedata
import warnings
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from labkit import checks
from labkit.datasets import paniervert

warnings.filterwarnings("ignore", module="openpyxl")
pd.set_option("display.max_columns", 20)

sources = paniervert.path(scale, seed) / "sources"
fichiers_tarifs = sorted((sources / "fournisseurs").glob("tarifs_*.csv"))
fichier_excel = sources / "liste_prix_cooperative.xlsx"
fichier_json = sources / "catalogue_partenaire.json"
fichier_parquet = sources / "export_caisses_2024-12.parquet"

# Small test files written by the test cells go here.
dossier_essais = Path(dossier_sortie) / "essais"
dossier_essais.mkdir(parents=True, exist_ok=True)

[f.relative_to(sources).as_posix() for f in sorted(sources.rglob("*")) if f.is_file()]

# %% [markdown]
# Le dossier contient aussi `defects_manifest.json`, la « vérité terrain » des défauts
# injectés dans les fichiers. Ne vous en servez pas dans vos fonctions : un vrai
# fournisseur n'envoie pas la liste de ses erreurs ! Les tests cachés, eux, s'en servent
# pour vérifier vos lectures.

# %% [markdown]
# ---
# ## Partie 1 — Détecter l'encodage, ne pas le deviner
#
# Un fichier texte n'est qu'une suite d'**octets**. Pour obtenir des caractères, il faut
# savoir quelle table de correspondance (l'**encodage**) a servi à l'écrire. Le même
# caractère `é` s'écrit :
#
# - `E9` (un octet) en **cp1252** (« Windows-1252 », l'encodage par défaut des
#   logiciels Windows en Europe de l'Ouest) et en latin-1 (ISO-8859-1) ;
# - `C3 A9` (deux octets) en **UTF-8**, l'encodage du web et de Python.
#
# Regardons les premiers octets d'un fichier fournisseur :

# %%
brut = fichiers_tarifs[0].read_bytes()
brut[:300]

# %% [markdown]
# Les `\xe8`, `\xe9`… sont des octets non ASCII. Deux propriétés permettent de
# **détecter** l'encodage au lieu de le deviner :
#
# 1. **UTF-8 a une structure stricte** : un octet de tête (`C3`…) doit être suivi d'un
#    nombre précis d'octets de continuation. Un texte cp1252 contenant un accent n'a
#    presque jamais cette structure : le décodage strict **échoue** (`UnicodeDecodeError`).
#    À l'inverse, presque toute suite d'octets « passe » en cp1252 : un décodage cp1252
#    réussi ne prouve donc rien tant qu'on n'a pas d'abord essayé UTF-8.
# 2. Un fichier **ASCII pur** (aucun accent) est à la fois de l'UTF-8 et du cp1252
#    valides : le lire en UTF-8 est alors sans risque.
#
# Certains logiciels (Excel notamment) ajoutent au début d'un fichier UTF-8 une
# **signature** (BOM, *byte order mark*) : les trois octets `EF BB BF`. Python les lit avec
# l'encodage `"utf-8-sig"`, qui retire la signature ; avec `"utf-8"`, elle resterait
# collée au nom de la première colonne (`"\ufeffcode_ean"`).

# %%
exemple = "Crème brûlée à 3,50 €"
for encodage in ("utf-8", "cp1252"):
    octets = exemple.encode(encodage)
    try:
        octets.decode("utf-8")
        resultat = "décodage UTF-8 strict réussi"
    except UnicodeDecodeError as erreur:
        resultat = f"décodage UTF-8 strict impossible ({erreur.reason})"
    print(f"écrit en {encodage:6} : {octets!r} -> {resultat}")

# %% [markdown]
# Et si l'on se trompe d'encodage sans erreur ? On obtient du **mojibake** : du texte
# illisible mais « valide », qui pollue ensuite toute la chaîne de données :

# %%
print(exemple.encode("utf-8").decode("cp1252"))  # UTF-8 read as cp1252
print(exemple.encode("cp1252").decode("utf-8", errors="replace"))  # the other way round

# %% [markdown]
# ### Et les bibliothèques de détection ?
#
# `charset_normalizer` (installée avec `requests`) et `chardet` estiment l'encodage le
# plus **probable** à partir de statistiques sur les octets. C'est utile face à un
# fichier inconnu, mais c'est une estimation : sur des fichiers courts, ou écrits dans
# une langue que la bibliothèque confond avec une autre, elle peut proposer un encodage
# voisin et faux. Voyons ce qu'elle répond pour nos quatre fichiers :

# %%
from charset_normalizer import from_path

pd.DataFrame({
    "fichier": [f.name for f in fichiers_tarifs],
    "estimation_charset_normalizer": [from_path(f).best().encoding for f in fichiers_tarifs],
})

# %% [markdown]
# Si vous voyez `cp1250` (Europe centrale) pour certains fichiers, c'est une erreur
# silencieuse : en cp1250, l'octet `E8` est `č` et non `è`, et « Crèmerie » deviendrait
# « Crčmerie ». Pour une ingestion **automatique**, on préfère une règle déterministe,
# fondée sur ce que l'on sait des partenaires (ici : UTF-8 ou cp1252) et sur des décodages
# **stricts**, et l'on **refuse** un fichier qui ne correspond à aucun encodage attendu
# plutôt que de le lire de travers.

# %% [markdown]
# ### Exercice 1 — Détecter l'encodage d'un fichier (2 points)
#
# Écrivez la fonction `detect_encoding(path)` qui reçoit le chemin d'un fichier texte
# (`str` ou `pathlib.Path`) et renvoie le nom de son encodage, selon cette règle, dans
# cet ordre :
#
# 1. si le fichier commence par la signature UTF-8 (`b"\xef\xbb\xbf"`) : `"utf-8-sig"` ;
# 2. sinon, si **tout** le fichier se décode en UTF-8 strict : `"utf-8"` (y compris un
#    fichier ASCII pur ou vide) ;
# 3. sinon, si tout le fichier se décode en cp1252 strict : `"cp1252"` ;
# 4. sinon : levez une `ValueError` (fichier refusé).
#
# « Strict » signifie sans `errors="ignore"` ni `errors="replace"` : un octet invalide
# doit faire échouer le décodage.
#
# > **Indice** : `Path(path).read_bytes()` lit les octets ; `octets.startswith(...)`,
# > puis `octets.decode("utf-8")` dans un `try` / `except UnicodeDecodeError`. Lisez
# > **tout** le fichier : un accent peut n'apparaître qu'à la dernière ligne. Attention,
# > cinq octets (`81`, `8D`, `8F`, `90`, `9D`) n'existent pas en cp1252.

# %% nbgrader={"grade": false, "grade_id": "ex01_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def detect_encoding(path):
    """Return "utf-8-sig", "utf-8" or "cp1252" by strict decoding; ValueError otherwise."""
    ### BEGIN SOLUTION
    data = Path(path).read_bytes()
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    for encoding in ("utf-8", "cp1252"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ValueError(f"Encodage non reconnu (ni UTF-8 ni cp1252) : {path}")
    ### END SOLUTION


{f.name: detect_encoding(f) for f in fichiers_tarifs}

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex01_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 1 : un nom d'encodage connu de Python qui décode chaque fichier ; fichiers réels et fichiers piégés (signature, ASCII, accent tardif, octets invalides)."""
for f in fichiers_tarifs:
    found = detect_encoding(f)
    assert isinstance(found, str), (
        f"detect_encoding doit renvoyer une chaîne (le nom de l'encodage), pas {type(found).__name__}."
    )
    try:
        codecs.lookup(found)
    except LookupError:
        raise AssertionError(f"Python ne connaît pas l'encodage {found!r}.") from None
    try:
        f.read_bytes().decode(found)
    except UnicodeDecodeError:
        raise AssertionError(
            f"{f.name} ne se décode pas avec l'encodage {found!r} que vous avez renvoyé."
        ) from None
_path = dossier_essais / "ex01_utf8.csv"
_path.write_bytes("désignation;prix\nCrème fraîche;2,10\n".encode())
assert codecs.lookup(detect_encoding(_path)).name == "utf-8", (
    "Un fichier UTF-8 avec des accents (sans signature) doit donner 'utf-8' : "
    "essayez-vous bien UTF-8 avant cp1252 ?"
)
### BEGIN HIDDEN TESTS
def _norm(name):
    return codecs.lookup(name).name


_manifest = json.loads((sources / "defects_manifest.json").read_text(encoding="utf-8"))
for f in fichiers_tarifs:
    _expected = _manifest["files"][f"fournisseurs/{f.name}"]["encoding"]
    assert _norm(detect_encoding(f)) == _norm(_expected), (
        f"Encodage inexact pour {f.name} : vérifiez l'ordre des essais et le décodage strict."
    )
_cases = {
    "ex01_bom.csv": (codecs.BOM_UTF8 + "prix;unité\n2,10;kg\n".encode(), "utf-8-sig",
                     "Un fichier qui commence par la signature UTF-8 (BOM) doit donner 'utf-8-sig'."),
    "ex01_ascii.csv": (b"code;prix\n123;2,10\n", "utf-8",
                       "Un fichier ASCII pur (sans accent) doit donner 'utf-8'."),
    "ex01_empty.csv": (b"", "utf-8", "Un fichier vide doit donner 'utf-8'."),
    "ex01_late.csv": (b"code;prix\n" + b"123;2,10\n" * 20000 + "Pâté;3,00\n".encode("cp1252"),
                      "cp1252",
                      "Un fichier dont le seul accent cp1252 est à la dernière ligne doit donner "
                      "'cp1252' : lisez-vous tout le fichier ?"),
    "ex01_euro.csv": ("Œufs x6;3,20 €\n".encode("cp1252"), "cp1252",
                      "Un fichier cp1252 avec « Œ » et « € » doit donner 'cp1252'."),
    "ex01_utf8_euro.csv": ("Œufs x6;3,20 €\nÉpicerie;1,00 €\n".encode(), "utf-8",
                           "Un fichier UTF-8 avec « Œ », « É » et « € » doit donner 'utf-8'."),
}
for _name, (_bytes, _expected, _message) in _cases.items():
    (dossier_essais / _name).write_bytes(_bytes)
    _found = detect_encoding(dossier_essais / _name)
    assert isinstance(_found, str) and _norm(_found) == _norm(_expected), _message
(dossier_essais / "ex01_invalid.csv").write_bytes(b"prix;unit\x81\n2,10;kg\x8d\n")
try:
    detect_encoding(dossier_essais / "ex01_invalid.csv")
except ValueError:
    pass
else:
    raise AssertionError(
        "Un fichier qui n'est ni de l'UTF-8 ni du cp1252 valide doit lever une ValueError."
    )
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 2 — Lire un CSV « à la française »
#
# Un CSV exporté par un logiciel français utilise en général le **point-virgule** comme
# séparateur (la virgule sert de séparateur décimal). Lu avec les options par défaut de
# pandas (UTF-8, séparateur `,`), il donne au mieux des colonnes absurdes (coupées à
# chaque virgule décimale), au pire une erreur de découpage ou d'encodage :

# %%
try:
    pd.read_csv(fichiers_tarifs[0])
except (UnicodeDecodeError, pd.errors.ParserError) as erreur:
    print(type(erreur).__name__, ":", erreur)

# %% [markdown]
# Les options utiles de `pd.read_csv` : `encoding=`, `sep=";"`, `decimal=","`, et
# `dtype=` pour imposer un type. Pourquoi imposer un type ? Parce que pandas **devine**
# les types, et qu'un code comme un EAN, un SIRET ou un code postal n'est pas un nombre :
# lu comme entier, il perd ses **zéros en tête** (`01234` devient `1234`), et un grand
# code peut même passer en virgule flottante (`3.370004e+12`).

# %%
demo = "code;prix\n0012345678905;2,50\n3370004000007;10\n"
pd.read_csv(io.StringIO(demo), sep=";", decimal=",")  # the code loses its leading zeros

# %%
pd.read_csv(io.StringIO(demo), sep=";", decimal=",", dtype={"code": str})

# %% [markdown]
# Deux limites de `read_csv` à connaître pour nos fichiers :
#
# - une ligne qui a **moins** de champs que l'en-tête est complétée par des valeurs
#   manquantes, **sans erreur** ; une ligne qui en a **plus** provoque une erreur, ou
#   disparaît sans laisser de trace avec `on_bad_lines="skip"` ;
# - les lignes vides sont sautées : l'index du DataFrame ne correspond alors plus au
#   numéro de ligne du fichier.
#
# Or, pour **tracer** une valeur jusqu'à sa source (et répondre à un fournisseur : « votre
# ligne 105 est tronquée »), on veut garder le **numéro de ligne** d'origine. Le module
# `csv` de Python lit ligne à ligne et laisse tout contrôler :

# %%
texte = "a;b;c\r\n1;2;3\r\n\r\n4;5\r\n6;7;8;9\r\n"
for numero, champs in enumerate(csv.reader(io.StringIO(texte, newline=""), delimiter=";"), start=1):
    print(numero, champs, len(champs))

# %% [markdown]
# La ligne 3, vide, donne une liste vide ; les lignes 4 et 5 n'ont pas le bon nombre de
# champs. Vous pouvez aussi découper vous-même : `texte.splitlines()` puis
# `ligne.split(";")` (nos fichiers ne contiennent pas de guillemets).

# %% [markdown]
# ### Exercice 2 — Convertir une date française (2 points)
#
# Commençons par les dates, car chaque fournisseur a ses habitudes. Écrivez
# `parse_french_date(text)` qui renvoie un `datetime.date` (pas un `datetime.datetime`
# ni un `pandas.Timestamp`), ou `None` si la valeur est vide ou invalide.
#
# Formats acceptés (les espaces autour sont ignorés) :
#
# - ISO : `aaaa-mm-jj` (`2024-03-01`) ;
# - français numérique : `jj/mm/aaaa`, le jour et le mois pouvant n'avoir qu'un chiffre
#   (`01/03/2024` et `1/3/2024` sont le **1er mars**, pas le 3 janvier) ;
# - français en texte : `jour mois année`, comme `3 janv. 2024` ou `17 décembre 2023` :
#   - le jour peut s'écrire `1er` ;
#   - le mois est écrit en entier (`janvier`, `février`…, `décembre`) ou abrégé comme
#     le fait Excel (`janv.`, `févr.`, `mars`, `avr.`, `mai`, `juin`, `juil.`, `août`,
#     `sept.`, `oct.`, `nov.`, `déc.`), avec ou sans le point final, avec ou sans
#     accents, en minuscules ou en majuscules (`FÉVR.`, `fevr`, `Aout`…).
#
# Renvoyez `None` pour : `None`, une valeur manquante de pandas (`NaN`), une chaîne vide
# ou faite d'espaces, un texte qui ne suit aucun de ces formats, et une date impossible
# (`31/02/2024`, `2024-13-01`).
#
# Pourquoi ne pas laisser pandas deviner ? Parce que `pd.to_datetime(..., dayfirst=True)`
# lit bien `01/03/2024` comme le 1er mars… mais aussi `2024-03-01` comme le **3 janvier**,
# sans erreur ni avertissement, et ne connaît pas les mois en français. Une règle
# explicite par format est plus sûre :

# %%
pd.to_datetime(pd.Series(["01/03/2024", "2024-03-01"]), format="mixed", dayfirst=True)

# %% [markdown]
# > **Indice** : un dictionnaire `{"janv": 1, "janvier": 1, "fevr": 2, ...}` dont les clés
# > sont **sans accents** ; `unicodedata.normalize("NFKD", s)` sépare une lettre de son
# > accent, qu'on supprime ensuite (voir l'exemple ci-dessous) ; une expression régulière
# > par format (`re.fullmatch`) ; `datetime.date(annee, mois, jour)` lève une `ValueError`
# > pour une date impossible.

# %%
def strip_accents(text):
    """'Février' -> 'Fevrier': decompose letters and drop the combining accents."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


strip_accents("FÉVR. Août déc.")

# %% nbgrader={"grade": false, "grade_id": "ex02_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def parse_french_date(text):
    """A datetime.date from an ISO, dd/mm/yyyy or French text date; None if empty or invalid."""
    ### BEGIN SOLUTION
    if text is None or not isinstance(text, str):
        return None
    value = strip_accents(text).strip().lower()
    months = {
        "janv": 1, "janvier": 1, "fevr": 2, "fevrier": 2, "mars": 3, "avr": 4, "avril": 4,
        "mai": 5, "juin": 6, "juil": 7, "juillet": 7, "aout": 8, "sept": 9, "septembre": 9,
        "oct": 10, "octobre": 10, "nov": 11, "novembre": 11, "dec": 12, "decembre": 12,
    }
    if match := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
        year, month, day = (int(g) for g in match.groups())
    elif match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value):
        day, month, year = (int(g) for g in match.groups())
    elif match := re.fullmatch(r"(\d{1,2})(?:er)?\s+([a-z]+)\.?\s+(\d{4})", value):
        if match.group(2) not in months:
            return None
        day, month, year = int(match.group(1)), months[match.group(2)], int(match.group(3))
    else:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None
    ### END SOLUTION


[parse_french_date(t) for t in ["2024-03-01", "01/03/2024", "3 janv. 2024", ""]]

# %% labkit={"competences": ["C10"]} nbgrader={"grade": true, "grade_id": "ex02_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 2 : type datetime.date, trois formats, jour avant le mois, None pour les valeurs vides ou invalides, toutes les dates des fichiers réels."""
_value = parse_french_date("15/03/2024")
assert type(_value) is datetime.date, (
    f"parse_french_date doit renvoyer un datetime.date, pas {type(_value).__name__} "
    "(pensez à .date() si vous passez par datetime ou pandas)."
)
assert _value == datetime.date(2024, 3, 15), (
    f"parse_french_date('15/03/2024') renvoie {_value} : le format est jour/mois/année."
)
assert parse_french_date("") is None, "Une chaîne vide doit donner None."
assert parse_french_date(None) is None, "None doit donner None."
### BEGIN HIDDEN TESTS
_cases = {
    "2024-03-01": datetime.date(2024, 3, 1),
    " 2023-12-31 ": datetime.date(2023, 12, 31),
    "01/03/2024": datetime.date(2024, 3, 1),
    "1/3/2024": datetime.date(2024, 3, 1),
    "12/11/2023": datetime.date(2023, 11, 12),
    "3 janv. 2024": datetime.date(2024, 1, 3),
    "3 janv 2024": datetime.date(2024, 1, 3),
    "1er mars 2024": datetime.date(2024, 3, 1),
    "17 FÉVR. 2023": datetime.date(2023, 2, 17),
    "17 fevr 2023": datetime.date(2023, 2, 17),
    "9 février 2024": datetime.date(2024, 2, 9),
    "5 août 2024": datetime.date(2024, 8, 5),
    "5 Aout 2024": datetime.date(2024, 8, 5),
    "14 juin 2024": datetime.date(2024, 6, 14),
    "14 juil. 2024": datetime.date(2024, 7, 14),
    "2 mai 2023": datetime.date(2023, 5, 2),
    "21 sept. 2022": datetime.date(2022, 9, 21),
    "17 décembre 2023": datetime.date(2023, 12, 17),
    "31 déc. 2021": datetime.date(2021, 12, 31),
    "29/02/2024": datetime.date(2024, 2, 29),
}
for _text, _expected in _cases.items():
    _found = parse_french_date(_text)
    assert type(_found) is datetime.date and _found == _expected, (
        f"parse_french_date({_text!r}) renvoie {_found!r} : vérifiez ce format."
    )
for _text in [float("nan"), "   ", "31/02/2024", "2024-13-01", "29/02/2023", "32 janv. 2024",
              "3 janvie 2024", "n/a", "2024/03/01", "3 janv. 24", "le 3 janv. 2024"]:
    _found = parse_french_date(_text)
    assert _found is None, f"parse_french_date({_text!r}) doit renvoyer None, pas {_found!r}."
assert parse_french_date(pd.NA) is None, "pd.NA doit donner None."

_products = paniervert.load("products", scale, seed).set_index("ean13")
_manifest = json.loads((sources / "defects_manifest.json").read_text(encoding="utf-8"))
_fixed_key = {(d["file"], d["row"]): d["key"] for d in _manifest["defects"]
              if d["defect"] == "invalid_ean"}
_n = 0
for f in fichiers_tarifs:
    for _line_no, _line in enumerate(f.read_text(encoding="cp1252").splitlines(), start=1):
        _fields = _line.split(";")
        if _line_no == 1 or len(_fields) != 8 or _fields[6] == "":
            continue
        _key = _fixed_key.get((f"fournisseurs/{f.name}", _line_no), _fields[0])
        _expected = _products.loc[_key, "updated_at"].date()
        assert parse_french_date(_fields[6]) == _expected, (
            f"{f.name}, ligne {_line_no} : la date {_fields[6]!r} est mal convertie."
        )
        _n += 1
assert _n > 100
### END HIDDEN TESTS

# %% [markdown]
# ### Exercice 3 — Lire un fichier de tarifs fournisseur (3 points)
#
# Écrivez `read_supplier_csv(path)` qui lit **un** fichier de tarifs et renvoie un
# DataFrame avec, dans cet ordre, les colonnes :
#
# | colonne | type attendu | contenu |
# |---|---|---|
# | `ligne` | entier (`int64`) | numéro de la ligne dans le fichier, à partir de 1 (l'en-tête est la ligne 1, la première donnée la ligne 2) |
# | `code_ean` | texte | tel qu'écrit dans le fichier, **zéros en tête conservés** |
# | `designation` | texte | tel qu'écrit (ne retirez pas les espaces, ne changez pas la casse) |
# | `siret_fournisseur` | texte | tel qu'écrit, zéros en tête conservés |
# | `fournisseur` | texte | tel qu'écrit |
# | `prix_unitaire` | nombre à virgule (`float64`) | `2,69` → `2.69` |
# | `unite` | texte | tel qu'écrit |
# | `date_tarif` | date (`datetime64`) | convertie avec `parse_french_date` |
# | `categorie` | texte | tel qu'écrit |
#
# Règles :
#
# - l'encodage est celui que renvoie votre `detect_encoding(path)` ; le séparateur est `;` ;
#   les noms de colonnes sont ceux de la première ligne (les huit colonnes ci-dessus,
#   sauf `ligne`) ;
# - un champ **vide** donne une valeur manquante (`NaN` pour le texte et les nombres,
#   `NaT` pour les dates) ;
# - les **lignes vides** (aucun caractère) sont ignorées, mais elles comptent dans la
#   numérotation des lignes ;
# - les lignes **corrompues**, qui n'ont pas **exactement 8 champs** (plus ou moins),
#   sont écartées : elles feront l'objet de l'exercice suivant ;
# - gardez toutes les autres lignes, **dans l'ordre du fichier**, même si elles vous
#   semblent douteuses (doublons, unité `g`…) : le nettoyage viendra plus tard.
#
# > **Indice** : décodez tout le texte, découpez-le en lignes, puis chaque ligne en
# > champs ; construisez une liste de dictionnaires (en ajoutant `ligne`), puis un
# > DataFrame. Convertissez ensuite : `.str.replace(",", ".")` puis
# > `pd.to_numeric(...)` pour les prix ; `.map(parse_french_date)` puis
# > `pd.to_datetime(...)` pour les dates. Remplacez les chaînes vides par des valeurs
# > manquantes (`.replace("", np.nan)` ou `.mask(s == "")`).

# %% nbgrader={"grade": false, "grade_id": "ex03_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def read_supplier_csv(path):
    """One supplier price file as a typed DataFrame, with its source line numbers."""
    ### BEGIN SOLUTION
    text = Path(path).read_bytes().decode(detect_encoding(path))
    lines = text.splitlines()
    header = lines[0].split(";")
    records = []
    for line_no, line in enumerate(lines[1:], start=2):
        fields = line.split(";")
        if line == "" or len(fields) != len(header):
            continue
        records.append({"ligne": line_no, **dict(zip(header, fields, strict=True))})
    frame = pd.DataFrame(records, columns=["ligne", *header])
    frame["ligne"] = frame["ligne"].astype("int64")
    for column in header:
        frame[column] = frame[column].mask(frame[column] == "")
    frame["prix_unitaire"] = pd.to_numeric(frame["prix_unitaire"].str.replace(",", "."))
    frame["date_tarif"] = pd.to_datetime(frame["date_tarif"].map(parse_french_date))
    return frame
    ### END SOLUTION


tarifs_01 = read_supplier_csv(fichiers_tarifs[0])
tarifs_01.head(apercu_lignes)

# %%
tarifs_01.dtypes

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex03_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 3 : colonnes et types demandés, codes conservés, valeurs, numéros de ligne et lignes écartées exacts (fichiers réels et fichier piégé)."""
_columns = ["ligne", "code_ean", "designation", "siret_fournisseur", "fournisseur",
            "prix_unitaire", "unite", "date_tarif", "categorie"]
result = read_supplier_csv(fichiers_tarifs[0])
assert isinstance(result, pd.DataFrame), "read_supplier_csv doit renvoyer un DataFrame."
assert list(result.columns) == _columns, (
    f"Colonnes obtenues : {list(result.columns)}. Attendu : les colonnes du tableau de "
    "l'énoncé, dans cet ordre (ligne en premier)."
)
assert pd.api.types.is_integer_dtype(result["ligne"]), "La colonne 'ligne' doit être entière."
assert pd.api.types.is_float_dtype(result["prix_unitaire"]), (
    f"La colonne 'prix_unitaire' est de type {result['prix_unitaire'].dtype} : "
    "attendu un nombre à virgule (float64). Pensez à la virgule décimale."
)
assert pd.api.types.is_datetime64_any_dtype(result["date_tarif"]), (
    f"La colonne 'date_tarif' est de type {result['date_tarif'].dtype} : attendu datetime64 "
    "(pd.to_datetime sur les dates converties)."
)
_codes = result["code_ean"].dropna()
assert _codes.map(lambda c: isinstance(c, str)).all(), (
    "La colonne 'code_ean' doit contenir du texte (un code n'est pas un nombre)."
)
assert result["ligne"].is_monotonic_increasing and result["ligne"].min() >= 2, (
    "Les numéros de ligne doivent suivre l'ordre du fichier, à partir de 2 pour la "
    "première ligne de données."
)
### BEGIN HIDDEN TESTS
def _match(actual, expected, context):
    with checks.context(context):
        checks.assert_frame_matches(actual, expected, ordered=True)


_call = checks.learner_call


_products = paniervert.load("products", scale, seed).set_index("ean13")
_manifest = json.loads((sources / "defects_manifest.json").read_text(encoding="utf-8"))
for f in fichiers_tarifs:
    _name = f"fournisseurs/{f.name}"
    _defects = {(d["row"], d["defect"], d["column"]): d for d in _manifest["defects"]
                if d["file"] == _name}
    _by_row = {}
    for (_row, _defect, _column), _d in _defects.items():
        _by_row.setdefault(_row, []).append((_defect, _column, _d))
    _rows = []
    _raw_lines = f.read_bytes().decode("cp1252").split("\r\n")
    for _line_no, _line in enumerate(_raw_lines, start=1):
        _fields = _line.split(";")
        if _line_no == 1 or len(_fields) != 8:
            continue
        _key = _fields[0]
        for _defect, _column, _d in _by_row.get(_line_no, []):
            if _defect == "invalid_ean":
                _key = _d["key"]
        _clean = _products.loc[_key]
        _expected_price = _clean["unit_price_eur"]
        _expected_date = _clean["updated_at"].normalize()
        for _defect, _column, _d in _by_row.get(_line_no, []):
            if _defect == "unit_mixup":
                _expected_price = float(f"{_expected_price / 1000:.4f}")
            if _defect == "missing_value" and _column == "prix_unitaire":
                _expected_price = np.nan
            if _defect == "missing_value" and _column == "date_tarif":
                _expected_date = pd.NaT
        _rows.append({
            "ligne": _line_no,
            "code_ean": _fields[0],
            "designation": _fields[1] or None,
            "siret_fournisseur": _fields[2] or None,
            "fournisseur": _fields[3] or None,
            "prix_unitaire": _expected_price,
            "unite": _fields[5] or None,
            "date_tarif": _expected_date,
            "categorie": _fields[7] or None,
        })
    _expected = pd.DataFrame(_rows)
    _result = read_supplier_csv(f)
    _corrupt = sorted(d["row"] for d in _manifest["defects"]
                      if d["file"] == _name and d["defect"] == "corrupt_row")
    assert not set(_result["ligne"]) & set(_corrupt), (
        f"{f.name} : des lignes corrompues (pas exactement 8 champs) sont restées dans le résultat."
    )
    _match(_result, _expected, f"Votre lecture de {f.name}")

_tricky = (
    "code_ean;designation;siret_fournisseur;fournisseur;prix_unitaire;unite;date_tarif;categorie\r\n"
    "0012345678905;Crème fraîche 20 cl;01234567890123;Ferme d'Été;1,5;pièce;3 janv. 2024;Crèmerie > Crème\r\n"
    "3370001000001;Œufs x6;12345678901234;GAEC Noël;12;pièce;01/03/2024;Crèmerie > Œufs\r\n"
    "\r\n"
    "#### ERREUR EXPORT ####\r\n"
    "3370001000002;Pain; au levain;12345678901234;GAEC Noël;3,10;pièce;2024-03-01;Boulangerie > Pains\r\n"
    "3370001000019;;12345678901234;GAEC Noël;;kg;;Fruits et légumes > Fruits\r\n"
    "3370001000026;Lait cru 1 l;12345678901234;GAEC Noël;0,0012;g;1er mars 2024;Crèmerie > Lait\r\n"
)
_expected_tricky = pd.DataFrame({
    "ligne": [2, 3, 7, 8],
    "code_ean": ["0012345678905", "3370001000001", "3370001000019", "3370001000026"],
    "designation": ["Crème fraîche 20 cl", "Œufs x6", None, "Lait cru 1 l"],
    "siret_fournisseur": ["01234567890123", "12345678901234", "12345678901234", "12345678901234"],
    "fournisseur": ["Ferme d'Été", "GAEC Noël", "GAEC Noël", "GAEC Noël"],
    "prix_unitaire": [1.5, 12.0, np.nan, 0.0012],
    "unite": ["pièce", "pièce", "kg", "g"],
    "date_tarif": pd.to_datetime(["2024-01-03", "2024-03-01", None, "2024-03-01"]),
    "categorie": ["Crèmerie > Crème", "Crèmerie > Œufs", "Fruits et légumes > Fruits",
                  "Crèmerie > Lait"],
})
for _encoding in ("cp1252", "utf-8"):
    _path = dossier_essais / f"ex03_piege_{_encoding}.csv"
    _path.write_bytes(_tricky.encode(_encoding))
    _result = _call(f"Sur un petit fichier piégé ({_encoding}, ligne vide, lignes à 1 et 9 champs)",
                    read_supplier_csv, _path)
    assert list(_result.columns) == _columns, "Colonnes inexactes sur un petit fichier piégé."
    assert pd.api.types.is_float_dtype(_result["prix_unitaire"]), (
        "Sur un petit fichier piégé, 'prix_unitaire' n'est pas un float64."
    )
    assert pd.api.types.is_datetime64_any_dtype(_result["date_tarif"]), (
        "Sur un petit fichier piégé, 'date_tarif' n'est pas une date (datetime64)."
    )
    _match(_result, _expected_tricky, f"Votre lecture d'un petit fichier piégé ({_encoding}, ligne vide, lignes à 1 et 9 champs, champs vides, zéros en tête)")
### END HIDDEN TESTS

# %% [markdown]
# ### Exercice 4 — Mettre en quarantaine les lignes corrompues (1 point)
#
# Écarter une ligne en silence, c'est perdre une information sans que personne ne le
# sache. Une ingestion professionnelle **met en quarantaine** ce qu'elle rejette, avec de
# quoi comprendre et corriger.
#
# Écrivez `rejected_lines(path)` qui renvoie, pour un fichier de tarifs, un DataFrame des
# lignes écartées par l'exercice 3, avec les colonnes, dans cet ordre :
#
# - `ligne` (entier) : le numéro de la ligne dans le fichier (l'en-tête est la ligne 1) ;
# - `nb_champs` (entier) : son nombre de champs séparés par `;` ;
# - `contenu` (texte) : la ligne telle qu'elle est dans le fichier, décodée, **sans** la fin
#   de ligne (`\r\n`).
#
# Les lignes vides ne sont pas des rejets. Triez par `ligne` croissante. Un fichier sans
# rejet donne un DataFrame **vide avec ces trois colonnes**.

# %% nbgrader={"grade": false, "grade_id": "ex04_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def rejected_lines(path):
    """The lines of a supplier file that do not have exactly 8 fields, for quarantine."""
    ### BEGIN SOLUTION
    text = Path(path).read_bytes().decode(detect_encoding(path))
    lines = text.splitlines()
    expected = len(lines[0].split(";"))
    rows = [
        {"ligne": line_no, "nb_champs": len(line.split(";")), "contenu": line}
        for line_no, line in enumerate(lines[1:], start=2)
        if line != "" and len(line.split(";")) != expected
    ]
    return pd.DataFrame(rows, columns=["ligne", "nb_champs", "contenu"]).astype(
        {"ligne": "int64", "nb_champs": "int64"}
    )
    ### END SOLUTION


pd.concat([rejected_lines(f).assign(fichier=f.name) for f in fichiers_tarifs], ignore_index=True)

# %% labkit={"competences": ["C10"]} nbgrader={"grade": true, "grade_id": "ex04_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Exercice 4 : colonnes demandées, lignes rejetées cohérentes avec l'exercice 3 ; lignes exactes (vérité terrain et fichier piégé)."""
for f in fichiers_tarifs:
    result = rejected_lines(f)
    assert isinstance(result, pd.DataFrame), "rejected_lines doit renvoyer un DataFrame."
    assert list(result.columns) == ["ligne", "nb_champs", "contenu"], (
        f"Colonnes obtenues : {list(result.columns)} ; attendu : ligne, nb_champs, contenu."
    )
    assert (result["nb_champs"] != 8).all(), (
        f"{f.name} : une ligne rejetée a 8 champs ; seules les lignes qui n'en ont pas "
        "exactement 8 sont à rejeter."
    )
    _raw = f.read_bytes().splitlines()
    for _line_no, _n_fields, _content in result.itertuples(index=False):
        assert 2 <= _line_no <= len(_raw) and _raw[_line_no - 1].count(b";") + 1 == _n_fields, (
            f"{f.name} : la ligne {_line_no} du fichier n'a pas {_n_fields} champs. "
            "Vérifiez la numérotation (l'en-tête est la ligne 1)."
        )
        assert isinstance(_content, str) and _content.count(";") + 1 == _n_fields, (
            f"{f.name}, ligne {_line_no} : 'contenu' doit être le texte de la ligne, "
            f"sans la fin de ligne, avec ses {_n_fields} champs."
        )
### BEGIN HIDDEN TESTS
def _match(actual, expected, context):
    with checks.context(context):
        checks.assert_frame_matches(actual, expected, ordered=True)


_call = checks.learner_call


_manifest = json.loads((sources / "defects_manifest.json").read_text(encoding="utf-8"))
for f in fichiers_tarifs:
    _name = f"fournisseurs/{f.name}"
    _rows = sorted(d["row"] for d in _manifest["defects"]
                   if d["file"] == _name and d["defect"] == "corrupt_row")
    _lines = f.read_bytes().decode("cp1252").split("\r\n")
    _expected = pd.DataFrame({
        "ligne": _rows,
        "nb_champs": [_lines[r - 1].count(";") + 1 for r in _rows],
        "contenu": [_lines[r - 1] for r in _rows],
    }, columns=["ligne", "nb_champs", "contenu"])
    _match(rejected_lines(f), _expected, f"Vos rejets de {f.name}")
_path = dossier_essais / "ex04_piege.csv"
_path.write_bytes((
    "code_ean;designation;siret_fournisseur;fournisseur;prix_unitaire;unite;date_tarif;categorie\r\n"
    "3370001000001;Œufs x6;12345678901234;GAEC Noël;2,5;pièce;01/03/2024;Crèmerie > Œufs\r\n"
    "\r\n"
    "Total;;;;\r\n"
    "3370001000002;Pain; au levain;12345678901234;GAEC Noël;3,10;pièce;2024-03-01;Boulangerie > Pains\r\n"
    "3370001000019;;12345678901234;GAEC Noël;;kg;;Fruits et légumes > Fruits\r\n"
).encode())
_expected = pd.DataFrame({
    "ligne": [4, 5],
    "nb_champs": [5, 9],
    "contenu": ["Total;;;;",
                "3370001000002;Pain; au levain;12345678901234;GAEC Noël;3,10;pièce;2024-03-01;Boulangerie > Pains"],
})
_match(_call("Sur un petit fichier piégé (UTF-8, ligne vide, lignes à 5 et 9 champs)",
             rejected_lines, _path), _expected, "Vos rejets d'un petit fichier piégé (UTF-8, ligne vide, lignes à 5 et 9 champs)")
_path = dossier_essais / "ex04_propre.csv"
_path.write_bytes(b"code_ean;designation;siret_fournisseur;fournisseur;prix_unitaire;unite;date_tarif;categorie\r\n"
                  b"3370001000001;Oeufs;12345678901234;GAEC;2,5;piece;01/03/2024;Cremerie\r\n")
_empty = _call("Sur un petit fichier sans rejet", rejected_lines, _path)
assert list(_empty.columns) == ["ligne", "nb_champs", "contenu"] and len(_empty) == 0, (
    "Un fichier sans rejet doit donner un DataFrame vide avec les colonnes ligne, nb_champs, contenu."
)
### END HIDDEN TESTS

# %% [markdown]
# Réunis, les quatre fichiers se chargent maintenant en une ligne, avec la trace de leur
# origine (`fichier`, `ligne`) :

# %%
tarifs = pd.concat(
    [read_supplier_csv(f).assign(fichier=f.name) for f in fichiers_tarifs], ignore_index=True
)
print(len(tarifs), "lignes de tarifs lues")
tarifs.sample(apercu_lignes, random_state=0)

# %% [markdown]
# ---
# ## Partie 3 — Un tableau Excel mis en page
#
# Un classeur Excel conçu pour être **imprimé** ne commence pas par l'en-tête : on y
# trouve un titre (souvent dans des cellules fusionnées), une date de validité, une ligne
# vide… puis enfin le tableau. Ouvrons-le avec `openpyxl`, qui donne accès aux cellules :

# %%
classeur = openpyxl.load_workbook(fichier_excel, read_only=True, data_only=True)
feuille = classeur.worksheets[0]
print("feuilles :", classeur.sheetnames)
for numero, valeurs in enumerate(feuille.iter_rows(min_row=1, max_row=8, values_only=True), start=1):
    print(numero, valeurs)
classeur.close()

# %% [markdown]
# `pd.read_excel(chemin, header=n)` sait sauter les lignes du haut : `header` est l'indice
# **à partir de 0** de la ligne d'en-tête. Écrire `header=4` « parce qu'on l'a vu » serait
# fragile : le mois prochain, la coopérative ajoutera une ligne de titre et toute
# l'ingestion sera décalée, sans erreur. On **cherche** donc l'en-tête par programme.

# %% [markdown]
# ### Exercice 5 — Trouver la ligne d'en-tête (1 point)
#
# Écrivez `find_header_row(path)` qui renvoie le **numéro de ligne Excel** (à partir de 1,
# comme dans le tableur) de la ligne d'en-tête de la **première feuille** du classeur :
# la première ligne dont l'une des cellules contient un texte qui, sans les espaces
# autour, vaut exactement `EAN`. L'en-tête n'est pas forcément en colonne A. Si aucune
# ligne ne convient, levez une `ValueError`.
#
# > **Indice** : `feuille.iter_rows(min_row=1, values_only=True)` parcourt les lignes
# > (tuples de valeurs) ; `enumerate(..., start=1)` les numérote. Une cellule vide vaut
# > `None`, une cellule de titre peut contenir « EAN » au milieu d'une phrase : ce n'est
# > pas l'en-tête.

# %% nbgrader={"grade": false, "grade_id": "ex05_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def find_header_row(path):
    """1-based row number of the header (a cell equal to 'EAN') on the first sheet."""
    ### BEGIN SOLUTION
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = book.worksheets[0].iter_rows(min_row=1, values_only=True)
        for number, values in enumerate(rows, start=1):
            if any(isinstance(v, str) and v.strip() == "EAN" for v in values):
                return number
    finally:
        book.close()
    raise ValueError(f"Aucune ligne d'en-tête (cellule 'EAN') dans {path}")
    ### END SOLUTION


find_header_row(fichier_excel)

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex05_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Exercice 5 : un numéro de ligne Excel (à partir de 1) ; classeur réel et classeurs piégés (en-tête déplacé, titre contenant « EAN », aucun en-tête)."""
_found = find_header_row(fichier_excel)
assert isinstance(_found, int | np.integer), (
    f"find_header_row doit renvoyer un entier, pas {type(_found).__name__}."
)
_book = openpyxl.load_workbook(fichier_excel, read_only=True)
_values = next(_book.worksheets[0].iter_rows(min_row=_found, max_row=_found, values_only=True))
_book.close()
assert any(isinstance(v, str) and v.strip() == "EAN" for v in _values), (
    f"La ligne {_found} du classeur ne contient pas de cellule « EAN » : la numérotation "
    "Excel commence à 1 (pas à 0)."
)
### BEGIN HIDDEN TESTS
_manifest = json.loads((sources / "defects_manifest.json").read_text(encoding="utf-8"))
assert _found == _manifest["files"]["liste_prix_cooperative.xlsx"]["header_row"], (
    "Ligne d'en-tête inexacte pour le classeur de la coopérative."
)


def _workbook(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Prix"
    for row in rows:
        sheet.append(row)
    extra = book.create_sheet("Notes")
    extra.append(["EAN"])
    book.save(path)


_layouts = {
    "ex05_direct.xlsx": ([["EAN", "Désignation", "Prix unitaire (€)"], ["3370001000001", "Œufs", 2.5]], 1),
    "ex05_decale.xlsx": ([["Liste de prix (codes EAN vérifiés)"], ["EAN 13 obligatoires"], [],
                          [None, "Désignation", "Prix"], [],
                          [None, "  EAN ", "Désignation", "Prix unitaire (€)"],
                          [None, "3370001000001", "Œufs", 2.5]], 6),
}
for _name, (_rows, _expected) in _layouts.items():
    _workbook(dossier_essais / _name, _rows)
    try:
        _got = find_header_row(dossier_essais / _name)
    except ValueError:
        raise AssertionError(
            "find_header_row lève une ValueError sur un petit classeur qui a pourtant un "
            "en-tête (cellule « EAN » entourée d'espaces, hors de la colonne A, ou en ligne 1)."
        ) from None
    assert _got == _expected, (
        f"Sur un petit classeur piégé, find_header_row renvoie {_got} : cherchez une cellule "
        "qui vaut exactement « EAN » (espaces autour retirés), dans n'importe quelle colonne, "
        "numérotée à partir de 1."
    )
_workbook(dossier_essais / "ex05_sans.xlsx", [["Liste de prix"], ["Code", "Prix"], ["1", 2.5]])
try:
    find_header_row(dossier_essais / "ex05_sans.xlsx")
except ValueError:
    pass
else:
    raise AssertionError("Un classeur sans cellule « EAN » sur sa première feuille doit lever une ValueError.")
### END HIDDEN TESTS

# %% [markdown]
# ### Convertir un prix saisi comme du texte
#
# Dans la colonne des prix, la plupart des cellules sont des **nombres**, mais certaines
# ont été saisies comme du **texte** : `"3,50 €"`. pandas met alors toute la colonne en
# type `object` (mélange de `float` et de `str`). Observez :

# %%
apercu_excel = pd.read_excel(fichier_excel, header=find_header_row(fichier_excel) - 1)
print(apercu_excel["Prix unitaire (€)"].map(type).value_counts())
apercu_excel.tail(3)

# %% [markdown]
# Remarquez aussi la dernière ligne (`Total`) et d'éventuelles lignes entièrement vides
# (`NaN` partout) : ce ne sont pas des produits. Dans un nombre écrit « à la française »,
# le séparateur de milliers est une espace, souvent **insécable** (`"\xa0"` ou `"\u202f"`,
# invisibles à l'écran) : `re.sub(r"\s", "", texte)` les retire toutes, car `\s` reconnaît
# aussi les espaces Unicode.

# %% [markdown]
# ### Exercice 6 — Lire la liste de prix de la coopérative (2 points)
#
# Écrivez `read_price_list(path)` qui lit la première feuille du classeur et renvoie un
# DataFrame avec, dans cet ordre, les colonnes :
#
# | colonne | en-tête dans le classeur | type attendu |
# |---|---|---|
# | `ligne` | — | entier : numéro de ligne Excel de la donnée (à partir de 1) |
# | `ean` | `EAN` | texte |
# | `designation` | `Désignation` | texte |
# | `categorie` | `Catégorie` | texte |
# | `unite` | `Unité` | texte |
# | `prix_unitaire` | `Prix unitaire (€)` | `float64` |
# | `bio` | `Bio` | booléen (`bool`) : `True` si la cellule vaut `oui` (casse et espaces autour ignorés), `False` sinon |
#
# Règles :
#
# - l'en-tête est trouvé par `find_header_row` ; repérez les colonnes **par leur nom
#   d'en-tête** (espaces autour ignorés), pas par leur position : elles ne commencent
#   pas forcément en colonne A ;
# - ne gardez que les lignes **dont la cellule `EAN`**, convertie en texte et sans les
#   espaces autour, **est un code de 13 chiffres** (ce qui élimine lignes vides et ligne de
#   total) ;
# - `prix_unitaire` : un nombre est gardé tel quel (en `float`) ; un texte comme
#   `"3,50 €"` ou `"1 234,50 €"` (espaces ordinaires ou insécables) est converti
#   (`3.5`, `1234.5`) ; une cellule vide donne `NaN` ;
# - gardez l'ordre des lignes du classeur.
#
# > **Indice** : avec openpyxl, lisez la ligne d'en-tête pour construire un dictionnaire
# > `{nom: position}`, puis parcourez les lignes suivantes (`iter_rows(min_row=...)`) en
# > gardant leur numéro. Avec pandas, `pd.read_excel(path, header=n - 1, dtype={...})`
# > convient aussi : la ligne d'indice `i` du DataFrame est alors la ligne Excel
# > `n + 1 + i` (pandas garde les lignes vides situées sous l'en-tête).

# %% nbgrader={"grade": false, "grade_id": "ex06_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def read_price_list(path):
    """The co-operative's price list as a typed DataFrame, with its Excel row numbers."""
    ### BEGIN SOLUTION
    names = {"EAN": "ean", "Désignation": "designation", "Catégorie": "categorie",
             "Unité": "unite", "Prix unitaire (€)": "prix_unitaire", "Bio": "bio"}

    def to_price(value):
        if isinstance(value, bool) or value is None:
            return np.nan
        if isinstance(value, int | float):
            return float(value)
        text = re.sub(r"\s", "", str(value)).replace("€", "").replace(",", ".")
        return float(text) if text else np.nan

    header_row = find_header_row(path)
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = book.worksheets[0].iter_rows(min_row=header_row, values_only=True)
        header = next(rows)
        position = {str(v).strip(): i for i, v in enumerate(header) if v is not None}
        records = []
        for number, values in enumerate(rows, start=header_row + 1):
            cell = dict.fromkeys(names.values())
            for title, column in names.items():
                if position[title] < len(values):
                    cell[column] = values[position[title]]
            ean = "" if cell["ean"] is None else str(cell["ean"]).strip()
            if not re.fullmatch(r"\d{13}", ean):
                continue
            records.append({
                "ligne": number, "ean": ean, "designation": cell["designation"],
                "categorie": cell["categorie"], "unite": cell["unite"],
                "prix_unitaire": to_price(cell["prix_unitaire"]),
                "bio": str(cell["bio"] or "").strip().lower() == "oui",
            })
    finally:
        book.close()
    frame = pd.DataFrame(records, columns=["ligne", "ean", *list(names.values())[1:]])
    return frame.astype({"ligne": "int64", "prix_unitaire": "float64", "bio": "bool"})
    ### END SOLUTION


liste_prix = read_price_list(fichier_excel)
liste_prix.head(apercu_lignes)

# %% labkit={"competences": ["C10"]} nbgrader={"grade": true, "grade_id": "ex06_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 6 : colonnes et types demandés, seulement des lignes produit ; valeurs et numéros de ligne exacts (classeur réel et classeur piégé)."""
_columns = ["ligne", "ean", "designation", "categorie", "unite", "prix_unitaire", "bio"]
result = read_price_list(fichier_excel)
assert isinstance(result, pd.DataFrame), "read_price_list doit renvoyer un DataFrame."
assert list(result.columns) == _columns, (
    f"Colonnes obtenues : {list(result.columns)} ; attendu, dans cet ordre : {_columns}."
)
assert pd.api.types.is_float_dtype(result["prix_unitaire"]), (
    f"La colonne 'prix_unitaire' est de type {result['prix_unitaire'].dtype} : attendu float64. "
    "Certains prix sont-ils restés du texte (« 3,50 € ») ?"
)
assert pd.api.types.is_bool_dtype(result["bio"]), (
    f"La colonne 'bio' est de type {result['bio'].dtype} : attendu un booléen."
)
assert pd.api.types.is_integer_dtype(result["ligne"]), "La colonne 'ligne' doit être entière."
_bad = result.loc[~result["ean"].astype(str).str.fullmatch(r"\d{13}"), "ean"]
assert _bad.empty, (
    f"Des lignes qui ne sont pas des produits sont restées (EAN {list(_bad)[:3]}) : "
    "ne gardez que les codes de 13 chiffres."
)
### BEGIN HIDDEN TESTS
def _match(actual, expected, context):
    with checks.context(context):
        checks.assert_frame_matches(actual, expected, ordered=True)


_call = checks.learner_call


_products = paniervert.load("products", scale, seed).set_index("ean13")
_manifest = json.loads((sources / "defects_manifest.json").read_text(encoding="utf-8"))
_header = _manifest["files"]["liste_prix_cooperative.xlsx"]["header_row"]
_book = openpyxl.load_workbook(fichier_excel)
_sheet = _book["Tarifs"]
_rows = []
for _r in range(_header + 1, _sheet.max_row + 1):
    _ean = _sheet.cell(_r, 1).value
    if isinstance(_ean, str) and len(_ean) == 13 and _ean.isdigit():
        _clean = _products.loc[_ean]
        _rows.append({"ligne": _r, "ean": _ean, "designation": _clean["name"],
                      "categorie": f"{_clean['category']} > {_clean['subcategory']}",
                      "unite": _clean["unit"], "prix_unitaire": _clean["unit_price_eur"],
                      "bio": bool(_clean["organic"])})
_book.close()
_expected = pd.DataFrame(_rows)
assert len(_expected) > 0
_match(result, _expected, "Votre lecture du classeur de la coopérative")
_as_text = {d["row"]: d["key"] for d in _manifest["defects"] if d["defect"] == "price_as_text"}
_lookup = result.set_index("ligne")["ean"]
assert all(_lookup.get(_r) == _k for _r, _k in _as_text.items()), (
    "Numéros de ligne inexacts : 'ligne' doit être le numéro de ligne Excel de la donnée."
)

_book = openpyxl.Workbook()
_sheet = _book.active
_sheet.title = "Liste"
for _row in [
    ["Coopérative des Monts — tarifs (EAN)"],
    [],
    [None, " EAN ", "Désignation", "Catégorie", "Unité", "Prix unitaire (€)", " Bio "],
    [None, "0012345678905", "Crème fraîche", "Crèmerie > Crème", "pièce", "1\u202f234,50\xa0€", " OUI "],
    [None, "3370001000001", "Œufs x6", "Crèmerie > Œufs", "pièce", 3, "non"],
    [],
    [None, "3370001000019", "Pommes", "Fruits et légumes > Fruits", "kg", None, "oui"],
    [None, "3370001000026", "Poires", "Fruits et légumes > Fruits", "kg", "2,40 €", None],
    [None, "Total", "4 articles"],
    [None, "Prix HT"],
]:
    _sheet.append(_row)
_book.save(dossier_essais / "ex06_piege.xlsx")
_expected_tricky = pd.DataFrame({
    "ligne": [4, 5, 7, 8],
    "ean": ["0012345678905", "3370001000001", "3370001000019", "3370001000026"],
    "designation": ["Crème fraîche", "Œufs x6", "Pommes", "Poires"],
    "categorie": ["Crèmerie > Crème", "Crèmerie > Œufs", "Fruits et légumes > Fruits",
                  "Fruits et légumes > Fruits"],
    "unite": ["pièce", "pièce", "kg", "kg"],
    "prix_unitaire": [1234.5, 3.0, np.nan, 2.4],
    "bio": [True, False, True, False],
})
_result = _call("Sur un petit classeur piégé (en-tête en ligne 3 et colonne B)", read_price_list,
                dossier_essais / "ex06_piege.xlsx")
assert list(_result.columns) == _columns, "Colonnes inexactes sur un petit classeur piégé."
assert pd.api.types.is_float_dtype(_result["prix_unitaire"]) and pd.api.types.is_bool_dtype(_result["bio"]), (
    "Types inexacts sur un petit classeur piégé (prix en float64, bio en booléen)."
)
_match(_result, _expected_tricky, "Votre lecture d'un petit classeur piégé (en-tête en ligne 3 et colonne B, zéros en tête, espaces insécables, cellules vides)")
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 4 — Aplatir un JSON imbriqué
#
# Le catalogue du partenaire est un document JSON : des métadonnées (`partenaire`,
# `export`) et une liste `produits`, dont chaque élément contient des objets imbriqués
# (`rayon`, `prix`, `fournisseur`) et des listes (`labels`, `disponibilite`).

# %%
catalogue = json.loads(fichier_json.read_text(encoding="utf-8"))
print({cle: type(valeur).__name__ for cle, valeur in catalogue.items()})
catalogue["produits"][0]

# %% [markdown]
# `pd.json_normalize` transforme une liste d'objets imbriqués en tableau plat : chaque
# chemin `objet.champ` devient une colonne (`sep="_"` choisit le séparateur). Les
# **listes**, elles, restent des listes dans une cellule. Exemple sur un petit document :

# %%
petit = [
    {"id": 1, "client": {"nom": "Ana", "ville": "Lyon"}, "tags": ["a", "b"]},
    {"id": 2, "client": {"nom": "Bo"}, "tags": []},
]
pd.json_normalize(petit, sep="_")

# %% [markdown]
# Les champs absents deviennent `NaN` ; le type d'une colonne dépend de **toutes** ses
# valeurs : un seul prix écrit `"4,19"` au milieu de nombres donne une colonne `object`.
# Pour **une ligne par élément d'une liste** imbriquée, `json_normalize` accepte
# `record_path=` (la liste à déplier) et `meta=` (les champs du parent à recopier) :

# %%
commandes = [
    {"id": 1, "lignes": [{"sku": "A", "qte": 2}, {"sku": "B", "qte": 1}]},
    {"id": 2, "lignes": [{"sku": "C", "qte": 5}]},
]
pd.json_normalize(commandes, record_path="lignes", meta=["id"])

# %% [markdown]
# ### Exercice 7 — Aplatir le catalogue partenaire (2 points)
#
# Écrivez `flatten_catalogue(path)` qui lit le fichier JSON (UTF-8) et renvoie **une ligne
# par produit** de la liste `produits`, dans l'ordre du fichier, avec exactement ces
# colonnes, dans cet ordre :
#
# `ean`, `libelle`, `rayon_niveau1`, `rayon_niveau2`, `prix_montant`, `prix_devise`,
# `prix_unite`, `fournisseur_siret`, `fournisseur_nom`, `labels`.
#
# - Les colonnes `objet_champ` viennent des objets imbriqués (`prix_montant` est
#   `produits[i].prix.montant`).
# - `prix_montant` est un `float64` : un montant écrit comme texte avec une virgule
#   (`"4,19"`) est converti ; un montant absent (ou un objet `prix` absent ou `null`)
#   donne `NaN`.
# - `labels` est un **texte** : les labels du produit joints par une virgule et une
#   espace (`"AB, Demeter"`), dans l'ordre de la liste ; une chaîne vide `""` s'il n'y a
#   aucun label (liste vide ou absente).
# - Un champ absent ou `null` donne une valeur manquante. Ne gardez pas `disponibilite`
#   (exercice suivant).
#
# > **Indice** : `pd.json_normalize(document["produits"], sep="_")`, puis sélectionnez
# > et convertissez. Si une colonne attendue n'existe pas (aucun produit ne l'a),
# > `frame.reindex(columns=[...])` la crée, vide.

# %% nbgrader={"grade": false, "grade_id": "ex07_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def flatten_catalogue(path):
    """One row per product of the partner catalogue, nested objects flattened."""
    ### BEGIN SOLUTION
    columns = ["ean", "libelle", "rayon_niveau1", "rayon_niveau2", "prix_montant",
               "prix_devise", "prix_unite", "fournisseur_siret", "fournisseur_nom"]
    products = json.loads(Path(path).read_text(encoding="utf-8"))["produits"]
    frame = pd.json_normalize(products, sep="_").reindex(columns=columns)
    amount = frame["prix_montant"].map(
        lambda v: float(v.replace(",", ".")) if isinstance(v, str) else v
    )
    frame["prix_montant"] = pd.to_numeric(amount).astype("float64")
    frame["labels"] = [", ".join(p.get("labels") or []) for p in products]
    return frame
    ### END SOLUTION


catalogue_plat = flatten_catalogue(fichier_json)
catalogue_plat.head(apercu_lignes)

# %% labkit={"competences": ["C10"]} nbgrader={"grade": true, "grade_id": "ex07_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 7 : colonnes demandées, une ligne par produit, montant en float64, labels en texte ; valeurs exactes (catalogue réel et catalogue piégé)."""
_columns = ["ean", "libelle", "rayon_niveau1", "rayon_niveau2", "prix_montant", "prix_devise",
            "prix_unite", "fournisseur_siret", "fournisseur_nom", "labels"]
result = flatten_catalogue(fichier_json)
assert isinstance(result, pd.DataFrame), "flatten_catalogue doit renvoyer un DataFrame."
assert list(result.columns) == _columns, (
    f"Colonnes obtenues : {list(result.columns)} ; attendu, dans cet ordre : {_columns}."
)
_n_products = len(json.loads(fichier_json.read_text(encoding="utf-8"))["produits"])
checks.assert_row_count(result, _n_products)
assert pd.api.types.is_float_dtype(result["prix_montant"]), (
    f"La colonne 'prix_montant' est de type {result['prix_montant'].dtype} : attendu float64. "
    "Un montant écrit comme texte est-il resté tel quel ?"
)
assert result["labels"].map(lambda v: isinstance(v, str)).all(), (
    "La colonne 'labels' doit contenir du texte dans chaque ligne (chaîne vide s'il n'y a "
    "aucun label), pas des listes ni des NaN."
)
### BEGIN HIDDEN TESTS
def _match(actual, expected, context):
    with checks.context(context):
        checks.assert_frame_matches(actual, expected, ordered=True)


_call = checks.learner_call


_products = paniervert.load("products", scale, seed)
_suppliers = paniervert.load("suppliers", scale, seed)
_clean = _products.merge(_suppliers, on="supplier_id", suffixes=("", "_fournisseur")).set_index("ean13")
_manifest = json.loads((sources / "defects_manifest.json").read_text(encoding="utf-8"))
_defects = {(d["row"], d["defect"]) for d in _manifest["defects"]
            if d["file"] == "catalogue_partenaire.json"}
_document = json.loads(fichier_json.read_text(encoding="utf-8"))
_rows = []
for _i, _p in enumerate(_document["produits"]):
    _c = _clean.loc[_p["ean"]]
    _missing_price = (_i, "missing_field") in _defects
    _rows.append({
        "ean": _p["ean"],
        "libelle": None if (_i, "null_value") in _defects else _c["name"],
        "rayon_niveau1": _c["category"], "rayon_niveau2": _c["subcategory"],
        "prix_montant": np.nan if _missing_price else _c["unit_price_eur"],
        "prix_devise": None if _missing_price else "EUR",
        "prix_unite": None if _missing_price else _c["unit"],
        "fournisseur_siret": _c["siret"], "fournisseur_nom": _c["name_fournisseur"],
        "labels": _c["label"] if _c["organic"] else "",
    })
_match(result, pd.DataFrame(_rows), "Votre catalogue aplati")

_tricky = {"partenaire": {"nom": "Essai"}, "produits": [
    {"ean": "0012345678905", "libelle": "Crème", "rayon": {"niveau1": "Crèmerie"},
     "prix": {"montant": "12,5", "devise": "EUR", "unite": "pièce"},
     "fournisseur": {"siret": "01234567890123", "nom": "Ferme d'Été"},
     "labels": ["AB", "Demeter"], "disponibilite": []},
    {"ean": "3370001000001", "libelle": None,
     "rayon": {"niveau1": "Épicerie", "niveau2": "Pâtes"}, "prix": None,
     "fournisseur": {"siret": "12345678901234", "nom": "GAEC"}},
    {"ean": "3370001000019", "libelle": "Pommes",
     "rayon": {"niveau1": "Fruits", "niveau2": "Pommes"},
     "prix": {"montant": 3, "devise": "EUR", "unite": "kg"},
     "fournisseur": {"siret": "12345678901234", "nom": "GAEC"}, "labels": []},
]}
(dossier_essais / "ex07_piege.json").write_text(json.dumps(_tricky, ensure_ascii=False), encoding="utf-8")
_expected_tricky = pd.DataFrame({
    "ean": ["0012345678905", "3370001000001", "3370001000019"],
    "libelle": ["Crème", None, "Pommes"],
    "rayon_niveau1": ["Crèmerie", "Épicerie", "Fruits"],
    "rayon_niveau2": [None, "Pâtes", "Pommes"],
    "prix_montant": [12.5, np.nan, 3.0],
    "prix_devise": ["EUR", None, "EUR"],
    "prix_unite": ["pièce", None, "kg"],
    "fournisseur_siret": ["01234567890123", "12345678901234", "12345678901234"],
    "fournisseur_nom": ["Ferme d'Été", "GAEC", "GAEC"],
    "labels": ["AB, Demeter", "", ""],
})
_result = _call("Sur un petit catalogue piégé (un objet 'prix' null, des champs absents)",
                flatten_catalogue, dossier_essais / "ex07_piege.json")
assert list(_result.columns) == _columns, (
    "Colonnes inexactes sur un petit catalogue piégé (un objet 'prix' null, des champs absents) : "
    "sélectionnez exactement les colonnes demandées."
)
assert pd.api.types.is_float_dtype(_result["prix_montant"]), (
    "Sur un petit catalogue piégé, 'prix_montant' n'est pas un float64."
)
_match(_result, _expected_tricky, "Votre lecture d'un petit catalogue piégé")
### END HIDDEN TESTS

# %% [markdown]
# ### Exercice 8 — Les disponibilités par magasin (1 point)
#
# Chaque produit a une liste `disponibilite` d'objets `{"magasin": ..., "quantite": ...}`.
# Écrivez `catalogue_stock(path)` qui renvoie **une ligne par élément** de ces listes, avec
# les colonnes, dans cet ordre :
#
# - `ean` (texte) : le code du produit parent ;
# - `magasin` (texte) : le code du magasin ;
# - `quantite` (entier, `int64`).
#
# Ordre : celui des produits dans le fichier, puis celui des éléments dans chaque liste.
# Un produit **sans** clé `disponibilite`, ou avec une liste vide ou `null`, ne donne
# aucune ligne (et ne doit pas faire échouer la fonction).
#
# > **Indice** : `pd.json_normalize(..., record_path=..., meta=[...])` exige que chaque
# > produit ait la clé ; préparez la liste des produits en conséquence, ou construisez
# > les lignes avec deux boucles imbriquées.

# %% nbgrader={"grade": false, "grade_id": "ex08_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def catalogue_stock(path):
    """One row per (product, store) availability entry of the partner catalogue."""
    ### BEGIN SOLUTION
    products = json.loads(Path(path).read_text(encoding="utf-8"))["produits"]
    rows = [
        {"ean": p["ean"], "magasin": entry["magasin"], "quantite": entry["quantite"]}
        for p in products
        for entry in (p.get("disponibilite") or [])
    ]
    return pd.DataFrame(rows, columns=["ean", "magasin", "quantite"]).astype({"quantite": "int64"})
    ### END SOLUTION


stock_partenaire = catalogue_stock(fichier_json)
stock_partenaire.head(apercu_lignes)

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex08_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Exercice 8 : colonnes demandées, quantités entières, une ligne par disponibilité ; lignes exactes (catalogue réel et catalogue piégé)."""
result = catalogue_stock(fichier_json)
assert isinstance(result, pd.DataFrame), "catalogue_stock doit renvoyer un DataFrame."
assert list(result.columns) == ["ean", "magasin", "quantite"], (
    f"Colonnes obtenues : {list(result.columns)} ; attendu : ean, magasin, quantite."
)
assert pd.api.types.is_integer_dtype(result["quantite"]), (
    f"La colonne 'quantite' est de type {result['quantite'].dtype} : attendu un entier."
)
_document = json.loads(fichier_json.read_text(encoding="utf-8"))
checks.assert_row_count(result, sum(len(p.get("disponibilite") or []) for p in _document["produits"]))
### BEGIN HIDDEN TESTS
def _match(actual, expected, context):
    with checks.context(context):
        checks.assert_frame_matches(actual, expected, ordered=True)


_expected = pd.DataFrame(
    [(p["ean"], d["magasin"], d["quantite"]) for p in _document["produits"]
     for d in p["disponibilite"]],
    columns=["ean", "magasin", "quantite"],
)
_match(result, _expected, "Vos disponibilités")
_tricky = {"produits": [
    {"ean": "0012345678905", "disponibilite": [{"magasin": "PV001", "quantite": 3},
                                                {"magasin": "PV012", "quantite": 0}]},
    {"ean": "3370001000001"},
    {"ean": "3370001000019", "disponibilite": []},
    {"ean": "3370001000026", "disponibilite": None},
    {"ean": "3370001000033", "disponibilite": [{"magasin": "PV007", "quantite": 12}]},
]}
(dossier_essais / "ex08_piege.json").write_text(json.dumps(_tricky), encoding="utf-8")
_expected_tricky = pd.DataFrame({
    "ean": ["0012345678905", "0012345678905", "3370001000033"],
    "magasin": ["PV001", "PV012", "PV007"],
    "quantite": [3, 0, 12],
})
try:
    _result = catalogue_stock(dossier_essais / "ex08_piege.json")
except (KeyError, TypeError) as _error:
    raise AssertionError(
        "catalogue_stock échoue sur un catalogue où un produit n'a pas de disponibilite "
        f"(ou une valeur null) : {type(_error).__name__}."
    ) from None
assert pd.api.types.is_integer_dtype(_result["quantite"]), (
    "Sur un petit catalogue piégé, 'quantite' n'est pas un entier."
)
_match(_result, _expected_tricky, "Vos disponibilités d'un petit catalogue piégé")
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 5 — Parquet : le schéma voyage avec les données
#
# Un fichier **Parquet** stocke les données par colonnes, compressées, et surtout avec
# leur **schéma** : noms et types de chaque colonne (entier sur 64 bits, horodatage à la
# milliseconde, texte…). Plus d'encodage à détecter, plus de virgule décimale, plus de
# date à deviner. On peut lire le schéma **sans lire les données** :

# %%
schema_caisses = pq.read_schema(fichier_parquet)
schema_caisses

# %%
metadonnees = pq.read_metadata(fichier_parquet)
print(metadonnees.num_rows, "lignes,", metadonnees.num_row_groups, "groupe(s) de lignes")
caisses = pd.read_parquet(fichier_parquet, columns=["store_code", "sold_at", "quantity"])  # only 3 columns read
caisses.dtypes

# %% [markdown]
# Un schéma présent ne veut pas dire un schéma **conforme** : l'équipe entrepôt attend
# un contrat d'interface précis pour cet export, et un changement côté caisses (un type
# modifié, une colonne renommée) doit être **détecté à l'ingestion**, pas découvert dans
# un tableau de bord faux. Voici le contrat attendu (un `pyarrow.Schema`) :

# %%
contrat_caisses = pa.schema([
    ("store_code", pa.large_string()),
    ("ticket_id", pa.int64()),
    ("line_no", pa.int32()),
    ("sold_at", pa.timestamp("us")),
    ("ean13", pa.large_string()),
    ("quantity", pa.float64()),
    ("unit_price_eur", pa.float64()),
    ("vat_rate", pa.float64()),
])
print(contrat_caisses.names)
print(str(contrat_caisses.field("sold_at").type), str(schema_caisses.field("sold_at").type))

# %% [markdown]
# ### Exercice 9 — Comparer un schéma à un contrat (2 points)
#
# Écrivez `compare_schemas(schema_lu, schema_attendu)` qui reçoit deux `pyarrow.Schema`
# et renvoie un DataFrame avec **une ligne par nom de colonne** présent dans l'un ou
# l'autre, triées par `colonne` croissante, et les colonnes, dans cet ordre :
#
# - `colonne` : le nom de la colonne ;
# - `type_attendu` : le type dans `schema_attendu`, en texte (`str(champ.type)`, par
#   exemple `"int64"` ou `"timestamp[ms]"`), valeur manquante (`None`) si la colonne n'y
#   est pas ;
# - `type_lu` : de même pour `schema_lu` ;
# - `statut` :
#   - `"ok"` : présente des deux côtés avec le même type (`==` entre types pyarrow) ;
#   - `"type_different"` : présente des deux côtés avec des types différents ;
#   - `"manquante"` : attendue mais absente du fichier lu ;
#   - `"en_trop"` : présente dans le fichier lu mais pas dans le contrat.
#
# Appliquez-la ensuite à l'export des caisses dans la variable `ecarts_caisses`
# (l'affichage est fait pour vous).
#
# > **Indice** : `schema.names` donne les noms ; `schema.field(nom).type` le type ;
# > l'union de deux ensembles de noms s'écrit `set(a) | set(b)`.

# %% nbgrader={"grade": false, "grade_id": "ex09_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def compare_schemas(schema_lu, schema_attendu):
    """One row per column name of either schema: expected type, read type, status."""
    ### BEGIN SOLUTION
    rows = []
    for name in sorted(set(schema_lu.names) | set(schema_attendu.names)):
        read = schema_lu.field(name).type if name in schema_lu.names else None
        expected = schema_attendu.field(name).type if name in schema_attendu.names else None
        if read is None:
            status = "manquante"
        elif expected is None:
            status = "en_trop"
        else:
            status = "ok" if read == expected else "type_different"
        rows.append({
            "colonne": name,
            "type_attendu": None if expected is None else str(expected),
            "type_lu": None if read is None else str(read),
            "statut": status,
        })
    return pd.DataFrame(rows, columns=["colonne", "type_attendu", "type_lu", "statut"])
    ### END SOLUTION


ecarts_caisses = compare_schemas(pq.read_schema(fichier_parquet), contrat_caisses)
ecarts_caisses

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex09_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 9 : colonnes demandées, une ligne par nom, statuts valides et triés ; résultat exact (export réel et schémas piégés)."""
result = compare_schemas(pq.read_schema(fichier_parquet), contrat_caisses)
assert isinstance(result, pd.DataFrame), "compare_schemas doit renvoyer un DataFrame."
assert list(result.columns) == ["colonne", "type_attendu", "type_lu", "statut"], (
    f"Colonnes obtenues : {list(result.columns)} ; attendu : colonne, type_attendu, type_lu, statut."
)
assert set(result["statut"]) <= {"ok", "type_different", "manquante", "en_trop"}, (
    f"Statuts inattendus : {sorted(set(result['statut']) - {'ok', 'type_different', 'manquante', 'en_trop'})}."
)
assert result["colonne"].is_unique, "Chaque nom de colonne ne doit apparaître qu'une fois."
assert list(result["colonne"]) == sorted(result["colonne"]), "Triez les lignes par 'colonne' croissante."
assert isinstance(ecarts_caisses, pd.DataFrame), "La variable 'ecarts_caisses' doit contenir le DataFrame obtenu."
### BEGIN HIDDEN TESTS
def _match(actual, expected, context):
    with checks.context(context):
        checks.assert_frame_matches(actual, expected, ordered=True)


def _reference(read, expected):
    read_types = {f.name: f.type for f in read}
    expected_types = {f.name: f.type for f in expected}
    rows = []
    for name in sorted(read_types.keys() | expected_types.keys()):
        r, e = read_types.get(name), expected_types.get(name)
        status = ("manquante" if r is None else "en_trop" if e is None
                  else "ok" if r.equals(e) else "type_different")
        rows.append((name, None if e is None else str(e), None if r is None else str(r), status))
    return pd.DataFrame(rows, columns=["colonne", "type_attendu", "type_lu", "statut"])


_actual = pq.read_schema(fichier_parquet)
_match(result, _reference(_actual, contrat_caisses), "Votre comparaison de l'export des caisses")
_match(ecarts_caisses, _reference(_actual, contrat_caisses), "La variable ecarts_caisses")
_a = pa.schema([("b", pa.int64()), ("a", pa.string()), ("d", pa.timestamp("ms")),
                ("e", pa.float64())])
_b = pa.schema([("a", pa.large_string()), ("b", pa.int64()), ("c", pa.float64()),
                ("d", pa.timestamp("ms", tz="Europe/Paris"))])
_match(compare_schemas(_a, _b), _reference(_a, _b), "Votre comparaison de deux petits schémas piégés (string / large_string, fuseau horaire)")
_match(compare_schemas(_b, _a), _reference(_b, _a), "Votre comparaison de deux schémas inversés")
_match(compare_schemas(_a, _a), _reference(_a, _a), "Votre comparaison d'un schéma avec lui-même")
### END HIDDEN TESTS

# %% [markdown]
# Les types `string` et `large_string` désignent le même texte (seule la taille des
# index internes change) : un contrat réaliste peut les tenir pour équivalents, de même
# que `timestamp[ms]` et `timestamp[us]` pour des données à la seconde. Une fonction
# stricte signale tout ; à vous ensuite de décider ce qui **bloque** l'ingestion (une
# colonne manquante, un texte à la place d'un nombre) et ce qui est **toléré** puis
# converti (`table.cast(contrat)`).

# %% [markdown]
# ---
# ## Partie 6 — Industrialiser l'ingestion
#
# Vos fonctions lisent correctement des fichiers difficiles. Dans un pipeline qui tourne
# chaque nuit sans surveillance, il faut aussi décider quoi **vérifier** automatiquement
# et quoi **faire** de ce qui ne passe pas.
#
# ### Question 10 — Contrôles d'ingestion et lignes rejetées (3 points, corrigée par votre formateur ou formatrice)
#
# Répondez **en 10 à 20 lignes** dans la cellule ci-dessous :
#
# 1. Quels **contrôles** automatiseriez-vous à l'ingestion des fichiers fournisseurs de
#    Panier Vert ? Distinguez les contrôles sur le **fichier** entier et ceux sur
#    **chaque ligne**, et appuyez-vous sur des défauts réellement rencontrés dans ce lab.
# 2. Que faites-vous des **lignes rejetées** ? Et dans quel cas refuseriez-vous le
#    fichier entier plutôt que quelques lignes ?
# 3. Qu'enregistrez-vous pour pouvoir **rejouer** ou **auditer** une ingestion un mois plus
#    tard ?
#
# *Double-cliquez sur la cellule ci-dessous pour écrire votre réponse.*

# %% [markdown] labkit={"competences": ["C8", "C10"]} nbgrader={"grade": true, "grade_id": "controles_ingestion", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# **Votre réponse :**
#
# ### BEGIN SOLUTION
# **Contrôles sur le fichier** (avant de lire les lignes) : encodage détecté parmi les
# encodages attendus (UTF-8 ou cp1252), sinon refus ; en-tête présent avec exactement les
# colonnes du contrat (noms, ordre) ; pour Parquet, schéma comparé au contrat ; fichier non
# vide et volume plausible (nombre de lignes proche de celui du mois précédent) ; fichier
# pas déjà ingéré (empreinte SHA-256).
#
# **Contrôles sur chaque ligne** : nombre de champs (les lignes tronquées ou « ERREUR
# EXPORT ») ; types convertibles (prix décimal, date reconnue dans l'un des formats
# admis) ; champs obligatoires non vides (EAN, prix) ; clés de contrôle de l'EAN-13 et du
# SIRET ; valeurs plausibles (prix > 0, unité dans la liste `kg`, `pièce`, `l`, `botte` :
# une unité `g` avec un prix divisé par 1000 est suspecte ; date dans la période) ;
# doublons exacts et quasi-doublons sur l'EAN.
#
# **Lignes rejetées** : jamais supprimées en silence. Elles vont en **quarantaine** (une
# table ou un fichier de rejets) avec le fichier source, le numéro de ligne, le contenu
# brut et le motif du rejet ; on charge les lignes valides, on compte les rejets dans un
# rapport d'ingestion et on alerte (équipe data, fournisseur à qui l'on renvoie ses lignes
# à corriger). Une ligne corrigée peut être réinjectée. Si le taux de rejet dépasse un
# seuil (par exemple 5 %), ou si un contrôle de fichier échoue (encodage inconnu, colonnes
# manquantes), on **refuse tout le fichier** : le problème est systémique (mauvais export,
# changement de format) et charger une partie donnerait des données incomplètes sans que
# personne ne le voie.
#
# **Traçabilité** : on conserve le fichier brut tel que reçu (zone d'atterrissage, en
# lecture seule), son empreinte, la date de réception, la version du code d'ingestion et
# les paramètres (encodage détecté, ligne d'en-tête trouvée), et on ajoute à chaque ligne
# chargée son fichier et sa ligne d'origine. L'ingestion est idempotente : rejouer le même
# fichier donne le même résultat, sans doublon.
# ### END SOLUTION

# %% [markdown]
# ---
# ## Récapitulatif
#
# | besoin | outil | piège à éviter |
# |---|---|---|
# | connaître l'encodage | `bytes.decode(..., "strict")` : BOM, puis UTF-8, puis cp1252 | essayer cp1252 d'abord (il accepte presque tout) ; croire aveuglément une détection probabiliste |
# | lire un CSV français | `sep=";"`, `decimal=","`, `dtype=str` pour les codes | perdre les zéros en tête d'un EAN, d'un SIRET, d'un code postal |
# | garder la trace de la source | numéro de ligne, nom du fichier | index pandas ≠ numéro de ligne (lignes vides, lignes sautées) |
# | lignes corrompues | quarantaine avec motif | `on_bad_lines="skip"` : des lignes disparaissent sans trace |
# | dates françaises | règles explicites par format | `01/03/2024` lu comme le 3 janvier ; mois abrégés et accents |
# | tableau Excel mis en page | chercher l'en-tête, `header=n - 1` | `header=4` écrit en dur ; lignes de total et lignes vides |
# | nombres saisis comme texte | retirer `€` et les espaces (`\s`), virgule → point | espaces insécables invisibles |
# | JSON imbriqué | `pd.json_normalize(sep="_")`, `record_path=`, `meta=` | clé absente ou `null`, type variable d'une valeur à l'autre |
# | Parquet | `pq.read_schema`, `pd.read_parquet(columns=...)` | schéma présent ≠ schéma conforme au contrat |

# %% [markdown]
# ## Pour aller plus loin
#
# - **Validation déclarative** : exprimez les règles de l'exercice 3 avec
#   [pandera](https://pandera.readthedocs.io/) (un schéma par fichier, les erreurs
#   collectées dans un tableau) ; vous y reviendrez dans le lab « Règles d'agrégation et
#   de nettoyage ».
# - **DuckDB** lit aussi les CSV français (`read_csv('...', delim=';', decimal_separator=',')`)
#   et devine les types : comparez ses choix aux vôtres.
# - **Excel** : `openpyxl` expose les plages fusionnées (`feuille.merged_cells.ranges`) ;
#   écrivez une détection d'en-tête qui ne dépend d'aucun nom de colonne (première ligne
#   dont toutes les cellules non vides sont du texte et qui est suivie de données).
# - **Parquet** : convertissez l'export des caisses au contrat avec
#   `pq.read_table(...).cast(contrat_sans_vat_rate)`, et observez ce qui se passe quand une
#   conversion perd de l'information.
# - **Documentation** : [pandas.read_csv](https://pandas.pydata.org/docs/reference/api/pandas.read_csv.html),
#   [pandas.json_normalize](https://pandas.pydata.org/docs/reference/api/pandas.json_normalize.html),
#   [Apache Parquet](https://parquet.apache.org/docs/), et le tutoriel Python
#   [Unicode HOWTO](https://docs.python.org/fr/3/howto/unicode.html).
