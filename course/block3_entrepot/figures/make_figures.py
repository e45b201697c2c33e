"""Draw the diagrams of the block 3 lessons (French labels) as PNG files beside this script.

Deterministic and offline: matplotlib's Agg backend, fixed sizes, no wall-clock metadata.
Colours from the Okabe-Ito palette (colour-blind friendly); every colour is doubled by a
word or a mark, so no figure relies on colour alone. Run from the repository root after
changing a figure, then commit the PNG files:

    .venv/bin/python course/block3_entrepot/figures/make_figures.py
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # course/figure_kit.py

from figure_kit import BLUE, FILL, GREEN, GREY, ORANGE, PURPLE, RED, save  # noqa: E402
from figure_kit import arrow as _arrow  # noqa: E402
from figure_kit import box as _box  # noqa: E402
from figure_kit import canvas as _canvas  # noqa: E402
from figure_kit import title as _title  # noqa: E402
from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.patches import FancyBboxPatch, Rectangle  # noqa: E402


def _crop(fig, ax, ymin: float, ymax: float) -> None:
    """Drop the empty bottom of an inch-scaled canvas, keeping one unit = one inch."""
    ax.set_ylim(ymin, ymax)
    fig.set_size_inches(fig.get_size_inches()[0], ymax - ymin)


def _save(fig, name: str) -> Path:
    return save(fig, HERE, name)


def _table(ax, x, y_top, cols, rows, widths, *, row_h=0.4, size=9.5, cells=None,
           row_fill=None, row_style=None):
    """Draw a table whose top-left corner is (x, y_top); return its bottom y.

    ``cells`` maps (row, col) to a colour (changed value: filled and bold);
    ``row_fill`` maps a row to a colour (whole row filled); ``row_style`` maps a row to
    "italic" (e.g. a closed version).
    """
    cells = cells or {}
    row_fill = row_fill or {}
    row_style = row_style or {}
    xs = [x]
    for w in widths:
        xs.append(xs[-1] + w)
    y = y_top - row_h
    for j, name in enumerate(cols):
        ax.add_patch(Rectangle((xs[j], y), widths[j], row_h, facecolor="#D9D9D9",
                               edgecolor="#777777", linewidth=0.8))
        ax.text(xs[j] + widths[j] / 2, y + row_h / 2, name, ha="center", va="center",
                fontsize=size, weight="bold", family="DejaVu Sans Mono")
    for i, row in enumerate(rows):
        y -= row_h
        for j, value in enumerate(row):
            colour = cells.get((i, j), row_fill.get(i))
            face = FILL[colour] if colour else "white"
            edge = colour if (i, j) in cells else "#777777"
            lw = 2.0 if (i, j) in cells else 0.8
            ax.add_patch(Rectangle((xs[j], y), widths[j], row_h, facecolor=face,
                                   edgecolor=edge, linewidth=lw, zorder=2 if lw > 1 else 1))
            ax.text(xs[j] + widths[j] / 2, y + row_h / 2, value, ha="center", va="center",
                    fontsize=size, family="DejaVu Sans Mono", zorder=3,
                    weight="bold" if (i, j) in cells else "normal",
                    style=row_style.get(i, "normal"),
                    color="#555555" if row_style.get(i) == "italic" else "#111111")
    return y


# --- index ---------------------------------------------------------------------------------

def warehouse_chain() -> Path:
    """Sources -> staging -> warehouse -> outputs, with the five competences."""
    W, H = 13, 5.6
    fig, ax = _canvas(W, H)
    _title(ax, W, 5.3, "La vie d'un entrepôt de données : les cinq compétences du bloc 3")
    steps = [
        (0.2, "Sources\n\nbase des caisses\net de l'e-shop\n(PostgreSQL),\nfichiers", GREY),
        (2.9, "Zone de\npréparation\n(staging)\n\ncopie brute\ndu lot", GREY),
        (5.6, "Entrepôt\n\nfaits et\ndimensions\nconformes\n(schéma en étoile)", BLUE),
        (8.3, "Sorties\n\nmagasins de\ndonnées (marts),\nParquet / CSV,\nvues BI", GREEN),
        (11.0, "Utilisateurs\n\ncontrôle de\ngestion,\nmarketing,\nmagasins", GREY),
    ]
    w, y, h = 1.85, 1.5, 2.7
    for x, text, color in steps:
        _box(ax, x, y, w, h, text, color, size=10)
    for k in range(4):
        x = steps[k][0] + w
        _arrow(ax, x + 0.05, y + h / 2, steps[k + 1][0] - 0.05, y + h / 2)
    # competences
    ax.text(3.85, 4.5, "C15 : ETL en entrée", ha="center", fontsize=10.5, color=ORANGE,
            weight="bold")
    ax.plot([1.1, 6.5], [4.38, 4.38], color=ORANGE, linewidth=2.5)
    ax.text(9.2, 4.5, "C15 : ETL en sortie", ha="center", fontsize=10.5, color=ORANGE,
            weight="bold")
    ax.plot([6.6, 11.9], [4.38, 4.38], color=ORANGE, linewidth=2.5)
    ax.text(6.52, 4.72, "C13 : modéliser · C14 : construire", ha="center", fontsize=10.5,
            color=BLUE, weight="bold")
    ax.text(6.52, 1.2, "C17 : historiser\nles dimensions", ha="center", va="top",
            fontsize=10.5, color=PURPLE, weight="bold")
    ax.add_patch(FancyBboxPatch((0.2, 0.1), 12.65, 0.45,
                                boxstyle="round,pad=0.02,rounding_size=0.1",
                                facecolor=FILL[RED], edgecolor=RED, linewidth=1.4))
    ax.text(6.52, 0.32, "C16 : administrer — droits d'accès, supervision, sauvegardes, "
            "migrations, RGPD, maintien en condition opérationnelle", ha="center",
            va="center", fontsize=10.5)
    return _save(fig, "chaine_entrepot.png")


# --- C13 -----------------------------------------------------------------------------------

def architectures() -> Path:
    """Kimball, Inmon and Data Vault side by side."""
    W, H = 13.5, 6.2
    fig, ax = _canvas(W, H)
    _title(ax, W, 5.95, "Trois façons d'organiser un entrepôt")
    cols = [
        (0.2, "Kimball (ascendant)", BLUE, [
            ("Sources", GREY),
            ("Zone de préparation", GREY),
            ("Étoiles par processus\n(ventes, stock…)\nreliées par des\n"
             "dimensions conformes", BLUE),
            ("Requêtes, tableaux\nde bord", GREEN)],
         "livre vite,\nprocessus par\nprocessus ;\ncohérence\nassurée par\nla matrice\nen bus"),
        (4.7, "Inmon (descendant)", ORANGE, [
            ("Sources", GREY),
            ("Entrepôt d'entreprise\nnormalisé (3FN),\nintégré, historisé", ORANGE),
            ("Magasins de données\ndépendants (étoiles)", BLUE),
            ("Requêtes, tableaux\nde bord", GREEN)],
         "une seule\nvérité intégrée ;\nplus long à\nbâtir avant\nla première\nanalyse"),
        (9.2, "Data Vault 2.0", PURPLE, [
            ("Sources", GREY),
            ("Coffre brut : hubs (clés\nmétier), liens (relations),\n"
             "satellites (attributs\nhorodatés, source)", PURPLE),
            ("Coffre métier, puis\nétoiles de présentation", BLUE),
            ("Requêtes, tableaux\nde bord", GREEN)],
         "absorbe les\nchangements\nde sources,\nauditable ;\nbeaucoup de\n"
         "tables : une\nétoile reste\nnécessaire"),
    ]
    for x, name, color, boxes, note in cols:
        ax.text(x + 2.05, 5.45, name, ha="center", fontsize=12.5, weight="bold", color=color)
        ys = [4.55, 3.2, 1.85, 0.95]
        hs = [0.55, 1.05, 1.05, 0.55]
        for (text, c), yy, hh in zip(boxes, ys, hs, strict=True):
            _box(ax, x + 0.15, yy, 2.3, hh, text, c, size=9.5)
        for k in range(3):
            _arrow(ax, x + 1.3, ys[k] - 0.02, x + 1.3, ys[k + 1] + hs[k + 1] + 0.02)
        ax.text(x + 2.6, 2.9, note, ha="left", va="center", fontsize=9.3, color=GREY)
    ax.text(W / 2, 0.35, "En pratique, les trois se combinent : la couche de présentation est "
            "presque toujours dimensionnelle (en étoile).", ha="center", fontsize=10.5)
    return _save(fig, "architectures_entrepot.png")


def _dim(ax, x, y_top, name, lines, color, w=2.9, size=9.2):
    """A table of a schema: a title bar and its columns; returns (x, y, w, h)."""
    h = 0.42 + 0.27 * len(lines)
    y = y_top - h
    ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0.02,rounding_size=0.08",
                                facecolor="white", edgecolor=color, linewidth=1.8))
    ax.add_patch(Rectangle((x, y_top - 0.4), w, 0.4, facecolor=FILL[color], edgecolor=color,
                           linewidth=1.2))
    ax.text(x + w / 2, y_top - 0.2, name, ha="center", va="center", fontsize=10.5,
            weight="bold", family="DejaVu Sans Mono")
    for k, line in enumerate(lines):
        ax.text(x + 0.12, y_top - 0.6 - 0.27 * k, line, ha="left", va="center", fontsize=size,
                family="DejaVu Sans Mono")
    return x, y, w, h


def star_schema() -> Path:
    """The sales star of Panier Vert: one fact table, five dimensions."""
    W, H = 13.5, 8.6
    fig, ax = _canvas(W, H)
    _title(ax, W, 8.35, "Le schéma en étoile des ventes de Panier Vert "
           "(grain : une ligne de commande)")
    fx, fy, fw, fh = _dim(ax, 4.75, 5.9, "fait_ventes", [
        "PK: no_commande, no_ligne (le grain)",
        "date_key          → dim_date",
        "produit_key       → dim_produit",
        "magasin_key       → dim_magasin",
        "client_key        → dim_client",
        "profil_key        → dim_profil_commande",
        "no_commande, no_ligne   (dégénérées)",
        "quantite          additive",
        "montant_brut_eur  additive",
        "remise_eur        additive",
        "montant_net_eur   additive",
        "prix_unitaire_eur non additive",
    ], ORANGE, w=4.0, size=9)
    dims = [
        (0.2, 7.9, "dim_date", ["date_key (AAAAMMJJ)", "date, jour_semaine", "semaine_iso, mois",
                                "trimestre, annee", "est_ferie, nom_ferie"]),
        (0.2, 3.7, "dim_produit", ["produit_key (substitut)", "id_produit, ean13", "libelle",
                                   "sous_rayon, rayon", "bio, label, fournisseur"]),
        (10.4, 7.9, "dim_magasin", ["magasin_key (substitut)", "code_magasin (PV001…)",
                                    "commune, departement", "region, surface_m2",
                                    "valide_du, valide_au"]),
        (10.4, 3.7, "dim_client", ["client_key (substitut)", "id_client (pseudonyme)",
                                   "tranche_age, sexe", "commune, departement",
                                   "valide_du, valide_au"]),
        (5.3, 1.95, "dim_profil_commande", ["profil_key", "canal (magasin, eshop)",
                                            "statut, avec_carte"]),
    ]
    boxes = {}
    for x, yt, name, lines in dims:
        boxes[name] = _dim(ax, x, yt, name, lines, BLUE)
    cx, cy = fx + fw / 2, fy + fh / 2
    for name, (x, y, w, h) in boxes.items():
        if name == "dim_profil_commande":
            _arrow(ax, cx, fy - 0.02, x + w / 2, y + h + 0.02, BLUE, style="-")
        elif x < fx:
            _arrow(ax, fx - 0.02, cy + (0.9 if y > 4 else -0.9), x + w + 0.02, y + h / 2,
                   BLUE, style="-")
        else:
            _arrow(ax, fx + fw + 0.02, cy + (0.9 if y > 4 else -0.9), x - 0.02, y + h / 2,
                   BLUE, style="-")
    ax.text(4.75, 6.25, "table de faits (orange) : des clés et des mesures",
            fontsize=9.5, color=GREY)
    ax.text(0.2, 0.1, "Dimensions (bleu) : le contexte, du texte lisible. "
            "Un magasin « Non applicable (e-shop) » et un client « Sans carte » "
            "évitent les clés nulles.", fontsize=9.5, color=GREY)
    return _save(fig, "etoile_ventes.png")


def star_vs_snowflake() -> Path:
    """The product dimension, denormalised (star) or normalised (snowflake)."""
    W, H = 14, 5.0
    fig, ax = _canvas(W, H)
    ax.text(3.0, 4.7, "Étoile : une dimension à plat", ha="center", fontsize=12.5,
            weight="bold", color=BLUE)
    ax.text(9.4, 4.7, "Flocon : la dimension normalisée", ha="center", fontsize=12.5,
            weight="bold", color=PURPLE)
    _dim(ax, 0.2, 3.8, "fait_ventes", ["produit_key", "…"], ORANGE, w=2.3)
    _dim(ax, 3.2, 4.2, "dim_produit", ["produit_key", "libelle", "sous_rayon",
                                       "rayon", "fournisseur", "bio, label"], BLUE, w=2.6)
    _arrow(ax, 2.52, 3.3, 3.18, 3.3, BLUE, style="-")
    ax.text(3.0, 1.35, "1 jointure ; « rayon » est répété\nsur chaque produit "
            "(redondance voulue,\nsimple à lire pour les outils BI)", ha="center",
            va="top", fontsize=9.5)
    _dim(ax, 6.7, 3.8, "fait_ventes", ["produit_key", "…"], ORANGE, w=2.3)
    _dim(ax, 9.4, 4.2, "dim_produit", ["produit_key", "libelle", "sous_rayon_key",
                                       "fournisseur_key"], PURPLE, w=2.3)
    _dim(ax, 9.4, 2.3, "dim_sous_rayon", ["sous_rayon_key", "rayon_key"], PURPLE, w=2.3)
    _dim(ax, 9.4, 1.05, "dim_rayon", ["rayon_key", "rayon"], PURPLE, w=2.3)
    _dim(ax, 12.0, 3.3, "dim_fournisseur", ["fournisseur_key", "nom"], PURPLE, w=1.95)
    _arrow(ax, 9.02, 3.3, 9.38, 3.3, PURPLE, style="-")
    _arrow(ax, 10.55, 2.75, 10.55, 2.32, PURPLE, style="-")
    _arrow(ax, 10.55, 1.5, 10.55, 1.07, PURPLE, style="-")
    _arrow(ax, 11.72, 3.0, 11.98, 3.0, PURPLE, style="-")
    ax.text(7.8, 1.35, "3 ou 4 jointures ;\npas de redondance,\nmais plus lent\n"
            "et plus difficile à lire", ha="center", va="top", fontsize=9.5)
    return _save(fig, "etoile_flocon.png")


def bus_matrix() -> Path:
    """Business processes (rows) and the conformed dimensions they share (columns)."""
    processes = [
        ("Ventes", "une ligne de commande", "transaction",
         {0, 1, 2, 3, 4, 5}),
        ("Paiements", "un paiement ou un remboursement", "transaction", {0, 1, 3, 5, 6}),
        ("Livraisons e-shop", "une livraison (dates jalons)", "instantané cumulatif",
         {0, 3, 5, 7}),
        ("Stock en magasin", "produit × magasin × jour", "instantané périodique",
         {0, 1, 2, 4}),
        ("Avis clients", "un avis", "transaction", {0, 2, 3, 4}),
        ("Parcours web", "un événement de navigation", "transaction", {0, 2, 3, 5}),
        ("Capteurs des magasins", "capteur × heure", "instantané périodique", {0, 1}),
    ]
    dims = ["Date", "Magasin", "Produit", "Client", "Fournis-\nseur", "Canal",
            "Moyen de\npaiement", "Transpor-\nteur"]
    W, H = 15, 5.9
    fig, ax = _canvas(W, H)
    _title(ax, W, 5.65, "Matrice en bus de Panier Vert : processus × dimensions conformes")
    x0, wp, wg, wt, wd = 0.1, 2.5, 3.25, 1.85, 0.9
    top, rh = 4.95, 0.5
    heads = [("Processus métier", wp), ("Grain", wg), ("Type de faits", wt)]
    x = x0
    for text, w in heads:
        ax.add_patch(Rectangle((x, top - 0.8), w, 0.8, facecolor="#D9D9D9",
                               edgecolor="#777777", linewidth=0.8))
        ax.text(x + w / 2, top - 0.4, text, ha="center", va="center", fontsize=10,
                weight="bold")
        x += w
    xd = x
    for j, d in enumerate(dims):
        ax.add_patch(Rectangle((xd + j * wd, top - 0.8), wd, 0.8, facecolor=FILL[BLUE],
                               edgecolor="#777777", linewidth=0.8))
        ax.text(xd + j * wd + wd / 2, top - 0.4, d, ha="center", va="center", fontsize=8.6,
                weight="bold", linespacing=1.1)
    for i, (name, grain, kind, used) in enumerate(processes):
        y = top - 0.8 - (i + 1) * rh
        x = x0
        for text, w in ((name, wp), (grain, wg), (kind, wt)):
            ax.add_patch(Rectangle((x, y), w, rh, facecolor="white", edgecolor="#777777",
                                   linewidth=0.8))
            ax.text(x + 0.08, y + rh / 2, text, ha="left", va="center",
                    fontsize=9.3 if w != wt else 8.8, weight="bold" if w == wp else "normal")
            x += w
        for j in range(len(dims)):
            on = j in used
            ax.add_patch(Rectangle((xd + j * wd, y), wd, rh,
                                   facecolor=FILL[GREEN] if on else "white",
                                   edgecolor="#777777", linewidth=0.8))
            if on:
                ax.text(xd + j * wd + wd / 2, y + rh / 2, "✔", ha="center", va="center",
                        fontsize=13, color=GREEN, weight="bold")
    ax.text(x0, 0.25, "Une colonne = une dimension conforme, construite une fois et partagée : "
            "« Date » et « Client » relient ventes, paiements, avis et parcours web.",
            fontsize=10, color=GREY)
    return _save(fig, "matrice_bus.png")


# --- C15 -----------------------------------------------------------------------------------

def idempotent_load() -> Path:
    """Appending twice duplicates; merging on the grain key does not."""
    fig, axes = plt.subplots(1, 2, figsize=(13, 4.0))
    cols = ["no_commande", "no_ligne", "montant"]
    widths = [1.7, 1.2, 1.3]
    lot = [["881042", "1", "12.40"], ["881042", "2", "3.10"]]
    for ax, title, colour in ((axes[0], "INSERT simple, relancé après une panne", RED),
                              (axes[1], "MERGE sur la clé du grain, relancé", GREEN)):
        ax.set_xlim(0, 6.5)
        ax.set_ylim(1.0, 4.8)
        ax.axis("off")
        ax.text(3.25, 4.6, title, ha="center", fontsize=12, weight="bold", color=colour)
    ax = axes[0]
    ax.text(0.1, 4.05, "table de faits après deux exécutions du même lot :", fontsize=9.5)
    _table(ax, 0.7, 3.9, cols, lot + lot, widths, row_fill={2: RED, 3: RED})
    ax.text(0.7, 1.35, "✘ lignes en double : le chiffre d'affaires\n"
            "du jour est compté deux fois", fontsize=10, color=RED, va="top")
    ax = axes[1]
    ax.text(0.1, 4.05, "table de faits après deux exécutions du même lot :", fontsize=9.5)
    _table(ax, 0.7, 3.9, cols, lot, widths, row_fill={0: GREEN, 1: GREEN})
    ax.text(0.7, 2.15, "✔ la deuxième exécution met à jour les mêmes lignes\n"
            "(ou les remplace) : le résultat est identique.\n\n"
            "Variante : supprimer puis réinsérer toute la\n"
            "partition du lot (le jour) dans une transaction.", fontsize=10, color="#111111",
            va="top")
    fig.suptitle("Un chargement idempotent : le relancer ne change rien", fontsize=13.5,
                 weight="bold")
    fig.tight_layout(rect=(0, 0, 1, 0.93))
    return _save(fig, "chargement_idempotent.png")


def late_arrivals() -> Path:
    """A late fact joins the version valid at its date; a fact before its dimension."""
    W, H = 13, 6.4
    fig, ax = _canvas(W, H)
    _title(ax, W, 6.15, "Arrivées tardives : rattacher chaque fait à la bonne version")
    # panel 1: late-arriving fact
    ax.text(0.2, 5.6, "1. Fait en retard : la commande du 10 mai arrive le 20 mai",
            fontsize=11.5, weight="bold", color=BLUE)
    ax.annotate("", xy=(12.6, 4.4), xytext=(0.4, 4.4),
                arrowprops={"arrowstyle": "-|>", "color": "#111111", "linewidth": 1.5})
    ax.add_patch(Rectangle((0.6, 4.55), 6.0, 0.4, facecolor=FILL[BLUE], edgecolor=BLUE))
    ax.text(3.6, 4.75, "client_key 5310 : Lyon (69)   valide du 03/02/2023 au 15/05/2024",
            ha="center", va="center", fontsize=9)
    ax.add_patch(Rectangle((6.6, 4.55), 5.9, 0.4, facecolor=FILL[ORANGE], edgecolor=ORANGE))
    ax.text(9.55, 4.75, "client_key 20417 : Nantes (44)   valide à partir du 15/05/2024",
            ha="center", va="center", fontsize=9)
    for x, label, c in ((4.6, "10/05 : commande\n(date du fait)", GREEN),
                        (6.6, "15/05 :\ndéménagement", GREY),
                        (8.4, "20/05 : la commande\narrive dans l'ETL", RED)):
        ax.plot([x, x], [4.25, 4.55], color=c, linewidth=2.2)
        ax.text(x, 4.15, label, ha="center", va="top", fontsize=9, color=c)
    ax.text(0.2, 3.05, "Recherche de clé : id_client = 1042 AND date_commande >= valide_du "
            "AND date_commande < valide_au  →  5310 (Lyon), pas la version courante.",
            fontsize=9.8)
    # panel 2: early-arriving fact / late dimension
    ax.text(0.2, 2.45, "2. Dimension en retard : le ticket cite une carte encore inconnue",
            fontsize=11.5, weight="bold", color=PURPLE)
    _box(ax, 0.3, 0.3, 3.3, 1.6, "Le ticket arrive :\nla carte 2900000123456\n"
         "n'est pas encore\ndans dim_client", GREY, 9.5)
    _box(ax, 4.4, 0.3, 3.9, 1.6, "Membre déduit (inferred) :\nclient_key 20533, attributs\n"
         "« À compléter », est_deduit = vrai\n→ le fait est chargé tout de suite", PURPLE, 9.5)
    _box(ax, 9.1, 0.3, 3.6, 1.6, "Le lendemain, la fiche client\narrive : la même ligne est\n"
         "complétée (écrasement),\nest_deduit = faux", GREEN, 9.5)
    _arrow(ax, 3.65, 1.1, 4.35, 1.1)
    _arrow(ax, 8.35, 1.1, 9.05, 1.1)
    return _save(fig, "arrivees_tardives.png")


def quality_gate() -> Path:
    """A batch passes blocking checks before publication; everything is audited."""
    W, H = 13.5, 6.0
    fig, ax = _canvas(W, H)
    _title(ax, W, 5.75, "Une porte qualité avant publication : rien n'est perdu, "
           "tout est tracé")
    _box(ax, 0.2, 2.6, 2.0, 1.4, "Lot extrait\n(lot n° 418)\n→ staging", GREY, 10)
    _box(ax, 2.9, 2.3, 2.9, 2.0, "Contrôles ligne à ligne\n(format, domaine,\nclé connue…)",
         ORANGE, 10)
    _box(ax, 2.9, 0.35, 2.9, 1.2, "Quarantaine :\nlignes suspectes, avec\nla règle et la valeur",
         ORANGE, 9.5)
    _box(ax, 6.5, 2.3, 3.0, 2.0, "Contrôles du lot\n(bloquants) : volume,\nunicité du grain,\n"
         "intégrité référentielle,\nréconciliation", RED, 9.5)
    _box(ax, 10.3, 3.45, 3.0, 1.2, "✔ Publication\n(transaction ou échange\nde table)", GREEN,
         10)
    _box(ax, 10.3, 1.75, 3.0, 1.2, "✘ Lot arrêté, alerte ;\nl'entrepôt reste dans\n"
         "son état d'hier", RED, 10)
    _arrow(ax, 2.25, 3.3, 2.85, 3.3)
    _arrow(ax, 4.35, 2.25, 4.35, 1.6, ORANGE, text=None)
    ax.text(4.45, 1.85, "suspectes", fontsize=9, color=ORANGE)
    _arrow(ax, 5.85, 3.3, 6.45, 3.3, GREY, text="valides", dy=0.08, size=9)
    _arrow(ax, 9.55, 3.6, 10.25, 4.0, GREEN)
    _arrow(ax, 9.55, 3.0, 10.25, 2.4, RED)
    ax.text(9.6, 4.45, "tout passe", fontsize=9, color=GREEN, ha="left")
    ax.text(9.6, 1.95, "un contrôle\néchoue", fontsize=9, color=RED, ha="left", va="top")
    ax.add_patch(FancyBboxPatch((6.5, 0.25), 6.8, 0.9,
                                boxstyle="round,pad=0.02,rounding_size=0.1",
                                facecolor=FILL[BLUE], edgecolor=BLUE, linewidth=1.4))
    ax.text(9.9, 0.7, "Table d'audit etl_chargement : lot, début, fin, statut,\n"
            "lignes lues / insérées / mises à jour / en quarantaine, filigrane",
            ha="center", va="center", fontsize=9.5)
    _arrow(ax, 8.0, 2.25, 8.0, 1.2, BLUE, ls="--")
    return _save(fig, "porte_qualite.png")


def dbt_lineage() -> Path:
    """The dbt project of lab 06 as a graph: sources, staging views, marts, tests, snapshot."""
    W, H = 13.5, 6.4
    fig, ax = _canvas(W, H)
    _title(ax, W, 6.15, "Le même entrepôt avec dbt : un graphe de modèles SQL, testés à "
           "chaque construction")
    ax.text(1.25, 5.55, "sources (Parquet)", ha="center", fontsize=10, color=GREY)
    ax.text(5.0, 5.55, "staging (vues)", ha="center", fontsize=10, color=BLUE)
    ax.text(8.9, 5.55, "marts (tables)", ha="center", fontsize=10, color=GREEN)
    for y, name in ((4.55, "orders"), (3.45, "order_lines"), (2.35, "products")):
        _box(ax, 0.2, y, 2.1, 0.75, name, GREY, 10)
    _box(ax, 3.6, 4.55, 2.8, 0.75, "stg_commandes", BLUE, 10)
    _box(ax, 3.6, 3.45, 2.8, 0.75, "stg_lignes_commande", BLUE, 10)
    _box(ax, 3.6, 2.35, 2.8, 0.75, "stg_produits", BLUE, 10)
    _box(ax, 7.6, 2.35, 2.6, 0.75, "dim_produit", GREEN, 10)
    _box(ax, 7.6, 3.95, 2.6, 0.9, "fct_lignes_vente\n(grain : ligne)", GREEN, 10)
    for y in (4.92, 3.82, 2.72):
        _arrow(ax, 2.35, y, 3.55, y)
    _arrow(ax, 6.45, 4.92, 7.55, 4.55, GREY)
    _arrow(ax, 6.45, 3.82, 7.55, 4.25, GREY)
    _arrow(ax, 6.45, 2.72, 7.55, 2.72, GREY)
    _arrow(ax, 8.9, 3.15, 8.9, 3.9, GREY, text=None)
    ax.text(9.0, 3.45, "ref()", fontsize=9, color=GREY)
    _box(ax, 10.9, 3.6, 2.45, 1.5, "Tests YAML :\nunique, not_null,\nrelationships,\n"
         "accepted_values", RED, 9.5)
    _box(ax, 10.9, 2.3, 2.45, 1.0, "Test singulier :\nunicité du grain", RED, 9.5)
    _arrow(ax, 10.85, 4.35, 10.25, 4.35, RED, ls="--")
    _arrow(ax, 10.85, 2.8, 10.25, 4.05, RED, ls="--")
    _box(ax, 0.2, 0.55, 2.1, 0.9, "clients_actuels\n(export du CRM)", GREY, 9.5)
    _box(ax, 3.6, 0.55, 2.8, 0.9, "snapshot snap_clients\n(type 2 : dbt_valid_from\n"
         "et dbt_valid_to)", ORANGE, 9)
    _arrow(ax, 2.35, 1.0, 3.55, 1.0)
    ax.add_patch(FancyBboxPatch((7.6, 0.35), 5.75, 1.3,
                                boxstyle="round,pad=0.02,rounding_size=0.1",
                                facecolor=FILL[BLUE], edgecolor=BLUE, linewidth=1.4))
    ax.text(10.47, 1.0, "dbt build : chaque modèle dans l'ordre du graphe,\npuis ses tests ; "
            "un test en échec arrête\nles modèles qui en dépendent (ignorés).",
            ha="center", va="center", fontsize=9.5)
    return _save(fig, "dbt_lignage.png")


# --- C16 -----------------------------------------------------------------------------------

def change_path() -> Path:
    """How a change reaches production: test copy, regression suite, acceptance, rollback."""
    W, H = 13.5, 5.6
    fig, ax = _canvas(W, H)
    _title(ax, W, 5.35, "Faire évoluer un entrepôt en production : d'abord en test, "
           "toujours avec un filet")
    steps = [
        (0.2, "Production v1\n(inchangée)", GREY),
        (2.45, "Copie de test\n(mêmes données)", BLUE),
        (4.7, "Suite de\nnon-régression :\nverte avant", ORANGE),
        (6.95, "Migration\n(versionnée,\nrejouable)", BLUE),
        (9.2, "Suite verte après\n+ recette du\nnouveau besoin", ORANGE),
        (11.45, "Sauvegarde,\npuis mise en\nproduction", GREEN),
    ]
    for x, text, color in steps:
        _box(ax, x, 2.75, 1.85, 1.55, text, color, 9.5)
    for (x1, _, _), (x2, _, _) in zip(steps, steps[1:], strict=False):
        _arrow(ax, x1 + 1.9, 3.52, x2 - 0.05, 3.52)
    _box(ax, 6.95, 0.45, 4.1, 1.25, "✘ Un contrôle échoue : on corrige en test ;\nla "
         "production n'a jamais été touchée", RED, 9.5)
    _arrow(ax, 10.1, 2.7, 9.6, 1.75, RED)
    _box(ax, 11.45, 0.45, 1.85, 1.25, "Après : suite\nrelancée en\nproduction", GREEN, 9)
    _arrow(ax, 12.37, 2.7, 12.37, 1.75, GREEN)
    ax.text(0.2, 1.55, "Contrôles de la suite :\n• lignes de faits et sommes identiques\n"
            "• une version courante par clé,\n  sans trou ni chevauchement\n"
            "• aucune clé orpheline ou NULL\n• historique et clés conservés",
            fontsize=9.2, va="center", color="#111111", linespacing=1.35)
    return _save(fig, "evolution_en_test.png")


def grants_rls() -> Path:
    """What each role sees of the same sales: all, one store (RLS), masked columns."""
    W, H = 13.7, 6.6
    fig, ax = _canvas(W, H)
    _title(ax, W, 6.35, "Une même table, trois regards : droits par métier, RLS et masquage")
    cols = ["magasin", "client", "e-mail", "montant"]
    widths = [0.9, 0.75, 1.55, 0.95]
    rows = [["PV003", "1042", "c.martin@…", "42.10"],
            ["PV007", "2211", "l.nguyen@…", "18.75"],
            ["PV003", "3378", "j.petit@…", "7.30"],
            ["PV012", "—", "—", "25.00"]]
    panels = [
        (0.1, "dpo_audit (DPO)", "voit tout ;\nchaque lecture est journalisée", GREY,
         rows, {}, {}),
        (4.7, "resp_magasin_pv003", "RLS : seulement les lignes\nde son magasin (PV003)",
         GREEN, [r if r[0] == "PV003" else ["", "", "", ""] for r in rows],
         {0: GREEN, 2: GREEN}, {1: "italic", 3: "italic"}),
        (9.3, "analyste", "vue masquée : pas d'e-mail,\nclient pseudonymisé",
         BLUE, [[r[0], p, "masqué" if r[2] != "—" else "—", r[3]]
                for r, p in zip(rows, ("h:7c1e", "h:a94b", "h:30fd", "—"), strict=True)], {}, {}),
    ]
    for x, role, rule, colour, data, fill, style in panels:
        _box(ax, x, 5.1, 4.15, 0.75, role, colour, 11, "bold")
        _table(ax, x, 4.85, cols, data, widths, row_h=0.42, size=8.8, row_fill=fill,
               row_style=style,
               cells={(i, 2): BLUE for i in range(3)} if role == "analyste" else None)
        ax.text(x + 2.07, 2.55, rule, ha="center", va="top", fontsize=9.8, color="#111111")
    ax.text(6.77, 2.0, "(les lignes des autres magasins n'existent pas pour ce rôle)",
            ha="center", fontsize=8.8, color=GREY)
    ax.add_patch(FancyBboxPatch((0.15, 0.15), 13.2, 1.3,
                                boxstyle="round,pad=0.02,rounding_size=0.1",
                                facecolor=FILL[GREY], edgecolor=GREY, linewidth=1.2))
    ax.text(0.35, 0.8, "GRANT SELECT ON ventes TO dpo_audit;\n"
            "GRANT SELECT ON ventes TO resp_magasin;  ALTER TABLE ventes ENABLE ROW LEVEL "
            "SECURITY;\n"
            "CREATE POLICY un_magasin ON ventes FOR SELECT TO resp_magasin USING "
            "(magasin = current_setting('app.magasin'));\n"
            "GRANT SELECT ON v_ventes_analyse TO analyste;   -- et rien sur la table ventes",
            ha="left", va="center", fontsize=9, family="DejaVu Sans Mono", linespacing=1.5)
    return _save(fig, "droits_rls.png")


def backup_rpo_rto() -> Path:
    """Backups, an incident, RPO and RTO on a time line; restore is tested."""
    W, H = 13, 4.6
    fig, ax = _canvas(W, H)
    _title(ax, W, 4.35, "Sauvegarde et restauration : ce que l'on perd (RPO) et combien de "
           "temps on attend (RTO)")
    ax.annotate("", xy=(12.7, 2.3), xytext=(0.3, 2.3),
                arrowprops={"arrowstyle": "-|>", "color": "#111111", "linewidth": 1.5})
    for x, label in ((1.0, "sauvegarde\ncomplète\n(dimanche)"), (5.0, "sauvegarde\ncomplète\n"
                                                                    "(lundi)")):
        ax.add_patch(Rectangle((x - 0.12, 2.18), 0.24, 0.24, facecolor=BLUE, edgecolor=BLUE))
        ax.text(x, 2.6, label, ha="center", va="bottom", fontsize=9, color=BLUE)
    for k in range(9):
        x = 5.5 + k * 0.4
        ax.plot([x, x], [2.2, 2.4], color=GREEN, linewidth=2)
    ax.text(7.1, 2.6, "journaux de transactions\narchivés en continu (WAL)",
            ha="center", va="bottom", fontsize=9, color=GREEN)
    ax.plot([9.3, 9.3], [1.4, 3.3], color=RED, linewidth=2.5)
    ax.text(9.3, 3.4, "incident", ha="center", va="bottom", fontsize=10, color=RED,
            weight="bold")
    ax.annotate("", xy=(9.3, 1.6), xytext=(8.7, 1.6),
                arrowprops={"arrowstyle": "<->", "color": ORANGE, "linewidth": 1.6})
    ax.text(9.0, 1.45, "RPO : données\nperdues au plus", ha="right", va="top", fontsize=9,
            color=ORANGE)
    ax.add_patch(Rectangle((9.3, 2.18), 2.6, 0.24, facecolor=FILL[RED], edgecolor=RED,
                           hatch="///"))
    ax.annotate("", xy=(11.9, 1.6), xytext=(9.3, 1.6),
                arrowprops={"arrowstyle": "<->", "color": RED, "linewidth": 1.6})
    ax.text(10.7, 1.45, "RTO : durée de la\nrestauration", ha="center", va="top", fontsize=9,
            color=RED)
    ax.text(0.3, 0.35, "Une sauvegarde jamais restaurée n'est pas une sauvegarde : restaurez "
            "régulièrement dans un environnement de test,\npuis vérifiez (nombre de lignes, "
            "sommes de contrôle, requêtes témoins) et notez la durée mesurée.",
            fontsize=9.8, va="center")
    return _save(fig, "sauvegarde_rpo_rto.png")


# --- C17 -----------------------------------------------------------------------------------

def _scd(name, title, event, cols, widths, before, after, *, cells=None, new=(),
         closed=(), note="", width=13.0):
    """Rows of a dimension before and after a change, with the changed cells marked."""
    n = len(before) + len(after)
    H = 3.0 + 0.42 * (n + 2) + (0.5 if note else 0)
    fig, ax = _canvas(width, H)
    _title(ax, width, H - 0.3, title, size=13)
    x = (width - sum(widths)) / 2
    y = H - 0.85
    ax.text(x, y, "Avant", fontsize=11, weight="bold", va="center")
    y = _table(ax, x, y - 0.2, cols, before, widths)
    ax.annotate("", xy=(width / 2, y - 0.75), xytext=(width / 2, y - 0.1),
                arrowprops={"arrowstyle": "-|>", "color": GREY, "linewidth": 1.6})
    ax.text(width / 2 + 0.2, y - 0.42, event, fontsize=10, va="center", color="#111111")
    y -= 1.05
    ax.text(x, y, "Après", fontsize=11, weight="bold", va="center")
    marks = {}
    marks.update({i: GREEN for i in new})
    bottom = _table(ax, x, y - 0.2, cols, after, widths, cells=cells or {}, row_fill=marks,
                    row_style={i: "italic" for i in closed})
    top_after = y - 0.2 - 0.4
    for i in new:
        ax.text(x + sum(widths) + 0.1, top_after - 0.4 * i - 0.2, "← nouvelle ligne",
                fontsize=9.5, color=GREEN, va="center", weight="bold")
    for i in closed:
        ax.text(x + sum(widths) + 0.1, top_after - 0.4 * i - 0.2, "← version fermée",
                fontsize=9.5, color=GREY, va="center")
    if cells:
        ax.text(x, bottom - 0.3, "encadré orange, en gras : valeur modifiée",
                fontsize=9, color=ORANGE, va="center")
    if note:
        ax.text(x, bottom - 0.75, note, fontsize=9.8, va="center", color="#111111")
    _crop(fig, ax, bottom - (1.0 if note else 0.6), H)
    return _save(fig, name)


def scd_type0() -> Path:
    cols = ["client_key", "id_client", "date_inscription", "departement"]
    widths = [1.5, 1.4, 2.2, 1.6]
    return _scd(
        "scd_type0.png", "Type 0 : on garde la valeur d'origine",
        "la source renvoie date_inscription = 2024-05-15 (carte refaite)",
        cols, widths,
        [["5310", "1042", "2023-02-03", "69"]],
        [["5310", "1042", "2023-02-03", "69"]],
        note="Rien ne change : la date d'inscription est figée par définition "
             "(l'ancienneté du client ne se réinitialise pas).")


def scd_type1() -> Path:
    cols = ["produit_key", "id_produit", "libelle", "rayon"]
    widths = [1.5, 1.4, 3.6, 2.0]
    return _scd(
        "scd_type1.png", "Type 1 : on écrase (corriger, sans historique)",
        "correction d'une faute de frappe dans le libellé",
        cols, widths,
        [["812", "1187", "Amandes décortiqées", "Épicerie sucrée"]],
        [["812", "1187", "Amandes décortiquées", "Épicerie sucrée"]],
        cells={(0, 2): ORANGE},
        note="L'ancienne valeur disparaît : toutes les ventes passées affichent le nouveau "
             "libellé. Normal pour une correction.")


def scd_type2() -> Path:
    cols = ["client_key", "id_client", "commune", "dept", "valide_du", "valide_au", "courant"]
    widths = [1.3, 1.2, 1.3, 0.8, 1.55, 1.55, 1.1]
    return _scd(
        "scd_type2.png", "Type 2 : une nouvelle ligne par version (historique complet)",
        "le 15/05/2024, la cliente 1042 déménage de Lyon à Nantes",
        cols, widths,
        [["5310", "1042", "Lyon", "69", "2023-02-03", "9999-12-31", "oui"]],
        [["5310", "1042", "Lyon", "69", "2023-02-03", "2024-05-15", "non"],
         ["20417", "1042", "Nantes", "44", "2024-05-15", "9999-12-31", "oui"]],
        cells={(0, 5): ORANGE, (0, 6): ORANGE}, new=(1,), closed=(0,),
        note="Intervalles semi-ouverts [valide_du, valide_au) : contigus, sans chevauchement. "
             "Les ventes d'avant le 15/05 gardent la clé 5310.")


def scd_type3() -> Path:
    cols = ["produit_key", "libelle", "rayon", "rayon_precedent", "date_chgt"]
    widths = [1.4, 1.9, 2.1, 2.3, 1.6]
    return _scd(
        "scd_type3.png", "Type 3 : une colonne pour la valeur précédente",
        "réorganisation du catalogue du 01/03/2024 : les fruits secs changent de rayon",
        cols, widths,
        [["812", "Amandes", "Épicerie salée", "NULL", "NULL"]],
        [["812", "Amandes", "Épicerie sucrée", "Épicerie salée", "2024-03-01"]],
        cells={(0, 2): ORANGE, (0, 3): ORANGE, (0, 4): ORANGE},
        note="Une seule ligne : on peut présenter toutes les ventes « avec l'ancien » ou "
             "« avec le nouveau » rayon. Un seul cran d'historique.")


def scd_type4() -> Path:
    """Current table + history table."""
    W, H = 13, 6.6
    fig, ax = _canvas(W, H)
    _title(ax, W, H - 0.3, "Type 4 : la dimension courante d'un côté, l'historique de l'autre",
           size=13)
    ax.text(0.3, 5.75, "Après le déménagement du 15/05/2024 :", fontsize=11, weight="bold")
    ax.text(0.3, 5.25, "dim_client (courant : une ligne par client, écrasée)", fontsize=10,
            color=BLUE, weight="bold")
    _table(ax, 0.3, 5.05, ["client_key", "id_client", "commune", "dept"],
           [["5310", "1042", "Nantes", "44"]], [1.4, 1.3, 1.4, 0.9],
           cells={(0, 2): ORANGE, (0, 3): ORANGE})
    ax.text(0.3, 3.75, "dim_client_historique (toutes les versions)", fontsize=10,
            color=PURPLE, weight="bold")
    _table(ax, 0.3, 3.55, ["id_client", "commune", "dept", "valide_du", "valide_au"],
           [["1042", "Lyon", "69", "2023-02-03", "2024-05-15"],
            ["1042", "Nantes", "44", "2024-05-15", "9999-12-31"]],
           [1.3, 1.4, 0.9, 1.6, 1.6], row_fill={1: GREEN})
    ax.text(7.3, 5.0, "Les requêtes courantes restent\nsimples et rapides (petite table) ;\n"
            "l'historique sert aux audits et\naux analyses « à la date ».", fontsize=10,
            va="top")
    ax.text(7.3, 3.3, "Autre sens de « type 4 » (Kimball) :\nla mini-dimension. Les attributs "
            "qui\nchangent souvent (tranche d'âge,\nsegment de fidélité) sortent dans une\n"
            "petite dimension à part, référencée\ndirectement par la table de faits.",
            fontsize=10, va="top", color=GREY)
    ax.text(0.3, 1.2, "Vérifiez toujours ce que votre interlocuteur appelle « type 4 » : "
            "les deux usages coexistent.", fontsize=9.8)
    _crop(fig, ax, 0.8, H)
    return _save(fig, "scd_type4.png")


def scd_type6() -> Path:
    cols = ["client_key", "id_client", "dept_historique", "dept_actuel", "valide_du",
            "valide_au", "courant"]
    widths = [1.3, 1.2, 1.9, 1.6, 1.55, 1.55, 1.0]
    return _scd(
        "scd_type6.png", "Type 6 (= 1 + 2 + 3) : versions, et la valeur actuelle sur chaque "
                         "ligne",
        "le 15/05/2024, la cliente 1042 déménage du Rhône (69) en Loire-Atlantique (44)",
        cols, widths,
        [["5310", "1042", "69", "69", "2023-02-03", "9999-12-31", "oui"]],
        [["5310", "1042", "69", "44", "2023-02-03", "2024-05-15", "non"],
         ["20417", "1042", "44", "44", "2024-05-15", "9999-12-31", "oui"]],
        cells={(0, 3): ORANGE, (0, 5): ORANGE, (0, 6): ORANGE}, new=(1,), closed=(0,),
        width=13.5,
        note="dept_historique : la valeur à la date du fait (type 2). dept_actuel : écrasé "
             "sur toutes les versions (type 1).")


def main() -> None:
    for draw in (warehouse_chain, architectures, star_schema, star_vs_snowflake, bus_matrix,
                 idempotent_load, late_arrivals, quality_gate, dbt_lineage, grants_rls,
                 backup_rpo_rto, change_path,
                 scd_type0, scd_type1, scd_type2, scd_type3, scd_type4, scd_type6):
        print(draw().relative_to(HERE.parents[2]))


if __name__ == "__main__":
    main()
