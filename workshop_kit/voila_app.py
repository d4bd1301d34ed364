"""The Voila application ``workshop-kit serve`` runs: stock Voila plus gzip and a
shared cache of compiled page templates.

- gzip: every new browser downloads megabytes of scripts and styles before a page
  shows a control; gzip makes that a fraction (BENCHMARKS.md), which a class sharing
  one Wi-Fi notices. Voila applies ``tornado_settings`` after Tornado has chosen its output
  transforms, so ``compress_response`` set there has no effect; the transform is
  added here instead. Static files are compressed once, not per request, and files
  with hashed names are cached by the browser for good (``static_files.py``).
- preheated kernels: Voila counts a refill that has not started yet as a kernel in
  the pool, so once a class had taken the ready kernels, the next students waited
  for the refill delay and then a kernel start. Here only kernels that are ready
  count, and a ready one is handed out first; anyone else gets a fresh kernel at
  once. That lets refills wait until a class has arrived (``fill_delay``) instead of
  competing with it for the CPU.
- templates: Voila makes a new exporter, with a new Jinja environment, for every page
  it renders, so every student (and every preheated kernel) paid for parsing and
  compiling the whole template chain again, seconds of the server's CPU
  (BENCHMARKS.md). Jinja's bytecode cache is the supported way to skip that; it is
  keyed by each template's source, so an edited template is compiled afresh.
- kernels that end with their page (``kernel_guard.py`` has the rules): Voila's page
  sends a shutdown as the browser leaves it, with the ``_xsrf`` cookie's value, but
  Voila never sets that cookie, so every shutdown was refused (403, voila issue 1458)
  and every reload or stage link left a kernel behind. The kit's page handler sets the
  cookie. A kernel whose page went without a word (closed laptop, lost phone) is shut
  down once no page has been connected to it for ``reclaim_after`` seconds; pages are
  refused with a "workshop is full" page beyond ``max_kernels`` (overall, and per
  client address); and the file-descriptor and ZeroMQ socket limits, which are only
  defaults, are raised so a full workshop stays far from them.
- no "Notebook ... is not trusted" warning twice per page: the kit's own notebooks run
  in full anyway, and the warning is about showing saved outputs, which they have none.
- no secret in the log: a student's page address carries their token (``?p=``), and
  Tornado and jupyter_server log the full address of every failed request (and in a
  traceback's request summary). Every log record of the server process has the
  token's value replaced before any handler writes it (:func:`hide_secrets_in_logs`).
- nothing but the pages: Voila's notebook listing (``/``, ``/voila/tree``) and its
  contents API are not served (``/`` is a small page leading to the start page), nor
  jupyter_server's ``/logout`` (a 500: its template needs a static path Voila lacks);
  and every error page is the kit's own (``error_pages.py``), where jupyter_server's
  and Voila's loaded Font Awesome from a public CDN.
- a malformed kernel websocket message (no header, not JSON) is dropped with a warning
  line; jupyter_server raised on it, and the page's connection dropped.

Every use of Voila's, nbconvert's, jupyter_server's and Tornado's internals is in this
module (the wall: the rest of the kit uses their public APIs only) and is checked at
start-up (:func:`check_internals`), so an upgrade that changed one fails at once,
naming it, the installed Voila and the versions the kit is tested with
(:data:`TESTED_VOILA`, pinned in pyproject.toml), instead of quietly losing a fix.
The internals, and why each is needed:

- ``VoilaExporter._create_environment`` (nbconvert's ``TemplateExporter``) is
  replaced on the class to give every page's new Jinja environment the shared
  template cache (:func:`share_compiled_templates`): Voila builds the exporter itself,
  so no subclass can be put in its place.
- the preheating kernel manager's private ``_pools`` and its
  ``get_rendered_notebook``/``get_pool_size`` are rebound on the instance
  (:func:`hand_out_only_ready_kernels`); with preheating on, a manager without
  ``_pools`` fails the start-up check rather than losing the fix.
- the kernel manager's ``notify_connect``/``notify_disconnect``/``shutdown_kernel``
  are wrapped on the instance (:func:`watch_connections`), its ZeroMQ ``context``
  limits raised; the contents manager's trust check replaced
  (:func:`quiet_trust_check`).
- jupyter_server's ``JupyterHandler.write_error`` is replaced, its
  ``kernel_manager`` property overridden in the page handler, and the kernel
  websocket connection class subclassed; Voila's page and shutdown handlers are
  swapped in its route list.
- Tornado's ``StaticFileHandler.get`` reads a file's body through the classmethod
  ``get_content``, which :class:`KitStaticFiles` shadows on one request's instance to
  send the gzipped bytes (``static_files.py`` decides what is gzipped and cached).
- the preheating kernel manager's ``kernel_pools_config`` is set again while the
  server runs, and its ``fill_if_needed`` called, to keep as many kernels ready on the
  start page as the open workshops' class sizes add up to (:func:`keep_classes_ready`,
  which checks them when it starts).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import re
import resource
import time
from pathlib import Path
from typing import ClassVar

import jupyter_server
import nbconvert
import tornado
import tornado.web
from jinja2 import BytecodeCache
from jupyter_core.utils import ensure_async
from jupyter_server.base.handlers import JupyterHandler
from tornado.ioloop import IOLoop, PeriodicCallback
from tornado.web import GZipContentEncoding, StaticFileHandler
from traitlets import Float, Int, Unicode
from voila._version import __version__ as VOILA_VERSION
from voila.app import Voila
from voila.exporter import VoilaExporter
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.tornado.contentshandler import VoilaContentsHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

from workshop_kit.error_pages import error_page, front_door
from workshop_kit.identity import CLIENT_HEADER
from workshop_kit.kernel_guard import (
    DEFAULT_GRACE_SECONDS,
    DEFAULT_MAX_KERNELS,
    DEFAULT_MAX_PER_ADDRESS,
    KernelGuard,
    full_page,
)
from workshop_kit.links import record_server
from workshop_kit.pages import WELCOME
from workshop_kit.static_files import (
    FOREVER,
    ROUTES,
    cached_for_good,
    gzipped,
    worth_gzipping,
)


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in this process, shared by every page's environment."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}
        self.hits = 0  # templates taken compiled from here (the tests read it)

    def load_bytecode(self, bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)
            self.hits += 1

    def dump_bytecode(self, bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CACHE = MemoryBytecodeCache()
# nbconvert's own, kept before it is replaced (None: this nbconvert lacks it, which
# check_internals reports).
_create_environment = getattr(VoilaExporter, "_create_environment", None)


def _create_environment_with_cache(exporter):
    environment = _create_environment(exporter)
    environment.bytecode_cache = TEMPLATE_CACHE
    return environment


def share_compiled_templates() -> None:
    """Make every exporter Voila builds (one per page) compile its templates once per
    process: its new Jinja environment gets :data:`TEMPLATE_CACHE`."""
    VoilaExporter._create_environment = _create_environment_with_cache


def _ready(task) -> bool:
    return task.done() and not task.cancelled() and task.exception() is None


def preheating(app: Voila) -> bool:
    return bool(getattr(getattr(app, "voila_configuration", None), "preheat_kernel", False))


def hand_out_only_ready_kernels(kernel_manager) -> None:
    """Make a preheating kernel manager count and hand out ready kernels only (its
    ``_pools`` is checked at start-up by :func:`check_internals`)."""
    pools = kernel_manager._pools
    take = kernel_manager.get_rendered_notebook

    def get_pool_size(notebook_name: str) -> int:
        return sum(1 for task in pools.get(notebook_name, []) if _ready(task))

    async def get_rendered_notebook(notebook_name: str, **kwargs):
        pool = pools.get(notebook_name, [])
        ready = next((task for task in pool if _ready(task)), None)
        if ready is not None:  # Voila takes the first in the pool
            pool.remove(ready)
            pool.insert(0, ready)
        return await take(notebook_name=notebook_name, **kwargs)

    kernel_manager.get_pool_size = get_pool_size
    kernel_manager.get_rendered_notebook = get_rendered_notebook


# --- no page token in any log line ---------------------------------------------------

# ``p`` carries a student's page token; it may appear percent-encoded in a logged
# address too (``%3Fp%3D``).
_TOKEN_IN_ADDRESS = re.compile(r"((?:[?&;]|%3[Ff]|%26)p(?:=|%3[Dd]))[^&;\s'\"#%]+")
HIDDEN = "[hidden]"


def hide_token(text: str) -> str:
    return _TOKEN_IN_ADDRESS.sub(r"\1" + HIDDEN, text)


def hide_secrets_in_logs() -> None:
    """Make every log record of this process carry its message (and traceback) with
    page tokens hidden, whichever logger or handler writes it."""
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "hides_tokens", False):
        return

    def record_without_tokens(*args, **kwargs):
        record = make_record(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to the handler to report
            return record
        record.msg, record.args = hide_token(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = hide_token(record.exc_text)
        return record

    record_without_tokens.hides_tokens = True
    logging.setLogRecordFactory(record_without_tokens)


# --- the internals used here, checked at start-up ------------------------------------

GUARD_SETTING = "workshop_kit_guard"
# The Voila versions the kit is tested with: pyproject.toml and environment.yml pin
# the same range (a test checks they agree).
TESTED_VOILA = ">=0.5.8,<0.6"
KERNEL_MANAGER_METHODS = ("notify_connect", "notify_disconnect", "shutdown_kernel", "start_kernel")
PREHEAT_METHODS = ("get_rendered_notebook", "get_pool_size")


class VoilaInternalsChanged(RuntimeError):
    pass


def check_internals(app: Voila, handlers: list) -> None:
    """Fail at start-up, naming what is missing, the installed Voila and the tested
    range, if Voila, nbconvert, jupyter_server or Tornado lacks an internal the kit
    relies on (the module docstring lists them)."""
    missing = _missing_kernel_manager_internals(app)
    missing += _missing_template_internals()
    missing += _missing_static_file_internals()
    missing += _missing_server_internals(app, handlers)
    if missing:
        raise VoilaInternalsChanged(
            f"workshop-kit cannot run on Voila {VOILA_VERSION} (with nbconvert "
            f"{nbconvert.__version__}, jupyter_server {jupyter_server.__version__}, "
            f"Tornado {tornado.version}): it no longer has "
            + "; ".join(missing)
            + f". The kit is tested with voila{TESTED_VOILA}: "
            + f"pip install 'voila{TESTED_VOILA}'."
        )


def _missing_kernel_manager_internals(app: Voila) -> list[str]:
    missing = []
    manager = app.kernel_manager
    for name in KERNEL_MANAGER_METHODS:
        if not callable(getattr(manager, name, None)):
            missing.append(f"kernel manager .{name}()")
    if preheating(app):
        if not isinstance(getattr(manager, "_pools", None), dict):
            missing.append("preheating kernel manager ._pools (a dict of kernel pools)")
        missing += [
            f"preheating kernel manager .{name}()"
            for name in PREHEAT_METHODS
            if not callable(getattr(manager, name, None))
        ]
    if not hasattr(manager, "context") or not hasattr(manager.context, "MAX_SOCKETS"):
        missing.append("kernel manager's ZeroMQ .context")
    return missing


def _missing_template_internals() -> list[str]:
    if not callable(_create_environment) or not callable(
        getattr(VoilaExporter, "_create_environment", None)
    ):
        return ["nbconvert TemplateExporter._create_environment() (the template cache)"]
    if not isinstance(inspect.getattr_static(VoilaExporter, "environment", None), property):
        return ["VoilaExporter.environment property (the template cache)"]
    return []


def _missing_static_file_internals() -> list[str]:
    """:class:`KitStaticFiles` relies on Tornado's get() asking the instance for the
    body through the classmethod ``get_content`` after ``get_content_size``."""
    get_content = inspect.getattr_static(StaticFileHandler, "get_content", None)
    try:
        reads = inspect.getsource(StaticFileHandler.get)
    except (OSError, TypeError):
        reads = ""
    if not (
        isinstance(get_content, classmethod)
        and callable(getattr(StaticFileHandler, "get_content_size", None))
        and "self.get_content(" in reads
        and "self.get_content_size()" in reads
    ):
        return ["Tornado StaticFileHandler.get() reading the body via self.get_content()"]
    return []


def _missing_server_internals(app: Voila, handlers: list) -> list[str]:
    missing = []
    contents = app.contents_manager
    if not callable(getattr(contents, "mark_trusted_cells", None)) or not callable(
        getattr(getattr(contents, "notary", None), "mark_cells", None)
    ):
        missing.append("contents manager .mark_trusted_cells() and .notary.mark_cells()")
    settings = getattr(getattr(app, "app", None), "settings", {})
    connection = settings.get("kernel_websocket_connection_class")
    if not callable(getattr(connection, "handle_incoming_message", None)):
        missing.append("the kernel websocket connection class .handle_incoming_message()")
    if not callable(getattr(JupyterHandler, "write_error", None)):
        missing.append("jupyter_server JupyterHandler.write_error()")
    if not isinstance(getattr(JupyterHandler, "kernel_manager", None), property):
        missing.append("jupyter_server JupyterHandler.kernel_manager property")
    routes = {spec[1] for spec in handlers if isinstance(spec, tuple) and len(spec) > 1}
    for handler in (TornadoVoilaHandler, VoilaShutdownKernelHandler):
        if handler not in routes:
            missing.append(f"the route served by {handler.__module__}.{handler.__name__}")
    return missing


# --- Voila's scripts and styles (what static_files.py decides, applied) ---------------


class KitStaticFiles(StaticFileHandler):
    """Mixed in before a StaticFileHandler subclass: answers a request that accepts
    gzip, without a Range, for a compressible type, from :func:`gzipped`, and marks
    lab extension files with a hashed name immutable. Everything else (ETags, 304s,
    paths) is the handler's own."""

    def set_headers(self) -> None:
        super().set_headers()
        if cached_for_good(self.request.path, self.absolute_path):
            self.set_header("Cache-Control", FOREVER)

    def get_content_size(self) -> int:
        # Tornado's get() asks for the size right before it sends the body, after the
        # path is checked and a 304 ruled out: the one place to choose the encoding.
        size = super().get_content_size()
        headers = self.request.headers
        if not worth_gzipping(
            headers.get("Accept-Encoding", ""),
            headers.get("Range"),
            self.get_content_type() or "",
            size,
        ):
            return size
        body = gzipped(self.absolute_path)
        self.set_header("Content-Encoding", "gzip")  # so the gzip transform stands aside

        def get_content(_path, _start=None, _end=None):
            return body

        # Tornado's get() reads the body via self.get_content(path, start, end)
        # (checked at start-up); the classmethod stays as it is for Tornado's own
        # class-level calls (versions).
        self.get_content = get_content
        return len(body)


