"""Per learner × competence evidence, competence and block decisions, for the certification jury.

A competence's ratio is the points obtained over the maximum of every graded
cell tagged with it (a cell tagged with two competences counts for both). It
is validated when the ratio reaches the threshold (default 0.6); with no
graded cell at all it is "non évaluée". A block is validated when all its
competences are validated: a "non évaluée" competence keeps its block open.
The title needs the four blocks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib import colormaps
from matplotlib.figure import Figure

from labkit.competences import BLOCK_TITLES, COMPETENCES, Competence
from labkit.grading.course import Course
from labkit.grading.evidence import CellResult, Evidence, collect, lab_info
from labkit.grading.export import write_csv
from labkit.grading.feedback import render

DEFAULT_THRESHOLD = 0.6
VALIDATED = "validée"
NOT_VALIDATED = "non validée"
NOT_ASSESSED = "non évaluée"
EPSILON = 1e-9


@dataclass(frozen=True)
class CompetenceScore:
    competence: Competence
    points: float = 0.0
    max_points: float = 0.0
    pending: int = 0  # manually graded cells still waiting (counted 0)

    @property
    def ratio(self) -> float | None:
        return self.points / self.max_points if self.max_points else None

    def status(self, threshold: float) -> str:
        if self.ratio is None:
            return NOT_ASSESSED
        return VALIDATED if self.ratio >= threshold - EPSILON else NOT_VALIDATED


@dataclass(frozen=True)
class BlockDecision:
    block: str
    missing: tuple[str, ...]  # competences not validated (or not assessed)

    @property
    def validated(self) -> bool:
        return not self.missing

    @property
    def label(self) -> str:
        return "validé" if self.validated else "non validé"


@dataclass(frozen=True)
class LearnerReport:
    evidence: Evidence
    scores: dict[str, CompetenceScore]
    statuses: dict[str, str]
    blocks: dict[str, BlockDecision]

    @property
    def title_validated(self) -> bool:
        return all(b.validated for b in self.blocks.values())


def competence_scores(evidence: Evidence) -> dict[str, CompetenceScore]:
    """C1–C21, each with the points and maximum of the learner's graded cells tagged with it."""
    totals = {cid: [0.0, 0.0, 0] for cid in COMPETENCES}
    for lab in evidence.labs:
        for cell in lab.cells:
            for cid in cell.competences:
                if cid in totals:
                    totals[cid][0] += cell.score
                    totals[cid][1] += cell.max_score
                    totals[cid][2] += cell.pending
    return {cid: CompetenceScore(COMPETENCES[cid], p, m, int(w))
            for cid, (p, m, w) in totals.items()}


def block_decisions(statuses: dict[str, str]) -> dict[str, BlockDecision]:
    """A block is validated when every one of its competences is validated."""
    return {
        block: BlockDecision(block, tuple(
            cid for cid, comp in COMPETENCES.items()
            if comp.block == block and statuses.get(cid, NOT_ASSESSED) != VALIDATED
        ))
        for block in BLOCK_TITLES
    }


def learner_report(evidence: Evidence, threshold: float = DEFAULT_THRESHOLD) -> LearnerReport:
    scores = competence_scores(evidence)
    statuses = {cid: s.status(threshold) for cid, s in scores.items()}
    return LearnerReport(evidence, scores, statuses, block_decisions(statuses))


def _ratio(score: CompetenceScore) -> str:
    return "" if score.ratio is None else f"{score.ratio:.3f}"


def competence_rows(reports: list[LearnerReport]) -> list[list[str]]:
    """Long format: one row per learner × competence."""
    return [
        [r.evidence.learner.id, cid, s.competence.block, f"{s.points:g}", f"{s.max_points:g}",
         _ratio(s), r.statuses[cid], str(s.pending)]
        for r in reports
        for cid, s in r.scores.items()
    ]


def summary_rows(reports: list[LearnerReport]) -> list[list[str]]:
    """Wide format: one row per learner, ratios C1–C21 then the block decisions."""
    return [
        [r.evidence.learner.id, r.evidence.learner.name, r.evidence.learner.email]
        + [_ratio(s) for s in r.scores.values()]
        + [b.label for b in r.blocks.values()]
        + ["oui" if r.title_validated else "non"]
        for r in reports
    ]


COMPETENCE_HEADER = ["student_id", "competence", "block", "points", "max_points", "ratio",
                     "decision", "pending_manual"]
SUMMARY_HEADER = (["student_id", "name", "email", *COMPETENCES, *BLOCK_TITLES]
                  + ["title_all_blocks"])


