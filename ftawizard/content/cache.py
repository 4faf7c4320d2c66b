"""A precompiled copy of a validated content tree, so that commands start fast.

Loading and validating the TOML/CSV tree takes most of the time of ``assess``, ``checklist``
and the wizard's start. Once a tree has passed validation, its ``Content`` is pickled into
the user's cache folder under a key made of every file's path, size and modification time
(and ftawizard's and Python's versions); any change to the tree, or a new ftawizard, misses
the cache and loads from the files again. The cache folder is the user's own (0700) and
holds only what ftawizard itself wrote there (0600). A cache file is never trusted
otherwise: one that is stale (the tree or ftawizard changed), foreign (another version,
another content tree, another user's, not a regular file, readable or writable by others)
or unreadable is ignored, and the tree is loaded from its files and stored again.

``ftawizard content check`` never uses that copy: it reads and validates every file each
time. What it may reuse is the *parse* of a TOML file (``load_parsed``/``store_parsed``),
and only for a file whose text is exactly the text that was parsed, so every problem is
still found; parsing TOML is most of the time of a check.

This module is on the path of every command, so it imports nothing heavy: no hashlib (the
key is kept in the file and compared whole), no platformdirs on Linux, no tempfile unless
it writes.
"""

from __future__ import annotations

import contextlib
import copyreg
import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ftawizard import __version__
from ftawizard.cache_dir import cache_dir, caching_disabled, open_trusted, write_atomically
from ftawizard.content.models import Content

if TYPE_CHECKING:
    from typing import BinaryIO

try:  # the C pickler alone: module ``pickle`` adds its pure-Python fallbacks (~3 ms) to a start
    import _pickle as pickle
except ImportError:  # pragma: no cover - not CPython
    import pickle  # type: ignore[no-redef]

# only the example titles are read lazily (by the occupation picker), not by the loader
_NOT_LOADED = {"noc2021_titles.csv"}
_CONTENT_FILE = "content.pickle"
_PARSED_FILE = "parsed-toml.pickle"
_PROTOCOL = 5
# the layout of a model in the file (see ``_ModelPickler``) is part of the key
_FORMAT = f"ftawizard {__version__}, models as tuples, Python {sys.version}"


def _model_layout() -> str:
    """Every model class with its fields in order. A model is stored as the tuple of its
    values in that order (``_ModelPickler``), so a changed model misses the cache even
    when ftawizard's version is the same (a source checkout)."""
    from ftawizard.content import models

    return " ".join(
        f"{kind.__name__}({','.join(field.name for field in attrs.fields(kind))})"
        for kind in vars(models).values()
        if isinstance(kind, type) and attrs.has(kind)
    )


def tree_key(root: Path) -> str:
    """A fingerprint of the tree's files (path, size, mtime), of ftawizard's version and of
    the models' fields."""
    parts = [_FORMAT, _model_layout(), str(root)]
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name not in _NOT_LOADED:
            status = path.stat()
            parts.append(f"{path.relative_to(root)}\0{status.st_size}\0{status.st_mtime_ns}")
    return "\n".join(parts)


def _read(name: str, key: str) -> Any:
    """The object pickled in the cache file ``name`` under ``key``; None if there is none.

    The garbage collector is paused meanwhile: unpickling creates tens of thousands of
    objects, none of them garbage, and a third of the time went into collections that
    could find nothing to free."""
    stream = open_trusted(name)
    if stream is None:  # none, or not one ftawizard can trust as its own (see open_trusted)
        return None
    with stream:
        stored = pickle.load(stream)
        if stored != key:
            return None
        collecting = gc.isenabled()
        gc.disable()
        try:
            return pickle.load(stream)
        finally:
            if collecting:
                gc.enable()


_NEWOBJ = copyreg.__newobj__  # type: ignore[attr-defined]

# The field names of each model class, in the order of a stored model's values.
_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _fields_of(kind: type) -> tuple[str, ...] | None:
    """The fields of ``kind`` if it is a model stored as a tuple (see ``_ModelPickler``)."""
    try:
        return _FIELDS[kind]
    except KeyError:
        pass
    names = None
    # a class that caches its hash keeps it in a slot of its own: pickled the usual way
    if attrs.has(kind) and "_attrs_cached_hash" not in getattr(kind, "__slots__", ()):
        names = tuple(field.name for field in attrs.fields(kind))
    _FIELDS[kind] = names
    return names


