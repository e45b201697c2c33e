# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Scraper le site d'un concurrent : requests, BeautifulSoup et Scrapy
#
# **Bloc BC02** — Collecter, stocker et mettre à disposition les données
#
# **Compétence évaluée : C8** — Automatiser l'extraction de données depuis un service web,
# une page web (*scraping*), un fichier de données, une base de données et un système big
# data en programmant le script adapté afin de pérenniser la collecte des données
# nécessaires au projet.
#
# | | |
# |---|---|
# | Durée indicative | 3 heures |
# | Barème | 18 points : 15 corrigés automatiquement (7 exercices), 3 corrigés par votre formateur ou formatrice (1 question ouverte) |
# | Outils | Python, `requests`, BeautifulSoup (analyseur `lxml`), `urllib.robotparser`, Scrapy |
#
# ## Comment travailler dans ce lab
#
# Ce notebook est à la fois **le cours et le lab** : chaque partie commence par une courte
# leçon avec des exemples à exécuter, puis vient un exercice.
#
# - Exécutez les cellules **dans l'ordre**, de haut en bas (`Maj + Entrée`).
# - Chaque exercice comporte une **cellule réponse**, qui contient
#   `raise NotImplementedError(...)` : remplacez cette ligne par votre réponse.
#   Ne renommez pas les fonctions et variables demandées (`parse_price`, `code_spider`…) :
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
# Vous êtes data engineer chez **Panier Vert**, une chaîne fictive d'épiceries bio
# françaises. La direction commerciale veut suivre chaque jour les prix de son concurrent
# direct, **Bio&Co Marché**, qui vend environ 70 % des mêmes produits, sous le **même code
# EAN-13**. Bio&Co Marché ne propose ni API ni export : il faut lire son site web, page
# par page. C'est le *scraping* (ou moissonnage), le dernier recours de la collecte
# (voir la leçon C8, « API ou scraping : que choisir ? »).
#
# Le site de Bio&Co Marché est **simulé** : il tourne sur votre machine
# (`http://127.0.0.1:…`) et son contenu est généré à partir des données de Panier Vert.
# Vous pouvez donc le solliciter sans gêner personne, ce qui ne vous dispense pas
# d'apprendre les règles de politesse d'un vrai robot.
#
# ### Le plan du site
#
# | chemin | contenu |
# |---|---|
# | `/` | accueil : le menu des rayons (liens `a.category-link`) et les promotions |
# | `/categorie/<rayon>?page=N` | 12 produits par page (cartes `article.product`), lien vers la page suivante `a[rel=next]` dans `nav.pagination` ; une page au-delà de la dernière renvoie un 404 |
# | `/produit/<nom>-<référence>` | la fiche d'un produit (`article.product-detail`) |
# | `/robots.txt` | les règles pour les robots |
# | `/sitemap.xml` | le plan du site (accueil, rayons, produits) |
# | `/panier`, `/compte`, `/admin` | des pages privées, interdites aux robots |
#
# ### Les pièges de ces données
#
# - Les prix suivent la **typographie française** : `3,49 €` avec une virgule décimale et
#   une **espace insécable** (U+00A0) avant le symbole, `1 249,00 €` avec une **espace
#   fine insécable** (U+202F) comme séparateur de milliers, `6,98 € / kg` pour le prix au
#   kilo. Ces espaces sont invisibles à l'écran, mais `"3,49 €" == "3,49\xa0€"` est faux.
# - Les **promotions** affichent l'ancien prix barré (`del.price-old`) et la remise
#   (`-20 %`). Certains produits sont en **rupture de stock** (`Rupture de stock`).
# - Quelques fiches produits sont **mal formées** : balises non fermées, prix absent,
#   prix dans un format inattendu. Un robot de production ne doit ni planter, ni inventer
#   une valeur : il signale la page et continue.

# %% [markdown]
# ## Objectifs
#
# À la fin de ce lab, vous saurez :
#
# 1. télécharger une page avec `requests` et en extraire des informations avec des
#    sélecteurs CSS (BeautifulSoup) ;
# 2. transformer des textes « pour humains » en valeurs typées (`"3,49 €"` → `3.49`) ;
# 3. lire un `robots.txt` et limiter le débit de votre robot ;
# 4. suivre une pagination jusqu'à la dernière page ;
# 5. parcourir tout un site avec Scrapy, lancé dans un **sous-processus** ;
# 6. valider les éléments extraits, écarter les pages mal formées et livrer un fichier
#    JSON lines ;
# 7. situer le scraping dans son cadre juridique et éthique (CGU, droit des bases de
#    données, RGPD).
#
# ## Prérequis
#
# - Python : fonctions, dictionnaires, listes, expressions régulières simples (`re`).
# - Savoir ce qu'est une page HTML (balises, attributs `class`, liens `href`).
# - La leçon C8 (*Automatiser l'extraction des données*), partie « Une page web ».

# %% [markdown]
# ## Mise en place
#
# La cellule suivante contient les **paramètres** du lab. `scale` est la taille des
# données générées (1 sur votre poste ; les tests automatiques utilisent une échelle plus
# petite) et `seed` la graine du générateur. `delai_requetes` est le délai, en secondes,
# entre deux requêtes de vos robots (nous en discutons en partie 2). Les fichiers que vous
# produirez iront dans le dossier `dossier_sortie`.

# %% tags=["parameters"]
# Lab parameters: papermill may override them (papermill -p scale 0.05 ...).
from labkit import config

scale = config.scale()  # size of the generated data (LABKIT_SCALE, 1 by default)
seed = config.seed()  # seed of the generated data (LABKIT_SEED, 42 by default)
delai_requetes = 0.02  # seconds between two requests: fine ONLY because the site is local
dossier_sortie = "sortie"  # folder (relative to this notebook) for the files you produce

# %% [markdown]
# La cellule suivante démarre le site de Bio&Co Marché (quelques secondes la première fois)
# et définit les outils communs du lab. Elle est verrouillée ; si quelque chose se passe
# mal, relancez le noyau (*Kernel* → *Restart Kernel*).

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import json
import re
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from urllib.parse import urljoin, urlparse
from urllib.robotparser import RobotFileParser

import requests
from bs4 import BeautifulSoup

from labkit import checks, services

site = services.ensure("site", scale=scale, seed=seed)
BASE_URL = site.url  # e.g. http://127.0.0.1:8766

# Our robot introduces itself: who we are and how to reach us.
USER_AGENT = "PanierVertVeillePrix/1.0 (+mailto:data@paniervert.example)"

session = requests.Session()
session.headers["User-Agent"] = USER_AGENT

SORTIE = Path(dossier_sortie)
SORTIE.mkdir(parents=True, exist_ok=True)


@dataclass(frozen=True)
class ProduitConcurrent:
    """One validated product of the competitor, as delivered to the pricing team."""

    url: str
    sku: str
    name: str
    ean13: str
    category: str
    price_eur: float
    old_price_eur: float | None
    discount_pct: int | None
    unit_price_eur: float
    unit: str
    in_stock: bool


def run_spider(spider_file, output_file, log_file, base_url=BASE_URL, delay=None):
    """Run a Scrapy spider in a subprocess; items go to output_file (JSON lines), logs to log_file."""
    command = [
        sys.executable, "-m", "scrapy", "runspider", str(spider_file),
        "-O", str(output_file),  # -O overwrites the output file (-o would append to it)
        "-a", f"base_url={base_url}",  # spider argument: __init__(self, base_url, ...)
        "-s", f"USER_AGENT={USER_AGENT}",
        "-s", f"DOWNLOAD_DELAY={delai_requetes if delay is None else delay}",
        "-s", "LOG_LEVEL=INFO",
        "-s", "TELNETCONSOLE_ENABLED=False",
    ]
    with open(log_file, "w", encoding="utf-8") as log:
        return subprocess.run(
            command, stdout=log, stderr=subprocess.STDOUT, timeout=900, check=False
        )


print("Site de Bio&Co Marché :", BASE_URL)

# %% [markdown]
# La cellule suivante définit des **outils utilisés par les cellules de test** (une
# session qui enregistre ses requêtes, la lecture du journal du serveur, le téléchargement
# des fiches produits listées dans le plan du site). Vous n'avez pas besoin de la lire.

# %% nbgrader={"grade": false, "grade_id": "test_tools", "locked": true, "schema_version": 3, "solution": false, "task": false}
import tempfile


def site_log_offset() -> int:
    """Current size of the site's access log (to read what comes after)."""
    return Path(site.log).stat().st_size if site.log else 0


def site_paths_since(offset: int) -> list[str]:
    """Paths requested from the site since ``offset`` in its access log."""
    if not site.log:
        return []
    with open(site.log, encoding="utf-8", errors="replace") as handle:
        handle.seek(offset)
        return re.findall(r'"(?:GET|POST|HEAD) (\S+) HTTP', handle.read())


_pages_cache: dict[str, str] = {}


def reference_pages() -> dict[str, str]:
    """Absolute URL -> HTML of every product page listed in the sitemap (fetched once)."""
    if not _pages_cache:
        grabber = requests.Session()
        grabber.headers["User-Agent"] = USER_AGENT
        sitemap = grabber.get(BASE_URL + "/sitemap.xml", timeout=30).text
        for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap):
            url = BASE_URL + urlparse(loc).path
            if urlparse(url).path.startswith("/produit/"):
                _pages_cache[url] = grabber.get(url, timeout=30).text
    return _pages_cache