def write_csvs(reports: list[LearnerReport], out: Path) -> list[Path]:
    """``competences.csv`` (long) and ``cohort_summary.csv`` (wide) into ``out``."""
    return [
        write_csv(out / "competences.csv", COMPETENCE_HEADER, competence_rows(reports)),
        write_csv(out / "cohort_summary.csv", SUMMARY_HEADER, summary_rows(reports)),
    ]


MARKS = {VALIDATED: "✓", NOT_VALIDATED: "✗", NOT_ASSESSED: "–"}


def _mark_colour(ratio: float | None) -> str:
    """White on the darkest red and green cells, black elsewhere (contrast)."""
    return "white" if ratio is not None and (ratio < 0.2 or ratio > 0.85) else "black"


def _grid(reports: list[LearnerReport]) -> np.ma.MaskedArray:
    ratios = [[s.ratio if s.ratio is not None else np.nan for s in r.scores.values()]
              for r in reports]
    return np.ma.masked_invalid(np.array(ratios, dtype=float).reshape(len(reports), -1))


def _block_edges(ax) -> None:
    ids = list(COMPETENCES)
    for block in BLOCK_TITLES:
        cols = [i for i, cid in enumerate(ids) if COMPETENCES[cid].block == block]
        ax.axvline(cols[-1] + 0.5, color="black", linewidth=1.5)
        ax.text((cols[0] + cols[-1]) / 2, -0.7, block, ha="center", va="bottom",
                fontweight="bold", transform=ax.transData)


def heatmap(reports: list[LearnerReport], path: Path, threshold: float) -> Path:
    """The cohort as a picture: learners × C1–C21, colour = ratio, mark = decision."""
    grid = _grid(reports)
    fig = Figure(figsize=(3 + 0.5 * len(COMPETENCES), 2.2 + 0.45 * max(len(reports), 1)))
    ax = fig.add_subplot()
    cmap = colormaps["RdYlGn"].with_extremes(bad="#d9d9d9")
    image = ax.imshow(grid, cmap=cmap, vmin=0, vmax=1, aspect="auto")
    for row, report in enumerate(reports):
        for col, (cid, status) in enumerate(report.statuses.items()):
            ax.text(col, row, MARKS[status], ha="center", va="center", fontsize=11,
                    color=_mark_colour(report.scores[cid].ratio))
    ax.set_xticks(range(len(COMPETENCES)), list(COMPETENCES))
    ax.set_yticks(range(len(reports)), [r.evidence.learner.name for r in reports])
    _block_edges(ax)
    ax.set_title(f"Compétences de la cohorte — seuil de validation {pct(threshold)}\n"
                 "✓ validée   ✗ non validée   – non évaluée (gris)", pad=28)
    fig.colorbar(image, ax=ax, label="Part des points obtenus", fraction=0.03)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    return path


