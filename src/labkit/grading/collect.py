"""Submissions into ``submitted/<learner>/<lab id>/``: from the exchange, a folder, a Moodle zip.

Moodle's "Download all submissions" zip holds, per participant,
``Firstname Lastname_12345_assignsubmission_file_/<file>`` (or the same prefix
glued to the file name in older versions). nbgrader's ``zip_collect`` wants
the learner id inside file names; Moodle gives full names, so this module
parses the layout itself and maps names (or emails, or ids) to the roster.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from labkit.grading.course import Course, GradingError
from labkit.grading.release import api_with_exchange
from labkit.grading.roster import Learner, match

MOODLE_ENTRY = re.compile(
    r"^(?P<who>[^/]+?)_(?P<pid>\d+)_assignsubmission_(?P<plugin>[a-z]+)_/?(?P<file>.*)$"
)


@dataclass
class CollectReport:
    collected: list[str] = field(default_factory=list)  # learner ids
    unmatched: list[str] = field(default_factory=list)  # folders or names not in the roster
    missing: list[str] = field(default_factory=list)  # learners of the roster without submission

    def finish(self, learners: list[Learner]) -> CollectReport:
        self.collected = sorted(set(self.collected))
        self.missing = sorted({x.id for x in learners} - set(self.collected))
        return self


def _place(course: Course, lab_id: str, learner_id: str, files: Path) -> None:
    """Copy a learner's files as their submission (replacing an earlier one)."""
    target = course.root / "submitted" / learner_id / lab_id
    if target.exists():
        shutil.rmtree(target)
    nested = files / lab_id
    shutil.copytree(
        nested if nested.is_dir() else files,
        target,
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__MACOSX"),
    )


def from_folder(
    course: Course, lab_id: str, folder: Path, learners: list[Learner]
) -> CollectReport:
    """``<folder>/<learner>/<notebook>.ipynb`` or ``<folder>/<learner>/<lab id>/...``.

    ``<learner>`` is an id, an email or a full name of the roster.
    """
    if not Path(folder).is_dir():
        raise GradingError(f"{folder}: not a folder")
    report = CollectReport()
    for sub in sorted(p for p in Path(folder).iterdir() if p.is_dir()):
        learner = match(learners, sub.name)
        if learner is None:
            report.unmatched.append(sub.name)
            continue
        _place(course, lab_id, learner.id, sub)
        report.collected.append(learner.id)
    return report.finish(learners)


def _safe_member(name: str) -> PurePosixPath | None:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.name:
        return None
    return path


def _moodle_groups(archive: zipfile.ZipFile) -> dict[str, list[tuple[zipfile.ZipInfo, str]]]:
    """Entries per participant name: (zip entry, file path inside the participant's folder)."""
    groups: dict[str, list[tuple[zipfile.ZipInfo, str]]] = {}
    for info in archive.infolist():
        found = MOODLE_ENTRY.match(info.filename)
        if info.is_dir() or not found or found["plugin"] != "file":
            continue
        inner = _safe_member(found["file"])
        if inner is not None:
            groups.setdefault(found["who"], []).append((info, str(inner)))
    return groups


def from_zip(course: Course, lab_id: str, zip_path: Path, learners: list[Learner]) -> CollectReport:
    """A Moodle assignment download (``Name_12345_assignsubmission_file_/...``)."""
    if not zipfile.is_zipfile(zip_path):
        raise GradingError(f"{zip_path}: not a zip file")
    report = CollectReport()
    with zipfile.ZipFile(zip_path) as archive, tempfile.TemporaryDirectory() as tmp:
        groups = _moodle_groups(archive)
        if not groups:
            raise GradingError(
                f"{zip_path}: no Moodle submission (Name_123_assignsubmission_file_...)"
            )
        for who, entries in sorted(groups.items()):
            learner = match(learners, who)
            if learner is None:
                report.unmatched.append(who)
                continue
            folder = Path(tmp) / learner.id
            for info, inner in entries:
                dest = folder / inner
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(archive.read(info))
            _place(course, lab_id, learner.id, folder)
            report.collected.append(learner.id)
    return report.finish(learners)


def from_exchange(
    course: Course, lab_id: str, learners: list[Learner], exchange: Path | None = None
) -> CollectReport:
    """nbgrader's collect: the latest submission of each learner, with its timestamp."""
    api = api_with_exchange(course, exchange)
    result = api.collect(lab_id)
    if not result.get("success"):
        log = (result.get("log") or "") + (result.get("error") or "")
        raise GradingError(f"collect of {lab_id} failed:\n{log.strip()}")
    report = CollectReport()
    known = {x.id for x in learners}
    for folder in sorted((course.root / "submitted").glob(f"*/{lab_id}")):
        student = folder.parent.name
        (report.collected if student in known or not known else report.unmatched).append(student)
    return report.finish(learners)
