"""French feedback: scores, failure messages, trainer comments, and never the hidden tests."""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from labkit.cli import main
from labkit.grading.feedback import HIDDEN, checked, failure_message, write_feedback

from .cohort import COMMENT, LAB_ID, Cohort


@pytest.fixture(scope="module")
def pages(cohort: Cohort) -> dict[str, str]:
    written = write_feedback(cohort.course, LAB_ID)
    return {path.parts[-3]: path.read_text(encoding="utf-8") for path in written}


def _lines(path: Path, cell_filter=lambda cell: True) -> set[str]:
    nb = nbformat.read(path, as_version=4)
    return {line.strip() for cell in nb.cells if cell_filter(cell)
            for line in cell.source.splitlines()}


def secret_lines(cohort: Cohort, student: str) -> set[str]:
    """Hidden-test lines that appear neither in the student copy nor in the learner's answers."""
    source = "\n".join(c.source for c in nbformat.read(cohort.source, as_version=4).cells)
    hidden = {line.strip() for m in HIDDEN.finditer(source) for line in m["body"].splitlines()}
    submitted = cohort.course.root / "submitted" / student / LAB_ID / cohort.lab.notebook_name
    own = _lines(submitted, lambda cell: cell.metadata.get("nbgrader", {}).get("solution"))
    return {line for line in hidden - _lines(cohort.release) - own if len(line) > 3}


def text_of(page: str) -> str:
    return re.sub(r"<[^>]+>", " ", page)


def test_one_page_per_submission_in_nbgrader_layout(cohort: Cohort, pages) -> None:
    assert set(pages) == {"ref", "partial", "blank"}
    page = cohort.course.root / "feedback" / "ref" / LAB_ID / "sql_nycflights.html"
    assert page.is_file()
    assert all('<html lang="fr">' in p and "<h1>" in p for p in pages.values())
    assert all("http" not in re.sub(r"https?://[^\s<]*example", "", p) for p in pages.values())


@pytest.mark.parametrize("student", ["ref", "partial", "blank"])
def test_no_hidden_test_text(cohort: Cohort, pages, student: str) -> None:
    page = pages[student]
    assert "BEGIN HIDDEN TESTS" not in page and "HIDDEN" not in page
    assert "assert_query_matches" not in page and "expected" not in page
    secrets = secret_lines(cohort, student)
    assert len(secrets) > 20  # the check has teeth
    shown = {line.strip() for line in html.unescape(text_of(page)).splitlines()}
    leaked = [line for line in secrets
              if line in shown or (len(line) >= 30 and line in html.unescape(page))]
    assert leaked == []


def test_partial_shows_scores_and_french_reasons(pages) -> None:
    page = text_of(pages["partial"])
    assert "18 / 26 points" in page
    assert "doit être une chaîne de caractères" in page  # ex02: None instead of a query
    assert "« requete_05 » n&#39;est pas définie" in page  # ex05: missing variable
    assert page.count("Échoué") >= 3 * 2  # summary table + detail, three failures
    assert "Ce qui est vérifié" in page and "Colonnes demandées, retards d" in page
    assert "reponse = 42" in page  # the learner's own answer
    assert "En attente de correction" in page  # the open question is not graded yet


def test_hidden_failure_gets_a_message_without_the_test(pages) -> None:
    section = pages["partial"].split('id="ex01_test"')[1].split("</section>")[0]
    assert "Échoué" in section and "Pourquoi" in section and "41 lignes" in section
    assert "make_date" not in section  # the hidden reference query


def test_manual_grade_and_comment(pages) -> None:
    page = pages["ref"]
    assert "25,5 / 26 points" in page
    assert "2,5 / 3" in page and COMMENT.replace("'", "&#39;") in page
    assert "En attente" not in page


def test_blank_fails_everything_kindly(pages) -> None:
    page = text_of(pages["blank"])
    assert "0 / 26 points" in page and "Réussi" not in page
    assert "avez-vous complété et exécuté la cellule réponse" in page


def test_message_quoting_a_hidden_test_is_redacted() -> None:
    hidden = {"assert secret_total == 4242"}
    cell = nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output(
        "error", ename="AssertionError", evalue="assert secret_total == 4242", traceback=[])])
    message = failure_message(cell, hidden)
    assert "4242" not in message and "cachée" in message
    noisy = nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output(
        "stream", name="stderr", text="warn.py:3: UserWarning\n  assert secret_total == 4242\n")])
    assert "4242" not in failure_message(noisy, hidden)


def test_checked_never_reads_past_the_hidden_marker() -> None:
    assert checked('"""Exercice 9 : tout."""\nx = 1') == "Tout."
    assert "HIDDEN" not in checked("### BEGIN HIDDEN TESTS\nassert x == 1\n### END HIDDEN TESTS")


def test_cli_feedback_for_one_learner(cohort: Cohort) -> None:
    page = cohort.course.root / "feedback" / "blank" / LAB_ID / "sql_nycflights.html"
    page.unlink(missing_ok=True)
    result = CliRunner().invoke(main, ["grade", "feedback", "00_sql_nycflights", "--student",
                                       "blank", "--course", str(cohort.course.root)])
    assert result.exit_code == 0, result.output
    assert "1 retour(s)" in result.output and page.is_file()


def test_cli_feedback_help() -> None:
    result = CliRunner().invoke(main, ["grade", "feedback", "--help"])
    assert result.exit_code == 0 and "--student" in result.output and "--course" in result.output