def kit_static_files(handlers: list) -> list:
    """Voila's handler list with :class:`KitStaticFiles` mixed into the static file
    handlers of ``static_files.ROUTES`` that send files as they are on disk (a handler
    with its own ``get_content``, such as the theme handler that rewrites CSS, is left
    alone)."""
    out = []
    for spec in handlers:
        if _plain_static_route(spec):
            handler = spec[1]
            spec = (spec[0], type(handler.__name__, (KitStaticFiles, handler), {}), *spec[2:])
        out.append(spec)
    return out


def _plain_static_route(spec) -> bool:
    if not (isinstance(spec, tuple) and len(spec) > 1 and isinstance(spec[0], str)):
        return False
    handler = spec[1]
    return (
        ROUTES.search(spec[0]) is not None
        and isinstance(handler, type)
        and issubclass(handler, StaticFileHandler)
        and handler.get_content.__func__ is StaticFileHandler.get_content.__func__
        and handler.get_content_size is StaticFileHandler.get_content_size
    )


# --- the kernels of students' pages -------------------------------------------------


class _PageKernelManager:
    """The kernel manager as one page request uses it: the kernel the page is given
    is noted as that page's (with the client's address) for the guard."""

    def __init__(self, manager, note) -> None:
        self._manager, self._note = manager, note

    def __getattr__(self, name):
        return getattr(self._manager, name)

    async def start_kernel(self, *args, **kwargs):
        kernel_id = await ensure_async(self._manager.start_kernel(*args, **kwargs))
        self._note(kernel_id)
        return kernel_id

    async def get_rendered_notebook(self, *args, **kwargs):
        render_task, rendered, kernel_id = await self._manager.get_rendered_notebook(
            *args, **kwargs
        )
        self._note(kernel_id)
        return render_task, rendered, kernel_id


