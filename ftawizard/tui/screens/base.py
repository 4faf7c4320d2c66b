"""What every full-size screen of the app shares."""

from __future__ import annotations

from typing import TypeVar

from textual import events
from textual.screen import Screen

ResultType = TypeVar("ResultType")


class FullScreen(Screen[ResultType]):
    """An opaque screen that fills the terminal (not a dialog).

    Textual restyles every widget of a screen each time it is shown (40–100 ms for the
    results). The first time, they were styled a moment before, as they were mounted; a
    screen shown again (the questions, the results) was styled when it was left. So it is
    restyled only if the theme changed meanwhile: the resume event's ``refresh_styles``
    says so (a subclass's handler runs before Textual's own)."""

    _styled_for: tuple[object, ...] | None = None  # the look its styles were computed for

    def _look(self) -> tuple[object, ...]:
        app = self.app
        return (app.theme, app.ansi_color)

    def on_screen_suspend(self, event: events.ScreenSuspend) -> None:
        self._styled_for = self._look()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if self._styled_for is None or self._styled_for == self._look():
            event.refresh_styles = False
