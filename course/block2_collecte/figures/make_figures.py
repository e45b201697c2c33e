"""Draw the diagrams of the block 2 lessons (French labels) as PNG files beside this script.

Drawn with the shared kit ``course/figure_kit.py`` (deterministic, offline). Run from the
repository root after changing a figure, then commit the PNG files:

    .venv/bin/python course/block2_collecte/figures/make_figures.py
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # course/figure_kit.py

from figure_kit import BLUE, FILL, GREEN, GREY, ORANGE, RED, box, canvas, save  # noqa: E402
from figure_kit import arrow as _kit_arrow  # noqa: E402
from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.patches import FancyBboxPatch  # noqa: E402

_canvas, _box = canvas, box
_arrow = partial(_kit_arrow, dy=0.18)


def _save(fig, name: str) -> Path:
    return save(fig, HERE, name)


def pipeline() -> Path:
    """Collect -> land raw -> clean -> store -> share, with the competences."""
    fig, ax = _canvas(12, 4.4, 12, 4.4)
    steps = [
        ("Collecter", "API, scraping,\nfichiers, SGBD,\nbig data", "C8 · C9", BLUE),
        ("Déposer brut", "zone brute\nimmuable +\nmétadonnées", "C8", GREY),
        ("Nettoyer", "formats homogènes,\ndoublons,\nquarantaine", "C10", ORANGE),
        ("Stocker", "base conforme\nau RGPD\n(MCD → MPD)", "C11", GREEN),
        ("Partager", "API, vues,\nexports\ndocumentés", "C12", BLUE),
    ]
    w, h, gap, y = 1.9, 2.1, 0.45, 1.2
    for i, (title, detail, comp, color) in enumerate(steps):
        x = 0.25 + i * (w + gap)
        _box(ax, x, y, w, h, "", color)
        ax.text(x + w / 2, y + h - 0.35, title, ha="center", va="center", fontsize=13,
                weight="bold")
        ax.text(x + w / 2, y + 0.85, detail, ha="center", va="center", fontsize=10,
                linespacing=1.3)
        ax.text(x + w / 2, y - 0.35, comp, ha="center", va="center", fontsize=11,
                color=color, weight="bold")
        if i < len(steps) - 1:
            _arrow(ax, x + w + 0.03, y + h / 2, x + w + gap - 0.03, y + h / 2)
    ax.text(6, 4.05, "La chaîne de collecte du bloc 2 : chaque étape est un script rejouable",
            ha="center", fontsize=13, weight="bold")
    ax.annotate("", xy=(0.25 + w / 2, 0.45), xytext=(0.25 + 4 * (w + gap) + w / 2, 0.45),
                arrowprops={"arrowstyle": "-|>", "color": RED, "linestyle": "--",
                            "linewidth": 1.4, "connectionstyle": "arc3,rad=0"})
    ax.text(6, 0.12, "rejouer depuis la zone brute si une règle change : pas besoin de "
            "recollecter la source", ha="center", fontsize=10, color=RED)
    return _save(fig, "pipeline_collecte.png")


def pagination() -> Path:
    """Offset pagination repeats a row when one is inserted; a cursor does not."""
    fig, axes = plt.subplots(1, 2, figsize=(12, 5.6))
    for ax in axes:
        ax.set_xlim(0, 6)
        ax.set_ylim(-0.6, 8.2)
        ax.axis("off")

    def rows(ax, x, ids, got=(), new=(), dup=(), label=""):
        ax.text(x + 0.6, 7.55, label, ha="center", fontsize=10.5, weight="bold")
        for k, rid in enumerate(ids):
            yy = 6.7 - k * 0.75
            color = RED if rid in dup else ORANGE if rid in new else (
                GREEN if rid in got else GREY)
            _box(ax, x, yy, 1.2, 0.55, str(rid), color, size=10)

    ids_before = [101, 102, 103, 104, 105, 106, 107, 108]
    ids_after = [99, 101, 102, 103, 104, 105, 106, 107]
    # left: page/size
    ax = axes[0]
    ax.set_title("Par numéro de page (size=3)", fontsize=12, weight="bold")
    rows(ax, 0.3, ids_before, got=(101, 102, 103), label="appel 1 : page=1")
    rows(ax, 3.2, ids_after, got=(104, 105), new=(99,), dup=(103,),
         label="appel 2 : page=2")
    _arrow(ax, 1.55, 5.47, 3.15, 4.72, RED, text="reçue deux fois", dy=0.12)
    ax.text(3.0, -0.45, "La ligne 99 a été insérée entre les deux appels : tout se décale,\n"
            "103 arrive deux fois. Une suppression ferait sauter une ligne.",
            ha="center", fontsize=9.5, color=RED)
    # right: cursor
    ax = axes[1]
    ax.set_title("Par curseur (clé > dernière clé vue)", fontsize=12, weight="bold")
    rows(ax, 0.3, ids_before, got=(101, 102, 103), label="appel 1 : début")
    rows(ax, 3.2, ids_after, got=(104, 105, 106), new=(99,),
         label="appel 2 : cursor=« 103 »")
    _arrow(ax, 1.55, 5.47, 3.15, 4.72, GREEN, text="reprend après 103", dy=0.12)
    ax.text(3.0, -0.45, "WHERE id > 103 ORDER BY id LIMIT 3 : ni doublon ni trou.\n"
            "(La ligne 99, plus petite, sera vue à la prochaine extraction.)",
            ha="center", fontsize=9.5, color=GREEN)
    fig.suptitle("Paginer pendant que les données changent "
                 "(vert : reçu ; orange : ligne insérée entre deux appels)",
                 fontsize=12.5, weight="bold")
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    return _save(fig, "pagination_page_curseur.png")


def watermark() -> Path:
    """Incremental extraction on updated_at with a watermark and an overlap margin."""
    fig, ax = _canvas(12, 5.2, 12, 4.8)
    ax.set_ylim(-0.5, 4.8)
    ax.text(6, 4.45, "Extraction incrémentale : le filigrane (watermark) sur updated_at",
            ha="center", fontsize=13.5, weight="bold")
    ax.annotate("", xy=(11.7, 1.6), xytext=(0.3, 1.6),
                arrowprops={"arrowstyle": "-|>", "color": "#111111", "linewidth": 1.6})
    ax.text(11.7, 1.2, "temps (updated_at)", ha="right", fontsize=10)
    runs = [(3.0, "fin de l'exécution 1\nfiligrane = 02:00"),
            (6.6, "fin de l'exécution 2\nfiligrane = 03:00"),
            (10.2, "fin de l'exécution 3\nfiligrane = 04:00")]
    for x, label in runs:
        ax.plot([x, x], [1.35, 3.4], color=BLUE, linewidth=2)
        ax.text(x, 3.55, label, ha="center", va="bottom", fontsize=9.5, color=BLUE)
    # windows read by runs 2 and 3, with an overlap margin
    for x0, x1, yy in [(2.4, 6.6, 2.55), (6.0, 10.2, 2.05)]:
        ax.add_patch(FancyBboxPatch((x0, yy), x1 - x0, 0.35,
                                    boxstyle="round,pad=0,rounding_size=0.08",
                                    facecolor=FILL[GREEN], edgecolor=GREEN, linewidth=1.4))
    ax.text(4.5, 2.72, "lu par l'exécution 2", ha="center", va="center", fontsize=9.5)
    ax.text(8.1, 2.22, "lu par l'exécution 3", ha="center", va="center", fontsize=9.5)
    for x0 in (2.4, 6.0):
        ax.add_patch(FancyBboxPatch((x0, 1.95), 0.6, 1.05, boxstyle="square,pad=0",
                                    facecolor="none", edgecolor=ORANGE, hatch="///",
                                    linewidth=0))
    ax.text(2.7, 1.05, "marge de\nrecouvrement", ha="center", va="top", fontsize=9,
            color=ORANGE)
    # events: ordinary updates and one late commit
    for x in (1.0, 1.8, 2.7, 4.1, 5.2, 6.3, 7.4, 8.8, 9.6):
        ax.plot(x, 1.6, "o", color=GREY, markersize=7)
    ax.plot(6.3, 1.6, "o", color=RED, markersize=10)
    ax.text(6.3, 0.95, "ligne validée en retard\n(updated_at = 02:55,\nvisible à 03:05)",
            ha="center", va="top", fontsize=9, color=RED)
    ax.text(0.3, -0.4, "Chaque exécution lit updated_at >= filigrane − marge, dédoublonne "
            "sur la clé, puis enregistre le nouveau filigrane = max(updated_at) lu.",
            ha="left", fontsize=10)
    return _save(fig, "filigrane_incremental.png")


def quarantine() -> Path:
    """Rows flow into the table, the quarantine (to review) or the rejects."""
    fig, ax = _canvas(13, 5.2, 13, 5.2)
    ax.text(6.5, 4.85, "Une règle de nettoyage ne jette rien en silence", ha="center",
            fontsize=13.5, weight="bold")
    _box(ax, 0.2, 1.9, 2.2, 1.4, "Lignes reçues\n(zone brute)", GREY, size=11)
    _box(ax, 3.2, 1.75, 2.6, 1.7, "Règles\n(format, type,\nclé, cohérence)", ORANGE, 11)
    _box(ax, 7.0, 3.35, 4.6, 1.05, "Valides → table nettoyée", GREEN, 11, "bold")
    _box(ax, 7.0, 1.95, 4.6, 1.1,
         "Suspectes → quarantaine\n(à revoir : prix 10 × trop haut, date future…)", ORANGE,
         10.5)
    _box(ax, 7.0, 0.55, 4.6, 1.1,
         "Corrompues → rejets motivés\n(nombre de champs faux, EAN invalide…)", RED, 10.5)
    _arrow(ax, 2.45, 2.6, 3.15, 2.6)
    _arrow(ax, 5.85, 3.1, 6.95, 3.85, GREEN)
    _arrow(ax, 5.85, 2.6, 6.95, 2.5, ORANGE)
    _arrow(ax, 5.85, 2.1, 6.95, 1.15, RED)
    ax.annotate("", xy=(11.65, 3.85), xytext=(11.65, 2.5),
                arrowprops={"arrowstyle": "-|>", "color": ORANGE, "linestyle": "--",
                            "linewidth": 1.5, "connectionstyle": "arc3,rad=0.6",
                            "mutation_scale": 16})
    ax.text(0.2, 0.95, "Chaque ligne écartée garde :\nla source, le n° de ligne,\n"
            "la règle et la valeur brute.", ha="left", va="center", fontsize=10)
    ax.text(0.2, 0.1, "Rapport qualité : combien de lignes par règle et par source, à "
            "chaque exécution.", ha="left", fontsize=10, color=GREY)
    ax.text(12.25, 3.15, "revue\nhumaine :\ncorrigée\nou validée", ha="left", va="center",
            fontsize=9, color=ORANGE)
    return _save(fig, "quarantaine.png")


def precision_recall() -> Path:
    """Precision and recall of a cleaning rule, on an example."""
    fig, ax = _canvas(11, 4.6, 11, 4.6)
    ax.text(5.5, 4.3, "Évaluer une règle de nettoyage : précision et rappel", ha="center",
            fontsize=13.5, weight="bold")
    # two overlapping rectangles: truly defective rows vs rows the rule removes
    ax.add_patch(FancyBboxPatch((0.4, 0.7), 5.2, 3.0, boxstyle="round,pad=0,rounding_size=0.2",
                                facecolor=FILL[RED], edgecolor=RED, linewidth=1.8, alpha=0.9))
    ax.add_patch(FancyBboxPatch((3.6, 1.1), 4.0, 2.2, boxstyle="round,pad=0,rounding_size=0.2",
                                facecolor=FILL[BLUE], edgecolor=BLUE, linewidth=1.8,
                                alpha=0.75))
    ax.text(1.9, 3.35, "lignes réellement\ndéfectueuses : 60", ha="center", va="top",
            fontsize=10.5, color=RED)
    ax.text(6.6, 3.0, "lignes écartées\npar la règle : 50", ha="center", va="top",
            fontsize=10.5, color=BLUE)
    ax.text(4.6, 1.9, "bien écartées\n45", ha="center", va="center", fontsize=11,
            weight="bold")
    ax.text(2.0, 1.4, "défauts manqués\n15", ha="center", va="center", fontsize=10.5)
    ax.text(6.9, 1.45, "fausses\nalertes\n5", ha="center", va="center", fontsize=10.5)
    ax.text(7.9, 2.55, "précision = 45 / 50 = 90 %\n(ce que la règle écarte\nest-il "
            "vraiment faux ?)", ha="left", va="center", fontsize=10.5, color=BLUE)
    ax.text(7.9, 1.05, "rappel = 45 / 60 = 75 %\n(quelle part des défauts\nla règle "
            "trouve-t-elle ?)", ha="left", va="center", fontsize=10.5, color=RED)
    return _save(fig, "precision_rappel.png")


def pseudonymisation() -> Path:
    """Bare hash (reversible by enumeration) vs keyed hash (HMAC)."""
    fig, ax = _canvas(12, 4.9, 12, 4.9)
    ax.text(6, 4.6, "Pseudonymiser un identifiant : hachage simple ou hachage à clé (HMAC)",
            ha="center", fontsize=13.5, weight="bold")
    # top row: bare hash
    _box(ax, 0.2, 2.75, 2.6, 0.9, "e-mail\nclaire.martin@…", GREY, 10)
    _box(ax, 3.6, 2.75, 2.2, 0.9, "SHA-256\n(sans secret)", RED, 10.5)
    _box(ax, 6.6, 2.75, 2.0, 0.9, "9f2c…e41a", GREY, 10)
    _arrow(ax, 2.85, 3.2, 3.55, 3.2)
    _arrow(ax, 5.85, 3.2, 6.55, 3.2)
    _box(ax, 9.3, 2.6, 2.5, 1.2, "un attaquant hache\nune liste d'e-mails\net retrouve la "
         "personne", RED, 9.5)
    _arrow(ax, 8.65, 3.2, 9.25, 3.2, RED)
    # bottom row: keyed hash
    _box(ax, 0.2, 0.75, 2.6, 0.9, "e-mail\nclaire.martin@…", GREY, 10)
    _box(ax, 3.6, 0.75, 2.2, 0.9, "HMAC-SHA-256\n(clé secrète)", GREEN, 10.5)
    _box(ax, 6.6, 0.75, 2.0, 0.9, "47d0…8b3c", GREY, 10)
    _arrow(ax, 2.85, 1.2, 3.55, 1.2)
    _arrow(ax, 5.85, 1.2, 6.55, 1.2)
    _box(ax, 9.3, 0.6, 2.5, 1.2, "sans la clé, la liste\nne sert à rien ;\njointures "
         "possibles", GREEN, 9.5)
    _arrow(ax, 8.65, 1.2, 9.25, 1.2, GREEN)
    _box(ax, 3.75, 0.0, 1.9, 0.45, "clé hors de la base", ORANGE, 9)
    ax.text(0.2, 2.2, "Dans les deux cas, c'est une pseudonymisation : les données restent "
            "personnelles (RGPD).", ha="left", fontsize=10, color=GREY)
    return _save(fig, "pseudonymisation_hmac.png")


def partition_pruning() -> Path:
    """OLTP index lookup vs big data partition pruning."""
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.8))
    for ax in axes:
        ax.set_xlim(0, 6)
        ax.set_ylim(0, 5)
        ax.axis("off")
    ax = axes[0]
    ax.set_title("SGBD transactionnel (PostgreSQL)", fontsize=12, weight="bold")
    _box(ax, 0.3, 3.4, 2.4, 0.8, "index B-tree\nsur updated_at", BLUE, 10)
    for k in range(6):
        color = GREEN if k in (3, 4) else GREY
        _box(ax, 3.4, 0.4 + k * 0.65, 2.2, 0.5, f"page de lignes {k + 1}", color, 9)
    _arrow(ax, 2.75, 3.7, 3.35, 2.65, GREEN)
    _arrow(ax, 2.75, 3.7, 3.35, 3.3, GREEN)
    ax.text(1.5, 1.6, "peu de lignes,\nretrouvées vite ;\nmais la base sert\naussi les clients :\n"
            "ne pas la saturer", ha="center", va="center", fontsize=9.5)
    ax = axes[1]
    ax.set_title("Système big data (Spark sur fichiers)", fontsize=12, weight="bold")
    days = ["day=2024-06-01", "day=2024-06-02", "day=2024-06-03", "day=2024-06-04",
            "day=2024-06-05", "day=2024-06-06"]
    for k, d in enumerate(days):
        keep = d in ("day=2024-06-03", "day=2024-06-04")
        _box(ax, 3.0, 4.0 - k * 0.7, 2.7, 0.5, d, GREEN if keep else GREY, 9)
        if not keep:
            ax.plot([3.05, 5.65], [4.25 - k * 0.7, 4.25 - k * 0.7], color=RED, linewidth=1.2)
    ax.text(1.35, 2.5, "WHERE day BETWEEN\n'2024-06-03'\nAND '2024-06-04'\n\n"
            "seuls 2 dossiers\nsont lus (élagage\ndes partitions)", ha="center",
            va="center", fontsize=9.5)
    fig.suptitle("Où la requête va-t-elle chercher les données ?", fontsize=13.5,
                 weight="bold")
    fig.tight_layout(rect=(0, 0, 1, 0.93))
    return _save(fig, "oltp_vs_bigdata.png")


def main() -> None:
    for draw in (pipeline, pagination, watermark, quarantine, precision_recall,
                 pseudonymisation, partition_pruning):
        print(draw().relative_to(HERE.parents[2]))


if __name__ == "__main__":
    main()
