"""What every full-size screen of the app shares."""

from __future__ import annotations

from typing import TypeVar

from textual import events
from textual.geometry import NULL_SIZE, Size
from textual.screen import Screen
from textual.widget import Widget, _RenderCache

ResultType = TypeVar("ResultType")


class FullScreen(Screen[ResultType]):
    """An opaque screen that fills the terminal (not a dialog).

    Textual lays a screen out again whenever it is told the terminal's size: when it is
    pushed (once as it resumes, once more on its first resize event) and, because a screen
    on top might be see-through, whenever a screen is pushed above it. For an opaque,
    full-size screen the second and the hidden layouts give the same result, and on the
    results screen each costs tens of milliseconds. So a size it is already laid out for is
    skipped; a real change of the terminal's size still lays it out.

    Likewise, Textual restyles every widget of a screen each time it is pushed: 40–100 ms
    for the results. The first time, they were styled a moment before, as they were mounted;
    a screen shown again (the wizard, the results) was styled when it was left. So it is
    restyled only if the theme changed meanwhile. Both hooks are Textual internals (the
    version is pinned); the snapshot tests show the screens unchanged."""

    _styled_for: tuple[object, ...] | None = None  # the look its styles were computed for

    def _look(self) -> tuple[object, ...]:
        app = self.app
        return (app.theme, app.ansi_color, app.stylesheet)

    def _on_screen_suspend(self) -> None:
        self._styled_for = self._look()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # runs before Screen._on_screen_resume (Textual calls the handler of every class)
        if self._styled_for is None or self._styled_for == self._look():
            event.refresh_styles = False

    def forget_drawn_lines(self) -> None:
        """Let go of the lines its widgets drew (Textual internals): for a screen about to
        be covered by another full screen, which keeps it alive but out of sight. It draws
        them again when shown (a few ms for the questions or the start screen), and the
        memory goes to the screen that covers it (0.2 MiB for the questions)."""
        null = _RenderCache(NULL_SIZE, [])
        for widget in self.walk_children(Widget, with_self=True):
            widget._set_dirty()  # drawn lines forgotten, all to be drawn again
            widget._render_cache = null

    def _screen_resized(self, size: Size) -> None:
        if self._compositor.size == size and not self._layout_required:
            return
        super()._screen_resized(size)
