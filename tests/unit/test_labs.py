"""Lab discovery and graded-cell reading."""

from __future__ import annotations

from pathlib import Path

import pytest

from labkit.labs import LabError, discover, find

SOURCE = '''# %% [markdown]
# # Titre du lab

# %% labkit={"competences": ["C9"]} nbgrader={"grade": true, "grade_id": "t1", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
assert True is not False
'''


def make_lab(root: Path, block: str, slug: str, name: str = "lab.py") -> Path:
    folder = root / block / slug
    folder.mkdir(parents=True)
    (folder / name).write_text(SOURCE, encoding="utf-8")
    return folder


def test_discover_orders_by_block_and_skips_private_folders(labs_root: Path) -> None:
    make_lab(labs_root, "block3_entrepot", "01_model")
    make_lab(labs_root, "block2_collecte", "02_b")
    make_lab(labs_root, "block2_collecte", "01_a")
    make_lab(labs_root, "block2_collecte", "_draft")
    labs = discover(labs_root)
    assert [lab.id for lab in labs] == ["bc02_01_a", "bc02_02_b", "bc03_01_model"]


def test_lab_properties(labs_root: Path) -> None:
    make_lab(labs_root, "block2_collecte", "00_sql", name="sql.py")
    (lab,) = discover(labs_root)
    assert lab.notebook_name == "sql.ipynb"
    assert lab.relative_dir == Path("block2_collecte/00_sql")
    assert lab.title == "Titre du lab"
    (cell,) = lab.graded_cells()
    assert (cell.grade_id, cell.points, cell.competences, cell.autograded) == (
        "t1", 2.0, ("C9",), True,
    )


def test_extra_files_exclude_sources_and_hidden(labs_root: Path) -> None:
    folder = make_lab(labs_root, "block2_collecte", "00_sql")
    (folder / "data.csv").write_text("a\n1\n")
    (folder / ".secret").write_text("x")
    (folder / "_notes").mkdir()
    (folder / "_notes" / "n.md").write_text("x")
    (lab,) = discover(labs_root)
    assert [p.name for p in lab.extra_files()] == ["data.csv"]


def test_two_sources_in_one_folder_is_an_error(labs_root: Path) -> None:
    folder = make_lab(labs_root, "block2_collecte", "00_sql")
    (folder / "other.py").write_text(SOURCE)
    with pytest.raises(LabError, match="exactly one"):
        discover(labs_root)


def test_find_unknown_lab_lists_known_ones(labs_root: Path) -> None:
    make_lab(labs_root, "block2_collecte", "00_sql")
    assert find("00_sql", labs_root).id == "bc02_00_sql"
    with pytest.raises(LabError, match="bc02_00_sql"):
        find("nope", labs_root)
