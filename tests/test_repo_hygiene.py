"""What must hold for every committed file: no outputs, no drift, no leaks into git."""

from __future__ import annotations

import subprocess

import nbformat

from labkit import competences, config, readme
from labkit.notebooks import has_outputs


def tracked(*patterns: str) -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", *patterns], cwd=config.home(), capture_output=True, text=True,
        check=True,
    )
    return out.stdout.split()


def test_no_committed_notebook_carries_outputs() -> None:
    dirty = [
        path
        for path in tracked("*.ipynb")
        if has_outputs(nbformat.read(config.home() / path, as_version=4))
    ]
    assert dirty == []


def test_has_outputs_detects_outputs() -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1", execution_count=1)])
    assert has_outputs(nb)
    nb.cells[0].execution_count = None
    assert not has_outputs(nb)


def test_build_products_are_not_committed() -> None:
    products = ("build/", "workspace/", "data/", ".venv/")
    assert [p for p in tracked() if p.startswith(products)] == []


def test_readme_competence_table_is_up_to_date() -> None:
    expected = competences.markdown_table(competences.coverage())
    assert readme.current_table() == expected, "run `labkit competences --write-readme`"