def read_jsonl(path) -> list[dict]:
    """The JSON objects of a JSON lines file (blank lines ignored)."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


ITEM_KEYS = [f.name for f in fields(ProduitConcurrent)]

# %% [markdown]
# ---
# ## Partie 1 — Lire une page avec `requests` et BeautifulSoup
#
# Scraper une page se fait en deux temps :
#
# 1. **télécharger** le HTML, comme le ferait un navigateur : `session.get(url)` ;
# 2. **analyser** (*parser*) ce HTML pour en faire un arbre de balises, puis y **chercher**
#    les éléments voulus avec des **sélecteurs CSS**.
#
# `session` est une `requests.Session` créée dans la mise en place : elle envoie à chaque
# requête notre en-tête `User-Agent`, qui dit au site **qui** le visite. Un robot honnête
# s'identifie toujours.

# %%
reponse = session.get(BASE_URL + "/", timeout=10)
reponse.status_code, reponse.headers["content-type"], len(reponse.text)

# %% [markdown]
# BeautifulSoup construit l'arbre. On lui indique l'**analyseur** : `"lxml"` est rapide et
# répare les pages mal formées comme le ferait un navigateur (nous en aurons besoin).
#
# - `soup.select("sélecteur")` renvoie la liste des éléments qui correspondent ;
# - `soup.select_one("sélecteur")` renvoie le premier, ou `None` s'il n'y en a pas ;
# - `element.get_text(strip=True)` donne le texte sans les espaces du début et de la fin ;
# - `element["href"]` ou `element.get("href")` lit un attribut.
#
# Quelques sélecteurs CSS : `a` (toutes les balises `<a>`), `.price` (la classe `price`),
# `a.category-link` (les `<a>` de classe `category-link`), `article.product h2` (un `h2`
# **à l'intérieur** d'un `article.product`), `a[rel=next]` (un `<a>` dont l'attribut `rel`
# vaut `next`).

# %%
soup = BeautifulSoup(reponse.text, "lxml")
rayons = {a.get_text(strip=True): urljoin(BASE_URL, a["href"]) for a in soup.select("a.category-link")}
rayons

# %% [markdown]
# Les liens du site sont **relatifs** (`/categorie/boissons`) : `urljoin(BASE_URL, href)`
# les rend absolus. Regardons maintenant une carte produit de la page d'accueil, et
# surtout le texte de son prix. `repr` montre les caractères invisibles :

# %%
carte = soup.select_one("article.product")
print(carte.prettify()[:1200])
prix_texte = soup.select_one("article.product .price").get_text(strip=True)
prix_texte, repr(prix_texte)

# %% [markdown]
# Le `\xa0` est l'espace insécable. `float("3,49 €")` échoue, et un simple
# `.replace(",", ".")` ne suffit pas : il faut isoler le nombre. Les **expressions
# régulières** sont l'outil adapté. Rappels utiles du module `re` :
#
# - `re.search(motif, texte)` cherche la **première** occurrence du motif n'importe où dans
#   le texte, et renvoie `None` s'il n'y en a pas ;
# - `\d` est un chiffre, `\s` un caractère d'espacement (espaces insécables compris),
#   `[ \u00a0\u202f]` une espace ordinaire, insécable ou fine insécable ;
# - `(...)` capture un groupe, `(?:...)` groupe sans capturer, `?` rend facultatif ;
# - `(?<![\d.,])` vérifie que ce qui précède **n'est pas** un chiffre, un point ni une
#   virgule (on ne veut pas lire `49 €` dans `3.49 €`).

# %%
exemple = "Prix au kilo : 6,98\xa0€\xa0/\xa0kg"
correspondance = re.search(r"(\d+),(\d+)\s?€", exemple)
correspondance.group(0), correspondance.group(1), correspondance.group(2)

# %% [markdown]
# ### Exercice 1 — Lire un prix à la française (2 points)
#
# Écrivez une fonction `parse_price(text)` qui renvoie le **premier prix au format
# français** trouvé dans le texte, en euros, sous forme de `float`, ou `None`.
#
# Un prix au format français, c'est, dans cet ordre :
#
# - une partie entière : des chiffres, éventuellement groupés par trois avec une espace
#   (ordinaire, insécable U+00A0 ou fine insécable U+202F) comme séparateur de milliers
#   (`1 249`) ;
# - facultativement, une **virgule** suivie d'un ou deux chiffres (`,49`, `,5`) ;
# - une espace facultative (de n'importe quel type), puis le symbole `€`.
#
# La partie entière ne doit pas être précédée d'un chiffre, d'un point ou d'une virgule.
# Le texte peut contenir autre chose avant ou après le prix (`"6,98 € / kg"`,
# `"à partir de 12 €"`).
#
# Renvoyez `None` si `text` est `None` ou ne contient aucun prix dans ce format : par
# exemple `"Prix en magasin"`, `"-20 %"`, `"EUR 3.49"` ou `"3.49 €"` (le point n'est
# jamais un séparateur décimal en français).
#
# Exemples : `parse_price("3,49\xa0€")` vaut `3.49`, `parse_price("12 €")` vaut `12.0`.
#
# > **Indice** : un seul `re.search` suffit. Pour convertir, retirez les espaces du groupe
# > de la partie entière et remplacez la virgule par un point. Attention, `\s` reconnaît
# > aussi les retours à la ligne : pour les milliers, préférez la classe
# > `[ \u00a0\u202f]`.

# %% nbgrader={"grade": false, "grade_id": "ex01_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def parse_price(text: str | None) -> float | None:
    """First French-formatted euro amount in ``text`` ("1 249,50 €" -> 1249.5), else None."""
    ### BEGIN SOLUTION
    if text is None:
        return None
    match = re.search(
        r"(?<![\d.,])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,(\d{1,2}))?\s?€", text
    )
    if match is None:
        return None
    whole = re.sub(r"\D", "", match.group(1))
    return float(f"{whole}.{match.group(2) or '0'}")
    ### END SOLUTION


parse_price(prix_texte), parse_price("6,98\xa0€\xa0/\xa0kg"), parse_price("Prix en magasin")

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex01_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 1 : prix simples, espaces insécables, prix unitaire, textes sans prix, cas limites (milliers, décimales, formats étrangers)."""
assert parse_price("3,49\xa0€") == 3.49, (
    "parse_price('3,49\\xa0€') doit valoir 3.49 : l'espace avant € est insécable (\\xa0)."
)
assert parse_price("6,98\xa0€\xa0/\xa0kg") == 6.98, (
    "Un prix unitaire '… € / kg' doit donner le montant, sans tenir compte de l'unité."
)
for texte in (None, "Prix en magasin", "-20\xa0%"):
    assert parse_price(texte) is None, (
        f"parse_price({texte!r}) doit renvoyer None : ce texte ne contient aucun prix."
    )
assert isinstance(parse_price("12 €"), float), "parse_price doit renvoyer un float (ou None)."
### BEGIN HIDDEN TESTS
_cases = {
    "3,49 €": 3.49,
    "  3,49\xa0€\n": 3.49,
    "3,49€": 3.49,
    "12 €": 12.0,
    "12\xa0€": 12.0,
    "0,5 €": 0.5,
    "10,90\xa0€": 10.9,
    "1\u202f249,00\xa0€": 1249.0,
    "1 249,50 €": 1249.5,
    "12\u202f345\u202f678,09\xa0€": 12345678.09,
    "1249,00 €": 1249.0,
    "Prix : 3,49\xa0€ au lieu de 4,99\xa0€": 3.49,
    "à partir de 12 €": 12.0,
    "31,35\xa0€\n  31,35\xa0€\xa0/\xa0kg\n\n  En stock": 31.35,
    "EUR 3.49": None,
    "3.49 €": None,
    "3.49": None,
    "3,49": None,
    "": None,
    "-20\xa0%": None,
    "Rupture de stock": None,
}
for _text, _expected in _cases.items():
    _got = parse_price(_text)
    assert _got == _expected or (
        _expected is not None and _got is not None and abs(_got - _expected) < 1e-9
    ), f"parse_price({_text!r}) renvoie {_got!r} : relisez la définition d'un prix au format français."
    assert _got is None or type(_got) is float, "parse_price doit renvoyer un float ou None."
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 2 — Les règles du site : `robots.txt` et politesse
#
# Avant de lancer un robot sur un site, on lit son fichier **`robots.txt`**, toujours à la
# racine (`/robots.txt`). Il contient des **groupes** : une ou plusieurs lignes
# `User-agent` (le nom des robots concernés, `*` pour tous), suivies de règles :
#
# - `Disallow: /panier` interdit tout chemin qui **commence par** `/panier`
#   (`/panier`, `/panier?ajouter=BC-00001`, `/panier/vider`…) ;
# - `Allow: …` autorise explicitement un chemin ; `Disallow:` vide n'interdit rien ;
# - `Crawl-delay: 1` demande d'attendre une seconde entre deux requêtes ;
# - `Sitemap: …` indique le plan du site.
#
# Un robot suit le groupe qui porte **son** nom s'il existe, sinon le groupe `*`.

# %%
robots_txt = session.get(BASE_URL + "/robots.txt", timeout=10).text
print(robots_txt)

# %% [markdown]
# La bibliothèque standard sait interpréter ce fichier :
# `urllib.robotparser.RobotFileParser`. On peut lui donner l'URL du fichier
# (`set_url` puis `read()`, qui le télécharge) ou, comme ici, un texte déjà téléchargé,
# grâce à sa méthode `parse(lignes)` qui attend une **liste de lignes**. Ensuite,
# `can_fetch(user_agent, url)` dit si un robot a le droit de lire une URL.
#
# ### Le débit : ne pas surcharger le serveur
#
# Un navigateur humain demande quelques pages par minute ; un robot naïf peut en demander
# des centaines par seconde et ralentir, voire bloquer, le site pour ses vrais clients.
# Un robot poli :
#
# - respecte le `Crawl-delay` annoncé (ou, à défaut, s'impose un délai raisonnable, de
#   l'ordre d'une seconde) et ne lance pas des dizaines de requêtes en parallèle ;
# - s'identifie (`User-Agent` avec un contact) et collecte aux heures creuses ;
# - ne télécharge que ce dont il a besoin, et une seule fois.
#
# **Dans ce lab**, le site tourne sur **votre** machine, il n'a pas d'autres visiteurs, et
# attendre une seconde entre chacune des centaines de pages rendrait le lab interminable.
# Nous utilisons donc `delai_requetes` (0,02 s par défaut) au lieu du `Crawl-delay`
# annoncé. C'est acceptable **uniquement** parce que le serveur est le nôtre : sur le site
# d'un tiers, on respecte son `Crawl-delay`, et on demande l'accord du propriétaire avant
# d'aller plus vite.
#
# Attention à un piège de la bibliothèque standard : `RobotFileParser.crawl_delay(...)` ne
# comprend que les nombres **entiers**. Un `Crawl-delay: 0.5` est ignoré (la méthode
# renvoie `None`), et votre robot irait à pleine vitesse.

