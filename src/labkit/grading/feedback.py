"""French HTML feedback per learner and lab, from the gradebook and the autograded notebook.

Our own template rather than nbgrader's ``generate_feedback``: nbgrader's shows
every test cell's source, hidden tests included. Here test cells never reach
the page: a question shows its heading, what is checked (the test's
docstring), the points, the failure's message and the learner's own answer.
Any message line that quotes a hidden test is replaced by a neutral sentence.
Written to ``<course>/feedback/<student>/<lab id>/<notebook>.html`` (nbgrader's layout).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from jinja2 import DictLoader, Environment
from nbformat import NotebookNode

from labkit.grading.course import Course
from labkit.grading.evidence import (
    CellResult,
    Evidence,
    LabInfo,
    LabResult,
    collect,
    lab_info,
    read_notebook,
)

HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(?P<body>.*?)### END HIDDEN TESTS", re.DOTALL)
NUMBERED = re.compile(r"^(Exercice|Question)\s+\d+\s*:\s*")  # already in the heading
UNDEFINED = re.compile(r"name '(?P<name>\w+)' is not defined")
RELEASE_FILES = ("timestamp.txt", "submission_secret.txt")
CHECK_ERRORS = {"CheckFailed", "AssertionError"}
MANUAL_CHECK = "Votre réponse rédigée, corrigée par votre formateur ou formatrice avec une grille."
AUTO_CHECK = "Des vérifications automatiques, dont le détail n'est pas communiqué."
REDACTED = "Une vérification cachée a échoué : relisez l'énoncé et testez d'autres cas."

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;
background:#fff;line-height:1.5;margin:0}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2rem}h3{font-size:1.1rem}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border:1px solid #767676;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}td.num{text-align:right}
pre{background:#f6f6f6;border:1px solid #767676;padding:.75rem;overflow-x:auto;
white-space:pre-wrap}
.ok{background:#e6f4ea;color:#0b4f22}.ko{background:#fdecea;color:#8a1016}
.partial,.wait{background:#fff4d6;color:#5c3b00}.na{background:#eeeeee;color:#333}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:.3rem;font-weight:600}
.question{border-top:1px solid #767676;padding-top:.5rem}
.message,.comment{border-left:.3rem solid #767676;padding:.25rem .75rem;margin:.5rem 0;
white-space:pre-wrap}
"""

PAGE = """<!DOCTYPE html>
<html lang="fr">
<head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{% endblock %}</title>
<style>{{ css | safe }}</style></head>
<body><main>{% block body %}{% endblock %}</main></body>
</html>
"""

FEEDBACK = """{% extends "page.html" %}
{% block title %}Retour : {{ lab.title }} ({{ learner.name }}){% endblock %}
{% block body %}
<h1>Retour sur votre travail</h1>
<p><strong>Lab :</strong> {{ lab.title }} (<code>{{ lab.lab_id }}</code>)<br>
<strong>Apprenant ou apprenante :</strong> {{ learner.name }} (<code>{{ learner.id }}</code>)
{%- if lab.timestamp %}<br><strong>Rendu le :</strong>
{{ lab.timestamp.strftime("%d/%m/%Y à %H:%M") }}{% endif %}</p>
<h2>Résultat</h2>
<p><strong>{{ fmt(points) }} / {{ fmt(max_points) }} points</strong>
{%- if pending %} ({{ pending }} question(s) en attente de correction par votre formateur
ou formatrice : le total peut encore augmenter){% endif %}.</p>
<table><caption>Points par question</caption>
<thead><tr><th scope="col">Question</th><th scope="col">Compétences</th>
<th scope="col">Points</th><th scope="col">Résultat</th></tr></thead><tbody>
{% for q in questions %}<tr><td><a href="#{{ q.grade_id }}">{{ q.heading }}</a></td>
<td>{{ q.competences }}</td><td class="num">{{ fmt(q.score) }} / {{ fmt(q.max_score) }}</td>
<td><span class="badge {{ q.css }}">{{ q.status }}</span></td></tr>
{% endfor %}</tbody></table>
<h2>Détail par question</h2>
{% for q in questions %}
<section class="question" id="{{ q.grade_id }}" aria-labelledby="h-{{ q.grade_id }}">
<h3 id="h-{{ q.grade_id }}">{{ q.heading }}</h3>
<p><span class="badge {{ q.css }}">{{ q.status }}</span>
{{ fmt(q.score) }} / {{ fmt(q.max_score) }} point(s)</p>
<p><strong>Ce qui est vérifié :</strong> {{ q.checked }}</p>
{% if q.message %}<div class="message ko"><strong>Pourquoi :</strong>
{{ q.message }}</div>{% endif %}
{% if q.comment %}<div class="comment">
<strong>Commentaire de votre formateur ou formatrice :</strong>
{{ q.comment }}</div>{% endif %}
{% if q.answer is not none %}<details><summary>Votre réponse</summary>
<pre><code>{{ q.answer or "(cellule vide)" }}</code></pre></details>{% endif %}
</section>
{% endfor %}
<h2>Et maintenant ?</h2>
<p>Un test échoué n'est pas une fin : lisez le message, corrigez votre réponse dans le
notebook, puis relancez <em>Restart Kernel and Run All Cells</em> et <em>Validate</em>.</p>
{% endblock %}
"""

