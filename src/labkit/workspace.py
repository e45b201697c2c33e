"""The learner's workspace: student copies of every lab, never overwriting their work.

A notebook the learner has changed is never replaced: a newer version of the
lab lands beside it as ``<name>.nouvelle-version.ipynb`` and the learner is
told. What was delivered is remembered in ``.labkit-manifest.json``.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat

from labkit import config
from labkit.grading.course import Course
from labkit.labs import Lab, discover

MANIFEST = ".labkit-manifest.json"
STAMPS = ".stamps"
NEW_VERSION_SUFFIX = ".nouvelle-version"


@dataclass(frozen=True)
class Delivery:
    path: Path  # in the workspace
    action: str  # created | updated | unchanged | kept-yours
    new_version: Path | None = None

    def message(self) -> str:
        """A French line for the learner."""
        if self.action == "kept-yours":
            return (
                f"Vous avez modifié {self.path.name} : votre travail est conservé. "
                f"La nouvelle version du lab est à côté : {self.new_version.name}"
            )
        verbs = {"created": "ajouté", "updated": "mis à jour", "unchanged": "à jour"}
        return f"{self.path.name} : {verbs[self.action]}"


def fingerprint(path: Path) -> str:
    """Content hash; for notebooks only cell types and sources count (not outputs, metadata)."""
    if path.suffix == ".ipynb":
        nb = nbformat.read(path, as_version=4)
        content = json.dumps([(c.cell_type, c.source) for c in nb.cells]).encode()
    else:
        content = path.read_bytes()
    return hashlib.sha256(content).hexdigest()


def _source_stamp(lab: Lab) -> str:
    digest = hashlib.sha256()
    for path in [lab.source, config.autograder_dir() / "nbgrader_config.py", *lab.extra_files()]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def release(course: Course, lab: Lab) -> Path:
    """The lab's student copy, regenerated only when its source changed."""
    stamp_file = course.root / STAMPS / lab.id
    release_dir = course.root / "release" / lab.id
    stamp = _source_stamp(lab)
    if release_dir.is_dir() and stamp_file.is_file() and stamp_file.read_text() == stamp:
        return release_dir
    release_dir = course.generate_release(lab)
    stamp_file.parent.mkdir(exist_ok=True)
    stamp_file.write_text(stamp)
    return release_dir


def _deliver(src: Path, dest: Path, delivered: str | None) -> tuple[Delivery, str]:
    """Copy one released file to the workspace; return what happened and what is recorded."""
    new = fingerprint(src)
    if not dest.exists():
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest)
        return Delivery(dest, "created"), new
    current = fingerprint(dest)
    if current == new:
        return Delivery(dest, "unchanged"), new
    if current == delivered:  # the learner has not touched it
        shutil.copy2(src, dest)
        return Delivery(dest, "updated"), new
    if new == delivered:  # learner's work on the version we already gave
        return Delivery(dest, "unchanged"), new
    beside = dest.with_name(f"{dest.stem}{NEW_VERSION_SUFFIX}{dest.suffix}")
    shutil.copy2(src, beside)
    return Delivery(dest, "kept-yours", beside), delivered or new


def build(
    labs: list[Lab] | None = None,
    workspace: Path | None = None,
    course: Course | None = None,
) -> list[Delivery]:
    """Generate the student copies of ``labs`` (default: all) into the workspace."""
    workspace = workspace or config.workspace_dir()
    course = course or Course(config.build_dir() / "course")
    manifest_path = workspace / MANIFEST
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    deliveries = []
    for lab in discover() if labs is None else labs:
        release_dir = release(course, lab)
        for src in sorted(p for p in release_dir.rglob("*") if p.is_file()):
            relative = lab.relative_dir / src.relative_to(release_dir)
            delivery, recorded = _deliver(src, workspace / relative, manifest.get(str(relative)))
            manifest[str(relative)] = recorded
            deliveries.append(delivery)
    workspace.mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return deliveries
