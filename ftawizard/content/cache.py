"""A precompiled copy of a validated content tree, so that commands start fast.

Loading and validating the TOML/CSV tree takes most of the time of ``assess``, ``checklist``
and the wizard's start. Once a tree has passed validation, its ``Content`` is pickled into
the user's cache folder under a key made of every file's path, size and modification time
(and ftawizard's version); any change to the tree, or a new ftawizard, misses the cache and
loads from the files again. The cache holds only what ftawizard itself wrote there (0600);
a cache that cannot be read is ignored and replaced. ``ftawizard content check`` never uses it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from ftawizard import __version__
from ftawizard.content.models import Content

# only the example titles are read lazily (by the occupation picker), not by the loader
_NOT_LOADED = {"noc2021_titles.csv"}


def _cache_dir() -> Path:
    override = os.environ.get("FTAWIZARD_CACHE")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("ftawizard", appauthor=False))


def tree_key(root: Path) -> str:
    """A fingerprint of the tree's files (path, size, mtime) and of ftawizard's version."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name not in _NOT_LOADED:
            status = path.stat()
            digest.update(
                f"{path.relative_to(root)}\0{status.st_size}\0{status.st_mtime_ns}\n".encode()
            )
    return digest.hexdigest()[:32]


def load_cached(root: Path) -> Content | None:
    if os.environ.get("FTAWIZARD_NO_CACHE"):
        return None
    try:
        path = _cache_dir() / f"content-{tree_key(root)}.pickle"
        with path.open("rb") as stream:
            content = pickle.load(stream)
    except Exception:  # a missing, old or damaged cache is just a miss
        return None
    return content if isinstance(content, Content) and content.root == str(root) else None


def store(root: Path, content: Content) -> None:
    if os.environ.get("FTAWIZARD_NO_CACHE"):
        return
    with contextlib.suppress(OSError, pickle.PickleError, TypeError, AttributeError):
        folder = _cache_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = tree_key(root)
        for old in folder.glob("content-*.pickle"):
            if old.name != f"content-{key}.pickle":
                old.unlink(missing_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(content, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, folder / f"content-{key}.pickle")
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
