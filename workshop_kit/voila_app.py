"""The Voila application ``workshop-kit serve`` runs: stock Voila plus gzip and a
shared cache of compiled page templates.

- gzip: every new browser downloads about 5 MB of scripts and styles before a page
  shows a control; gzip makes that about a quarter, which a class sharing one Wi-Fi
  notices. Voila applies ``tornado_settings`` after Tornado has chosen its output
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
  compiling the whole template chain again: about 2 s of the server's CPU on a
  2-core laptop. Jinja's bytecode cache is the supported way to skip that; it is
  keyed by each template's source, so an edited template is compiled afresh.
"""

from __future__ import annotations

from jinja2 import BytecodeCache
from tornado.web import GZipContentEncoding
from voila.app import Voila
from voila.exporter import VoilaExporter

from workshop_kit.static_files import kit_static_files


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in this process, shared by every page's environment."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CACHE = MemoryBytecodeCache()
_create_environment = VoilaExporter._create_environment


def _create_environment_with_cache(exporter):
    environment = _create_environment(exporter)
    environment.bytecode_cache = TEMPLATE_CACHE
    return environment


def _ready(task) -> bool:
    return task.done() and not task.cancelled() and task.exception() is None


def hand_out_only_ready_kernels(kernel_manager) -> None:
    """Make a preheating kernel manager count and hand out ready kernels only."""
    pools = getattr(kernel_manager, "_pools", None)
    if pools is None:  # preheating is off
        return
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


class WorkshopVoila(Voila):
    def init_handlers(self):
        # Called right after Tornado's Application and the kernel manager are built,
        # before the server listens.
        self.app.add_transform(GZipContentEncoding)
        hand_out_only_ready_kernels(self.kernel_manager)
        return kit_static_files(super().init_handlers())

    def start(self):
        VoilaExporter._create_environment = _create_environment_with_cache
        return super().start()


main = WorkshopVoila.launch_instance

if __name__ == "__main__":
    main()