class KitPageHandler(TornadoVoilaHandler):
    """Voila's page handler, with the workshop's cap on open pages, the ``_xsrf``
    cookie the page's shutdown beacon needs, and the page's kernel noted."""

    @property
    def guard(self) -> KernelGuard:
        return self.settings[GUARD_SETTING]

    @property
    def kernel_manager(self):
        manager = self.settings["kernel_manager"]
        address = self.request.remote_ip
        return _PageKernelManager(
            manager, lambda kernel_id: self.guard.page_kernel(kernel_id, address, time.monotonic())
        )

    @tornado.web.authenticated
    async def get(self, path=None):
        address = self.request.remote_ip
        refusal = self.guard.refusal(address)
        if refusal is not None:
            self.set_status(503)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.set_header("Retry-After", "60")
            self.finish(full_page(refusal, self.request.uri))
            return
        # The kernel learns the student's address as a request header (Voila passes
        # the headers listed in http_header_envs), for the store's wrong-key counts;
        # set here so a client cannot choose it.
        self.request.headers[CLIENT_HEADER] = address
        # Voila's page posts its shutdown with this cookie's value (voila issue 1458:
        # nothing set it, so the shutdown was refused and the kernel left running).
        self.xsrf_token  # noqa: B018  (reading it sets the cookie)
        self.guard.building(address)
        try:
            await super().get(path)
        finally:
            self.guard.built(address)