ENV = Environment(loader=DictLoader({"page.html": PAGE}),
                  autoescape=True, trim_blocks=True, lstrip_blocks=True)


def fmt(value: float) -> str:
    """A French number: ``2,5``, ``3``."""
    return f"{value:g}".replace(".", ",")


def render(template: str, **context) -> str:
    """Render a template source extending ``page.html`` (escaped, with the page's CSS)."""
    return ENV.from_string(template).render(css=CSS, fmt=fmt, **context)


@dataclass(frozen=True)
class Question:
    """One graded cell as the learner sees it: never the test's code."""

    grade_id: str
    heading: str
    competences: str
    checked: str
    score: float
    max_score: float
    status: str
    css: str
    message: str
    comment: str
    answer: str | None


def hidden_lines(nb: NotebookNode) -> set[str]:
    """Substantial lines of the hidden-test regions of a source notebook."""
    lines: set[str] = set()
    for cell in nb.cells:
        for match in HIDDEN.finditer(cell.source + "\n"):
            lines |= {line.strip() for line in match["body"].splitlines()}
    return {line for line in lines if len(line) > 3}


def _redact(text: str, hidden: set[str]) -> str:
    return REDACTED if any(line in text for line in hidden) or "HIDDEN TESTS" in text else text


def _french(ename: str, evalue: str) -> str:
    undefined = UNDEFINED.search(evalue)
    if ename == "NameError" and undefined:
        return (f"La variable « {undefined['name']} » n'est pas définie : avez-vous complété "
                "et exécuté la cellule réponse ?")
    if ename in CHECK_ERRORS:
        return evalue or "Une vérification a échoué."
    if "Timeout" in ename:
        return "Le test a dépassé le temps autorisé : votre réponse est-elle trop lente ?"
    return f"Erreur Python ({ename}) : {evalue}" if evalue else f"Erreur Python ({ename})."


def failure_message(cell: NotebookNode | None, hidden: set[str]) -> str:
    """The French reason a test cell failed: its exception's message, or its stderr."""
    for out in (cell or {}).get("outputs", []):
        if out.get("output_type") == "error":
            return _redact(_french(out.get("ename", ""), out.get("evalue", "").strip()), hidden)
    for out in (cell or {}).get("outputs", []):
        if out.get("name") == "stderr":
            last = [line for line in out.get("text", "").splitlines() if line.strip()][-1:]
            return _redact("Le test a écrit sur la sortie d'erreur (stderr), ce qui compte "
                           f"comme un échec : {' '.join(last)}", hidden)
    return "Le test n'a pas donné tous les points."


def checked(source: str) -> str:
    """What a test checks: its docstring, else its first line (never past the hidden tests)."""
    visible = source.split("### BEGIN HIDDEN TESTS")[0].strip()
    first = visible.splitlines()[0] if visible else ""
    text = NUMBERED.sub("", first.strip().strip('"').strip("'").strip())
    return text[:1].upper() + text[1:] if text else AUTO_CHECK


