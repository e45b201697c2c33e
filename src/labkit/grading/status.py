"""Per-submission grading status: ``<course>/grading_status/<lab id>/<student>.json``.

The gradebook stays the source of truth for scores; this record says how the
grading went (format in docs/grading.md):

- ``ok``: graded normally;
- ``flagged``: graded, but something needs the trainer's eyes (edited or
  deleted test cells restored, a cell timed out, suspicious code...);
- ``failed``: the run could not finish (kernel died or hung, wall limit,
  invalid notebook...): cells that did not run score 0.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

FOLDER = "grading_status"
STATES = ("ok", "flagged", "failed")


@dataclass
class SubmissionStatus:
    lab: str
    student: str
    status: str = "ok"
    reasons: list[str] = field(default_factory=list)  # why failed or flagged, for trainers
    score: float = 0.0  # autograded points, from the gradebook
    max_score: float = 0.0
    seconds: float = 0.0  # execution time
    graded_at: str = ""

    def fail(self, reason: str) -> None:
        self.status = "failed"
        self.reasons.insert(0, reason)

    def flag(self, reason: str) -> None:
        if self.status == "ok":
            self.status = "flagged"
        self.reasons.append(reason)

    def line(self) -> str:
        why = f" ({'; '.join(self.reasons)})" if self.reasons else ""
        return f"{self.student:<20} {self.status:<8} {self.score:g}/{self.max_score:g}{why}"


def status_path(course_root: Path, lab_id: str, student: str) -> Path:
    return Path(course_root) / FOLDER / lab_id / f"{student}.json"


def write(course_root: Path, status: SubmissionStatus) -> Path:
    status.graded_at = datetime.now(UTC).isoformat(timespec="seconds")
    path = status_path(course_root, status.lab, status.student)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(status), indent=1, ensure_ascii=False), encoding="utf-8")
    return path


def read(course_root: Path, lab_id: str, student: str) -> SubmissionStatus:
    data = json.loads(status_path(course_root, lab_id, student).read_text(encoding="utf-8"))
    return SubmissionStatus(**data)


def read_lab(course_root: Path, lab_id: str) -> list[SubmissionStatus]:
    folder = Path(course_root) / FOLDER / lab_id
    return [read(course_root, lab_id, p.stem) for p in sorted(folder.glob("*.json"))]