# A page's kernel runs this long after the page asked for its end: a change typed
# just before leaving reaches the kernel over the websocket, separately from the
# shutdown request, and the page's saves wait 0.6 s for the typing to pause.
DRAIN_SECONDS = 3.0


class KitShutdownHandler(VoilaShutdownKernelHandler):
    """A page's shutdown on leaving: answered at once, done after :data:`DRAIN_SECONDS`,
    and quiet when the kernel has gone or is going (the reclaimer or a second request
    got there first)."""

    ending: ClassVar[set[str]] = set()  # shutdowns under way, shared by all requests

    @tornado.web.authenticated
    async def post(self, kernel_id):
        manager = self.settings["kernel_manager"]
        self.set_status(204)
        self.finish()
        if kernel_id in self.ending or kernel_id not in manager:
            return
        self.ending.add(kernel_id)
        IOLoop.current().spawn_callback(self._end, manager, kernel_id, self.log)

    @classmethod
    async def _end(cls, manager, kernel_id: str, log) -> None:
        try:
            await asyncio.sleep(DRAIN_SECONDS)
            if kernel_id in manager:
                await ensure_async(manager.shutdown_kernel(kernel_id))
        except Exception:
            log.exception("Ending kernel %s failed", kernel_id)
        finally:
            cls.ending.discard(kernel_id)


