"""A full screen shown again (the questions under the results, the start screen under the
questions) is not restyled, as its styles were computed when it was left: it looks exactly
as it was, and a theme changed meanwhile is still applied."""

from __future__ import annotations

from textual.widgets import Input

from ftawizard.tui.screens.results import ResultsScreen
from ftawizard.tui.screens.start import StartScreen
from ftawizard.tui.screens.wizard import WizardScreen
from tests.tui.helpers import answer_current, make_app


async def test_screens_shown_again_look_as_they_were_left() -> None:
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
        for field in wizard.query(Input):
            field.cursor_blink = False  # the frames are compared: no blinking cursor
        await answer_current(pilot, "Mexico")
        await pilot.pause()
        question_frame = app.export_screenshot()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is wizard and app.export_screenshot() == question_frame
        app.back_to_start()
        await pilot.pause()
        assert app.screen is start and app.export_screenshot() == start_frame


async def test_a_theme_changed_while_a_screen_was_covered_is_applied_when_it_shows() -> None:
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        wizard = app.screen
        dark_background = wizard.styles.background
        await pilot.press("ctrl+r")
        await pilot.pause()
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is wizard
        assert wizard.styles.background != dark_background
        fresh = make_app()
        fresh.theme = "textual-light"
        async with fresh.run_test(size=(100, 34)) as fresh_pilot:
            await fresh_pilot.pause()
            await fresh_pilot.press("w")
            await fresh_pilot.pause()
            assert fresh.screen.styles.background == wizard.styles.background
