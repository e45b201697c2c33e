"""Every question graded by hand has its French rubric in ``autograder/rubrics/``."""

from __future__ import annotations

import re

import pytest

from labkit import config
from labkit.labs import discover

MANUAL = [
    (lab, cell) for lab in discover() for cell in lab.graded_cells() if not cell.autograded
]


IDS = [f"{lab.id}:{cell.grade_id}" for lab, cell in MANUAL]


@pytest.mark.parametrize(("lab", "cell"), MANUAL, ids=IDS)
def test_manual_question_has_a_rubric(lab, cell) -> None:
    rubric = config.autograder_dir() / "rubrics" / lab.id / f"{cell.grade_id}.md"
    assert rubric.is_file(), f"missing rubric {rubric.relative_to(config.home())}"
    title = rubric.read_text(encoding="utf-8").splitlines()[0]
    assert cell.grade_id in title and "Grille de correction" in title
    points = re.search(r"\((\d+(?:[.,]\d+)?) points?\)", title)
    assert points and float(points[1].replace(",", ".")) == cell.points, title