# --- no notebook listing, and the kit's own error pages ------------------------------


def kit_write_error(self, status_code: int, **kwargs) -> None:
    """jupyter_server's error pages, as the kit's page: no CDN, no details."""
    self.set_header("Content-Type", "text/html; charset=utf-8")
    self.write(error_page(status_code, self.request.headers.get("Accept-Language", "")))


class KitNotFoundHandler(tornado.web.RequestHandler):
    """A 404 in the kit's style, for every address the kit does not serve."""

    def prepare(self):
        raise tornado.web.HTTPError(404)

    def write_error(self, status_code: int, **kwargs) -> None:
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(error_page(status_code, self.request.headers.get("Accept-Language", "")))


class KitFrontDoorHandler(tornado.web.RequestHandler):
    """The bare address: a link to the start page instead of Voila's notebook list."""

    def get(self):
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(front_door(self.request.query, self.request.headers.get("Accept-Language", "")))


def drop_malformed_messages(connection_class: type) -> type:
    """The kernel websocket connection, logging and dropping a message it cannot read
    instead of raising (which closed the page's connection with a traceback)."""

    class KitKernelConnection(connection_class):
        def handle_incoming_message(self, incoming_msg):
            try:
                return super().handle_incoming_message(incoming_msg)
            except Exception as error:  # any message a page would never send
                self.log.warning(
                    "Dropped a malformed message on the websocket of kernel %s (%s)",
                    getattr(self, "kernel_id", "?"),
                    type(error).__name__,
                )
                return None

    return KitKernelConnection


