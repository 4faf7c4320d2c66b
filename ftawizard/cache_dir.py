"""Where ftawizard keeps what it can rebuild: the user's cache folder.

Used by the content cache (``ftawizard.content.cache``), which is on the path of a start,
so this module imports nothing heavy (no platformdirs on Linux)."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

# a cache file ftawizard wrote is the user's own and readable by no one else (mkstemp: 0600)
_OTHERS = 0o077


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


def _own(status: os.stat_result) -> bool:
    """Whether a file or folder belongs to the user running ftawizard (always, where the
    system has no user ids)."""
    getuid = getattr(os, "getuid", None)
    return getuid is None or status.st_uid == getuid()


def open_trusted(name: str) -> BinaryIO | None:
    """The cache file ``name`` opened for reading if ftawizard can trust it as its own
    writing: a regular file (not a link, folder or pipe), owned by this user and with no
    access for anyone else. Anything else, or a file that cannot be opened, is None: the
    caller rebuilds what it would have read. (What a trusted file holds is still checked by
    the caller against its key.)"""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        # (no following a link; and a pipe put in its place must not block the start)
        handle = os.open(cache_dir() / name, flags)
    except OSError:
        return None
    try:
        status = os.fstat(handle)
        if stat.S_ISREG(status.st_mode) and _own(status) and not status.st_mode & _OTHERS:
            return os.fdopen(handle, "rb")
    except OSError:
        pass
    os.close(handle)
    return None


def write_atomically(name: str, write: Callable[[BinaryIO], object]) -> None:
    """Replace the cache file ``name`` with what ``write`` writes to the stream it is given,
    in one step (0600: mkstemp's mode), so that a reader never sees half a file. The folder
    is created 0700 (and made so if it is this user's and open to others). Raises OSError
    if the folder cannot be written, and whatever ``write`` raises."""
    import tempfile

    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    status = folder.stat()
    if _own(status) and status.st_mode & _OTHERS:
        folder.chmod(0o700)
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
        os.replace(temporary, folder / name)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
