"""How ``workshop-kit serve`` sends Voila's scripts and styles: gzipped once per file
instead of once per request, and cached for good when the file name carries a hash.

A new browser downloads megabytes of scripts before a page shows its first control.
Tornado's gzip transform compressed every one of them again for every student, on
the same cores that build the students' pages (the cost is in BENCHMARKS.md). Here
each file is compressed
the first time it is asked for and the bytes are kept, keyed by the file's path,
modification time and size, so an edited file is compressed afresh.

Voila sends every lab extension file with ``Cache-Control: no-cache``, so a browser
that already has them still asks for each again on every page (18 requests a page, in
three rounds, since each script asks for the next). Files whose names carry webpack's
content hash (``remoteEntry.698dcaf7.js``) can never change under that name; they are
sent as immutable, so the next page takes them from the browser's cache at once.

This module decides what to compress and what to cache; the handler that applies it
to Voila's static routes reaches into Tornado's ``StaticFileHandler`` and so lives
with the kit's other reaches into its servers, in ``voila_app.py``.
"""

from __future__ import annotations

import gzip
import os
import re
import threading

from tornado.web import GZipContentEncoding

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


def cached_for_good(request_path: str, file_path: str) -> bool:
    """Whether a file may be cached by the browser for good: a lab extension file
    whose name carries webpack's content hash."""
    return (
        "/labextensions/" in request_path
        and HASHED_NAME.search(os.path.basename(file_path)) is not None
    )


def worth_gzipping(
    accept_encoding: str, byte_range: str | None, content_type: str, size: int
) -> bool:
    """Whether a request that accepts ``accept_encoding`` (with ``byte_range``, if any)
    for a file of ``content_type`` and ``size`` bytes is answered from :func:`gzipped`.
    A byte range is cut from the file itself, never from the compressed copy."""
    if "gzip" not in accept_encoding or byte_range:
        return False
    content_type = content_type.split(";")[0]
    if not (content_type.startswith("text/") or content_type in GZipContentEncoding.CONTENT_TYPES):
        return False
    return size <= MAX_FILE_BYTES