def _replace_handlers(handlers: list) -> list:
    swap = {TornadoVoilaHandler: KitPageHandler, VoilaShutdownKernelHandler: KitShutdownHandler}
    out = []
    for spec in handlers:
        if isinstance(spec, tuple) and len(spec) > 1:
            pattern, handler = spec[0], spec[1]
            if handler in swap:
                spec = (pattern, swap[handler], *spec[2:])
            elif handler is TornadoVoilaTreeHandler and pattern.rstrip("/") == "":
                spec = (pattern, KitFrontDoorHandler)
            elif handler in (TornadoVoilaTreeHandler, VoilaContentsHandler) or (
                pattern.endswith("/logout")
            ):
                spec = (pattern, KitNotFoundHandler)
        out.append(spec)
    return out


def watch_connections(kernel_manager, guard: KernelGuard) -> None:
    """Tell the guard whenever a page's websocket connects to or leaves a kernel, and
    when a kernel ends however it ends."""
    connect, disconnect = kernel_manager.notify_connect, kernel_manager.notify_disconnect
    shutdown = kernel_manager.shutdown_kernel

    def notify_connect(kernel_id):
        guard.connected(kernel_id, time.monotonic())
        return connect(kernel_id)

    def notify_disconnect(kernel_id):
        guard.disconnected(kernel_id, time.monotonic())
        return disconnect(kernel_id)

    async def shutdown_kernel(kernel_id, *args, **kwargs):
        try:
            return await ensure_async(shutdown(kernel_id, *args, **kwargs))
        finally:
            guard.ended(kernel_id)

    kernel_manager.notify_connect = notify_connect
    kernel_manager.notify_disconnect = notify_disconnect
    kernel_manager.shutdown_kernel = shutdown_kernel


async def reclaim(kernel_manager, guard: KernelGuard, log) -> None:
    """Shut down the kernels no page has been connected to for the grace period."""
    running = set(kernel_manager.list_kernel_ids())
    for kernel_id in guard.to_reclaim(time.monotonic()):
        if kernel_id not in running:  # it ended by itself
            guard.ended(kernel_id)
            continue
        log.info("Reclaiming kernel %s: its page has gone", kernel_id)
        try:
            await kernel_manager.shutdown_kernel(kernel_id)
        except Exception:  # one kernel that will not stop must not stop the others
            log.exception("Reclaiming kernel %s failed", kernel_id)
            guard.ended(kernel_id)


