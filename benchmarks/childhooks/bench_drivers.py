"""Textual drivers for the benchmarks: headless, but rendering every frame like a terminal.

Textual reads ``TEXTUAL_DRIVER`` ("module:Class") when an ``App`` is created, so the real
``ftawizard`` command and the bare reference app run unchanged under these drivers: every
line of their start-up is measured, and nothing touches a terminal.

``FirstFrameDriver``
    The app exits once its first frame is drawn (of the screen named by
    FTAWIZARD_BENCH_SCREEN, e.g. ``StartScreen``; any screen if unset). A screen that mounts
    part of itself after its first frame (``ResultsScreen``, with a ``complete`` attribute)
    counts once it is complete, so that its peak memory is that of the whole screen. With
    FTAWIZARD_BENCH_FRAME set, that frame is saved (screen class name, then the terminal
    output) so that the runner can check it shows what a person would see; with
    FTAWIZARD_BENCH_FRAME_TIME set, the time it was drawn (``time.monotonic()``, a clock
    shared by every process) is written there, so that the runner can time spawn → frame.
    With FTAWIZARD_BENCH_TYPE set, its text is typed half a second after the first frame
    (of any screen), once what the screen does in the background is done, as a terminal
    sends it ("\x12" is Ctrl+R): through Textual's terminal-input parser like a person's
    keys, not through Textual's pilot (``TEXTUAL_PRESS``), which looks every key up in
    Unicode's name database, a cost in time and memory that a key from the terminal does
    not have.

        TEXTUAL_DRIVER=bench_drivers:FirstFrameDriver COLUMNS=100 LINES=34 ftawizard

``FrameClockDriver``
    Renders and discards every frame, calling ``FrameClockDriver.on_frame(time)`` after each
    one (``time.perf_counter()``): tui_latency.py times key presses with it.

Both say they are not headless, so that Textual renders each frame to terminal output
(the work a real terminal session does) and hands it to ``write``.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import ClassVar

from textual.drivers.headless_driver import HeadlessDriver

_SCREEN = os.environ.get("FTAWIZARD_BENCH_SCREEN", "")
_FRAME = os.environ.get("FTAWIZARD_BENCH_FRAME", "")
_FRAME_TIME = os.environ.get("FTAWIZARD_BENCH_FRAME_TIME", "")
_TYPE = os.environ.get("FTAWIZARD_BENCH_TYPE", "")
TYPE_AFTER = 0.5  # seconds after the first frame


class _RenderingDriver(HeadlessDriver):
    @property
    def is_headless(self) -> bool:
        return False  # so that frames are rendered and written, like on a terminal

    def _is_frame(self, data: str) -> bool:
        """A composited frame: written by ``App._display`` (not a lone escape sequence such
        as the pointer shape), while the app runs and no batch update holds frames back."""
        app = self._app
        return (
            bool(data)
            and sys._getframe(2).f_code.co_name == "_display"
            and app._running
            and not app._batch_count
        )


class FirstFrameDriver(_RenderingDriver):
    _exit_requested = False
    _to_type = _TYPE

    def _type(self, text: str) -> None:
        from textual._xterm_parser import XTermParser

        for event in XTermParser().feed(text):
            self.process_message(event)

    def write(self, data: str) -> None:
        if self._exit_requested or not self._is_frame(data):
            return
        if self._to_type:
            text, self._to_type = self._to_type, ""
            self._app.set_timer(TYPE_AFTER, lambda: self._type(text))
        screen = self._app.screen
        if _SCREEN and type(screen).__name__ != _SCREEN:
            return
        if not getattr(screen, "complete", True):
            return  # a screen that mounts part of itself after its first frame, not done yet
        self._exit_requested = True
        if _FRAME_TIME:  # when the frame was drawn, on the clock the runner started it by
            with open(_FRAME_TIME, "w", encoding="ascii") as out:
                out.write(repr(time.monotonic()))
        if _FRAME:
            with open(_FRAME, "w", encoding="utf-8") as out:
                out.write(f"{type(screen).__name__}\n{data}")
        self._app.exit()


class FrameClockDriver(_RenderingDriver):
    on_frame: ClassVar[Callable[[float], None] | None] = None

    def write(self, data: str) -> None:
        if self._is_frame(data) and FrameClockDriver.on_frame is not None:
            FrameClockDriver.on_frame(time.perf_counter())
