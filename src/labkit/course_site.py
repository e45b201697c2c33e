"""Build the course site (``course/``) to static HTML with Sphinx, warnings as errors.

Warnings are errors so that a broken internal link fails the build: MyST reports
links to missing pages or anchors as ``myst.xref_missing`` warnings.
"""

from __future__ import annotations

import contextlib
import io
import logging
from pathlib import Path

from labkit import config

log = logging.getLogger(__name__)


class CourseBuildError(RuntimeError):
    """The course site did not build; the message holds Sphinx's warnings and errors."""


def build(source: Path | None = None, out: Path | None = None, *, strict: bool = True) -> Path:
    """Build the course site to HTML and return the output directory.

    ``source`` defaults to ``<home>/course`` and ``out`` to ``<build>/course_html``.
    With ``strict`` (the default) any warning fails the build. The environment
    is always rebuilt from scratch (``-E``): an incremental build would not
    re-emit warnings of unchanged pages and could pass with broken links.
    Sphinx's output is captured: raised in ``CourseBuildError`` on failure, and
    logged as a warning when a non-strict build succeeds with warnings.
    """
    from sphinx.cmd.build import build_main  # heavy import, only when building

    source = Path(source) if source is not None else config.home() / "course"
    out = Path(out) if out is not None else config.build_dir() / "course_html"
    if not (source / "conf.py").is_file():
        raise CourseBuildError(f"no Sphinx conf.py in {source}")

    argv = ["-b", "html", "-q", "-E", "-N"]
    if strict:
        # Sphinx >= 8.1 always keeps going; the flag is kept for older versions.
        argv += ["-W", "--keep-going"]
    argv += [str(source), str(out)]

    captured = io.StringIO()
    with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
        status = build_main(argv)
    text = captured.getvalue().strip()
    if status != 0:
        detail = text or "(no output)"
        raise CourseBuildError(f"course site build failed (exit {status}):\n{detail}")
    if text:
        log.warning("course site built with warnings:\n%s", text)
    return out