def _set_fields(model: object, values: tuple[object, ...]) -> None:
    """Give a model read from the cache its values (``_ModelPickler`` stored them)."""
    names = _FIELDS.get(type(model)) or _fields_of(type(model))
    assert names is not None and len(names) == len(values)
    set_value = object.__setattr__  # the models are frozen
    for name, value in zip(names, values, strict=True):
        set_value(model, name, value)


class _ModelPickler(pickle.Pickler):
    """Stores each model as its class and a tuple of its values.

    attrs' own way stores a dict of names and values per model. An unpickler keeps every
    object of the stream it reads until the end of the load (its memo), so the ~9,000
    dicts (1.3 MB) were all alive at once just to be thrown away: the process's memory
    stayed that much higher afterwards (freed small objects are scattered among live
    ones). A tuple of values is a third of that, and the file is smaller too."""

    def reducer_override(self, obj: object) -> Any:
        names = _fields_of(type(obj))
        if names is None:
            return NotImplemented
        values = tuple(getattr(obj, name) for name in names)
        # copyreg.__newobj__ is written as the NEWOBJ opcode: ``cls.__new__(cls)``, no
        # arguments to keep; then ``_set_fields(model, values)``
        return (_NEWOBJ, (type(obj),), values, None, None, _set_fields)


def _write(name: str, key: str, value: object) -> None:
    """Write ``key`` then ``value`` to the cache file ``name``, atomically (0600)."""

    def write(stream: BinaryIO) -> None:
        pickle.dump(key, stream, protocol=_PROTOCOL)
        _ModelPickler(stream, protocol=_PROTOCOL).dump(value)

    write_atomically(name, write)


def load_cached(root: Path) -> Content | None:
    if caching_disabled():
        return None
    try:
        content = _read(_CONTENT_FILE, tree_key(root))
    except Exception:  # a missing, old or damaged cache is just a miss
        return None
    return content if isinstance(content, Content) and content.root == str(root) else None


def store(root: Path, content: Content) -> None:
    if caching_disabled():
        return
    with contextlib.suppress(OSError, pickle.PickleError, TypeError, AttributeError):
        # earlier versions kept one file per key
        for old in cache_dir().glob("content-*.pickle"):
            old.unlink(missing_ok=True)
        share_equal_values(content)
        _write(_CONTENT_FILE, tree_key(root), content)


def share_equal_values(content: Content) -> None:
    """Make equal strings (and equal sets of strings) of the tree one object each.

    The TOML files repeat the same ids, codes and operators thousands of times, and each
    repetition is its own object; pickle stores an object once however often it is used, so
    a shared tree is about a third smaller to load and to hold. Only equal immutable values
    are merged, so the tree reads exactly as before.
    """
    shared: dict[object, object] = {}
    done: set[int] = set()

    def share(value: object) -> object:
        kind = type(value)
        if kind is str:
            return shared.setdefault(value, value)
        if isinstance(value, frozenset) and kind is frozenset:
            items = frozenset(share(item) for item in value)
            if all(type(item) is str for item in items):
                return shared.setdefault(items, items)
            return value
        if isinstance(value, tuple) and kind is tuple:
            return tuple(share(item) for item in value)
        if isinstance(value, dict) and kind is dict:
            if id(value) not in done:
                done.add(id(value))
                pairs = [(share(key), share(item)) for key, item in value.items()]
                value.clear()
                value.update(pairs)
            return value
        if attrs.has(kind) and id(value) not in done:
            done.add(id(value))
            for field in attrs.fields(kind):
                # a frozen model, changed before anyone reads it: equal value, one object
                object.__setattr__(value, field.name, share(getattr(value, field.name)))
        return value

    share(content)


def load_parsed() -> dict[str, tuple[str, bytes]]:
    """The TOML files parsed by the last check: relative name -> (exact text, pickled data)."""
    if caching_disabled():
        return {}
    try:
        parsed = _read(_PARSED_FILE, _FORMAT)
    except Exception:  # a missing, old or damaged cache is just a miss
        return {}
    if not isinstance(parsed, dict) or not all(
        isinstance(entry, tuple)
        and len(entry) == 2
        and isinstance(entry[0], str)
        and isinstance(entry[1], bytes)
        for entry in parsed.values()
    ):
        return {}
    return parsed


def store_parsed(parsed: dict[str, tuple[str, bytes]]) -> None:
    if caching_disabled():
        return
    with contextlib.suppress(OSError, pickle.PickleError, TypeError, AttributeError):
        _write(_PARSED_FILE, _FORMAT, parsed)
