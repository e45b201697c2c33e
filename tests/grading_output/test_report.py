"""Competence and block decisions, the cohort heatmap and the jury's evidence sheets."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from labkit.cli import main
from labkit.competences import COMPETENCES
from labkit.grading.evidence import CellResult, Evidence, LabResult, Learner
from labkit.grading.report import (
    NOT_ASSESSED,
    NOT_VALIDATED,
    VALIDATED,
    block_decisions,
    cohort_reports,
    competence_scores,
    learner_report,
    write_report,
)

from .cohort import COMMENT, LAB_ID, Cohort

BC02 = ["C8", "C9", "C10", "C11", "C12"]


@pytest.fixture(scope="module")
def report_dir(cohort: Cohort, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    write_report(cohort.course, cohort_reports(cohort.course, 0.6), out, 0.6)
    return out


def statuses(cohort: Cohort, threshold: float) -> dict[str, dict[str, str]]:
    return {r.evidence.learner.id: r.statuses for r in cohort_reports(cohort.course, threshold)}


def test_c9_decisions_at_two_thresholds(cohort: Cohort) -> None:
    at_60, at_70 = statuses(cohort, 0.6), statuses(cohort, 0.7)
    assert at_60["ref"]["C9"] == at_70["ref"]["C9"] == VALIDATED  # 25.5 / 26
    assert at_60["partial"]["C9"] == VALIDATED and at_70["partial"]["C9"] == NOT_VALIDATED  # 18/26
    assert at_60["blank"]["C9"] == NOT_VALIDATED
    others = {cid for cid in COMPETENCES if cid != "C9"}
    assert all(at_60[s][cid] == NOT_ASSESSED for s in at_60 for cid in others)


def test_reference_validates_c9_but_not_bc02(cohort: Cohort) -> None:
    ref = next(r for r in cohort_reports(cohort.course) if r.evidence.learner.id == "ref")
    assert ref.scores["C9"].points == 25.5 and ref.scores["C9"].max_points == 26
    assert not ref.blocks["BC02"].validated
    assert ref.blocks["BC02"].missing == ("C8", "C10", "C11", "C12")  # no evidence yet
    assert not ref.title_validated


def test_block_rule_on_a_synthetic_coverage() -> None:
    every = {cid: VALIDATED for cid in COMPETENCES}
    assert all(b.validated for b in block_decisions(every).values())
    for missing in (NOT_ASSESSED, NOT_VALIDATED):
        decisions = block_decisions(every | {"C11": missing})
        assert not decisions["BC02"].validated and decisions["BC02"].missing == ("C11",)
        assert decisions["BC01"].validated and decisions["BC03"].validated
    only_bc02 = {cid: VALIDATED for cid in BC02}
    decisions = block_decisions(only_bc02)  # competences absent from the map: not assessed
    assert decisions["BC02"].validated and not decisions["BC04"].validated


def _cell(grade_id: str, comps: tuple[str, ...], score: float, max_score: float,
          pending: bool = False) -> CellResult:
    return CellResult("nb", grade_id, comps, score, max_score, not pending, pending, False, "")


def test_scores_from_a_synthetic_lab() -> None:
    lab = LabResult("bc02_99_demo", "Démo", True, None, (
        _cell("a", ("C8", "C9"), 2, 2),  # counts for both competences
        _cell("b", ("C10",), 1, 4),
        _cell("c", ("C10",), 0, 2, pending=True),  # waits for the trainer: 0 point
        _cell("d", ("C11",), 3, 5), _cell("e", ("C12",), 3, 3),
    ))
    scores = competence_scores(Evidence(Learner("x"), (lab,)))
    assert (scores["C8"].points, scores["C9"].max_points) == (2, 2)
    assert scores["C10"].ratio == pytest.approx(1 / 6) and scores["C10"].pending == 1
    report = learner_report(Evidence(Learner("x"), (lab,)), threshold=0.6)
    assert report.statuses["C11"] == VALIDATED  # 3/5 = 0.6: the threshold validates
    assert report.statuses["C10"] == NOT_VALIDATED and report.statuses["C13"] == NOT_ASSESSED
    assert report.blocks["BC02"].missing == ("C10",)


def test_heatmap_is_a_plausible_png(report_dir: Path) -> None:
    path = report_dir / "heatmap.png"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(path) as image:
        image.verify()
    with Image.open(path) as image:
        width, height = image.size
    assert 800 <= width <= 4000 and 200 <= height <= 3000 and width > height


def test_heatmap_makes_no_stderr_noise(cohort: Cohort, tmp_path: Path, capfd) -> None:
    write_report(cohort.course, cohort_reports(cohort.course), tmp_path)
    assert capfd.readouterr().err == ""


def test_evidence_sheet_for_the_jury(report_dir: Path) -> None:
    sheet = (report_dir / "fiches" / "ref.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in sheet and "Fiche de preuves" in sheet
    assert LAB_ID in sheet and "Alice Martin" in sheet
    for grade_id in ("ex01_test", "ex11_test", "explain_plan"):
        assert grade_id in sheet
    assert COMMENT.replace("'", "&#39;") in sheet and "2,5 / 3" in sheet
    assert "C9 Requêtes SQL d&#39;extraction" in sheet and VALIDATED in sheet
    assert "C8 (non évaluée)" in sheet and "non validé" in sheet
    assert "BEGIN HIDDEN" not in sheet
    pending = (report_dir / "fiches" / "partial.html").read_text(encoding="utf-8")
    assert "manuelle, en attente" in pending


def test_summary_csvs(report_dir: Path) -> None:
    with (report_dir / "cohort_summary.csv").open(encoding="utf-8") as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f)}
    assert set(rows) == {"ref", "partial", "blank"}
    assert rows["ref"]["C9"] == "0.981" and rows["ref"]["C8"] == ""
    assert rows["ref"]["BC02"] == "non validé" and rows["ref"]["title_all_blocks"] == "non"
    with (report_dir / "competences.csv").open(encoding="utf-8") as f:
        long = [r for r in csv.DictReader(f) if r["competence"] == "C9"]
    assert {r["student_id"]: r["decision"] for r in long} == {
        "ref": VALIDATED, "partial": VALIDATED, "blank": NOT_VALIDATED}


def test_cli_report_threshold(cohort: Cohort, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["grade", "report", "--threshold", "0.7", "--out",
                                       str(tmp_path), "--course", str(cohort.course.root)])
    assert result.exit_code == 0, result.output
    with (tmp_path / "competences.csv").open(encoding="utf-8") as f:
        decision = {r["student_id"]: r["decision"] for r in csv.DictReader(f)
                    if r["competence"] == "C9"}
    assert decision["partial"] == NOT_VALIDATED
    assert (tmp_path / "heatmap.png").is_file() and len(list(tmp_path.glob("fiches/*"))) == 3
    bad = CliRunner().invoke(main, ["grade", "report", "--threshold", "1.5"])
    assert bad.exit_code != 0
