"""Shared fixtures: a real SQLite store, the kit's content, a real Voila server and
a real Chromium (WORKSHOP_KIT_CHROMIUM, else the system one, else Playwright's own)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from helpers import ROOT, free_port, wait_for_http
from sqlalchemy import create_engine

from kit_devtools import CHROMIUM_ARGS, find_chromium, throwaway_schema
from workshop_kit.cli import ORGANISER_SECRET
from workshop_kit.content import load_content
from workshop_kit.store import Store

CHROMIUM = find_chromium()
NO_CHROMIUM = "no Chromium here (see the note at the end of the run)"
TEST_ORGANISER_SECRET = "organiser-secret-for-tests"
DEFAULT_TEST_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:55432/postgres"


@pytest.fixture(scope="session")
def content():
    return load_content(ROOT / "exercises" / "en")


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A reachable PostgreSQL server (``.ci/start-postgres`` starts one), else a skip.

    In CI an unreachable server fails the run: the store must be tested on both engines.
    """
    url = os.environ.get("WORKSHOP_KIT_TEST_POSTGRES", DEFAULT_TEST_POSTGRES)
    try:
        engine = create_engine(url)
        with engine.connect():
            pass
        engine.dispose()
    except Exception as error:  # any failure to connect means "no server here"
        message = (
            f"No PostgreSQL server at {url} ({type(error).__name__}); "
            'run eval "$(.ci/start-postgres)" to test the PostgreSQL store.'
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> Iterator[str]:
    """An empty database on each engine the store supports.

    PostgreSQL tests each get a fresh schema (cheap, unlike a database per test)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'workshop.sqlite3'}"
        return
    with throwaway_schema(request.getfixturevalue("postgres_url")) as url:
        yield url


@pytest.fixture
def french():
    """The kit speaks French for the test, and English again after it, whatever happens."""
    from workshop_kit import i18n

    i18n.use("fr")
    try:
        yield
    finally:
        i18n.use("en")


@pytest.fixture
def store(db_url):
    with Store(db_url) as store:
        yield store


class Server:
    def __init__(self, base: str, data_dir: Path, process: subprocess.Popen, log: Path):
        self.base, self.data_dir, self.process, self.log = base, data_dir, process, log

    def page(self, name: str = "01_self_assessment.ipynb", query: str = "") -> str:
        return f"{self.base}/voila/render/{name}" + (f"?{query}" if query else "")

    def store(self) -> Store:
        return Store(f"sqlite:///{self.data_dir / 'workshop.sqlite3'}")


@contextmanager
def serve(data_dir: Path, pool: int, *options: str) -> Iterator[Server]:
    """``workshop-kit serve`` as ``make serve`` runs it, on a free port, with ``pool``
    preheated kernels per page."""
    log = data_dir / "serve.log"
    port = free_port()
    env = {**os.environ, "WORKSHOP_KIT_DATA": str(data_dir)}
    env[ORGANISER_SECRET] = TEST_ORGANISER_SECRET
    env.pop("WORKSHOP_KIT_DB", None)
    command = [sys.executable, "-m", "workshop_kit.cli", "serve", "--port", str(port)]
    command += ["--host", "127.0.0.1", "--pool", str(pool), *options]
    with open(log, "w") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    server = Server(f"http://127.0.0.1:{port}", data_dir, process, log)
    try:
        wait_for_http(server.base + "/", process)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory):
    """The kit's server with one preheated kernel per page, so that path stays tested
    (the default is none)."""
    with serve(tmp_path_factory.mktemp("serve-data"), pool=1) as server:
        yield server


# One Chromium per test module, not per session: while Playwright's sync API is
# started, the main thread reports a running asyncio loop that never runs, so the
# debounced saves of later non-browser tests would wait forever.
@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium not found; .ci/run should install it")
        pytest.skip(NO_CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


BROWSER_FIXTURES = {"browser", "context"}
_left_out: list[str] = []


def pytest_collection_modifyitems(config, items):
    """Without a Chromium (and outside CI, where that fails the run instead) the
    browser tests are left out, and the run says so once at its end."""
    if CHROMIUM is not None or os.environ.get("CI"):
        return
    kept = [item for item in items if not BROWSER_FIXTURES & set(item.fixturenames)]
    left_out = [item for item in items if BROWSER_FIXTURES & set(item.fixturenames)]
    if left_out:
        _left_out.extend(item.nodeid for item in left_out)
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


def pytest_terminal_summary(terminalreporter):
    """Say once, at the end, that the browser tests did not run, and how to run them."""
    if _left_out:
        terminalreporter.section("browser tests not run", sep="!", red=True, bold=True)
        terminalreporter.write_line(
            f"{len(_left_out)} browser tests were left out: no Chromium was found. Install "
            "it with `apt-get install chromium` (Debian/Ubuntu), point WORKSHOP_KIT_CHROMIUM "
            "at a Chromium, or run `.venv/bin/playwright install chromium`.",
            red=True,
            bold=True,
        )