# %%
lecteur = RobotFileParser()
lecteur.parse(["User-agent: *", "Crawl-delay: 0.5"])
lecteur.crawl_delay("*")  # None: the decimal value is silently ignored

# %% [markdown]
# ### Exercice 2 — Lire `robots.txt` (2 points)
#
# Écrivez deux fonctions, qui reçoivent le **texte** d'un fichier `robots.txt` :
#
# 1. `allowed(url, robots_txt)` renvoie `True` si notre robot (l'agent `USER_AGENT`,
#    défini dans la mise en place) a le droit de télécharger l'URL absolue `url`,
#    `False` sinon. Utilisez `RobotFileParser`.
# 2. `crawl_delay(robots_txt)` renvoie la valeur de la **première** ligne `Crawl-delay`
#    du fichier, sous forme de `float` (en secondes), ou `None` s'il n'y en a pas. Le nom
#    de la directive ne tient pas compte de la casse (`crawl-delay: 2` compte), les espaces
#    autour de la valeur sont ignorés ; une valeur qui n'est pas un nombre compte comme
#    absente (passez à la ligne `Crawl-delay` suivante). Pour ce lab, on ne distingue pas
#    les groupes.
#
# > **Indice** : `robots_txt.splitlines()` découpe un texte en lignes. Donner directement
# > une chaîne à `parse` ne déclenche aucune erreur… mais `parse` la parcourt caractère par
# > caractère : aucune règle n'est lue et tout est autorisé.

# %% nbgrader={"grade": false, "grade_id": "ex02_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def allowed(url: str, robots_txt: str) -> bool:
    """Whether USER_AGENT may fetch ``url`` according to ``robots_txt``."""
    ### BEGIN SOLUTION
    parser = RobotFileParser()
    parser.parse(robots_txt.splitlines())
    return parser.can_fetch(USER_AGENT, url)
    ### END SOLUTION


def crawl_delay(robots_txt: str) -> float | None:
    """Value of the first valid Crawl-delay line, in seconds, else None."""
    ### BEGIN SOLUTION
    for line in robots_txt.splitlines():
        name, sep, value = line.split("#", 1)[0].partition(":")
        if sep and name.strip().lower() == "crawl-delay":
            try:
                return float(value.strip())
            except ValueError:
                continue
    return None
    ### END SOLUTION


(
    allowed(BASE_URL + "/categorie/boissons", robots_txt),
    allowed(BASE_URL + "/panier", robots_txt),
    crawl_delay(robots_txt),
)

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex02_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 2 : chemins autorisés et interdits du site, préfixes, groupe propre à notre robot, Crawl-delay décimal ou absent."""
assert allowed(BASE_URL + "/produit/exemple-bc-00001", robots_txt) is True, (
    "Les fiches produits sont autorisées par le robots.txt du site."
)
assert allowed(BASE_URL + "/panier", robots_txt) is False, (
    "/panier est interdit par le robots.txt du site : avez-vous donné une liste de lignes "
    "à RobotFileParser.parse ?"
)
assert crawl_delay("User-agent: *\nCrawl-delay: 0.5\n") == 0.5, (
    "crawl_delay doit lire les valeurs décimales (0.5 seconde)."
)
assert crawl_delay("User-agent: *\nDisallow:\n") is None, (
    "Sans ligne Crawl-delay, crawl_delay doit renvoyer None."
)
### BEGIN HIDDEN TESTS
_site_rules = [
    ("/", True),
    ("/categorie/boissons?page=2", True),
    ("/sitemap.xml", True),
    ("/panier?ajouter=BC-00001", False),
    ("/compte", False),
    ("/compte/commandes", False),
    ("/admin", False),
    ("/administration", False),
]
for _path, _ok in _site_rules:
    assert allowed(BASE_URL + _path, robots_txt) is _ok, (
        f"allowed(…{_path}) devrait valoir {_ok} : une règle Disallow s'applique à tous les "
        "chemins qui commencent par elle."
    )
_own_group = (
    "User-agent: PanierVertVeillePrix\nDisallow: /\n\nUser-agent: *\nDisallow:\n"
)
assert allowed("http://exemple.fr/produit/x", _own_group) is False, (
    "Un groupe qui porte le nom de notre robot s'applique à lui, avant le groupe *."
)
assert allowed("http://exemple.fr/produit/x", "User-agent: AutreRobot\nDisallow: /\n") is True, (
    "Un groupe qui vise un autre robot (User-agent: AutreRobot) ne s'applique pas au nôtre : "
    "interrogez RobotFileParser avec USER_AGENT."
)
assert allowed("http://exemple.fr/x", "") is True, "Un robots.txt vide n'interdit rien."
_allow_first = "User-agent: *\nAllow: /categorie/fruits\nDisallow: /categorie/\n"
assert allowed("http://exemple.fr/categorie/fruits-et-legumes", _allow_first) is True, (
    "Une règle Allow écrite avant un Disallow plus large autorise les chemins qu'elle vise : "
    "laissez RobotFileParser appliquer les règles."
)
assert allowed("http://exemple.fr/categorie/boissons", _allow_first) is False, (
    "Disallow: /categorie/ interdit les rayons que la règle Allow ne vise pas."
)
_delay_cases = {
    robots_txt: float(re.search(r"Crawl-delay:\s*(\S+)", robots_txt).group(1)),
    "User-agent: *\ncrawl-delay:   2  \n": 2.0,
    "User-agent: *\nCRAWL-DELAY: 10\nCrawl-delay: 3\n": 10.0,
    "User-agent: *\nCrawl-delay: lent\nCrawl-delay: 4\n": 4.0,
    "": None,
}
for _text, _expected in _delay_cases.items():
    assert crawl_delay(_text) == _expected, (
        f"crawl_delay({_text!r}) renvoie {crawl_delay(_text)!r} : relisez l'énoncé (casse, "
        "espaces, première valeur valide)."
    )
assert isinstance(crawl_delay("Crawl-delay: 1"), float), "crawl_delay doit renvoyer un float."
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 3 — Extraire une fiche produit
#
# Voici une fiche produit du site, et la partie utile de son HTML :

# %%
url_exemple = urljoin(BASE_URL, soup.select_one("article.product a.product-link")["href"])
html_exemple = session.get(url_exemple, timeout=10).text
fiche = BeautifulSoup(html_exemple, "lxml")
print(url_exemple)
print(fiche.select_one("nav.breadcrumb").prettify())
print(fiche.select_one("article.product-detail").prettify())

# %% [markdown]
# Ce qu'il faut retenir de la structure d'une fiche :
#
# | information | où la trouver |
# |---|---|
# | référence (SKU) | attribut `data-sku` de `article.product-detail` |
# | nom | `h1.product-name` |
# | code EAN-13 | `dd.ean` |
# | rayon | le **deuxième** lien du fil d'Ariane `nav.breadcrumb` (le premier est « Accueil ») |
# | prix payé aujourd'hui | `.price` |
# | ancien prix et remise, en promotion seulement | `del.price-old` et `.promo` (`-20 %`) |
# | prix unitaire et unité | `.unit-price` : `6,98 € / kg`, `… / L` ou `… / pièce` |
# | rupture de stock | présence de `.badge.out-of-stock` (« Rupture de stock ») |
#
# ### Les pages mal formées
#
# Trois fiches du site sont abîmées, chacune d'une façon différente :
#
# - **balises non fermées** : les `</h1>`, `</p>`, `</span>`, `</dd>`… ont disparu et la
#   page s'arrête brutalement. L'analyseur `lxml` **répare** l'arbre comme il peut : les
#   éléments sont retrouvés, mais leur texte peut déborder sur la suite de la page
#   (le texte de `.unit-price` peut contenir `En stock`, par exemple) ;
# - **prix absent** : « Prix en magasin » à la place du prix ;
# - **prix illisible** : `EUR 3.49` au lieu de `3,49 €`.
#
# Votre code ne doit jamais planter ni inventer une valeur : un champ introuvable ou
# illisible vaut `None`, et l'élément porte un **indicateur** `complet` qui dit si les
# champs indispensables ont tous été trouvés. La validation (partie 6) décidera quoi en
# faire.

# %% [markdown]
# ### Exercice 3 — Analyser une fiche produit (3 points)
#
# Écrivez une fonction `parse_product_page(html, url)` qui analyse le HTML d'une fiche
# produit avec `BeautifulSoup(html, "lxml")` et renvoie un dictionnaire avec **exactement**
# ces douze clés :
#
# | clé | type | valeur |
# |---|---|---|
# | `url` | `str` | l'argument `url`, tel quel |
# | `sku` | `str` ou `None` | l'attribut `data-sku` de `article.product-detail` |
# | `name` | `str` ou `None` | le texte de `h1.product-name`, sans espaces au début ni à la fin |
# | `ean13` | `str` ou `None` | le texte de `dd.ean`, sans espaces au début ni à la fin |
# | `category` | `str` ou `None` | le texte du deuxième lien (`a`) de `nav.breadcrumb`, sans espaces au début ni à la fin |
# | `price_eur` | `float` ou `None` | `parse_price` du texte de `.price` |
# | `old_price_eur` | `float` ou `None` | `parse_price` du texte de `del.price-old` ; `None` hors promotion |
# | `discount_pct` | `int` ou `None` | la remise de `.promo`, **positive** (`"-20 %"` → `20`) ; `None` hors promotion |
# | `unit_price_eur` | `float` ou `None` | `parse_price` du texte de `.unit-price` |
# | `unit` | `str` ou `None` | l'unité écrite **après la barre oblique** `/` dans `.unit-price`, sans espaces (`"kg"`, `"L"` ou `"pièce"`), `None` sans `.unit-price` ou sans `/` |
# | `in_stock` | `bool` | `False` si la page contient `.badge.out-of-stock`, `True` sinon |
# | `complet` | `bool` | `True` si aucun de `sku`, `name`, `ean13`, `category`, `price_eur`, `unit_price_eur`, `unit` ne vaut `None` |
#
# Cherchez les éléments **dans** `article.product-detail` (sauf le fil d'Ariane, qui est
# en dehors). La fonction ne doit **jamais** lever d'exception, même sur une page vide ou
# qui n'est pas une fiche produit : les champs introuvables valent alors `None` (et
# `in_stock` vaut `True`).
#
# > **Indice** : écrivez une petite fonction `text_of(parent, selector)` qui renvoie le
# > texte nettoyé du premier élément trouvé, ou `None` ; elle évite dix fois le même `if`.
# > Pour l'unité, une expression régulière comme `/\s*(\w+)` isole le mot qui suit la
# > barre oblique. Sur une page aux balises non fermées, le texte de `.unit-price` peut
# > continuer après l'unité : ne cherchez pas à tout réparer, la validation de la
# > partie 6 s'en chargera.

# %% nbgrader={"grade": false, "grade_id": "ex03_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def parse_product_page(html: str, url: str) -> dict:
    """The twelve fields of a product page; None for what cannot be found or read."""
    ### BEGIN SOLUTION
    soup = BeautifulSoup(html or "", "lxml")
    article = soup.select_one("article.product-detail")

    def text_of(selector):
        element = article.select_one(selector) if article is not None else None
        return element.get_text(strip=True) if element is not None else None

    crumbs = soup.select("nav.breadcrumb a")
    promo = text_of(".promo")
    discount = re.search(r"(\d+)", promo) if promo else None
    unit_text = text_of(".unit-price")
    unit = re.search(r"/\s*(\w+)", unit_text) if unit_text else None
    item = {
        "url": url,
        "sku": article.get("data-sku") if article is not None else None,
        "name": text_of("h1.product-name"),
        "ean13": text_of("dd.ean"),
        "category": crumbs[1].get_text(strip=True) if len(crumbs) > 1 else None,
        "price_eur": parse_price(text_of(".price")),
        "old_price_eur": parse_price(text_of("del.price-old")),
        "discount_pct": int(discount.group(1)) if discount else None,
        "unit_price_eur": parse_price(unit_text),
        "unit": unit.group(1) if unit else None,
        "in_stock": article is None or article.select_one(".badge.out-of-stock") is None,
    }
    required = ("sku", "name", "ean13", "category", "price_eur", "unit_price_eur", "unit")
    item["complet"] = all(item[key] is not None for key in required)
    return item
    ### END SOLUTION


parse_product_page(html_exemple, url_exemple)

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex03_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 3 : les douze clés et leurs types, une promotion en rupture de stock, une page qui n'est pas une fiche, toutes les fiches du site comparées à la vérité terrain (pages mal formées comprises)."""
_item = parse_product_page(html_exemple, url_exemple)
assert isinstance(_item, dict), "parse_product_page doit renvoyer un dictionnaire."
assert set(_item) == set(ITEM_KEYS) | {"complet"}, (
    f"Clés attendues : {sorted(set(ITEM_KEYS) | {'complet'})} ; vous renvoyez {sorted(_item)}."
)
assert _item["url"] == url_exemple, "La clé 'url' doit contenir l'argument url, tel quel."
assert _item["price_eur"] is None or isinstance(_item["price_eur"], float), (
    "price_eur doit être un float ou None (utilisez parse_price)."
)
assert isinstance(_item["in_stock"], bool), "in_stock doit être un booléen."
_promo_html = """
<nav class="breadcrumb"><a href="/">Accueil</a> ›
  <a href="/categorie/cremerie">Crèmerie</a> › <span>Comté</span></nav>
<article class="product product-detail" data-sku="BC-09999">
  <h1 class="product-name">  Comté AOP 24 mois </h1>
  <dl><dt>EAN</dt><dd class="ean"> 3370000000018 </dd></dl>
  <div class="price-box"><del class="price-old">1\u202f249,00\xa0€</del>
  <span class="promo">-20\xa0%</span> <span class="price">999,20\xa0€</span>
  <span class="unit-price">999,20\xa0€\xa0/\xa0pièce</span></div>
  <span class="badge out-of-stock">Rupture de stock</span>
</article>"""
_promo = parse_product_page(_promo_html, "http://exemple.fr/produit/comte-bc-09999")
assert _promo["in_stock"] is False, "Un produit affiché « Rupture de stock » a in_stock = False."
assert _promo["discount_pct"] == 20, (
    f"La remise '-20 %' doit donner discount_pct = 20 (un entier positif), pas {_promo['discount_pct']!r}."
)
assert _promo["complet"] is True, (
    "Cette fiche a tous les champs indispensables : 'complet' devrait valoir True."
)
### BEGIN HIDDEN TESTS
assert _promo == {
    "url": "http://exemple.fr/produit/comte-bc-09999", "sku": "BC-09999",
    "name": "Comté AOP 24 mois", "ean13": "3370000000018", "category": "Crèmerie",
    "price_eur": 999.2, "old_price_eur": 1249.0, "discount_pct": 20,
    "unit_price_eur": 999.2, "unit": "pièce", "in_stock": False, "complet": True,
}, f"Fiche en promotion mal analysée : {_promo}"
for _junk in ("", "<html><body><p>Erreur 500</p></body></html>"):
    _empty = parse_product_page(_junk, "http://exemple.fr/x")
    assert set(_empty) == set(ITEM_KEYS) | {"complet"}, "Mêmes douze clés pour toute page."
    assert _empty["complet"] is False and _empty["sku"] is None and _empty["price_eur"] is None, (
        f"Une page qui n'est pas une fiche produit donne des champs None : {_empty}"
    )
    assert _empty["in_stock"] is True and _empty["url"] == "http://exemple.fr/x", (
        "Sans badge « Rupture de stock », in_stock vaut True."
    )
