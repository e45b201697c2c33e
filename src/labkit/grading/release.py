"""Student copies to learners: nbgrader's exchange, or one zip per lab for an LMS."""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path

from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory

from labkit.grading.course import Course, GradingError
from labkit.labs import Lab


def exchange_root(course: Course) -> Path:
    return Path(course.config.Exchange.root)


def api_with_exchange(course: Course, exchange: Path | None) -> NbGraderAPI:
    """nbgrader's API on the course, with another exchange folder when given."""
    cfg = copy.deepcopy(course.config)
    if exchange is not None:
        cfg.Exchange.root = str(exchange)
    Path(cfg.Exchange.root).mkdir(parents=True, exist_ok=True)
    return NbGraderAPI(coursedir=CourseDirectory(config=cfg), config=cfg)


def to_exchange(course: Course, lab: Lab, exchange: Path | None = None) -> Path:
    """Generate the student copy and release it into the exchange (nbgrader release_assignment)."""
    course.generate_release(lab)
    api = api_with_exchange(course, exchange)
    api.unrelease(lab.id)  # releasing again replaces the previous copy
    result = api.release_assignment(lab.id)
    if not result.get("success"):
        log = (result.get("log") or "") + (result.get("error") or "")
        raise GradingError(f"release of {lab.id} failed:\n{log.strip()}")
    root = exchange or exchange_root(course)
    return root / course.config.CourseDirectory.course_id / "outbound" / lab.id


def to_zip(course: Course, lab: Lab, folder: Path) -> Path:
    """Generate the student copy and zip it as ``<folder>/<lab id>.zip`` for an LMS."""
    release = course.generate_release(lab)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{lab.id}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in release.rglob("*") if p.is_file()):
            archive.write(path, Path(lab.id) / path.relative_to(release))
    return target
