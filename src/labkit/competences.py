"""The 21 competences of RNCP37638 and the labs that train them.

Ids and titles follow ``shared/seed/competences.md`` (the sheet's order). The
coverage is derived from the graded cells' ``labkit.competences`` metadata,
never maintained by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from labkit.labs import Lab, discover


@dataclass(frozen=True)
class Competence:
    id: str
    block: str  # BC01..BC04
    title: str  # short, French


BLOCK_TITLES = {
    "BC01": "Piloter un projet data",
    "BC02": "Collecter, stocker et mettre à disposition les données",
    "BC03": "Élaborer et maintenir un entrepôt de données",
    "BC04": "Concevoir et exploiter un data lake",
}

_TITLES = [
    ("BC01", "Étude de faisabilité d'un besoin data"),
    ("BC01", "Cartographie des données disponibles"),
    ("BC01", "Cadre technique d'exploitation (RGPD, éco-responsabilité)"),
    ("BC01", "Veille technique et réglementaire"),
    ("BC01", "Planification du projet"),
    ("BC01", "Supervision du projet"),
    ("BC01", "Communication"),
    ("BC02", "Automatiser l'extraction"),
    ("BC02", "Requêtes SQL d'extraction"),
    ("BC02", "Règles d'agrégation et de nettoyage"),
    ("BC02", "Base de données conforme au RGPD"),
    ("BC02", "Partager le jeu de données (API)"),
    ("BC03", "Modélisation dimensionnelle"),
    ("BC03", "Créer l'entrepôt de données"),
    ("BC03", "ETL en entrée et en sortie"),
    ("BC03", "Administrer l'entrepôt"),
    ("BC03", "Dimensions à évolution lente"),
    ("BC04", "Architecture du data lake"),
    ("BC04", "Intégrer les composants du data lake"),
    ("BC04", "Gérer le catalogue de données"),
    ("BC04", "Règles de gouvernance"),
]

COMPETENCES: dict[str, Competence] = {
    f"C{i}": Competence(f"C{i}", block, title) for i, (block, title) in enumerate(_TITLES, 1)
}


@dataclass
class Coverage:
    competence: Competence
    labs: list[str] = field(default_factory=list)  # lab ids
    graded_cells: int = 0
    points: float = 0.0


def coverage(labs: list[Lab] | None = None) -> list[Coverage]:
    """C1–C21 in order, each with the labs, graded cells and points that train it."""
    table = {cid: Coverage(comp) for cid, comp in COMPETENCES.items()}
    for lab in discover() if labs is None else labs:
        for cell in lab.graded_cells():
            for cid in cell.competences:
                row = table.get(cid)
                if row is None:  # unknown ids are reported by the lab contract
                    continue
                row.graded_cells += 1
                row.points += cell.points
                if lab.id not in row.labs:
                    row.labs.append(lab.id)
    return list(table.values())


def markdown_table(rows: list[Coverage]) -> str:
    """The coverage as a Markdown table: block, competence, labs, graded cells, points."""
    lines = [
        "| block | competence | labs | graded cells | points |",
        "|---|---|---|---:|---:|",
    ]
    for row in rows:
        comp = row.competence
        labs = ", ".join(f"`{lab}`" for lab in row.labs) or "—"
        lines.append(
            f"| {comp.block} {BLOCK_TITLES[comp.block]} | {comp.id} {comp.title} | {labs} "
            f"| {row.graded_cells} | {row.points:g} |"
        )
    return "\n".join(lines)