from labkit.services.website import ground_truth as _ground_truth
from labkit.datasets import paniervert as _pv

_truth = _ground_truth({"products": _pv.load("products", scale, seed)}, seed)
_pages = reference_pages()
for _expected in _truth["items"]:
    _url = BASE_URL + _expected["url"]
    _got = parse_product_page(_pages[_url], _url)
    assert _got == {**_expected, "url": _url, "complet": True}, (
        f"Fiche {_expected['sku']} mal analysée : {_got}"
    )
for _bad in _truth["malformed"]:
    _url = BASE_URL + _bad["url"]
    _got = parse_product_page(_pages[_url], _url)
    assert _got["sku"] == _bad["sku"], f"Référence de la fiche mal formée {_bad['sku']} non lue."
    if _bad["kind"] in ("missing_price", "price_format"):
        assert _got["price_eur"] is None and _got["unit_price_eur"] is None, (
            f"La fiche {_bad['sku']} n'a pas de prix lisible : price_eur doit valoir None."
        )
        assert _got["complet"] is False, (
            f"La fiche {_bad['sku']} n'a pas de prix lisible : complet doit valoir False."
        )
### END HIDDEN TESTS

# %% [markdown]
# ---
# ## Partie 4 — Suivre la pagination
#
# Un rayon compte plus de produits qu'une page n'en affiche (12). Chaque page de rayon
# annonce la suivante de deux façons : une balise `<link rel="next">` dans l'en-tête et
# un lien `<a rel="next">` dans `nav.pagination`. La **dernière** page n'a pas de lien
# `next` : c'est le signal d'arrêt.
#
# Deux mauvaises idées à éviter :
#
# - **deviner** les numéros de page (`?page=1`, `?page=2`… jusqu'à l'erreur) : on fait
#   une requête inutile, on compte sur un 404 qui n'est pas garanti (certains sites
#   renvoient la dernière page, ou une page vide), et on casse dès que le site change son
#   schéma d'URL ;
# - oublier de **temporiser** : une boucle sans pause enchaîne les requêtes aussi vite que
#   le serveur répond.

# %%
page_rayon = BeautifulSoup(session.get(rayons[next(iter(rayons))], timeout=10).text, "lxml")
print(page_rayon.select_one("nav.pagination").prettify())
len(page_rayon.select("article.product")), page_rayon.select_one("p.count").get_text()

# %% [markdown]
# ### Exercice 4 — Toutes les fiches d'un rayon (2 points)
#
# Écrivez une fonction `product_urls(category_url, session)` qui renvoie la liste des
# **URL absolues** des fiches produits d'un rayon, toutes pages comprises :
#
# - commencez par `category_url` (la première page du rayon) ;
# - sur chaque page, prenez les liens `a.product-link` des cartes, dans l'ordre de la
#   page, et rendez-les absolus avec `urljoin` ;
# - passez à la page désignée par le lien `a[rel=next]` (lui aussi relatif), jusqu'à ce
#   qu'il n'y en ait plus ; ne demandez jamais une page qui n'existe pas ;
# - faites toutes les requêtes avec la `session` reçue en paramètre (`session.get(url,
#   timeout=10)`), vérifiez le statut (`raise_for_status()`) et attendez `delai_requetes`
#   secondes (`time.sleep`) entre deux pages ;
# - chaque page n'est téléchargée qu'une fois ; la liste ne contient pas de doublon.
#
# > **Indice** : une boucle `while url is not None:` avec `url = … if lien else None` à la
# > fin du tour.