SHEET = """{% extends "page.html" %}
{% block title %}Fiche de preuves : {{ learner.name }}{% endblock %}
{% block body %}
<h1>Fiche de preuves pour le jury</h1>
<p><strong>Candidat ou candidate :</strong> {{ learner.name }} (<code>{{ learner.id }}</code>)
{%- if learner.email %}, {{ learner.email }}{% endif %}<br>
<strong>Certification :</strong> RNCP37638, Expert en infrastructures de données massives<br>
<strong>Seuil de validation d'une compétence :</strong> {{ pct(threshold) }} des points</p>
<p>Ces propositions s'appuient sur les labs notés. Un bloc est proposé comme validé quand
toutes ses compétences le sont ; une compétence sans aucune question notée est
« non évaluée » et laisse son bloc ouvert. La décision appartient au jury.</p>
<h2>Décisions par bloc</h2>
<table><thead><tr><th scope="col">Bloc</th><th scope="col">Intitulé</th>
<th scope="col">Proposition</th><th scope="col">Compétences manquantes</th></tr></thead><tbody>
{% for b in report.blocks.values() %}<tr><td>{{ b.block }}</td><td>{{ block_titles[b.block] }}</td>
<td><span class="badge {{ 'ok' if b.validated else 'ko' }}">{{ b.label }}</span></td>
<td>{% for cid in b.missing %}{{ cid }} ({{ report.statuses[cid] }})
{%- if not loop.last %}, {% endif %}{% else %}—{% endfor %}</td></tr>
{% endfor %}</tbody></table>
<p><strong>Titre complet (les quatre blocs) :</strong>
{{ "proposé" if report.title_validated else "non proposé" }}.</p>
<h2>Compétences</h2>
<table><thead><tr><th scope="col">Compétence</th><th scope="col">Bloc</th>
<th scope="col">Points</th><th scope="col">Part</th><th scope="col">Proposition</th></tr>
</thead><tbody>
{% for cid, s in report.scores.items() %}<tr><td>{{ cid }} {{ s.competence.title }}</td>
<td>{{ s.competence.block }}</td>
<td class="num">{{ fmt(s.points) }} / {{ fmt(s.max_points) }}</td>
<td class="num">{{ "—" if s.ratio is none else pct(s.ratio) }}</td>
<td><span class="badge {{ status_css[report.statuses[cid]] }}">{{ report.statuses[cid] }}</span>
{%- if s.pending %} ({{ s.pending }} correction(s) manuelle(s) en attente){% endif %}</td></tr>
{% endfor %}</tbody></table>
<h2>Labs et questions notées</h2>
{% for lab in learner_labs %}<section aria-labelledby="lab-{{ lab.lab_id }}">
<h3 id="lab-{{ lab.lab_id }}">{{ lab.title }} (<code>{{ lab.lab_id }}</code>)</h3>
<p>{% if lab.submitted %}Rendu
{%- if lab.timestamp %} le {{ lab.timestamp.strftime("%d/%m/%Y") }}{% endif %} :
<strong>{{ fmt(lab.points) }} / {{ fmt(lab.max_points) }} points</strong>{% else %}Non rendu
(0 / {{ fmt(lab.max_points) }} points){% endif %}</p>
<table><thead><tr><th scope="col">Question</th><th scope="col">Compétences</th>
<th scope="col">Correction</th><th scope="col">Points</th>
<th scope="col">Commentaire du formateur ou de la formatrice</th></tr></thead><tbody>
{% for c in lab.cells %}<tr><td>{{ headings[lab.lab_id].get(c.grade_id) or c.grade_id }}
(<code>{{ c.grade_id }}</code>)</td><td>{{ c.competences | join(", ") or "—" }}</td>
<td>{{ kind(c) }}</td><td class="num">{{ fmt(c.score) }} / {{ fmt(c.max_score) }}</td>
<td>{{ c.comment or "—" }}</td></tr>
{% endfor %}</tbody></table></section>
{% endfor %}
{% endblock %}
"""

STATUS_CSS = {VALIDATED: "ok", NOT_VALIDATED: "ko", NOT_ASSESSED: "na"}


def pct(value: float) -> str:
    """A French percentage: ``88 %``."""
    return f"{100 * value:.0f} %"


def _kind(cell: CellResult) -> str:
    if cell.autograded:
        return "automatique"
    if cell.pending:
        return "manuelle, en attente"
    return "manuelle (grille)"


def evidence_sheet(report: LearnerReport, threshold: float,
                   headings: dict[str, dict[str, str]]) -> str:
    """The jury's HTML evidence sheet of one learner."""
    return render(
        SHEET, learner=report.evidence.learner, report=report, threshold=threshold,
        learner_labs=report.evidence.labs, headings=headings, block_titles=BLOCK_TITLES,
        pct=pct, kind=_kind, status_css=STATUS_CSS,
    )


@dataclass(frozen=True)
class ReportFiles:
    csvs: list[Path]
    heatmap: Path
    sheets: list[Path]


def cohort_reports(course: Course, threshold: float = DEFAULT_THRESHOLD) -> list[LearnerReport]:
    """Every learner of the gradebook with its competence and block decisions."""
    return [learner_report(ev, threshold) for ev in collect(course)]


def write_report(course: Course, reports: list[LearnerReport], out: Path,
                 threshold: float = DEFAULT_THRESHOLD,
                 progress: Iterable[LearnerReport] | None = None) -> ReportFiles:
    """CSVs, heatmap and one evidence sheet per learner into ``out``; ``progress`` iterates
    over ``reports`` (a progress bar)."""
    lab_ids = {lab.lab_id for r in reports for lab in r.evidence.labs}
    headings = {lab_id: lab_info(course, lab_id).headings for lab_id in lab_ids}
    sheets = []
    for report in reports if progress is None else progress:
        path = out / "fiches" / f"{report.evidence.learner.id}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(evidence_sheet(report, threshold, headings), encoding="utf-8")
        sheets.append(path)
    return ReportFiles(write_csvs(reports, out), heatmap(reports, out / "heatmap.png", threshold),
                       sheets)
