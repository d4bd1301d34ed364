"""Workshop content: YAML files in ``exercises/``, validated on load.

Use :func:`load_content` to read a folder; a mistake in any file raises
:class:`ContentErrors`, which lists every problem with its file and place.
:func:`current_content` is the same, reusing what this process read while no file
changed (student pages use it).
"""

from workshop_kit.content.cache import current_content
from workshop_kit.content.errors import ContentError, ContentErrors
from workshop_kit.content.loader import (
    Content,
    content_languages,
    default_content_dir,
    language_folder,
    load_content,
    load_file,
)

__all__ = [
    "Content",
    "ContentError",
    "ContentErrors",
    "content_languages",
    "current_content",
    "default_content_dir",
    "language_folder",
    "load_content",
    "load_file",
]
