"""The labkit command line: help everywhere, coverage output."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from labkit.cli import main


def command_paths(group=main, prefix=()) -> list[tuple[str, ...]]:
    paths = [prefix]
    for name, command in getattr(group, "commands", {}).items():
        paths += command_paths(command, (*prefix, name))
    return paths


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "labkit")
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_competences_lists_c9_with_points() -> None:
    result = CliRunner().invoke(main, ["competences"])
    assert result.exit_code == 0
    (c9,) = [line for line in result.output.splitlines() if line.startswith("C9 ")]
    assert "bc02_00_sql_nycflights" in c9 and " pts" in c9 and " 0 pts" not in c9


def test_competences_markdown_is_the_readme_table() -> None:
    result = CliRunner().invoke(main, ["competences", "--markdown"])
    assert result.output.startswith("| block | competence |")


def test_unknown_lab_is_a_clear_error() -> None:
    result = CliRunner().invoke(main, ["workspace", "--lab", "nope"])
    assert result.exit_code == 1
    assert "Lab inconnu : 'nope'" in result.output and "bc02_00_sql_nycflights" in result.output
