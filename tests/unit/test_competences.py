"""Competence registry and coverage."""

from __future__ import annotations

from pathlib import Path

from labkit.competences import COMPETENCES, coverage, markdown_table
from labkit.labs import discover

CELL = (
    '# %% labkit={{"competences": {comps}}} nbgrader={{"grade": true, "grade_id": "{gid}", '
    '"locked": true, "points": {pts}, "schema_version": 3, "solution": false, "task": false}}\n'
    "assert 1\n\n"
)


def test_registry_has_21_competences_in_4_blocks() -> None:
    assert list(COMPETENCES) == [f"C{i}" for i in range(1, 22)]
    blocks = [c.block for c in COMPETENCES.values()]
    assert blocks.count("BC01") == 7 and blocks.count("BC02") == 5
    assert blocks.count("BC03") == 5 and blocks.count("BC04") == 4


def test_coverage_counts_cells_and_points(labs_root: Path) -> None:
    folder = labs_root / "block2_collecte" / "00_x"
    folder.mkdir(parents=True)
    (folder / "x.py").write_text(
        "# %% [markdown]\n# # X\n\n"
        + CELL.format(comps='["C9"]', gid="a", pts=2)
        + CELL.format(comps='["C9", "C8"]', gid="b", pts=3)
        + CELL.format(comps='["C42"]', gid="c", pts=1)
    )
    rows = {r.competence.id: r for r in coverage(discover(labs_root))}
    assert (rows["C9"].graded_cells, rows["C9"].points, rows["C9"].labs) == (2, 5, ["bc02_00_x"])
    assert (rows["C8"].graded_cells, rows["C8"].points) == (1, 3)
    assert rows["C1"].labs == [] and rows["C1"].points == 0
    table = markdown_table(list(rows.values()))
    assert "| C9 Requêtes SQL d'extraction | `bc02_00_x` | 2 | 5 |" in table
    assert table.count("\n") == 22  # header, rule, 21 rows
