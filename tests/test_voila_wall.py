"""The kit's reaches into Voila, nbconvert, jupyter_server and Tornado internals, all in
workshop_kit/voila_app.py: each is checked at start-up and fails loudly, naming the
installed Voila and the tested range, and the template cache is really shared."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
import tomllib
import tornado.web
from jupyter_server.services.contents.largefilemanager import LargeFileManager
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from nbconvert.exporters.templateexporter import TemplateExporter
from tornado.web import StaticFileHandler
from voila._version import __version__ as VOILA_VERSION
from voila.app import Voila
from voila.configuration import VoilaConfiguration
from voila.exporter import VoilaExporter
from voila.paths import collect_template_paths
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.voila_kernel_manager import voila_kernel_manager_factory

from workshop_kit import voila_app
from workshop_kit.voila_app import (
    TEMPLATE_CACHE,
    TESTED_VOILA,
    VoilaInternalsChanged,
    WorkshopVoila,
    check_internals,
)

ROOT = Path(__file__).resolve().parents[1]
ROUTES = [
    (r"/voila/render/(.*)", TornadoVoilaHandler),
    (r"/voila/api/shutdown/(.*)", VoilaShutdownKernelHandler),
]


@pytest.fixture
def app() -> Voila:
    """A Voila application with the real kernel and contents managers Voila builds
    (without preheating), as ``init_handlers`` sees it."""
    app = Voila()
    app.kernel_manager = voila_kernel_manager_factory(AsyncMappingKernelManager, False, 0)(
        parent=app
    )
    app.contents_manager = LargeFileManager(parent=app)
    app.app = tornado.web.Application(
        [], kernel_websocket_connection_class=ZMQChannelsWebsocketConnection
    )
    return app


def _refusal(app: Voila) -> str:
    with pytest.raises(VoilaInternalsChanged) as failure:
        check_internals(app, ROUTES)
    message = str(failure.value)
    assert f"Voila {VOILA_VERSION}" in message
    assert f"voila{TESTED_VOILA}" in message
    return message


def test_the_installed_voila_has_every_internal_the_kit_uses(app):
    check_internals(app, ROUTES)  # no error


def test_a_lost_template_hook_fails_at_start_naming_the_voila_version(app, monkeypatch):
    monkeypatch.delattr(TemplateExporter, "_create_environment")
    assert "_create_environment" in _refusal(app)


def test_a_tornado_without_the_static_file_hook_fails_at_start(app, monkeypatch):
    monkeypatch.delattr(StaticFileHandler, "get_content")
    assert "StaticFileHandler" in _refusal(app)


def test_a_preheating_manager_without_its_pools_fails_at_start(app, tmp_path, monkeypatch):
    """With preheating on, a kernel manager without the private ``_pools`` used to
    make the ready-kernels fix do nothing, silently."""
    app.voila_configuration = VoilaConfiguration(parent=app, preheat_kernel=True)
    app.root_dir, app.notebook_path = str(tmp_path), None  # no notebook: no kernel starts
    app.kernel_manager = voila_kernel_manager_factory(AsyncMappingKernelManager, True, 1)(
        parent=app
    )
    check_internals(app, ROUTES)  # Voila's own preheating manager passes
    monkeypatch.delattr(app.kernel_manager, "_pools")
    assert "._pools" in _refusal(app)


def test_the_tested_voila_range_is_the_one_pyproject_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    (voila,) = [dep for dep in project["dependencies"] if re.match(r"voila\b", dep)]
    assert voila.replace(" ", "") == f"voila{TESTED_VOILA}"


def test_every_page_exporter_takes_its_templates_compiled_from_the_shared_cache(monkeypatch):
    """Voila builds a new exporter, with a new Jinja environment, for every page: the
    server's start-up hooks give each one the process's cache of compiled templates,
    so only the first page compiles them. Fails if the hook is lost."""
    monkeypatch.setattr(VoilaExporter, "_create_environment", voila_app._create_environment)
    record_factory = logging.getLogRecordFactory()
    try:
        WorkshopVoila().install_process_hooks()
    finally:
        logging.setLogRecordFactory(record_factory)
    paths = collect_template_paths(["voila", "nbconvert"], "workshop_kit")

    def page_exporter() -> VoilaExporter:
        return VoilaExporter(template_paths=paths, template_name="workshop_kit", base_url="/")

    first, second = page_exporter(), page_exporter()
    assert first.environment is not second.environment  # Voila's way: one per page
    assert first.environment.bytecode_cache is TEMPLATE_CACHE
    hits = TEMPLATE_CACHE.hits
    first.template  # noqa: B018  (compiled now, or taken from an earlier test's cache)
    compiled = dict(TEMPLATE_CACHE._compiled)
    assert compiled
    hits = TEMPLATE_CACHE.hits
    second.template  # noqa: B018
    assert TEMPLATE_CACHE.hits > hits  # the second page took it compiled
    assert TEMPLATE_CACHE._compiled == compiled  # and compiled nothing again
