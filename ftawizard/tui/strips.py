"""Textual's lines of screen (``Strip``) without seven empty caches each.

Every ``Strip`` (one line of a widget, as drawn) creates seven small caches when it is
made (for its crops, divisions, styles, filters…): about 900 of its 1,100 bytes. Most
strips are never cropped or divided, or only once, so most of those caches stay empty:
about 1 MiB at the results screen, where some thousand strips are alive. Here each cache
is made when a strip first uses it. The caches' sizes and what they hold are Textual's;
only when they are made changes. These are Textual internals (the version is pinned);
tests/tui/test_strips.py checks that strips draw, crop and divide as Textual's do.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.segment import Segment
from textual.cache import FIFOCache
from textual.strip import Strip

textual_init = Strip.__init__  # Textual's own, which makes every cache at once

# each cache of a Strip and its size, as Textual's ``Strip.__init__`` makes them
CACHE_SIZES = {
    "_divide_cache": 4,
    "_crop_cache": 16,
    "_style_cache": 16,
    "_filter_cache": 4,
    "_line_length_cache": 4,
    "_crop_extend_cache": 4,
    "_offsets_cache": 4,
}


def _lazy_cache(name: str, size: int) -> property:
    """A property in place of the slot ``name``: the slot's cache, made on first use."""
    slot: Any = Strip.__dict__[name]  # the slot's descriptor, kept to reach the slot

    def get(strip: Strip) -> FIFOCache[Any, Any]:
        try:
            cache: FIFOCache[Any, Any] = slot.__get__(strip, Strip)
        except AttributeError:  # not made yet
            cache = FIFOCache(size)
            slot.__set__(strip, cache)
        return cache

    return property(get, slot.__set__, doc=f"Strip.{name}, made on first use")


def _init(self: Strip, segments: Iterable[Segment], cell_length: int | None = None) -> None:
    """``Strip.__init__`` without making the caches."""
    self._segments = list(segments)
    self._cell_length = cell_length
    self._render_cache = None
    self._link_ids = None
    self._cell_count = None


def install() -> None:
    """Make the caches of every Strip made from now on when first used (once)."""
    if Strip.__init__ is _init:
        return
    for name, size in CACHE_SIZES.items():
        setattr(Strip, name, _lazy_cache(name, size))
    Strip.__init__ = _init  # type: ignore[method-assign]
