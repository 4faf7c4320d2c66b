"""Where ftawizard keeps what it can rebuild: the user's cache folder.

Shared by the content cache (``ftawizard.content.cache``) and the parsed styles of the
wizard (``ftawizard.tui.style_cache``). Both are on the path of a start, so this module
imports nothing heavy (no platformdirs on Linux)."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def cache_dir() -> Path:
    """``FTAWIZARD_CACHE`` if set, otherwise the platform's user cache folder."""
    override = os.environ.get("FTAWIZARD_CACHE")
    if override:
        return Path(override)
    if sys.platform == "linux" and "ANDROID_DATA" not in os.environ:
        # what platformdirs.user_cache_dir answers on Linux, without importing it
        base = os.environ.get("XDG_CACHE_HOME", "")
        if not base.strip():
            base = os.path.expanduser("~/.cache")
        return Path(base) / "ftawizard"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("ftawizard", appauthor=False))


def caching_disabled() -> bool:
    """``FTAWIZARD_NO_CACHE`` set: nothing is read from or written to the cache."""
    return bool(os.environ.get("FTAWIZARD_NO_CACHE"))


def write_atomically(name: str, write: Callable[[BinaryIO], object]) -> None:
    """Replace the cache file ``name`` with what ``write`` writes to the stream it is given,
    in one step (0600: mkstemp's mode), so that a reader never sees half a file. Raises
    OSError if the folder cannot be written, and whatever ``write`` raises."""
    import tempfile

    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
        os.replace(temporary, folder / name)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
