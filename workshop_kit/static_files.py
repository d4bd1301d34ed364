"""How ``workshop-kit serve`` sends Voila's scripts and styles: gzipped once per file
instead of once per request, and cached for good when the file name carries a hash.

A new browser downloads about 5 MB of scripts before a page shows its first control.
Tornado's gzip transform compressed every one of them again for every student: 0.2 s
of the server's CPU per new browser (93 files: 0.33 s to serve gzipped, 0.13 s plain),
on the same two cores that build the students' pages. Here each file is compressed
the first time it is asked for and the bytes are kept, keyed by the file's path,
modification time and size, so an edited file is compressed afresh.

Voila sends every lab extension file with ``Cache-Control: no-cache``, so a browser
that already has them still asks for each again on every page (18 requests a page, in
three rounds, since each script asks for the next). Files whose names carry webpack's
content hash (``remoteEntry.698dcaf7.js``) can never change under that name; they are
sent as immutable, so the next page takes them from the browser's cache at once.
"""

from __future__ import annotations

import gzip
import os
import re
import threading

from tornado.web import GZipContentEncoding, StaticFileHandler

# Tornado's own level: level 9 saved 0.2 % on Voila's files for more time on the
# first request, which compresses on the server's event loop.
LEVEL = 6
# Larger files are served as before: this cache is for scripts and styles (Voila's
# largest is under 1 MB).
MAX_FILE_BYTES = 4 * 2**20
# Only the routes that serve Voila's, its templates' and the lab extensions' own
# files: not /voila/files/, where a workshop's own files could be any size or number.
ROUTES = re.compile(r"/voila/(static|templates|labextensions)/")

# webpack's "[name].[contenthash].js": the name changes whenever the content does
HASHED_NAME = re.compile(r"\.[0-9a-f]{8,}\.(js|css)$")
FOREVER = "public, max-age=31536000, immutable"

_compressed: dict[tuple[str, int, int], bytes] = {}
_lock = threading.Lock()


def gzipped(path: str) -> bytes:
    """The gzip bytes of the file at ``path``, compressed on the first call."""
    stat = os.stat(path)
    key = (path, stat.st_mtime_ns, stat.st_size)
    body = _compressed.get(key)
    if body is None:
        with open(path, "rb") as file:
            body = gzip.compress(file.read(), compresslevel=LEVEL, mtime=0)
        with _lock:
            for old in [k for k in _compressed if k[0] == path]:
                del _compressed[old]  # an earlier version of an edited file
            _compressed[key] = body
    return body


class KitStaticFiles(StaticFileHandler):
    """Mixed in before a StaticFileHandler subclass: answers a request that accepts
    gzip, without a Range, for a compressible type, from :func:`gzipped`, and marks
    lab extension files with a hashed name immutable. Everything else (ETags, 304s,
    paths) is the handler's own."""

    def set_headers(self) -> None:
        super().set_headers()
        if "/labextensions/" in self.request.path and HASHED_NAME.search(
            os.path.basename(self.absolute_path)
        ):
            self.set_header("Cache-Control", FOREVER)

    def get_content_size(self) -> int:
        # Tornado's get() asks for the size right before it sends the body, after the
        # path is checked and a 304 ruled out: the one place to choose the encoding.
        body = self._gzip_body()
        if body is None:
            return super().get_content_size()
        self.set_header("Content-Encoding", "gzip")  # so the gzip transform stands aside

        def get_content(_path, _start=None, _end=None):
            return body

        # Tornado's get() reads the body via self.get_content(path, start, end); the
        # classmethod stays as it is for Tornado's own class-level calls (versions).
        self.get_content = get_content
        return len(body)

    def _gzip_body(self) -> bytes | None:
        if "gzip" not in self.request.headers.get("Accept-Encoding", ""):
            return None
        if self.request.headers.get("Range"):
            return None
        content_type = (self.get_content_type() or "").split(";")[0]
        if not (
            content_type.startswith("text/") or content_type in GZipContentEncoding.CONTENT_TYPES
        ):
            return None
        if super().get_content_size() > MAX_FILE_BYTES:
            return None
        return gzipped(self.absolute_path)


def kit_static_files(handlers: list) -> list:
    """Voila's handler list with :class:`KitStaticFiles` mixed into the static file
    handlers of :data:`ROUTES` that send files as they are on disk (a handler with its
    own ``get_content``, such as the theme handler that rewrites CSS, is left alone)."""
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