def _status(result: CellResult) -> tuple[str, str]:
    if result.pending:
        return "En attente de correction", "wait"
    if result.score >= result.max_score:
        return ("Réussi", "ok") if result.autograded else ("Corrigé : tous les points", "ok")
    if result.score <= 0:
        return ("Échoué", "ko") if result.autograded else ("Corrigé : 0 point", "ko")
    return "Partiellement réussi", "partial"


def _cells_by_id(nb: NotebookNode | None) -> dict[str, NotebookNode]:
    if nb is None:
        return {}
    return {c.metadata.get("nbgrader", {}).get("grade_id", ""): c for c in nb.cells}


def question(result: CellResult, info: LabInfo, graded: dict[str, NotebookNode],
             hidden: set[str]) -> Question:
    """The learner's view of one graded cell."""
    source = info.cells.get(result.grade_id)
    status, css = _status(result)
    failed = result.autograded and result.score < result.max_score
    answer_cell = graded.get(info.answers.get(result.grade_id, ""))
    return Question(
        grade_id=result.grade_id,
        heading=info.headings.get(result.grade_id) or result.grade_id,
        competences=", ".join(result.competences) or "—",
        checked=checked(source.source) if source and result.autograded else MANUAL_CHECK,
        score=result.score, max_score=result.max_score, status=status, css=css,
        message=failure_message(graded.get(result.grade_id), hidden) if failed else "",
        comment=result.comment,
        answer=answer_cell.source if answer_cell is not None else None,
    )


def render_feedback(evidence: Evidence, lab: LabResult, info: LabInfo,
                    graded: NotebookNode | None, hidden: set[str], notebook: str) -> str:
    """The HTML page of one learner's notebook of a lab."""
    cells = [c for c in lab.cells if c.notebook == notebook]
    by_id = _cells_by_id(graded)
    return render(
        FEEDBACK, learner=evidence.learner, lab=lab,
        questions=[question(c, info, by_id, hidden) for c in cells],
        points=sum(c.score for c in cells), max_points=sum(c.max_score for c in cells),
        pending=sum(c.pending for c in cells),
    )


def _notebooks(lab: LabResult) -> list[str]:
    return list(dict.fromkeys(c.notebook for c in lab.cells))


def write_one(course: Course, evidence: Evidence, lab: LabResult, info: LabInfo) -> list[Path]:
    """Write the feedback pages of one learner's submission of a lab."""
    written = []
    autograded = course.root / "autograded" / evidence.learner.id / lab.lab_id
    for notebook in _notebooks(lab):
        source = course.root / "source" / lab.lab_id / f"{notebook}.ipynb"
        graded = autograded / f"{notebook}.ipynb"
        page = render_feedback(
            evidence, lab, info, read_notebook(graded) if graded.exists() else None,
            hidden_lines(read_notebook(source)) if source.exists() else set(), notebook,
        )
        target = course.root / "feedback" / evidence.learner.id / lab.lab_id / f"{notebook}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
        written.append(target)
    _copy_release_files(autograded, target.parent)
    return written


def _copy_release_files(autograded: Path, feedback: Path) -> None:
    # nbgrader's release_feedback needs them to deliver the page through the exchange.
    for name in RELEASE_FILES:
        if (autograded / name).is_file():
            shutil.copy2(autograded / name, feedback / name)


def submissions(course: Course, lab_id: str,
                students: Iterable[str] = ()) -> list[tuple[Evidence, LabResult]]:
    """The submitted work of ``lab_id`` (optionally only some learners'), from the gradebook."""
    wanted = set(students)
    return [
        (ev, lab)
        for ev in collect(course)
        if not wanted or ev.learner.id in wanted
        for lab in ev.labs
        if lab.lab_id == lab_id and lab.submitted
    ]


def write_feedback(course: Course, lab_id: str, students: Iterable[str] = ()) -> list[Path]:
    """Write the feedback of every graded submission of ``lab_id``."""
    info = lab_info(course, lab_id)
    return [p for ev, lab in submissions(course, lab_id, students)
            for p in write_one(course, ev, lab, info)]
