"""The Voila application ``workshop-kit serve`` runs: stock Voila plus gzip and a
shared cache of compiled page templates.

- gzip: every new browser downloads about 5 MB of scripts and styles before a page
  shows a control; gzip makes that about a quarter, which a class sharing one Wi-Fi
  notices. Voila applies ``tornado_settings`` after Tornado has chosen its output
  transforms, so ``compress_response`` set there has no effect; the transform is
  added here instead.
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


class WorkshopVoila(Voila):
    def init_handlers(self):
        # Called right after Tornado's Application is built and before it listens.
        self.app.add_transform(GZipContentEncoding)
        return super().init_handlers()

    def start(self):
        VoilaExporter._create_environment = _create_environment_with_cache
        return super().start()


main = WorkshopVoila.launch_instance

if __name__ == "__main__":
    main()