# %% nbgrader={"grade": false, "grade_id": "ex04_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def product_urls(category_url: str, session: requests.Session) -> list[str]:
    """Absolute URLs of every product of a category, following rel=next links."""
    ### BEGIN SOLUTION
    urls: list[str] = []
    page_url = category_url
    while page_url is not None:
        response = session.get(page_url, timeout=10)
        response.raise_for_status()
        page = BeautifulSoup(response.text, "lxml")
        for link in page.select("article.product a.product-link"):
            url = urljoin(page_url, link["href"])
            if url not in urls:
                urls.append(url)
        next_link = page.select_one("a[rel=next]")
        page_url = urljoin(page_url, next_link["href"]) if next_link else None
        if page_url is not None:
            time.sleep(delai_requetes)
    return urls
    ### END SOLUTION


urls_rayon = product_urls(rayons[next(iter(rayons))], session)
len(urls_rayon), urls_rayon[:3]

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex04_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 4 : URL absolues de fiches produits, sans doublon, toutes les pages d'un rayon lues une fois et dans l'ordre, aucune page inexistante demandée."""
_slug = "boucherie-et-charcuterie"
_recorder = checks.RecordingSession(USER_AGENT)
_urls = product_urls(f"{BASE_URL}/categorie/{_slug}", _recorder)
assert isinstance(_urls, list) and _urls, "product_urls doit renvoyer une liste non vide."
assert all(isinstance(u, str) and u.startswith(BASE_URL + "/produit/") for u in _urls), (
    "Chaque élément doit être l'URL absolue d'une fiche produit : pensez à urljoin."
)
assert len(_urls) == len(set(_urls)), "La liste contient des doublons."
assert all(r.status_code == 200 for r in _recorder.log), (
    "Vous avez demandé une page qui n'existe pas (404) : suivez le lien rel=next au lieu "
    "de deviner les numéros de page."
)
assert len(_urls) > 12, (
    "Vous n'avez lu que la première page du rayon : suivez le lien a[rel=next]."
)
### BEGIN HIDDEN TESTS
from labkit.services.website import ground_truth as _ground_truth
from labkit.datasets import paniervert as _pv

_truth = _ground_truth({"products": _pv.load("products", scale, seed)}, seed)
_bad_urls = {BASE_URL + b["url"] for b in _truth["malformed"]}
for _slug in ("boucherie-et-charcuterie", "fruits-et-legumes"):
    _recorder = checks.RecordingSession(USER_AGENT)
    _urls = product_urls(f"{BASE_URL}/categorie/{_slug}", _recorder)
    _first = BeautifulSoup(_recorder.log[0].text, "lxml")
    _name = _first.select_one("h1.category-title").get_text(strip=True)
    _count = int(re.search(r"\d+", _first.select_one("p.count").get_text()).group())
    _expected = {BASE_URL + i["url"] for i in _truth["items"] if i["category"] == _name}
    assert len(_urls) == _count, f"Rayon {_slug} : {len(_urls)} fiches au lieu de toutes."
    assert set(_urls) - _bad_urls == _expected, f"Rayon {_slug} : fiches incorrectes."
    _skus = [u.rsplit("-bc-", 1)[1] for u in _urls]
    assert _skus == sorted(_skus), "Les URL doivent suivre l'ordre des pages."
    _pages_seen = [r.url for r in _recorder.log]
    assert len(_pages_seen) == len(set(_pages_seen)) == -(-_count // 12), (
        "Chaque page du rayon doit être téléchargée exactement une fois."
    )
    assert all(urlparse(p).path == f"/categorie/{_slug}" for p in _pages_seen), (
        "product_urls ne doit télécharger que les pages du rayon, pas les fiches produits."
    )
### END HIDDEN TESTS

# %% [markdown]
# Avec `requests` et BeautifulSoup, vous contrôlez tout, mais tout est à écrire : la file
# des pages à visiter, les doublons, le délai, les erreurs, les reprises. Pour un site
# entier, un **framework** de scraping le fait pour vous.

# %% [markdown]
# ---
# ## Partie 5 — Tout le site avec Scrapy, dans un sous-processus
#
# [Scrapy](https://docs.scrapy.org/) est le framework de scraping de référence en Python.
# Vous écrivez un **spider** : une classe qui dit où commencer (`start_urls`) et, pour
# chaque réponse, quoi extraire (`yield {...}`, un **item**) et quels liens suivre
# (`yield response.follow(lien, callback=...)`). Scrapy s'occupe du reste :
#
# - une file de requêtes **asynchrone** et un filtre qui ne visite jamais deux fois la
#   même URL ;
# - `ROBOTSTXT_OBEY = True` : Scrapy télécharge `robots.txt` et refuse les URL
#   interdites (elles apparaissent dans le journal avec `Forbidden by robots.txt`) ;
# - `DOWNLOAD_DELAY` : le délai entre deux requêtes au même site. **Scrapy ignore le
#   `Crawl-delay`** du `robots.txt` : c'est à vous de reporter sa valeur ici (ou
#   d'activer `AUTOTHROTTLE_ENABLED`, qui adapte le délai à la vitesse du serveur) ;
# - des sélecteurs intégrés : `response.css("a.category-link::attr(href)").getall()`
#   (tous les attributs `href`), `response.css("h1::text").get()` (le premier texte, ou
#   `None`) ;
# - l'export des items en JSON lines (`-O fichier.jsonl`) et des **statistiques** en fin
#   de journal.
#
# ### Pourquoi un sous-processus ?
#
# Scrapy repose sur **Twisted**, dont la boucle d'événements (le *reactor*) ne peut
# démarrer qu'**une fois** par processus Python : un second lancement dans le même noyau
# Jupyter échoue (`ReactorNotRestartable`). On lance donc chaque exécution dans un
# **processus séparé**, exactement comme le ferait une tâche planifiée en production
# (cron, Airflow…) : `python -m scrapy runspider spider.py -O sortie.jsonl`. Le journal de
# Scrapy, très bavard, part dans un **fichier** et non dans le notebook.
#
# La fonction `run_spider(fichier_spider, fichier_sortie, fichier_journal)`, définie dans
# la mise en place, fait ce lancement :
#
# ```python
# command = [
#     sys.executable, "-m", "scrapy", "runspider", str(spider_file),
#     "-O", str(output_file),          # JSON lines, the file is overwritten
#     "-a", f"base_url={base_url}",    # argument given to the spider's __init__
#     "-s", f"USER_AGENT={USER_AGENT}",
#     "-s", f"DOWNLOAD_DELAY={delai_requetes}",
#     "-s", "LOG_LEVEL=INFO",
#     "-s", "TELNETCONSOLE_ENABLED=False",
# ]
# with open(log_file, "w", encoding="utf-8") as log:
#     return subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, timeout=900)
# ```
#
# `sys.executable` est le Python du noyau : le sous-processus utilise le même
# environnement. Le code de retour (`returncode`) vaut `0` si tout s'est bien passé.
#
# Voici un petit spider de démonstration, qui ne lit que la page d'accueil et rapporte les
# rayons. Le notebook l'écrit dans un fichier, puis le lance :

# %%
code_demo = '''
import scrapy


class MenuSpider(scrapy.Spider):
    name = "menu"
    custom_settings = {"ROBOTSTXT_OBEY": True}

    def __init__(self, base_url, **kwargs):
        super().__init__(**kwargs)
        self.start_urls = [base_url.rstrip("/") + "/"]

    def parse(self, response):
        for link in response.css("a.category-link"):
            yield {
                "rayon": link.css("::text").get(),
                "url": response.urljoin(link.attrib["href"]),
            }
'''
(SORTIE / "demo_spider.py").write_text(code_demo, encoding="utf-8")
resultat = run_spider(SORTIE / "demo_spider.py", SORTIE / "demo.jsonl", SORTIE / "demo.log")
resultat.returncode, read_jsonl(SORTIE / "demo.jsonl")[:3]

# %% [markdown]
# Le journal raconte l'exécution ; ses dernières lignes contiennent les statistiques
# (`downloader/request_count`, `item_scraped_count`, `robotstxt/request_count`…) :

# %%
print("".join((SORTIE / "demo.log").read_text(encoding="utf-8").splitlines(True)[-25:]))

# %% [markdown]
# ### Exercice 5 — Le spider du site entier (3 points)
#
# Écrivez dans la chaîne `code_spider` le code complet d'un spider Scrapy qui parcourt
# tout le catalogue de Bio&Co Marché. Il sera lancé avec `run_spider`, qui lui passe
# l'argument `base_url` et fixe `USER_AGENT` et `DOWNLOAD_DELAY`.
#
# - Une classe qui hérite de `scrapy.Spider`, avec `name = "bioco"` et
#   `custom_settings = {"ROBOTSTXT_OBEY": True}`.
# - Un `__init__(self, base_url, **kwargs)` comme celui de la démonstration : la visite
#   commence à la page d'accueil.
# - Sur l'accueil : suivez chaque lien de rayon `a.category-link`.
# - Sur une page de rayon : suivez chaque lien de fiche `a.product-link`, **et** le lien
#   de la page suivante `a[rel=next]` s'il existe.
# - Sur une fiche produit : produisez **un** item, le dictionnaire
#   `{"url": response.url, "sku": <attribut data-sku de article.product-detail>,
#   "html": response.text}`.
#
# On garde la page **brute** (`html`) plutôt que de l'analyser dans le spider : c'est le
# principe de la zone brute de la leçon C8. Si les sélecteurs changent ou si une règle
# d'analyse était fausse, on ré-analyse les pages sans retourner sur le site. Et on
# réutilise votre `parse_product_page`, déjà testée.
#
# Le test lance votre spider, puis vérifie dans le journal du **serveur** qu'il a lu
# `robots.txt`, qu'il n'a visité aucune page interdite, et qu'il a rapporté chaque fiche
# produit du site une fois et une seule.
#
# > **Indice** : utilisez une méthode de rappel (*callback*) par type de page :
# > `parse` (l'accueil), `parse_category`, `parse_product`. Ne suivez pas **tous** les
# > liens `a` : chaque page contient des liens vers `/panier`, `/compte` et `/admin`.
# > Si le test échoue, lisez le journal `sortie/spider_test.log` (erreurs Python de votre
# > spider, statistiques).

# %% nbgrader={"grade": false, "grade_id": "ex05_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
code_spider = '''
import scrapy


class BioCoSpider(scrapy.Spider):
    name = "bioco"
    custom_settings = {"ROBOTSTXT_OBEY": True}

    def __init__(self, base_url, **kwargs):
        super().__init__(**kwargs)
        self.start_urls = [base_url.rstrip("/") + "/"]

    def parse(self, response):
        for href in response.css("a.category-link::attr(href)").getall():
            yield response.follow(href, callback=self.parse_category)

    def parse_category(self, response):
        for href in response.css("article.product a.product-link::attr(href)").getall():
            yield response.follow(href, callback=self.parse_product)
        next_page = response.css("a[rel=next]::attr(href)").get()
        if next_page:
            yield response.follow(next_page, callback=self.parse_category)

    def parse_product(self, response):
        yield {
            "url": response.url,
            "sku": response.css("article.product-detail::attr(data-sku)").get(),
            "html": response.text,
        }
'''
### END SOLUTION
(SORTIE / "spider.py").write_text(code_spider, encoding="utf-8")
debut = time.perf_counter()
resultat = run_spider(SORTIE / "spider.py", SORTIE / "pages.jsonl", SORTIE / "spider.log")
pages = read_jsonl(SORTIE / "pages.jsonl") if resultat.returncode == 0 else []
resultat.returncode, len(pages), f"{time.perf_counter() - debut:.1f} s"

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex05_test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Exercice 5 : le spider tourne sans erreur, lit robots.txt, ne visite aucune page interdite, rapporte chaque fiche produit une fois avec sa référence."""
assert isinstance(code_spider, str) and "scrapy.Spider" in code_spider, (
    "code_spider doit contenir le code d'une classe qui hérite de scrapy.Spider."
)
(SORTIE / "spider_test.py").write_text(code_spider, encoding="utf-8")
_offset = site_log_offset()
_run = run_spider(
    SORTIE / "spider_test.py", SORTIE / "pages_test.jsonl", SORTIE / "spider_test.log"
)
assert _run.returncode == 0, (
    "Le spider s'est terminé en erreur : lisez sortie/spider_test.log (les erreurs Python "
    "sont à la fin)."
)
_requested = site_paths_since(_offset)
assert "/robots.txt" in _requested, (
    "Le spider n'a pas lu robots.txt : activez ROBOTSTXT_OBEY dans custom_settings."
)
_forbidden = sorted({p for p in _requested if p.startswith(("/panier", "/compte", "/admin"))})
assert not _forbidden, (
    f"Le spider a visité des pages interdites par robots.txt : {_forbidden[:3]}."
)
_items = read_jsonl(SORTIE / "pages_test.jsonl")
assert _items, "Le spider n'a produit aucun item : suivez les rayons puis les fiches."
assert all({"url", "sku", "html"} <= set(i) for i in _items), (
    "Chaque item doit avoir les clés 'url', 'sku' et 'html'."
)
_paths = [urlparse(i["url"]).path for i in _items]
assert all(p.startswith("/produit/") for p in _paths), (
    "Seules les fiches produits (/produit/…) doivent produire un item."
)
assert len(_paths) == len(set(_paths)), "Une même fiche a produit plusieurs items."
### BEGIN HIDDEN TESTS
from labkit.services.website import ground_truth as _ground_truth
from labkit.datasets import paniervert as _pv

