"""Lines of screen (Textual's ``Strip``) make their caches on first use
(ftawizard/tui/strips.py): they must draw, crop and divide as before, keep what they
cached, and cost less memory."""

from __future__ import annotations

import tracemalloc

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from ftawizard.tui import strips

strips.install()

BOLD = Style(bold=True)


SEGMENTS = [Segment("Where to "), Segment("apply", BOLD), Segment(": online")]


def line() -> Strip:
    return Strip(SEGMENTS)


def textual_line() -> Strip:
    """The same line made by Textual's own ``Strip.__init__`` (every cache made at once)."""
    strip = Strip.__new__(Strip)
    strips.textual_init(strip, SEGMENTS)
    return strip


def texts(strip: Strip) -> list[tuple[str, Style | None]]:
    return [(segment.text, segment.style) for segment in strip]


def test_a_strip_draws_crops_and_divides_as_textual_does() -> None:
    strip, textual = line(), textual_line()
    assert strip.text == "Where to apply: online" and strip.cell_length == 22
    assert texts(strip.crop(6, 12)) == [("to ", None), ("app", BOLD)]
    assert [part.text for part in strip.divide([5, 14, 22])] == ["Where", " to apply", ": online"]
    for lazy, eager in [
        (strip.crop(6, 12), textual.crop(6, 12)),
        (strip.extend_cell_length(25), textual.extend_cell_length(25)),
        (strip.crop_extend(9, 30, None), textual.crop_extend(9, 30, None)),
        (strip.apply_style(BOLD), textual.apply_style(BOLD)),
        (strip.simplify(), textual.simplify()),
    ]:
        assert texts(lazy) == texts(eager)
    assert [texts(part) for part in strip.divide([5, 14, 22])] == [
        texts(part) for part in textual.divide([5, 14, 22])
    ]
    assert strip.render(Console()) == textual.render(Console())  # what the terminal is sent


def test_what_a_strip_worked_out_once_it_keeps() -> None:
    strip = line()
    assert strip.crop(6, 12) is strip.crop(6, 12)
    assert strip.divide([5, 14, 22]) is strip.divide([5, 14, 22])
    assert strip.apply_style(BOLD) is strip.apply_style(BOLD)


def test_a_strip_costs_a_third_of_what_it_did() -> None:
    segments = [Segment("one line of a card")]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        made = [Strip(segments, 18) for _ in range(1000)]
        per_strip = (tracemalloc.get_traced_memory()[0] - before) / len(made)
    finally:
        tracemalloc.stop()
    assert per_strip < 400  # Textual's own: about 1,100 bytes, 900 of them empty caches


def test_installing_twice_changes_nothing() -> None:
    strips.install()
    strip = line()
    assert strip.crop(0, 5).text == "Where"