def raise_descriptor_limits(kernel_manager, log) -> int:
    """Raise the open-file limit to the most allowed and ZeroMQ's socket limit (1,023
    by default) to match. Each kernel holds about a dozen descriptors and ZeroMQ
    sockets in the server; the defaults ran out at about 170 kernels."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError) as error:
            log.warning("Could not raise the open-file limit from %s: %s", soft, error)
    context = kernel_manager.context
    limit = context.SOCKET_LIMIT if soft == resource.RLIM_INFINITY else soft
    context.MAX_SOCKETS = max(context.MAX_SOCKETS, min(context.SOCKET_LIMIT, limit))
    return soft


# A leaking server held about 2,400 descriptors for 176 kernels (14 each): with margin.
DESCRIPTORS_PER_KERNEL = 20


def quiet_trust_check(contents_manager) -> None:
    """Mark the kit's notebooks' cells untrusted, as before, without the warning."""
    notary = contents_manager.notary

    def mark_trusted_cells(nb, path=""):
        notary.mark_cells(nb, False)

    contents_manager.mark_trusted_cells = mark_trusted_cells


# --- kernels ready for the classes expected ------------------------------------------

CLASS_SIZE_CHECK_SECONDS = 5.0
POOL_INTERNALS = ("kernel_pools_config", "fill_if_needed", "shutdown_kernel")


def keep_classes_ready(app: Voila, notebook: str, interval: float = CLASS_SIZE_CHECK_SECONDS):
    """Every ``interval`` seconds, set how many kernels ``notebook`` (the join page)
    keeps ready: the most of its pool at start (``--pool``, ``--class-size``) and the
    class sizes of the open workshops created in the last hours, added up (one small
    query, in a thread of its own). A workshop created with ``--size 30`` gets 30 ready
    kernels within seconds; they are shut down again once it ends. At most
    ``max_kernels`` (pages beyond it are refused anyway).

    Returns the started :class:`PeriodicCallback`, or None when preheating is off. Uses
    Voila's ``kernel_pools_config`` (read by its ``fill_if_needed`` at every refill)
    and its pool of preheated kernels; checked here at start-up."""
    from concurrent.futures import ThreadPoolExecutor

    manager = app.kernel_manager
    pools = getattr(manager, "_pools", None)
    if pools is None:
        return None
    missing = [name for name in POOL_INTERNALS if getattr(manager, name, None) is None]
    if missing or not isinstance(manager.kernel_pools_config, dict):
        raise VoilaInternalsChanged(
            f"workshop-kit cannot keep kernels ready for a class on Voila {VOILA_VERSION}: "
            f"its kernel manager has no {', '.join(missing) or 'dict kernel_pools_config'}. "
            f"The kit is tested with voila{TESTED_VOILA}: pip install 'voila{TESTED_VOILA}'."
        )
    default = manager.kernel_pools_config.get("default", {}).get("pool_size", 1)
    floor = manager.kernel_pools_config.get(notebook, {}).get("pool_size", default)
    cap = getattr(app, "max_kernels", 0) or None
    worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="class-size")
    state = {"store": None, "target": floor, "busy": False}
    log = app.log

    def expected() -> int:
        from workshop_kit.store import Store

        if state["store"] is None:
            state["store"] = Store.from_env()
        return state["store"].ready_kernels_wanted()

    async def check() -> None:
        if state["busy"]:
            return
        state["busy"] = True
        try:
            wanted = await IOLoop.current().run_in_executor(worker, expected)
        except Exception as error:  # a busy or missing database: try again next time
            log.warning("Could not read the expected class sizes: %s", error)
            return
        finally:
            state["busy"] = False
        target = max(floor, min(wanted, cap) if cap else wanted)
        if target == state["target"]:
            return
        state["target"] = target
        config = dict(manager.kernel_pools_config)
        config[notebook] = {**config.get(notebook, {}), "pool_size": target}
        manager.kernel_pools_config = config
        log.warning("Keeping %s kernels ready on %s for the classes expected", target, notebook)
        pool = pools.get(notebook, [])
        if len(pool) < target:
            manager.fill_if_needed(delay=0, notebook_name=notebook)
            return
        # Fewer wanted: shut down ready kernels beyond the target (one starting is
        # left to start, and shut down at the next check).
        extra = [task for task in pool if _ready(task)][: len(pool) - target]
        for task in extra:
            kernel_id = task.result().get("kernel_id")
            try:
                await ensure_async(manager.shutdown_kernel(kernel_id))
            except Exception:  # one kernel that will not stop must not stop the check
                log.exception("Stopping the ready kernel %s failed", kernel_id)
            if task in pool:
                pool.remove(task)

    checker = PeriodicCallback(check, interval * 1000)
    IOLoop.current().add_callback(checker.start)
    return checker


class WorkshopVoila(Voila):
    max_kernels = Int(
        DEFAULT_MAX_KERNELS,
        config=True,
        help="Most kernels of students' pages at once (0: no cap); beyond, a page says "
        "the workshop is full. Preheated kernels are not counted.",
    )
    max_kernels_per_address = Int(
        DEFAULT_MAX_PER_ADDRESS,
        config=True,
        help="Most kernels of pages opened from one client address (0: no cap).",
    )
    reclaim_after = Float(
        DEFAULT_GRACE_SECONDS,
        config=True,
        help="Seconds a page's kernel is kept with no page connected to it.",
    )

    data_dir = Unicode(
        "",
        config=True,
        help="The workshop's data folder: the server notes its port there (serve.json) "
        "for `workshop-kit links` and `session new`.",
    )

    def init_handlers(self):
        # Called right after Tornado's Application and the kernel manager are built,
        # before the server listens.
        handlers = super().init_handlers()
        check_internals(self, handlers)
        self.app.add_transform(GZipContentEncoding)
        JupyterHandler.write_error = kit_write_error
        settings = self.app.settings
        settings["kernel_websocket_connection_class"] = drop_malformed_messages(
            settings["kernel_websocket_connection_class"]
        )
        self.app.settings["default_handler_class"] = KitNotFoundHandler
        if preheating(self):
            hand_out_only_ready_kernels(self.kernel_manager)
        quiet_trust_check(self.contents_manager)
        self.guard = KernelGuard(
            max_kernels=self.max_kernels,
            max_per_address=self.max_kernels_per_address,
            grace_seconds=self.reclaim_after,
        )
        self.app.settings[GUARD_SETTING] = self.guard
        watch_connections(self.kernel_manager, self.guard)
        descriptors = raise_descriptor_limits(self.kernel_manager, self.log)
        if descriptors != resource.RLIM_INFINITY and self.max_kernels > 0:
            room = descriptors // DESCRIPTORS_PER_KERNEL
            if room < self.max_kernels:
                self.log.warning(
                    "This system lets the server open %s files, enough for about %s "
                    "kernels, fewer than --max-kernels %s",
                    descriptors,
                    room,
                    self.max_kernels,
                )
        interval = min(max(self.reclaim_after / 4, 1), 15)
        reclaimer = PeriodicCallback(
            lambda: reclaim(self.kernel_manager, self.guard, self.log), interval * 1000
        )
        IOLoop.current().add_callback(reclaimer.start)
        IOLoop.current().add_callback(self._note_address)
        keep_classes_ready(self, WELCOME)  # workshops' class sizes (store/sessions.py)
        return kit_static_files(_replace_handlers(handlers))

    def _note_address(self) -> None:
        # runs once the server listens: self.port is the port it found free
        if self.data_dir:
            record_server(Path(self.data_dir), self.port, self.ip)

    def start(self):
        self.install_process_hooks()
        return super().start()

    def install_process_hooks(self) -> None:
        """What the whole server process needs before its first page: no token in
        any log line, and one cache of compiled templates for every page."""
        hide_secrets_in_logs()
        share_compiled_templates()


main = WorkshopVoila.launch_instance

if __name__ == "__main__":
    main()