_truth = _ground_truth({"products": _pv.load("products", scale, seed)}, seed)
_expected = {i["url"]: i["sku"] for i in _truth["items"] + _truth["malformed"]}
assert set(_paths) == set(_expected), (
    f"Le spider a rapporté {len(set(_paths))} fiches : il en manque, suivez a[rel=next]."
)
for _i in _items:
    assert _i["sku"] == _expected[urlparse(_i["url"]).path], (
        f"Référence fausse pour {_i['url']} : lisez l'attribut data-sku de article.product-detail."
    )
    assert f'data-sku="{_i["sku"]}"' in _i["html"], "La clé 'html' doit contenir la page."
### END HIDDEN TESTS

# %% [markdown]
# Ouvrez `sortie/spider.log` : combien de requêtes le spider a-t-il faites
# (`downloader/request_count`) ? Combien de pages ont été refusées par `robots.txt`
# (`robotstxt/forbidden`, absent si votre spider ne suit jamais de lien interdit) ?
# Avec le `Crawl-delay` de 1 seconde annoncé par le site, combien de temps aurait duré
# cette collecte ?

# %% [markdown]
# ---
# ## Partie 6 — Valider et livrer
#
# Le spider a déposé les pages brutes. Reste à les **analyser**, à **valider** chaque
# élément et à **livrer** un fichier propre à l'équipe tarifaire, sans perdre la trace de
# ce qui a été écarté.
#
# Valider, c'est vérifier des règles simples et explicites avant qu'une donnée n'entre
# dans le système. Chaque règle attrape un type de défaut : une page mal formée, un
# changement de mise en page du site, une erreur de votre propre code. Un élément
# **rejeté** n'est pas jeté : il part dans un fichier de rejets avec son **motif**, que
# quelqu'un pourra examiner.
#
# Le **code EAN-13** contient sa propre clé de contrôle, le 13ᵉ chiffre : on multiplie les
# 12 premiers chiffres alternativement par 1 et par 3 (1 pour le premier, 3 pour le
# deuxième, etc.), on fait la somme `s`, et la clé vaut `(10 - s % 10) % 10`. Une erreur
# de lecture d'un seul chiffre est ainsi toujours détectée.

# %%
ean = "4006381333931"
s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(ean[:12]))
(10 - s % 10) % 10, ean[12]

# %% [markdown]
# ### Exercice 6 — Valider les éléments extraits (2 points)
#
# Écrivez une fonction `validate_items(items)` qui reçoit une liste de dictionnaires
# renvoyés par `parse_product_page` et renvoie un couple `(valides, rejets)` :
#
# - `valides` : la liste des éléments qui respectent **toutes** les règles ci-dessous,
#   convertis en `ProduitConcurrent` (la classe définie dans la mise en place : ses onze
#   champs sont les clés de `parse_product_page`, sans `complet`), dans l'ordre reçu ;
# - `rejets` : pour chaque autre élément, dans l'ordre reçu, un dictionnaire
#   `{"url": <l'url de l'élément>, "motif": <une phrase non vide en français>}` qui dit
#   quelle règle n'est pas respectée.
#
# Les règles :
#
# 1. `complet` vaut `True` ;
# 2. `sku` est `"BC-"` suivi de cinq chiffres exactement ;
# 3. `name` est une chaîne non vide ;
# 4. `ean13` est une chaîne de 13 chiffres dont la clé de contrôle est juste ;
# 5. `price_eur` et `unit_price_eur` sont des nombres (`int` ou `float`, pas `bool`)
#    strictement positifs ;
# 6. `unit` vaut `"kg"`, `"L"` ou `"pièce"` ;
# 7. `in_stock` est un booléen ;
# 8. promotion cohérente : `old_price_eur` et `discount_pct` sont **tous deux** `None`, ou
#    tous deux renseignés, et dans ce cas `old_price_eur > price_eur`,
#    `0 < discount_pct < 100` et
#    `abs(price_eur - old_price_eur * (1 - discount_pct / 100)) <= 0.01`.
#
# > **Indice** : une fonction `rejection_reason(item)` qui renvoie le motif de la première
# > règle non respectée, ou `None`, rend `validate_items` très courte.

# %% nbgrader={"grade": false, "grade_id": "ex06_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def validate_items(items: list[dict]) -> tuple[list[ProduitConcurrent], list[dict]]:
    """Split parsed items into valid ProduitConcurrent and rejections with a reason."""
    ### BEGIN SOLUTION
    def is_amount(value) -> bool:
        return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0

    def ean_ok(ean) -> bool:
        if not (isinstance(ean, str) and re.fullmatch(r"\d{13}", ean)):
            return False
        total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(ean[:12]))
        return (10 - total % 10) % 10 == int(ean[12])

    def rejection_reason(item: dict) -> str | None:
        if item.get("complet") is not True:
            return "fiche incomplète (champ introuvable ou illisible)"
        if not (isinstance(item["sku"], str) and re.fullmatch(r"BC-\d{5}", item["sku"])):
            return "référence (sku) invalide"
        if not (isinstance(item["name"], str) and item["name"]):
            return "nom vide"
        if not ean_ok(item["ean13"]):
            return "code EAN-13 invalide"
        if not (is_amount(item["price_eur"]) and is_amount(item["unit_price_eur"])):
            return "prix ou prix unitaire invalide"
        if item["unit"] not in ("kg", "L", "pièce"):
            return "unité inconnue"
        if not isinstance(item["in_stock"], bool):
            return "indicateur de stock invalide"
        old, pct = item["old_price_eur"], item["discount_pct"]
        if (old is None) != (pct is None):
            return "promotion incomplète"
        if old is not None and not (
            old > item["price_eur"]
            and 0 < pct < 100
            and abs(item["price_eur"] - old * (1 - pct / 100)) <= 0.01
        ):
            return "promotion incohérente"
        return None

    valid, rejected = [], []
    for item in items:
        reason = rejection_reason(item)
        if reason is None:
            valid.append(ProduitConcurrent(**{key: item[key] for key in ITEM_KEYS}))
        else:
            rejected.append({"url": item.get("url"), "motif": reason})
    return valid, rejected
    ### END SOLUTION


