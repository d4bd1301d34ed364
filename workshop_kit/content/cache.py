"""Content read once per process and reused while its files stay the same.

The kernel template (``workshop_kit/forked_kernels.py``) reads the content before it
forks any kernel, so every student page starts with the content already parsed and
validated, shared with the other kernels instead of read again by each. An edited,
added or removed file changes the folder's signature, and the next page reads the
folder afresh, as it would without the cache.
"""

from __future__ import annotations

from pathlib import Path

from workshop_kit.content.loader import (
    Content,
    content_files,
    default_content_dir,
    language_folder,
    load_content,
)

_read: dict[Path, tuple[tuple, Content]] = {}


def _signature(folder: Path) -> tuple:
    return tuple((path.name, *_stamp(path)) for path in content_files(folder))


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:  # removed between the listing and now: the next call sees it gone
        return (-1, -1)
    return (stat.st_mtime_ns, stat.st_size)


def current_content(folder: Path | str | None = None, language: str | None = None) -> Content:
    """:func:`load_content`, without reading the files again when none changed."""
    root = Path(folder if folder is not None else default_content_dir()).resolve()
    folder = language_folder(root, language)
    signature = _signature(folder) if folder.is_dir() else None
    cached = _read.get(folder)
    if cached is not None and signature is not None and cached[0] == signature:
        return cached[1]
    content = load_content(folder)  # raises ContentErrors for a bad folder, uncached
    if signature is not None:
        _read[folder] = (signature, content)
    return content
