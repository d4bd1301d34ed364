"""Every page as a browser sees it: the kit's own template, no request to another origin,
no console error, no accessibility violation (axe-core, WCAG 2 A and AA), at phone width."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from helpers import AXE

from workshop_kit.cli import voila_command
from workshop_kit.pages import DASHBOARD, PRESENTER, WELCOME

pytestmark = pytest.mark.voila
TIMEOUT = 90_000
PAGES = [
    ("00_welcome.ipynb", ".wk-join"),
    ("01_self_assessment.ipynb", ".wk-rating"),
    ("02_alternative_careers.ipynb", ".wk-board"),
    ("03_interview_dos_donts.ipynb", ".wk-quiz-row"),
    ("04_action_plan.ipynb", ".wk-download"),
    (DASHBOARD, ".wk-join"),
    (PRESENTER, ".wk-present"),  # opened without the dashboard's pass: it says so
]


def test_serve_uses_the_kits_template_preheating_and_culling(tmp_path):
    command = voila_command(Path("notebooks"), 8866, "0.0.0.0", 2, tmp_path)
    assert "--template=workshop_kit" in command
    assert "--VoilaConfiguration.show_tracebacks=False" in command
    assert "--VoilaConfiguration.preheat_kernel=True" in command
    assert any(arg.startswith("--MappingKernelManager.cull_idle_timeout=") for arg in command)
    config = json.loads((tmp_path / "voila.json").read_text())["VoilaKernelManager"]
    assert config["kernel_pools_config"]["default"]["pool_size"] == 2
    assert config["preheat_denylist"] == [DASHBOARD, PRESENTER]  # instructors' pages: fresh
    off = voila_command(Path("notebooks"), 8866, "0.0.0.0", 0, tmp_path)
    assert "--VoilaConfiguration.preheat_kernel=False" in off


def test_a_class_size_keeps_that_many_kernels_ready_on_the_start_page(tmp_path):
    command = voila_command(Path("notebooks"), 8866, "0.0.0.0", 2, tmp_path, class_size=30)
    pools = json.loads((tmp_path / "voila.json").read_text())["VoilaKernelManager"]
    assert pools["kernel_pools_config"][WELCOME]["pool_size"] == 30
    assert pools["kernel_pools_config"]["default"]["pool_size"] == 2  # the stage pages
    assert "--VoilaConfiguration.preheat_kernel=True" in command


def test_the_page_html_is_ours_and_names_no_cdn(voila_server):
    with urllib.request.urlopen(voila_server.page(), timeout=120) as response:
        html = response.read().decode()
    assert "wk-site-header" in html and "Career Workshop Kit" in html
    for outside in ("cdn.jsdelivr", "cdnjs.cloudflare", "unpkg.com", "fonts.googleapis"):
        assert outside not in html


STUDENT_PAGES = [(notebook, ready) for notebook, ready in PAGES if notebook[:2].isdigit()]


@pytest.mark.browser
@pytest.mark.parametrize(("notebook", "ready"), PAGES, ids=[p[0] for p in PAGES])
def test_every_page_stays_on_its_server_with_no_errors_and_no_axe_violations(
    voila_server, browser, notebook, ready
):
    _check_page(voila_server, browser, notebook, ready, "en")


@pytest.mark.browser
@pytest.mark.parametrize(("notebook", "ready"), STUDENT_PAGES, ids=[p[0] for p in STUDENT_PAGES])
def test_every_student_page_in_french_is_marked_french_with_no_axe_violations(
    voila_server, browser, notebook, ready
):
    """A French browser (Accept-Language fr-CA) on its own gets the French pages, marked
    lang="fr" for screen readers, as clean as the English ones at phone width."""
    page = _check_page(voila_server, browser, notebook, ready, "fr")
    assert page == "fr"


def _check_page(voila_server, browser, notebook, ready, language):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="fr-CA" if language == "fr" else "en-US"
    )
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(voila_server.page(notebook))
        page.wait_for_selector(ready, timeout=TIMEOUT, state="attached")
        if language != "en":
            page.wait_for_function(
                f"document.documentElement.lang === {language!r}", timeout=TIMEOUT
            )
        page.wait_for_load_state("networkidle")
        foreign = [
            url for url in requests if not url.startswith((voila_server.base, "data:", "blob:"))
        ]
        assert foreign == []
        assert errors == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        if not AXE.exists():
            if os.environ.get("CI"):
                pytest.fail("axe-core missing: make test installs it with npm")
            pytest.skip("axe-core not installed (npm install); accessibility not checked")
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            """async () => (await axe.run(document, {runOnly: ["wcag2a", "wcag2aa"]}))
                .violations.map(v => `${v.id}: ${v.nodes.map(n => n.target).join(" | ")}`)"""
        )
        assert violations == []
        return page.evaluate("document.documentElement.lang")
    finally:
        context.close()


SERVER_PAGES = ["/", "/voila/render/no_such_page.ipynb", "/voila/tree", "/no/such/address"]


@pytest.mark.browser
@pytest.mark.parametrize("path", SERVER_PAGES)
def test_the_front_door_and_error_pages_are_the_kits_and_stay_on_its_server(
    voila_server, browser, path
):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(voila_server.base + path)
        page.wait_for_load_state("networkidle")
        assert [url for url in requests if not url.startswith(voila_server.base)] == []
        assert page.locator("header").inner_text() == "Career Workshop Kit"
        assert page.get_by_role("link", name="Go to the start page").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        if AXE.exists():
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate(
                """async () => (await axe.run(document, {runOnly: ["wcag2a", "wcag2aa"]}))
                    .violations.map(v => v.id)"""
            )
            assert violations == []
    finally:
        context.close()


def test_links_prints_the_join_link_and_a_qr_code(tmp_path):
    env = {**os.environ, "WORKSHOP_KIT_DATA": str(tmp_path)}
    env.pop("WORKSHOP_KIT_DB", None)
    run = [sys.executable, "-m", "workshop_kit.cli"]
    created = subprocess.run(
        [*run, "session", "new", "QR test", "--host", "127.0.0.1"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    code = created.stdout.split("Join code:")[1].split()[0]
    result = subprocess.run(
        [*run, "links", code.lower(), "--host", "127.0.0.1"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert f"00_welcome.ipynb?session={code}" in result.stdout
    assert "█" in result.stdout  # the QR code, drawn in the terminal
    wrong = subprocess.run(
        [*run, "links", "QQQ-QQQ"], env=env, capture_output=True, text=True, check=False
    )
    assert wrong.returncode == 1 and "no workshop" in wrong.stderr


def test_scripts_reach_the_browser_compressed(voila_server):
    """About 5 MB of scripts per new browser: gzip matters on a shared classroom Wi-Fi."""
    with urllib.request.urlopen(voila_server.page(), timeout=120) as response:
        html = response.read().decode()
    script = re.search(r'src="([^"]*voila\.js[^"]*)"', html)
    assert script, "the page names no voila.js"
    request = urllib.request.Request(
        urllib.parse.urljoin(voila_server.base + "/voila/render/", script.group(1)),
        headers={"Accept-Encoding": "gzip"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        body = response.read()
        assert response.headers["Content-Encoding"] == "gzip"
    assert b"function" in gzip.decompress(body)