elements = [parse_product_page(p["html"], p["url"]) for p in pages]
valides, rejets = validate_items(elements)
len(valides), rejets

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex06_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 6 : un élément valide devient un ProduitConcurrent, chaque règle rejette l'élément fautif avec un motif, l'ordre est conservé, les éléments du site sont bien triés."""
_good = {
    "url": "http://exemple.fr/produit/comte-bc-09999", "sku": "BC-09999",
    "name": "Comté AOP 24 mois", "ean13": "3370000000018", "category": "Crèmerie",
    "price_eur": 999.2, "old_price_eur": 1249.0, "discount_pct": 20,
    "unit_price_eur": 999.2, "unit": "pièce", "in_stock": False, "complet": True,
}
_valid, _rejected = validate_items([_good])
assert isinstance(_valid, list) and isinstance(_rejected, list), (
    "validate_items doit renvoyer un couple de deux listes (valides, rejets)."
)
assert len(_valid) == 1 and not _rejected, "Cet élément respecte toutes les règles : il est valide."
assert isinstance(_valid[0], ProduitConcurrent), "Les éléments valides sont des ProduitConcurrent."
_valid, _rejected = validate_items([{**_good, "complet": False, "price_eur": None}])
assert not _valid and len(_rejected) == 1, "Un élément incomplet doit être rejeté."
assert set(_rejected[0]) == {"url", "motif"} and _rejected[0]["url"] == _good["url"], (
    "Un rejet est un dictionnaire {'url': ..., 'motif': ...}."
)
assert isinstance(_rejected[0]["motif"], str) and _rejected[0]["motif"].strip(), (
    "Le motif d'un rejet est une phrase non vide."
)
### BEGIN HIDDEN TESTS
_no_promo = {**_good, "old_price_eur": None, "discount_pct": None, "in_stock": True}
_bad_variants = [
    {**_good, "sku": "BC-123"},
    {**_good, "sku": "XX-09999"},
    {**_good, "sku": "BC-099999"},
    {**_good, "name": ""},
    {**_good, "ean13": "3370000000017"},
    {**_good, "ean13": "337000000001"},
    {**_good, "ean13": "337000000001A"},
    {**_good, "price_eur": 0.0, "old_price_eur": None, "discount_pct": None},
    {**_no_promo, "price_eur": -1.0},
    {**_no_promo, "unit_price_eur": 0},
    {**_no_promo, "price_eur": True},
    {**_good, "unit": "kg\n\n  En"},
    {**_good, "unit": "litre"},
    {**_good, "in_stock": "oui"},
    {**_good, "discount_pct": None},
    {**_good, "old_price_eur": None},
    {**_good, "old_price_eur": 900.0},
    {**_good, "discount_pct": 30},
    {**_good, "discount_pct": 0, "old_price_eur": 999.2},
    {**_good, "complet": False},
]
_mixed = []
for _k, _bad in enumerate(_bad_variants):
    _mixed += [{**_no_promo, "url": f"ok{_k}"}, {**_bad, "url": f"ko{_k}"}]
_valid, _rejected = validate_items(_mixed)
_valid_urls = [v.url for v in _valid]
for _k, _bad in enumerate(_bad_variants):
    _changed = {key: value for key, value in _bad.items() if _good.get(key, object()) != value}
    assert f"ko{_k}" not in _valid_urls, (
        f"Cet élément aurait dû être rejeté : il diffère de l'élément correct _good (test visible) par "
        f"{_changed!r}. Relisez les règles de l'énoncé."
    )
_wrongly_rejected = [r for r in _rejected if r.get("url", "").startswith("ok")]
assert not _wrongly_rejected, (
    f"Un élément correct (sans promotion, en stock) a été rejeté avec le motif "
    f"{_wrongly_rejected[0].get('motif')!r} : une de vos règles est trop stricte."
)
assert [v.url for v in _valid] == [f"ok{k}" for k in range(len(_bad_variants))], (
    f"Éléments valides attendus ok0, ok1… ; obtenus {[v.url for v in _valid]}"
)
assert [r["url"] for r in _rejected] == [f"ko{k}" for k in range(len(_bad_variants))], (
    f"Rejets attendus ko0, ko1…, dans l'ordre reçu ; obtenus {[r['url'] for r in _rejected]}"
)
assert all(isinstance(r["motif"], str) and r["motif"].strip() for r in _rejected), (
    "Chaque rejet doit avoir un motif : une phrase non vide."
)
_v, _r = validate_items([{**_good, "price_eur": 999.205}, {**_good, "unit": "L"}])
assert len(_v) == 2 and not _r, "Tolérance de 0,01 € sur le prix remisé ; L est une unité valide."
from labkit.services.website import ground_truth as _ground_truth
from labkit.datasets import paniervert as _pv

_truth = _ground_truth({"products": _pv.load("products", scale, seed)}, seed)
_valid, _rejected = validate_items([{**i, "complet": True} for i in _truth["items"]])
assert not _rejected, f"Des éléments corrects du site sont rejetés : {_rejected[:3]}"
assert [asdict(v) for v in _valid] == _truth["items"], (
    "Les éléments valides du site ne ressortent pas à l'identique, dans l'ordre reçu : "
    "chaque ProduitConcurrent garde les onze valeurs de l'élément, sans conversion."
)
### END HIDDEN TESTS

# %% [markdown]
# ### Exercice 7 — Livrer en JSON lines (2 points)
#
# Le format **JSON lines** (`.jsonl`) met un objet JSON par ligne : on peut l'écrire au fil
# de l'eau, le lire ligne à ligne sans tout charger, et une ligne abîmée n'empêche pas de
# lire les autres. C'est le format de sortie de Scrapy et un format courant de zone brute.
#
# Écrivez une fonction `export_jsonl(fichier_pages, fichier_valides, fichier_rejets)` qui
# enchaîne les étapes de la collecte :
#
# 1. lire `fichier_pages`, au format du spider (une ligne JSON par page, avec les clés
#    `url`, `sku` et `html`). Une ligne vide est ignorée ; une ligne qui n'est **pas du
#    JSON valide** (fichier tronqué, par exemple) ne doit pas faire planter la fonction :
#    elle produit un rejet `{"url": None, "motif": …}` ;
# 2. analyser chaque page avec `parse_product_page(page["html"], page["url"])`, puis
#    valider tous les éléments avec `validate_items` ;
# 3. écrire dans `fichier_valides` un objet JSON par élément valide (les onze champs de
#    `ProduitConcurrent` : `dataclasses.asdict`), **triés par `sku` croissant** ;
# 4. écrire dans `fichier_rejets` un objet `{"url", "motif"}` par rejet : d'abord les
#    lignes illisibles, dans l'ordre du fichier, puis les rejets de `validate_items` ;
# 5. renvoyer le couple `(nombre de valides, nombre de rejets)`.
#
# Écrivez les fichiers en UTF-8 avec `json.dumps(objet, ensure_ascii=False)` (les accents
# restent lisibles : `"Crèmerie"` plutôt que `"Cr\u00e8merie"`), une ligne par objet.
#
# > **Indice** : `with open(chemin, "w", encoding="utf-8") as f:` puis
# > `f.write(json.dumps(obj, ensure_ascii=False) + "\n")`. Pour intercepter une ligne
# > illisible : `try: json.loads(ligne) except json.JSONDecodeError: ...`.

# %% nbgrader={"grade": false, "grade_id": "ex07_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def export_jsonl(fichier_pages, fichier_valides, fichier_rejets) -> tuple[int, int]:
    """Parse and validate the spider's pages; write valid items and rejections as JSON lines."""
    ### BEGIN SOLUTION
    parsed, unreadable = [], []
    with open(fichier_pages, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            try:
                page = json.loads(line)
            except json.JSONDecodeError:
                unreadable.append({"url": None, "motif": "ligne JSON illisible"})
                continue
            parsed.append(parse_product_page(page["html"], page["url"]))
    valid, rejected = validate_items(parsed)
    rejected = unreadable + rejected
    with open(fichier_valides, "w", encoding="utf-8") as out:
        for product in sorted(valid, key=lambda p: p.sku):
            out.write(json.dumps(asdict(product), ensure_ascii=False) + "\n")
    with open(fichier_rejets, "w", encoding="utf-8") as out:
        for rejection in rejected:
            out.write(json.dumps(rejection, ensure_ascii=False) + "\n")
    return len(valid), len(rejected)
    ### END SOLUTION


export_jsonl(
    SORTIE / "pages.jsonl", SORTIE / "produits_concurrent.jsonl", SORTIE / "rejets.jsonl"
)

# %% labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "ex07_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 7 : fichiers JSON lines en UTF-8, une ligne illisible rejetée sans planter, onze champs triés par sku, comptes renvoyés, contenu comparé à la vérité terrain."""
_dir = Path(tempfile.mkdtemp(dir=SORTIE))
_pages_file = _dir / "pages.jsonl"
with open(_pages_file, "w", encoding="utf-8") as _f:
    for _url, _html in sorted(reference_pages().items(), reverse=True):
        _f.write(json.dumps({"url": _url, "sku": None, "html": _html}) + "\n")
    _f.write('{"url": "http://exemple.fr/produit/tronque", "html": "<ht\n\n')
_counts = export_jsonl(_pages_file, _dir / "valides.jsonl", _dir / "rejets.jsonl")
assert isinstance(_counts, tuple) and len(_counts) == 2, (
    "export_jsonl doit renvoyer un couple (nombre de valides, nombre de rejets)."
)
_valid_rows, _rejected_rows = read_jsonl(_dir / "valides.jsonl"), read_jsonl(_dir / "rejets.jsonl")
assert _counts == (len(_valid_rows), len(_rejected_rows)), (
    "Les nombres renvoyés doivent être ceux des lignes écrites dans chaque fichier."
)
assert {"url": None} in [{"url": r.get("url")} for r in _rejected_rows], (
    "La ligne JSON illisible doit produire un rejet dont l'url vaut None."
)
assert all(list(r) == ITEM_KEYS for r in _valid_rows), (
    f"Chaque ligne valide a les onze champs de ProduitConcurrent, dans l'ordre : {ITEM_KEYS}."
)
assert [r["sku"] for r in _valid_rows] == sorted(r["sku"] for r in _valid_rows), (
    "Les éléments valides doivent être triés par sku croissant."
)
assert "è" in (_dir / "valides.jsonl").read_text(encoding="utf-8"), (
    "Écrivez les accents tels quels : json.dumps(..., ensure_ascii=False)."
)
### BEGIN HIDDEN TESTS
from labkit.services.website import ground_truth as _ground_truth
from labkit.services.website.data import build_catalogue as _build
from labkit.services.website.truth import expected_item as _expected_item
from labkit.datasets import paniervert as _pv

_tables = {"products": _pv.load("products", scale, seed)}
_truth = _ground_truth(_tables, seed)
_by_sku = {r["sku"]: {**r, "url": urlparse(r["url"]).path} for r in _valid_rows}
for _expected in _truth["items"]:
    assert _by_sku.get(_expected["sku"]) == _expected, f"Élément {_expected['sku']} faux ou absent."
_rejected_urls = [urlparse(r["url"]).path for r in _rejected_rows if r["url"]]
_unclosed = {i.sku: _expected_item(i) for i in _build(_tables, seed) if i.malformation}
for _bad in _truth["malformed"]:
    if _bad["kind"] == "unclosed_tags" and _bad["sku"] in _by_sku:
        assert _by_sku[_bad["sku"]] == _unclosed[_bad["sku"]], "Fiche réparée mais mal lue."
    else:
        assert _bad["url"] in _rejected_urls, f"La fiche mal formée {_bad['sku']} doit être rejetée."
assert len(_valid_rows) + len(_rejected_rows) == len(reference_pages()) + 1, (
    "Chaque ligne du fichier de pages doit donner exactement un élément valide ou un rejet."
)
assert _rejected_rows[0] == {"url": None, "motif": _rejected_rows[0]["motif"]}, (
    "Les rejets des lignes illisibles viennent en premier, avec les seules clés url et motif."
)
### END HIDDEN TESTS

# %% [markdown]
# Regardez vos rejets : les fiches au prix absent ou illisible y sont. Et la fiche aux
# balises non fermées ? Selon la façon dont vous lisez l'unité, `lxml` a réparé la page
# assez bien pour qu'elle passe toutes les règles, ou bien la règle sur l'unité l'a
# arrêtée. Les deux sont défendables ; ce qui ne l'est pas, c'est de livrer une unité
# `"kg En stock Ajouter au panier"` sans que personne ne s'en aperçoive.

# %%
rejets_livres = read_jsonl(SORTIE / "rejets.jsonl")
livres = read_jsonl(SORTIE / "produits_concurrent.jsonl")
len(livres), rejets_livres

# %% [markdown]
# ---
# ## Partie 7 — Le droit et l'éthique du scraping
#
# Techniquement, rien ne vous empêche de lancer ce spider sur le vrai site d'un
# concurrent. Juridiquement et éthiquement, c'est une autre affaire : relisez la partie
# « Les limites juridiques du scraping en France et dans l'Union européenne » de la
# leçon C8.
#
# ### Question 8 — Peut-on scraper le site du concurrent ? (3 points, corrigée par votre formateur ou formatrice)
#
# La directrice commerciale de Panier Vert vous demande de mettre en production, sur le
# **vrai** site de Bio&Co Marché, la collecte que vous venez d'écrire : tous les jours,
# tout le catalogue. Elle ajoute : « Et tant que vous y êtes, récupérez aussi les avis
# clients signés affichés sous chaque produit. »
#
# Rédigez, **en 10 à 20 lignes**, la note que vous lui adressez. Elle doit :
#
# 1. dire ce qu'il faut vérifier **avant** de lancer la collecte, en citant au moins trois
#    règles ou textes applicables en France ou dans l'Union européenne ;
# 2. expliquer ce que le `robots.txt` autorise ou non, juridiquement ;
# 3. traiter la demande sur les avis clients ;
# 4. proposer des mesures concrètes pour que la collecte ne gêne pas le site du
#    concurrent.
#
# *Double-cliquez sur la cellule ci-dessous pour écrire votre réponse.*

# %% [markdown] labkit={"competences": ["C8"]} nbgrader={"grade": true, "grade_id": "limites_scraping", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# **Votre réponse :**
#
# ### BEGIN SOLUTION
# Avant toute collecte, je vérifie d'abord qu'il n'existe pas de voie prévue : une API,
# un export, un flux pour comparateurs de prix, ou un accord avec Bio&Co Marché. Sinon,
# je lis les **conditions générales d'utilisation** du site : si elles interdisent
# l'extraction automatisée, passer outre engage notre responsabilité contractuelle. Le
# catalogue est aussi une **base de données** protégée par le droit *sui generis* du
# producteur (directive 96/9/CE, articles L341-1 et suivants du Code de la propriété
# intellectuelle) : Bio&Co Marché peut interdire l'extraction d'une partie substantielle,
# et aussi l'extraction **répétée et systématique** de petites parties. Recopier chaque
# jour tout le catalogue est exactement ce cas : il faut limiter la collecte aux produits
# que nous vendons aussi (même EAN) et aux seuls champs utiles (prix, promotion, stock),
# et faire valider le projet par le service juridique.
#
# Le `robots.txt` n'est **pas une licence** : c'est une convention technique. Le respecter
# est une marque de bonne foi et l'ignorer nous mettrait en tort, mais un `robots.txt`
# permissif ne nous donne aucun droit sur les contenus ni sur la base. Contourner une
# protection (identifiant, CAPTCHA, blocage d'adresse IP) pourrait en outre constituer un
# accès frauduleux à un système de traitement automatisé de données (article 323-1 du
# Code pénal).
#
# Les **avis signés** sont des données personnelles (nom ou pseudonyme, opinion) : les
# collecter est un traitement soumis au **RGPD**. Il faudrait une base légale (intérêt
# légitime, après mise en balance), une finalité précise, la minimisation, l'information
# des personnes (article 14), une durée de conservation et l'inscription au registre des
# traitements, avec l'avis du DPO, en suivant les recommandations de la CNIL sur le
# moissonnage. Pour suivre des prix, nous n'en avons pas besoin : je refuse cette partie,
# ou je propose de ne garder que la note moyenne, sans auteur.
#
# Pour ne pas gêner le site : respecter le `Crawl-delay` (ou au moins une seconde entre
# deux requêtes), une seule requête à la fois, une collecte par jour aux heures creuses,
# un `User-Agent` qui nous identifie avec une adresse de contact, ne télécharger que les
# pages utiles (le plan du site et ses dates `lastmod` évitent de tout relire), et
# s'arrêter en cas d'erreurs répétées (429, 503).
# ### END SOLUTION

# %% [markdown]
# ---
# ## Récapitulatif
#
# | besoin | outil | piège à éviter |
# |---|---|---|
# | télécharger une page | `requests.Session`, `User-Agent` explicite, `timeout` | un robot anonyme, une requête sans délai maximal |
# | extraire des valeurs | BeautifulSoup (`"lxml"`), sélecteurs CSS, `select_one` | supposer qu'un élément existe : `select_one` peut renvoyer `None` |
# | lire un prix français | `re.search`, espaces `\u00a0` et `\u202f`, virgule décimale | `float("3,49 €")`, lire `49 €` dans `3.49 €` |
# | respecter le site | `RobotFileParser` avec une liste de lignes, `Crawl-delay`, `DOWNLOAD_DELAY` | `parse(texte)` au lieu de `parse(lignes)` ; `crawl_delay` ignore les décimales ; Scrapy ignore `Crawl-delay` |
# | suivre la pagination | le lien `rel=next`, jusqu'à son absence | deviner les numéros de page jusqu'au 404 |
# | parcourir un site | un spider Scrapy, lancé par `subprocess` avec `sys.executable` | lancer Scrapy dans le noyau (`ReactorNotRestartable`), son journal dans le notebook |
# | survivre aux pages abîmées | champs `None`, indicateur `complet`, rejets avec motif | planter sur la première page mal formée, ou inventer une valeur |
# | livrer | validation par règles explicites, JSON lines UTF-8 | livrer sans valider ; perdre les rejets |
#
# Pour la certification, la compétence **C8** demande d'automatiser l'extraction depuis
# plusieurs types de sources, dont une page web. Le jury attend un script **pérenne** :
# qui respecte la source, survit à ses défauts, valide ce qu'il livre et garde la trace de
# ce qu'il écarte, et dont vous savez justifier le cadre légal.

# %% [markdown]
# ## Pour aller plus loin
#
# - **Items et pipelines Scrapy** : déplacez l'analyse et la validation dans un *item
#   pipeline* Scrapy (`process_item`), qui rejette un item avec `DropItem`.
# - **Collecte incrémentale** : lisez `/sitemap.xml` et ses dates `<lastmod>` pour ne
#   retélécharger que les fiches modifiées depuis la dernière collecte.
# - **AutoThrottle** : activez `AUTOTHROTTLE_ENABLED` et observez dans le journal comment
#   Scrapy adapte son délai à la vitesse du serveur.
# - **Comparer les prix** : joignez vos produits à ceux de Panier Vert
#   (`paniervert.load("products", scale, seed)`) sur `ean13` et calculez l'écart de prix
#   par rayon ; attention, les conditionnements diffèrent : comparez les prix unitaires.
# - **Documentation** : Scrapy (<https://docs.scrapy.org/>), BeautifulSoup
#   (<https://www.crummy.com/software/BeautifulSoup/bs4/doc/>), et les recommandations
#   de la CNIL sur le moissonnage (*web scraping*) de données personnelles.
