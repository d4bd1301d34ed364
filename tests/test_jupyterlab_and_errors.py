"""Beyond the happy path in Voila: the same stage in JupyterLab, and what a student sees
when the server goes away."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, free_port, wait_for_http
from playwright.sync_api import expect

from workshop_kit.store import Store

pytestmark = [pytest.mark.voila, pytest.mark.browser]
TIMEOUT = 120_000


def start(command: list[str], data: Path, port: int, url: str) -> subprocess.Popen:
    env = {**os.environ, "WORKSHOP_KIT_DATA": str(data)}
    env.pop("WORKSHOP_KIT_DB", None)
    log = open(data / f"server-{port}.log", "w")  # noqa: SIM115  (closed with the process)
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    wait_for_http(url, process, timeout=120)
    return process


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_a_student_in_jupyterlab_gets_the_same_widgets_and_saving(tmp_path, browser):
    port, token = free_port(), secrets.token_hex(16)
    # JupyterLab saves what it opens: give it a copy, never the kit's own notebooks
    notebooks = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks, ignore=shutil.ignore_patterns(".*"))
    with Store(f"sqlite:///{tmp_path / 'workshop.sqlite3'}") as store:
        me = store.create_participant()
    lab = start(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={notebooks}",
            "--ServerApp.ip=127.0.0.1",
            "--allow-root",
        ],
        tmp_path,
        port,
        f"http://127.0.0.1:{port}/api/status?token={token}",
    )
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/lab/tree/01_self_assessment.ipynb?token={token}")
        page.locator(".jp-Notebook").first.wait_for(timeout=TIMEOUT)
        # the browser remembers a participant in JupyterLab too (localStorage)
        page.evaluate(f"localStorage.setItem('workshop-kit-token', '{me.token}')")
        page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=TIMEOUT)
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").click()
        page.locator(".lm-Menu-itemLabel").get_by_text("Run All Cells", exact=True).click()
        page.wait_for_selector(".wk-rating", timeout=TIMEOUT)
        page.get_by_role("group", name="Presenting to a group").get_by_role(
            "radio", name="4 Strong"
        ).check()
        page.get_by_text("Rating saved").wait_for(timeout=TIMEOUT)
        assert "/lab/tree/" in page.url and "p=" not in page.url  # JupyterLab's own address
    finally:
        context.close()
        stop(lab)
    with Store(f"sqlite:///{tmp_path / 'workshop.sqlite3'}") as store:
        assert store.answers(me, "self_assessment") == {"rating.presenting": 4}


def test_a_lost_server_shows_a_friendly_message_not_a_dead_page(tmp_path, browser):
    port = free_port()
    server = start(
        [
            sys.executable,
            "-m",
            "workshop_kit.cli",
            "serve",
            "--port",
            str(port),
            "--host",
            "127.0.0.1",
            "--pool",
            "0",
        ],
        tmp_path,
        port,
        f"http://127.0.0.1:{port}/",
    )
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/voila/render/01_self_assessment.ipynb")
        page.wait_for_selector(".wk-rating", timeout=TIMEOUT)
        expect(page.locator(".wk-connection")).to_have_count(0)
        stop(server)  # a restart, a crash, or the Wi-Fi gone
        alert = page.get_by_role("alert").filter(has_text="connection to the workshop was lost")
        alert.wait_for(timeout=30_000)
        expect(alert.get_by_role("button", name="Reload")).to_be_visible()
        assert "Traceback" not in page.content()
    finally:
        context.close()
        if server.poll() is None:
            stop(server)
