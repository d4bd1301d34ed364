"""The Voila application ``workshop-kit serve`` runs: stock Voila plus gzip.

Every new browser downloads about 5 MB of scripts and styles before a page shows a
control; gzip makes that about a quarter, which a class sharing one Wi-Fi notices.
Voila applies ``tornado_settings`` after Tornado has chosen its output transforms, so
``compress_response`` set there has no effect; the transform is added here instead.
"""

from __future__ import annotations

from tornado.web import GZipContentEncoding
from voila.app import Voila


class WorkshopVoila(Voila):
    def init_handlers(self):
        # Called right after Tornado's Application is built and before it listens.
        self.app.add_transform(GZipContentEncoding)
        return super().init_handlers()


main = WorkshopVoila.launch_instance

if __name__ == "__main__":
    main()
