"""The course site builds with warnings as errors, and broken internal links fail it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from labkit import config
from labkit.course_site import CourseBuildError, build

pytestmark = [
    pytest.mark.slow,
    # myst-parser 5 still uses Sphinx APIs deprecated for Sphinx 11: not ours to fix.
    pytest.mark.filterwarnings("ignore::PendingDeprecationWarning:myst_parser"),
]

BLOCKS = ["block1_pilotage", "block2_collecte", "block3_entrepot", "block4_datalake"]


def _course_copy(tmp_path: Path) -> Path:
    source = tmp_path / "course"
    shutil.copytree(
        config.home() / "course",
        source,
        ignore=shutil.ignore_patterns("_build", ".ipynb_checkpoints", "__pycache__"),
    )
    return source


def _append(page: Path, text: str) -> None:
    page.write_text(page.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def test_real_course_builds(tmp_path: Path) -> None:
    out = build(out=tmp_path / "html")
    assert out == tmp_path / "html"
    assert (out / "index.html").is_file()
    assert (out / "competences.html").is_file()
    for block in BLOCKS:
        assert (out / block / "index.html").is_file(), block


def test_broken_page_link_fails_build(tmp_path: Path) -> None:
    source = _course_copy(tmp_path)
    _append(source / "block2_collecte" / "index.md", "[x](nope.md)")
    with pytest.raises(CourseBuildError, match=r"nope\.md"):
        build(source, tmp_path / "html")


def test_broken_anchor_fails_build(tmp_path: Path) -> None:
    source = _course_copy(tmp_path)
    _append(source / "block3_entrepot" / "index.md", "[x](../competences.md#ancre-inexistante)")
    with pytest.raises(CourseBuildError, match="ancre-inexistante"):
        build(source, tmp_path / "html")


def test_copy_without_defect_builds(tmp_path: Path) -> None:
    """Control for the two meta-tests: the copied tree itself is clean."""
    source = _course_copy(tmp_path)
    assert (build(source, tmp_path / "html") / "index.html").is_file()


def lab_table_rows(block: str) -> list[str]:
    """The rows of the « Les TP du bloc » table in a block's index page."""
    text = (config.home() / "course" / block / "index.md").read_text(encoding="utf-8")
    return [line for line in text.splitlines()
            if line.startswith("| ") and line.rstrip().endswith(("| disponible |", "| prévu |"))]


@pytest.mark.parametrize("block", BLOCKS)
def test_block_index_lists_every_lab_as_available(block: str) -> None:
    from labkit import labs

    rows = lab_table_rows(block)
    for lab in [lab for lab in labs.discover() if lab.block == block]:
        folder = f"`labs/{block}/{lab.relative_dir.name}/`"
        listed = [row for row in rows if folder in row]
        assert listed, f"{folder} is missing from course/{block}/index.md"
        assert listed[0].rstrip().endswith("| disponible |"), f"{folder} is not 'disponible'"
    for row in rows:
        if row.rstrip().endswith("| disponible |"):
            folder = row.split("`")[1]
            assert (config.home() / folder).is_dir(), f"'disponible' but no folder: {row}"
