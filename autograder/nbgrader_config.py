"""nbgrader settings of the course, shared by labkit and by trainers' nbgrader commands.

labkit builds the nbgrader course tree (source/, release/, submitted/...) from
``labs/`` into ``build/course`` and loads this file from there; the tree is a
build product, never committed.
"""

import os
from pathlib import Path

from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    IgnorePattern,
    LimitOutput,
    SaveAutoGrades,
)

from labkit.grading.execute import IPCExecute

c = get_config()  # noqa: F821 (provided by traitlets when the file is loaded)

PROJECT = Path(__file__).resolve().parent.parent

c.CourseDirectory.course_id = "rncp37638"
# Build products and course data stay out of git (see .gitignore).
c.CourseDirectory.ignore = [
    ".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.py", ".*",
]

# Single-machine exchange for release / fetch / submit / collect.
c.Exchange.root = str(PROJECT / "build" / "exchange")

# Learner-facing stubs, in French.
c.ClearSolutions.code_stub = {
    "python": "# VOTRE RÉPONSE ICI\nraise NotImplementedError(\"Exercice à compléter\")",
}
c.ClearSolutions.text_stub = "VOTRE RÉPONSE ICI"

# nbgrader's 30 s default is too short for Spark cells; the wall limit per
# notebook is enforced by the trainer workflow.
c.Execute.timeout = int(os.environ.get("LABKIT_CELL_TIMEOUT", "300"))
c.Execute.startup_timeout = 120

# Kernels over unique Unix sockets: parallel grading never collides on a port.
c.Autograde.autograde_preprocessors = [
    IPCExecute,
    IgnorePattern,
    ClearMetadataPreprocessor,
    LimitOutput,
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadata,
]
