"""The cohort: ``learners.csv`` (id, name, email) into nbgrader's gradebook."""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from nbgrader.api import Gradebook

from labkit.grading.course import Course

COLUMNS = ("id", "name", "email")
LEARNER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")  # a folder name nbgrader accepts
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class RosterError(ValueError):
    """A learners file that cannot be imported; the message lists every problem."""


@dataclass(frozen=True)
class Learner:
    id: str
    name: str
    email: str

    @property
    def first_last(self) -> tuple[str, str]:
        first, _, last = self.name.strip().partition(" ")
        return first, last


def _problems(row: dict[str, str], line: int) -> list[str]:
    problems = []
    if not LEARNER_ID.match(row["id"]):
        problems.append(f"line {line}: id {row['id']!r} must be letters, digits, '_', '.' or '-'")
    if not row["name"]:
        problems.append(f"line {line}: empty name")
    if not EMAIL.match(row["email"]):
        problems.append(f"line {line}: invalid email {row['email']!r}")
    return problems


def read_csv(path: Path) -> list[Learner]:
    """Parse and validate a learners file (header ``id,name,email``, UTF-8, ``,`` or ``;``)."""
    text = Path(path).read_text(encoding="utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;")
    reader = csv.DictReader(text.splitlines(), dialect=dialect)
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if sorted(header) != sorted(COLUMNS):
        raise RosterError(
            f"{path}: the header must be {','.join(COLUMNS)} (found {','.join(header)})"
        )
    learners, problems = [], []
    for line, raw in enumerate(reader, start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        problems += _problems(row, line)
        learners.append(Learner(row["id"], row["name"], row["email"].lower()))
    for what in ("id", "email"):
        seen = [getattr(x, what) for x in learners]
        problems += [
            f"duplicated {what}: {v}" for v in sorted({v for v in seen if seen.count(v) > 1})
        ]
    if problems:
        raise RosterError(f"{path}:\n  " + "\n  ".join(problems))
    if not learners:
        raise RosterError(f"{path}: no learner")
    return learners


def import_learners(course: Course, learners: list[Learner]) -> int:
    """Create or update the learners in the gradebook; returns how many."""
    with Gradebook(course.db_url, course.config.CourseDirectory.course_id) as gb:
        for learner in learners:
            first, last = learner.first_last
            gb.update_or_create_student(
                learner.id, first_name=first, last_name=last, email=learner.email
            )
    return len(learners)


def load(course: Course) -> list[Learner]:
    """The learners in the gradebook."""
    with Gradebook(course.db_url, course.config.CourseDirectory.course_id) as gb:
        return [
            Learner(s.id, " ".join(p for p in (s.first_name, s.last_name) if p), s.email or "")
            for s in gb.students
        ]


def normalise(text: str) -> str:
    """Lower case, no accents, single spaces: for matching names across systems."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.split(r"[\s_.-]+", plain.lower())).strip()


def match(learners: list[Learner], key: str) -> Learner | None:
    """The learner whose id, email or name (in either order) is ``key``."""
    wanted = normalise(key)
    for learner in learners:
        first, last = learner.first_last
        names = {normalise(learner.name), normalise(f"{last} {first}")}
        if key in (learner.id, learner.email) or key.lower() == learner.email or wanted in names:
            return learner
    return None
