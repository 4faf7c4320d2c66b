"""Textual's Header and Footer on every full screen: the title, the screen's keys, and a click
on a key presses it."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import Header

from ftawizard.tui.screens.compare import CompareScreen
from ftawizard.tui.screens.results import ResultsScreen
from tests.tui.helpers import click_footer_key, drawn_text, make_app, settled_footer
from tests.tui.test_results_cards import show_results


async def test_the_header_shows_the_title_and_the_footer_the_screens_keys() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        header = app.screen.query_one(Header)
        assert f"{app.title} — {app.sub_title}" in "".join(
            drawn_text(part) for part in header.query("*")
        )
        assert (await settled_footer(pilot)).startswith(" w As the worker  e As the employer ")
        app.start("worker")
        keys = await settled_footer(pilot, shows="Results")
        assert keys.startswith(" esc Back  F1 Help  ^r Results  ^l Steps  ^s Save ")
        assert keys.endswith("^p palette ")


async def test_a_click_on_a_key_in_the_footer_presses_it() -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await show_results(pilot)
        await click_footer_key(pilot, "Compare routes")
        assert isinstance(app.screen, CompareScreen)
        await click_footer_key(pilot, "Back to the results")
        assert isinstance(app.screen, ResultsScreen)
        await click_footer_key(pilot, "palette")
        assert isinstance(app.screen, CommandPalette)
