"""The formgrader really works in JupyterLab: a headless Chromium sees the lab and a submission."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from servers import free_port, stop_family, wait_until_up

from .cohort import COMMENT, LAB_ID, Cohort

pytestmark = pytest.mark.slow
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def server(cohort: Cohort, tmp_path: Path) -> Iterator[tuple[str, str, subprocess.Popen]]:
    port, token = free_port(), secrets.token_hex(16)
    root = cohort.course.root
    env = dict(os.environ, JUPYTER_TOKEN=token, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    log = tmp_path / "server.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
             f"--ServerApp.port={port}", f"--ServerApp.root_dir={root}", "--allow-root"],
            cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/api/status?token={token}", proc, log, timeout=40, what="JupyterLab")
        yield base, token, proc
    finally:
        stop_family(proc, group=True)


def submission_id(cohort: Cohort, student: str) -> str:
    with cohort.gradebook() as gb:
        return gb.find_submission_notebook("sql_nycflights", LAB_ID, student).id


def test_formgrader_lists_the_lab_and_opens_a_submission(
    cohort: Cohort, server, tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, token, proc = server
    started = time.monotonic()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{base}/formgrader?token={token}")
            expect(page.get_by_role("link", name=LAB_ID)).to_be_visible(timeout=20_000)
            page.screenshot(path=tmp_path / "assignments.png")

            page.get_by_role("link", name="3", exact=True).click()  # its submissions
            page.wait_for_url(f"**/formgrader/manage_submissions/{LAB_ID}")
            expect(page.get_by_text("Lefèvre, Bruno")).to_be_visible(timeout=20_000)
            expect(page.get_by_text("needs manual grading").first).to_be_visible()
            page.screenshot(path=tmp_path / "submissions.png")

            page.goto(f"{base}/formgrader/gradebook/{LAB_ID}/sql_nycflights")
            expect(page.get_by_text("Submission #1")).to_be_visible(timeout=20_000)

            # The open question as the trainer grades it: score and comment fields.
            page.goto(f"{base}/formgrader/submissions/{submission_id(cohort, 'ref')}/")
            score = page.locator("input.score#explain_plan")
            expect(score).to_have_value("2.5", timeout=20_000)
            expect(page.locator("textarea#explain_plan-comment")).to_have_value(COMMENT)
            score.scroll_into_view_if_needed()
            page.screenshot(path=tmp_path / "grade.png")
        finally:
            browser.close()
    for name in ("assignments.png", "submissions.png", "grade.png"):
        assert (tmp_path / name).stat().st_size > 10_000, name
    assert time.monotonic() - started < 60

    assert stop_family(proc, group=True) == []
    assert proc.returncode is not None
    browsers = [p for p in psutil.Process().children(recursive=True) if "chrom" in p.name()]
    assert browsers == []
