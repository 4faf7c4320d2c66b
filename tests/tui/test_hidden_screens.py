"""A screen covered by another full screen (the start screen under the questions, the
questions under the results) lets go of the lines it drew, for memory, and looks exactly
as it was when it is shown again."""

from __future__ import annotations

from textual.widget import Widget

from ftawizard.tui.screens.results import ResultsScreen
from ftawizard.tui.screens.start import StartScreen
from ftawizard.tui.screens.wizard import WizardScreen
from tui.helpers import answer_current, make_app


def drawn_lines(screen: Widget) -> int:
    """How many drawn lines the screen's widgets keep (Textual internals)."""
    return sum(len(widget._styles_cache._cache) for widget in screen.walk_children(Widget))


async def test_covered_screens_keep_no_lines_and_come_back_the_same() -> None:
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        start = app.screen
        assert isinstance(start, StartScreen)
        start_frame = app.export_screenshot()
        await pilot.press("w")
        await pilot.pause()
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        assert drawn_lines(start) == 0  # out of sight under the questions
        await answer_current(pilot, "Mexico")
        await pilot.pause()
        assert drawn_lines(wizard) > 0
        question_frame = app.export_screenshot()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert drawn_lines(wizard) == 0  # out of sight under the results
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is wizard and app.export_screenshot() == question_frame
        app.back_to_start()
        await pilot.pause()
        assert app.screen is start and app.export_screenshot() == start_frame
